"""The calendar's upcoming list as a visitor meets it: the major events first,
each regular activity once, the rest by day; a picture or its category's
fallback on every card; removable filter chips; in both languages."""

from datetime import date, datetime, time, timedelta
from urllib.parse import parse_qs, urlparse

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Locale

from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from events.models import Occurrence
from events.views import LEAD_MIN
from tests.events.clock import frozen
from tests.events.factories import calendar_tree, live_event, publish

WIB = timezone.get_default_timezone()
NOW = datetime(2027, 7, 1, 9, tzinfo=WIB)
TODAY = NOW.date()
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def section(soup, heading_id: str):
    heading = soup.find(id=heading_id)
    return heading.find_parent("section") if heading else None


def card_titles(node) -> list[str]:
    if node is None:
        return []
    return [
        card.find(class_="event-card__title").a.get_text(strip=True)
        for card in node.find_all("article", class_="event-card")
    ]


def series_titles(node) -> list[str]:
    if node is None:
        return []
    return [
        item.find(class_="series-item__title").a.get_text(strip=True)
        for item in node.find_all("article", class_="series-item")
    ]


class CalendarListTests(TestCase):
    """A busy province on 1 July 2027: twelve weekly anjungan activities, and
    festivals now, in the next three months and later."""

    @classmethod
    def setUpTestData(cls):
        tree = cls.tree = calendar_tree()
        lambar = tree.folders["lampung-barat"]
        pesibar = tree.folders["pesisir-barat"]
        cls.series = [
            live_event(
                lambar if n % 2 else pesibar,
                title=f"Kegiatan Mingguan {n}",
                start_date=date(2027, 7, 3) + timedelta(days=n % 7),
                start_time=time(9),
                end_time=time(11),
                recurrence_frequency="weekly",
                recurrence_count=26,
                venue=tree.anjungan["lampung-barat" if n % 2 else "pesisir-barat"],
                category="education_environment",
            )
            for n in range(12)
        ]
        # The major events of the next three months: multi-day festivals, a
        # one-day highlight and a one-day event proposed for KEN.
        cls.festivals = [
            live_event(
                lambar,
                title=f"Festival Besar {n}",
                start_date=date(2027, 7, 20) + timedelta(days=12 * n),
                end_date=date(2027, 7, 22) + timedelta(days=12 * n),
                start_time=None,
                end_time=None,
            )
            for n in range(5)
        ]
        cls.highlight = live_event(
            tree.folders[None],
            title="Malam Puncak Provinsi",
            start_date=date(2027, 8, 17),
            highlight=True,
        )
        cls.ken = live_event(
            pesibar,
            title="Festival Teluk Usulan KEN",
            start_date=date(2027, 9, 25),
            ken_nominated=True,
            category="tourism",
        )
        cls.later = live_event(
            lambar,
            title="Festival Akhir Tahun",
            start_date=date(2027, 12, 1),
            end_date=date(2027, 12, 3),
        )
        cls.small = live_event(
            lambar, title="Lomba Mewarnai Anak", start_date=date(2027, 7, 3)
        )
        cls.cancelled = live_event(
            lambar,
            title="Festival Batal",
            start_date=date(2027, 7, 24),
            end_date=date(2027, 7, 25),
            status="cancelled",
            status_reason="Cuaca buruk",
        )

    def get(self, url, **params):
        with frozen(NOW):
            return self.client.get(url, params)

    # What leads, and what is listed once.

    def test_first_page_leads_with_every_festival_of_the_next_three_months(self):
        """Multi-day festivals, highlights and KEN nominations of the next
        three months lead the first page, however many weekly activities
        come before them; a cancelled festival and one further off do not
        lead (the list by day still has them)."""
        soup = soup_of(self.get("/agenda/"))
        lead = card_titles(section(soup, "lead-heading"))
        first, second, third, fourth, fifth = (f.title for f in self.festivals)
        self.assertEqual(
            lead,
            [
                first,
                second,
                third,
                self.highlight.title,
                fourth,
                fifth,
                self.ken.title,
            ],
        )
        self.assertNotIn(self.later.title, lead)
        self.assertNotIn(self.cancelled.title, lead)
        self.assertNotIn(self.small.title, lead)
        by_day = card_titles(section(soup, "days-heading"))
        self.assertIn(self.cancelled.title, by_day)
        self.assertIn(self.small.title, by_day)

    def test_each_series_is_listed_once_with_its_rule_and_next_date(self):
        """Each weekly activity appears once on the first page, in the
        regular activities, said by its rule ("Setiap Sabtu, pukul
        09.00–11.00 WIB"), its place and its next date; never in the list by
        day, nor on later pages."""
        soup = soup_of(self.get("/agenda/"))
        links = [a.get_text(strip=True) for a in soup.find("main").find_all("a")]
        for event in self.series:
            with self.subTest(event.title):
                self.assertEqual(links.count(event.title), 1)
        items = section(soup, "series-heading").find_all(
            "article", class_="series-item"
        )
        self.assertEqual(len(items), 12)
        first = items[0]
        self.assertEqual(
            first.find(class_="series-item__title").get_text(strip=True),
            "Kegiatan Mingguan 0",
        )
        self.assertEqual(
            first.find(class_="series-item__rule").get_text(strip=True),
            "Setiap Sabtu, pukul 09.00–11.00 WIB",
        )
        self.assertIn("Anjungan Pesisir Barat", first.get_text())
        next_date = first.find(class_="series-item__next").time
        self.assertEqual(next_date.get_text(strip=True), "Sabtu, 3 Juli 2027")
        self.assertNotIn("Kegiatan Mingguan", " ".join(card_titles(soup)))
        with self.settings(EVENTS_PER_PAGE=3):
            page_two = self.get("/agenda/", page="2")
        self.assertEqual(page_two.context["page_obj"].number, 2)
        self.assertNotContains(page_two, "Kegiatan Mingguan")
        self.assertNotContains(page_two, 'id="lead-heading"')

    def test_a_date_filter_gives_a_series_its_date_in_range(self):
        """Filtered to one later Saturday, a weekly activity shows that
        Saturday, not its next one."""
        response = self.get("/agenda/", start="2027-07-17", end="2027-07-17")
        entries = {
            entry.occurrence.event.title: entry.occurrence.start_day
            for entry in response.context["series"]
        }
        self.assertEqual(entries["Kegiatan Mingguan 0"], date(2027, 7, 17))
        self.assertNotIn("Kegiatan Mingguan 1", entries)  # a Sunday activity

    def test_a_quiet_season_still_leads_with_the_next_major_events(self):
        """With no major event in the next three months, the list leads with
        the next ones however far ahead, at least LEAD_MIN of them."""
        quiet = datetime(2027, 12, 20, 9, tzinfo=WIB)
        for n in range(LEAD_MIN + 1):
            live_event(
                self.tree.folders["lampung-barat"],
                title=f"Festival Tahun Depan {n}",
                start_date=date(2028, 5, 1) + timedelta(days=10 * n),
                end_date=date(2028, 5, 2) + timedelta(days=10 * n),
            )
        with frozen(quiet):
            soup = soup_of(self.client.get("/agenda/"))
        lead = card_titles(section(soup, "lead-heading"))
        self.assertEqual(lead, [f"Festival Tahun Depan {n}" for n in range(LEAD_MIN)])

    def test_list_by_day_has_a_heading_per_day(self):
        """The list by day is cut into days, each under a heading that names
        it in full ("Sabtu, 3 Juli 2027"), marked as a date."""
        soup = soup_of(self.get("/agenda/"))
        days = section(soup, "days-heading")
        headings = days.find_all("h3", class_="day__heading")
        self.assertEqual(headings[0].time.get_text(strip=True), "Sabtu, 3 Juli 2027")
        self.assertEqual(headings[0].time["datetime"], "2027-07-03")
        for heading in headings:
            with self.subTest(heading.get_text(strip=True)):
                self.assertIn(heading.get_text(" ", strip=True).split(",")[0], WEEKDAYS)
                cards = heading.find_next_sibling("ul").find_all("article")
                self.assertGreater(len(cards), 0)
                for card in cards:
                    self.assertEqual(card.find("h4")["class"], ["event-card__title"])
        past = soup_of(self.get("/agenda/past/"))
        self.assertIsNone(past.find(id="lead-heading"))

    def test_what_is_already_under_way_comes_first_under_its_own_heading(self):
        """Seen on its second day, a festival still running heads the list
        by day under "Sedang berlangsung", before today's events."""
        with frozen(datetime(2027, 7, 21, 9, tzinfo=WIB)):
            soup = soup_of(self.client.get("/agenda/"))
        days = section(soup, "days-heading").find_all("div", class_="day")
        self.assertEqual(days[0].h3.get_text(strip=True), "Sedang berlangsung")
        self.assertEqual(card_titles(days[0]), [self.festivals[0].title])
        self.assertEqual(days[1].h3.time["datetime"], "2027-07-24")

    # Cards.

    def test_every_card_has_a_picture_or_its_fallback_and_a_date_badge(self):
        """A card shows the event's picture, sized so nothing moves as it
        loads, or the category's fallback in the regency's colours; never an
        empty column. The date badge gives the day and the short month."""
        image = ImageFactory(title="Festival Besar")
        photographed = self.festivals[0]
        photographed.image = image
        photographed.save_revision()
        publish(photographed)
        categories = {
            occurrence.event.title: occurrence.category
            for occurrence in Occurrence.objects.select_related("event")
        }
        soup = soup_of(self.get("/agenda/"))
        cards = soup.find_all("article", class_="event-card")
        self.assertGreater(len(cards), 10)
        for card in cards:
            title = card.find(class_="event-card__title").get_text(strip=True)
            with self.subTest(title):
                media = card.find(class_="event-card__media")
                img = media.find("img")
                fallback = media.find(class_="event-fallback")
                if title == photographed.title:
                    self.assertIsNotNone(img)
                    self.assertTrue(img["width"] and img["height"])
                    self.assertIsNone(fallback)
                else:
                    self.assertIsNone(img)
                    self.assertEqual(fallback["aria-hidden"], "true")
                    use = fallback.find("use")["href"]
                    self.assertEqual(use.split("#")[1], f"category-{categories[title]}")
                self.assertIsNotNone(card.find(class_="category"))
        festival = next(
            card
            for card in cards
            if card.find(string=self.festivals[1].title) is not None
        )
        badge = festival.find(class_="date-badge")
        self.assertEqual(badge.find(class_="date-badge__day").get_text(), "1–3")
        self.assertEqual(badge.find(class_="date-badge__month").get_text(), "Agu")
        fallback = festival.find(class_="event-fallback")
        # Lampung Barat's brand colour (its default theme).
        self.assertIn("--brand:#9b1c1c", fallback["style"])

    def test_the_first_festival_picture_loads_first_and_the_rest_lazily(self):
        """The first lead picture is the largest thing on a phone's first
        screen: it is fetched at once with high priority; every other picture
        waits until it is scrolled near."""
        for festival in self.festivals[:2]:
            festival.image = ImageFactory(title=festival.title)
            festival.save_revision()
            publish(festival)
        soup = soup_of(self.get("/agenda/"))
        first, second = section(soup, "lead-heading").find_all("img")[:2]
        self.assertEqual(first["fetchpriority"], "high")
        self.assertEqual(first["loading"], "eager")
        self.assertEqual(second["loading"], "lazy")
        self.assertNotEqual(second.get("fetchpriority"), "high")

    def test_category_is_said_in_words_beside_its_symbol(self):
        soup = soup_of(self.get("/agenda/"))
        label = (
            section(soup, "lead-heading")
            .find(string=self.ken.title)
            .find_parent("article")
            .find(class_="category")
        )
        self.assertEqual(label.get_text(strip=True), "Pariwisata")
        self.assertIn("category--tourism", label["class"])
        self.assertEqual(label.svg["aria-hidden"], "true")

    def test_event_page_without_a_picture_shows_the_fallback(self):
        soup = soup_of(self.get(self.ken.url))
        fallback = soup.find(class_="event-fallback--page")
        self.assertEqual(fallback["aria-hidden"], "true")
        self.assertTrue(fallback.find("use")["href"].endswith("#category-tourism"))
        self.assertIn("--brand:", fallback["style"])
        image = ImageFactory(title="Teluk")
        self.ken.image = image
        self.ken.save_revision()
        publish(self.ken)
        soup = soup_of(self.get(self.ken.url))
        self.assertIsNone(soup.find(class_="event-fallback--page"))
        self.assertIsNotNone(soup.find(class_="event__image"))

    # Filters.

    def test_each_chip_removes_exactly_one_filter(self):
        """Every active filter is a chip linking to the same list without
        it (and from the first page), named "Hapus saringan: …"."""
        params = {
            "regency": "lampung-barat",
            "category": "culture",
            "q": "festival",
            "free": "on",
            "start": "2027-07-01",
            "page": "2",
        }
        soup = soup_of(self.get("/agenda/", **params))
        chips = soup.find(class_="filter-chips").find_all("a", class_="chip")
        removable = [chip for chip in chips if "chip--clear" not in chip["class"]]
        self.assertEqual(len(removable), 5)
        named = {}
        for chip in removable:
            url = urlparse(chip["href"])
            self.assertEqual(url.path, "/agenda/")
            kept = {k: v[0] for k, v in parse_qs(url.query).items()}
            removed = set(params) - {"page"} - set(kept)
            self.assertEqual(len(removed), 1, chip["href"])
            name = removed.pop()
            self.assertEqual(
                kept, {k: v for k, v in params.items() if k not in (name, "page")}
            )
            text = chip.get_text(strip=True)
            self.assertEqual(chip["aria-label"], f"Hapus saringan: {text}")
            named[name] = text
        self.assertEqual(
            named,
            {
                "q": "“festival”",
                "regency": "Kabupaten Lampung Barat",
                "category": "Budaya dan adat",
                "start": "dari 1 Jul 2027",
                "free": "Gratis",
            },
        )
        clear = soup.find("a", class_="chip--clear")
        self.assertEqual(clear["href"], "/agenda/")

    def test_filters_wait_behind_one_button(self):
        """The fields sit in a closed <details> behind "Saring" (with the
        number of active filters), open only when a value was refused."""
        soup = soup_of(self.get("/agenda/", regency="lampung-barat"))
        toggle = soup.find("details", class_="filter-bar__toggle")
        self.assertFalse(toggle.has_attr("open"))
        self.assertEqual(toggle.summary.get_text(" ", strip=True), "Saring (1)")
        self.assertIsNotNone(toggle.find("select", id="id_regency"))
        refused = soup_of(self.get("/agenda/", start="2027-02-30"))
        self.assertTrue(
            refused.find("details", class_="filter-bar__toggle").has_attr("open")
        )

    def test_month_grid_marks_its_empty_days(self):
        """Days without events are marked so phones can leave them out."""
        soup = soup_of(self.get("/agenda/2027/7/"))
        cells = {td["data-day"]: td for td in soup.select("td[data-day]")}
        self.assertIn("is-empty", cells["2027-07-02"]["class"])
        self.assertNotIn("is-empty", cells["2027-07-03"].get("class", []))
        self.assertNotIn("is-empty", cells["2027-07-01"].get("class", []))  # today

    # Languages.

    def test_labels_in_indonesian_and_english(self):
        english = Locale.objects.create(language_code="en")
        for page in (self.tree.home, self.tree.calendar):
            translation = page.copy_for_translation(english)
            translation.save_revision().publish()
        labels = {
            "/agenda/": (
                "Festival dan acara utama",
                "Kegiatan rutin",
                "Semua acara per hari",
                "Saring",
                "Telah lewat",
            ),
            "/en/agenda/": (
                "Festivals and major events",
                "Regular activities",
                "All events by day",
                "Filter",
                "Past",
            ),
        }
        for url, words in labels.items():
            with self.subTest(url):
                response = self.get(url)
                self.assertEqual(response.status_code, 200)
                soup = soup_of(response)
                self.assertEqual(soup.find(id="lead-heading").get_text(), words[0])
                self.assertEqual(soup.find(id="series-heading").get_text(), words[1])
                self.assertEqual(soup.find(id="days-heading").get_text(), words[2])
                self.assertEqual(
                    soup.find("summary", class_="filter-bar__summary").get_text(
                        strip=True
                    ),
                    words[3],
                )
                self.assertIn(words[4], soup.find(class_="view-switch").get_text())
        soup = soup_of(self.get("/en/agenda/"))
        rule = soup.find(class_="series-item__rule").get_text(strip=True)
        self.assertEqual(rule, "Every Saturday, 9:00 am–11:00 am WIB")


