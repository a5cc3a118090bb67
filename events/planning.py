"""The planning cycle of the annual Calendar of Events: who sees which
regencies, where each regency's submissions for a year stand (the planning
report), national nominations (Kharisma Event Nusantara) and outcomes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    CharField,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from wagtail.models import Locale, Revision, Site, WorkflowState

from core.models import PlanningSettings, Regency

from . import dates
from .annual import PROVINCE_CODE
from .models import (
    EventOutcome,
    EventPage,
    Occurrence,
    OutcomeResult,
    RegencyYearCount,
)
from .models.annual import regency_q
from .versions import version_row


def planning_settings(request=None) -> PlanningSettings:
    if request is not None:
        return PlanningSettings.for_request(request)
    return PlanningSettings.for_site(Site.objects.get(is_default_site=True))


def default_year(planning: PlanningSettings, today: date) -> int:
    """The year the admin views open on: the year being planned, else this year."""
    return planning.calendar_year(today)


def events_in_year_q(year: int, prefix: str = "") -> Q:
    """Events whose dates touch `year`: starting in it, running into it, or
    a series still repeating in it (a series ended by a count is counted
    from its start year onwards)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    p = prefix

    def q(**kwargs):
        return Q(**{p + k: v for k, v in kwargs.items()})

    return q(start_date__lte=last) & (
        q(start_date__gte=first)
        | q(end_date__gte=first)
        | q(recurrence_until__gte=first)
        | (~q(recurrence_frequency="") & q(recurrence_until__isnull=True))
    )


