"""What the moderation workflow tells people: the workflow e-mails, and the
moderator's request for changes on the editor's edit view and dashboard.

Wagtail's own notifiers send the workflow e-mails; ours differ in two ways.
A recipient who never chose a language gets the site's language (Indonesian),
not that of whoever clicked the button. And the subject is always one line:
Django refuses to send a subject with a line break, and Wagtail only logs
"Failed to send notification email", so a moderator would never hear of the
submission (titles are checked by core.page_forms too; this covers the rest).
`register()` puts them in place of Wagtail's, from CoreConfig.ready().

Pages submitted together (a spreadsheet plan, an imported calendar) are
announced together: `submit_together` starts each page's workflow while
the submission notifiers hold their e-mails, then sends each recipient one
e-mail listing every page, not one e-mail per page.
"""

from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.signals import (
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

SUBJECT_TEMPLATE = "core/notifications/subject.txt"
TOGETHER_TEMPLATES = {
    "subject": "core/notifications/submitted_together_subject.txt",
    "text": "core/notifications/submitted_together.txt",
    "html": "core/notifications/submitted_together.html",
}

# While pages are submitted together: for each notifier, its recipients
# and, for each, the notifications it would have sent them.
_held: ContextVar[dict | None] = ContextVar("held_submissions", default=None)


class SiteLanguageNotifier:
    """A Wagtail e-mail notifier that writes in the recipient's chosen admin
    language, else in the site's, with a one-line subject."""

    def __call__(self, instance=None, **kwargs):
        # Wagtail renders in the recipient's preferred language, falling back
        # to the language active now: make that the site's.
        with translation.override(settings.LANGUAGE_CODE):
            return super().__call__(instance, **kwargs)

    def send_notifications(self, template_set, context, recipients, **kwargs):
        context = {**context, "subject_template": template_set["subject"]}
        template_set = {**template_set, "subject": SUBJECT_TEMPLATE}
        return super().send_notifications(template_set, context, recipients, **kwargs)


class HeldWhileTogether:
    """A submission notifier whose e-mails wait while pages are submitted
    together, and go out as one e-mail per recipient at the end."""

    def send_notifications(self, template_set, context, recipients, **kwargs):
        held = _held.get()
        if held is None:
            return super().send_notifications(
                template_set, context, recipients, **kwargs
            )
        mine = held.setdefault(self, {})
        for recipient in recipients:
            mine.setdefault(recipient, []).append((template_set, context))
        return True

    def send_held(self, notifications: dict, user, told: set) -> None:
        """One e-mail to each recipient not yet `told` by another notifier."""
        for recipient, sent in notifications.items():
            if recipient in told:
                continue
            told.add(recipient)
            if len(sent) == 1:
                template_set, context = sent[0]
                super().send_notifications(template_set, context, {recipient})
                continue
            first = sent[0][1]
            context = {
                **first,
                "requested_by": user,
                "pages": [
                    context.get("page") or context["object"] for _, context in sent
                ],
            }
            super().send_notifications(TOGETHER_TEMPLATES, context, {recipient})


class TaskSubmissionNotifier(
    HeldWhileTogether,
    SiteLanguageNotifier,
    GroupApprovalTaskStateSubmissionEmailNotifier,
):
    """To the moderators: a page awaits their review."""


class WorkflowSubmissionNotifier(
    HeldWhileTogether, SiteLanguageNotifier, WorkflowStateSubmissionEmailNotifier
):
    """To administrators: a page entered the workflow."""


class WorkflowApprovalNotifier(
    SiteLanguageNotifier, WorkflowStateApprovalEmailNotifier
):
    """To the editor who submitted: approved (and published)."""


class WorkflowRejectionNotifier(
    SiteLanguageNotifier, WorkflowStateRejectionEmailNotifier
):
    """To the editor who submitted: changes requested, with the comment."""


# Wagtail's receivers (wagtail.admin.signal_handlers), replaced by ours under
# the same dispatch_uid: whichever app is ready first, only ours stays.
NOTIFIERS = [
    (
        task_submitted,
        TaskState,
        "group_approval_task_submitted_email_notification",
        TaskSubmissionNotifier(),
    ),
    (
        workflow_submitted,
        WorkflowState,
        "workflow_state_submitted_email_notification",
        WorkflowSubmissionNotifier(),
    ),
    (
        workflow_rejected,
        WorkflowState,
        "workflow_state_rejected_email_notification",
        WorkflowRejectionNotifier(),
    ),
    (
        workflow_approved,
        WorkflowState,
        "workflow_state_approved_email_notification",
        WorkflowApprovalNotifier(),
    ),
]


def register() -> None:
    """Send the workflow e-mails with our notifiers instead of Wagtail's."""
    for signal, sender, uid, notifier in NOTIFIERS:
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(notifier, sender=sender, dispatch_uid=uid)


def submit_together(pages: Iterable[Page], user) -> int:
    """Start each page's moderation workflow, submitted by `user`, and tell
    each moderator (and administrator) once, in one e-mail listing them
    all (an administrator, whom Wagtail tells both of the task and of the
    workflow, gets one). Returns how many pages entered a workflow. Call it inside the
    transaction that saved the pages: the e-mails go to the outbox with it."""
    held = {}
    token = _held.set(held)
    started = 0
    try:
        for page in pages:
            workflow = page.get_workflow()
            if workflow is not None:
                workflow.start(page, user)
                started += 1
    finally:
        _held.reset(token)
    told = set()
    with translation.override(settings.LANGUAGE_CODE):
        for notifier, notifications in held.items():
            notifier.send_held(notifications, user, told)
    return started


@dataclass(frozen=True)
class ChangesRequested:
    """A moderator's request for changes to one page, still to be answered."""

    page: Page
    comment: str
    moderator: object
    at: datetime
    task_name: str


def _pages_workflow_states():
    return WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        status=WorkflowState.STATUS_NEEDS_CHANGES,
    )


