"""Moderation that people can use: the preview panel may be framed by the
admin, titles that would break e-mails and calendars are refused, the
workflow e-mails always go out in the recipient's language, and a request
for changes shows on the editor's edit view and dashboard."""

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from wagtail.models import Page, WorkflowState, get_page_models
from wagtail.users.models import UserProfile

from core.page_forms import BasePageForm
from core.text import has_control_characters, single_line
from events.models import EventPage
from tests.demo import load_demo_province
from tests.events.admin import add_url, edit_url, event_form_data
from tests.events.factories import folder_of

COMMENT = "Mohon lengkapi jam selesai dan nama penyelenggara."


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict((part.split(" ", 1) + [""])[:2] for part in policy.split("; "))


class ModerationTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        users = get_user_model().objects
        cls.editor = users.get(username="editor.lampung-barat")
        cls.moderator = users.get(username="moderator")
        cls.folder = folder_of("lampung-barat")

    def submit(self, expect_redirect=True, **fields):
        """Create and submit an event as the Lampung Barat editor."""
        self.client.force_login(self.editor)
        response = self.client.post(
            add_url(self.folder), {**event_form_data(**fields), "action-submit": "1"}
        )
        if expect_redirect:
            self.assertEqual(response.status_code, 302)
        return response

    def reject(self, page, comment=COMMENT):
        self.client.force_login(self.moderator)
        task_state = page.current_workflow_task_state
        response = self.client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[page.pk, "reject", task_state.pk],
            ),
            {"comment": comment},
        )
        self.assertEqual(response.status_code, 302)


class PreviewFrameTests(ModerationTestCase):
    def test_preview_panel_may_be_framed_by_the_admin_only(self):
        """The edit view's preview is the public page, framable by this
        origin ('self', SAMEORIGIN), with the public page's script rules."""
        page = EventPage.objects.filter(regency__slug="lampung-barat").first()
        self.client.force_login(self.moderator)
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        data = event_form_data(title="Pratinjau Festival", slug=page.slug)
        self.assertEqual(self.client.post(url, data).json()["is_valid"], True)
        response = self.client.get(url, {"mode": "", "in_preview_panel": "true"})
        self.assertContains(response, "Pratinjau Festival")
        policy = directives(response)
        self.assertEqual(policy["frame-ancestors"], "'self'")
        self.assertEqual(policy["script-src"], "'self'")
        self.assertEqual(response["X-Frame-Options"], "SAMEORIGIN")

    def test_view_draft_and_revision_previews_too(self):
        """Every preview Wagtail renders (draft, revision) gets the same."""
        page = EventPage.objects.filter(regency__slug="lampung-barat").first()
        revision = page.save_revision(user=self.moderator)
        self.client.force_login(self.moderator)
        for url in (
            reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
            reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
        ):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(directives(response)["frame-ancestors"], "'self'")
                self.assertEqual(response["X-Frame-Options"], "SAMEORIGIN")

    def test_public_pages_are_never_framed(self):
        """The live page itself keeps frame-ancestors 'none' and DENY, even
        for a signed-in moderator."""
        page = EventPage.objects.live().filter(regency__slug="lampung-barat").first()
        self.client.force_login(self.moderator)
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(directives(response)["frame-ancestors"], "'none'")
        self.assertEqual(response["X-Frame-Options"], "DENY")


class TitleTests(ModerationTestCase):
    def test_control_characters_in_a_title_are_refused_with_nothing_lost(self):
        """A line break, a right-to-left override or a bell in the title is
        refused next to the field, in Indonesian; what was typed stays."""
        for title in ("Festival\nKopi", "Festival gnp.exe\u202e", "Festival\x07Kopi"):
            with self.subTest(title=repr(title)):
                mail.outbox.clear()
                response = self.submit(
                    expect_redirect=False,
                    title=title,
                    slug="festival-kendali",
                    summary="Ringkasan yang harus tetap ada.",
                )
                self.assertEqual(response.status_code, 200)
                form = response.context["form"]
                self.assertIn(
                    "Hapus karakter kontrol tak kasatmata", str(form.errors["title"])
                )
                self.assertEqual(
                    form["summary"].value(), "Ringkasan yang harus tetap ada."
                )
                self.assertFalse(EventPage.objects.filter(slug="festival-kendali"))
                self.assertEqual(mail.outbox, [])

    def test_other_one_line_fields_and_multi_line_fields(self):
        """The SEO title is one line too; the search description (several
        lines) may break lines but holds no direction override."""
        response = self.submit(
            expect_redirect=False,
            slug="festival-seo",
            seo_title="Festival\nKopi",
            search_description="Baris satu\nbaris dua \u202eterbalik",
        )
        errors = response.context["form"].errors
        self.assertIn("seo_title", errors)
        self.assertIn("search_description", errors)
        self.submit(slug="festival-baris", search_description="Baris satu\nbaris dua")
        self.assertTrue(EventPage.objects.filter(slug="festival-baris").exists())

    def test_every_page_form_refuses_them(self):
        """Every page type of the site edits through the checking form."""
        for model in get_page_models():
            if model is Page:
                continue  # Wagtail's bare page (the tree root, the bin)
            with self.subTest(model.__name__):
                form_class = model.get_edit_handler().get_form_class()
                self.assertTrue(issubclass(form_class, BasePageForm))

    def test_text_rules(self):
        """core.text: which characters are refused, and one-line subjects."""
        cases = {
            ("Festival Kopi", False): False,
            ("Festival\u200fKopi", False): False,  # RLM: allowed
            ("Festival\u2067Kopi", False): True,
            ("Festival\x85Kopi", False): True,
            ("Baris\r\nbaris\tkolom", True): False,
            ("Baris\x00", True): True,
        }
        for (text, multiline), expected in cases.items():
            with self.subTest(text=repr(text)):
                self.assertIs(has_control_characters(text, multiline), expected)
        self.assertEqual(
            single_line(" Festival\n\u202eKopi\x07 2027 "), "Festival Kopi 2027"
        )