def touches_year(
    year: int,
    start_date: date,
    end_date: date | None,
    frequency: str,
    until: date | None,
) -> bool:
    """The same test as `events_in_year_q`, on plain values."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    if start_date > last:
        return False
    return (
        start_date >= first
        or (end_date is not None and end_date >= first)
        or (until is not None and until >= first)
        or (bool(frequency) and until is None)
    )


def event_last_day(event: EventPage) -> date:
    """The last day the event takes place (exceptions aside)."""
    return event.spans(exceptions=[])[-1].last_day


def is_past(event: EventPage, today: date) -> bool:
    """Finished before today: its outcome can be recorded."""
    return event_last_day(event) < today


@dataclass
class RegencyStatus:
    """One row of the planning report: a regency's events for the year by
    state, and the outcomes recorded after them."""

    regency: Regency | None
    name: str
    code: str
    approved: int = 0
    pending: int = 0
    rejected: int = 0
    drafts: int = 0
    month_only: int = 0
    last_submission: datetime | None = None
    past_events: int = 0
    outcomes: int = 0
    held: int = 0
    cancelled: int = 0
    visitors: int = 0

    @property
    def submitted(self) -> int:
        """Events that reached the moderators: approved, pending or rejected."""
        return self.approved + self.pending + self.rejected

    @property
    def nothing_submitted(self) -> bool:
        return self.submitted == 0

    @property
    def outcomes_missing(self) -> int:
        return max(self.past_events - self.outcomes, 0)


class EventState:
    APPROVED = "approved"
    PENDING = "pending"
    REJECTED = "rejected"
    DRAFT = "draft"


def event_state(live: bool, workflow_statuses: set[str]) -> str:
    """Where an event stands in moderation. A live event is approved (newer
    changes under review do not unpublish it); otherwise its active
    workflow says pending or rejected; anything else is a draft."""
    if live:
        return EventState.APPROVED
    if WorkflowState.STATUS_IN_PROGRESS in workflow_statuses:
        return EventState.PENDING
    if WorkflowState.STATUS_NEEDS_CHANGES in workflow_statuses:
        return EventState.REJECTED
    return EventState.DRAFT


def _draft_dates(not_live) -> dict[int, dict]:
    """The dates in the latest revision of events not live: their page rows
    keep the values of their first save."""
    revisions = Revision.objects.filter(pk__in=not_live.values("latest_revision_id"))
    return {
        int(object_id): content or {}
        for object_id, content in revisions.values_list("object_id", "content")
    }


def _as_date(value) -> date | None:
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _event_workflows():
    return WorkflowState.objects.filter(
        content_type=ContentType.objects.get_for_model(EventPage)
    )


def _later(*moments: datetime | None) -> datetime | None:
    return max((m for m in moments if m is not None), default=None)


def planning_report(
    year: int,
    today: date,
    regencies: list[Regency] | None = None,
    outcomes: bool = True,
) -> list[RegencyStatus]:
    """The planning report for `year`: one row per regency (every regency,
    or only `regencies`), plus the province's own events when every regency
    is asked for; without `outcomes` (the dashboard), the past events and
    their outcomes are not counted.

    Five queries whatever the calendar holds: the live events (approved) are
    counted per regency by the database, with their workflows and stored
    occurrences looked up through indexes; only the events not live (drafts,
    submissions under review or sent back, whose dates are in their latest
    revision) are read one by one, and they are the editors' work in
    progress, not the calendar."""
    locale = Locale.get_default()
    if regencies is None:
        regencies = list(Regency.objects.order_by("name"))
        rows = {r.pk: RegencyStatus(r, r.name, r.code) for r in regencies}
        rows[None] = RegencyStatus(None, _("Province of Lampung"), PROVINCE_CODE)
    else:
        rows = {r.pk: RegencyStatus(r, r.name, r.code) for r in regencies}
    events = EventPage.objects.filter(locale=locale).order_by()
    if None not in rows:
        events = events.filter(regency__in=list(rows))
    live = events.filter(events_in_year_q(year), live=True)
    _count_live(rows, live, today, year, past=outcomes)
    _count_workflows(rows, live)
    _count_not_live(rows, events.filter(live=False), year)
    if outcomes:
        _count_outcomes(rows, locale, year)
    return list(rows.values())


def recount(today: date) -> None:
    """Count every regency's live events again, for the year the admin opens
    on (the daily occurrence refresh: past events depend on the day, and
    anything may have gone round the publishing signals)."""
    RegencyYearCount.forget()
    planning_report(default_year(planning_settings(), today), today, outcomes=False)


def _count_live(rows: dict, live, today: date, year: int, past: bool) -> None:
    """Live events are approved, whatever newer changes are under review. A
    regency's last submission is the latest workflow of its events, or the
    first publication of one published directly by a moderator. One of its
    events is past when none of its stored occurrences reaches `today`
    (shown only with `past`).

    The counts are read from `RegencyYearCount`, counted again for the
    regencies whose rows were forgotten (an event of theirs changed) or
    were counted on another day (`_stored_counts`)."""
    for count in _stored_counts(rows, live, today, year):
        status = rows[count.regency_id]
        status.approved += count.approved
        status.month_only += count.month_only
        status.past_events += count.past if past else 0
        status.last_submission = _later(status.last_submission, count.published)


def _stored_counts(rows: dict, live, today: date, year: int) -> list:
    """The stored counts of `year` for the regencies of `rows`, after
    counting again (one statement for all of them) those missing or counted
    on another day than `today`."""
    stored = {
        count.regency_id: count
        for count in RegencyYearCount.objects.filter(regency_q(rows), year=year)
        if count.day == today
    }
    missing = [pk for pk in rows if pk not in stored]
    if not missing:
        return list(stored.values())
    version, _changed_at = version_row()
    fresh = {
        pk: RegencyYearCount(regency_id=pk, year=year, day=today) for pk in missing
    }
    workflows = _event_workflows().filter(object_id=Cast(OuterRef("pk"), CharField()))
    still_on = Occurrence.objects.filter(event_id=OuterRef("pk"), end_day__gte=today)
    for row in (
        live.filter(regency_q(missing))
        .values("regency_id")
        .annotate(
            approved=Count("pk"),
            month_only=Count("pk", filter=Q(date_precision=dates.DatePrecision.MONTH)),
            published=Max("first_published_at", filter=~Exists(workflows)),
            past=Count("pk", filter=Q(start_date__lt=today) & ~Exists(still_on)),
        )
    ):
        count = fresh[row.pop("regency_id")]
        for name, value in row.items():
            setattr(count, name, value)
    RegencyYearCount.store(list(fresh.values()), year, version)
    return [*stored.values(), *fresh.values()]


def _count_workflows(rows: dict, live) -> None:
    """The latest workflow of each regency's live events."""
    of_event = live.filter(pk=Cast(OuterRef("object_id"), IntegerField()))
    for row in (
        _event_workflows()
        .filter(Exists(of_event))
        .annotate(regency_id=Subquery(of_event.values("regency_id")[:1]))
        .values("regency_id")
        .annotate(created=Max("created_at"), started=Max("task_states__started_at"))
        .order_by()
    ):
        status = rows.get(row["regency_id"])
        if status is not None:
            status.last_submission = _later(
                status.last_submission, row["created"], row["started"]
            )


