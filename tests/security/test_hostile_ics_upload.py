"""Hostile .ics files for the calendar import (events.calendar_import): a
clear message in the user's language, never a 500; a file that cannot be
read changes nothing, and one bad event never costs the others."""

import os

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from wagtail.models import Revision, WorkflowState
from wagtail.users.models import UserProfile

from core.models import Regency
from events import ical_reader
from events.models import CalendarSource, EventPage, ImportRun
from tests.demo import load_demo_province
from tests.events.ics_files import GOOGLE, calendar_of, ics, simple_event
from tests.security import report


def state():
    return (
        EventPage.objects.count(),
        Revision.objects.count(),
        WorkflowState.objects.count(),
    )


def nested(depth: int) -> bytes:
    return ics(
        "BEGIN:VCALENDAR",
        *(["BEGIN:VEVENT"] * depth),
        *(["END:VEVENT"] * depth),
        "END:VCALENDAR",
    )


def many_exdates(count: int) -> bytes:
    exdates = [
        f"EXDATE;VALUE=DATE:{2027 + i // 365}{(i % 12) + 1:02}{(i % 28) + 1:02}"
        for i in range(count)
    ]
    return calendar_of(
        [
            "UID:banyak-exdate",
            "DTSTAMP:20270101T000000Z",
            "DTSTART;VALUE=DATE:20270103",
            "RRULE:FREQ=WEEKLY;COUNT=20",
            "SUMMARY:Pasar Minggu",
            *exdates,
        ]
    )


class HostileCalendarUploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        cls.editor = User.objects.get(username="editor.lampung-barat")
        cls.source = CalendarSource.objects.create(
            name="Kalender Dinas",
            regency=Regency.objects.get(slug="lampung-barat"),
            created_by=cls.editor,
        )

    def upload(self, data, name="kalender.ics"):
        self.client.force_login(self.editor)
        return self.client.post(
            reverse("events_calendar_source_upload", args=[self.source.pk]),
            {"file": SimpleUploadedFile(name, data, "text/calendar")},
            follow=True,
        )

    def test_files_that_are_no_calendar_get_a_message_and_change_nothing(self):
        """Over the size limit, empty, random bytes, a spreadsheet renamed,
        truncated or broken text, nesting 10,000 deep, too many events: the
        log (or, for the size, the form) says why in Indonesian; nothing
        saved; never a 500."""
        cases = {
            "over the size limit": (
                b"BEGIN:VCALENDAR\r\n" + b"X" * ical_reader.MAX_BYTES,
                "lebih besar",
            ),
            "empty": (b"", "kosong"),
            "random bytes": (os.urandom(5000), "bukan berkas iCal"),
            "CSV renamed": (
                b"title,start\r\nFestival,2027-01-01\r\n",
                "bukan berkas iCal",
            ),
            "truncated": (GOOGLE[: len(GOOGLE) // 2], "tidak dapat dibaca"),
            "broken lines": (
                ics("BEGIN:VCALENDAR", ";;;:::", "BEGIN:VEVENT", ":", "END:VCALENDAR"),
                "tidak dapat dibaca",
            ),
            "nesting 10,000 deep": (nested(10_000), "terlalu dalam"),
            "6,000 events": (
                calendar_of(
                    *(simple_event(f"e{i}", f"Acara {i}") for i in range(6000))
                ),
                "lebih dari",
            ),
        }
        for label, (data, words) in cases.items():
            with self.subTest(label):
                before = state()
                response = self.upload(data)
                text = response.content.decode()
                ok = response.status_code == 200 and words in text and state() == before
                report.tally("hostile", ok)
                self.assertEqual(response.status_code, 200)
                self.assertIn(words, text)
                self.assertEqual(state(), before)

    def test_bad_events_are_refused_one_by_one_and_the_rest_imported(self):
        """Control characters and a text-direction override in SUMMARY, a
        DTSTART that is no date, a NUL byte, invalid UTF-8: each event is
        refused with the form's or the reader's reason, the good event of
        the same file is imported."""
        data = calendar_of(
            simple_event("bel", "Konser\x07lonceng"),
            simple_event("bidi", "Festival \u202egnp.exe"),
            ["UID:bad-date", "DTSTART:bukan-tanggal", "SUMMARY:Tanggal rusak"],
            simple_event("nul", "Nol\x00byte"),
            simple_event("good", "Festival Baik"),
        ).replace(b"Festival Baik", b"Festival Baik \xff\xfe")
        response = self.upload(data)
        self.assertEqual(response.status_code, 200)
        run = ImportRun.objects.get(source=self.source)
        outcomes = {e["uid"]: e["outcome"] for e in run.entries}
        self.assertEqual(
            outcomes,
            {
                "bel": "refused",
                "bidi": "refused",
                "bad-date": "refused",
                "nul": "added",
                "good": "added",
            },
        )
        reasons = {e["uid"]: e["reason"] for e in run.entries}
        self.assertIn("Judul", reasons["bidi"])
        # The log shows the override, never applies it.
        titles = {e["uid"]: e["title"] for e in run.entries}
        self.assertEqual(titles["bidi"], "Festival \ufffdgnp.exe")
        self.assertTrue(all(reasons[uid] for uid in ("bel", "bidi", "bad-date")))
        self.assertContains(response, "Festival Baik")
        report.tally("hostile", True, n=5)

    def test_ten_thousand_exdates(self):
        """10,000 EXDATEs on a 20-week series: the few on its dates are
        skipped occurrences, the rest change nothing; read at once."""
        response = self.upload(many_exdates(10_000))
        self.assertEqual(response.status_code, 200)
        run = ImportRun.objects.get(source=self.source)
        self.assertEqual((run.error, run.added), ("", 1), run.entries)
        page = EventPage.objects.get(title="Pasar Minggu")
        skipped = page.get_latest_revision_as_object().exceptions.all()
        self.assertTrue(all(e.action == "skip" for e in skipped))
        self.assertGreater(len(skipped), 0)
        report.tally("hostile", True)

    def test_messages_in_english_for_an_english_admin(self):
        profile = UserProfile.get_for_user(self.editor)
        profile.preferred_language = "en"
        profile.save()
        response = self.upload(b"")
        self.assertContains(response, "The submitted file is empty.")
        response = self.upload(calendar_of(simple_event("bidi", "Festival \u202egnp")))
        self.assertContains(response, "Title")
        report.tally("hostile", True, n=2)
