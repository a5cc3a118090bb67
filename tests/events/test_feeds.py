"""iCal feeds as calendar apps read them: what they hold, how they are
served, cached and invalidated, and the pages that advertise them."""

from datetime import UTC, datetime, time, timedelta
from io import StringIO
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

import recurring_ical_events
import vobject
from bs4 import BeautifulSoup
from defusedxml import ElementTree as DefusedET
from icalendar import Calendar

from brands.models import BrandPage
from core.models import Regency
from events import feeds, ical
from events.forms import EventFilterForm
from events.models import (
    EventIndexPage,
    EventPage,
    EventStatus,
    Occurrence,
    PavilionPage,
    Venue,
    VenuePage,
)
from events.translation import ical_uid
from home.models import HomePage
from tests.demo import generate_events, load_demo_province
from tests.events.factories import draft_event, folder_of, live_event, publish

WIB = ZoneInfo("Asia/Jakarta")
ATOM = "{http://www.w3.org/2005/Atom}"


def next_saturday(day):
    return day + timedelta(days=(5 - day.weekday()) % 7 or 7)


def feed_occurrences(body: bytes, start: datetime, end: datetime) -> set[tuple]:
    """What a calendar app computes from a feed: (UID, start, end, cancelled)
    of every occurrence in [start, end)."""
    result = set()
    for component in recurring_ical_events.of(Calendar.from_ical(body)).between(
        start, end
    ):
        first, last = component.decoded("DTSTART"), component.decoded("DTEND")
        if not isinstance(first, datetime):
            first = datetime.combine(first, time(), WIB)
            last = datetime.combine(last, time(), WIB)
        result.add(
            (
                ical.event_uid(str(component["UID"])),
                first.astimezone(UTC),
                last.astimezone(UTC),
                component.get("STATUS") == "CANCELLED",
            )
        )
    return result


