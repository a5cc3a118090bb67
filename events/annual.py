"""The annual Calendar of Events as a year: entries per event and month, for
the public year view (`/agenda/2027/`), the PDF booklet and the exports.

The planning cycle that fills it (reports, nominations, outcomes) is in
events.planning.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.models import Regency

from . import dates
from .formatting import dates_words, series_words, when
from .forms import filter_form
from .models.booklets import StoredBooklet
from .models.event import EventPage
from .models.occurrences import Occurrence
from .models.venues import Venue
from .records import EventRecord, event_record

# The province's code in the exports' regency column (BPS: 18 is Lampung).
PROVINCE_CODE = "18"
# The year view's bounds, whatever the calendar holds: the occurrences of
# major events listed per month, and the anjungan programmes listed.
MAJOR_ROWS_PER_MONTH = 40
PROGRAMMES_SHOWN = 40


# One occurrence of an entry, in the site's time zone.
EntrySpan = dates.Span


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
    schedule: dates.Schedule  # the event's rule, without its exceptions
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
    def recurring(self) -> bool:
        return self.schedule.recurring

    @property
    def programme(self) -> bool:
        """A regular activity at a regency's anjungan at PKOR Way Halim."""
        return self.at_anjungan and self.recurring

    @property
    def cancelled(self) -> bool:
        return all(span.cancelled for span in self.spans)

    @property
    def provisional(self) -> bool:
        """Estimated dates from another calendar, awaiting the decision."""
        return any(span.provisional for span in self.spans)

    @property
    def first_day(self) -> date:
        return self.spans[0].start.date()

    @property
    def last_day(self) -> date:
        return max(span.last_day for span in self.spans)

    @property
    def when(self) -> str:
        return entry_when(self)


def year_entries(occurrences, request=None) -> list[YearEntry]:
    """Group occurrences (from `OccurrenceQuerySet.in_year`) into entries, one
    per event and month, in date order; month-only entries last in their
    month. Each event's record is built once, whatever its months."""
    # The zone looked up once: each lookup reads a context-local (costly
    # over the hundreds of occurrences of a year's programmes).
    zone = timezone.get_current_timezone()
    groups: dict[tuple[int, date], list] = {}
    for occ in occurrences:
        month = occ.start.astimezone(zone).date().replace(day=1)
        groups.setdefault((occ.event_id, month), []).append(occ)
    province = _("Province of Lampung")
    records: dict[int, EventRecord] = {}
    paths: dict[int, str] = {}
    entries = []
    for (event_id, month), occs in groups.items():
        if event_id not in records:
            event = occs[0].event
            records[event_id] = event_record(
                event,
                uid=event.uid,
                language=get_language() or event.locale.language_code,
                tags=(),
                exceptions=(),
                confirmations=(),
                with_image=False,
                url=event.get_full_url(request) or "",
                regency=occs[0].regency,
                venue=occs[0].venue,
            )
            paths[event_id] = event.get_url(request) or ""
        record = records[event_id]
        regency, venue = record.regency, record.venue
        entries.append(
            YearEntry(
                event_id=event_id,
                uid=record.uid,
                title=record.title,
                url=paths[event_id],
                full_url=record.url,
                month=month,
                spans=tuple(
                    EntrySpan(
                        start=o.start.astimezone(zone),
                        end=o.end.astimezone(zone),
                        all_day=o.all_day,
                        month_only=o.month_only,
                        original_start=o.original_start.astimezone(zone)
                        if o.original_start
                        else None,
                        cancelled=o.cancelled,
                        moved=o.moved,
                        note=o.note,
                        rule_year=o.rule_year,
                        provisional=o.provisional,
                    )
                    for o in occs
                ),
                regency_slug=regency.slug if regency else "",
                regency_name=regency.name if regency else str(province),
                regency_code=regency.code if regency else PROVINCE_CODE,
                venue=venue.name if venue else "",
                venue_address=venue.address if venue else "",
                at_anjungan=bool(venue and venue.at_anjungan),
                schedule=record.schedule,
                category=record.category,
                category_label=record.category_label,
                summary=record.summary,
                status=str(record.status),
                status_label=record.status_label,
                status_reason=record.status_reason,
                organiser=record.organiser,
                contact_email=record.contact_email,
                contact_phone=record.contact_phone,
                website=record.website,
                is_free=record.is_free,
                price=record.price,
                edition=record.edition,
                ken_nominated=record.ken_nominated,
            )
        )
    entries.sort(
        key=lambda e: (e.month, e.month_only, e.spans[0].start, e.title.lower())
    )
    return entries


def entry_when(entry: YearEntry) -> str:
    """The dates of an entry in the active language: one occurrence as on
    the calendar; several (a weekly programme) as the days of the month, each
    with its weekday unless they share one, and the times."""
    if entry.month_only or len(entry.spans) == 1:
        return when(entry.spans[0])
    return dates_words(entry.spans, entry.month)


