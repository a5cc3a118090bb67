"""Every public page type in both languages: `<html lang>`, `hreflang`
alternates and the language switch; untranslated events on the English
calendar; query counts of the calendar views."""

import re

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale

from brands.models import BrandIndexPage, BrandPage, DestinationIndexPage
from events.models import (
    EventFolderPage,
    EventIndexPage,
    EventPage,
    Occurrence,
    PavilionPage,
    VenuePage,
)
from home.models import HomePage
from tests.demo import load_demo_province

CALENDAR_QUERY_LIMIT = 20
PAGE_TYPES = [
    HomePage,
    EventIndexPage,
    EventPage,
    VenuePage,
    PavilionPage,
    BrandIndexPage,
    BrandPage,
    DestinationIndexPage,
]


def alternate_link(code, url):
    return f'<link rel="alternate" hreflang="{code}" href="http://testserver{url}">'


def switch_link(code, url):
    return f'<a href="{url}" hreflang="{code}" lang="{code}"'


class BilingualPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province(with_users=False)
        cls.id_locale = Locale.objects.get(language_code="id")
        cls.en_locale = Locale.objects.get(language_code="en")

    def pair(self, model):
        """A live page of this type with a live English translation."""
        for page in model.objects.live().filter(locale=self.id_locale):
            english = page.get_translation_or_none(self.en_locale)
            if english is not None and english.live:
                return page, english
        self.fail(f"no translated {model.__name__} in the demo")

    def test_every_page_type_renders_in_both_languages_with_lang_and_alternates(self):
        """Both versions answer 200 with their own `<html lang>`, both
        `hreflang` alternates (plus x-default) and a switch to the other."""
        for model in PAGE_TYPES:
            indonesian, english = self.pair(model)
            for page, code, other, other_code in (
                (indonesian, "id", english, "en"),
                (english, "en", indonesian, "id"),
            ):
                with self.subTest(model=model.__name__, language=code):
                    response = self.client.get(page.url)
                    self.assertEqual(response.status_code, 200)
                    self.assertContains(response, f'<html lang="{code}">')
                    self.assertContains(response, alternate_link(code, page.url))
                    self.assertContains(response, alternate_link(other_code, other.url))
                    self.assertContains(
                        response, alternate_link("x-default", indonesian.url)
                    )
                    self.assertContains(response, switch_link(other_code, other.url))
                    self.assertEqual(response["Content-Language"], code)

    def test_event_folders_lead_to_the_calendar_in_their_language(self):
        """A regency's event folder redirects to its language's calendar,
        filtered by the regency."""
        for language, calendar_url in (("id", "/agenda/"), ("en", "/en/agenda/")):
            folder = EventFolderPage.objects.get(
                regency__slug="lampung-barat", locale__language_code=language
            )
            with self.subTest(language):
                self.assertRedirects(
                    self.client.get(folder.url),
                    f"{calendar_url}?regency=lampung-barat",
                    fetch_redirect_response=False,
                )

    def test_not_found_page_speaks_the_language_of_the_address(self):
        """A missing page under /en/ answers in English, elsewhere in Indonesian."""
        for url, code, text in (
            ("/tidak-ada/", "id", "Halaman tidak ditemukan"),
            ("/en/does-not-exist/", "en", "Page not found"),
        ):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertContains(response, f'<html lang="{code}">', status_code=404)
                self.assertContains(response, text, status_code=404)

    def test_english_urls_carry_the_prefix_and_indonesian_sits_at_the_root(self):
        """Indonesian pages have no language prefix; English ones start /en/."""
        indonesian, english = self.pair(EventPage)
        self.assertFalse(indonesian.url.startswith("/id/"))
        self.assertTrue(english.url.startswith("/en/"))
        self.assertEqual(self.client.get("/en/").status_code, 200)

    def test_switch_on_untranslated_page_goes_to_english_home_with_a_note(self):
        """A brand page without English links its EN switch to the English home
        page, which then says why the visitor landed there."""
        brand = next(
            page
            for page in BrandPage.objects.live().filter(locale=self.id_locale)
            if not page.has_translation(self.en_locale)
        )
        response = self.client.get(brand.url)
        self.assertContains(
            response,
            switch_link("en", "/en/?untranslated=1") + ' data-untranslated="true"',
        )
        self.assertNotContains(response, 'hreflang="en" href="http://testserver')
        home = self.client.get("/en/?untranslated=1")
        self.assertContains(
            home, "The page you were reading is not available in English yet"
        )

    def test_calendar_routes_switch_to_the_same_route_and_filters(self):
        """The month view switches to the same month of the other calendar,
        keeping the filters; `hreflang` leaves the filters out."""
        calendar, english = self.pair(EventIndexPage)
        response = self.client.get(f"{calendar.url}2027/07/?category=culture")
        self.assertContains(
            response, switch_link("en", f"{english.url}2027/07/?category=culture")
        )
        self.assertContains(response, alternate_link("en", f"{english.url}2027/07/"))

    def test_search_switches_to_the_search_in_the_other_language(self):
        """The search view (not a Wagtail page) keeps the query across languages."""
        response = self.client.get("/search/?q=festival")
        self.assertContains(response, '<html lang="id">')
        self.assertContains(response, switch_link("en", "/en/search/?q=festival"))
        english = self.client.get("/en/search/?q=festival")
        self.assertContains(english, '<html lang="en">')

    def test_untranslated_event_appears_on_english_calendar_marked_indonesian(self):
        """An event with no English page is listed on the English calendar in
        Indonesian, its title marked lang="id" with an "(in Indonesian)" note;
        a translated event appears once, in English."""
        untranslated = next(
            page
            for page in EventPage.objects.live().filter(locale=self.id_locale)
            if not page.has_translation(self.en_locale)
            and not page.recurrence_frequency
        )
        first = Occurrence.objects.filter(event=untranslated).first().local_start
        calendar = EventIndexPage.objects.get(locale=self.en_locale)
        response = self.client.get(f"{calendar.url}{first:%Y/%m}/")
        within_item = r"(?:(?!</li>).)*?"
        grid_item = re.compile(
            rf'href="{re.escape(untranslated.url)}" lang="id">{within_item}'
            rf"{re.escape(untranslated.title)}{within_item}</a> "
            r'<span class="event-language">\(in Indonesian\)</span>',
            re.DOTALL,
        )
        self.assertRegex(response.content.decode(), grid_item)
        listing = self.client.get(f"{calendar.url}?q={untranslated.slug}")
        self.assertContains(
            listing, f'hreflang="id" lang="id">{untranslated.title}</a>'
        )
        self.assertContains(
            listing, '<span class="event-card__language">(in Indonesian)</span>'
        )
        source, english = self.pair(EventPage)
        first = Occurrence.objects.filter(event=english).first().local_start
        response = self.client.get(f"{calendar.url}{first:%Y/%m}/")
        self.assertContains(response, english.url)
        self.assertNotContains(response, f'href="{source.url}"')

    def test_calendar_views_stay_within_the_query_limit_in_both_languages(self):
        """List, month and past views need at most 20 queries in either language."""
        for language in ("id", "en"):
            calendar = EventIndexPage.objects.get(locale__language_code=language)
            for route in ("", "2027/07/", "past/"):
                url = f"{calendar.url}{route}"
                self.client.get(url)  # warm per-process caches (site root paths)
                with (
                    self.subTest(url=url),
                    CaptureQueriesContext(connection) as queries,
                ):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                self.assertLessEqual(len(queries), CALENDAR_QUERY_LIMIT, url)

    def test_event_json_ld_states_the_page_language(self):
        """The structured data's inLanguage is the language of the page's text."""
        indonesian, english = self.pair(EventPage)
        self.assertContains(self.client.get(indonesian.url), '"inLanguage": "id"')
        self.assertContains(self.client.get(english.url), '"inLanguage": "en"')
