"""The province home page and the regency index in the demo province: the
provincial brand, all regencies as cards, highlight events, PKOR and its
anjungan, search; sharing tags, sitemap.xml, robots.txt and query counts."""

import re
from datetime import date, datetime, time
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from brands.models import BrandPage, Destination
from core.colours import PALETTE
from events.models import EventFolderPage, EventPage
from tests.brands.test_pages import add_regency
from tests.demo import load_demo_province
from tests.events.clock import frozen
from tests.events.factories import folder_of, live_event

WIB = timezone.get_default_timezone()
# A week after the demo province's "today": its festivals lie ahead.
SOON = datetime(2026, 12, 4, 9, tzinfo=WIB)
# One of them reads the planning cycle: which year's Calendar of Events the
# hero links (a single row, whatever the calendar holds).
QUERY_BUDGET = 16


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


class HomePageTests(WagtailPageTestCase):
    """The demo province in Indonesian and English."""

    @classmethod
    def setUpTestData(cls):
        load_demo_province(with_users=False)

    def get(self, url="/"):
        with frozen(SOON):
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response

    def test_home_page_shows_the_province_brand_regencies_events_and_pkor(self):
        """The provincial brand as the heading, a search form, highlight
        events with the calendar link, the 15 regencies as cards in their
        colours (kabupaten first), PKOR and its 15 anjungan."""
        soup = soup_of(self.get())
        self.assertEqual(
            soup.select_one("h1").get_text(), "Lampung The Treasure of Sumatera"
        )
        form = soup.select_one("form.hero__search")
        self.assertEqual(form["action"], "/search/")
        self.assertEqual(form.select_one("input")["name"], "q")
        cards = soup.select("a.brand-card")
        pages = {p.url: p for p in BrandPage.objects.filter(locale__language_code="id")}
        self.assertEqual(
            [c["href"] for c in cards if c["href"] in pages], [c["href"] for c in cards]
        )
        self.assertEqual(len(cards), 15)
        kinds = [pages[c["href"]].regency.kind for c in cards]
        self.assertEqual(kinds, ["kabupaten"] * 13 + ["kota"] * 2)
        for card in cards:
            theme = PALETTE[pages[card["href"]].theme]
            self.assertIn(f"--brand:{theme.primary};", card["style"])
            self.assertIsNotNone(card.select_one("img.brand-card__logo[alt='']"))
        events = soup.select("section[aria-labelledby=highlights-heading] .event-card")
        self.assertGreaterEqual(len(events), 3)
        highlighted = set(
            EventPage.objects.filter(highlight=True).values_list("title", flat=True)
        )
        for card in events:
            self.assertIn(
                card.select_one(".event-card__title a").get_text(), highlighted
            )
        self.assertIsNotNone(soup.find("a", href="/agenda/"))
        pkor = soup.select_one("section.pkor")
        self.assertEqual(pkor.select_one("a.button")["href"], "/pkor-way-halim/")
        self.assertEqual(len(pkor.select(".pavilion-links a")), 15)
        self.assertIn(
            "/events/lampung.ics", soup.find("link", type="text/calendar")["href"]
        )

    def test_english_home_lists_every_regency(self):
        """The English home page shows all 15 regencies; the two without an
        English brand page link to the Indonesian one, marked as such."""
        soup = soup_of(self.get("/en/"))
        cards = soup.select("a.brand-card")
        self.assertEqual(len(cards), 15)
        untranslated = [c for c in cards if c.get("hreflang") == "id"]
        self.assertEqual(
            sorted(c["href"] for c in untranslated),
            ["/kabupaten-kota/bandar-lampung/", "/kabupaten-kota/metro/"],
        )
        for card in untranslated:
            self.assertIsNotNone(card.select_one(".brand-card__note"))

    def test_regency_index_groups_kabupaten_and_kota(self):
        """The regency index lists 13 kabupaten, then 2 kota."""
        soup = soup_of(self.get("/kabupaten-kota/"))
        sections = soup.select("main section")
        self.assertEqual(len(sections), 2)
        self.assertEqual(len(sections[0].select("a.brand-card")), 13)
        kota = [
            a.select_one(".brand-card__name").get_text()
            for a in sections[1].select("a.brand-card")
        ]
        self.assertEqual(kota, ["Kota Bandar Lampung", "Kota Metro"])

    def test_unpublished_and_private_brand_pages_are_not_listed(self):
        """Home page and regency index list live, public brand pages only."""
        BrandPage.objects.get(
            regency__slug="metro", locale__language_code="id"
        ).unpublish()
        PageViewRestriction.objects.create(
            page=BrandPage.objects.get(
                regency__slug="mesuji", locale__language_code="id"
            ),
            restriction_type=PageViewRestriction.LOGIN,
        )
        for url in ("/", "/kabupaten-kota/"):
            with self.subTest(url=url):
                soup = soup_of(self.get(url))
                hrefs = [a["href"] for a in soup.select("a.brand-card")]
                self.assertEqual(len(hrefs), 13)
                self.assertNotIn("/kabupaten-kota/metro/", hrefs)
                self.assertNotIn("/kabupaten-kota/mesuji/", hrefs)

    def test_home_page_sharing_tags(self):
        """Description, canonical URL and sharing image from the hero; no
        breadcrumbs on the home page itself."""
        soup = soup_of(self.get())
        meta = {
            tag.get("property") or tag.get("name"): tag.get("content")
            for tag in soup.find_all("meta")
        }
        self.assertTrue(meta["description"].startswith("Lampung berada di ujung"))
        self.assertEqual(
            soup.find("link", rel="canonical")["href"], "http://testserver/"
        )
        self.assertTrue(meta["og:image"].startswith("http://testserver/media/images/"))
        self.assertEqual(meta["twitter:card"], "summary_large_image")
        self.assertEqual(
            meta["og:title"], "Agenda Lampung: Lampung The Treasure of Sumatera"
        )
        self.assertIsNone(soup.select_one("nav.breadcrumbs"))

    def test_sitemap_lists_live_public_pages_in_both_languages(self):
        """sitemap.xml has every live public page of both languages, with
        absolute addresses; not drafts, private pages or event folders."""
        metro = BrandPage.objects.get(regency__slug="metro", locale__language_code="id")
        metro.unpublish()
        mesuji = BrandPage.objects.get(
            regency__slug="mesuji", locale__language_code="id"
        )
        PageViewRestriction.objects.create(
            page=mesuji, restriction_type=PageViewRestriction.LOGIN
        )
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        locations = set(re.findall(r"<loc>([^<]+)</loc>", response.content.decode()))
        for url in (
            "http://testserver/",
            "http://testserver/en/",
            "http://testserver/kabupaten-kota/lampung-barat/",
            "http://testserver/en/kabupaten-kota/lampung-barat/",
            "http://testserver/destinasi/",
            "http://testserver/pkor-way-halim/anjungan-way-kanan/",
        ):
            self.assertIn(url, locations)
        for url in (
            "http://testserver/kabupaten-kota/metro/",
            "http://testserver/kabupaten-kota/mesuji/",
            "http://testserver/agenda/lampung-barat/",
        ):
            self.assertNotIn(url, locations)
        expected = (
            Page.objects.live()
            .public()
            .exclude(depth=1)
            .not_type(EventFolderPage)
            .count()
        )
        self.assertEqual(len(locations), expected)

    def test_robots_txt_points_to_the_sitemap(self):
        """robots.txt keeps crawlers out of the admin and search, and names
        the sitemap."""
        response = self.client.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain")
        lines = response.content.decode().splitlines()
        self.assertIn("Disallow: /admin/", lines)
        self.assertIn("Disallow: /search/", lines)
        self.assertIn("Sitemap: http://testserver/sitemap.xml", lines)

    def test_home_page_query_budget_does_not_grow(self):
        """The home page takes at most 16 queries with the demo data, and the
        same number after a new regency, more destinations and more highlight
        events with images."""
        before = self.count_queries("/")
        self.assertLessEqual(before, QUERY_BUDGET)
        add_regency("tanjung-harapan", "Kabupaten Tanjung Harapan", "18.99")
        page = BrandPage.objects.get(
            regency__slug="way-kanan", locale__language_code="id"
        )
        page.destinations.add(
            Destination(
                name="Air Terjun Baru",
                category="waterfall",
                description="Air terjun baru.",
                latitude=Decimal("-4.5"),
                longitude=Decimal("104.5"),
            )
        )
        page.save_revision().publish()
        for day in range(5, 12):
            live_event(
                folder_of("way-kanan"),
                title=f"Festival Sorot {day}",
                start_date=date(2026, 12, day),
                start_time=time(9),
                highlight=True,
                image=ImageFactory(description="Festival"),
            )
        self.assertEqual(self.count_queries("/"), before)
        self.assertLessEqual(self.count_queries("/en/"), QUERY_BUDGET)

    def count_queries(self, url: str) -> int:
        """Queries of a request after a first one has made the renditions and
        filled Wagtail's caches, as on a running site."""
        with frozen(SOON):
            self.assertEqual(self.client.get(url).status_code, 200)
            with CaptureQueriesContext(connection) as queries:
                self.client.get(url)
        return len(queries.captured_queries)
