"""Text search is done by the database: a word that matches more than 500
events finds them all, in the calendar's `?q=`, the API and the site search,
and a search costs the same number of queries whatever it matches."""

from datetime import timedelta

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bs4 import BeautifulSoup

from events.models import Occurrence
from tests.demo import generate_events

from .factories import calendar_tree, live_event

SYNTHETIC = 520  # more than the 500 the search used to stop at


class SearchBeyond500Tests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = calendar_tree()
        generate_events(SYNTHETIC)
        live_event(
            cls.tree.folders["lampung-barat"],
            title="Festival Sekala Bekhak",
            start_date=timezone.localdate() + timedelta(days=3),
        )
        cls.coming = (
            Occurrence.objects.visible()
            .upcoming(timezone.now())
            .filter(event__slug__startswith="acara-contoh-")
        )

    def test_the_filter_finds_every_matching_event(self):
        found = Occurrence.objects.visible().filtered(q="contoh")
        self.assertEqual(found.count(), Occurrence.objects.count() - 1)
        self.assertGreater(found.count(), 500)
        self.assertEqual(
            list(
                Occurrence.objects.visible()
                .filtered(q="sekala")
                .values_list("event__title", flat=True)
            ),
            ["Festival Sekala Bekhak"],
        )

    def test_the_api_pages_through_all_of_them(self):
        url = reverse("events:api_events")
        data = self.client.get(url, {"q": "contoh", "per_page": 100}).json()
        self.assertEqual(data["count"], self.coming.count())
        self.assertGreater(data["count"], 300)
        last = self.client.get(
            url, {"q": "contoh", "per_page": 100, "page": data["pages"]}
        ).json()
        self.assertEqual(
            len(last["results"]), data["count"] - 100 * (data["pages"] - 1)
        )
        self.assertTrue(all("contoh" in r["title"].lower() for r in last["results"]))

    def test_site_search_lists_each_coming_event_once_by_date(self):
        response = self.client.get("/search/", {"q": "contoh"})
        count = response.context["results"].paginator.count
        self.assertEqual(count, self.coming.values("event_id").distinct().count())
        pages = response.context["results"].paginator.num_pages
        last = self.client.get("/search/", {"q": "contoh", "page": pages})
        soup = BeautifulSoup(last.content, "html.parser")
        times = [t["datetime"] for t in soup.select(".event-card__when time")]
        self.assertTrue(times)
        self.assertEqual(times, sorted(times))
        latest = self.coming.order_by("-start").first()
        self.assertEqual(
            soup.select(".event-card__title a")[-1].get_text(strip=True),
            latest.event.title,
        )

    def test_a_search_costs_the_same_queries_whatever_it_matches(self):
        counts = {}
        for word in ("sekala", "contoh"):
            self.client.get("/search/", {"q": word})  # warm the site root cache
            with CaptureQueriesContext(connection) as queries:
                self.client.get("/search/", {"q": word})
            counts[word] = len(queries)
        self.assertEqual(counts["sekala"], counts["contoh"], counts)
