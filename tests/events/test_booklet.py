"""The printable booklet: a valid PDF of every approved event of the year,
stored and served until its content changes, buildable from the command line."""

import io
import re
from datetime import date
from io import StringIO

from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase, override_settings
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import Locale

from events import annual, booklet
from events.models import Occurrence

from ..demo import load_demo_province
from .annual_data import folder_of, make_event

YEAR = 2027  # the demo province is loaded as on 27 November 2026
QUIET_YEAR = 2028  # no demo events


def pdf_pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def squashed(text: str) -> str:
    """Text without whitespace: titles may wrap anywhere in the layout."""
    return re.sub(r"\s+", "", text)


def stored_booklets(year: int) -> list[str]:
    return booklet._stored_versions(year, "id")


class BookletTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        cls.editor = User.objects.get(username="editor.lampung-barat")
        cls.moderator = User.objects.get(username="moderator")
        lambar = folder_of("lampung-barat")
        hidden = {
            "draft": "Festival Draf Rahasia",
            "pending": "Festival Menunggu Tinjauan",
            "rejected": "Festival Ditolak Moderator",
        }
        for state, title in hidden.items():
            make_event(
                lambar,
                title,
                date(YEAR, 8, 10),
                state,
                editor=cls.editor,
                moderator=cls.moderator,
            )
        cls.hidden = list(hidden.values())
        cls.pdf = booklet.build_booklet(YEAR)
        cls.pages = pdf_pages(cls.pdf)
        cls.text = squashed(" ".join(cls.pages))

    def setUp(self):
        cache.clear()

    def tearDown(self):
        for year in (YEAR, QUIET_YEAR, 2035):
            for name in stored_booklets(year):
                default_storage.delete(name)

    def test_booklet_is_a_valid_pdf(self):
        """A PDF with a cover, contents, months, programmes and index pages."""
        from pypdf import PdfReader

        self.assertTrue(self.pdf.startswith(b"%PDF-"))
        reader = PdfReader(io.BytesIO(self.pdf))
        self.assertGreater(len(reader.pages), 10)
        self.assertIn(str(YEAR), reader.metadata.title)
        self.assertEqual(
            [round(float(v)) for v in reader.pages[0].mediabox[2:]], [595, 842]
        )

    def test_contains_every_approved_event_of_the_year(self):
        """Each live event with an occurrence in the year is in the text."""
        titles = set(
            Occurrence.objects.filter(
                locale=Locale.get_default(),
                start__year=YEAR,
            ).values_list("event__title", flat=True)
        )
        self.assertGreater(len(titles), 40)
        for title in titles:
            with self.subTest(title):
                self.assertIn(squashed(title), self.text)

    def test_contains_no_draft_pending_or_rejected_event(self):
        for title in self.hidden:
            with self.subTest(title):
                self.assertNotIn(squashed(title), self.text)

    def test_month_only_events_are_listed_under_their_month(self):
        """Lampung Fair (May, date not fixed) is on a page of the May section
        as "date to be announced", never with a day."""
        with translation.override("id"):
            tba = gettext("%(month)s, date to be announced") % {"month": "Mei 2027"}
            index_heading = gettext("Index by regency")
        pages = [
            page
            for page in self.pages
            if "Lampung Fair" in page and squashed(index_heading) not in squashed(page)
        ]
        self.assertEqual(len(pages), 1)
        self.assertIn(squashed(tba), squashed(pages[0]))
        self.assertIn("Mei 2027", pages[0])
        self.assertIsNone(re.search(r"(?<!\d)1 Mei 2027", self.text_raw()))

    def text_raw(self) -> str:
        return "\n".join(self.pages)

    def test_pages_are_numbered_after_the_cover(self):
        """Every page but the cover shows its number."""
        for number, page in enumerate(self.pages[1:], start=2):
            with self.subTest(number):
                self.assertIn(str(number), page.split())

    def test_download_url_serves_the_stored_booklet_until_events_change(self):
        """GET builds once and then serves the stored PDF; publishing an event
        of that year makes the next download a fresh booklet that lists it."""
        url = f"/agenda/{QUIET_YEAR}/booklet/"
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn(
            f'filename="agenda-lampung-{QUIET_YEAR}.pdf"',
            response["Content-Disposition"],
        )
        first = b"".join(response.streaming_content)
        self.assertTrue(first.startswith(b"%PDF-"))
        (stored,) = stored_booklets(QUIET_YEAR)
        built_at = default_storage.get_modified_time(stored)
        again = self.client.get(url)
        self.assertEqual(b"".join(again.streaming_content), first)
        self.assertEqual(stored_booklets(QUIET_YEAR), [stored])
        self.assertEqual(default_storage.get_modified_time(stored), built_at)
        make_event(
            folder_of("mesuji"),
            "Festival Sungai Mesuji 2028",
            date(QUIET_YEAR, 5, 20),
            "approved",
        )
        fresh = self.client.get(url)
        text = squashed(" ".join(pdf_pages(b"".join(fresh.streaming_content))))
        self.assertIn(squashed("Festival Sungai Mesuji 2028"), text)
        (rebuilt,) = stored_booklets(QUIET_YEAR)
        self.assertNotEqual(rebuilt, stored)

    def test_a_year_without_events_is_a_valid_booklet(self):
        """No events: a cover and a contents page saying so."""
        pages = pdf_pages(booklet.build_booklet(2035))
        with translation.override("id"):
            empty = gettext("No events have been published for this year yet.")
        self.assertEqual(len(pages), 2)
        self.assertIn(squashed(empty), squashed(pages[1]))

    def test_build_command_shows_progress_and_stores_the_booklet(self):
        out = StringIO()
        call_command("build_booklet", "--year", "2035", stdout=out)
        output = out.getvalue()
        self.assertIn("2035", output.splitlines()[0])
        self.assertIn("booklets/2035/", output)
        self.assertEqual(len(stored_booklets(2035)), 1)
        out = StringIO()
        call_command("build_booklet", "--year", "2035", stdout=out)
        self.assertEqual(len(stored_booklets(2035)), 1)

    def test_only_get_and_sensible_years(self):
        """POST is refused; years outside the calendar have no booklet."""
        self.assertEqual(
            self.client.post(f"/agenda/{QUIET_YEAR}/booklet/").status_code, 405
        )
        self.assertEqual(self.client.get("/agenda/1999/booklet/").status_code, 404)
        self.assertEqual(self.client.get("/agenda/2099/booklet/").status_code, 404)


