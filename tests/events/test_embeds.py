"""Embeds for partner sites (events.embeds): every route in both languages
with the calendar's filters, links to the site, refusals inside the frame,
headers that let any site frame them and no cookie, and a fixed number of
queries however many events the calendar holds."""

from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Site

from bs4 import BeautifulSoup

from core.security import content_security_policies
from events.embeds import EMBED_EVENTS
from events.models import Occurrence
from tests.core.test_caching import production_middleware
from tests.events.clock import frozen
from tests.events.factories import calendar_tree, live_event

WIB = timezone.get_default_timezone()
NOW = datetime(2027, 7, 1, 9, tzinfo=WIB)
ROUTES = (
    "/embed/",
    "/embed/month/",
    "/embed/2027/8/",
    "/embed/regency/lampung-barat/",
    "/embed/regency/provinsi/",
    "/embed/anjungan/anjungan-lampung-barat/",
)


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict((part.split(" ", 1) + [""])[:2] for part in policy.split("; "))


def titles(response) -> list[str]:
    """The event titles an embed links to, in order (without the month's
    times)."""
    soup = BeautifulSoup(response.content, "html.parser")
    for clock in soup.select(".embed__list--compact time"):
        clock.decompose()
    return [
        a.get_text(" ", strip=True)
        for a in soup.select(".embed-item__title a, .embed__list--compact a")
    ]


class EmbedTestCase(TestCase):
    """A calendar on 1 July 2027: a festival in Lampung Barat, a surf contest
    in Pesisir Barat (free), a provincial event in August and a weekly
    activity at the anjungan of Lampung Barat."""

    @classmethod
    def setUpTestData(cls):
        tree = cls.tree = calendar_tree()
        cls.festival = live_event(
            tree.folders["lampung-barat"],
            title="Festival Sekura",
            start_date=date(2027, 7, 10),
            venue=tree.hall,
            is_free=False,
            price="Rp 25.000",
        )
        cls.surf = live_event(
            tree.folders["pesisir-barat"],
            title="Krui Pro",
            start_date=date(2027, 7, 12),
            category="sport_tourism",
            is_free=True,
        )
        cls.province = live_event(
            tree.folders[None],
            title="Lampung Fair",
            start_date=date(2027, 8, 3),
            category="creative_economy",
            is_free=False,
            price="Rp 10.000",
        )
        cls.weekly = live_event(
            tree.folders["lampung-barat"],
            title="Kelas Kopi Robusta",
            start_date=date(2027, 7, 3),
            start_time=time(9),
            end_time=time(11),
            recurrence_frequency="weekly",
            recurrence_count=10,
            venue=tree.anjungan["lampung-barat"],
            category="education_environment",
            is_free=False,
            price="Rp 50.000",
        )

    def setUp(self):
        # Wagtail caches the Sites' root paths: another test's Site (another
        # host name, the same id after its rollback) must not name the links.
        cache.clear()

    def get(self, url, **extra):
        with frozen(NOW):
            return self.client.get(url, **extra)


