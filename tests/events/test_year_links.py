"""The year's Calendar of Events is findable: home and the calendar link its
year view and booklet, in each language, for the year being planned, else
this year."""

from datetime import datetime, time
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from wagtail.models import Site

from bs4 import BeautifulSoup

from core.models import PlanningSettings
from tests.demo import TODAY, load_demo_province

from .clock import frozen

NOW = datetime.combine(TODAY, time(12), timezone.get_default_timezone())

PAGES = {
    "id": {"home": "/", "calendar": "/agenda/", "month": "/agenda/2027/3/"},
    "en": {"home": "/en/", "calendar": "/en/agenda/", "month": "/en/agenda/2027/3/"},
}
WORDING = {
    "id": ("Kalender Acara {year}", "Unduh buklet {year} (PDF)"),
    "en": ("Calendar of Events {year}", "Download the {year} booklet (PDF)"),
}


class YearLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province(with_users=False)

    def links(self, url: str) -> dict[str, tuple[str, bool]]:
        """The page's links by their text: address, and whether a download."""
        with frozen(NOW):
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        soup = BeautifulSoup(response.content, "html.parser")
        return {
            " ".join(a.stripped_strings): (a["href"], a.has_attr("download"))
            for a in soup.select("main a, nav a")
        }

    def assert_year_links(self, year: int):
        for language, pages in PAGES.items():
            prefix = "" if language == "id" else "/en"
            view, booklet = (w.format(year=year) for w in WORDING[language])
            for name, url in pages.items():
                with self.subTest(language=language, page=name):
                    links = self.links(url)
                    self.assertEqual(links[view], (f"{prefix}/agenda/{year}/", False))
                    self.assertEqual(
                        links[booklet], (f"{prefix}/agenda/{year}/booklet/", True)
                    )
                    # Where they lead is there.
                    with frozen(NOW):
                        self.assertEqual(
                            self.client.get(links[view][0]).status_code, 200
                        )

    def test_home_and_calendar_link_the_year_being_planned(self):
        """The demo plans next year: 2027 is linked, in both languages."""
        planning = PlanningSettings.for_site(Site.objects.get(is_default_site=True))
        self.assertEqual(planning.planning_year, TODAY.year + 1)
        self.assert_year_links(TODAY.year + 1)

    def test_without_a_year_being_planned_this_year_is_linked(self):
        """No planning year set: the links name and lead to this year."""
        PlanningSettings.objects.update(planning_year=None)
        self.assert_year_links(TODAY.year)

    def test_the_booklet_link_serves_the_pdf(self):
        """The home page's booklet link downloads the year's PDF booklet."""
        href, _download = self.links("/en/")["Download the 2027 booklet (PDF)"]
        with frozen(NOW):
            call_command("build_booklet", "--stale", stdout=StringIO())
            response = self.client.get(href)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(b"".join(response.streaming_content)[:5], b"%PDF-")

    def test_a_year_too_far_ahead_has_no_booklet_link(self):
        """A planning year beyond the booklet's range links the year view only."""
        PlanningSettings.objects.update(planning_year=TODAY.year + 20)
        links = self.links("/agenda/")
        self.assertIn(f"Kalender Acara {TODAY.year + 20}", links)
        self.assertFalse(any("buklet" in text for text in links))