# Shaping for the year view and the booklet.


@dataclass(frozen=True)
class MonthSection:
    """The entries of one month: dated events, anjungan programmes, and events
    whose date is not fixed yet (listed under the month, never on a day)."""

    month: date
    dated: tuple[YearEntry, ...]
    programmes: tuple[YearEntry, ...]
    to_be_announced: tuple[YearEntry, ...]
    # In the year view, which lists only the major events: how many events
    # start this month in all (counted by the database), and its month grid.
    event_count: int | None = None
    url: str = ""

    @property
    def anchor(self) -> str:
        return f"m{self.month:%Y-%m}"

    @property
    def count(self) -> int:
        return len(self.dated) + len(self.programmes) + len(self.to_be_announced)

    @property
    def total(self) -> int:
        """The month's events: all of them, listed or not."""
        return self.count if self.event_count is None else self.event_count

    @property
    def others(self) -> int:
        """The month's events not listed in its section."""
        return max(0, self.total - self.count)


def month_sections(
    year: int,
    entries: list[YearEntry],
    counts: dict[int, int] | None = None,
    urls: dict[int, str] | None = None,
) -> list[MonthSection]:
    """All twelve months of `year`, each with its entries; with `counts` (by
    month number) when the entries are only some of the month's events."""
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
                event_count=None if counts is None else counts.get(number, 0),
                url=(urls or {}).get(number, ""),
            )
        )
    return sections


@dataclass(frozen=True)
class Programme:
    """A regular anjungan activity over the whole year, for the booklet."""

    entry: YearEntry
    spans: tuple[EntrySpan, ...]  # its dates in the year
    first_day: date
    last_day: date
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
                spans=tuple(spans),
                first_day=min(span.start.date() for span in spans),
                last_day=max(span.last_day for span in spans),
                count=len([s for s in spans if not s.cancelled]),
                cancelled=len([s for s in spans if s.cancelled]),
            )
        )
    return sorted(items, key=lambda p: (p.entry.venue, p.entry.title.lower()))


def programme_when(programme: Programme) -> str:
    """The rule's weekdays and times, the days it runs this year, and its
    moved and cancelled dates by name."""
    return series_words(
        programme.entry.schedule,
        programme.spans,
        programme.first_day,
        programme.last_day,
    )


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


# What the year view and a large year's booklet list in full.


def _major() -> Q:
    """A major event, as the calendar's list leads with them
    (`Occurrence.kind`, stored when the event is published and read through
    the events_occurrence_major index); cancelled ones stay, marked."""
    return Q(major=True)


def _recurring_events():
    """The ids of the recurring events (events_eventpage_recurring)."""
    return EventPage.objects.order_by().exclude(recurrence_frequency="").values("pk")


def _series() -> Q:
    """A regular programme at an anjungan: a recurring event at a pavilion
    (`YearEntry.programme`), listed once for the year. Subqueries over the
    small venue and recurring-event sets, so no join per occurrence."""
    pavilions = Venue.objects.filter(parent__isnull=False).values("pk")
    return Q(venue_id__in=pavilions, event_id__in=_recurring_events())


def major_events(occurrences):
    """The occurrences of the year's major events (anjungan programmes
    included: callers listing those apart exclude them)."""
    return occurrences.filter(_major())


def major_or_series(occurrences):
    """What a booklet too large to print everything keeps."""
    return occurrences.filter(_major() | _series())


def _month_of_start(year: int) -> Case:
    """The month number of an occurrence's local start day, in plain SQL."""
    return Case(
        *(
            When(start_day__lt=date(year, number + 1, 1), then=Value(number))
            for number in range(1, 12)
        ),
        default=Value(12),
    )


@dataclass(frozen=True)
class YearCounts:
    """How many events the year holds, per month and in all (an event
    repeating over several months counts once in each and once in the year)."""

    months: dict[int, int]
    events: int


