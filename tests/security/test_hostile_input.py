"""Hostile input: each case gets a clear error (or a harmless result) and
changes nothing; public filters and search answer 200 or 400, never 500.
Hypothesis generates the filter/search parameters and the event text that
goes into iCal. Every input tried is counted in the closing summary."""

import io
import json
import os
import struct
import zlib
from datetime import date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Collection, Page
from wagtail.test.utils.form_data import rich_text

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from icalendar import Calendar
from PIL import Image as PILImage

from core.models import Regency
from events import dates, ical
from events.models import EventFolderPage, EventIndexPage, EventPage, Venue
from home.models import HomePage
from tests.security import report
from tests.security.forms import form_data

EXAMPLES = 60


def png(size, mode="RGB", noise=False):
    buffer = io.BytesIO()
    if noise:
        image = PILImage.frombytes(mode, size, os.urandom(size[0] * size[1] * 3))
    else:
        image = PILImage.new(mode, size)
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def bomb_png(width: int, height: int) -> bytes:
    """A valid all-black 1-bit PNG of width x height, compressed row by row
    (30000x30000 is about 110 KB; Pillow would need 900 MB to decode it)."""
    compressor = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)
    data = b"".join(compressor.compress(row) for _ in range(height))
    data += compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def bomb_gif(width: int, height: int) -> bytes:
    """A GIF whose screen and one frame are width x height: two colours and a
    tiny LZW block (Pillow reads the size from the headers)."""
    screen = struct.pack("<HHBBB", width, height, 0x80, 0, 0) + bytes(3) + b"\xff" * 3
    frame = (
        b"," + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x44\x01\x00"
    )
    return b"GIF89a" + screen + frame + b";"


def jpeg(size=(400, 300)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "#b23a0e").save(buffer, "JPEG")
    return buffer.getvalue()


def noisy_jpeg(size=(400, 300)):
    buffer = io.BytesIO()
    PILImage.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(
        buffer, "JPEG", quality=90
    )
    return buffer.getvalue()


