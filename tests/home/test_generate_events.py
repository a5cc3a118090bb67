from django.test import TestCase

from events.models import EventPage, Occurrence
from tests.demo import generate_events, load_demo_province


class GenerateEventsTests(TestCase):
    """The bulk creator behind `load_demo --events N` and `bench_events`."""

    @classmethod
    def setUpTestData(cls):
        load_demo_province(with_users=False)
        cls.before = EventPage.objects.count()
        generate_events(30)
        generate_events(20)

    def test_bulk_created_events_are_live_pages_with_occurrences(self):
        """Every synthetic event is a live page in the tree with stored occurrences."""
        synthetic = EventPage.objects.filter(slug__startswith="acara-contoh-")
        self.assertEqual(synthetic.count(), 50)
        self.assertEqual(EventPage.objects.count(), self.before + 50)
        self.assertIs(all(e.live for e in synthetic), True)
        self.assertEqual(
            Occurrence.objects.filter(event__in=synthetic)
            .values("event")
            .distinct()
            .count(),
            50,
        )

    def test_second_call_continues_numbering_without_slug_clash(self):
        """A second call adds new slugs instead of repeating the first call's."""
        slugs = list(
            EventPage.objects.filter(slug__startswith="acara-contoh-").values_list(
                "slug", flat=True
            )
        )
        self.assertEqual(len(set(slugs)), 50)

    def test_generated_event_page_renders(self):
        """A bulk-created event is routable and renders like an edited one."""
        event = EventPage.objects.get(slug="acara-contoh-42")
        response = self.client.get(event.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Acara contoh 42")

    def test_synthetic_events_are_indonesian_originals(self):
        """They go into the Indonesian folders only (the demo has English
        ones too), so every one of them is in the province's Indonesian feed."""
        synthetic = EventPage.objects.filter(slug__startswith="acara-contoh-")
        self.assertEqual(
            set(synthetic.values_list("locale__language_code", flat=True)), {"id"}
        )
