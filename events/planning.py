"""The planning cycle of the annual Calendar of Events: who sees which
regencies, where each regency's submissions for a year stand (the planning
report), national nominations (Kharisma Event Nusantara) and outcomes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from wagtail.models import Locale, Revision, Site, WorkflowState

from core.models import PlanningSettings, Regency

from .annual import PROVINCE_CODE
from .models import EventOutcome, EventPage, OutcomeResult


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
    submitted_ids: list[int] = field(default_factory=list)

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


def _draft_dates(events: list[EventPage]) -> dict[int, dict]:
    """The dates in the latest revision of events not live: their page rows
    keep the values of their first save."""
    revision_ids = [e.latest_revision_id for e in events if e.latest_revision_id]
    if not revision_ids:
        return {}
    found = {}
    for object_id, content in Revision.objects.filter(pk__in=revision_ids).values_list(
        "object_id", "content"
    ):
        found[int(object_id)] = content or {}
    return found


def _as_date(value) -> date | None:
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def planning_report(
    year: int, today: date, regencies: list[Regency] | None = None
) -> list[RegencyStatus]:
    """The planning report for `year`: one row per regency (every regency,
    or only `regencies`), plus the province's own events when every regency
    is asked for. A constant number of queries."""
    locale = Locale.get_default()
    if regencies is None:
        regencies = list(Regency.objects.order_by("name"))
        rows = {r.pk: RegencyStatus(r, r.name, r.code) for r in regencies}
        rows[None] = RegencyStatus(None, _("Province of Lampung"), PROVINCE_CODE)
    else:
        rows = {r.pk: RegencyStatus(r, r.name, r.code) for r in regencies}
    candidates = EventPage.objects.filter(locale=locale).filter(
        events_in_year_q(year) | Q(live=False)
    )
    if None not in rows:
        candidates = candidates.filter(regency__in=list(rows))
    events = list(
        candidates.defer("description", "ical_component", "summary").order_by("pk")
    )
    drafts = _draft_dates([e for e in events if not e.live])
    states: dict[int, list[dict]] = defaultdict(list)
    for state in (
        WorkflowState.objects.filter(
            content_type=ContentType.objects.get_for_model(EventPage)
        )
        .values("object_id", "status", "created_at")
        .annotate(last_task=Max("task_states__started_at"))
    ):
        states[int(state["object_id"])].append(state)
    for event in events:
        row = rows.get(event.regency_id)
        if row is None:
            continue
        content = drafts.get(event.pk) if not event.live else None
        if content:
            start = _as_date(content.get("start_date")) or event.start_date
            in_year = touches_year(
                year,
                start,
                _as_date(content.get("end_date")),
                content.get("recurrence_frequency") or "",
                _as_date(content.get("recurrence_until")),
            )
            month_only = content.get("date_precision") == "month"
        else:
            in_year = touches_year(
                year,
                event.start_date,
                event.end_date,
                event.recurrence_frequency,
                event.recurrence_until,
            )
            month_only = event.month_only
        if not in_year:
            continue
        event_states = states.get(event.pk, [])
        state = event_state(event.live, {s["status"] for s in event_states})
        if state == EventState.DRAFT:
            row.drafts += 1
            continue
        setattr(row, state, getattr(row, state) + 1)
        row.submitted_ids.append(event.pk)
        row.month_only += month_only
        moments = [s["created_at"] for s in event_states] + [
            s["last_task"] for s in event_states if s["last_task"]
        ]
        if not moments and event.first_published_at:
            # Published directly by a moderator, without review.
            moments = [event.first_published_at]
        if moments and (
            row.last_submission is None or max(moments) > row.last_submission
        ):
            row.last_submission = max(moments)
        if event.live and is_past(event, today):
            row.past_events += 1
    for outcome in EventOutcome.objects.filter(
        event__locale=locale, event__in=EventPage.objects.filter(events_in_year_q(year))
    ).values("event__regency_id", "result", "visitors"):
        row = rows.get(outcome["event__regency_id"])
        if row is None:
            continue
        row.outcomes += 1
        if outcome["result"] == OutcomeResult.HELD:
            row.held += 1
        else:
            row.cancelled += 1
        row.visitors += outcome["visitors"] or 0
    return list(rows.values())


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
