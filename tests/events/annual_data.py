"""Events in a chosen moderation state, for the annual calendar's tests."""

from datetime import date

from django.contrib.auth.models import User
from django.utils.text import slugify

from events.models import EventFolderPage, EventPage

STATES = ("approved", "pending", "rejected", "draft")


def folder_of(slug: str | None) -> EventFolderPage:
    """The demo event folder of a regency (None: the province's own folder)."""
    folders = EventFolderPage.objects.filter(locale__language_code="id")
    if slug is None:
        return folders.get(regency__isnull=True)
    return folders.get(regency__slug=slug)


def make_event(
    folder: EventFolderPage,
    title: str,
    start: date,
    state: str = "approved",
    *,
    month_only: bool = False,
    editor: User | None = None,
    moderator: User | None = None,
    **fields,
) -> EventPage:
    """An event in `folder`: published (approved), submitted to the moderation
    workflow (pending), submitted and sent back (rejected), or only saved (draft)."""
    assert state in STATES, state
    page = EventPage(
        title=title,
        slug=slugify(title)[:80],
        summary=fields.pop("summary", f"Ringkasan {title}."),
        category=fields.pop("category", "culture"),
        date_precision="month" if month_only else "exact",
        start_date=start.replace(day=1) if month_only else start,
        live=False,
        **fields,
    )
    folder.add_child(instance=page)
    revision = page.save_revision(user=editor)
    if state == "approved":
        revision.publish(user=moderator)
    elif state in ("pending", "rejected"):
        workflow_state = page.get_workflow().start(page, editor)
        if state == "rejected":
            workflow_state.current_task_state.reject(user=moderator)
    page.refresh_from_db()
    return page
