"""The annual Calendar of Events: the year's events month by month (year view,
booklet, exports), the planning cycle's counts per regency and the totals of
the outcomes recorded after the events.

The query functions at the top read everything a year needs in a constant
number of queries; the shaping functions below them work on the frozen
entries they return, so the year view, the booklet and the exports show the
same rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html import unescape

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from wagtail.models import Locale, Revision, Site, WorkflowState

from core.models import PlanningSettings, Regency

from . import dates
from .models import EventOutcome, EventPage, Occurrence, OutcomeResult
from .templatetags.events_tags import format_month, format_time, when

PROVINCE_CODE = "18"


# Who may see what.


def is_provincial_staff(user) -> bool:
    """Provincial moderators (and administrators): they configure the planning
    cycle, so they see every regency's report, the exports and nominations."""
    return user.is_active and user.has_perm("core.change_planningsettings")


def editor_regencies(user) -> list[Regency]:
    """The regencies whose editors group the user belongs to."""
    if not user.is_authenticated:
        return []
    return list(Regency.objects.filter(editors__user=user).order_by("name"))


def planning_settings(request=None) -> PlanningSettings:
    if request is not None:
        return PlanningSettings.for_request(request)
    return PlanningSettings.for_site(Site.objects.get(is_default_site=True))


def default_year(planning: PlanningSettings, today: date) -> int:
    """The year the admin views open on: the year being planned, else this year."""
    return planning.planning_year or today.year


# The year's entries.


@dataclass(frozen=True)
class EntrySpan:
    """One occurrence of an entry, in the site's time zone."""

    start: datetime
    end: datetime
    all_day: bool
    month_only: bool = False
    cancelled: bool = False
    moved: bool = False
    note: str = ""

    @property
    def last_day(self) -> date:
        if self.end <= self.start:
            return self.start.date()
        return (self.end - timedelta(microseconds=1)).date()


@dataclass(frozen=True)
class YearEntry:
    """One event in one month of the year: its occurrences starting that month
    and what listings, the booklet and the exports show about it."""

    event_id: int
    uid: str
    title: str
    url: str
    full_url: str
    month: date
    spans: tuple[EntrySpan, ...]
    regency_slug: str
    regency_name: str
    regency_code: str
    venue: str
    venue_address: str
    at_anjungan: bool
    recurring: bool
    category: str
    category_label: str
    summary: str
    status: str
    status_label: str
    status_reason: str
    organiser: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    website: str = ""
    is_free: bool = True
    price: str = ""
    edition: str = ""
    ken_nominated: bool = False

    @property
    def key(self) -> tuple[str, str]:
        """Identifies the row in the year view and the exports."""
        return (self.uid, f"{self.month:%Y-%m}")

    @property
    def anchor(self) -> str:
        return f"e{self.event_id}-{self.month:%Y%m}"

    @property
    def month_only(self) -> bool:
        return self.spans[0].month_only

    @property
    def programme(self) -> bool:
        """A regular activity at a regency's anjungan at PKOR Way Halim."""
        return self.at_anjungan and self.recurring

    @property
    def cancelled(self) -> bool:
        return all(span.cancelled for span in self.spans)

    @property
    def first_day(self) -> date:
        return self.spans[0].start.date()

    @property
    def last_day(self) -> date:
        return max(span.last_day for span in self.spans)

    @property
    def when(self) -> str:
        return entry_when(self)


def public_occurrences(language: str):
    """The occurrences the public sees in this language."""
    return Occurrence.objects.public().for_language(language)


