"""The public calendar: upcoming list, month grid, past archive, filters,
event page, PKOR and anjungan pages, and what never shows on any of them."""

import json
from datetime import date, datetime, time
from urllib.parse import parse_qs, urlparse

from django.db import connection
from django.test import SimpleTestCase, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

from bs4 import BeautifulSoup
from dateutil.rrule import rrulestr
from wagtail_factories import ImageFactory

from events.models import EventPage, Occurrence
from events.views import MAX_PER_DAY, month_weeks
from tests.demo import generate_events
from tests.events.clock import frozen
from tests.events.factories import calendar_tree, draft_event, live_event

WIB = timezone.get_default_timezone()
NOW = datetime(2027, 7, 1, 9, tzinfo=WIB)
HIDDEN = ("Draf Rahasia", "Acara Privat", "Acara Ditarik", "Privat Pesisir")


def json_ld_event(response) -> dict:
    soup = BeautifulSoup(response.content, "html.parser")
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        if data.get("@type") == "Event":
            return data
    raise AssertionError("no schema.org Event on the page")


def listed_titles(response) -> set[str]:
    """Every event the upcoming list shows: its major events, its regular
    activities (once each) and its list by day."""
    context = response.context
    occurrences = [
        *context.get("lead", []),
        *(entry.occurrence for entry in context.get("series", [])),
        *context["page_obj"],
    ]
    return {occ.event.title for occ in occurrences}


