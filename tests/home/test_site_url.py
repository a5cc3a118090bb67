"""The site's address: SITE_URL given to the Wagtail Site by setup_province
(and so by load_demo) reaches every absolute link of the public outputs:
pages, sitemap, robots.txt, iCal feeds, RSS and Atom, the API, the CSV export
and the booklet. None says `localhost`."""

import io
import os
import re
import subprocess
from pathlib import Path

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from wagtail.models import Site

from brands.models import BrandPage
from events.models import EventPage
from tests.demo import load_demo_province

REPO = Path(__file__).resolve().parents[2]
ADDRESS = "https://agenda.lampungprov.go.id"
HOST = "agenda.lampungprov.go.id"
PRODUCTION = override_settings(SITE_URL=ADDRESS, ALLOWED_HOSTS=[HOST])


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


class DemoSiteAddressTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province(with_users=False)

    def test_the_demo_is_at_site_url(self):
        """load_demo puts the Site at the test settings' SITE_URL, not at the
        first migration's localhost."""
        site = Site.objects.get(is_default_site=True)
        self.assertEqual(site.root_url, "http://testserver")
        self.assertNotIn("localhost", self.client.get("/sitemap.xml").content.decode())


class SiteAddressCrawlTests(TestCase):
    """The demo moved to a production address by setup_province, crawled as
    a visitor of that address would."""

    @classmethod
    def setUpTestData(cls):
        load_demo_province(with_users=False)
        with PRODUCTION:
            cls.output = io.StringIO()
            call_command("setup_province", stdout=cls.output)
        cls.event = (
            EventPage.objects.live()
            .filter(locale__language_code="id", recurrence_frequency="")
            .exclude(regency=None)
            .first()
        )
        cls.admin = User.objects.create_superuser("admin", "a@example.org", "x")

    def setUp(self):
        self.enterContext(PRODUCTION)
        self.client.defaults.update(HTTP_HOST=HOST)

    def get(self, url: str) -> str:
        response = self.client.get(url, secure=True)
        self.assertEqual(response.status_code, 200, url)
        if response.get("Content-Type", "").startswith("application/pdf"):
            return pdf_text(b"".join(response.streaming_content))
        if getattr(response, "streaming", False):
            return b"".join(response.streaming_content).decode()
        return response.content.decode()

    def assert_at_the_address(self, url: str, text: str, *, links: bool = True):
        self.assertNotIn("localhost", text, url)
        self.assertNotIn("testserver", text, url)
        self.assertNotIn("http://agenda", text, url)
        if links:
            self.assertIn(f"{ADDRESS}/", text, url)

    def test_setup_moved_the_site_and_rendered_the_feeds_again(self):
        self.assertIn("1 site addresses set", self.output.getvalue())
        self.assertIn("Rendered the iCal text of", self.output.getvalue())
        self.assertEqual(Site.objects.get(is_default_site=True).root_url, ADDRESS)

    def test_pages_link_to_the_site_address(self):
        brand = BrandPage.objects.filter(locale__language_code="id").first()
        for url in (
            "/",
            "/en/",
            "/agenda/",
            "/agenda/2027/",
            "/agenda/langganan/",
            "/pkor-way-halim/",
            brand.url,
            self.event.url,
        ):
            with self.subTest(url):
                self.assert_at_the_address(url, self.get(url))

    def test_feeds_api_sitemap_and_robots(self):
        for url in (
            "/sitemap.xml",
            "/robots.txt",
            reverse("events:feed"),
            reverse("events:event_ics", args=[self.event.uid]),
            reverse("events:regency_feed", args=[self.event.regency.slug]),
            reverse("events:rss"),
            reverse("events:atom"),
            reverse("events:api_events"),
        ):
            with self.subTest(url):
                self.assert_at_the_address(url, self.get(url))

    def test_export_and_booklet(self):
        """The year's CSV export (url column) and the booklet's cover."""
        self.client.force_login(self.admin)
        csv = self.get(reverse("events_year_export") + "?year=2027&format=csv")
        self.assert_at_the_address("export", csv)
        self.assertRegex(csv, re.escape(f',"{ADDRESS}/agenda/'))
        self.client.logout()
        call_command("build_booklet", "--year", "2027", stdout=io.StringIO())
        booklet = self.get("/agenda/2027/booklet/")
        self.assert_at_the_address("booklet", booklet, links=False)
        self.assertIn(HOST, booklet)


class MakeRunTests(SimpleTestCase):
    def test_make_run_serves_and_prints_the_site_url(self):
        """`make run` gives load_demo the SITE_URL it prints and serves."""
        env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
        for site_url, host in (
            ("", "127.0.0.1:8000"),
            ("http://192.168.1.20:9000", "192.168.1.20:9000"),
        ):
            with self.subTest(site_url or "default"):
                args = [f"SITE_URL={site_url}"] if site_url else []
                plan = subprocess.run(  # noqa: S603
                    ["make", "-n", "run", *args],  # noqa: S607
                    cwd=REPO,
                    capture_output=True,
                    text=True,
                    check=True,
                    env=env,
                ).stdout
                self.assertIn(f"Serving Agenda Lampung on http://{host}/", plan)
                self.assertIn(f"manage.py runserver {host}", plan)
