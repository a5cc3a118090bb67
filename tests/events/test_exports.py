"""CSV and XLSX exports: every event of the year (the year view lists the
major ones and counts the rest), documented columns, an empty year as an
empty file, text kept as text."""

import csv
import io
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import timezone

from events import dates, exports
from events.models import Occurrence

from ..demo import load_demo_province

YEAR = 2027  # the demo province is loaded as on 27 November 2026

# The documented contract (README): a renamed or reordered column fails here.
DOCUMENTED_YEAR_COLUMNS = [
    "uid",
    "title",
    "month",
    "date_precision",
    "start_date",
    "end_date",
    "start_time",
    "end_time",
    "dates",
    "regency",
    "regency_code",
    "venue",
    "venue_address",
    "category",
    "category_label",
    "status",
    "status_label",
    "summary",
    "organiser",
    "contact_email",
    "contact_phone",
    "website",
    "free_entry",
    "price",
    "edition",
    "ken_nominated",
    "anjungan_programme",
    "url",
]


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response) -> tuple[list[str], list[dict]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


class ExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        cls.moderator = User.objects.get(username="moderator")

    def setUp(self):
        self.client.force_login(self.moderator)

    def export(self, fmt, year=YEAR, **filters):
        return self.client.get(
            reverse("events_year_export"), {"year": year, "format": fmt, **filters}
        )

    def year_view(self, **filters):
        return self.client.get(f"/agenda/{YEAR}/", filters).context

    def test_csv_and_xlsx_hold_every_event_of_the_year_view(self):
        """For the same filters, both files hold a row per event and month:
        every entry the year view lists, and as many events each month as the
        year view counts (it lists only the major ones)."""
        for filters in (
            {},
            {"regency": "lampung-timur"},
            {"regency": "provinsi"},
            {"category": "culture"},
            {"venue": "pkor-way-halim"},
            {"free": "on", "category": "sport_tourism"},
            {"start": "2027-03-01", "end": "2027-06-30"},
        ):
            with self.subTest(**filters):
                context = self.year_view(**filters)
                listed = {
                    entry.key
                    for month in context["months"]
                    for entry in (*month.dated, *month.to_be_announced)
                }
                counts = {f"{m.month:%Y-%m}": m.total for m in context["months"]}
                self.assertGreater(sum(counts.values()), 0)
                rows = read_csv(self.export("csv", **filters))
                keys = sorted((r["uid"], r["month"]) for r in rows)
                self.assertLessEqual(listed, set(keys))
                self.assertEqual(len(keys), len(set(keys)))
                self.assertEqual(len(keys), sum(counts.values()))
                for month, count in counts.items():
                    self.assertEqual(
                        count, len([k for k in keys if k[1] == month]), month
                    )
                programmes = {p.entry.uid for p in context["programmes"]}
                self.assertLessEqual(programmes, {uid for uid, _m in keys})
                _header, xlsx_rows = read_xlsx(self.export("xlsx", **filters))
                self.assertEqual(
                    sorted((r["uid"], r["month"]) for r in xlsx_rows), keys
                )

    def test_the_export_is_not_cut_like_the_year_view(self):
        """Every event and month of the year, not only the major ones the
        year view lists."""
        expected = {
            (str(uid), f"{timezone.localtime(start):%Y-%m}")
            for uid, start in Occurrence.objects.visible("id")
            .in_year(YEAR)
            .values_list("event__uid", "start")
        }
        rows = read_csv(self.export("csv"))
        self.assertEqual({(r["uid"], r["month"]) for r in rows}, expected)
        listed = sum(m.count for m in self.year_view()["months"])
        self.assertGreater(len(rows), listed + 50)

    def test_columns_are_the_documented_ones(self):
        """Both formats start with the documented header, in order."""
        self.assertEqual(list(exports.YEAR_COLUMNS), DOCUMENTED_YEAR_COLUMNS)
        csv_response = self.export("csv")
        self.assertEqual(csv_response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn(
            f'filename="calendar-of-events-{YEAR}.csv"',
            csv_response["Content-Disposition"],
        )
        self.assertEqual(list(read_csv(csv_response)[0]), DOCUMENTED_YEAR_COLUMNS)
        header, _rows = read_xlsx(self.export("xlsx"))
        self.assertEqual(header, DOCUMENTED_YEAR_COLUMNS)

    def test_month_only_rows_have_a_month_and_no_made_up_day(self):
        rows = read_csv(self.export("csv"))
        fair = [r for r in rows if r["title"].startswith("Lampung Fair")]
        self.assertEqual(len(fair), 1)
        self.assertEqual(
            (fair[0]["month"], fair[0]["date_precision"], fair[0]["start_date"]),
            ("2027-05", "month", ""),
        )
        dated = next(r for r in rows if r["date_precision"] == "exact")
        self.assertRegex(dated["start_date"], r"^2027-\d\d-\d\d$")

    def test_xlsx_dates_are_real_dates(self):
        _header, rows = read_xlsx(self.export("xlsx"))
        dated = next(r for r in rows if r["date_precision"] == "exact")
        self.assertIsInstance(dated["start_date"], datetime)
        self.assertEqual(dated["start_date"].year, YEAR)

    def test_a_year_without_events_exports_an_empty_file(self):
        """Only the header row, and no error."""
        csv_response = self.export("csv", year=2035)
        self.assertEqual(csv_response.status_code, 200)
        self.assertEqual(
            csv_response.content.decode("utf-8-sig").splitlines(),
            [",".join(f'"{column}"' for column in DOCUMENTED_YEAR_COLUMNS)],
        )
        header, rows = read_xlsx(self.export("xlsx", year=2035))
        self.assertEqual((header, rows), (DOCUMENTED_YEAR_COLUMNS, []))

    def test_export_page_previews_the_rows(self):
        response = self.client.get(reverse("events_year_export"), {"year": YEAR})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["entry_count"],
            sum(m.total for m in self.year_view()["months"]),
        )
        self.assertContains(response, "format=xlsx")

    def test_regency_editors_cannot_export(self):
        self.client.force_login(User.objects.get(username="editor.lampung-barat"))
        response = self.export("csv")
        self.assertRedirects(
            response, reverse("wagtailadmin_home"), fetch_redirect_response=False
        )


class CellValueTests(SimpleTestCase):
    def test_csv_values(self):
        """ISO dates, 24-hour times, true/false, empty for none."""
        table = [
            (date(2027, 7, 4), "2027-07-04"),
            (time(19, 30), "19:30"),
            (True, "true"),
            (False, "false"),
            (None, ""),
            (12, "12"),
            ("Festival Krakatau", "Festival Krakatau"),
        ]
        for value, expected in table:
            with self.subTest(value=value):
                self.assertEqual(exports.csv_value(value), expected)

    def test_no_piece_of_a_csv_cell_runs_as_a_formula(self):
        """Excel splits on the reader's list separator (";" with Indonesian
        regional settings, "," with English) or on tabs when pasted: no piece
        of any cell may start with a formula trigger, and every field is
        quoted."""
        hostile = [
            "0812;=1+1",
            'Jl. Sudirman,=HYPERLINK("http://x")',
            "a\t+SUM(A1)",
            "b;  @cmd",
            "line\n-2+3",
            "=1+1",
            "-",
        ]
        body = exports.to_csv(("note",), [{"note": text} for text in hostile])
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        self.assertEqual(len(rows), len(hostile) + 1)
        for (cell,), text in zip(rows[1:], hostile, strict=True):
            with self.subTest(text=text):
                for piece in re.split(r"[,;\t\r\n]", cell):
                    self.assertFalse(
                        piece.lstrip(" ").startswith(("=", "+", "-", "@")), cell
                    )
                # Nothing lost: the neutralised cell still reads as the text.
                self.assertEqual(cell.replace("'", ""), text.replace("'", ""))
        for line in body.decode("utf-8-sig").splitlines()[:1]:
            self.assertTrue(line.startswith('"') and line.endswith('"'), line)

    def test_ordinary_text_is_not_touched(self):
        for text in ("2027-07-04", "Sabtu, 10.00–12.00 WIB", "0812-7788-1234"):
            with self.subTest(text=text):
                self.assertEqual(exports.csv_value(text), text)

    def test_dates_column_marks_moved_and_cancelled_dates(self):
        wib = ZoneInfo("Asia/Jakarta")
        saturday = datetime(2027, 1, 23, 19, tzinfo=wib)
        table = [
            (dates.Span(saturday, saturday, all_day=False), "2027-01-23"),
            (
                dates.Span(saturday, saturday, all_day=False, cancelled=True),
                "2027-01-23 (cancelled)",
            ),
            (
                dates.Span(
                    saturday + timedelta(days=1),
                    saturday + timedelta(days=1),
                    all_day=False,
                    moved=True,
                    original_start=saturday,
                ),
                "2027-01-24 (moved from 2027-01-23)",
            ),
        ]
        for span, expected in table:
            with self.subTest(expected):
                self.assertEqual(exports.date_cell(span), expected)

    def test_text_that_looks_like_a_formula_stays_text(self):
        """A cell starting with = + - @ is never run by a spreadsheet."""
        self.assertEqual(exports.csv_value("=1+1"), "'=1+1")
        self.assertEqual(exports.csv_value("+62 721 123"), "'+62 721 123")
        from openpyxl import load_workbook

        body = exports.to_xlsx(("summary",), [{"summary": "=HYPERLINK(1)"}], "t")
        cell = load_workbook(io.BytesIO(body)).active["A2"]
        self.assertEqual((cell.value, cell.data_type), ("=HYPERLINK(1)", "s"))