class CalendarViewTests(TestCase):
    """One small province, seen on 1 July 2027 at 09:00 WIB."""

    @classmethod
    def setUpTestData(cls):
        tree = cls.tree = calendar_tree()
        lambar, pesibar = tree.folders["lampung-barat"], tree.folders["pesisir-barat"]
        cls.festival = live_event(
            lambar,
            title="Festival Sekala Bekhak",
            slug="festival-sekala-bekhak",
            summary="Festival budaya Lampung Barat.",
            start_date=date(2027, 7, 10),
            venue=tree.anjungan["lampung-barat"],
            organiser="Dinas Pariwisata Lampung Barat",
            website="https://lampungbaratkab.go.id/",
            is_free=False,
            price="Rp25.000, anak gratis",
            tags=["tari", "budaya"],
        )
        cls.multi_day = live_event(
            lambar,
            title="Pekan Kopi Liwa",
            slug="pekan-kopi-liwa",
            category="creative_economy",
            start_date=date(2027, 7, 14),
            end_date=date(2027, 7, 16),
            start_time=None,
            end_time=None,
            status="postponed",
            status_reason="Menunggu musim panen",
            venue=tree.hall,
        )
        cls.cancelled = live_event(
            lambar,
            title="Lomba Perahu Batal",
            slug="lomba-perahu-batal",
            category="sport_tourism",
            start_date=date(2027, 7, 20),
            status="cancelled",
            status_reason="Gelombang tinggi",
        )
        cls.series = live_event(
            pesibar,
            title="Malam Sastra Anjungan",
            slug="malam-sastra",
            category="education_environment",
            start_date=date(2027, 7, 3),
            recurrence_frequency="weekly",
            recurrence_count=6,
            venue=tree.anjungan["pesisir-barat"],
            exceptions=[
                {
                    "original_date": date(2027, 7, 17),
                    "action": "cancel",
                    "reason": "Anjungan direnovasi",
                }
            ],
        )
        cls.month_only = live_event(
            tree.folders[None],
            title="Lampung Fair Menyusul",
            slug="lampung-fair",
            category="tourism",
            date_precision="month",
            start_date=date(2027, 7, 1),
            start_time=None,
            end_time=None,
        )
        cls.past = live_event(
            lambar, title="Acara Bulan Juni", slug="juni", start_date=date(2027, 6, 5)
        )
        cls.online = live_event(
            tree.folders[None],
            title="Webinar Wisata",
            slug="webinar",
            category="tourism",
            start_date=date(2027, 7, 22),
            status="moved_online",
            status_reason="Dipindah ke daring",
            online_url="https://example.org/webinar",
        )
        # Never public: a draft, a private event, an unpublished one, and a
        # live event in a folder behind a password.
        draft_event(lambar, title="Draf Rahasia", start_date=date(2027, 7, 10))
        private = live_event(
            lambar,
            title="Acara Privat",
            start_date=date(2027, 7, 10),
            venue=tree.anjungan["lampung-barat"],
        )
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        withdrawn = live_event(
            lambar,
            title="Acara Ditarik",
            start_date=date(2027, 7, 10),
            venue=tree.anjungan["lampung-barat"],
        )
        withdrawn.unpublish()
        hidden_folder = tree.folders["pesisir-barat"].add_sibling(
            instance=type(tree.folders[None])(title="Folder Privat", slug="privat")
        )
        hidden_folder.save_revision().publish()
        PageViewRestriction.objects.create(
            page=hidden_folder, restriction_type="password", password="rahasia"
        )
        live_event(
            hidden_folder,
            title="Privat Pesisir",
            start_date=date(2027, 7, 10),
            venue=tree.anjungan["pesisir-barat"],
        )

    def get(self, url, **params):
        with frozen(NOW):
            return self.client.get(url, params)

    def assertHidesPrivate(self, response):
        for title in HIDDEN:
            self.assertNotContains(response, title)

    # Upcoming list and past archive.

    def test_upcoming_list_in_date_order(self):
        """The list by day starts now, in date order, one entry per
        occurrence of a one-off event; a weekly series is listed once, apart,
        at its next date."""
        response = self.get("/agenda/")
        self.assertEqual(response.status_code, 200)
        titles = [o.event.title for o in response.context["page_obj"]]
        self.assertEqual(
            titles[:3],
            ["Lampung Fair Menyusul", "Festival Sekala Bekhak", "Pekan Kopi Liwa"],
        )
        self.assertNotIn("Malam Sastra Anjungan", titles)
        series = response.context["series"]
        self.assertEqual(
            [entry.occurrence.event.title for entry in series],
            ["Malam Sastra Anjungan"],
        )
        self.assertEqual(series[0].occurrence.start_day, date(2027, 7, 3))
        self.assertNotIn("Acara Bulan Juni", listed_titles(response))
        self.assertHidesPrivate(response)

    @override_settings(EVENTS_PER_PAGE=2)
    def test_upcoming_list_is_paginated_with_filters_kept(self):
        """Pages of EVENTS_PER_PAGE; page links keep the filters; the major
        events and regular activities lead the first page only."""
        response = self.get("/agenda/", regency="lampung-barat", page="2")
        self.assertEqual(response.context["page_obj"].number, 2)
        self.assertEqual(len(response.context["page_obj"]), 1)
        self.assertContains(response, 'href="?regency=lampung-barat&amp;page=1"')
        self.assertNotIn("lead", response.context)
        self.assertNotContains(response, 'id="lead-heading"')

    def test_past_archive_lists_past_events_newest_first(self):
        response = self.get("/agenda/past/")
        titles = [o.event.title for o in response.context["page_obj"]]
        self.assertEqual(titles, ["Acara Bulan Juni"])

    # Month grid.

    def test_month_grid_is_an_accessible_table(self):
        """Caption, weekday column headers, today marked, prev/next months."""
        response = self.get("/agenda/2027/7/")
        soup = BeautifulSoup(response.content, "html.parser")
        table = soup.find("table", class_="month-grid")
        self.assertEqual(table.caption.get_text(strip=True), "Juli 2027")
        headers = table.thead.find_all("th")
        self.assertEqual([th["scope"] for th in headers], ["col"] * 7)
        self.assertEqual(headers[0].abbr["title"], "Senin")
        today = table.find("td", attrs={"aria-current": "date"})
        self.assertEqual(today["data-day"], "2027-07-01")
        self.assertEqual(len(table.find_all("td", attrs={"data-day": True})), 31)
        self.assertEqual(soup.find("a", rel="prev")["href"], "/agenda/2027/6/")
        self.assertEqual(soup.find("a", rel="next")["href"], "/agenda/2027/8/")
        self.assertIsNotNone(soup.find(id="month-grid-help"))

    def test_month_grid_places_events_on_their_days(self):
        """Multi-day events fill each day; series on each date; a month-only
        event is listed as "date to be announced", never on a day."""
        response = self.get("/agenda/2027/7/")
        soup = BeautifulSoup(response.content, "html.parser")

        def day(iso):
            return soup.find("td", attrs={"data-day": iso}).get_text(" ", strip=True)

        for iso in ("2027-07-14", "2027-07-15", "2027-07-16"):
            self.assertIn("Pekan Kopi Liwa", day(iso))
        self.assertNotIn("Pekan Kopi Liwa", day("2027-07-17"))
        self.assertIn("(bersambung)", day("2027-07-15"))
        for iso in (
            "2027-07-03",
            "2027-07-10",
            "2027-07-24",
            "2027-07-31",
        ):
            self.assertIn("Malam Sastra Anjungan", day(iso))
        self.assertIn("19.00 Festival Sekala Bekhak", day("2027-07-10"))
        grid = soup.find("table", class_="month-grid").get_text()
        self.assertNotIn("Lampung Fair Menyusul", grid)
        tba = soup.find("section", class_="tba")
        self.assertIn("Juli 2027: tanggal menyusul", tba.get_text(" ", strip=True))
        self.assertIn("Lampung Fair Menyusul", tba.get_text())
        self.assertHidesPrivate(response)

    def test_a_busy_day_shows_the_first_events_and_counts_the_rest(self):
        """The database ranks a day's events: the cell lists the multi-day
        event still running, then the earliest starters up to the limit, and
        links to the rest with their exact count."""
        for hour in range(MAX_PER_DAY + 2):
            live_event(
                self.tree.folders["pesisir-barat"],
                title=f"Lomba {hour:02d}",
                start_date=date(2027, 7, 15),
                start_time=time(6 + hour),
                end_time=time(6 + hour, 30),
            )
        soup = BeautifulSoup(self.get("/agenda/2027/7/").content, "html.parser")
        cell = soup.find("td", attrs={"data-day": "2027-07-15"})
        entries = [li.get_text(" ", strip=True) for li in cell.find_all("li")]
        self.assertEqual(len(entries), MAX_PER_DAY)
        self.assertIn("Pekan Kopi Liwa", entries[0])
        self.assertEqual(
            [e.split()[-1] for e in entries[1:]],
            [f"{h:02d}" for h in range(MAX_PER_DAY - 1)],
        )
        # Ten starters and the festival: eleven, eight shown.
        self.assertIn(
            "3 acara lainnya", cell.find(class_="month-grid__more").get_text()
        )

    def test_month_grid_marks_cancelled_and_postponed(self):
        """Cancelled dates and events, and postponed ones, carry their tag."""
        response = self.get("/agenda/2027/7/")
        soup = BeautifulSoup(response.content, "html.parser")

        def entry(iso, title):
            cell = soup.find("td", attrs={"data-day": iso})
            return next(li for li in cell.find_all("li") if title in li.get_text())

        cancelled_date = entry("2027-07-17", "Malam Sastra Anjungan")
        self.assertIn("is-cancelled", cancelled_date["class"])
        self.assertEqual(
            cancelled_date.find(class_="status-tag").get_text(), "Dibatalkan"
        )
        cancelled_event = entry("2027-07-20", "Lomba Perahu Batal")
        self.assertIn("is-cancelled", cancelled_event["class"])
        postponed = entry("2027-07-14", "Pekan Kopi Liwa")
        self.assertEqual(postponed.find(class_="status-tag").get_text(), "Ditunda")
        online = entry("2027-07-22", "Webinar Wisata")
        self.assertEqual(
            online.find(class_="status-tag").get_text(), "Dipindah ke daring"
        )
        scheduled = entry("2027-07-24", "Malam Sastra Anjungan")
        self.assertIsNone(scheduled.find(class_="status-tag"))

    def test_this_month_redirects_to_the_current_month_with_filters(self):
        response = self.get("/agenda/month/", category="culture")
        self.assertRedirects(
            response, "/agenda/2027/7/?category=culture", fetch_redirect_response=False
        )

    def test_impossible_months_are_not_found(self):
        for url in (
            "/agenda/2027/13/",
            "/agenda/2027/0/",
            "/agenda/1999/1/",
            "/agenda/99999/1/",
        ):
            with self.subTest(url):
                self.assertEqual(self.get(url).status_code, 404)

    # Filters.

    def test_each_filter_narrows_the_list(self):
        """Regency, category, venue (PKOR includes its anjungan), tag, date
        range, free only and text search, each alone."""
        cases = [
            ({"regency": "pesisir-barat"}, {"Malam Sastra Anjungan"}),
            ({"regency": "provinsi"}, {"Lampung Fair Menyusul", "Webinar Wisata"}),
            ({"category": "creative_economy"}, {"Pekan Kopi Liwa"}),
            (
                {"venue": "pkor-way-halim"},
                {"Festival Sekala Bekhak", "Malam Sastra Anjungan"},
            ),
            ({"venue": "anjungan-lampung-barat"}, {"Festival Sekala Bekhak"}),
            ({"tag": "tari"}, {"Festival Sekala Bekhak"}),
            (
                {"start": "2027-07-14", "end": "2027-07-15"},
                {"Pekan Kopi Liwa", "Lampung Fair Menyusul"},
            ),
            ({"q": "kopi"}, {"Pekan Kopi Liwa"}),
        ]
        for params, expected in cases:
            with self.subTest(params):
                response = self.get("/agenda/", **params)
                self.assertEqual(listed_titles(response), expected)
        response = self.get("/agenda/", free="on")
        titles = listed_titles(response)
        self.assertNotIn("Festival Sekala Bekhak", titles)
        self.assertIn("Malam Sastra Anjungan", titles)

    def test_filter_state_lives_in_the_url(self):
        """Filters apply to the month grid too, and every view link keeps them."""
        response = self.get("/agenda/2027/7/", regency="pesisir-barat", tag="")
        grid = BeautifulSoup(response.content, "html.parser").find(
            "table", class_="month-grid"
        )
        self.assertIn("Malam Sastra Anjungan", grid.get_text())
        self.assertNotIn("Festival Sekala Bekhak", grid.get_text())
        for href in (
            "/agenda/?regency=pesisir-barat",
            "/agenda/2027/8/?regency=pesisir-barat",
        ):
            self.assertContains(response, f'href="{href}')
        form = response.context["form"]
        self.assertEqual(form["regency"].value(), "pesisir-barat")

    def test_invalid_filters_are_named_and_ignored(self):
        """Unusable values give a message naming the filter, the valid
        filters still apply, and the page is a 200 — never a server error."""
        response = self.get(
            "/agenda/", regency="atlantis", category="culture", start="2027-02-30"
        )
        self.assertEqual(response.status_code, 200)
        soup = BeautifulSoup(response.content, "html.parser")
        alert = soup.find(class_="form-errors")
        self.assertEqual(alert["role"], "alert")
        text = alert.get_text(" ", strip=True)
        self.assertIn("Kabupaten/kota", text)
        self.assertIn("Dari", text)
        self.assertEqual(listed_titles(response), {"Festival Sekala Bekhak"})
        select = soup.find("select", id="id_regency")
        self.assertEqual(select["aria-describedby"], "id_regency_error")
        self.assertIsNotNone(soup.find(id="id_regency_error"))

    def test_hostile_query_strings_never_fail(self):
        """Odd, oversized and malformed values: always a page, never a 500."""
        cases = [
            {"q": "'; DROP TABLE events_occurrence; --"},
            {"q": "kopi & | ! ( ) : * \\"},
            {"q": "x" * 500},
            {"q": "\x00"},
            {"tag": "bukan slug/../"},
            {"venue": "<script>"},
            {"start": "9999-99-99", "end": "0000-00-00"},
            {"start": "2027-07-20", "end": "2027-07-01"},
            {"start": "1900-01-01"},
            {"free": "maybe"},
            {"page": "-1"},
            {"page": "99999999999999999999"},
            {"page": "abc"},
            {"category": ["culture", "tourism"]},
        ]
        for params in cases:
            for url in ("/agenda/", "/agenda/2027/7/", "/agenda/past/"):
                with self.subTest(url=url, params=params):
                    response = self.get(url, **params)
                    self.assertIn(response.status_code, (200, 400))

    # Event page.

    def test_event_page_shows_dates_place_price_and_links(self):
        response = self.get(self.festival.url)
        self.assertEqual(response.status_code, 200)
        soup = BeautifulSoup(response.content, "html.parser")
        facts = soup.find(class_="event__facts").get_text(" ", strip=True)
        for text in (
            "Sabtu, 10 Juli 2027, pukul 19.00–21.00 WIB",
            "PKOR Way Halim · Anjungan Lampung Barat",
            "Dinas Pariwisata Lampung Barat",
            "Rp25.000, anak gratis",
        ):
            self.assertIn(text, facts)
        map_link = soup.find("a", href=lambda h: h and "openstreetmap.org" in h)
        self.assertIn("openstreetmap.org", map_link["href"])
        google = soup.find("a", href=lambda h: h and "calendar.google.com" in h)
        params = parse_qs(urlparse(google["href"]).query)
        self.assertEqual(params["dates"], ["20270710T190000/20270710T210000"])
        self.assertEqual(params["ctz"], ["Asia/Jakarta"])
        self.assertEqual(params["text"], ["Festival Sekala Bekhak"])

    def google_link(self, page):
        soup = BeautifulSoup(self.get(page.url).content, "html.parser")
        link = soup.find(
            "a", href=lambda h: h and "calendar.google.com/calendar/render?action" in h
        )
        return soup, parse_qs(urlparse(link["href"]).query) if link else None

    def test_google_link_of_a_series_carries_its_rule(self):
        """The whole series goes to Google Calendar: its first date and its
        RRULE, which expands to exactly the page's dates."""
        series = live_event(
            self.tree.folders["pesisir-barat"],
            title="Latihan Tari Anjungan",
            slug="latihan-tari",
            start_date=date(2027, 8, 7),
            start_time=time(16),
            end_time=time(18),
            recurrence_frequency="weekly",
            recurrence_weekdays="5,6",
            recurrence_count=5,
        )
        _soup, params = self.google_link(series)
        self.assertEqual(params["dates"], ["20270807T160000/20270807T180000"])
        (recur,) = params["recur"]
        self.assertTrue(recur.startswith("RRULE:"), recur)
        wib = timezone.get_default_timezone()
        rule = rrulestr(recur, dtstart=datetime(2027, 8, 7, 16, tzinfo=wib))
        self.assertEqual(list(rule), [s.start for s in series.spans()])

    def test_series_page_says_its_rule(self):
        """The rule in words, as the year view and the booklet say it."""
        soup = BeautifulSoup(self.get(self.series.url).content, "html.parser")
        facts = soup.find(class_="event__facts").get_text(" ", strip=True)
        self.assertIn("Berulang Setiap Sabtu, pukul", facts)
        soup = BeautifulSoup(self.get(self.festival.url).content, "html.parser")
        self.assertNotIn("Berulang", soup.find(class_="event__facts").get_text())

    def test_no_google_link_where_google_cannot_say_the_dates(self):
        """A series with a cancelled date offers the .ics download only; a
        cancelled event offers nothing to add."""
        soup, params = self.google_link(self.series)
        self.assertIsNone(params)
        self.assertIsNotNone(soup.find("a", attrs={"download": True}))
        soup, params = self.google_link(self.cancelled)
        self.assertIsNone(params)
        self.assertIsNone(soup.find("a", attrs={"download": True}))
        self.assertNotIn("Tambahkan ke kalender", soup.get_text())

    def test_map_link_searches_the_address_without_coordinates(self):
        soup = BeautifulSoup(self.get(self.multi_day.url).content, "html.parser")
        link = soup.find("a", href=lambda h: h and "openstreetmap.org" in h)
        self.assertEqual(
            link["href"],
            "https://www.openstreetmap.org/search?query="
            "Gedung+Dekranasda+Liwa%2C+Jl.+Raden+Intan%2C+Liwa%2C+Lampung",
        )

    def test_series_page_lists_its_coming_dates(self):
        """All coming dates of a series, the cancelled one marked."""
        response = self.get(self.series.url)
        dates_list = BeautifulSoup(response.content, "html.parser").find(
            "ul", class_="dates"
        )
        items = dates_list.find_all("li")
        self.assertEqual(len(items), 6)
        cancelled = [li for li in items if "is-cancelled" in (li.get("class") or [])]
        self.assertEqual(len(cancelled), 1)
        self.assertIn("17 Juli 2027", cancelled[0].get_text())
        self.assertIn("Anjungan direnovasi", cancelled[0].get_text())

    def test_related_events_share_the_category(self):
        response = self.get(self.online.url)
        related = [o.event.title for o in response.context["related"]]
        self.assertEqual(related, ["Lampung Fair Menyusul"])

    def test_related_events_are_alike_once_each_and_never_itself(self):
        """A weekly class of the same category appears once, not once a week;
        an event of the same regency sharing a tag comes before it; an event
        sharing nothing is not related; the event itself never is."""
        lambar = self.tree.folders["lampung-barat"]
        pesibar = self.tree.folders["pesisir-barat"]
        live_event(
            pesibar,
            title="Kelas Menyulam Tapis",
            category=self.festival.category,
            start_date=date(2027, 1, 9),
            recurrence_frequency="weekly",
            recurrence_count=30,
        )
        live_event(
            lambar,
            title="Malam Tari Sekura",
            category="sport_tourism",
            start_date=date(2027, 8, 1),
            tags=["tari"],
        )
        live_event(
            pesibar,
            title="Lomba Dayung",
            category="sport_tourism",
            start_date=date(2027, 2, 1),
        )
        related = [
            o.event.title for o in self.get(self.festival.url).context["related"]
        ]
        self.assertEqual(related[0], "Malam Tari Sekura")
        self.assertIn("Kelas Menyulam Tapis", related)
        self.assertEqual(len(related), len(set(related)))
        self.assertNotIn(self.festival.title, related)
        self.assertNotIn("Lomba Dayung", related)

    def test_status_banners(self):
        """Cancelled, postponed and moved-online events say so with the reason."""
        cases = [
            (self.cancelled, "Dibatalkan", "Gelombang tinggi"),
            (self.multi_day, "Ditunda", "Menunggu musim panen"),
            (self.online, "Dipindah ke daring", "Dipindah ke daring"),
        ]
        for event, label, reason in cases:
            with self.subTest(event.title):
                soup = BeautifulSoup(self.get(event.url).content, "html.parser")
                banner = soup.find("p", class_=f"status--{event.status}")
                self.assertIn(label, banner.get_text())
                self.assertIn(reason, banner.get_text())
        soup = BeautifulSoup(self.get(self.cancelled.url).content, "html.parser")
        self.assertEqual(soup.h1.find(class_="status-tag").get_text(), "Dibatalkan")

    def test_list_marks_cancelled_and_postponed(self):
        response = self.get("/agenda/")
        soup = BeautifulSoup(response.content, "html.parser")
        cards = {
            card.find(class_="event-card__title").get_text(strip=True): card
            for card in soup.find_all("article", class_="event-card")
        }
        self.assertIn("event-card--cancelled", cards["Lomba Perahu Batal"]["class"])
        self.assertIn("Gelombang tinggi", cards["Lomba Perahu Batal"].get_text())
        self.assertIn("Ditunda", cards["Pekan Kopi Liwa"].get_text())

    # Structured data.

    def test_json_ld_meets_googles_event_requirements(self):
        """name, startDate with offset, location with address, eventStatus,
        eventAttendanceMode, description, offers, organizer."""
        data = json_ld_event(self.get(self.festival.url))
        self.assertEqual(data["@context"], "https://schema.org")
        self.assertEqual(data["name"], "Festival Sekala Bekhak")
        self.assertEqual(data["startDate"], "2027-07-10T19:00:00+07:00")
        self.assertEqual(data["endDate"], "2027-07-10T21:00:00+07:00")
        self.assertEqual(data["eventStatus"], "https://schema.org/EventScheduled")
        self.assertEqual(
            data["eventAttendanceMode"], "https://schema.org/OfflineEventAttendanceMode"
        )
        self.assertEqual(data["location"]["@type"], "Place")
        address = data["location"]["address"]
        self.assertEqual(address["@type"], "PostalAddress")
        self.assertEqual(address["addressCountry"], "ID")
        self.assertTrue(address["streetAddress"])
        self.assertEqual(data["description"], "Festival budaya Lampung Barat.")
        self.assertEqual(data["organizer"]["name"], "Dinas Pariwisata Lampung Barat")
        self.assertEqual(data["organizer"]["url"], "https://lampungbaratkab.go.id/")
        offer = data["offers"]
        self.assertEqual((offer["price"], offer["priceCurrency"]), (25000, "IDR"))
        self.assertTrue(offer["url"].startswith("http"))
        self.assertTrue(data["url"].endswith(self.festival.url))

    def test_json_ld_status_and_dates_by_case(self):
        """eventStatus and dates of cancelled, postponed, all-day, online and
        month-only events; a series is dated by its next held occurrence."""
        cases = [
            (self.cancelled, "EventCancelled", "2027-07-20T19:00:00+07:00"),
            (self.multi_day, "EventPostponed", "2027-07-14"),
            (self.online, "EventMovedOnline", "2027-07-22T19:00:00+07:00"),
            (self.month_only, "EventScheduled", "2027-07"),
            (self.series, "EventScheduled", "2027-07-03T19:00:00+07:00"),
        ]
        for event, status, start in cases:
            with self.subTest(event.title):
                data = json_ld_event(self.get(event.url))
                self.assertEqual(data["eventStatus"], f"https://schema.org/{status}")
                self.assertEqual(data["startDate"], start)
        data = json_ld_event(self.get(self.multi_day.url))
        self.assertEqual(data["endDate"], "2027-07-16")
        # Without a venue, the regency (or the province) is the location.
        data = json_ld_event(self.get(self.cancelled.url))
        self.assertEqual(data["location"]["name"], "Kabupaten Lampung Barat")
        self.assertEqual(data["location"]["address"]["addressLocality"], "Liwa")
        data = json_ld_event(self.get(self.month_only.url))
        self.assertEqual(data["location"]["name"], "Provinsi Lampung")
        data = json_ld_event(self.get(self.online.url))
        self.assertEqual(
            data["eventAttendanceMode"], "https://schema.org/OnlineEventAttendanceMode"
        )
        self.assertEqual(data["location"]["@type"], "VirtualLocation")
        self.assertEqual(data["offers"]["price"], 0)

    def test_json_ld_skips_a_cancelled_next_date_of_a_series(self):
        """Seen on 15 July, the next date (17th) is cancelled: the event is
        dated by the 24th and stays scheduled."""
        with frozen(datetime(2027, 7, 15, 9, tzinfo=WIB)):
            data = json_ld_event(self.client.get(self.series.url))
        self.assertEqual(data["eventStatus"], "https://schema.org/EventScheduled")
        self.assertEqual(data["startDate"], "2027-07-24T19:00:00+07:00")

    # Never public.

    def test_hidden_events_appear_nowhere(self):
        """Drafts, private, password-protected and unpublished events are on
        no listing, no PKOR or anjungan page, no brand block, no search."""
        pages = [
            "/agenda/",
            "/agenda/2027/7/",
            "/agenda/past/",
            "/agenda/?venue=pkor-way-halim",
            "/agenda/?q=acara",
            self.tree.pkor_page.url,
            self.tree.pavilions["lampung-barat"].url,
            self.tree.pavilions["pesisir-barat"].url,
            "/search/?q=acara",
            "/search/?q=privat",
        ]
        for url in pages:
            with self.subTest(url):
                response = self.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertHidesPrivate(response)
        with frozen(NOW):
            visible = Occurrence.objects.visible()
            upcoming = visible.regency_upcoming(
                self.tree.regencies["lampung-barat"], timezone.now(), limit=50
            )
            picked = visible.highlights(timezone.now(), limit=50)
        titles = {o.event.title for o in [*upcoming, *picked]}
        self.assertFalse(titles & set(HIDDEN))
        self.assertIn("Festival Sekala Bekhak", titles)

    # PKOR and anjungan pages.

    def test_pkor_page_shows_a_rolling_week_and_each_event_once(self):
        """On Thursday 1 July the board runs to Wednesday 7 July (not to
        Sunday); the programme lists each event once, a series by its rule
        with its next date."""
        response = self.get(self.tree.pkor_page.url)
        days = response.context["board_days"]
        self.assertEqual(
            [d.day for d in days], [date(2027, 7, day) for day in range(1, 8)]
        )
        on_board = [
            (d.day.day, occ.event.title)
            for d in days
            for cell in d.cells
            for occ in cell.occurrences
        ]
        self.assertEqual(on_board, [(3, "Malam Sastra Anjungan")])
        programme = {
            venue.name: [(e.occurrence.event.title, e.rule) for e in entries]
            for venue, _page, entries in response.context["programme"]
        }
        self.assertEqual(
            programme,
            {
                "Anjungan Lampung Barat": [("Festival Sekala Bekhak", "")],
                "Anjungan Pesisir Barat": [
                    ("Malam Sastra Anjungan", "Setiap Sabtu, pukul 19.00–21.00 WIB")
                ],
            },
        )
        self.assertContains(response, self.tree.pavilions["pesisir-barat"].url)

    def test_anjungan_page_shows_its_programme(self):
        response = self.get(self.tree.pavilions["pesisir-barat"].url)
        titles = [o.event.title for o in response.context["page_obj"]]
        self.assertEqual(titles, ["Malam Sastra Anjungan"] * 6)


