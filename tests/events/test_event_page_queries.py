"""An event's page makes at most 12 queries with every part it shows: a
weekly series with changed dates, tags, a venue, a translation and related
events, read with cold caches (as `make bench` measures it)."""

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from events.models import EventPage

from ..demo import load_demo_province
from .clock import frozen
from .factories import publish

EVENT_PAGE_QUERIES = 12
# Every size of every picture the page shows (its own, related events'),
# in one query (core.images.prefetch_renditions).
PICTURE_QUERIES = 1
SLUG = "kelas-seduh-kopi-robusta-lampung-barat"


class EventPageQueriesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        cls.event = EventPage.objects.get(slug=SLUG, locale__language_code="id")
        cls.event.tags.add("kopi", "kelas")
        publish(cls.event)

    def get(self, url):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.last = "\n".join(q["sql"][:150] for q in queries.captured_queries)
        return response, len(queries)

    def test_a_full_event_page_makes_at_most_12_queries(self):
        """Every part is there (changed dates, tags, venue, the other
        language's link, related events), in at most 12 queries."""
        event = self.event
        self.assertTrue(event.exceptions.exists())
        self.assertTrue(event.venue_id)
        with frozen(event.spans()[0].start):
            self.client.get(event.url)  # templates and per-process caches
            response, count = self.get(event.url)
        self.assertTrue(response.context["related"])
        self.assertContains(response, "?tag=kopi")
        self.assertContains(response, 'hreflang="en"')
        self.assertContains(response, event.venue.name)
        self.assertTrue(event.image_id)
        self.assertLessEqual(count, EVENT_PAGE_QUERIES + PICTURE_QUERIES, self.last)

    def test_routing_finds_the_same_page_and_breadcrumbs(self):
        """The event found in one query is the live page, under its folder
        (breadcrumbs link the folder), and a folder unpublished on its own
        hides it."""
        response, _count = self.get(self.event.url)
        folder = self.event.get_parent()
        self.assertEqual(response.context["page"].pk, self.event.pk)
        self.assertContains(response, f'<a href="{folder.url}">{folder.title}</a>')
        folder.unpublish()
        cache.clear()
        self.assertEqual(self.client.get(self.event.url).status_code, 404)
