"""The event form in the Wagtail admin, driven by real POSTs as a regency
editor: date errors in Indonesian next to the field, and nothing typed lost."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from wagtail.models import Locale

from events.models import EventPage, Occurrence, PavilionPage
from tests.demo import load_demo_province
from tests.events.admin import add_url, edit_url, event_form_data
from tests.events.factories import (
    calendar_tree,
    draft_event,
    folder_of,
    publish,
    regency_editor,
)
from tests.security.forms import form_data


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
                "more times than a series may have",
                {"recurrence_frequency": "weekly", "recurrence_count": "1100"},
                "recurrence_count",
                "jumlah kali",
                "Satu seri paling banyak 1099 kejadian",
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


LOCKED_NOTE = "Diisi oleh moderator Provinsi."


class ProvincialFieldsTests(TestCase):
    """The regency of a folder or anjungan and an event's highlight ("Unggulan":
    the province home page) are the provincial staff's to set. A regency
    editor sees them read-only; what they post for them is ignored, the rest
    of their form is saved. (Who may change what: the permission matrix.)"""

    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        users = get_user_model().objects
        cls.editor = users.get(username="editor.lampung-barat")
        cls.moderator = users.get(username="moderator")
        cls.folder = folder_of("lampung-barat")
        cls.english = Locale.objects.get(language_code="en")
        # The demo's Festival Budaya Sekala Bekhak: highlighted, translated.
        cls.festival = EventPage.objects.get(
            slug="festival-sekala-bekhak", locale__language_code="id"
        )

    def edit_form(self, page, **changes):
        """The page's edit form as the browser would post it, with changes."""
        return self.edit_form_at(edit_url(page), **changes)

    def edit_form_at(self, url, **changes):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        data = form_data(response.content.decode(), "page-edit-form")
        data.update({k: [v] for k, v in changes.items()})
        return data

    def test_editor_sees_the_fields_read_only(self):
        self.client.force_login(self.editor)
        pavilion = PavilionPage.objects.get(
            regency__slug="lampung-barat", locale__language_code="id"
        )
        for url, names in (
            (add_url(self.folder), ["highlight"]),
            (edit_url(self.folder), ["regency"]),
            (edit_url(pavilion), ["regency", "venue"]),
        ):
            response = self.client.get(url)
            self.assertContains(response, LOCKED_NOTE)
            form = response.context["form"]
            for name in names:
                with self.subTest(url=url, field=name):
                    self.assertIs(form.fields[name].disabled, True)
                    self.assertIs(form.fields["title"].disabled, False)

    def test_moderator_sees_them_editable(self):
        self.client.force_login(self.moderator)
        for url, name in (
            (add_url(self.folder), "highlight"),
            (edit_url(self.folder), "regency"),
        ):
            with self.subTest(name):
                response = self.client.get(url)
                self.assertIs(response.context["form"].fields[name].disabled, False)
                self.assertNotContains(response, LOCKED_NOTE)

    def test_editor_highlight_is_ignored_and_the_event_saved(self):
        """A new event posted with "highlight" ticked is saved with all the
        editor typed, not highlighted."""
        self.client.force_login(self.editor)
        response = self.client.post(
            add_url(self.folder),
            event_form_data(
                slug="sorotan-sendiri",
                title="Sorotan Sendiri",
                summary="Ringkasan yang diketik editor.",
                highlight="on",
            ),
        )
        self.assertEqual(response.status_code, 302)
        page = EventPage.objects.get(slug="sorotan-sendiri")
        self.assertIs(page.highlight, False)
        self.assertIs(page.get_latest_revision_as_object().highlight, False)
        self.assertEqual(page.summary, "Ringkasan yang diketik editor.")

    def test_editor_cannot_clear_the_folder_regency(self):
        """An emptied regency (the province's folder) is ignored; the new
        title is saved."""
        self.client.force_login(self.editor)
        response = self.client.post(
            edit_url(self.folder),
            self.edit_form(self.folder, regency="", title="Acara Lampung Barat"),
        )
        self.assertEqual(response.status_code, 302)
        self.folder.refresh_from_db()
        draft = self.folder.get_latest_revision_as_object()
        self.assertEqual(draft.title, "Acara Lampung Barat")
        self.assertEqual(draft.regency.slug, "lampung-barat")
        self.assertEqual(self.folder.regency.slug, "lampung-barat")

    def test_reverting_to_an_older_revision_keeps_the_current_highlight(self):
        """The moderators took the highlight off; the editor reverts to a
        revision from before: its text comes back, the highlight does not."""
        festival = self.festival.get_latest_revision_as_object()
        old = festival.latest_revision
        festival.highlight = False
        festival.summary = "Ringkasan baru dari moderator."
        festival.save_revision(user=self.moderator)
        self.client.force_login(self.editor)
        url = f"/admin/pages/{self.festival.pk}/revisions/{old.pk}/revert/"
        response = self.client.post(url, self.edit_form_at(url, highlight="on"))
        self.assertEqual(response.status_code, 302)
        draft = EventPage.objects.get(pk=self.festival.pk)
        draft = draft.get_latest_revision_as_object()
        self.assertEqual(draft.summary, old.content["summary"])
        self.assertIs(draft.highlight, False)

    def test_english_version_takes_the_highlight_from_indonesian(self):
        """The highlight is one decision per event: shown read-only on the
        English page (to moderators too, with where to change it), and
        publishing the Indonesian page carries it to the English page and
        its occurrences."""
        english = self.festival.get_translation(self.english)
        self.assertIs(english.highlight, True)
        for user in (self.editor, self.moderator):
            with self.subTest(user.username):
                self.client.force_login(user)
                response = self.client.get(edit_url(english))
                fields = response.context["form"].fields
                self.assertIs(fields["highlight"].disabled, True)
                # "Shared with the Indonesian page: change it there."
                self.assertEqual(
                    fields["highlight"].help_text, fields["start_date"].help_text
                )
        self.client.force_login(self.editor)
        response = self.client.post(
            edit_url(english), self.edit_form(english, highlight="")
        )
        self.assertEqual(response.status_code, 302)
        self.assertIs(english.get_latest_revision_as_object().highlight, True)
        festival = self.festival.get_latest_revision_as_object()
        festival.highlight = False
        publish(festival)
        english.refresh_from_db()
        self.assertIs(english.highlight, False)
        self.assertIs(
            Occurrence.objects.filter(event=english, highlight=True).exists(), False
        )

    def test_a_copy_is_not_highlighted(self):
        """Copying a highlighted event (next year's edition) gives a draft the
        moderators have not highlighted yet."""
        self.client.force_login(self.editor)
        response = self.client.post(
            f"/admin/pages/{self.festival.pk}/copy/",
            {
                "new_title": "Festival Sekala Bekhak berikutnya",
                "new_slug": "festival-sekala-bekhak-berikutnya",
                "new_parent_page": str(self.folder.pk),
            },
        )
        self.assertEqual(response.status_code, 302)
        copy = EventPage.objects.get(slug="festival-sekala-bekhak-berikutnya")
        self.assertIs(copy.highlight, False)
        self.assertIs(copy.get_latest_revision_as_object().highlight, False)