class HostileImageUploadTests(TestCase):
    """Admin uploads that must be refused with a message and save nothing."""

    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("admin.uji", "a@example.org", "x")
        cls.collection = Collection.get_first_root_node()

    def upload(self, name, content, content_type):
        self.client.force_login(self.admin)
        before = get_image_model().objects.count()
        response = self.client.post(
            "/admin/images/add/",
            {
                "title": "Unggahan berbahaya",
                "description": "uji",
                "collection": str(self.collection.pk),
                "file": SimpleUploadedFile(name, content, content_type),
            },
        )
        saved = get_image_model().objects.count() - before
        return response, saved

    def test_hostile_images_are_refused_with_a_clear_error(self):
        """Oversized, decompression-bomb, truncated, wrongly typed and SVG
        files: the form shows why and no image is saved."""
        svg = (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
            b'<rect width="10" height="10" onload="alert(2)"/></svg>'
        )
        cases = {
            # About 12 MB of noise: over the 10 MB upload limit.
            "oversized": ("besar.png", png((2000, 2000), noise=True), "image/png"),
            # 100 megapixels of one colour: a few kilobytes that would expand
            # to hundreds of megabytes in memory.
            "decompression bomb": ("bom.png", png((10_000, 10_000), "1"), "image/png"),
            # Regression: Wagtail read the header only; the first crashed the
            # upload with a 500, the second was saved and broke its renditions.
            "truncated header": ("potong.jpg", jpeg()[:300], "image/jpeg"),
            "truncated pixels": ("potong2.jpg", noisy_jpeg()[:-4000], "image/jpeg"),
            "HTML named .jpg": (
                "halaman.jpg",
                b"<html><script>alert(1)</script></html>",
                "image/jpeg",
            ),
            "PNG named .jpg": ("salah.jpg", png((40, 30)), "image/jpeg"),
            "SVG with script": ("skrip.svg", svg, "image/svg+xml"),
            "empty": ("kosong.png", b"", "image/png"),
        }
        for label, (name, content, content_type) in cases.items():
            with self.subTest(label):
                response, saved = self.upload(name, content, content_type)
                errors = response.context["form"].errors if response.context else {}
                ok = response.status_code == 200 and saved == 0 and "file" in errors
                report.tally("hostile", ok)
                self.assertIs(ok, True, f"{label}: {response.status_code} {errors}")

    def test_pixel_bombs_are_refused_on_every_upload_path(self):
        """A 30000x30000 PNG (110 KB) and a 20000x20000 GIF are over Pillow's
        own bomb limit, which raised before Wagtail's size check (a 500).
        The single upload form, the multiple uploader and the chooser's
        upload each refuse them with the form's message and save nothing."""
        files = {
            "PNG 30000x30000": ("bom.png", bomb_png(30_000, 30_000), "image/png"),
            "GIF 20000x20000": ("bom.gif", bomb_gif(20_000, 20_000), "image/gif"),
            # Between Pillow's warning and error thresholds: a warning, not
            # an error, in Pillow; refused all the same.
            "PNG 10000x12000": ("bom2.png", bomb_png(10_000, 12_000), "image/png"),
        }
        self.client.force_login(self.admin)
        for label, (name, content, content_type) in files.items():
            with self.subTest(label, path="single"):
                response, saved = self.upload(name, content, content_type)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(saved, 0)
                self.assertIn(
                    "megapiksel", str(response.context["form"].errors["file"])
                )
            with self.subTest(label, path="multiple"):
                before = get_image_model().objects.count()
                response = self.client.post(
                    "/admin/images/multiple/add/",
                    {"files[]": SimpleUploadedFile(name, content, content_type)},
                    headers={"X-Requested-With": "XMLHttpRequest"},
                )
                self.assertEqual(response.status_code, 200)
                self.assertIs(response.json()["success"], False)
                self.assertIn("megapiksel", response.json()["error_message"])
                self.assertEqual(get_image_model().objects.count(), before)
            with self.subTest(label, path="chooser"):
                before = get_image_model().objects.count()
                response = self.client.post(
                    "/admin/images/chooser/create/",
                    {
                        "image-chooser-upload-title": "Bom",
                        "image-chooser-upload-description": "uji",
                        "image-chooser-upload-collection": str(self.collection.pk),
                        "image-chooser-upload-file": SimpleUploadedFile(
                            name, content, content_type
                        ),
                    },
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn("megapiksel", response.content.decode())
                self.assertEqual(get_image_model().objects.count(), before)

    def test_truncated_upload_is_refused_even_after_weasyprint_is_imported(self):
        """Regression: importing WeasyPrint (the booklet) makes Pillow accept
        truncated files process-wide; the upload check must not."""
        from PIL import ImageFile

        tolerant = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = True
        try:
            response, saved = self.upload(
                "potong3.jpg", noisy_jpeg()[:-4000], "image/jpeg"
            )
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
        self.assertEqual(saved, 0)
        self.assertIn("file", response.context["form"].errors)

    def test_a_plain_image_still_uploads(self):
        """The control: a small valid JPEG is accepted."""
        response, saved = self.upload("foto.jpg", jpeg(), "image/jpeg")
        self.assertEqual(saved, 1)


class HostileEventInputTests(TestCase):
    """Admin event forms with hostile text, recurrence bombs and absurd dates."""

    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("admin.uji", "a@example.org", "x")
        home = HomePage.objects.first() or Page.get_first_root_node()
        cls.calendar = EventIndexPage(title="Agenda", slug="agenda-uji")
        home.add_child(instance=cls.calendar)
        cls.folder = EventFolderPage(title="Acara Provinsi", slug="provinsi")
        cls.calendar.add_child(instance=cls.folder)

    def setUp(self):
        self.client.force_login(self.admin)
        url = f"/admin/pages/add/events/eventpage/{self.folder.pk}/"
        response = self.client.get(url)
        self.add_url = url
        self.blank = form_data(response.content.decode(), "page-edit-form")

    def post_event(self, publish=False, **fields):
        data = {k: list(v) for k, v in self.blank.items()}
        data.update(
            title=["Festival Uji"],
            slug=["festival-uji"],
            summary=["Ringkasan uji."],
            category=["culture"],
            start_date=["2027-05-01"],
        )
        data.update({k: [v] for k, v in fields.items()})
        if publish:
            data["action-publish"] = ["1"]
        return self.client.post(self.add_url, data)

    def test_recurrence_bombs_and_absurd_dates_are_refused(self):
        """Unbounded series, huge counts, sub-daily frequencies and dates far
        in the past or future are refused with a message; nothing is saved."""
        cases = {
            "unbounded weekly": {"recurrence_frequency": "weekly"},
            "count 30000": {
                "recurrence_frequency": "weekly",
                "recurrence_count": "30000",
            },
            "count over the field": {
                "recurrence_frequency": "weekly",
                "recurrence_count": "99999999",
            },
            "every day for 100 years": {
                "recurrence_frequency": "weekly",
                "recurrence_weekdays": ["0", "1", "2", "3", "4", "5", "6"],
                "recurrence_until": "2127-05-01",
            },
            "hourly (impossible by design)": {
                "recurrence_frequency": "hourly",
                "recurrence_count": "1000",
            },
            "minutely": {"recurrence_frequency": "minutely", "recurrence_count": "5"},
            "year 1900": {"start_date": "1900-01-01"},
            "year 9999": {"start_date": "9999-12-31"},
            "year 10000": {"start_date": "10000-01-01"},
            "end before start": {"end_date": "2027-04-01"},
        }
        for label, fields in cases.items():
            with self.subTest(label):
                data = dict(fields)
                weekdays = data.pop("recurrence_weekdays", None)
                response = self.post_event(**data)
                if weekdays is not None:
                    full = {k: list(v) for k, v in self.blank.items()}
                    full.update(
                        title=["Festival Uji"],
                        slug=["festival-uji"],
                        summary=["Ringkasan uji."],
                        category=["culture"],
                        start_date=["2027-05-01"],
                        recurrence_weekdays=weekdays,
                    )
                    full.update({k: [v] for k, v in data.items()})
                    response = self.client.post(self.add_url, full)
                ok = (
                    response.status_code == 200
                    and not EventPage.objects.filter(slug="festival-uji").exists()
                    and bool(response.context["form"].errors)
                )
                report.tally("hostile", ok)
                self.assertIs(ok, True, label)

    def test_hostile_other_calendar_rules_get_a_clear_message(self):
        """The rule fields of a date from another calendar: huge, negative,
        textual and out-of-range values, an unknown calendar, and a rule
        combined with a Gregorian repetition are refused next to their field,
        in Indonesian, with the typed values kept; nothing is saved."""
        hijri = {"calendar_rule": "hijri", "rule_month": "10", "rule_day": "1"}
        cases = {
            "huge month": ({**hijri, "rule_month": "99999999999"}, "rule_month"),
            "month 13": ({**hijri, "rule_month": "13"}, "rule_month"),
            "month 0": ({**hijri, "rule_month": "0"}, "rule_month"),
            "negative day": ({**hijri, "rule_day": "-3"}, "rule_day"),
            "day 31": ({**hijri, "rule_day": "31"}, "rule_day"),
            "text day": ({**hijri, "rule_day": "lima belas"}, "rule_day"),
            "no month": ({**hijri, "rule_month": ""}, "rule_month"),
            "31 days": ({**hijri, "rule_days": "31"}, "rule_days"),
            "zero days": ({**hijri, "rule_days": "0"}, "rule_days"),
            "huge days": ({**hijri, "rule_days": "1" + "0" * 30}, "rule_days"),
            "unknown calendar": ({**hijri, "calendar_rule": "mayan"}, "calendar_rule"),
            "with a weekly rule": (
                {
                    **hijri,
                    "recurrence_frequency": "weekly",
                    "recurrence_until": "2027-08-01",
                },
                "recurrence_frequency",
            ),
            "with an end date": ({**hijri, "end_date": "2027-05-03"}, "end_date"),
            "month without calendar": ({"rule_month": "10"}, "calendar_rule"),
        }
        for label, (fields, field) in cases.items():
            with self.subTest(label):
                response = self.post_event(**fields)
                errors = response.context["form"].errors if response.context else {}
                ok = (
                    response.status_code == 200
                    and not EventPage.objects.filter(slug="festival-uji").exists()
                    and field in errors
                    and "Ringkasan uji." in response.content.decode()
                )
                report.tally("hostile", ok)
                self.assertIs(ok, True, f"{label}: {dict(errors)}")

    def test_a_good_hijri_rule_is_saved(self):
        response = self.post_event(
            calendar_rule="hijri", rule_month="10", rule_day="1", rule_days="6"
        )
        self.assertEqual(response.status_code, 302)
        event = EventPage.objects.get(slug="festival-uji")
        self.assertEqual(
            (event.calendar_rule, event.rule_month, event.rule_day, event.rule_days),
            ("hijri", 10, 1, 6),
        )

    def test_rich_text_script_handlers_and_javascript_links_are_stripped(self):
        """Script, event handlers and javascript: links typed into the
        description never reach the published page."""
        hostile = (
            '<p>Halo <a href="javascript:alert(1)">klik</a> '
            '<a href="https://example.org/" onclick="alert(2)">tautan</a></p>'
            "<script>alert(3)</script>"
        )
        content = json.loads(rich_text(hostile))
        content["blocks"].append(
            {
                "key": "zz1",
                "type": "unstyled",
                "depth": 0,
                "text": "<script>alert(5)</script>",
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 8, "key": 90}],
            }
        )
        content["entityMap"]["90"] = {
            "type": "LINK",
            "mutability": "MUTABLE",
            "data": {"url": "javascript:alert(6)"},
        }
        response = self.post_event(publish=True, description=json.dumps(content))
        self.assertEqual(response.status_code, 302)
        event = EventPage.objects.get(slug="festival-uji")
        self.client.logout()
        html = self.client.get(event.url).content.decode().lower()
        # The script text may remain as escaped, inert text ("&lt;script&gt;").
        for needle in ("javascript:", "onclick", "onerror", "<script>alert"):
            with self.subTest(needle):
                ok = needle not in html
                report.tally("hostile", ok)
                self.assertIs(ok, True, needle)

    def test_title_with_crlf_and_ical_syntax_stays_one_event(self):
        """A title that tries to close the event and open another one is
        refused by the form (core.page_forms: no line breaks in one-line
        text). Written by code, past the form, it still stays a single
        SUMMARY in the event's .ics file."""
        title = "Festival\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Palsu;X=1,2\\n"
        response = self.post_event(
            publish=True, title=title, summary="Baris 1\r\nDTSTART:19700101"
        )
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        refused = "title" in errors and "summary" in errors
        report.tally("hostile", refused)
        self.assertIs(refused, True, errors)
        self.assertFalse(EventPage.objects.filter(slug="festival-uji").exists())
        self.assertEqual(self.post_event(publish=True).status_code, 302)
        event = EventPage.objects.get(slug="festival-uji")
        event.title = event.draft_title = title
        event.summary = "Baris 1\r\nDTSTART:19700101"
        event.save_revision().publish()
        self.client.logout()
        body = self.client.get(f"/events/{event.uid}.ics").content
        calendar = Calendar.from_ical(body)
        events = list(calendar.walk("VEVENT"))
        ok = len(events) == 1 and "Palsu" in str(events[0]["SUMMARY"])
        report.tally("hostile", ok)
        self.assertIs(ok, True, body.decode())