def year_counts(occurrences, year: int, recurring=None) -> YearCounts:
    """The counts of `occurrences` (the calendar's, any year) in `year`. The
    database counts the occurrences of each day from the index alone; an
    event has more than one occurrence only if it recurs, so the repeats of
    `recurring` (the year's occurrences of recurring events, when already
    loaded) are taken off."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    per_day = (
        occurrences.filter(start_day__gte=first, start_day__lte=last)
        .order_by()
        .values_list("start_day")
        .annotate(n=Count("pk"))
    )
    months = dict.fromkeys(range(1, 13), 0)
    for day, count in per_day:
        months[day.month] += count
    if recurring is None:
        rows = _among(_recurring_keys(year), occurrences)
        repeats = list(rows.values_list("event_id", "start_day__month"))
    else:
        repeats = [(o.event_id, o.start_day.month) for o in recurring]
    events = sum(months.values())
    seen_in_month, seen = set(), set()
    for event_id, month in repeats:
        if (event_id, month) in seen_in_month:
            months[month] -= 1
        seen_in_month.add((event_id, month))
        if event_id in seen:
            events -= 1
        seen.add(event_id)
    return YearCounts(months=months, events=events)


def _year_rows(year: int):
    """Every occurrence starting in `year`, in any language, unordered."""
    return Occurrence.objects.order_by().in_year(year).order_by()


def _major_keys(year: int):
    """The primary keys of the year's major occurrences in every language,
    read from the events_occurrence_major index (a subquery)."""
    return _year_rows(year).filter(_major()).values("pk")


def _recurring_keys(year: int):
    """The primary keys of the year's occurrences of recurring events in
    every language, read from the event index (a subquery)."""
    return _year_rows(year).filter(event_id__in=_recurring_events()).values("pk")


def _among(keys, occurrences):
    """The occurrences of `keys` (a subquery) that `occurrences` (the
    calendar's, visible and filtered) holds, in date order. Driven by the
    keys, each row checked by its own key: the cost follows these rows, not
    the calendar (the filters' own joins would have the database walk every
    row of the year first)."""
    return (
        Occurrence.objects.filter(pk__in=keys)
        .filter(Exists(occurrences.filter(pk=OuterRef("pk"))))
        .order_by("start", "pk")
    )


def _attach_related(rows: list) -> None:
    """Give `rows` (occurrences) their event, regency and venue, each read
    once (three queries) rather than once per row: a weekly programme has
    52 rows, and most events share a handful of regencies and venues."""
    events = EventPage.objects.filter(pk__in={row.event_id for row in rows}).defer(
        "description", "ical_component"
    )
    regencies = Regency.objects.filter(pk__in={row.regency_id for row in rows})
    venues = Venue.objects.select_related("parent").filter(
        pk__in={row.venue_id for row in rows}
    )
    by_id = {
        "event": {item.pk: item for item in events},
        "regency": {item.pk: item for item in regencies},
        "venue": {item.pk: item for item in venues},
    }
    for row in rows:
        for name, items in by_id.items():
            key = getattr(row, f"{name}_id")
            setattr(row, name, items[key] if key is not None else None)


def year_overview(
    occurrences,
    year: int,
    request=None,
    major_rows: int = MAJOR_ROWS_PER_MONTH,
    programmes_shown: int = PROGRAMMES_SHOWN,
) -> dict:
    """What the year view shows of `occurrences` (the calendar's, visible and
    filtered) in `year`: each month's major events (their first `major_rows`
    occurrences), the first `programmes_shown` anjungan programmes once for
    the year, and the counts. A constant number of queries whose cost
    follows the major and recurring occurrences, whatever else the calendar
    holds: those are found from their own indexes, then read by key."""
    recurring = list(_among(_recurring_keys(year), occurrences))
    counts = year_counts(occurrences, year, recurring)
    majors = list(
        _among(_major_keys(year), occurrences)
        .exclude(_series())
        .annotate(
            month_rank=Window(
                RowNumber(),
                partition_by=[_month_of_start(year)],
                order_by=[F("start").asc(), F("pk").asc()],
            )
        )
        .filter(month_rank__lte=major_rows)
    )
    _attach_related(recurring + majors)
    major_entries = [e for e in year_entries(majors, request) if not e.programme]
    programmes = programmes_of(year_entries(recurring, request))
    return {
        "counts": counts,
        "major_entries": major_entries,
        "programmes": programmes[:programmes_shown],
        "programme_count": len(programmes),
    }


def year_context(page, request, year: int) -> dict:
    """Context of the calendar's public year view: the calendar's filters
    applied to the year, its major events month by month with each month's
    count and grid, and its anjungan programmes once. Bounded in size and
    queries whatever the calendar holds."""
    form = filter_form(request)
    occurrences = Occurrence.objects.visible().filtered(**form.filters())
    overview = year_overview(occurrences, year, request)
    counts = overview["counts"]
    params = request.GET.copy()
    params.pop("page", None)
    query_string = params.urlencode()
    urls = {
        number: page.url
        + page.reverse_subpage("month", args=[year, number])
        + (f"?{query_string}" if query_string else "")
        for number in range(1, 13)
    }
    months = month_sections(year, overview["major_entries"], counts.months, urls)
    programmes = overview["programmes"]
    return {
        "view": "year",
        "year": year,
        "form": form,
        "filters": form.active_filters(),
        "query_string": query_string,
        "months": months,
        "programmes": programmes,
        "programmes_left": overview["programme_count"] - len(programmes),
        "event_count": counts.events,
        "major_count": len({e.event_id for e in overview["major_entries"]}),
        "previous_year": year - 1 if year > dates.EARLIEST_YEAR else None,
        "next_year": year + 1 if year < 2100 else None,
        "booklet_url": page.url + page.reverse_subpage("booklet", args=[year]),
        # When the booklet a visitor downloads was made (None: not yet).
        "booklet_built": getattr(
            StoredBooklet.objects.built(year, get_language()), "built_at", None
        ),
    }
