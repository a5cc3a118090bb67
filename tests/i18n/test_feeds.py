"""Feeds in both languages: `?lang=en` changes the words, never which events,
which dates or which UIDs."""

import json
import re
from datetime import date

from django.test import TestCase
from django.urls import reverse

from wagtail.models import Locale

import icalendar

from events.models import EventPage
from tests.demo import load_demo_province
from tests.events.factories import publish

ICAL_KEYS = ("DTSTART", "DTEND", "RRULE", "EXDATE", "RDATE", "SEQUENCE", "STATUS")


def ical_value(value) -> bytes:
    if value is None:
        return b""
    if isinstance(value, list):
        return b",".join(part.to_ical() for part in value)
    return value.to_ical() if hasattr(value, "to_ical") else str(value).encode()


def vevents(body: bytes) -> tuple[dict, dict]:
    """(UID, RECURRENCE-ID) -> dates, rules, SEQUENCE and STATUS; and -> SUMMARY."""
    calendar = icalendar.Calendar.from_ical(body)
    facts, titles = {}, {}
    for component in calendar.walk("VEVENT"):
        key = (str(component["UID"]), ical_value(component.get("RECURRENCE-ID")))
        facts[key] = tuple(ical_value(component.get(name)) for name in ICAL_KEYS)
        titles[key] = str(component["SUMMARY"])
    return facts, titles


class FeedLanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province(with_users=False)
        cls.english = Locale.objects.get(language_code="en")
        cls.source = EventPage.objects.get(
            slug="festival-krakatau", locale__language_code="id"
        )
        cls.translated = cls.source.get_translation(cls.english)

    def ical(self, language=""):
        url = reverse("events:feed") + (f"?lang={language}" if language else "")
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/calendar"))
        return vevents(response.content)

    def test_english_ical_feed_has_the_same_uids_and_occurrences(self):
        """Same UIDs, dates, rules, exceptions, SEQUENCE and STATUS in both
        languages; the translated event's title is English."""
        indonesian, indonesian_titles = self.ical()
        english, english_titles = self.ical("en")
        self.assertTrue(indonesian)
        self.assertEqual(english, indonesian)
        key = next(k for k in english if k[0].startswith(str(self.source.uid)))
        self.assertEqual(indonesian_titles[key], self.source.title)
        self.assertEqual(english_titles[key], self.translated.title)

    def test_changing_the_indonesian_date_moves_the_event_in_the_english_feed(self):
        """After a new date is published in Indonesian, both feeds agree on it."""
        source = EventPage.objects.get(pk=self.source.pk)
        source.start_date = date(2027, 10, 3)
        source.end_date = date(2027, 10, 5)
        publish(source)
        indonesian, _titles = self.ical()
        english, _titles = self.ical("en")
        self.assertEqual(english, indonesian)
        key = next(k for k in english if k[0].startswith(str(self.source.uid)))
        self.assertIn(b"20271003", english[key][0])

    def test_json_api_lists_the_same_events_and_dates_in_both_languages(self):
        """The API's uid, start and end are the same with `?lang=en`; the
        language and, where translated, the title change."""
        url = reverse("events:api_events") + "?per_page=100"
        indonesian = json.loads(self.client.get(url).content)
        english = json.loads(self.client.get(url + "&lang=en").content)
        self.assertEqual(english["count"], indonesian["count"])

        def facts(data):
            # Same-time events may come in another order: their rows differ.
            return sorted((r["uid"], r["start"], r["end"]) for r in data["results"])

        self.assertEqual(facts(english), facts(indonesian))
        languages = {r["language"] for r in english["results"]}
        self.assertEqual(languages, {"id", "en"})
        self.assertEqual({r["language"] for r in indonesian["results"]}, {"id"})

    def test_rss_items_keep_their_guid_in_english(self):
        """RSS GUIDs name the event, not its language version."""

        def guids(url):
            text = self.client.get(url).content.decode()
            return re.findall(r"<guid[^>]*>([^<]+)</guid>", text)

        url = reverse("events:rss")
        self.assertEqual(sorted(guids(url + "?lang=en")), sorted(guids(url)))
