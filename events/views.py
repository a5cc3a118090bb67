"""Glue between requests and the calendar's querysets: the contexts of the
calendar's list and month routes, the event page, the venue and anjungan
pages. The read rules themselves are `OccurrenceQuerySet` methods."""

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext

from wagtail.models import Page

from dateutil.relativedelta import relativedelta
from icalendar import vRecur

from core import renditions
from core.images import prefetch_renditions

from . import dates
from .formatting import rule_of
from .forms import filter_form
from .ical import Status as EventStatus
from .models.occurrences import Occurrence, day_start
from .records import IMAGE_SPEC, event_record
from .structured_data import event_json_ld

# What an event's page shows of its relations: loaded with it by routing
# (EventFolderPage.route), or by `load_relations` for a page served otherwise.
EVENT_PAGE_RELATIONS = (
    "regency",
    "venue__parent",
    "venue__regency",
    "image",
    "social_image",
    "locale",
)
# A day cell lists at most this many events and links to the rest: a busy
# Saturday at PKOR stays readable and a month of 10,000 events renders fast.
MAX_PER_DAY = 8
# A venue's board shows today and the days after it, this many in all.
BOARD_DAYS = 7
# The upcoming list leads with the major events of the next LEAD_MONTHS
# months: at least LEAD_MIN of them, however far ahead, at most LEAD_MAX.
LEAD_MONTHS = 3
LEAD_MIN = 6
LEAD_MAX = 12


def month_weeks(year: int, month: int, starting, running) -> list[list[dict]]:
    """The month as weeks (Monday first) of days with the occurrences that
    touch them. `starting`: per day, the first MAX_PER_DAY occurrences that
    start on it, each carrying `day_count` (how many start that day);
    `running`: every occurrence of the month that spans several days, shown
    on each later day it touches, before those starting that day (it began
    earlier), and marked as continued there."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    by_day = defaultdict(list)
    totals = defaultdict(int)
    continued = defaultdict(set)
    for occ in running:
        day = max(occ.start_day + timedelta(days=1), first)
        while day <= min(occ.end_day, last):
            by_day[day].append(occ)
            continued[day].add(occ.pk)
            totals[day] += 1
            day += timedelta(days=1)
    counted = set()
    for occ in starting:
        day = occ.start_day
        if first <= day <= last:
            by_day[day].append(occ)
            if day not in counted:
                counted.add(day)
                totals[day] += occ.day_count
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {
                    "date": d,
                    "in_month": d.month == month,
                    "occurrences": by_day[d][:MAX_PER_DAY],
                    "more": max(totals[d] - MAX_PER_DAY, 0),
                    "continued": continued[d],
                }
                for d in week
            ]
        )
    return weeks


@dataclass
class GridEntry:
    """What a month grid cell shows of an occurrence, worked out in Python:
    a busy month repeats it for every day, and template lookups, date
    filters and `pageurl` per row would cost more than the queries."""

    pk: int
    start_day: date
    end_day: date
    url: str
    title: str
    cancelled: bool
    status_tag: str
    time_iso: str
    time_label: str
    language: str
    day_count: int = 0


# The columns a grid entry is made of (one query, no model instances).
GRID_FIELDS = (
    "pk",
    "start",
    "start_day",
    "end_day",
    "all_day",
    "cancelled",
    "event__title",
    "event__slug",
    "event__url_path",
    "event__status",
    "locale__language_code",
)


class GridEntries:
    """Turns grid rows into entries. Event URLs are their folder's URL plus
    the slug: one Wagtail URL lookup per folder rather than per event;
    absolute with `full_urls` (an embed, read on another site)."""

    def __init__(self, request, full_urls: bool = False):
        self.request = request
        self.language = get_language() or settings.LANGUAGE_CODE
        self.folders = {}
        self.full_urls = full_urls

    def folder_url(self, url_path: str) -> str:
        if url_path not in self.folders:
            folder = Page(url_path=url_path)
            self.folders[url_path] = (
                folder.get_full_url(self.request)
                if self.full_urls
                else folder.get_url(self.request)
            )
        return self.folders[url_path]

    def status_tag(self, cancelled: bool, status: str) -> str:
        if cancelled:
            return gettext("Cancelled")
        if status == EventStatus.POSTPONED:
            return gettext("Postponed")
        if status != EventStatus.SCHEDULED:
            return capfirst(str(EventStatus(status).label))
        return ""

    def entry(self, row: dict) -> GridEntry:
        url_path, slug = row["event__url_path"], row["event__slug"]
        folder = self.folder_url(url_path[: -len(slug) - 1]) or ""
        local = timezone.localtime(row["start"])
        language = row["locale__language_code"]
        return GridEntry(
            pk=row["pk"],
            start_day=row["start_day"],
            end_day=row["end_day"],
            url=f"{folder}{quote(slug)}/" if folder else "",
            title=row["event__title"],
            cancelled=row["cancelled"],
            status_tag=self.status_tag(row["cancelled"], row["event__status"]),
            time_iso="" if row["all_day"] else local.isoformat(),
            time_label="" if row["all_day"] else f"{local:%H.%M}",
            language="" if self.language.startswith(language) else language,
        )


def month_grid(
    visible, year: int, month: int, request=None, full_urls: bool = False
) -> list[list[dict]]:
    """The month grid: the first few occurrences starting on each day, and
    the multi-day ones that continue onto later days (see
    `OccurrenceQuerySet.month_grid_rows`); events linked by absolute URLs
    with `full_urls`."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    ranked, running = visible.month_grid_rows(first, last, MAX_PER_DAY)
    entries = GridEntries(request, full_urls)
    starting = []
    for row in (
        Occurrence.objects.filter(pk__in=ranked)
        .order_by("start", "pk")
        .values(*GRID_FIELDS)
    ):
        entry = entries.entry(row)
        entry.day_count = ranked[entry.pk]
        starting.append(entry)
    running = [entries.entry(row) for row in running.values(*GRID_FIELDS)]
    return month_weeks(year, month, starting, running)