def _changes_requested(workflow_state: WorkflowState, page: Page) -> ChangesRequested:
    task_state = workflow_state.current_task_state
    task_state = task_state.specific if task_state else None
    return ChangesRequested(
        page=page,
        comment=task_state.get_comment() if task_state else "",
        moderator=task_state.finished_by if task_state else None,
        at=(task_state.finished_at if task_state else None)
        or workflow_state.created_at,
        task_name=task_state.task.name if task_state else "",
    )


def changes_requested(page: Page) -> ChangesRequested | None:
    """The request for changes the page's workflow is waiting on, if any."""
    state = (
        _pages_workflow_states()
        .filter(object_id=str(page.pk))
        .select_related("current_task_state__task", "current_task_state__finished_by")
        .first()
    )
    return _changes_requested(state, page) if state else None


def changes_requested_of(user) -> list[ChangesRequested]:
    """The pages `user` submitted that moderators sent back, newest first."""
    states = list(
        _pages_workflow_states()
        .filter(requested_by=user)
        .select_related("current_task_state__task", "current_task_state__finished_by")
        .order_by("-current_task_state__finished_at", "-pk")
    )
    pages = Page.objects.in_bulk([int(s.object_id) for s in states])
    return [
        _changes_requested(state, pages[int(state.object_id)].specific_deferred)
        for state in states
        if int(state.object_id) in pages
    ]


class ChangesRequestedPanel(Component):
    """Dashboard: the editor's pages that moderators sent back, each with
    the moderator's comment, who wrote it and when, and a link to edit."""

    name = "changes_requested"
    order = 40
    template_name = "core/admin/changes_requested_panel.html"

    def __init__(self, user):
        self.requests = changes_requested_of(user)

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.requests else ""

    def get_context_data(self, parent_context):
        return {"requests": self.requests}
