"""The editors' and the moderators' admin screens are Indonesian throughout:
no English string of Wagtail's shows on the dashboard, the menus, the page
explorer, the edit view of an event in moderation with its workflow actions,
or the workflow reports, for a user who never chose a language.

Wagtail's own id_ID catalogue lacks many of them; site/core/locale (and
locale/id/.../djangojs.po for the admin's scripts) fill the gaps."""

import html
import json
import re
from functools import cache
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

import wagtail

import polib

from events.models import EventPage
from tests.demo import load_demo_province
from tests.events.admin import add_url, edit_url, event_form_data
from tests.events.factories import folder_of

# Seen in the Indonesian admin before (issue 16), and the other words of the
# moderation workflow an editor or moderator meets.
ENGLISH = [
    "Request changes",
    "Approve with comment",
    "In Moderation",
    "Search all pages…",
    "Reports",
    "Help",
    "Changes requested",
    "Needs changes",
    "In progress",
    "Your pages and snippets in a workflow",
    "Awaiting your review",
    "Workflow history",
    "Workflow tasks",
    "Workflows",
    "Site history",
    "Aging pages",
    "Locked pages",
    "Page types usage",
    "with comment:",
    "View details",
    "See full history",
    "Task started",
    "Requested by",
    "Compare with previous version",
    "Set publishing schedule",
    "Save changes",
    "Preview in new tab",
    "Editor Guide",
    "Pages",
    "Images",
]
# Wagtail strings that read the same in Indonesian, or are only placeholders.
SAME_IN_BOTH = {"Status", "status", "Status %(status)s", "Editor", "Admin", "Email"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def visible_texts(body: str) -> set[str]:
    """What a person can read or hear: text between tags, labels and
    placeholders, and the labels of the sidebar's menu (sent as JSON)."""
    texts = {
        json_label.encode().decode("unicode_escape")
        for json_label in re.findall(r'"label": "([^"]+)"', body)
    }
    body = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", body)
    for text in re.findall(r">([^<>]+)<", body):
        texts.add(" ".join(html.unescape(text).split()))
    for text in re.findall(r'(?:placeholder|aria-label|title)="([^"]+)"', body):
        texts.add(" ".join(html.unescape(text).split()))
    return {t for t in texts if t}


@cache
def untranslated_wagtail_strings() -> dict[str, re.Pattern]:
    """Every msgid of Wagtail's catalogues that has no Indonesian, as a
    pattern matching its rendered text (placeholders match anything); one of
    several words also matches as the start of a text ("Changes requested
    at" followed by the task's name)."""
    found = {}
    with translation.override("id"):
        for path in Path(wagtail.__file__).parent.rglob(
            "locale/en/LC_MESSAGES/django.po"
        ):
            for entry in polib.pofile(str(path)):
                if entry.msgctxt:
                    continue
                forms = [entry.msgid]
                translated = [gettext(entry.msgid)]
                if entry.msgid_plural:
                    forms = [entry.msgid, entry.msgid_plural]
                    translated = [
                        ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)
                    ]
                for source, target in zip(forms, translated, strict=True):
                    literal = PLACEHOLDER.sub("", source)
                    if (
                        source != target
                        or source in SAME_IN_BOTH
                        or not re.search(r"[A-Za-z]{2}", literal)
                    ):
                        continue
                    pattern = PLACEHOLDER.sub("\0", source)
                    pattern = re.escape(pattern).replace("\0", ".+")
                    if " " in literal.strip():
                        pattern += r"(?: .*)?"
                    found[source] = re.compile(pattern)
    return found


class IndonesianAdminScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        users = get_user_model().objects
        cls.editor = users.get(username="editor.lampung-barat")
        cls.moderator = users.get(username="moderator")
        cls.folder = folder_of("lampung-barat")

    def setUp(self):
        # One event waiting for the moderators, one sent back to the editor.
        for slug in ("menunggu-tinjauan", "perlu-perubahan"):
            self.client.force_login(self.editor)
            self.client.post(
                add_url(self.folder),
                {**event_form_data(title=slug, slug=slug), "action-submit": "1"},
            )
        self.waiting = EventPage.objects.get(slug="menunggu-tinjauan")
        self.sent_back = EventPage.objects.get(slug="perlu-perubahan")
        self.client.force_login(self.moderator)
        task_state = self.sent_back.current_workflow_task_state
        self.client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[self.sent_back.pk, "reject", task_state.pk],
            ),
            {"comment": "Lengkapi jamnya."},
        )

    def screens(self):
        shared = [
            reverse("wagtailadmin_home"),
            reverse("wagtailadmin_explore_root"),
            reverse("wagtailadmin_explore", args=[self.folder.pk]),
            reverse("wagtailadmin_pages:search") + "?q=festival",
            reverse("wagtailadmin_reports:workflow"),
            reverse("wagtailadmin_reports:workflow_tasks"),
            reverse("wagtailadmin_pages:workflow_history", args=[self.sent_back.pk]),
        ]
        return {
            self.editor: [
                *shared,
                edit_url(self.sent_back),
                edit_url(self.waiting),
            ],
            self.moderator: [
                *shared,
                edit_url(self.waiting),
                edit_url(self.sent_back),
                "/admin/events/moderation/",
                reverse("wagtailadmin_reports:site_history"),
                reverse("wagtailadmin_reports:locked_pages"),
            ],
        }

    def rendered(self):
        for user, urls in self.screens().items():
            self.client.force_login(user)
            for url in urls:
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, url)
                self.assertContains(response, '<html lang="id"')
                yield user, url, visible_texts(response.content.decode())

    def test_no_known_english_string_on_the_key_screens(self):
        """The strings seen in English before, and the workflow's words."""
        for user, url, texts in self.rendered():
            with self.subTest(user=user.username, url=url):
                english = sorted(
                    s
                    for s in ENGLISH
                    for t in texts
                    if t == s or (len(s) > 10 and s in t)
                )
                self.assertEqual(english, [])

    def test_no_untranslated_wagtail_string_on_the_key_screens(self):
        """No text on those screens is a Wagtail string without Indonesian."""
        patterns = untranslated_wagtail_strings()
        self.assertGreater(len(patterns), 100)  # Wagtail's gaps are real
        for user, url, texts in self.rendered():
            with self.subTest(user=user.username, url=url):
                english = sorted(
                    source
                    for source, pattern in patterns.items()
                    for text in texts
                    if pattern.fullmatch(text)
                )
                self.assertEqual(english, [])

    def test_workflow_action_menu_is_indonesian(self):
        """The moderator's actions on a submission, word for word."""
        self.client.force_login(self.moderator)
        response = self.client.get(edit_url(self.waiting))
        for label in (
            "Minta perubahan",
            "Menyetujui dan Publikasikan",
            "Setujui dengan komentar dan Publikasikan",
        ):
            self.assertContains(response, label)

    def test_admin_scripts_speak_indonesian(self):
        """The admin's script strings (/admin/jsi18n/): "Collapse all" and
        every other one Wagtail's catalogue lacks."""
        self.client.force_login(self.editor)
        response = self.client.get(reverse("wagtailadmin_javascript_catalog"))
        self.assertContains(response, "Ciutkan semua")
        script = response.content.decode()
        catalogue = json.loads(
            re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1)
        )
        path = Path(wagtail.__file__).parent / "admin/locale/en/LC_MESSAGES/djangojs.po"
        missing = [e.msgid for e in polib.pofile(str(path)) if e.msgid not in catalogue]
        self.assertEqual(missing, [])