class BookletThresholdTests(TestCase):
    """Every event of a year up to settings.BOOKLET_MAX_EVENTS; above, the
    major events and anjungan programmes, saying what is left out."""

    @classmethod
    def setUpTestData(cls):
        load_demo_province(with_users=False)
        cls.total = (
            Occurrence.objects.visible("id")
            .in_year(YEAR)
            .values("event_id")
            .distinct()
            .count()
        )

    def test_up_to_the_threshold_every_event_is_printed(self):
        with override_settings(BOOKLET_MAX_EVENTS=self.total):
            data = booklet.collect(YEAR, "id", "https://agenda.example/agenda/")
        self.assertEqual(data.event_count, self.total)
        self.assertEqual((data.total_events, data.left_out), (self.total, 0))
        html = booklet.render_html(data)
        self.assertNotIn("contents__scope", html)
        self.assertIn("Pasar Kakao dan Cokelat Pesawaran", html)

    def test_above_it_the_major_events_and_programmes_and_what_is_left_out(self):
        with override_settings(BOOKLET_MAX_EVENTS=self.total - 1):
            data = booklet.collect(YEAR, "id", "https://agenda.example/agenda/")
        majors = set(
            annual.major_events(Occurrence.objects.visible("id").in_year(YEAR))
            .exclude(venue__parent__isnull=False, event__recurrence_frequency__gt="")
            .values_list("event_id", flat=True)
        )
        printed = {entry.event_id for entry in data.entries}
        programme_ids = {p.entry.event_id for p in data.programmes}
        self.assertEqual(printed, majors | programme_ids)
        self.assertEqual(len(programme_ids), 12)
        self.assertEqual(data.total_events, self.total)
        self.assertEqual(data.left_out, self.total - len(printed))
        self.assertGreater(data.left_out, 5)
        html = booklet.render_html(data)
        with translation.override("id"):
            note = gettext(
                "This booklet lists the year’s %(counter)s major event and the "
                "anjungan programmes; %(others)s other events are on the online "
                "calendar: %(url)s"
            )
        self.assertTrue(note.startswith("Buklet ini memuat"))
        self.assertIn(
            f"Buklet ini memuat {len(majors)} acara utama tahun ini dan program "
            f"rutin anjungan; {data.left_out} kegiatan lain ada di kalender daring: "
            "https://agenda.example/agenda/",
            html,
        )
        self.assertIn("Festival Krakatau", html)
        self.assertNotIn("Festival Kakao", html)  # one day, not highlighted

    def test_the_note_is_in_the_booklets_language_and_printed(self):
        with override_settings(BOOKLET_MAX_EVENTS=10):
            data = booklet.collect(YEAR, "en", "https://agenda.example/en/agenda/")
            pdf, _pages = booklet.write_pdf(booklet.render_html(data))
        text = squashed(" ".join(pdf_pages(pdf)))
        self.assertIn(
            squashed(
                f"This booklet lists the year’s {data.major_count} major events and "
                f"the anjungan programmes; {data.left_out} other events are on the "
                "online calendar: https://agenda.example/en/agenda/"
            ),
            text,
        )


class WeasyPrintImportTests(SimpleTestCase):
    def test_building_leaves_pillows_truncated_image_setting_alone(self):
        """Importing WeasyPrint for a booklet does not make Pillow accept
        truncated images in the rest of the process (uploads rely on it)."""
        from PIL import ImageFile

        before = ImageFile.LOAD_TRUNCATED_IMAGES
        booklet.write_pdf("<p>Halo</p>")
        self.assertIs(ImageFile.LOAD_TRUNCATED_IMAGES, before)
