"""Site search: live public pages of the current language, found by title,
text and destinations; bad input answered with a message."""

from django.test import TestCase

from bs4 import BeautifulSoup

from brands.models import BrandPage
from events.models import EventFolderPage, EventIndexPage
from tests.demo import TODAY, DemoLoader, read_data


def results(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [a["href"] for a in soup.select(".search-results h2 a")]


class SearchTests(TestCase):
    """The home page, the 15 brand pages with their destinations, and a
    calendar with one regency's event folder (no events: not needed here)."""

    @classmethod
    def setUpTestData(cls):
        loader = DemoLoader(read_data(), TODAY)
        regencies = loader.load_regencies()
        home = loader.load_home()
        loader.load_brands(home, regencies)
        calendar = home.add_child(
            instance=EventIndexPage(title="Agenda", slug="agenda")
        )
        calendar.add_child(
            instance=EventFolderPage(
                title="Acara Kabupaten Lampung Barat",
                slug="lampung-barat",
                regency=regencies["lampung-barat"],
            )
        )

    def test_finds_a_brand_page_by_one_of_its_destinations(self):
        """ "Ranau" (a lake in Lampung Barat) finds Lampung Barat's page."""
        response = self.client.get("/search/", {"q": "Ranau"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("/kabupaten-kota/lampung-barat/", results(response))

    def test_event_folders_are_never_results(self):
        """Event folders only redirect to the calendar, so they are left out."""
        found = results(self.client.get("/search/", {"q": "Lampung Barat"}))
        self.assertIn("/kabupaten-kota/lampung-barat/", found)
        self.assertNotIn("/agenda/lampung-barat/", found)

    def test_unpublished_pages_are_not_found(self):
        """A brand page taken offline disappears from the results."""
        BrandPage.objects.get(regency__slug="metro").unpublish()
        found = results(self.client.get("/search/", {"q": "Metro"}))
        self.assertNotIn("/kabupaten-kota/metro/", found)

    def test_too_long_query_is_answered_with_a_message(self):
        """Over 100 characters: 400, the message tied to the field."""
        response = self.client.get("/search/", {"q": "pantai " * 20})
        self.assertEqual(response.status_code, 400)
        soup = BeautifulSoup(response.content, "html.parser")
        field = soup.select_one("#search-q")
        self.assertEqual(field["aria-invalid"], "true")
        self.assertEqual(field["aria-describedby"], "search-error")
        self.assertEqual(soup.select_one("#search-error")["role"], "alert")

    def test_empty_query_shows_the_form_only(self):
        """No query, no result list and no error."""
        response = self.client.get("/search/", {"q": "  "})
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "search-results")
        self.assertContains(response, 'name="robots" content="noindex"')

    def test_result_pages_keep_the_query_encoded(self):
        """The next-page link carries the query URL-encoded."""
        response = self.client.get("/search/", {"q": "Kabupaten Lampung"})
        self.assertEqual(len(results(response)), 10)
        soup = BeautifulSoup(response.content, "html.parser")
        self.assertEqual(
            soup.select_one("a[rel=next]")["href"], "?q=Kabupaten+Lampung&page=2"
        )