def year_bounds(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_default_timezone()
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


def year_occurrences(occurrences, year: int):
    """Narrow an occurrence queryset to those starting in `year`, loading in
    the same query everything an entry shows."""
    start, end = year_bounds(year)
    return (
        occurrences.filter(start__gte=start, start__lt=end)
        .select_related("event", "regency", "venue", "venue__parent")
        .defer("event__description", "event__ical_component")
        .order_by("start", "pk")
    )


def year_entries(occurrences, request=None) -> list[YearEntry]:
    """Group occurrences (from `year_occurrences`) into entries, one per
    event and month, in date order; month-only entries last in their month."""
    from .models import EventCategory, EventStatus

    groups: dict[tuple[int, date], list] = {}
    for occ in occurrences:
        month = timezone.localtime(occ.start).date().replace(day=1)
        groups.setdefault((occ.event_id, month), []).append(occ)
    province = _("Province of Lampung")
    entries = []
    for (_event_id, month), occs in groups.items():
        event = occs[0].event
        regency = occs[0].regency
        venue = occs[0].venue
        entries.append(
            YearEntry(
                event_id=event.pk,
                uid=str(event.uid),
                title=event.title,
                url=event.get_url(request) or "",
                full_url=event.get_full_url(request) or "",
                month=month,
                spans=tuple(
                    EntrySpan(
                        start=timezone.localtime(o.start),
                        end=timezone.localtime(o.end),
                        all_day=o.all_day,
                        month_only=o.month_only,
                        cancelled=o.cancelled,
                        moved=o.moved,
                        note=o.note,
                    )
                    for o in occs
                ),
                regency_slug=regency.slug if regency else "",
                regency_name=regency.name if regency else str(province),
                regency_code=regency.code if regency else PROVINCE_CODE,
                venue=str(venue) if venue else "",
                venue_address=venue.address if venue else "",
                at_anjungan=bool(venue and venue.parent_id),
                recurring=bool(event.recurrence_frequency),
                category=event.category,
                category_label=str(EventCategory(event.category).label),
                summary=event.summary,
                status=event.status,
                status_label=str(EventStatus(event.status).label),
                status_reason=event.status_reason,
                organiser=event.organiser,
                contact_email=event.contact_email,
                contact_phone=event.contact_phone,
                website=event.website,
                is_free=event.is_free,
                price=event.price,
                edition=event.edition,
                ken_nominated=event.ken_nominated,
            )
        )
    entries.sort(
        key=lambda e: (e.month, e.month_only, e.spans[0].start, e.title.lower())
    )
    return entries


def entry_when(entry: YearEntry) -> str:
    """The dates of an entry in the active language: one occurrence as on
    the calendar; several (a weekly programme) as the days of the month."""
    spans = entry.spans
    if entry.month_only or len(spans) == 1:
        return when(spans[0])
    days = []
    for span in spans:
        label = str(span.start.day)
        if span.cancelled:
            label += " (" + _("cancelled") + ")"
        days.append(label)
    text = ", ".join(days) + " " + format_month(entry.month)
    if len({span.start.weekday() for span in spans}) == 1:
        text = f"{date_format(spans[0].start, 'l')} {text}"
    timed = [span for span in spans if not span.all_day]
    if (
        len(timed) == len(spans)
        and len({(s.start.time(), s.end.time()) for s in timed}) == 1
    ):
        text += ", " + format_time(spans[0].start, spans[0].end)
    return text


# Shaping for the year view and the booklet.


@dataclass(frozen=True)
class MonthSection:
    """The entries of one month: dated events, anjungan programmes, and events
    whose date is not fixed yet (listed under the month, never on a day)."""

    month: date
    dated: tuple[YearEntry, ...]
    programmes: tuple[YearEntry, ...]
    to_be_announced: tuple[YearEntry, ...]

    @property
    def anchor(self) -> str:
        return f"m{self.month:%Y-%m}"

    @property
    def count(self) -> int:
        return len(self.dated) + len(self.programmes) + len(self.to_be_announced)


def month_sections(year: int, entries: list[YearEntry]) -> list[MonthSection]:
    """All twelve months of `year`, each with its entries."""
    by_month: dict[date, list[YearEntry]] = defaultdict(list)
    for entry in entries:
        by_month[entry.month].append(entry)
    sections = []
    for number in range(1, 13):
        month = date(year, number, 1)
        items = by_month.get(month, [])
        sections.append(
            MonthSection(
                month=month,
                dated=tuple(e for e in items if not e.month_only and not e.programme),
                programmes=tuple(e for e in items if e.programme and not e.month_only),
                to_be_announced=tuple(e for e in items if e.month_only),
            )
        )
    return sections


@dataclass(frozen=True)
class Programme:
    """A regular anjungan activity over the whole year, for the booklet."""

    entry: YearEntry
    first_day: date
    last_day: date
    weekdays: tuple[int, ...]
    count: int
    cancelled: int

    @property
    def anchor(self) -> str:
        return f"p{self.entry.event_id}"

    @property
    def when(self) -> str:
        return programme_when(self)


def programmes_of(entries: list[YearEntry]) -> list[Programme]:
    """One item per anjungan programme, by anjungan then title."""
    by_event: dict[int, list[YearEntry]] = defaultdict(list)
    for entry in entries:
        if entry.programme and not entry.month_only:
            by_event[entry.event_id].append(entry)
    items = []
    for group in by_event.values():
        spans = [span for entry in group for span in entry.spans]
        items.append(
            Programme(
                entry=group[0],
                first_day=min(span.start.date() for span in spans),
                last_day=max(span.last_day for span in spans),
                weekdays=tuple(sorted({span.start.weekday() for span in spans})),
                count=len([s for s in spans if not s.cancelled]),
                cancelled=len([s for s in spans if s.cancelled]),
            )
        )
    return sorted(items, key=lambda p: (p.entry.venue, p.entry.title.lower()))


def programme_when(programme: Programme) -> str:
    from .templatetags.events_tags import day_range

    entry = programme.entry
    names = [date_format(date(2024, 1, 1 + d), "l") for d in programme.weekdays]
    text = _("every %(weekdays)s") % {"weekdays": ", ".join(names)}
    first = entry.spans[0]
    if not first.all_day:
        text += ", " + format_time(first.start, first.end)
    return f"{text} · {day_range(programme.first_day, programme.last_day)}"


@dataclass(frozen=True)
class IndexGroup:
    """The events of one regency for the booklet's index."""

    name: str
    items: tuple[tuple[str, str], ...]  # (title, anchor of its first listing)


def regency_index(
    entries: list[YearEntry], programmes: list[Programme]
) -> list[IndexGroup]:
    """Every event of the year under its regency (the province first), each
    pointing at its first listing in the booklet."""
    first: dict[int, YearEntry] = {}
    for entry in entries:
        if not entry.programme or entry.month_only:
            first.setdefault(entry.event_id, entry)
    groups: dict[tuple[bool, str], list[tuple[str, str]]] = defaultdict(list)
    for entry in first.values():
        groups[(bool(entry.regency_slug), entry.regency_name)].append(
            (entry.title, entry.anchor)
        )
    for programme in programmes:
        entry = programme.entry
        groups[(bool(entry.regency_slug), entry.regency_name)].append(
            (entry.title, programme.anchor)
        )
    return [
        IndexGroup(name=name, items=tuple(sorted(items, key=lambda i: i[0].lower())))
        for (_is_regency, name), items in sorted(groups.items())
    ]


def year_context(page, request, year: int) -> dict:
    """Context of the calendar's public year view: the calendar's filters
    applied to the year's occurrences, shaped month by month."""
    from .views import filter_form, visible_occurrences

    form = filter_form(request)
    entries = year_entries(
        year_occurrences(form.apply(visible_occurrences()), year), request
    )
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "view": "year",
        "year": year,
        "form": form,
        "filters": form.active_filters(),
        "query_string": params.urlencode(),
        "months": month_sections(year, entries),
        "entry_count": len(entries),
        "previous_year": year - 1 if year > dates.EARLIEST_YEAR else None,
        "next_year": year + 1 if year < 2100 else None,
        "booklet_url": page.url + page.reverse_subpage("booklet", args=[year]),
    }


# The planning cycle.


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


def plain_text(html: str) -> str:
    """Rich text as one plain paragraph per block, for spreadsheets."""
    text = html.replace("</p>", "\n").replace("<br/>", "\n").replace("<br>", "\n")
    lines = [unescape(strip_tags(line)).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def upcoming_deadline_days(planning: PlanningSettings, today: date) -> int | None:
    if planning.submission_deadline is None:
        return None
    return (planning.submission_deadline - today).days