class WorkflowEmailTests(ModerationTestCase):
    def test_submission_notifies_the_moderators_in_indonesian(self):
        """A submission e-mails the moderators (one line subject, Indonesian),
        even when the editor uses the admin in English."""
        profile = UserProfile.get_for_user(self.editor)
        profile.preferred_language = "en"
        profile.save()
        mail.outbox.clear()
        self.submit(title="Festival Surel", slug="festival-surel")
        to_moderator = [m for m in mail.outbox if self.moderator.email in m.to]
        self.assertEqual(len(to_moderator), 1, [m.subject for m in mail.outbox])
        subject = to_moderator[0].subject
        self.assertNotIn("\n", subject)
        self.assertIn("Festival Surel", subject)
        self.assertIn("Halaman", subject)

    def test_recipient_who_prefers_english_gets_english(self):
        """The moderator's own language choice wins."""
        profile = UserProfile.get_for_user(self.moderator)
        profile.preferred_language = "en"
        profile.save()
        mail.outbox.clear()
        self.submit(title="Festival Inggris", slug="festival-inggris")
        to_moderator = [m for m in mail.outbox if self.moderator.email in m.to]
        self.assertIn("The page", to_moderator[0].subject)

    def test_a_title_with_a_line_break_still_gets_its_emails_sent(self):
        """A title written by code (no form) with a line break: every
        workflow e-mail is still sent, its subject on one line."""
        self.submit(title="Festival Baris", slug="festival-baris-kode")
        page = EventPage.objects.get(slug="festival-baris-kode")
        page.workflow_states.get().cancel(user=self.moderator)
        page.title = page.draft_title = "Festival\nBaris\u202e"
        page.save_revision(user=self.editor, clean=False)
        mail.outbox.clear()
        page.get_workflow().start(page, self.editor)
        self.assertTrue(mail.outbox)
        for message in mail.outbox:
            with self.subTest(message.to):
                self.assertIn("Festival Baris", message.subject)
                self.assertNotIn("\n", message.subject)
                self.assertNotIn("\u202e", message.subject)


class ChangesRequestedTests(ModerationTestCase):
    def submitted_and_rejected(self):
        self.submit(title="Festival Ditolak", slug="festival-ditolak")
        page = EventPage.objects.get(slug="festival-ditolak")
        mail.outbox.clear()
        self.reject(page)
        return page

    def test_editor_sees_a_banner_with_the_comment_on_the_edit_view(self):
        """Above the form: who asked for changes, when, and the comment."""
        page = self.submitted_and_rejected()
        self.client.force_login(self.editor)
        response = self.client.get(edit_url(page))
        self.assertContains(response, "data-changes-requested", count=1)
        self.assertContains(response, COMMENT)
        self.assertContains(response, "Perubahan diminta")
        self.assertContains(response, "Moderator Provinsi")
        self.assertEqual(response.context["form"]["title"].value(), "Festival Ditolak")

    def test_banner_goes_once_the_page_is_submitted_again(self):
        page = self.submitted_and_rejected()
        self.client.force_login(self.editor)
        response = self.client.post(
            edit_url(page),
            {
                **event_form_data(title="Festival Ditolak", slug="festival-ditolak"),
                "action-submit": "1",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            page.workflow_states.get(status=WorkflowState.STATUS_IN_PROGRESS).status,
            "in_progress",
        )
        response = self.client.get(edit_url(page))
        self.assertNotContains(response, "data-changes-requested")

    def test_editor_dashboard_lists_the_request_with_its_comment(self):
        page = self.submitted_and_rejected()
        self.client.force_login(self.editor)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, "Perubahan yang diminta moderator")
        self.assertContains(response, COMMENT)
        self.assertContains(response, edit_url(page))
        # Not on the moderator's dashboard: it lists what the user submitted.
        self.client.force_login(self.moderator)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertNotContains(response, "data-changes-requested")

    def test_editor_is_emailed_the_comment(self):
        self.submitted_and_rejected()
        to_editor = [m for m in mail.outbox if self.editor.email in m.to]
        self.assertEqual(len(to_editor), 1)
        self.assertIn(COMMENT, to_editor[0].body)
        self.assertIn("Festival Ditolak", to_editor[0].subject)
        self.assertIn("ditolak", to_editor[0].subject)