@dataclass(frozen=True)
class DayGroup:
    """The occurrences of a chronological list under one heading: those
    starting on `day`, those of a `month` whose dates are to be announced,
    or (neither) those that began before today and are still running."""

    day: date | None
    month: date | None
    occurrences: list


def day_groups(occurrences, today: date | None = None) -> list[DayGroup]:
    """A chronological list cut into its days, in its own order. With
    `today` (a list of what is to come), what began earlier comes first
    under one heading of its own, wherever the list has it."""
    groups, running = [], []
    for occ in occurrences:
        if today is not None and occ.start_day < today and not occ.month_only:
            running.append(occ)
            continue
        day = None if occ.month_only else occ.start_day
        month = occ.start_day.replace(day=1) if occ.month_only else None
        if groups and (groups[-1].day, groups[-1].month) == (day, month):
            groups[-1].occurrences.append(occ)
        else:
            groups.append(DayGroup(day, month, [occ]))
    if running:
        groups.insert(0, DayGroup(None, None, running))
    return groups


@dataclass(frozen=True)
class SeriesEntry:
    """A regular activity, once: its next occurrence and its rule in words
    ("Setiap Sabtu, pukul 09.00–11.00 WIB")."""

    occurrence: object
    rule: str


def series_entries(occurrences) -> list[SeriesEntry]:
    return [SeriesEntry(occ, rule_of(occ.event)) for occ in occurrences]


def lead_events(occurrences, today: date) -> list:
    """The major events the list leads with (`OccurrenceQuerySet.major`):
    those starting in the next LEAD_MONTHS months, at least LEAD_MIN of
    them however far ahead (a quiet season still shows what is coming), at
    most LEAD_MAX. One query."""
    horizon = today + relativedelta(months=LEAD_MONTHS)
    leading = list(occurrences[:LEAD_MAX])
    soon = [occ for occ in leading if occ.start_day < horizon]
    return leading[: max(len(soon), LEAD_MIN)]


