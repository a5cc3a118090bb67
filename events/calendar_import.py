"""A regency's own calendar imported: one run reads a source (fetched by its
address, or an uploaded file), checks every event with the event editor's
own form, and saves the new and changed ones as drafts submitted for review.

Re-importing finds each event again by the source's UID (`ImportedEvent`):
- a new UID is a new draft event of the regency, submitted for review; an
  event of the same title and start date already in the folder (typed by
  hand) is refused, not doubled;
- a changed event gets a new revision, submitted for review (never
  published directly); an unchanged one is left alone;
- an event edited here since the import wrote it (its latest revision is
  not the import's) is not overwritten: it is flagged "edited here", and
  the editor merges the change by hand;
- an event cancelled at the source (STATUS:CANCELLED) or gone from it is
  flagged, never deleted or changed: a moderator decides.
Each run is logged (`ImportRun`): counts, and one entry per event that was
not simply unchanged, with its reason.
"""

from __future__ import annotations

import hashlib
import html
import json

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Locale

from core.text import marked

from . import dates
from .choices import EventCategory
from .drafts import add_draft, existing_keys, free_slug, submit_for_review, venue_names
from .ical_fetch import FetchError, fetch
from .ical_reader import CalendarFileError, SourceEvent, read_calendar
from .models import (
    CalendarSource,
    EventException,
    EventFolderPage,
    EventPage,
    ImportedEvent,
    ImportFlag,
    ImportRun,
)

SUMMARY_LENGTH = 300
# The event's fields an import writes; the others (image, tags, highlight,
# contacts…) are the regency's and the province's, never touched.
IMPORTED_FIELDS = (
    "title",
    "summary",
    "category",
    "date_precision",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "recurrence_frequency",
    "recurrence_interval",
    "recurrence_weekdays",
    "recurrence_monthly_by",
    "recurrence_until",
    "recurrence_count",
    "status",
    "venue",
    "website",
)
# The reasons of a run's log written by code, in the reader's language.
REASONS = {
    "cancelled_new": gettext_lazy("Cancelled in the source calendar; not imported."),
    "duplicate": gettext_lazy(
        "An event with this title and start date is already in the folder; "
        "not imported twice."
    ),
    "no_uid": gettext_lazy("The event has no UID."),
    **{flag.value: flag.label for flag in ImportFlag if flag.value},
}


def folder_for(regency_id: int | None) -> EventFolderPage | None:
    """The regency's (or the province's) event folder in the default language."""
    return (
        EventFolderPage.objects.filter(
            locale=Locale.get_default(), regency_id=regency_id
        )
        .order_by("path")
        .first()
    )


def run_import(
    source: CalendarSource, user=None, data: bytes | None = None, file_name: str = ""
) -> ImportRun:
    """One run of `source`: `data` when a file was uploaded, else fetched
    from the source's address. `user` runs it (None: the scheduled run, on
    behalf of whoever registered the source). Always returns the run's log."""
    run = ImportRun.objects.create(
        source=source, started_at=timezone.now(), run_by=user, file_name=file_name[:255]
    )
    actor = user or source.created_by
    folder = folder_for(source.regency_id)
    try:
        if folder is None:
            raise CalendarFileError(_("The regency has no event folder yet."))
        if (
            actor is None
            or not actor.is_active
            or not folder.permissions_for_user(actor).can_add_subpage()
        ):
            raise CalendarFileError(
                _(
                    "Whoever registered this calendar may no longer add events "
                    "to the folder: an editor of the regency saves the "
                    "calendar again to take it over."
                )
            )
        if data is None:
            if not source.url:
                raise CalendarFileError(
                    _("The calendar has no address: upload its .ics file.")
                )
            data = fetch(source.url)
        calendar = read_calendar(data, timezone.localdate())
    except (FetchError, CalendarFileError) as error:
        run.error = str(error)
    else:
        _Importer(source, folder, actor, run).run(calendar.events)
    run.finished_at = timezone.now()
    run.save()
    source.last_run_at = run.finished_at
    source.save(update_fields=["last_run_at"])
    return run