class CalendarQueryCountTests(TestCase):
    """Month grid, upcoming list and event page cost the same, small number
    of queries with 100 and with 10,000 events. One fixture serves both
    sizes: the 9,900 extra events are added inside the test."""

    @classmethod
    def setUpTestData(cls):
        tree = cls.tree = calendar_tree()
        image = ImageFactory(title="Tari Sekura")
        cls.event = live_event(
            tree.folders["lampung-barat"],
            title="Malam Tari Sekura",
            start_date=date(2027, 7, 3),
            recurrence_frequency="weekly",
            recurrence_count=12,
            venue=tree.anjungan["lampung-barat"],
            image=image,
            tags=["tari", "sekura"],
            exceptions=[{"original_date": date(2027, 7, 17), "action": "cancel"}],
        )
        for day in (2, 4, 6):
            live_event(
                tree.folders["pesisir-barat"],
                start_date=date(2027, 7, day),
                category="culture",
                image=image,
            )
        live_event(
            tree.folders[None],
            date_precision="month",
            start_date=date(2027, 7, 1),
            start_time=None,
            end_time=None,
        )
        generate_events(100)

    def count_queries(self) -> dict[str, int]:
        counts = {}
        for name, url in (
            ("month grid", "/agenda/2027/7/"),
            ("upcoming list", "/agenda/"),
            ("filtered list", "/agenda/?regency=lampung-barat&category=culture"),
            ("event page", self.event.url),
            ("PKOR", self.tree.pkor_page.url),
        ):
            with frozen(NOW):
                self.client.get(url)  # warm caches (renditions, site root)
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            counts[name] = len(queries)
        return counts

    def test_query_counts_do_not_grow_with_the_calendar(self):
        """At most 21 queries each, the same with 100 and 10,000 events
        (PKOR's board and programme included)."""
        small = self.count_queries()
        generate_events(9_900)
        self.assertGreaterEqual(EventPage.objects.live().count(), 10_000)
        large = self.count_queries()
        self.assertEqual(large, small)
        for name, count in large.items():
            with self.subTest(name):
                self.assertLessEqual(count, 21)


