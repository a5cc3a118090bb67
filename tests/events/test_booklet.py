"""The printable booklet: a valid PDF of every approved event of the year,
stored and served until its content changes, buildable from the command line."""

import io
import re
from datetime import date
from io import StringIO
from unittest import mock

from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase, override_settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from wagtail.models import Locale

from events import annual, booklet
from events.models import Occurrence, StoredBooklet

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

    def build_stale(self) -> str:
        out = StringIO()
        call_command("build_booklet", "--stale", stdout=out)
        return out.getvalue()

    def test_a_booklet_not_built_yet_is_a_clear_page_and_is_put_on_the_list(self):
        """Before the background run has built a year's booklet, the
        download is a page saying so (503, retry later) in the visitor's
        language, linking the year view; the year is then on the background
        run's list, which builds it."""
        url = f"/agenda/{QUIET_YEAR}/booklet/"
        response = self.client.get(url)
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], str(booklet.RETRY_AFTER))
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertContains(
            response, f"Buklet {QUIET_YEAR} sedang disiapkan", status_code=503
        )
        self.assertContains(response, f'href="/agenda/{QUIET_YEAR}/"', status_code=503)
        self.assertEqual(stored_booklets(QUIET_YEAR), [])
        self.assertIn(
            (QUIET_YEAR, "id"), {(c.year, c.language) for c in booklet.stale()}
        )
        output = self.build_stale()
        self.assertIn(f"Booklet {QUIET_YEAR} (id) ready", output)
        self.assertEqual(len(stored_booklets(QUIET_YEAR)), 1)
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_download_serves_the_last_good_booklet_until_the_background_run(self):
        """A download serves the stored PDF, named by the day it was made.
        Publishing an event of that year changes nothing for visitors until
        the background run, which builds a booklet that lists it; a run with
        nothing changed builds nothing."""
        url = f"/agenda/{QUIET_YEAR}/booklet/"
        self.client.get(url)
        self.build_stale()
        (stored,) = stored_booklets(QUIET_YEAR)
        built_at = default_storage.get_modified_time(stored)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        today = timezone.localdate()
        self.assertIn(
            f'filename="agenda-lampung-{QUIET_YEAR}-{today:%Y-%m-%d}.pdf"',
            response["Content-Disposition"],
        )
        self.assertIn("Last-Modified", response)
        first = b"".join(response.streaming_content)
        self.assertTrue(first.startswith(b"%PDF-"))
        self.assertNotIn(f"Booklet {QUIET_YEAR}", self.build_stale())
        self.assertEqual(default_storage.get_modified_time(stored), built_at)
        make_event(
            folder_of("mesuji"),
            "Festival Sungai Mesuji 2028",
            date(QUIET_YEAR, 5, 20),
            "approved",
        )
        self.assertEqual(b"".join(self.client.get(url).streaming_content), first)
        self.assertIn(f"Booklet {QUIET_YEAR} (id) ready", self.build_stale())
        fresh = self.client.get(url)
        text = squashed(" ".join(pdf_pages(b"".join(fresh.streaming_content))))
        self.assertIn(squashed("Festival Sungai Mesuji 2028"), text)
        (rebuilt,) = stored_booklets(QUIET_YEAR)
        self.assertNotEqual(rebuilt, stored)

    def test_a_booklet_whose_file_went_missing_is_built_again(self):
        """A stored booklet whose file is gone (media restored without it,
        deleted by hand) is a page saying it is being prepared, never a 500,
        and the background run builds it again."""
        url = f"/agenda/{QUIET_YEAR}/booklet/"
        self.client.get(url)
        self.build_stale()
        (stored,) = stored_booklets(QUIET_YEAR)
        default_storage.delete(stored)
        self.assertEqual(self.client.get(url).status_code, 503)
        self.assertIn(
            (QUIET_YEAR, "id"), {(c.year, c.language) for c in booklet.stale()}
        )
        self.assertIn(f"Booklet {QUIET_YEAR} (id) ready", self.build_stale())
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_no_request_ever_lays_a_booklet_out(self):
        """Whatever state the booklet is in (none yet, stale after a
        publish, a year nobody asked for), a visitor's request never calls
        WeasyPrint: it would hold a web worker for seconds to minutes."""
        import weasyprint

        url = f"/agenda/{QUIET_YEAR}/booklet/"
        calls = []

        def refuse(*args, **kwargs):
            calls.append(args)
            raise AssertionError("WeasyPrint called in a request")

        with mock.patch.object(weasyprint, "HTML", side_effect=refuse):
            self.assertEqual(self.client.get(url).status_code, 503)
            self.assertEqual(
                self.client.get(f"/en/agenda/{YEAR}/booklet/").status_code, 503
            )
        self.build_stale()
        make_event(
            folder_of("mesuji"), "Festival Baru", date(QUIET_YEAR, 6, 1), "approved"
        )
        with mock.patch.object(weasyprint, "HTML", side_effect=refuse):
            self.assertEqual(self.client.get(url).status_code, 200)
            self.assertEqual(self.client.get(f"/agenda/{QUIET_YEAR}/").status_code, 200)
        self.assertEqual(calls, [])

    def test_the_year_view_says_which_version_it_links(self):
        """The year view's booklet link says the day the PDF was made, or
        that it is being prepared."""
        url = f"/agenda/{QUIET_YEAR}/"
        self.assertContains(self.client.get(url), "sedang disiapkan")
        self.client.get(f"/agenda/{QUIET_YEAR}/booklet/")
        self.build_stale()
        today = timezone.localdate()
        with translation.override("id"):
            words = f"versi {today.day} {formats.date_format(today, 'F')} {today.year}"
        self.assertContains(self.client.get(url), words)

    def test_the_nightly_run_compares_every_booklet(self):
        """--all looks at every stored booklet, also those no publish
        marked (a template or the organisation's address changed)."""
        self.client.get(f"/agenda/{QUIET_YEAR}/booklet/")
        self.build_stale()
        self.assertNotIn(
            (QUIET_YEAR, "id"), {(c.year, c.language) for c in booklet.stale()}
        )
        self.assertIn(
            (QUIET_YEAR, "id"),
            {(c.year, c.language) for c in booklet.stale(every=True)},
        )

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
        copy = StoredBooklet.objects.built(2035, "id")
        self.assertGreater(copy.pages, 0)
        self.assertGreater(copy.size, 1000)
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