def calendar_context(page, request, view, kwargs):
    now = timezone.now()
    today = timezone.localdate(now)
    form = filter_form(request)
    visible = Occurrence.objects.visible().filtered(**form.filters())
    occurrences = visible.for_listing()
    context = {
        "form": form,
        "view": view,
        "now": now,
        "filters": form.active_filters(),
        "chips": form.chips(request.GET),
    }
    params = request.GET.copy()
    params.pop("page", None)
    context["query_string"] = params.urlencode()
    if view == "month":
        year, month = kwargs["year"], kwargs["month"]
        start = day_start(date(year, month, 1))
        end = day_start(date(year + month // 12, month % 12 + 1, 1))
        weeks = month_grid(visible, year, month, request)
        context.update(
            month=date(year, month, 1),
            previous_month=date(year, month, 1) - timedelta(days=1),
            next_month=date(year, month, 28) + timedelta(days=7),
            # Titles only: month-only events get full cards below the grid.
            weeks=weeks,
            month_is_empty=not any(
                day["occurrences"] for week in weeks for day in week if day["in_month"]
            ),
            # A day's "N more" link, once rather than per day.
            upcoming_url=page.get_url(request) + page.reverse_subpage("upcoming"),
            past_url=page.get_url(request) + page.reverse_subpage("past"),
            to_be_announced=list(
                occurrences.between(start, end).filter(month_only=True)
            ),
            weekday_names=[date(2024, 1, d) for d in range(1, 8)],
            today=today,
        )
        return context
    if view == "past":
        listing = occurrences.past(now)
    else:
        # Regular activities are listed once each, above, not every week.
        coming = visible.upcoming(now)
        listing = coming.one_off().for_listing()
    paginator = Paginator(listing, settings.EVENTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    context.update(
        page_obj=page_obj,
        days=day_groups(page_obj, None if view == "past" else today),
        current_month=today,
        today=today,
        tomorrow=today + timedelta(days=1),
    )
    if view != "past" and page_obj.number == 1:
        context.update(
            lead=lead_events(coming.major().for_listing(), today),
            series=series_entries(coming.each_series_once().for_listing()),
        )
    return context


@dataclass(frozen=True)
class BoardCell:
    """What is on at one anjungan on one day of a venue's board; `row` is the
    anjungan's row (1 for the first) in the grid at wide widths."""

    row: int
    venue: object
    occurrences: list


@dataclass(frozen=True)
class BoardDay:
    """One day of a venue's board: a cell per anjungan with something on."""

    day: date
    cells: list[BoardCell]


@dataclass(frozen=True)
class ProgrammeEntry:
    """One event of a venue's programme, once: its next occurrence and, for a
    series, its rule in words."""

    occurrence: object
    rule: str


def by_name(venues) -> list:
    return sorted(venues, key=lambda venue: (venue.name, venue.pk))


def venue_board(occurrences, today: date, days: int) -> tuple[list, list]:
    """The board of the `days` days from `today`: `(rows, board_days)`. Rows
    are the venues (anjungan) with something on, in name order; each day has
    a cell per such venue holding the occurrences that touch that day (one
    that runs over several days is on each of them), soonest first."""
    last = today + timedelta(days=days - 1)
    rows = by_name({occ.venue_id: occ.venue for occ in occurrences}.values())
    row_of = {venue.pk: n for n, venue in enumerate(rows, start=1)}
    cells = defaultdict(list)
    for occ in occurrences:
        day = max(occ.start_day, today)
        while day <= min(occ.end_day, last):
            cells[day, occ.venue_id].append(occ)
            day += timedelta(days=1)
    board = []
    for n in range(days):
        day = today + timedelta(days=n)
        board.append(
            BoardDay(
                day,
                [
                    BoardCell(row_of[venue.pk], venue, cells[day, venue.pk])
                    for venue in rows
                    if cells[day, venue.pk]
                ],
            )
        )
    return rows, board


def programme_by_venue(occurrences, pages: dict) -> list[tuple]:
    """(venue, its page or None, entries) per venue in name order: each
    event once, with its next date and, for a series, its rule in words."""
    groups = defaultdict(list)
    venues = {}
    for occ in occurrences:
        groups[occ.venue_id].append(ProgrammeEntry(occ, rule_of(occ.event)))
        venues[occ.venue_id] = occ.venue
    return [
        (venue, pages.get(venue.pk), groups[venue.pk])
        for venue in by_name(venues.values())
    ]


def venue_context(page, request):
    """PKOR's board and programme: what is still on or to come today, the
    BOARD_DAYS days from today (a rolling window, so a Sunday afternoon shows
    Sunday evening and the days after), and every event at the venue once,
    grouped by anjungan."""
    now = timezone.now()
    today = timezone.localdate(now)
    programme = Occurrence.objects.visible().venue_programme(
        page.venue, now, BOARD_DAYS
    )
    rows, board = venue_board(programme["window"], today, BOARD_DAYS)
    pavilions = list(
        page.get_children()
        .live()
        .public()
        .filter(locale_id=page.locale_id)
        .annotate(venue_pk=F("pavilionpage__venue"))
        .order_by("title")
    )
    url = page.get_full_url(request) or request.build_absolute_uri()
    return {
        "today": [occ for occ in programme["window"] if occ.start_day <= today],
        "board_rows": rows,
        "board_days": board,
        "programme": programme_by_venue(
            programme["next_of_each"], {p.venue_pk: p for p in pavilions}
        ),
        "pavilions": pavilions,
        "share_url": url,
        "whatsapp_url": "https://wa.me/?"
        + urlencode({"text": f"{page.title} {url}"}, quote_via=quote),
    }


def pavilion_context(page, request):
    """The anjungan's programme: its coming occurrences."""
    occurrences = (
        Occurrence.objects.visible()
        .at_venue(page.venue)
        .upcoming(timezone.now())
        .for_listing()
    )
    paginator = Paginator(occurrences, settings.EVENTS_PER_PAGE)
    return {"page_obj": paginator.get_page(request.GET.get("page"))}


def google_calendar_url(event, schedule: dates.Schedule, span) -> str:
    """A "create event" link for Google Calendar, filled with this occurrence;
    for a series, with its first date and its rule (`recur=RRULE:…`, as in the
    feeds), so the whole series is added. Google's link cannot say that a date
    of a series moved or was skipped: for such a series there is no link (the
    .ics download says it all)."""
    recur = ""
    if schedule.recurring:
        spans = dates.expand(schedule, timezone.get_default_timezone())
        if schedule.exceptions or not spans:
            return ""
        span = spans[0]
        rule = vRecur(dates.rrule_parts(schedule, timezone.get_default_timezone()))
        recur = "RRULE:" + rule.to_ical().decode()
    if span.all_day:
        fmt = "%Y%m%d"
        dates_param = f"{span.start:{fmt}}/{span.end:{fmt}}"
    else:
        fmt = "%Y%m%dT%H%M%S"
        dates_param = f"{timezone.localtime(span.start):{fmt}}/{timezone.localtime(span.end):{fmt}}"
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates_param,
        "ctz": settings.TIME_ZONE,
        "details": f"{event.summary}\n\n{event.full_url or ''}",
        "location": event.venue.full_address() if event.venue_id else "",
    }
    if recur:
        params["recur"] = recur
    return "https://calendar.google.com/calendar/render?" + urlencode(params)


RELATIONS = ("regency", "venue", "image", "social_image", "locale")


def _is_loaded(instance, name: str) -> bool:
    """Whether the foreign key `name` is empty or already fetched."""
    field = instance._meta.get_field(name)
    return getattr(instance, field.attname) is None or field.is_cached(instance)


def load_relations(event) -> None:
    """Fetch the event's regency, venue (with its parent and regency),
    images and locale in one query and attach them, instead of one query
    each when the template and the structured data first touch them. None
    when routing brought them already (`EventFolderPage.route_to_event`)."""
    venue = event.venue if _is_loaded(event, "venue") and event.venue_id else None
    if all(_is_loaded(event, name) for name in RELATIONS) and (
        venue is None or all(_is_loaded(venue, n) for n in ("parent", "regency"))
    ):
        return
    loaded = (
        type(event)
        .objects.filter(pk=event.pk)
        .select_related(*EVENT_PAGE_RELATIONS)
        .first()
    )
    if loaded is None:  # A preview of a page not saved yet.
        return
    for name in RELATIONS:
        if getattr(event, f"{name}_id") == getattr(loaded, f"{name}_id"):
            setattr(event, name, getattr(loaded, name))


def social_image_url(event, request) -> str:
    """The absolute URL of the picture search engines show for the event."""
    image = event.image if event.image_id else event.social_image
    url = renditions.rendition_url(image, IMAGE_SPEC) if image is not None else ""
    return request.build_absolute_uri(url or event.fallback_picture["url"])


def event_context(event, request, shown=10):
    """Dates, add-to-calendar links, related events and structured data."""
    load_relations(event)
    now = timezone.now()
    schedule = event.schedule()
    # The dates stored and listed: up to the horizon (the rule in words
    # says how far the series goes).
    spans = dates.expand(
        schedule, timezone.get_default_timezone(), Occurrence.horizon(now)
    )
    coming = [s for s in spans if s.end > now] or spans[-1:]
    calendar_page = event.get_parent().get_parent()
    next_span = next((s for s in coming if not s.cancelled), None)
    language = get_language() or settings.LANGUAGE_CODE
    related = Occurrence.objects.for_language(language).related_to(event, now)
    # Every size of every picture the page shows, in one query.
    prefetch_renditions(
        [event.image, event.social_image] + [o.event.image for o in related]
    )
    return {
        "occurrences": coming[:shown],
        "more_occurrences": max(len(coming) - shown, 0),
        # A cancelled event offers nothing to add.
        "google_calendar_url": google_calendar_url(event, schedule, next_span)
        if next_span and not event.month_only and not event.is_cancelled
        else "",
        # The rule in words, as the year view and the booklet say it; the
        # changed dates are marked in the list of dates.
        "schedule_words": rule_of(event),
        # Estimated dates from another calendar (Hijri, before the isbat).
        "provisional": [s for s in coming[:shown] if s.provisional],
        "related": related,
        "calendar_url": calendar_page.get_url(request) if calendar_page else "",
        "calendar_page": calendar_page,
        # Dated by the next occurrence that takes place: a series whose next
        # date alone is cancelled is not a cancelled event.
        "json_ld": event_json_ld(
            event_record(
                event,
                uid=event.uid,
                language=language,
                exceptions=(),
                confirmations=schedule.confirmations,
                tags=(),
                with_image=False,
                request=request,
            ),
            next_span or (coming[0] if coming else None),
            occurrences=coming[:shown] if schedule.by_rule else (),
            language=language,
            locality=event.venue.regency.seat if event.venue_id else "",
            image_url=social_image_url(event, request),
        ),
        "untranslated": not language.startswith(event.locale.language_code),
    }
