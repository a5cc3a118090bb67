"""Next year's plan imported from a spreadsheet (events.plan_import): the
template, a valid upload becoming draft events under review, and an upload
with any invalid row saving nothing and listing every problem by row."""

import io
from datetime import date, time

from django.contrib.auth.models import Permission, User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from wagtail.models import Revision, WorkflowState
from wagtail.users.models import UserProfile

from openpyxl import load_workbook

from core.models import Regency
from events.choices import EventCategory
from events.exports import YEAR_COLUMNS
from events.models import EventPage

from ..demo import load_demo_province
from .annual_data import folder_of
from .plan_files import GOOD_ROWS, xlsx

BAD_ROW = {
    "title": "Acara Salah",
    "start_date": "2028-05-10",
    "end_date": "2028-05-01",
    "category": "sulap",
    "summary": "Ringkas.",
    "contact_email": "bukan-surel",
}


def prefers_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


def state():
    """What an upload may change: events, revisions, workflows."""
    return (
        EventPage.objects.count(),
        Revision.objects.count(),
        WorkflowState.objects.count(),
    )


class PlanImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        cls.moderator = User.objects.get(username="moderator")
        cls.editor = User.objects.get(username="editor.lampung-barat")
        cls.lambar = Regency.objects.get(slug="lampung-barat")
        cls.pesibar = Regency.objects.get(slug="pesisir-barat")
        cls.folder = folder_of("lampung-barat")

    def upload(self, user, data, regency=None, name="rencana.xlsx"):
        self.client.force_login(user)
        regency = regency if regency is not None else str(self.lambar.pk)
        return self.client.post(
            reverse("events_plan_import"),
            {"regency": regency, "file": SimpleUploadedFile(name, data)},
        )

    def new_events(self, folder=None):
        return EventPage.objects.child_of(folder or self.folder).filter(
            title__contains="Uji Impor"
        )

    def test_template_has_the_export_columns_lists_and_help(self):
        """The template's header is the year export's columns in their order,
        with Excel's lists of categories, date precisions and booleans, and a
        help sheet naming every column and whether it is read."""
        self.client.force_login(self.editor)
        response = self.client.get(reverse("events_plan_template"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("plan-template-", response["Content-Disposition"])
        workbook = load_workbook(io.BytesIO(response.content))
        sheet, help_sheet = workbook.worksheets
        self.assertEqual(tuple(c.value for c in sheet[1]), YEAR_COLUMNS)
        lists = {
            sheet.cell(1, next(iter(v.sqref.ranges)).min_col).value: v.formula1
            for v in sheet.data_validations.dataValidation
            if v.type == "list"
        }
        self.assertEqual(
            lists["category"], '"{}"'.format(",".join(EventCategory.values))
        )
        self.assertEqual(lists["date_precision"], '"exact,month"')
        self.assertEqual(lists["free_entry"], '"true,false"')
        self.assertIsNotNone(sheet["B1"].comment)
        described = [
            row[0] for row in help_sheet.iter_rows(min_row=2, values_only=True)
        ]
        self.assertEqual(tuple(described[: len(YEAR_COLUMNS)]), YEAR_COLUMNS)
        self.assertEqual(help_sheet["B2"].value, "tidak")  # uid: ignored

    def test_planning_report_and_dashboard_offer_the_template_and_import(self):
        """Moderators find both on the planning report, editors on their
        dashboard panel and in the Calendar of Events menu."""
        template, upload = (
            reverse("events_plan_template"),
            reverse("events_plan_import"),
        )
        self.client.force_login(self.moderator)
        report = self.client.get(reverse("events_planning_report"))
        self.assertContains(report, template)
        self.assertContains(report, upload)
        self.client.force_login(self.editor)
        dashboard = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(dashboard, template)
        self.assertContains(dashboard, upload)
        page = self.client.get(upload)
        self.assertContains(page, template)
        self.assertEqual(
            [value for value, _label in page.context["form"].fields["regency"].choices],
            [str(self.lambar.pk)],
        )

    def test_valid_file_becomes_drafts_submitted_for_review(self):
        """Each row is a draft event in the regency's Indonesian folder, saved
        by the uploader and in the moderation workflow, requested by them."""
        response = self.upload(self.editor, xlsx())
        self.assertRedirects(
            response,
            reverse("wagtailadmin_explore", args=[self.folder.pk]),
            fetch_redirect_response=False,
        )
        events = {e.title: e for e in self.new_events()}
        self.assertEqual(len(events), len(GOOD_ROWS))
        for event in events.values():
            with self.subTest(event.title):
                self.assertIs(event.live, False)
                self.assertEqual(event.regency_id, self.lambar.pk)
                self.assertEqual(event.locale.language_code, "id")
                self.assertEqual(event.owner, self.editor)
                self.assertEqual(event.latest_revision.user, self.editor)
                workflow = WorkflowState.objects.get(
                    object_id=str(event.pk), status=WorkflowState.STATUS_IN_PROGRESS
                )
                self.assertEqual(workflow.requested_by, self.editor)
        festival = events["Festival Uji Impor Satu"]
        self.assertEqual(
            (festival.start_date, festival.end_date, festival.start_time),
            (date(2028, 7, 2), date(2028, 7, 4), time(8, 0)),
        )
        self.assertEqual(festival.venue.name, "Lapangan Merdeka Pasar Liwa")
        self.assertEqual(festival.contact_phone, "0728 21000")
        coffee = events["Lomba Kopi Uji Impor"]
        self.assertEqual(
            (coffee.date_precision, coffee.start_date), ("month", date(2028, 3, 1))
        )
        concert = events["Konser Uji Impor"]
        self.assertEqual((concert.is_free, concert.price), (False, "Rp25.000"))
        self.assertEqual(concert.start_time, time(19, 30))
        self.client.force_login(self.moderator)
        queue = self.client.get(reverse("events_moderation_queue"))
        self.assertContains(queue, "Konser Uji Impor")

    def test_moderators_hear_of_a_plan_once_not_once_per_event(self):
        """A plan of three events is one e-mail per moderator, listing all
        three with their edit links (it was three e-mails each); a plan of
        one event is Wagtail's usual e-mail about that page."""
        mail.outbox.clear()
        self.upload(self.editor, xlsx())
        events = list(self.new_events().order_by("pk"))
        to_moderator = [m for m in mail.outbox if self.moderator.email in m.to]
        self.assertEqual(len(to_moderator), 1)
        (message,) = to_moderator
        self.assertEqual(
            message.subject, f"{len(events)} halaman diajukan untuk ditinjau"
        )
        for event in events:
            with self.subTest(event.title):
                self.assertIn(event.title, message.body)
                self.assertIn(
                    reverse("wagtailadmin_pages:edit", args=[event.pk]), message.body
                )
        recipients = [address for m in mail.outbox for address in m.to]
        self.assertEqual(len(recipients), len(set(recipients)), recipients)
        self.assertNotIn(self.editor.email, recipients)

        mail.outbox.clear()
        self.upload(
            self.editor, xlsx([{**GOOD_ROWS[0], "title": "Acara Tunggal Uji Impor"}])
        )
        (message,) = [m for m in mail.outbox if self.moderator.email in m.to]
        self.assertIn("Acara Tunggal Uji Impor", message.subject)

    def test_one_bad_row_saves_nothing_and_lists_every_problem_in_indonesian(self):
        """Good rows around a bad one: nothing saved, and each problem of the
        bad row named with its row number and column, in Indonesian."""
        before = state()
        response = self.upload(self.editor, xlsx([GOOD_ROWS[0], BAD_ROW, GOOD_ROWS[2]]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(state(), before)
        errors = response.context["errors"]
        self.assertEqual(
            [e.split(" — ")[0] for e in errors],
            ["Baris 3: category", "Baris 3: contact_email", "Baris 3: end_date"],
        )
        self.assertIn("Tanggal selesai sebelum tanggal mulai.", errors[2])
        self.assertEqual(
            errors[0],
            f"Baris 3: category — Gunakan salah satu: {', '.join(EventCategory.values)}.",
        )
        self.assertContains(response, "tidak ada yang disimpan")

    def test_errors_are_in_english_for_an_english_admin(self):
        prefers_english(self.editor)
        response = self.upload(self.editor, xlsx([GOOD_ROWS[0], BAD_ROW]))
        self.assertIn(
            "Row 3: end_date — The end date is before the start date.",
            response.context["errors"],
        )
        self.assertIn(
            f"Row 3: category — Use one of: {', '.join(EventCategory.values)}.",
            response.context["errors"],
        )
        self.assertContains(response, "nothing was saved")

    def test_reuploading_the_same_file_reports_duplicates(self):
        """The second upload of a saved plan finds every row already in the
        folder and saves nothing; a row twice in one file is reported too."""
        self.upload(self.editor, xlsx())
        before = state()
        response = self.upload(self.editor, xlsx())
        self.assertEqual(state(), before)
        errors = response.context["errors"]
        self.assertEqual(len(errors), len(GOOD_ROWS))
        self.assertIn("sudah ada di folder", errors[0])
        twice = self.upload(
            self.editor, xlsx([GOOD_ROWS[2], GOOD_ROWS[2]]), regency=str(self.lambar.pk)
        )
        self.assertEqual(len(twice.context["errors"]), 3)

    def test_same_title_on_another_date_is_another_event(self):
        again = {**GOOD_ROWS[2], "start_date": "2028-10-12"}
        self.upload(self.editor, xlsx([GOOD_ROWS[2]]))
        self.upload(self.editor, xlsx([again]))
        self.assertEqual(self.new_events().filter(title="Konser Uji Impor").count(), 2)

    def test_anonymous_visitors_are_sent_to_the_login_page(self):
        for url in (reverse("events_plan_import"), reverse("events_plan_template")):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/admin/login/", response["Location"])
        before = state()
        response = self.client.post(
            reverse("events_plan_import"),
            {
                "regency": str(self.lambar.pk),
                "file": SimpleUploadedFile("r.xlsx", xlsx()),
            },
        )
        self.assertIn("/admin/login/", response["Location"])
        self.assertEqual(state(), before)

    def test_editor_cannot_import_into_another_regency(self):
        """A forged regency id is not among the editor's choices: a form
        error, nothing saved."""
        before = state()
        response = self.upload(self.editor, xlsx(), regency=str(self.pesibar.pk))
        self.assertEqual(response.status_code, 200)
        self.assertIn("regency", response.context["form"].errors)
        self.assertEqual(state(), before)
        response = self.upload(self.editor, xlsx(), regency="province")
        self.assertIn("regency", response.context["form"].errors)
        self.assertEqual(state(), before)

    def test_staff_member_without_a_regency_is_refused(self):
        """Admin access but no regency's group and not provincial staff."""
        user = User.objects.create_user("tamu.admin", "tamu@example.org", "x")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        before = state()
        self.client.force_login(user)
        get_page = self.client.get(reverse("events_plan_import"))
        get_template = self.client.get(reverse("events_plan_template"))
        for response in (get_page, get_template, self.upload(user, xlsx())):
            self.assertRedirects(
                response, reverse("wagtailadmin_home"), fetch_redirect_response=False
            )
        self.assertEqual(state(), before)

    def test_moderator_imports_into_any_regency_or_the_province(self):
        self.upload(self.moderator, xlsx([GOOD_ROWS[2]]), regency=str(self.pesibar.pk))
        pesibar = folder_of("pesisir-barat")
        self.assertEqual(self.new_events(pesibar).count(), 1)
        self.upload(self.moderator, xlsx([GOOD_ROWS[2]]), regency="province")
        self.assertEqual(self.new_events(folder_of(None)).count(), 1)
        event = self.new_events(folder_of(None)).get()
        self.assertIsNone(event.regency_id)
        self.assertEqual(
            WorkflowState.objects.get(object_id=str(event.pk)).requested_by,
            self.moderator,
        )
