"""What the imports (a spreadsheet plan, `events.plan_import`; a regency's
own calendar, `events.calendar_import`) share: a free slug in a folder, the
venues by name, the events already in a folder, and saving an event as a
draft submitted to the moderation workflow."""

from __future__ import annotations

from datetime import date

from django.utils.text import slugify

from wagtail.log_actions import log

from core.moderation import submit_together

from .models import EventFolderPage, EventPage, Venue


def free_slug(title: str, taken: set[str]) -> str:
    """A slug from `title` that is not in `taken` (which it joins)."""
    base = slugify(title)[:70].strip("-") or "acara"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def venue_names(regency_id) -> dict:
    """Venues by their names as the admin lists them, and by their own
    names, in lower case; a name shared by several venues keeps those of
    the regency first."""
    names: dict[str, list] = {}
    for venue in Venue.objects.select_related("parent").order_by("pk"):
        for name in {str(venue).casefold(), venue.name.casefold()}:
            names.setdefault(name, []).append(venue)
    for name, found in names.items():
        own = [v for v in found if v.regency_id == regency_id]
        names[name] = own or found
    return names


def existing_keys(folder: EventFolderPage, starts: list[date]) -> set[tuple]:
    """(title in lower case, start date) of the folder's events (live,
    draft or submitted; the latest title counts too) starting on `starts`."""
    existing = set()
    if not starts:
        return existing
    for title, draft_title, start in (
        EventPage.objects.child_of(folder)
        .filter(start_date__range=(min(starts), max(starts)))
        .values_list("title", "draft_title", "start_date")
    ):
        existing.add((title.casefold(), start))
        existing.add((draft_title.casefold(), start))
    return existing


def add_draft(page: EventPage, folder: EventFolderPage, user) -> EventPage:
    """`page` (unsaved) as a draft in `folder`, owned and saved by `user`."""
    page.owner = user
    page.live = False
    folder.add_child(instance=page)
    page.save_revision(user=user, log_action=False)
    log(instance=page, action="wagtail.create", user=user)
    return page


def submit_for_review(pages: list[EventPage], user) -> None:
    """Each page's latest revision submitted to its moderation workflow, as
    by `user`, and announced to the moderators in one e-mail for the whole
    import (`core.moderation.submit_together`)."""
    for page in pages:
        state = page.current_workflow_state
        if state is not None:
            # A new revision under review replaces the one submitted before.
            state.cancel(user=user)
    submit_together(pages, user)
