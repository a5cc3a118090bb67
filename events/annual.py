"""The annual Calendar of Events as a year: entries per event and month, for
the public year view (`/agenda/2027/`), the PDF booklet and the exports.

The planning cycle that fills it (reports, nominations, outcomes) is in
events.planning.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import dates
from .formatting import dates_words, series_words, when
from .forms import filter_form
from .models.occurrences import Occurrence
from .records import EventRecord, event_record

# The province's code in the exports' regency column (BPS: 18 is Lampung).
PROVINCE_CODE = "18"


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
    groups: dict[tuple[int, date], list] = {}
    for occ in occurrences:
        month = timezone.localtime(occ.start).date().replace(day=1)
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
                        start=timezone.localtime(o.start),
                        end=timezone.localtime(o.end),
                        all_day=o.all_day,
                        month_only=o.month_only,
                        original_start=timezone.localtime(o.original_start)
                        if o.original_start
                        else None,
                        cancelled=o.cancelled,
                        moved=o.moved,
                        note=o.note,
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


def year_context(page, request, year: int) -> dict:
    """Context of the calendar's public year view: the calendar's filters
    applied to the year's occurrences, shaped month by month."""
    form = filter_form(request)
    occurrences = Occurrence.objects.visible().filtered(**form.filters())
    entries = year_entries(occurrences.in_year(year), request)
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