def _count_not_live(rows: dict, not_live, year: int) -> None:
    """Events not live: pending or rejected by their workflow, else drafts,
    each counted in the year of the dates in its latest revision."""
    events = list(
        not_live.values(
            "pk",
            "regency_id",
            "latest_revision_id",
            "start_date",
            "end_date",
            "recurrence_frequency",
            "recurrence_until",
            "date_precision",
        )
    )
    drafts = _draft_dates(not_live)
    keys = not_live.annotate(key=Cast("pk", CharField())).values("key")
    states: dict[int, list[dict]] = defaultdict(list)
    for state in (
        _event_workflows()
        .filter(object_id__in=keys)
        .values("object_id", "status", "created_at")
        .annotate(last_task=Max("task_states__started_at"))
        .order_by()
    ):
        states[int(state["object_id"])].append(state)
    for event in events:
        row = rows.get(event["regency_id"])
        if row is None:
            continue
        content = drafts.get(event["pk"]) or {}
        if content:
            start = _as_date(content.get("start_date")) or event["start_date"]
            dated = (
                start,
                _as_date(content.get("end_date")),
                content.get("recurrence_frequency") or "",
                _as_date(content.get("recurrence_until")),
            )
            precision = content.get("date_precision")
        else:
            dated = (
                event["start_date"],
                event["end_date"],
                event["recurrence_frequency"],
                event["recurrence_until"],
            )
            precision = event["date_precision"]
        if not touches_year(year, *dated):
            continue
        event_states = states.get(event["pk"], [])
        state = event_state(False, {s["status"] for s in event_states})
        if state == EventState.DRAFT:
            row.drafts += 1
            continue
        setattr(row, state, getattr(row, state) + 1)
        row.month_only += precision == dates.DatePrecision.MONTH
        row.last_submission = _later(
            row.last_submission,
            *(s["created_at"] for s in event_states),
            *(s["last_task"] for s in event_states),
        )


def _count_outcomes(rows: dict, locale, year: int) -> None:
    """The outcomes recorded for the year's events, per regency: read from
    the (few) outcomes, each one's event looked up by its key, so the
    database never walks the events."""
    event = EventPage.objects.filter(
        events_in_year_q(year), pk=OuterRef("event_id"), locale=locale
    )
    for row in (
        EventOutcome.objects.filter(Exists(event))
        .annotate(regency_id=Subquery(event.values("regency_id")[:1]))
        .values("regency_id")
        .annotate(
            outcomes=Count("pk"),
            held=Count("pk", filter=Q(result=OutcomeResult.HELD)),
            visitors=Sum("visitors"),
        )
        .order_by()
    ):
        status = rows.get(row["regency_id"])
        if status is None:
            continue
        status.outcomes += row["outcomes"]
        status.held += row["held"]
        status.cancelled += row["outcomes"] - row["held"]
        status.visitors += row["visitors"] or 0


def report_totals(rows: list[RegencyStatus]) -> RegencyStatus:
    """The sum of the report's rows, for its last line."""
    total = RegencyStatus(None, _("Total"), "")
    for row in rows:
        for name in (
            "approved",
            "pending",
            "rejected",
            "drafts",
            "month_only",
            "past_events",
            "outcomes",
            "held",
            "cancelled",
            "visitors",
        ):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        if row.last_submission and (
            total.last_submission is None or row.last_submission > total.last_submission
        ):
            total.last_submission = row.last_submission
    return total


# National nominations (Kharisma Event Nusantara).


def year_events(year: int, regency: Regency | str | None = None):
    """The live events of `year` in the default language, in date order."""
    events = (
        EventPage.objects.live()
        .filter(locale=Locale.get_default())
        .filter(events_in_year_q(year))
        .select_related("regency", "venue", "venue__parent")
        .defer("ical_component")
        .order_by("start_date", "title", "pk")
    )
    if regency == "province":
        return events.filter(regency__isnull=True)
    if regency is not None:
        return events.filter(regency=regency)
    return events


def upcoming_deadline_days(planning: PlanningSettings, today: date) -> int | None:
    if planning.submission_deadline is None:
        return None
    return (planning.submission_deadline - today).days