class HostileParameterTests(HypothesisTestCase):
    """Hypothesis throws garbage at the public calendar, month grid, search
    and API parameters: every answer is 200 or 400 (or a 302 to the same
    view), never a 500."""

    @classmethod
    def setUpTestData(cls):
        home = HomePage.objects.first() or Page.get_first_root_node()
        cls.calendar = EventIndexPage(title="Agenda", slug="agenda-uji")
        home.add_child(instance=cls.calendar)
        folder = EventFolderPage(title="Acara Provinsi", slug="provinsi")
        cls.calendar.add_child(instance=folder)
        event = EventPage(
            title="Festival Krakatau",
            slug="festival-krakatau",
            summary="Festival tahunan.",
            category="culture",
            start_date=date(2027, 7, 4),
        )
        folder.add_child(instance=event)
        event.save_revision().publish()

    garbage = st.one_of(
        st.text(max_size=40),
        st.sampled_from(
            [
                "' OR 1=1 --",
                "1; DROP TABLE wagtailcore_page;--",
                '" UNION SELECT password FROM auth_user --',
                "%00",
                "\x00",
                "../../etc/passwd",
                "<script>alert(1)</script>",
                "9" * 40,
                "-1",
                "0",
                "1e308",
                "NaN",
                "2027-02-30",
                "0000-00-00",
                "99999-01-01",
                "on",
                "x" * 5000,
                "ñ" * 300,
                "\ud7ff\U0001f600",
            ]
        ),
    )
    keys = st.sampled_from(
        [
            "q",
            "regency",
            "category",
            "venue",
            "tag",
            "start",
            "end",
            "free",
            "page",
            "lang",
        ]
    ) | st.text(min_size=1, max_size=10)
    params = st.lists(st.tuples(keys, garbage), max_size=8)

    def check(self, path, pairs):
        query = urlencode(
            [
                (k, v.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
                for k, v in pairs
            ]
        )
        response = self.client.get(f"{path}?{query}")
        ok = response.status_code in (200, 302, 400)
        report.tally("hostile", ok)
        self.assertIs(ok, True, f"{path}?{query[:300]} -> {response.status_code}")

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(pairs=params)
    def test_calendar_filters_never_fail(self, pairs):
        """/agenda/ with any parameters answers 200 or 400."""
        self.check(self.calendar.url, pairs)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(pairs=params, year=st.integers(1990, 2110), month=st.integers(0, 13))
    def test_month_grid_filters_never_fail(self, pairs, year, month):
        """/agenda/<year>/<month>/ with any parameters answers 200, 400 or 404
        (a month outside the calendar)."""
        query = urlencode(
            [
                (k, v.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
                for k, v in pairs
            ]
        )
        response = self.client.get(f"{self.calendar.url}{year}/{month}/?{query}")
        ok = response.status_code in (200, 400, 404)
        report.tally("hostile", ok)
        self.assertIs(
            ok, True, f"{year}/{month}?{query[:300]} -> {response.status_code}"
        )

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        pairs=params,
        route=st.sampled_from(
            ["", "month/", "2027/7/", "regency/provinsi/", "anjungan/x/"]
        ),
    )
    def test_embed_filters_never_fail(self, pairs, route):
        """/embed/… (framed by partner sites) with any parameters answers
        200, 400 or 404 (an anjungan that does not exist), never a 500."""
        query = urlencode(
            [
                (k, v.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
                for k, v in pairs
            ]
        )
        response = self.client.get(f"/embed/{route}?{query}")
        ok = response.status_code in (200, 400, 404)
        report.tally("hostile", ok)
        self.assertIs(
            ok, True, f"/embed/{route}?{query[:300]} -> {response.status_code}"
        )

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(pairs=params, q=garbage)
    def test_search_never_fails(self, pairs, q):
        """/search/ with any query and parameters answers 200 or 400."""
        self.check("/search/", [("q", q), *pairs])

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(pairs=params)
    def test_json_api_never_fails(self, pairs):
        """/api/events/ with any parameters answers 200 or 400."""
        self.check("/api/events/", pairs)

    def test_repeated_and_huge_parameters(self):
        """Fixed worst cases: repeated keys, a page number with 40 digits, a
        query of 100,000 characters."""
        cases = [
            [("regency", "lampung-barat")] * 50,
            [("page", "9" * 40)],
            [("page", "-5"), ("page", "abc")],
            [("q", "a" * 100_000)],
            [("start", "2027-01-01"), ("end", "1999-01-01")],
            # PostgreSQL refuses NUL bytes in a query (found by Hypothesis).
            [("regency", "\x00")],
            [("venue", "pkor\x00"), ("tag", "\x00")],
        ]
        for pairs in cases:
            for path in (self.calendar.url, "/search/", "/api/events/", "/embed/"):
                with self.subTest(path=path, pairs=pairs[0]):
                    self.check(path, pairs)
            with self.subTest(path="feed", pairs=pairs[0]):
                # A feed of filters that name nothing is not found.
                response = self.client.get(reverse("events:feed"), pairs)
                self.assertIn(response.status_code, (200, 404))


class FeedTextPropertyTests(SimpleTestCase):
    """Any event text, once in iCal, parses back as exactly one event with the
    same title: no line break or iCal syntax in it can forge structure."""

    @settings(max_examples=EXAMPLES * 2, deadline=None)
    @given(
        title=st.text(min_size=1, max_size=200).filter(
            lambda s: ical.clean_text(s).strip()
        ),
        summary=st.text(max_size=300),
    )
    def test_event_text_cannot_break_out_of_its_event(self, title, summary):
        event = ical.EventData(
            uid="7d1c4d0e-0000-4000-8000-000000000001",
            title=title,
            url="https://agenda.example.org/agenda/uji/",
            summary=summary,
            schedule=dates.Schedule(start_date=date(2027, 5, 1)),
        )
        stamp = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("UTC"))
        # The single-event .ics names its calendar after the event (regression:
        # a line break in the title made the calendar's NAME a 500).
        info = ical.FeedInfo(
            name=title,
            description=summary,
            url="https://agenda.example.org/",
            uid="uji",
        )
        # The production path: stored per-event texts joined under a header.
        body = ical.join_feed(
            ical.feed_header(info), [ical.render_event(event, stamp)]
        ).encode()
        parsed = list(Calendar.from_ical(body).walk("VEVENT"))
        ok = len(parsed) == 1 and str(parsed[0]["SUMMARY"]) == ical.clean_text(title)
        report.tally("hostile", ok)
        self.assertIs(ok, True, repr(title))


class SearchTermTests(SimpleTestCase):
    def test_search_syntax_and_nul_bytes_are_removed(self):
        """Regression: a lone quote was an FTS5 syntax error on SQLite and a NUL
        byte is refused by PostgreSQL; both were server errors on /search/,
        /agenda/?q= and /api/events/?q=."""
        from core.search import search_terms

        cases = {
            '"': "",
            'festival "krakatau': "festival krakatau",
            "kopi\x00robusta": "kopi robusta",
            "tari-bedana (lampung) OR 1=1": "tari-bedana lampung OR 1 1",
            "pesta sekura": "pesta sekura",
            "ñandú kuliner": "ñandú kuliner",
            # Hyphens alone: no word for PostgreSQL's query (an IndexError).
            "-": "",
            "-- - tari-": "tari-",
            "_ __": "",
        }
        for query, expected in cases.items():
            with self.subTest(query):
                self.assertEqual(search_terms(query), expected)


class HostileReferenceDataTests(TestCase):
    """The venue and regency screens: absurd sizes, invisible characters,
    ids that name nothing, a venue inside itself and positions off the globe
    each get a form error; nothing is saved and nothing answers 500."""

    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("admin.uji", "a@example.org", "x")
        cls.regency = Regency.objects.create(
            slug="lampung-barat",
            name="Kabupaten Lampung Barat",
            short_name="Lampung Barat",
            kind="kabupaten",
            seat="Liwa",
            code="18.04",
            latitude="-5.03000",
            longitude="104.06000",
        )
        cls.pkor = Venue.objects.create(
            name="PKOR Way Halim", slug="pkor-way-halim", regency=cls.regency
        )
        cls.anjungan = Venue.objects.create(
            name="Anjungan Lampung Barat",
            slug="anjungan-lampung-barat",
            parent=cls.pkor,
            regency=cls.regency,
        )
        cls.hall = Venue.objects.create(
            name="Gedung Serbaguna", slug="gedung-serbaguna", regency=cls.regency
        )

    def setUp(self):
        self.client.force_login(self.admin)

    def venue_data(self, **fields):
        data = {
            "name": "Lapangan Uji",
            "slug": "lapangan-uji",
            "parent": "",
            "regency": str(self.regency.pk),
            "address": "Jl. Uji No. 1",
            "latitude": "-5.10000",
            "longitude": "105.20000",
            "capacity": "",
        }
        data.update(fields)
        return data

    def assert_refused(self, label, response, field, before):
        errors = response.context["form"].errors if response.context else {}
        ok = (
            response.status_code == 200
            and field in errors
            and snapshot_reference_data() == before
        )
        report.tally("hostile", ok)
        self.assertIs(ok, True, f"{label}: {response.status_code} {errors}")

    def test_hostile_venue_input_gets_a_form_error(self):
        """Each hostile value for a new venue names the field it is wrong in."""
        cases = {
            "name of 100,000 characters": ("name", "N" * 100_000),
            "bell in the name": ("name", "Lapangan\x07Uji"),
            "terminal escape in the name": ("name", "Lapangan \x1b[31mUji"),
            "NUL in the name": ("name", "Lapangan\x00Uji"),
            "right-to-left override in the name": ("name", "Lapangan \u202eijU"),
            "line break in the address": ("address", "Jl. Uji\r\nBaris dua"),
            "huge address": ("address", "A" * 10_000),
            "unknown parent id": ("parent", "999999"),
            "parent that is not a number": ("parent", "pkor'; DROP TABLE--"),
            "unknown regency id": ("regency", "999999"),
            "latitude 91": ("latitude", "91"),
            "latitude -90.5": ("latitude", "-90.5"),
            "longitude 181": ("longitude", "181"),
            "latitude 1e10": ("latitude", "1e10"),
            "latitude NaN": ("latitude", "NaN"),
            "longitude Infinity": ("longitude", "Infinity"),
            "negative capacity": ("capacity", "-5"),
            "capacity over the column": ("capacity", "9" * 30),
            "slug with a path": ("slug", "../../admin"),
        }
        url = "/admin/snippets/events/venue/add/"
        for label, (field, value) in cases.items():
            with self.subTest(label):
                before = snapshot_reference_data()
                response = self.client.post(url, self.venue_data(**{field: value}))
                self.assert_refused(label, response, field, before)

    def test_venue_nesting_that_the_calendar_cannot_follow_is_refused(self):
        """A venue inside itself, inside an anjungan (which is itself inside
        PKOR), or PKOR with its anjungan moved inside another venue."""
        cases = {
            "inside itself": (self.hall, {"parent": str(self.hall.pk)}),
            "inside an anjungan": (self.hall, {"parent": str(self.anjungan.pk)}),
            "PKOR inside another venue": (self.pkor, {"parent": str(self.hall.pk)}),
        }
        for label, (venue, fields) in cases.items():
            with self.subTest(label):
                before = snapshot_reference_data()
                response = self.client.post(
                    f"/admin/snippets/events/venue/edit/{venue.pk}/",
                    self.venue_data(slug=venue.slug, name=venue.name, **fields),
                )
                self.assert_refused(label, response, "parent", before)

    def test_hostile_regency_input_gets_a_form_error(self):
        """The regency form: the same rules, and an editors group that does
        not exist."""
        url = f"/admin/snippets/core/regency/edit/{self.regency.pk}/"
        valid = {
            "slug": "lampung-barat",
            "name": "Kabupaten Lampung Barat",
            "short_name": "Lampung Barat",
            "kind": "kabupaten",
            "seat": "Liwa",
            "code": "18.04",
            "code_bps": "",
            "latitude": "-5.03",
            "longitude": "104.06",
            "motto": "",
            "anniversary": "",
            "area_km2": "",
            "population": "",
            "theme": "siger-red",
            "editors": "",
        }
        cases = {
            "official name of 100,000 characters": ("name", "K" * 100_000),
            "escape in the motto": ("motto", "Beguai\x1b]0;x\x07Jejama"),
            "tab in the seat": ("seat", "Liwa\tBarat"),
            "latitude 100": ("latitude", "100"),
            "longitude -200": ("longitude", "-200"),
            "unknown editors group": ("editors", "999999"),
            "unknown kind": ("kind", "provinsi"),
            "code too long": ("code", "18.04.01.2001"),
        }
        self.assertEqual(self.client.post(url, valid).status_code, 302)
        for label, (field, value) in cases.items():
            with self.subTest(label):
                before = snapshot_reference_data()
                response = self.client.post(url, {**valid, field: value})
                self.assert_refused(label, response, field, before)


def snapshot_reference_data():
    return (
        list(Venue.objects.order_by("pk").values()),
        list(Regency.objects.order_by("pk").values()),
    )