class EmbedPageTests(EmbedTestCase):
    def test_every_route_answers_in_both_languages(self):
        """Each embed is a small page of its own in the language of its
        address: lang attribute, <main>, one visible title, no site header."""
        for prefix, language in (("", "id"), ("/en", "en")):
            for route in ROUTES:
                with self.subTest(url=prefix + route):
                    response = self.get(prefix + route)
                    self.assertEqual(response.status_code, 200)
                    soup = BeautifulSoup(response.content, "html.parser")
                    self.assertEqual(soup.html["lang"], language)
                    self.assertEqual(len(soup.find_all("main")), 1)
                    self.assertEqual(len(soup.find_all("h1")), 1)
                    self.assertIsNone(soup.find(class_="site-header"))
                    self.assertIn(
                        "noindex",
                        soup.find("meta", attrs={"name": "robots"})["content"],
                    )

    def test_lists_hold_the_events_of_their_route_and_filters(self):
        """The province's list has every coming event, the weekly activity once;
        a regency's, an anjungan's and a filtered list only theirs; a fixed
        part of the address wins over a parameter."""
        cases = {
            "/embed/": [
                "Festival Sekura",
                "Krui Pro",
                "Lampung Fair",
                "Kelas Kopi Robusta",
            ],
            "/embed/regency/lampung-barat/": ["Festival Sekura", "Kelas Kopi Robusta"],
            "/embed/regency/lampung-barat/?regency=pesisir-barat": [
                "Festival Sekura",
                "Kelas Kopi Robusta",
            ],
            "/embed/regency/provinsi/": ["Lampung Fair"],
            "/embed/anjungan/anjungan-lampung-barat/": ["Kelas Kopi Robusta"],
            "/embed/?category=sport_tourism": ["Krui Pro"],
            "/embed/?free=on": ["Krui Pro"],
            "/embed/?regency=pesisir-barat&lang=en": ["Krui Pro"],
            "/en/embed/?venue=pkor-way-halim": ["Kelas Kopi Robusta"],
            "/embed/2027/7/?regency=lampung-barat": ["Kelas Kopi Robusta"] * 5
            + ["Festival Sekura"],
            "/embed/2027/8/": ["Lampung Fair"] + ["Kelas Kopi Robusta"] * 4,
        }
        for url, expected in cases.items():
            with self.subTest(url=url):
                self.assertCountEqual(titles(self.get(url)), expected)

    def test_month_lists_its_days_in_order(self):
        """The month embed lists the days with events under their dates."""
        soup = BeautifulSoup(self.get("/embed/2027/7/").content, "html.parser")
        days = [t["datetime"] for t in soup.select("h2.embed__day time")]
        self.assertEqual(days, sorted(days))
        self.assertEqual(days[:3], ["2027-07-03", "2027-07-10", "2027-07-12"])
        self.assertIn("Juli 2027", soup.h1.get_text())
        soup = BeautifulSoup(
            self.get("/en/embed/2027/8/?category=culture").content, "html.parser"
        )
        nav = [a["href"] for a in soup.select(".embed__months a")]
        # Back to July 2027 is back to this month's embed, which follows on.
        self.assertEqual(
            nav,
            ["/en/embed/month/?category=culture", "/en/embed/2027/9/?category=culture"],
        )

    def test_links_are_absolute_and_open_on_the_site(self):
        """Every event and the "more" link are absolute addresses on the
        Wagtail Site, opened in a new tab (the partner's page stays)."""
        root = Site.objects.get(is_default_site=True).root_url
        for route in ROUTES:
            with self.subTest(route=route):
                soup = BeautifulSoup(self.get(route).content, "html.parser")
                links = soup.select(".embed-item__title a, .embed__list--compact a")
                links.append(soup.find("a", class_="embed__more"))
                self.assertGreater(len(links), 1)
                for link in links:
                    self.assertTrue(link["href"].startswith(root + "/"), link["href"])
                    self.assertEqual(link["target"], "_blank")
                    self.assertEqual(link["rel"], ["noopener"])
        soup = BeautifulSoup(
            self.get("/embed/?regency=lampung-barat").content, "html.parser"
        )
        more = soup.find("a", class_="embed__more")["href"]
        self.assertEqual(more, f"{root}/agenda/?regency=lampung-barat")
        href = soup.select_one(".embed-item__title a")["href"]
        self.assertEqual(urlsplit(href).path, self.festival.url)

    def test_empty_state_says_so(self):
        """A filter that matches nothing gives a message, not an empty frame."""
        response = self.get("/embed/?tag=tidak-ada-acara")
        self.assertContains(response, "Belum ada acara mendatang")
        response = self.get("/en/embed/2030/1/")
        self.assertContains(response, "No events this month.")

    def test_unknown_addresses_are_not_found_inside_the_frame(self):
        """An unknown regency or anjungan, a venue that is not an anjungan or
        a month outside the calendar answers 404 with a message the partner
        reads in the frame (itself framable)."""
        for url, message in (
            ("/embed/regency/tidak-ada/", "Tidak ada kabupaten atau kota"),
            ("/embed/anjungan/tidak-ada/", "Tidak ada anjungan"),
            ("/embed/anjungan/gedung-dekranasda-liwa/", "Tidak ada anjungan"),
            ("/en/embed/anjungan/tidak-ada/", "There is no anjungan"),
            ("/embed/2027/13/", "Bulan ini tidak ada"),
            ("/embed/1999/12/", "Bulan ini tidak ada"),
            ("/embed/99999999999999999999/1/", "Bulan ini tidak ada"),
        ):
            with self.subTest(url=url):
                response = self.get(url)
                self.assertContains(response, message, status_code=404)
                self.assertEqual(directives(response)["frame-ancestors"], "*")

    def test_hostile_query_strings_are_refused_with_the_reason(self):
        """Huge, control-character, malformed or wrongly typed parameters get
        200 or 400 naming the filter, never a 500; a malformed month path
        is not found."""
        regency_pk = str(self.tree.regencies["lampung-barat"].pk)
        cases = {
            "?q=" + "a" * 100_000: (400, "Cari"),
            "?regency=%00": (400, "Kabupaten/kota"),
            "?venue=pkor%00&tag=%00": (400, "Tempat"),
            "?q=kopi%07%1b%5b31m": (200, ""),
            "?start=2027-02-30": (400, "Dari"),
            "?start=99999-01-01": (400, "Dari"),
            "?start=2027-08-01&end=2027-07-01": (400, "Sampai"),
            "?regency=" + regency_pk: (400, "Kabupaten/kota"),
            "?venue=" + str(self.tree.anjungan["lampung-barat"].pk): (400, "Tempat"),
            "?category=1%20OR%201%3D1": (400, "Kategori"),
            "?regency=lampung-barat&regency=x" * 50: (400, "Kabupaten/kota"),
            "?page=abc&lang=xx&month=13": (200, ""),
        }
        for route in ("/embed/", "/embed/month/", "/embed/regency/lampung-barat/"):
            for query, (status, field) in cases.items():
                if route.startswith("/embed/regency/") and "regency=" in query:
                    status, field = 200, ""  # the path's regency wins
                with self.subTest(route=route, query=query[:60]):
                    response = self.get(route + query)
                    self.assertEqual(response.status_code, status)
                    if status == 400:
                        self.assertContains(response, f"<li>{field}: ", status_code=400)
                        self.assertNotIn(b"\x00", response.content)
                        self.assertContains(
                            response,
                            "Saringan ini tidak dapat dipakai.",
                            status_code=400,
                        )
        for path in ("/embed/2027/ab/", "/embed/2027/-1/", "/embed/anjungan/a%00b/"):
            with self.subTest(path=path):
                self.assertEqual(self.get(path).status_code, 404)

    def test_only_get_and_head(self):
        response = self.client.post("/embed/")
        self.assertEqual(response.status_code, 405)