class MonthWeeksTests(SimpleTestCase):
    """The month grid's arrangement of occurrences into weeks and days."""

    @staticmethod
    def occurrence(pk, start, end, all_day=False, day_count=1):
        from types import SimpleNamespace

        start_day, end_day = Occurrence.local_days(start, end)
        return SimpleNamespace(
            pk=pk,
            local_start=start,
            start_day=start_day,
            end_day=end_day,
            all_day=all_day,
            day_count=day_count,
        )

    def days(self, weeks):
        return {d["date"]: d for week in weeks for d in week}

    def test_multi_day_spans_every_day_and_marks_continuation(self):
        """From the last days of June into July: shown on 1 and 2 July,
        both marked as continuing."""
        occ = self.occurrence(
            1, datetime(2027, 6, 29, tzinfo=WIB), datetime(2027, 7, 3, tzinfo=WIB), True
        )
        days = self.days(month_weeks(2027, 7, [], [occ]))
        self.assertEqual(days[date(2027, 7, 1)]["occurrences"], [occ])
        self.assertEqual(days[date(2027, 7, 2)]["continued"], {1})
        self.assertEqual(days[date(2027, 7, 3)]["occurrences"], [])
        self.assertEqual(days[date(2027, 6, 30)]["occurrences"], [])

    def test_busy_day_shows_a_few_and_counts_the_rest(self):
        """The database sends the first few of a day with the day's count."""
        start = datetime(2027, 7, 10, 19, tzinfo=WIB)
        busy = [
            self.occurrence(
                pk,
                start,
                start + timezone.timedelta(hours=2),
                day_count=MAX_PER_DAY + 3,
            )
            for pk in range(MAX_PER_DAY)
        ]
        day = self.days(month_weeks(2027, 7, busy, []))[date(2027, 7, 10)]
        self.assertEqual(len(day["occurrences"]), MAX_PER_DAY)
        self.assertEqual(day["more"], 3)

    def test_a_continuing_event_comes_first_and_counts(self):
        """It began the day before, so it leads the day; the day's starters
        then fill the cell and one more is counted."""
        start = datetime(2027, 7, 10, 8, tzinfo=WIB)
        running = self.occurrence(
            99, datetime(2027, 7, 9, 18, tzinfo=WIB), datetime(2027, 7, 11, tzinfo=WIB)
        )
        starters = [
            self.occurrence(
                pk, start, start + timezone.timedelta(hours=1), day_count=MAX_PER_DAY
            )
            for pk in range(MAX_PER_DAY)
        ]
        day = self.days(month_weeks(2027, 7, starters, [running]))[date(2027, 7, 10)]
        self.assertIs(day["occurrences"][0], running)
        self.assertEqual(len(day["occurrences"]), MAX_PER_DAY)
        self.assertEqual(day["more"], 1)
        self.assertEqual(day["continued"], {99})

    def test_weeks_start_on_monday_and_cover_the_month(self):
        weeks = month_weeks(2027, 2, [], [])
        self.assertEqual(weeks[0][0]["date"], date(2027, 2, 1))
        self.assertEqual(len(weeks), 4)
        self.assertIs(weeks[0][0]["in_month"], True)