class _Importer:
    def __init__(self, source, folder, actor, run):
        self.source, self.folder, self.actor, self.run_log = source, folder, actor, run
        self.form_class = EventPage.get_edit_handler().get_form_class()
        self.venues = venue_names(source.regency_id)
        self.slugs = set(folder.get_children().values_list("slug", flat=True))
        self.known = {
            imported.source_uid: imported
            for imported in ImportedEvent.objects.filter(source=source).select_related(
                "event"
            )
        }
        self.to_submit: list[EventPage] = []

    def run(self, events: tuple[SourceEvent, ...]) -> None:
        seen = set()
        for event in events:
            seen.add(event.uid)
            try:
                with transaction.atomic():
                    self.one(event)
            except (ValidationError, ValueError, DatabaseError) as error:
                self.entry(event, ImportRun.Outcome.REFUSED, reason=str(error)[:300])
        for uid, imported in self.known.items():
            if uid not in seen:
                self.flag(imported, ImportFlag.VANISHED, title=imported.event.title)
        with transaction.atomic():
            submit_for_review(self.to_submit, self.actor)

    def entry(self, event, outcome, code="", reason="", page=None, title=None):
        self.run_log.entries.append(
            {
                "uid": event.uid if event is not None else "",
                "title": marked(title if title is not None else event.title)[:200],
                "outcome": outcome,
                "code": code,
                "reason": reason,
                "event": page.pk if page is not None else None,
            }
        )
        counter = str(outcome)
        setattr(self.run_log, counter, getattr(self.run_log, counter) + 1)

    def flag(self, imported, flag, event=None, title=None):
        if imported.flag != flag:
            imported.flag = flag
            imported.flagged_at = timezone.now()
            imported.save(update_fields=["flag", "flagged_at"])
        self.entry(
            event,
            ImportRun.Outcome.FLAGGED,
            code=flag.value,
            page=imported.event,
            title=title,
        )

    def one(self, event: SourceEvent) -> None:
        if not event.uid:
            self.entry(event, ImportRun.Outcome.REFUSED, code="no_uid")
            return
        imported = self.known.get(event.uid)
        if event.problem:
            self.entry(event, ImportRun.Outcome.REFUSED, reason=event.problem)
            return
        if event.cancelled:
            if imported is not None:
                self.flag(imported, ImportFlag.CANCELLED, event)
            else:
                self.entry(event, ImportRun.Outcome.REFUSED, code="cancelled_new")
            return
        data = self.form_data(event)
        content_hash = hashlib.sha256(
            json.dumps(data, sort_keys=True, default=str).encode()
        ).hexdigest()
        if imported is not None and imported.content_hash == content_hash:
            if imported.flag == ImportFlag.VANISHED:
                # Back in the source: nothing to look at any more.
                imported.flag = ImportFlag.NONE
                imported.save(update_fields=["flag"])
            self.run_log.unchanged += 1
            return
        if imported is not None:
            page = imported.event
            if page.latest_revision_id != imported.revision_id:
                self.flag(imported, ImportFlag.EDITED_HERE, event)
                return
        form = self.form_class(
            {**data, "slug": free_slug(event.title, set(self.slugs))},
            instance=EventPage(locale_id=self.folder.locale_id),
            parent_page=self.folder,
            for_user=self.actor,
        )
        if not form.is_valid():
            self.entry(
                event, ImportRun.Outcome.REFUSED, reason=" ".join(_errors(form))[:1000]
            )
            return
        new = form.save(commit=False)
        new.description = _description(event)
        if imported is None:
            self.add(event, new, content_hash, form.cleaned_data)
        else:
            self.update(event, imported, new, content_hash)

    def add(self, event, new, content_hash, cleaned) -> None:
        key = (cleaned["title"].casefold(), cleaned["start_date"])
        if key in existing_keys(self.folder, [key[1]]):
            self.entry(event, ImportRun.Outcome.REFUSED, code="duplicate")
            return
        new.slug = free_slug(event.title, self.slugs)
        page = add_draft(new, self.folder, self.actor)
        imported = ImportedEvent.objects.create(
            source=self.source,
            source_uid=event.uid,
            event=page,
            content_hash=content_hash,
            revision=page.latest_revision,
            imported_at=timezone.now(),
        )
        self.known[event.uid] = imported
        self.to_submit.append(page)
        self.entry(
            event, ImportRun.Outcome.ADDED, reason=" ".join(event.notes), page=page
        )

    def update(self, event, imported, new, content_hash) -> None:
        page = imported.event
        latest = page.get_latest_revision_as_object()
        for name in (*IMPORTED_FIELDS, "description"):
            setattr(latest, name, getattr(new, name))
        latest.exceptions = [
            EventException(
                original_date=e.original_date,
                action=e.action,
                new_date=e.new_date,
                new_start_time=e.new_start_time,
                new_end_time=e.new_end_time,
                reason=e.reason,
                sort_order=index,
            )
            for index, e in enumerate(new.exceptions.all())
        ]
        revision = latest.save_revision(user=self.actor)
        imported.content_hash = content_hash
        imported.revision = revision
        imported.imported_at = timezone.now()
        imported.flag = ImportFlag.NONE
        imported.save()
        page.latest_revision = revision
        self.to_submit.append(page)
        self.entry(
            event, ImportRun.Outcome.UPDATED, reason=" ".join(event.notes), page=page
        )

    def form_data(self, event: SourceEvent) -> dict:
        """What the event form would receive had an editor typed the event."""
        schedule = event.schedule
        data = {
            # The title's own characters, as the source wrote them: the form
            # refuses control characters and direction overrides rather than
            # have them silently removed.
            "title": event.title.strip(),
            "summary": _summary(event),
            "category": self.category(event),
            "date_precision": dates.DatePrecision.EXACT.value,
            "start_date": schedule.start_date.isoformat(),
            "start_time": _time(schedule.start_time),
            "end_date": schedule.end_date.isoformat() if schedule.end_date else "",
            "end_time": _time(schedule.end_time),
            "recurrence_frequency": schedule.frequency.value,
            "recurrence_interval": str(schedule.interval),
            "recurrence_weekdays": [str(d) for d in schedule.weekdays],
            "recurrence_monthly_by": schedule.monthly_by.value,
            "recurrence_until": schedule.until.isoformat() if schedule.until else "",
            "recurrence_count": str(schedule.count) if schedule.count else "",
            "status": "scheduled",
            "is_free": "on",
            "venue": self.venue(event.location),
            "website": _website(event.url),
            "exceptions-TOTAL_FORMS": str(len(schedule.exceptions)),
            "exceptions-INITIAL_FORMS": "0",
            "exceptions-MIN_NUM_FORMS": "0",
            "exceptions-MAX_NUM_FORMS": "1000",
        }
        for index, exception in enumerate(schedule.exceptions):
            prefix = f"exceptions-{index}-"
            data.update(
                {
                    prefix + "original_date": exception.original_date.isoformat(),
                    prefix + "action": exception.action.value,
                    prefix + "new_date": (
                        exception.new_date.isoformat() if exception.new_date else ""
                    ),
                    prefix + "new_start_time": _time(exception.new_start_time),
                    prefix + "new_end_time": _time(exception.new_end_time),
                    prefix + "reason": "",
                    prefix + "ORDER": str(index),
                    prefix + "DELETE": "",
                }
            )
        return data

    def category(self, event: SourceEvent) -> str:
        names = {}
        for choice in EventCategory:
            names[choice.value] = choice.value
            names[str(choice.label).casefold()] = choice.value
        for category in event.categories:
            found = names.get(category.strip().casefold())
            if found:
                return found
        return self.source.category

    def venue(self, location: str) -> str:
        for name in (location, location.split(",")[0]):
            found = self.venues.get(" ".join(name.split()).casefold(), [])
            if len(found) == 1:
                return str(found[0].pk)
        return ""