class EmbedHeaderTests(EmbedTestCase):
    """What lets partner sites frame the embeds, and nothing else."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.editor = get_user_model().objects.create_superuser(
            "embed-editor", "embed@example.org", "embed-editor-password"
        )

    def test_embeds_may_be_framed_by_any_site_and_nothing_else_changes(self):
        """frame-ancestors *, no X-Frame-Options; the rest of the policy is
        the public pages' (scripts and styles from this site only)."""
        public = dict(
            (part.split(" ", 1) + [""])[:2]
            for part in content_security_policies()[0].split("; ")
        )
        for prefix in ("", "/en"):
            for route in ROUTES:
                with self.subTest(url=prefix + route):
                    response = self.get(prefix + route)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(
                        directives(response), {**public, "frame-ancestors": "*"}
                    )
                    self.assertNotIn("X-Frame-Options", response)

    def test_every_other_route_refuses_to_be_framed(self):
        """Pages, feeds, the API, search, errors and the admin keep
        frame-ancestors 'none' (the admin 'self') and X-Frame-Options."""
        urls = (
            "/",
            "/en/",
            "/agenda/",
            "/agenda/2027/7/",
            "/en/agenda/",
            self.tree.pavilions["lampung-barat"].url,
            self.festival.url,
            "/events/lampung.ics",
            "/events/rss/",
            "/api/events/",
            "/search/?q=kopi",
            "/healthz",
            "/tidak-ada/",
            "/embeds/",
            "/admin/login/",
        )
        for url in urls:
            with self.subTest(url=url):
                response = self.get(url)
                self.assertIn(
                    directives(response)["frame-ancestors"], ("'none'", "'self'")
                )
                self.assertEqual(response["X-Frame-Options"], "DENY")

    @override_settings(X_FRAME_OPTIONS="DENY", SESSION_COOKIE_SECURE=True)
    def test_no_cookie_is_read_or_set_even_for_a_signed_in_visitor(self):
        """An editor signed in here (a session cookie) with a malformed CSRF
        cookie and a language cookie reads an embed: no Set-Cookie, no Vary
        on cookies, the session is not renewed. The calendar page itself
        renews the session on the same request, so the cookies are real."""
        self.client.force_login(self.editor)
        self.client.cookies["csrftoken"] = "bad"
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = self.get("/agenda/")
        self.assertIn(settings.SESSION_COOKIE_NAME, page.cookies)
        for route in ROUTES:
            with self.subTest(route=route):
                response = self.get(route)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(dict(response.cookies), {})
                self.assertNotIn(b"Set-Cookie", response.serialize_headers())
                self.assertNotIn("Cookie", response.get("Vary", ""))
                self.assertEqual(
                    BeautifulSoup(response.content, "html.parser").html["lang"], "id"
                )
        response = self.get("/embed/regency/tidak-ada/")
        self.assertEqual(dict(response.cookies), {})

    @override_settings(
        MIDDLEWARE=production_middleware(),
        CACHE_CONTROL_MAX_AGE=60,
        CACHE_CONTROL_SHARED_MAX_AGE=600,
    )
    def test_cached_by_shared_caches_like_public_pages(self):
        """Public for browsers and shared caches (purged on publish,
        events/purge.py), also when the visitor has a session here: the
        embed is the same for everyone. Errors are not kept."""
        self.client.force_login(self.editor)
        for route in ROUTES:
            with self.subTest(route=route):
                response = self.get(route)
                directives_ = {d.strip() for d in response["Cache-Control"].split(",")}
                self.assertEqual(directives_, {"public", "max-age=60", "s-maxage=600"})
        response = self.get("/embed/?start=zz")
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("public", response.get("Cache-Control", ""))


