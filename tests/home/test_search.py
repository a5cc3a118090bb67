"""Site search: live public pages of the current language, found by title,
text and destinations; its events those of the calendar in that language,
each with its date, place and category; bad input answered with a message."""

from datetime import datetime, time
from urllib.parse import urlencode

from django.test import TestCase
from django.utils import timezone, translation
from django.utils.text import capfirst

from bs4 import BeautifulSoup

from brands.models import BrandPage
from events.choices import EventCategory
from events.formatting import when
from events.models import EventFolderPage, EventIndexPage, EventPage
from tests.demo import TODAY, DemoLoader, load_demo_province, read_data
from tests.events.clock import frozen

NOW = datetime.combine(TODAY, time(12), timezone.get_default_timezone())


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


def cards(url: str, client) -> dict[str, dict]:
    """Every event card of a listing, following its next-page links: by event
    address, the first card of each (its next date in a list of coming
    events, its last in a list of past ones) as its title, date, place and
    category line, and the language it is marked in."""
    found = {}
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        soup = BeautifulSoup(response.content, "html.parser")
        for card in soup.select(".event-card"):
            link = card.select_one(".event-card__title a")
            found.setdefault(
                link["href"],
                {
                    "title": link.get_text(strip=True),
                    "lang": link.get("lang", ""),
                    "when": " ".join(
                        card.select_one(".event-card__when").stripped_strings
                    ),
                    "datetime": card.select_one(".event-card__when time")["datetime"],
                    "meta": " ".join(
                        string
                        for line in card.select(".event-card__meta, .event-card__tags")
                        for string in line.stripped_strings
                    ),
                },
            )
        # The calendar lists a regular activity once, by its rule.
        for item in soup.select(".series-item"):
            link = item.select_one(".series-item__title a")
            found.setdefault(
                link["href"],
                {
                    "title": link.get_text(strip=True),
                    "lang": link.get("lang", ""),
                    "series": True,
                },
            )
        following = soup.select_one("a[rel=next]")
        url = following and url.split("?")[0] + following["href"]
    return found


class EventResultTests(TestCase):
    """In the demo province, search finds the events the calendar lists for
    the same words, in each language, and shows each as the calendar does."""

    @classmethod
    def setUpTestData(cls):
        load_demo_province(with_users=False)

    def calendar_events(self, prefix: str, word: str) -> dict[str, dict]:
        """The calendar's coming events matching `word` (its `?q=`)."""
        return cards(f"{prefix}/agenda/?{urlencode({'q': word})}", self.client)

    def test_search_finds_the_calendars_events_in_each_language(self):
        """For each word, the events found are the calendar's for `?q=` in that
        language, each with the same date, place and category line; in English
        that includes the events not translated yet, marked as Indonesian."""
        for prefix in ("", "/en"):
            for word in ("festival", "Krakatau", "tapis", "budaya", "culture"):
                with self.subTest(language=prefix or "id", word=word), frozen(NOW):
                    expected = self.calendar_events(prefix, word)
                    search_url = f"{prefix}/search/?{urlencode({'q': word})}"
                    found = cards(search_url, self.client)
                    self.assertEqual(found.keys(), expected.keys())
                    for url, card in expected.items():
                        if card.get("series"):
                            # Said by its rule in the calendar, by its next
                            # date in the results.
                            self.assertEqual(
                                (found[url]["title"], found[url]["lang"]),
                                (card["title"], card["lang"]),
                            )
                        else:
                            self.assertEqual(found[url], card, url)
                    # Events that are over: the calendar's past list, same words.
                    page = self.client.get(search_url).content
                    soup = BeautifulSoup(page, "html.parser")
                    past = soup.find("a", href=f"{prefix}/agenda/past/?q={word}")
                    self.assertIsNotNone(past)
        with frozen(NOW):
            english = cards("/en/search/?q=festival", self.client)
        untranslated = [card for card in english.values() if card["lang"] == "id"]
        self.assertGreater(len(untranslated), 5)
        self.assertGreater(len(english), len(untranslated))

    def test_each_event_result_shows_its_date_place_and_category(self):
        """Every event found shows its next date in the page's language, its
        regency and venue, and its category's label."""
        events = {event.url: event for event in EventPage.objects.live()}
        for language, prefix in (("id", ""), ("en", "/en")):
            with frozen(NOW):
                found = cards(f"{prefix}/search/?q=festival", self.client)
            self.assertGreater(len(found), 10)
            for url, card in found.items():
                with self.subTest(language=language, event=url):
                    event = events[url]
                    occurrence = (
                        event.occurrences.filter(end__gt=NOW).order_by("start").first()
                        or event.occurrences.order_by("-start").first()
                    )
                    self.assertEqual(
                        card["datetime"],
                        timezone.localtime(occurrence.start).isoformat(),
                    )
                    with translation.override(language):
                        self.assertEqual(card["when"], when(occurrence))
                        category = capfirst(str(EventCategory(event.category).label))
                    self.assertIn(category, card["meta"])
                    if event.regency_id:
                        self.assertIn(event.regency.name, card["meta"])
                    if event.venue_id:
                        self.assertIn(str(event.venue), card["meta"])