def _website(url: str) -> str:
    """The source's URL when the form would take it; a link the form
    refuses is left out rather than refusing the whole event."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url if len(url) <= 200 else ""


def _time(value) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def _summary(event: SourceEvent) -> str:
    text = " ".join(event.description.split()) or " ".join(event.title.split())
    if len(text) > SUMMARY_LENGTH:
        text = text[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return text


def _description(event: SourceEvent) -> str:
    """The source's description and place as paragraphs of plain text."""
    paragraphs = [p.strip() for p in event.description.split("\n\n") if p.strip()]
    if event.location.strip():
        paragraphs.append(event.location.strip())
    return "".join(
        "<p>{}</p>".format("<br/>".join(html.escape(line) for line in p.splitlines()))
        for p in paragraphs
    )


def _errors(form) -> list[str]:
    errors = []
    for name, messages in form.errors.items():
        label = "" if name == "__all__" else str(form.fields[name].label or name)
        for message in messages:
            errors.append(f"{label}: {message}" if label else str(message))
    for formset in form.formsets.values():
        errors.extend(str(m) for m in formset.non_form_errors())
        for item in formset.errors:
            for messages in item.values():
                errors.extend(str(m) for m in messages)
    return errors


def reason_text(entry: dict) -> str:
    """An entry's reason in the active language."""
    code = entry.get("code")
    if code in REASONS:
        return str(REASONS[code])
    return entry.get("reason", "")