class EmbedQueryTests(EmbedTestCase):
    """An embed costs the same number of queries with a few events as with
    many."""

    def add(self, count: int) -> None:
        for n in range(count):
            folder = self.tree.folders[("lampung-barat", "pesisir-barat")[n % 2]]
            live_event(
                folder,
                start_date=date(2027, 7, 5) + timedelta(days=n),
                venue=self.tree.hall,
            )
            live_event(
                folder,
                start_date=date(2027, 7, 3) + timedelta(days=n % 7),
                recurrence_frequency="weekly",
                recurrence_count=10,
                venue=self.tree.anjungan["lampung-barat"],
            )

    def count(self, url: str) -> int:
        self.get(url)  # warm the caches (site root paths)
        with CaptureQueriesContext(connection) as queries:
            response = self.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_query_count_does_not_grow_with_the_events(self):
        urls = (
            *ROUTES,
            "/embed/2027/7/",
            "/en/embed/?category=culture&venue=pkor-way-halim&q=kopi",
        )
        few = {url: self.count(url) for url in urls}
        self.add(EMBED_EVENTS + 10)
        self.assertGreater(Occurrence.objects.count(), 200)
        many = {url: self.count(url) for url in urls}
        self.assertEqual(many, few)
        self.assertLessEqual(max(many.values()), 12, many)
