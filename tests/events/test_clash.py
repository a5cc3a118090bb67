"""The clash warning of the event form: an anjungan activity overlapping
others names each of them once, whatever their languages, and a save shows
the warning once, however often the admin's autosave posted before it."""

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import TestCase
from django.utils import timezone

from wagtail.models import Locale

from events.models import EventPage, Venue
from events.wagtail_hooks import MAX_CLASHES_LISTED, find_clashes
from tests.demo import load_demo_province
from tests.events.admin import add_url, edit_url, event_form_data
from tests.events.factories import folder_of, live_event, publish

OTHERS = 5  # other activities in the slot, each in Indonesian and English


def translate(event, title):
    """The event's published English version."""
    english = event.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = title
    return publish(english)


class ClashCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        cls.editor = get_user_model().objects.get(username="editor.lampung-barat")
        cls.folder = folder_of("lampung-barat")
        cls.venue = Venue.objects.get(slug="anjungan-lampung-barat")
        # Relative: only coming occurrences are compared.
        cls.day = timezone.localdate() + timedelta(days=30)
        slot = {
            "start_date": cls.day,
            "start_time": time(19),
            "end_time": time(21),
            "venue": cls.venue,
        }
        cls.others = []
        for i in range(OTHERS):
            event = live_event(
                cls.folder, title=f"Latihan Bentrok {i}", slug=f"latihan-{i}", **slot
            )
            translate(event, f"Clashing Rehearsal {i}")
            cls.others.append(event)
        cls.own = live_event(
            cls.folder, title="Pentas Kami", slug="pentas-kami", **slot
        )
        cls.own_english = translate(cls.own, "Our Show")

    def form(self, **fields):
        slot = {
            "venue": str(self.venue.pk),
            "start_date": self.day.isoformat(),
            "start_time": "20:00",
            "end_time": "22:00",
        }
        return event_form_data(
            slug="pentas-kami", title="Pentas Kami", **{**slot, **fields}
        )

    def warnings(self, response):
        return [
            str(m)
            for m in get_messages(response.wsgi_request)
            if m.level_tag == "warning"
        ]

    def test_each_event_counts_once_across_its_languages(self):
        """Five other activities, each also in English, and the event's own
        English version: five clashes, the Indonesian versions, soonest first;
        the event's English page is not a clash with itself."""
        clashes = find_clashes(self.own, timezone.now())
        self.assertEqual(
            [c.title for c in clashes], [f"Latihan Bentrok {i}" for i in range(OTHERS)]
        )
        self.assertEqual({c.count for c in clashes}, {1})

    def test_the_english_page_names_the_english_versions(self):
        clashes = find_clashes(self.own_english, timezone.now())
        self.assertEqual(
            [c.title for c in clashes],
            [f"Clashing Rehearsal {i}" for i in range(OTHERS)],
        )

    def test_warning_says_how_many_more_events(self):
        """Three named, "and 2 more" (not 8: the English versions and the
        event's own English page were counted before)."""
        self.client.force_login(self.editor)
        response = self.client.post(edit_url(self.own), self.form())
        self.assertEqual(response.status_code, 302)
        [warning] = self.warnings(response)
        for i in range(MAX_CLASHES_LISTED):
            self.assertEqual(warning.count(f"Latihan Bentrok {i}"), 1, warning)
        self.assertNotIn("Latihan Bentrok 3", warning)
        self.assertNotIn("Clashing Rehearsal", warning)
        self.assertTrue(warning.endswith("Dan 2 lainnya."), warning)

    def test_a_series_names_each_event_once_with_its_other_dates(self):
        """A weekly series meeting a weekly activity four times names it once,
        with its first clashing date and the number of the others."""
        weekly = live_event(
            self.folder,
            title="Kelas Mingguan",
            slug="kelas-mingguan",
            start_date=self.day + timedelta(days=1),
            start_time=time(9),
            end_time=time(11),
            venue=self.venue,
            recurrence_frequency="weekly",
            recurrence_count=4,
        )
        translate(weekly, "Weekly Class")
        draft = EventPage.objects.get(pk=self.own.pk)
        draft.start_date = self.day + timedelta(days=1)
        draft.start_time, draft.end_time = time(10), time(12)
        draft.recurrence_frequency, draft.recurrence_count = "weekly", 6
        [clash] = find_clashes(draft, timezone.now())
        self.assertEqual((clash.title, clash.count), ("Kelas Mingguan", 4))
        self.client.force_login(self.editor)
        response = self.client.post(
            edit_url(self.own),
            self.form(
                start_date=draft.start_date.isoformat(),
                start_time="10:00",
                end_time="12:00",
                recurrence_frequency="weekly",
                recurrence_count="6",
            ),
        )
        [warning] = self.warnings(response)
        self.assertEqual(warning.count("Kelas Mingguan"), 1, warning)
        self.assertIn("dan 3 tanggal lain", warning)


class ClashShownOnceTests(TestCase):
    """The admin autosaves a form that has been still for a moment: it posts
    in the background asking for JSON, which creates the page (then saves
    it), and shows no messages. The editor's own save then shows a page."""

    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        cls.editor = get_user_model().objects.get(username="editor.lampung-barat")
        cls.folder = folder_of("lampung-barat")
        cls.venue = Venue.objects.get(slug="anjungan-lampung-barat")
        cls.day = timezone.localdate() + timedelta(days=30)
        live_event(
            cls.folder,
            title="Latihan Tari Sekura",
            slug="latihan-tari-sekura",
            start_date=cls.day,
            start_time=time(19),
            end_time=time(21),
            venue=cls.venue,
        )

    def form(self):
        return event_form_data(
            slug="bentrok-pertama",
            venue=str(self.venue.pk),
            start_date=self.day.isoformat(),
            start_time="20:00",
            end_time="22:00",
        )

    def test_first_save_after_autosave_warns_once(self):
        self.client.force_login(self.editor)
        autosave = self.client.post(
            add_url(self.folder), self.form(), headers={"Accept": "application/json"}
        )
        self.assertIs(autosave.json()["success"], True)
        page = EventPage.objects.get(slug="bentrok-pertama")
        autosave = self.client.post(
            edit_url(page), self.form(), headers={"Accept": "application/json"}
        )
        self.assertIs(autosave.json()["success"], True)
        response = self.client.post(edit_url(page), self.form(), follow=True)
        self.assertEqual(response.status_code, 200)
        shown = [str(m) for m in response.context["messages"]]
        clashes = [m for m in shown if "Latihan Tari Sekura" in m]
        self.assertEqual(len(clashes), 1, shown)
        self.assertEqual(response.content.decode().count("Latihan Tari Sekura"), 1)