def stored_occurrences(params: dict, language: str, start, end) -> set[tuple]:
    """The website's stored occurrences for the same filters and window."""
    form = EventFilterForm(
        params, list(Regency.objects.all()), list(Venue.objects.all())
    )
    assert form.is_valid(), form.errors
    rows = (
        Occurrence.objects.visible(language)
        .filtered(**form.filters())
        .filter(month_only=False)
        .between(start, end)
        .select_related("event")
    )
    return {
        (
            str(ical_uid(o.event)),
            o.start.astimezone(UTC),
            o.end.astimezone(UTC),
            o.cancelled,
        )
        for o in rows
    }


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.today = timezone.localdate()
        load_demo_province(with_users=False, today=cls.today)
        cls.folder = folder_of("lampung-barat")
        cls.other_folder = folder_of("pesisir-barat")
        cls.anjungan = Venue.objects.get(slug="anjungan-lampung-barat")
        saturday = next_saturday(cls.today + timedelta(days=7))
        cls.series = live_event(
            cls.folder,
            title="Pasar Seni Sabtu",
            slug="pasar-seni-sabtu",
            start_date=saturday,
            start_time=time(9),
            end_time=time(12),
            recurrence_frequency="weekly",
            recurrence_until=saturday + timedelta(weeks=10),
            venue=cls.anjungan,
            exceptions=[
                {"original_date": saturday + timedelta(weeks=1), "action": "skip"},
                {
                    "original_date": saturday + timedelta(weeks=2),
                    "action": "cancel",
                    "reason": "Hujan lebat",
                },
                {
                    "original_date": saturday + timedelta(weeks=3),
                    "action": "move",
                    "new_date": saturday + timedelta(weeks=3, days=1),
                    "new_start_time": time(14),
                    "new_end_time": time(17),
                    "reason": "Bentrok dengan upacara",
                },
            ],
        )
        cls.series.tags.add("pasar-seni")
        publish(cls.series)
        cls.festival = live_event(
            cls.folder,
            title="Festival Tiga Hari",
            start_date=cls.today + timedelta(days=20),
            end_date=cls.today + timedelta(days=22),
            start_time=None,
            end_time=None,
        )
        month = (cls.today.replace(day=1) + timedelta(days=62)).replace(day=1)
        cls.month_only = live_event(
            cls.folder,
            title="Festival Bulan Saja",
            date_precision="month",
            start_date=month,
            start_time=None,
            end_time=None,
        )
        cls.cancelled = live_event(
            cls.folder,
            title="Lomba Perahu",
            status="cancelled",
            status_reason="Cuaca buruk",
            start_date=cls.today + timedelta(days=12),
        )
        cls.draft = draft_event(
            cls.folder, title="Draf Rahasia", start_date=cls.today + timedelta(days=5)
        )
        editor = get_user_model().objects.create_user("editor-feeds", "e@x.id", "x")
        cls.pending = draft_event(
            cls.folder, title="Menunggu Moderator", start_date=cls.today + timedelta(5)
        )
        cls.pending.get_workflow().start(cls.pending, editor)
        cls.private = live_event(
            cls.folder, title="Acara Tertutup", start_date=cls.today + timedelta(6)
        )
        PageViewRestriction.objects.create(
            page=cls.private, restriction_type="password", password="rahasia-123"
        )
        cls.window = feeds.feed_window(cls.today)

    def setUp(self):
        cache.clear()

    def get(self, url, **headers):
        return self.client.get(url, headers=headers)

    def uids(self, body: bytes) -> set[str]:
        return {ical.event_uid(str(c["UID"])) for c in Calendar.from_ical(body).events}

    # What feeds hold.

    def test_every_feed_type_matches_the_stored_occurrences(self):
        """Province, regency, category, PKOR, an anjungan, a tag, a filter
        combination, English, and the calendar's own route: each parses with
        icalendar and vobject, and expands to exactly the website's
        occurrences in the window."""
        calendar = EventIndexPage.objects.get(locale__language_code="id")
        cases = [
            (reverse("events:feed"), {}, "id"),
            (
                reverse("events:regency_feed", args=["lampung-barat"]),
                {"regency": "lampung-barat"},
                "id",
            ),
            (
                reverse("events:category_feed", args=["culture"]),
                {"category": "culture"},
                "id",
            ),
            (
                reverse("events:venue_feed", args=["pkor-way-halim"]),
                {"venue": "pkor-way-halim"},
                "id",
            ),
            (
                reverse("events:venue_feed", args=[self.anjungan.slug]),
                {"venue": self.anjungan.slug},
                "id",
            ),
            (
                reverse("events:tag_feed", args=["pasar-seni"]),
                {"tag": "pasar-seni"},
                "id",
            ),
            (
                reverse("events:feed")
                + "?regency=lampung-barat&category=culture&free=on",
                {"regency": "lampung-barat", "category": "culture", "free": "on"},
                "id",
            ),
            (reverse("events:feed") + "?lang=en", {}, "en"),
            (calendar.url + "ical/", {}, "id"),
        ]
        start, end = self.window
        for url, params, language in cases:
            with self.subTest(url=url):
                response = self.get(url)
                self.assertEqual(response.status_code, 200)
                body = response.content
                vobject.readOne(body.decode())
                got = feed_occurrences(body, start, end)
                expected = stored_occurrences(params, language, start, end)
                self.assertTrue(expected)
                self.assertEqual(got, expected)

    def test_series_is_one_vevent_with_exdate_and_overrides(self):
        """The series: one master with RRULE and EXDATE, and RECURRENCE-ID
        overrides for the cancelled and the moved occurrence."""
        body = self.get(reverse("events:feed")).content
        uid = f"{self.series.uid}@agenda.lampungprov.go.id"
        components = [c for c in Calendar.from_ical(body).events if c["UID"] == uid]
        self.assertEqual(len(components), 3)
        master = next(c for c in components if "RECURRENCE-ID" not in c)
        self.assertEqual(master["RRULE"]["FREQ"], ["WEEKLY"])
        self.assertEqual(len(master["EXDATE"].dts), 1)
        statuses = sorted(str(c["STATUS"]) for c in components if "RECURRENCE-ID" in c)
        self.assertEqual(statuses, ["CANCELLED", "CONFIRMED"])

    def test_all_day_festival_uses_dates_with_exclusive_end(self):
        """The three-day festival: VALUE=DATE, DTEND the day after."""
        body = self.get(reverse("events:feed")).content
        component = next(
            c
            for c in Calendar.from_ical(body).events
            if str(c["UID"]).startswith(str(self.festival.uid))
        )
        self.assertEqual(component.decoded("DTSTART"), self.today + timedelta(days=20))
        self.assertEqual(component.decoded("DTEND"), self.today + timedelta(days=23))

    def test_month_only_draft_pending_and_private_events_are_absent(self):
        """No month-only event (no fake date), no draft, no submission under
        review and no private event, in any feed or as a single download."""
        uids = self.uids(self.get(reverse("events:feed")).content)
        for event in (self.month_only, self.draft, self.pending, self.private):
            with self.subTest(event=event.title):
                self.assertNotIn(str(event.uid), uids)
                response = self.get(reverse("events:event_ics", args=[event.uid]))
                self.assertEqual(response.status_code, 404)
        self.assertIn(str(self.series.uid), uids)

    def test_cancelled_event_stays_marked(self):
        """A cancelled event is in the feed, CANCELLED and prefixed."""
        body = self.get(reverse("events:feed")).content
        component = next(
            c
            for c in Calendar.from_ical(body).events
            if str(c["UID"]).startswith(str(self.cancelled.uid))
        )
        self.assertEqual(component["STATUS"], "CANCELLED")
        self.assertEqual(str(component["SUMMARY"]), "[DIBATALKAN] Lomba Perahu")
        self.assertIn("Cuaca buruk", str(component["DESCRIPTION"]))

    def test_feed_names_its_filters_and_states_its_window(self):
        """Calendar name and description say which events and which dates."""
        response = self.get(reverse("events:regency_feed", args=["lampung-barat"]))
        calendar = Calendar.from_ical(response.content)
        self.assertEqual(
            str(calendar["X-WR-CALNAME"]), "Agenda Lampung — Kabupaten Lampung Barat"
        )
        description = str(calendar["X-WR-CALDESC"])
        first = self.today - timedelta(days=30)
        self.assertIn(f"{first.day} ", description)
        self.assertIn("30", description)
        self.assertIn("12", description)
        self.assertEqual(
            response["Content-Disposition"],
            'inline; filename="agenda-lampung-lampung-barat.ics"',
        )

    def test_english_feed_takes_translations_and_keeps_uids(self):
        """?lang=en: a translated event with its English text and the same UID
        as in Indonesian; an untranslated one in Indonesian."""
        english = EventPage.objects.get(
            locale__language_code="en",
            title="Lampung Barat Robusta Coffee Brewing Class",
        )
        source = EventPage.objects.get(
            translation_key=english.translation_key, locale__language_code="id"
        )
        body = self.get(reverse("events:feed") + "?lang=en").content
        titles = {
            str(c["UID"]).split("@")[0]: str(c["SUMMARY"])
            for c in Calendar.from_ical(body).events
            if "RECURRENCE-ID" not in c
        }
        self.assertEqual(titles[str(source.uid)], english.title)
        self.assertNotIn(str(english.uid), titles)
        self.assertEqual(titles[str(self.series.uid)], "Pasar Seni Sabtu")

    def test_english_feed_follows_a_change_of_the_source_in_english(self):
        """Cancelling the Indonesian source renews the English feed's copy:
        its LAST-MODIFIED is the change's time (not the English page's own
        last publish) and its title starts with the English prefix."""
        english = EventPage.objects.get(
            locale__language_code="en",
            title="Lampung Barat Robusta Coffee Brewing Class",
        )
        source = EventPage.objects.get(
            translation_key=english.translation_key, locale__language_code="id"
        )
        # The English page itself was last published long before.
        EventPage.objects.filter(pk=english.pk).update(
            last_published_at=datetime(2026, 1, 1, tzinfo=UTC)
        )
        source.status = EventStatus.CANCELLED
        publish(source)
        source.refresh_from_db()

        def component(language: str):
            body = self.get(reverse("events:feed") + f"?lang={language}").content
            return next(
                c
                for c in Calendar.from_ical(body).events
                if str(c["UID"]).startswith(str(source.uid))
                and "RECURRENCE-ID" not in c
            )

        in_english = component("en")
        self.assertEqual(
            str(in_english["SUMMARY"]),
            "[CANCELLED] Lampung Barat Robusta Coffee Brewing Class",
        )
        self.assertEqual(
            in_english["LAST-MODIFIED"].dt,
            source.last_published_at.replace(microsecond=0),
        )
        self.assertTrue(str(component("id")["SUMMARY"]).startswith("[DIBATALKAN] "))

    def test_invalid_filter_is_not_found(self):
        """A filter naming nothing gives 404, not a silently wider feed."""
        for url in (
            reverse("events:regency_feed", args=["atlantis"]),
            reverse("events:feed") + "?start=2027-13-40",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.get(url).status_code, 404)

    # Identity across edits.

    def test_uid_survives_edit_rename_and_move(self):
        """Editing, renaming (title and slug) and moving to another folder
        keep the UID; none of them changes the dates, so SEQUENCE stays."""
        url = reverse("events:feed")

        def vevent():
            cache.clear()
            body = self.get(url).content
            return next(
                c
                for c in Calendar.from_ical(body).events
                if "RECURRENCE-ID" not in c
                and str(c["UID"]).startswith(str(self.series.uid))
            )

        before = vevent()
        page = EventPage.objects.get(pk=self.series.pk)
        page.title = "Pasar Seni Akhir Pekan"
        page.slug = "pasar-seni-akhir-pekan"
        page.summary = "Ringkasan baru."
        publish(page)
        renamed = vevent()
        page.move(self.other_folder, pos="last-child")
        moved = vevent()
        self.assertEqual(renamed["UID"], before["UID"])
        self.assertEqual(moved["UID"], before["UID"])
        self.assertEqual(str(renamed["SUMMARY"]), "Pasar Seni Akhir Pekan")
        self.assertIn("/pesisir-barat/pasar-seni-akhir-pekan/", str(moved["URL"]))
        self.assertEqual(moved["SEQUENCE"], before["SEQUENCE"])

    def test_sequence_increases_after_a_date_change(self):
        """Moving the festival a day later raises SEQUENCE."""
        before = self.festival.sequence
        page = EventPage.objects.get(pk=self.festival.pk)
        page.start_date += timedelta(days=1)
        page.end_date += timedelta(days=1)
        publish(page)
        self.assertIn(f"SEQUENCE:{before + 1}\r\n", page.ical_component)
        body = self.get(reverse("events:event_ics", args=[page.uid])).content
        self.assertEqual(Calendar.from_ical(body).events[0]["SEQUENCE"], before + 1)

    # Serving and caching.

    def test_feed_is_served_for_subscription(self):
        """text/calendar in UTF-8, a filename, validators and Cache-Control
        for shared caches; GET and HEAD only."""
        response = self.get(reverse("events:feed"))
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertEqual(
            response["Content-Disposition"], 'inline; filename="agenda-lampung.ics"'
        )
        self.assertTrue(response["ETag"].startswith('"'))
        self.assertTrue(response["Last-Modified"].endswith("GMT"))
        self.assertIn("public", response["Cache-Control"])
        self.assertIn("max-age=900", response["Cache-Control"])
        self.assertIs(response.content.startswith(b"BEGIN:VCALENDAR\r\n"), True)
        self.assertIs(response.content.endswith(b"END:VCALENDAR\r\n"), True)
        head = self.client.head(reverse("events:feed"))
        self.assertEqual(head.status_code, 200)
        self.assertEqual(head["ETag"], response["ETag"])
        self.assertEqual(self.client.post(reverse("events:feed")).status_code, 405)

    def test_conditional_get_is_304_without_building(self):
        """If-None-Match or If-Modified-Since with the current validators
        gives 304 with no body, even on an empty cache: one query at most."""
        url = reverse("events:feed")
        first = self.get(url)
        for headers in (
            {"If-None-Match": first["ETag"]},
            {"If-Modified-Since": first["Last-Modified"]},
        ):
            with self.subTest(headers=headers):
                cache.clear()
                with self.assertNumQueries(1):
                    response = self.get(url, **headers)
                self.assertEqual(response.status_code, 304)
                self.assertEqual(response.content, b"")

    def test_warm_feed_touches_no_table(self):
        """A second request is answered from the cache without any query
        (within the calendar version's few seconds in the cache; after them,
        one query reads its row: events.versions)."""
        url = reverse("events:regency_feed", args=["lampung-barat"])
        first = self.get(url)
        with self.assertNumQueries(0):
            second = self.get(url)
        self.assertEqual(second.content, first.content)

    def test_cache_is_invalidated_on_publish_unpublish_and_delete(self):
        """After a publication the feed shows it (new ETag); after unpublishing
        or deleting, the event is gone."""
        url = reverse("events:feed")
        first = self.get(url)
        page = EventPage.objects.get(pk=self.festival.pk)
        page.title = "Festival Tiga Hari Baru"
        publish(page)
        second = self.get(url)
        self.assertNotEqual(second["ETag"], first["ETag"])
        self.assertIn(b"Festival Tiga Hari Baru", second.content)
        self.assertEqual(
            self.get(url, **{"If-None-Match": first["ETag"]}).status_code, 200
        )
        page.unpublish()
        third = self.get(url)
        self.assertNotIn(str(page.uid), self.uids(third.content))
        cancelled = EventPage.objects.get(pk=self.cancelled.pk)
        self.assertIn(str(cancelled.uid), self.uids(third.content))
        cancelled.delete()
        self.assertNotIn(str(cancelled.uid), self.uids(self.get(url).content))

    def test_privacy_and_venue_changes_invalidate(self):
        """A new view restriction hides an event at once; renaming its venue
        re-renders its LOCATION."""
        url = reverse("events:feed")
        self.get(url)
        self.anjungan.name = "Anjungan Lambar Baru"
        self.anjungan.save()
        self.assertIn(b"Anjungan Lambar Baru", self.get(url).content)
        PageViewRestriction.objects.create(
            page=self.series, restriction_type="password", password="rahasia-456"
        )
        self.assertNotIn(str(self.series.uid), self.uids(self.get(url).content))

    def test_events_of_an_unpublished_folder_are_absent(self):
        """Unpublishing a folder alone (its events stay live) empties its
        events from the feeds and makes them unreachable."""
        url = reverse("events:feed")
        self.assertIn(str(self.series.uid), self.uids(self.get(url).content))
        ics = reverse("events:event_ics", args=[self.series.uid])
        self.assertEqual(self.get(ics).status_code, 200)
        self.assertEqual(self.get(self.series.url).status_code, 200)
        self.folder.unpublish()
        self.assertNotIn(str(self.series.uid), self.uids(self.get(url).content))
        # Nor downloadable or readable on its own: the event page is not found.
        self.assertEqual(self.get(ics).status_code, 404)
        self.assertEqual(self.get(self.series.url).status_code, 404)

    def test_query_count_is_constant_in_the_number_of_events(self):
        """A cold province feed costs the same few queries with 10 and 1,010
        bulk-generated events (which get their VEVENT text as they are made)."""
        url = reverse("events:feed")

        def count():
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = self.get(url)
            return len(queries), response

        generate_events(10)
        small, response = count()
        self.assertIn(b"Acara contoh 10", response.content)
        generate_events(1000)
        large, response = count()
        self.assertIn(b"Acara contoh 1010", response.content)
        self.assertEqual(small, large)
        self.assertLessEqual(large, 8)
        self.assertFalse(
            EventPage.objects.filter(
                slug__startswith="acara-contoh-", ical_component=""
            ).exists()
        )

    def test_render_ical_restores_every_stored_text(self):
        """`render_ical` renders the text of live events that lack it (events
        published before feeds existed) and renews the feeds."""
        url = reverse("events:feed")
        before = self.get(url)
        EventPage.objects.update(ical_component="")
        call_command("render_ical", stdout=StringIO())
        after = self.get(url)
        self.assertNotEqual(after["ETag"], before["ETag"])
        self.assertEqual(self.uids(after.content), self.uids(before.content))

    # Single event, RSS, Atom.

    def test_event_download_is_the_feed_vevent(self):
        """events:event_ics serves the event's stored VEVENT text as is."""
        page = EventPage.objects.get(pk=self.series.pk)
        response = self.get(reverse("events:event_ics", args=[page.uid]))
        self.assertEqual(response.status_code, 200)
        self.assertIn(page.ical_component.encode(), response.content)
        self.assertEqual(
            response["Content-Disposition"], 'inline; filename="pasar-seni-sabtu.ics"'
        )
        again = self.get(
            reverse("events:event_ics", args=[page.uid]),
            **{"If-None-Match": response["ETag"]},
        )
        self.assertEqual(again.status_code, 304)

    def test_rss_and_atom_list_upcoming_events(self):
        """RSS and Atom of the province and of one regency."""
        rss = self.get(reverse("events:rss"))
        self.assertEqual(rss.status_code, 200)
        self.assertIn("application/rss+xml", rss["Content-Type"])
        self.assertIn(b"Pasar Seni Sabtu", rss.content)
        self.assertIn(b"[DIBATALKAN] Lomba Perahu", rss.content)
        self.assertNotIn(b"Draf Rahasia", rss.content)
        other = self.get(reverse("events:regency_rss", args=["pesisir-barat"]))
        self.assertNotIn(b"Pasar Seni Sabtu", other.content)
        atom = self.get(
            reverse("events:regency_atom", args=["lampung-barat"]) + "?lang=en"
        )
        self.assertIn("application/atom+xml", atom["Content-Type"])
        self.assertIn(b"Pasar Seni Sabtu", atom.content)
        missing = self.get(reverse("events:regency_rss", args=["atlantis"]))
        self.assertEqual(missing.status_code, 404)

    def rss_items(self, url: str) -> list:
        return DefusedET.fromstring(self.get(url).content).findall("./channel/item")

    def test_rss_and_atom_carry_every_upcoming_event_once(self):
        """Every event with a coming dated occurrence is one item, at its next
        date: weekly activities no longer crowd the festivals out."""
        now = timezone.now()
        coming = (
            Occurrence.objects.visible("id")
            .filter(month_only=False)
            .upcoming(now)
            .values_list("event__uid", flat=True)
        )
        expected = {f"urn:uuid:{uid}" for uid in coming}
        self.assertGreater(len(expected), 30)
        guids = [i.findtext("guid") for i in self.rss_items(reverse("events:rss"))]
        self.assertEqual(len(guids), len(set(guids)))
        self.assertEqual(set(guids), expected)
        atom = DefusedET.fromstring(self.get(reverse("events:atom")).content)
        entries = atom.findall(f"{ATOM}entry")
        self.assertEqual({e.findtext(f"{ATOM}id") for e in entries}, expected)
        # RFC 4287 4.1.1: a feed without per-entry authors names one.
        self.assertTrue(atom.findtext(f"{ATOM}author/{ATOM}name"))
        series = next(
            i
            for i in self.rss_items(reverse("events:rss"))
            if i.findtext("guid") == f"urn:uuid:{self.series.uid}"
        )
        self.assertTrue(
            series.findtext("description").startswith("Setiap Sabtu, pukul 09.00")
        )
        newest = self.rss_items(reverse("events:rss") + "?order=new")
        self.assertEqual({i.findtext("guid") for i in newest}, expected)

    def test_rss_answers_conditional_requests(self):
        """304 while nothing changed; a publish gives 200 with the change."""
        url = reverse("events:rss")
        first = self.get(url)
        self.assertTrue(first.has_header("ETag"))
        again = self.get(url, **{"If-None-Match": first["ETag"]})
        self.assertEqual(again.status_code, 304)
        since = self.get(url, **{"If-Modified-Since": first["Last-Modified"]})
        self.assertEqual(since.status_code, 304)
        page = EventPage.objects.get(pk=self.series.pk)
        page.title = "Pasar Seni Sabtu Malam"
        publish(page)
        changed = self.get(url, **{"If-None-Match": first["ETag"]})
        self.assertEqual(changed.status_code, 200)
        self.assertIn(b"Pasar Seni Sabtu Malam", changed.content)

    # Pages that advertise feeds.

    def test_pages_advertise_their_feed_and_offer_subscribing(self):
        """Home, calendar, brand, PKOR, anjungan and event pages carry a
        text/calendar alternate link and the "Subscribe" menu."""
        locale = {"locale__language_code": "id"}
        brand = BrandPage.objects.get(regency__slug="lampung-barat", **locale)
        pages = [
            (HomePage.objects.get(**locale), reverse("events:feed")),
            (EventIndexPage.objects.get(**locale), reverse("events:feed")),
            (brand, reverse("events:feed") + "?regency=lampung-barat"),
            (
                VenuePage.objects.get(**locale),
                reverse("events:feed") + "?venue=pkor-way-halim",
            ),
            (
                PavilionPage.objects.get(venue=self.anjungan, **locale),
                reverse("events:feed") + "?venue=anjungan-lampung-barat",
            ),
            (self.series, reverse("events:feed") + "?regency=lampung-barat"),
        ]
        for page, feed in pages:
            with self.subTest(page=page.title):
                html = self.get(page.url).content.decode()
                self.assertIn(
                    '<link rel="alternate" type="text/calendar" title="', html
                )
                self.assertIn(f"http://testserver{feed}", html)
                self.assertIn(f"webcal://testserver{feed}", html)
                self.assertIn(
                    "https://calendar.google.com/calendar/render?cid=webcal", html
                )
                self.assertIn(
                    "https://outlook.live.com/calendar/0/addfromweb?url=", html
                )
        html = self.get(self.series.url).content.decode()
        self.assertIn(reverse("events:event_ics", args=[self.series.uid]), html)

    def test_every_outlook_link_names_its_own_feed(self):
        """Two subscriptions added from the help page never share a name in
        Outlook.com: each link carries its feed's title, which is also the
        feed's X-WR-CALNAME."""
        calendar = EventIndexPage.objects.get(locale__language_code="id")
        soup = BeautifulSoup(
            self.get(calendar.url + "langganan/").content, "html.parser"
        )
        links = soup.find_all("a", href=lambda h: h and "outlook.live.com" in h)
        self.assertGreater(len(links), 20)
        names = [parse_qs(urlparse(a["href"]).query)["name"][0] for a in links]
        repeated = {n for n in names if names.count(n) > 1}
        # The province's own link may appear in the menu and in the list.
        self.assertLessEqual(repeated, {"Agenda Lampung"}, repeated)
        for link, name in zip(links, names, strict=True):
            if name == "Agenda Lampung":
                continue
            url = parse_qs(urlparse(link["href"]).query)["url"][0]
            feed = Calendar.from_ical(
                self.get(url.removeprefix("http://testserver")).content
            )
            self.assertEqual(str(feed["X-WR-CALNAME"]), name)

    def test_help_page_explains_subscribing_in_both_languages(self):
        """The help page states the window and names every app, at the
        calendar's `langganan/` route, in Indonesian and English."""
        calendar = EventIndexPage.objects.get(locale__language_code="id")
        response = self.get(calendar.url + "langganan/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for text in ("Google Calendar", "Apple", "Outlook", "Thunderbird", "webcal://"):
            self.assertIn(text, html)
        english = EventIndexPage.objects.get(locale__language_code="en")
        response = self.get(english.url + "langganan/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("lang=en", response.content.decode())
