"""The event form in the Wagtail admin, driven by real POSTs as a regency
editor: date errors in Indonesian next to the field, and nothing typed lost."""

from django.test import TestCase

from events.models import EventPage
from tests.events.admin import add_url, edit_url, event_form_data
from tests.events.factories import calendar_tree, draft_event, regency_editor

WEEKDAYS_ALL = [str(d) for d in range(7)]


class EventFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = calendar_tree()
        cls.folder = tree.folders["lampung-barat"]
        cls.editor = regency_editor("editor.lampung-barat", cls.folder)
        cls.draft = draft_event(cls.folder, title="Draf lama", slug="draf-lama")

    def setUp(self):
        self.client.force_login(self.editor)

    def post_new(self, **fields):
        return self.client.post(add_url(self.folder), event_form_data(**fields))

    def test_date_errors_are_indonesian_and_name_the_field(self):
        """Each broken date rule re-renders the form (nothing saved) with an
        Indonesian message on the field it is about, naming that field."""
        cases = [
            (
                "end before start",
                {"end_date": "2027-07-09"},
                "end_date",
                "tanggal selesai",
                "Tanggal selesai sebelum tanggal mulai.",
            ),
            (
                "end time before start time",
                {"end_time": "18:00"},
                "end_time",
                "jam selesai",
                "Jam selesai sebelum jam mulai",
            ),
            (
                "all-day with an end time only",
                {"start_time": "", "end_time": "18:00"},
                "end_time",
                "jam selesai",
                "Acara sehari penuh tidak memiliki jam selesai",
            ),
            (
                "month only with times",
                {"date_precision": "month", "end_time": ""},
                "start_time",
                "jam mulai",
                "Acara dengan presisi tanggal “hanya bulan” belum memiliki jam mulai",
            ),
            (
                "series over 500 occurrences",
                {
                    "recurrence_frequency": "weekly",
                    "recurrence_weekdays": WEEKDAYS_ALL,
                    "recurrence_until": "2029-06-30",
                },
                "recurrence_until",
                "ulangi sampai",
                "Satu seri paling banyak 500 kejadian",
            ),
            (
                "series over 3 years",
                {"recurrence_frequency": "yearly", "recurrence_count": "5"},
                "recurrence_count",
                "jumlah kali",
                "Satu seri paling lama 3 tahun",
            ),
            (
                "unbounded series",
                {"recurrence_frequency": "weekly"},
                "recurrence_until",
                "ulangi sampai",
                "Acara berulang perlu akhir",
            ),
        ]
        before = EventPage.objects.count()
        for label, fields, field, field_label, message in cases:
            with self.subTest(label):
                response = self.post_new(**fields)
                self.assertEqual(response.status_code, 200)
                errors = response.context["form"].errors.get(field, [])
                self.assertTrue(any(message in e for e in errors), f"{label}: {errors}")
                self.assertIn(field_label, " ".join(errors).lower())
                self.assertContains(response, message)
        self.assertEqual(EventPage.objects.count(), before)

    def test_exception_outside_series_is_marked_on_its_row(self):
        """A change to a date the series does not have is refused, in
        Indonesian, on that change's "original date" field."""
        response = self.post_new(
            recurrence_frequency="weekly",
            recurrence_until="2027-08-28",
            exceptions=[{"original_date": "2027-07-11", "action": "cancel"}],
        )
        self.assertEqual(response.status_code, 200)
        formset = response.context["form"].formsets["exceptions"]
        errors = formset.forms[0].errors["original_date"]
        self.assertEqual(
            errors, ["Tanggal asli 11 Juli 2027 bukan tanggal dalam seri ini."]
        )
        self.assertFalse(EventPage.objects.filter(slug="festival-uji-coba").exists())

    def test_valid_series_is_saved_as_a_draft(self):
        """The same form with valid dates saves a draft in the editor's folder."""
        response = self.post_new(
            slug="seri-valid",
            recurrence_frequency="weekly",
            recurrence_weekdays=["5"],
            recurrence_until="2027-08-28",
            exceptions=[{"original_date": "2027-07-17", "action": "cancel"}],
        )
        self.assertEqual(response.status_code, 302)
        page = EventPage.objects.get(slug="seri-valid")
        self.assertIs(page.live, False)
        self.assertEqual(page.get_parent().pk, self.folder.pk)
        self.assertEqual(page.recurrence_weekdays, "5")
        self.assertEqual(page.exceptions.count(), 1)
        self.assertEqual(page.regency.slug, "lampung-barat")

    def test_edit_with_error_keeps_everything_typed(self):
        """Editing a draft with a date error re-renders the form with every
        value the editor typed, and changes nothing in the database."""
        typed = {
            "title": "Festival Teluk Semaka",
            "slug": "draf-lama",
            "summary": "Ringkasan yang baru saja diketik.",
            "organiser": "Sanggar Tapis Berseri",
            "contact_phone": "0812-7000-1234",
            "price": "Rp15.000, anak gratis",
            "is_free": "",
            "accessibility": "Kursi roda dapat masuk dari pintu timur.",
            "start_date": "2027-08-17",
            "end_date": "2027-08-16",
            "start_time": "",
            "end_time": "",
            "recurrence_frequency": "",
        }
        revisions = self.draft.revisions.count()
        response = self.client.post(edit_url(self.draft), event_form_data(**typed))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tanggal selesai sebelum tanggal mulai.")
        for name, value in typed.items():
            if value:
                with self.subTest(name):
                    self.assertEqual(response.context["form"][name].value(), value)
                    self.assertContains(response, value)
        self.assertIs(response.context["form"]["is_free"].value(), False)
        self.assertContains(response, "Deskripsi lengkap festival.")
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.title, "Draf lama")
        self.assertEqual(self.draft.revisions.count(), revisions)
