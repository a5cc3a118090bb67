"""Hostile spreadsheets for the plan import (events.plan_import): each gets
a clear message on the upload page, never a 500, and saves nothing."""

import io
import os
import zipfile

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from wagtail.models import Revision, WorkflowState

from openpyxl import load_workbook

from core.models import Regency
from events.exports import YEAR_COLUMNS
from events.models import EventPage
from tests.demo import load_demo_province
from tests.events.plan_files import GOOD_ROWS, many_rows, xlsx
from tests.security import report


def zip_of(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A workbook-shaped zip whose sheet unpacks to 200 MB of spaces
    (about 200 KB packed)."""
    good = zipfile.ZipFile(io.BytesIO(xlsx()))
    parts = {name: good.read(name) for name in good.namelist()}
    parts["xl/worksheets/sheet1.xml"] = b" " * (200 * 1024 * 1024)
    return zip_of(parts)


def state():
    return (
        EventPage.objects.count(),
        Revision.objects.count(),
        WorkflowState.objects.count(),
    )


class HostilePlanUploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        cls.editor = User.objects.get(username="editor.lampung-barat")
        cls.regency = Regency.objects.get(slug="lampung-barat")

    def upload(self, name, data):
        self.client.force_login(self.editor)
        return self.client.post(
            reverse("events_plan_import"),
            {"regency": str(self.regency.pk), "file": SimpleUploadedFile(name, data)},
        )

    def test_files_that_are_not_a_plan_get_a_message_and_save_nothing(self):
        """Not a zip, an old .xls or a CSV renamed, empty, header only, over
        the row and size limits, a zip bomb, a zip without a workbook, a
        workbook with broken XML, unknown columns: a message on the file
        field, the page shown again (200), nothing saved."""
        good = zipfile.ZipFile(io.BytesIO(xlsx()))
        broken_xml = {name: good.read(name) for name in good.namelist()}
        broken_xml["xl/workbook.xml"] = b"<workbook><sheets><sheet name="
        cases = {
            "not a zip": ("rencana.xlsx", os.urandom(2000)),
            ".xls renamed": (
                "rencana.xlsx",
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000),
            ),
            "CSV renamed": ("rencana.xlsx", b"title,start_date\nFestival,2028-01-01\n"),
            "empty": ("rencana.xlsx", b""),
            "header only": ("rencana.xlsx", xlsx(rows=())),
            "10,000 rows": ("rencana.xlsx", many_rows(10_000)),
            "10 MB": ("rencana.xlsx", os.urandom(10 * 1024 * 1024)),
            "zip bomb": ("rencana.xlsx", zip_bomb()),
            "zip without a workbook": ("rencana.xlsx", zip_of({"a.txt": b"x"})),
            "broken XML": ("rencana.xlsx", zip_of(broken_xml)),
            "unknown columns": (
                "rencana.xlsx",
                xlsx(columns=("title", "start_date", "category", "sumary")),
            ),
        }
        for label, (name, data) in cases.items():
            with self.subTest(label):
                before = state()
                response = self.upload(name, data)
                errors = response.context["form"].errors if response.context else {}
                ok = (
                    response.status_code == 200
                    and "file" in errors
                    and state() == before
                )
                report.tally("hostile", ok)
                self.assertIs(ok, True, f"{label}: {response.status_code} {errors}")

    def test_formulas_and_control_characters_are_row_errors(self):
        """=HYPERLINK(…) and =1+1 in text cells are refused (never evaluated,
        never stored); a line break or a text-direction override in a
        one-line text is refused as on the event form. Nothing is saved."""
        rows = [
            {**GOOD_ROWS[0], "title": '=HYPERLINK("http://evil.example","Klik")'},
            {**GOOD_ROWS[1], "summary": "=1+1"},
            {**GOOD_ROWS[2], "title": "Konser\nbaris dua"},
            {**GOOD_ROWS[2], "title": "Konser lain", "organiser": "Dinas\u202egnp.exe"},
        ]
        before = state()
        response = self.upload("rencana.xlsx", xlsx(rows))
        errors = response.context["errors"]
        expected = [
            "Baris 2: title",
            "Baris 3: summary",
            "Baris 4: title",
            "Baris 5: organiser",
        ]
        ok = [e.split(" — ")[0] for e in errors] == expected and state() == before
        report.tally("hostile", ok, n=len(rows))
        self.assertEqual([e.split(" — ")[0] for e in errors], expected)
        self.assertIn("rumus tidak dibaca", errors[0])
        self.assertEqual(state(), before)

    def test_text_starting_with_an_equals_sign_stays_text(self):
        """A text cell (not a formula) that starts with "=" is stored as the
        text typed, like the XLSX export writes it."""
        workbook = load_workbook(io.BytesIO(xlsx([GOOD_ROWS[2]])))
        cell = workbook.active.cell(2, YEAR_COLUMNS.index("summary") + 1)
        cell.value = "=Konser terbuka"
        cell.data_type = "s"
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = self.upload("rencana.xlsx", buffer.getvalue())
        self.assertEqual(response.status_code, 302)
        event = EventPage.objects.get(title="Konser Uji Impor")
        self.assertEqual(event.summary, "=Konser terbuka")