class CalendarListQueryTests(TestCase):
    """The upcoming list costs the same number of queries with one major
    event and one weekly activity as with twenty of each."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = calendar_tree()
        cls.image = ImageFactory(title="Festival")
        cls.add(1)

    @classmethod
    def add(cls, count: int) -> None:
        for n in range(count):
            folder = cls.tree.folders[("lampung-barat", "pesisir-barat")[n % 2]]
            live_event(
                folder,
                start_date=date(2027, 7, 5) + timedelta(days=n),
                end_date=date(2027, 7, 6) + timedelta(days=n),
                image=cls.image,
                venue=cls.tree.hall,
            )
            live_event(
                folder,
                start_date=date(2027, 7, 3) + timedelta(days=n % 7),
                recurrence_frequency="weekly",
                recurrence_count=10,
                image=cls.image,
                venue=cls.tree.anjungan["lampung-barat"],
            )

    def count(self, url: str) -> int:
        with frozen(NOW):
            self.client.get(url)  # warm caches (renditions, site root)
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_query_count_does_not_grow_with_the_events(self):
        urls = ("/agenda/", "/agenda/?regency=lampung-barat&start=2027-07-04")
        few = {url: self.count(url) for url in urls}
        self.add(19)
        self.assertEqual(Occurrence.objects.count(), 20 + 20 * 10)
        many = {url: self.count(url) for url in urls}
        self.assertEqual(many, few)
        with frozen(NOW):
            response = self.client.get("/agenda/")
        self.assertEqual(len(response.context["series"]), 20)
        self.assertEqual(len(response.context["lead"]), 12)
