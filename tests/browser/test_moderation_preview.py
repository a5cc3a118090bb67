"""A moderator reviews a submission in the edit view's preview panel, in
Chromium: the framed preview loads the page instead of "refused to connect"."""

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from events.models import EventPage

from . import summary
from .base import BrowserTestCase

pytestmark = pytest.mark.browser


class ModerationPreviewTests(BrowserTestCase):
    def test_moderator_sees_the_submission_in_the_preview_panel(self):
        """The preview frame shows the submitted title; the browser blocks
        nothing (a frame-ancestors refusal is a console error)."""
        editor = get_user_model().objects.get(username="editor.lampung-barat")
        event = EventPage.objects.filter(
            regency__slug="lampung-barat", locale__language_code="id"
        ).first()
        event.title = event.draft_title = "Festival Pratinjau Moderator"
        event.save_revision(user=editor)
        event.get_workflow().start(event, editor)

        page, watch = self.new_page(self.new_context())
        page.goto(self.url("/admin/login/"))
        page.fill("input[name=username]", "moderator")
        page.fill("input[name=password]", "moderator-lampung-2027")
        with page.expect_navigation():
            page.click("form button[type=submit]")
        page.goto(self.url(reverse("wagtailadmin_pages:edit", args=[event.pk])))
        page.click("[data-side-panel-toggle='preview']")
        # Wagtail swaps in a new frame on each refresh: read the newest.
        frame = page.frame_locator("#w-preview-iframe").last
        heading = frame.locator("h1")
        heading.wait_for()
        self.assertEqual(heading.inner_text().strip(), "Festival Pratinjau Moderator")
        self.assert_clean(watch, "preview panel")
        summary.JOURNEYS.append("moderator previews a submission in the panel")
