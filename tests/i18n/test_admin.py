"""The Wagtail admin speaks Indonesian unless a user chooses English, and
regency editors see which of their pages lack an English version."""

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from wagtail.models import Locale
from wagtail.users.models import UserProfile

from events.models import EventPage
from tests.demo import load_demo_province
from tests.events.admin import add_url, edit_url, event_form_data
from tests.events.factories import folder_of

EDITOR = "editor.lampung-barat"


class AdminLanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        User = get_user_model()
        cls.fresh = User.objects.create_superuser("baru", "baru@example.org", "x")

    def test_fresh_user_gets_the_admin_in_indonesian(self):
        """A user who never chose a language sees Wagtail's Indonesian admin,
        whatever their browser asks for."""
        self.client.force_login(self.fresh)
        for accept in ("", "en-GB,en;q=0.9"):
            with self.subTest(accept_language=accept):
                response = self.client.get(
                    reverse("wagtailadmin_home"), HTTP_ACCEPT_LANGUAGE=accept
                )
                self.assertContains(response, '<html lang="id"')
                self.assertContains(response, "Dasbor")
                self.assertNotContains(response, ">Dashboard<")

    def test_user_who_prefers_english_gets_the_admin_in_english(self):
        """The language chosen in the account preferences wins."""
        profile = UserProfile.get_for_user(self.fresh)
        profile.preferred_language = "en"
        profile.save()
        self.client.force_login(self.fresh)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, '<html lang="en"')
        self.assertContains(response, "Dashboard")

    def test_account_preferences_offer_indonesian_and_english(self):
        """The per-user language choice lists exactly the site's two languages."""
        self.client.force_login(self.fresh)
        response = self.client.get(reverse("wagtailadmin_account"))
        self.assertContains(response, 'value="id"')
        self.assertContains(response, 'value="en"')
        self.assertNotContains(response, 'value="fr"')


class TranslationReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        cls.editor = get_user_model().objects.get(username=EDITOR)
        cls.english = Locale.objects.get(language_code="en")

    def test_editor_sees_own_untranslated_pages_only(self):
        """The report lists the editor's Indonesian pages without English, and
        nothing of other regencies or already translated."""
        self.client.force_login(self.editor)
        response = self.client.get(reverse("untranslated_pages"))
        self.assertEqual(response.status_code, 200)
        own = EventPage.objects.filter(
            locale__language_code="id", regency__slug="lampung-barat"
        )
        untranslated = [e for e in own if not e.has_translation(self.english)]
        translated = [e for e in own if e.has_translation(self.english)]
        self.assertTrue(untranslated and translated)
        for event in untranslated:
            self.assertContains(
                response,
                reverse("simple_translation:submit_page_translation", args=[event.pk]),
            )
        for event in translated:
            self.assertNotContains(response, f">{event.title}<")
        other = EventPage.objects.filter(regency__slug="pesisir-barat").first()
        self.assertNotContains(response, f">{other.title}<")

    def test_editor_creates_the_english_version_and_can_edit_it(self):
        """From the report's link the editor copies an event into English,
        lands in its editor, and the event leaves the report."""
        event = next(
            e
            for e in EventPage.objects.filter(
                locale__language_code="id", regency__slug="lampung-barat"
            )
            if not e.has_translation(self.english)
        )
        self.client.force_login(self.editor)
        url = reverse("simple_translation:submit_page_translation", args=[event.pk])
        response = self.client.post(url, {"locales": [self.english.pk]})
        english = event.get_translation(self.english)
        self.assertRedirects(
            response, reverse("wagtailadmin_pages:edit", args=[english.pk])
        )
        self.assertEqual(self.client.get(response["Location"]).status_code, 200)
        report = self.client.get(reverse("untranslated_pages"))
        self.assertNotContains(report, f"/translation/submit/page/{event.pk}/")

    def test_project_field_labels_and_help_are_in_indonesian(self):
        """This project's labels, help texts and choices come from the
        Indonesian catalogue in the admin's add-event form."""
        folder = EventPage.objects.filter(regency__slug="lampung-barat").first()
        self.client.force_login(self.editor)
        response = self.client.get(
            reverse(
                "wagtailadmin_pages:add",
                args=["events", "eventpage", folder.get_parent().pk],
            )
        )
        self.assertEqual(response.status_code, 200)
        for text in ("Ringkasan", "Tanggal mulai", "Satu atau dua kalimat"):
            with self.subTest(text):
                self.assertContains(response, text)

    def test_english_edit_form_post_cannot_change_the_dates(self):
        """An editor saving the English page with other dates, venue or status
        keeps the Indonesian ones; their English text is saved."""
        source = EventPage.objects.get(
            slug="festival-sekala-bekhak", locale__language_code="id"
        )
        english = source.get_translation(self.english)
        self.client.force_login(self.editor)
        response = self.client.post(
            edit_url(english),
            event_form_data(
                title=english.title,
                slug=english.slug,
                summary="An English summary saved as a draft.",
                start_date="2031-01-01",
                end_date="",
                status="postponed",
                status_reason="Changed in English.",
            ),
        )
        self.assertEqual(response.status_code, 302)
        draft = EventPage.objects.get(pk=english.pk).get_latest_revision_as_object()
        self.assertEqual(draft.summary, "An English summary saved as a draft.")
        self.assertEqual(draft.start_date, source.start_date)
        self.assertEqual(draft.end_date, source.end_date)
        self.assertEqual(draft.status, source.status)

    def test_moderation_emails_are_in_the_moderators_language(self):
        """Wagtail's notification of a submitted event reaches the provincial
        moderator in Indonesian, their admin language."""
        self.client.force_login(self.editor)
        response = self.client.post(
            add_url(folder_of("lampung-barat")),
            {**event_form_data(slug="festival-surel"), "action-submit": "1"},
        )
        self.assertEqual(response.status_code, 302)
        to_moderator = [m for m in mail.outbox if "moderator@example.org" in m.to]
        self.assertTrue(to_moderator)
        self.assertIn("telah diajukan untuk disetujui", to_moderator[0].subject)
        self.assertIn("telah diajukan untuk disetujui", to_moderator[0].body)

    def test_report_is_in_the_reports_menu(self):
        """Editors find the report under Reports."""
        self.client.force_login(self.editor)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, reverse("untranslated_pages"))
