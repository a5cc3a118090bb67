"""The read-only JSON API of the calendar's occurrences."""

from datetime import date, time, timedelta
from decimal import Decimal

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Regency
from events.models import EventFolderPage, EventIndexPage, Venue
from home.models import HomePage
from tests.events.factories import draft_event, live_event, publish


def regency(slug: str, name: str, code: str) -> Regency:
    return Regency.objects.create(
        slug=slug,
        name=name,
        short_name=name.split(" ", 1)[1],
        kind="kabupaten",
        seat="Liwa",
        code=code,
        latitude=Decimal("-5.0"),
        longitude=Decimal("104.0"),
    )


class EventsApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = HomePage.objects.get(depth=2)
        calendar = home.add_child(
            instance=EventIndexPage(title="Agenda", slug="agenda")
        )
        cls.lambar = regency("lampung-barat", "Kabupaten Lampung Barat", "18.04")
        cls.pesibar = regency("pesisir-barat", "Kabupaten Pesisir Barat", "18.13")
        folder = calendar.add_child(
            instance=EventFolderPage(
                title="Lampung Barat", slug="lampung-barat", regency=cls.lambar
            )
        )
        other = calendar.add_child(
            instance=EventFolderPage(
                title="Pesisir Barat", slug="pesisir-barat", regency=cls.pesibar
            )
        )
        cls.venue = Venue.objects.create(
            name="Lapangan Merdeka",
            slug="lapangan-merdeka",
            regency=cls.lambar,
            address="Liwa",
            latitude=Decimal("-5.03"),
            longitude=Decimal("104.07"),
        )
        today = timezone.localdate()
        cls.weekly = live_event(
            folder,
            title="Senam Pagi",
            category="sport_tourism",
            start_date=today + timedelta(days=3),
            start_time=time(6),
            end_time=time(7),
            recurrence_frequency="weekly",
            recurrence_count=30,
            venue=cls.venue,
        )
        cls.paid = live_event(
            other,
            title="Konser Pantai",
            category="creative_economy",
            start_date=today + timedelta(days=10),
            is_free=False,
            price="Rp50.000",
        )
        cls.past = live_event(folder, title="Acara Lalu", start_date=date(2020, 1, 4))
        cls.draft = draft_event(folder, title="Draf", start_date=today + timedelta(2))

    def get(self, **params):
        response = self.client.get(reverse("events:api_events"), params)
        return response, response.json()

    def test_lists_upcoming_occurrences_paginated(self):
        """Upcoming occurrences in date order, 20 a page, with links to the
        next page; drafts and past events are not listed."""
        response, data = self.get()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        self.assertEqual(data["count"], 31)
        self.assertEqual(data["pages"], 2)
        self.assertEqual(len(data["results"]), 20)
        starts = [r["start"] for r in data["results"]]
        self.assertEqual(starts, sorted(starts))
        self.assertIn("page=2", data["next"])
        self.assertIsNone(data["previous"])
        titles = {r["title"] for r in data["results"]}
        self.assertNotIn("Draf", titles)
        self.assertNotIn("Acara Lalu", titles)
        _, second = self.get(page=2)
        self.assertEqual(len(second["results"]), 11)

    def test_filters_are_the_calendars(self):
        """regency, category, venue, free and dates narrow the list."""
        cases = [
            ({"regency": "pesisir-barat"}, {"Konser Pantai"}),
            ({"category": "sport_tourism"}, {"Senam Pagi"}),
            ({"venue": "lapangan-merdeka"}, {"Senam Pagi"}),
            ({"free": "on"}, {"Senam Pagi"}),
            ({"start": "2020-01-01", "end": "2020-01-31"}, {"Acara Lalu"}),
        ]
        for params, titles in cases:
            with self.subTest(params=params):
                _, data = self.get(per_page=100, **params)
                self.assertEqual({r["title"] for r in data["results"]}, titles)

    def test_item_describes_the_occurrence(self):
        """Each item: UID, local ISO times with offset, status, category,
        regency, venue with position, price and the .ics address."""
        _, data = self.get(venue="lapangan-merdeka", per_page=1)
        item = data["results"][0]
        self.assertEqual(item["uid"], str(self.weekly.uid))
        self.assertIs(item["start"].endswith("+07:00"), True)
        self.assertIs(item["all_day"], False)
        self.assertEqual(item["status"], "scheduled")
        self.assertEqual(item["category"]["code"], "sport_tourism")
        self.assertEqual(
            item["regency"],
            {"slug": "lampung-barat", "name": "Kabupaten Lampung Barat"},
        )
        self.assertEqual(item["venue"]["latitude"], -5.03)
        self.assertIs(item["ical"].endswith(f"/events/{self.weekly.uid}.ics"), True)
        _, data = self.get(regency="pesisir-barat")
        self.assertEqual(data["results"][0]["price"], "Rp50.000")

    def test_invalid_filter_is_a_400_with_the_errors(self):
        """An unknown regency or a bad date: 400 and the form's messages."""
        response, data = self.get(regency="atlantis", start="kemarin")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(data["errors"]), {"regency", "start"})

    def test_impossible_paging_or_flag_is_a_400_in_the_requests_language(self):
        """page 0, -1, beyond the last or not a number, per_page outside
        1..100 and free=maybe are refused (never clamped to another page),
        with the reason in the language asked for."""
        cases = [
            ({"page": "0"}, "page"),
            ({"page": "-1"}, "page"),
            ({"page": "999999"}, "page"),
            ({"page": "abc"}, "page"),
            ({"per_page": "0"}, "per_page"),
            ({"per_page": "101"}, "per_page"),
            ({"per_page": "x" * 5000}, "per_page"),
            ({"free": "maybe"}, "free"),
        ]
        for params, field in cases:
            with self.subTest(params=params):
                response, data = self.get(**params)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(set(data["errors"]), {field})
        _, english = self.get(page="0", lang="en")
        _, indonesian = self.get(page="0", lang="id")
        self.assertIn("Ensure", english["errors"]["page"][0]["message"])
        self.assertNotEqual(
            english["errors"]["page"][0]["message"],
            indonesian["errors"]["page"][0]["message"],
        )
        _, english = self.get(regency="atlantis", lang="en")
        self.assertIn(
            "Select a valid choice", english["errors"]["regency"][0]["message"]
        )
        self.assertEqual(self.get(page="2")[0].status_code, 200)

    def test_free_takes_words_for_yes_and_no(self):
        for word, titles in (
            ("on", {"Senam Pagi"}),
            ("true", {"Senam Pagi"}),
            ("1", {"Senam Pagi"}),
            ("false", {"Senam Pagi", "Konser Pantai"}),
            ("off", {"Senam Pagi", "Konser Pantai"}),
            ("0", {"Senam Pagi", "Konser Pantai"}),
        ):
            with self.subTest(free=word):
                _, data = self.get(per_page=100, free=word)
                self.assertEqual({r["title"] for r in data["results"]}, titles)

    def test_conditional_requests_get_304_until_a_change(self):
        response, _ = self.get(per_page=5)
        self.assertTrue(response.has_header("ETag"))
        self.assertTrue(response.has_header("Last-Modified"))
        url = reverse("events:api_events")
        again = self.client.get(
            url, {"per_page": 5}, headers={"If-None-Match": response["ETag"]}
        )
        self.assertEqual(again.status_code, 304)
        other_page = self.client.get(
            url, {"per_page": 5, "page": 2}, headers={"If-None-Match": response["ETag"]}
        )
        self.assertEqual(other_page.status_code, 200)
        self.paid.title = "Konser Pantai Senja"
        publish(self.paid)
        changed = self.client.get(
            url,
            {"per_page": 100},
            headers={"If-None-Match": response["ETag"]},
        )
        self.assertEqual(changed.status_code, 200)
        self.assertIn(
            "Konser Pantai Senja", {r["title"] for r in changed.json()["results"]}
        )

    def test_no_ical_link_while_the_date_is_not_fixed(self):
        """A month-only event has no .ics (it would be a 404): `ical` is null."""
        folder = EventFolderPage.objects.get(slug="lampung-barat")
        live_event(
            folder,
            title="Festival Menyusul",
            date_precision="month",
            start_date=timezone.localdate().replace(day=1) + timedelta(days=40),
            start_time=None,
            end_time=None,
        )
        _, data = self.get(per_page=100)
        item = next(r for r in data["results"] if r["title"] == "Festival Menyusul")
        self.assertIsNone(item["ical"])
        dated = next(r for r in data["results"] if r["title"] == "Konser Pantai")
        self.assertEqual(self.client.get(dated["ical"]).status_code, 200)

    def test_constant_queries_per_page(self):
        """A page costs the same few queries for 1 and for 20 items."""
        self.get()  # Warm the site root paths cache.
        counts = []
        for per_page in (1, 20):
            with CaptureQueriesContext(connection) as queries:
                self.get(per_page=per_page)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[1], 10)
