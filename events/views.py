"""Glue between requests and the calendar's querysets: contexts for the
calendar routes, venue pages and the blocks other apps embed."""

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext

from wagtail.models import Page

from core.models import Regency

from .forms import EventFilterForm
from .models import EventStatus, Occurrence, Venue, day_start

HIGHLIGHTS = 6
UPCOMING_ON_PAGES = 5
# A day cell lists at most this many events and links to the rest: a busy
# Saturday at PKOR stays readable and a month of 10,000 events renders fast.
MAX_PER_DAY = 8
# How far ahead a venue page looks after this week.
COMING_DAYS = 31


def visible_occurrences():
    """Every occurrence the public may see, in the current language."""
    return Occurrence.objects.public().for_language(
        get_language() or settings.LANGUAGE_CODE
    )


def filter_form(request):
    regencies = list(Regency.objects.order_by("name"))
    venues = list(Venue.objects.select_related("parent").order_by("parent_id", "name"))
    form = EventFilterForm(request.GET or None, regencies, venues)
    if form.is_bound:
        form.is_valid()
    return form


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
    the slug: one Wagtail URL lookup per folder rather than per event."""

    def __init__(self, request):
        self.request = request
        self.language = get_language() or settings.LANGUAGE_CODE
        self.folders = {}

    def folder_url(self, url_path: str) -> str:
        if url_path not in self.folders:
            self.folders[url_path] = Page(url_path=url_path).get_url(self.request)
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


def month_grid(visible, year: int, month: int, request=None) -> list[list[dict]]:
    """The month grid from lean queries whose size does not grow with the
    calendar: the first few occurrences starting on each day, ranked and
    counted by the database (a busy month holds thousands), and the
    multi-day ones that continue onto later days."""
    start = day_start(date(year, month, 1))
    end = day_start(date(year + month // 12, month % 12 + 1, 1))
    first, last = start.date(), (end - timedelta(days=1)).date()
    # Ranked from the index alone (no join), then only the shown rows loaded.
    by_day = {"partition_by": F("start_day")}
    ranked = dict(
        visible.filter(start_day__gte=first, start_day__lte=last, month_only=False)
        .annotate(
            day_rank=Window(RowNumber(), order_by=(F("start"), F("pk")), **by_day),
            day_count=Window(Count("pk"), **by_day),
        )
        .filter(day_rank__lte=MAX_PER_DAY)
        .order_by()
        .values_list("pk", "day_count")
    )
    entries = GridEntries(request)
    starting = []
    for row in (
        Occurrence.objects.filter(pk__in=ranked)
        .order_by("start", "pk")
        .values(*GRID_FIELDS)
    ):
        entry = entries.entry(row)
        entry.day_count = ranked[entry.pk]
        starting.append(entry)
    running = (
        visible.filter(
            end_day__gt=F("start_day"),
            start_day__lt=last,
            end_day__gte=first,
            month_only=False,
        )
        .order_by("start", "pk")
        .values(*GRID_FIELDS)
    )
    return month_weeks(year, month, starting, [entries.entry(r) for r in running])


def calendar_context(page, request, view, kwargs):
    now = timezone.now()
    form = filter_form(request)
    visible = form.apply(visible_occurrences())
    occurrences = visible.for_listing()
    context = {"form": form, "view": view, "now": now, "filters": form.active_filters()}
    params = request.GET.copy()
    params.pop("page", None)
    context["query_string"] = params.urlencode()
    if view == "month":
        year, month = kwargs["year"], kwargs["month"]
        start = day_start(date(year, month, 1))
        end = day_start(date(year + month // 12, month % 12 + 1, 1))
        context.update(
            month=date(year, month, 1),
            previous_month=date(year, month, 1) - timedelta(days=1),
            next_month=date(year, month, 28) + timedelta(days=7),
            # Titles only: month-only events get full cards below the grid.
            weeks=month_grid(visible, year, month, request),
            # A day's "N more" link, once rather than per day.
            upcoming_url=page.get_url(request) + page.reverse_subpage("upcoming"),
            past_url=page.get_url(request) + page.reverse_subpage("past"),
            to_be_announced=list(
                occurrences.between(start, end).filter(month_only=True)
            ),
            weekday_names=[date(2024, 1, d) for d in range(1, 8)],
            today=timezone.localdate(),
        )
        return context
    listing = occurrences.past(now) if view == "past" else occurrences.upcoming(now)
    paginator = Paginator(listing, settings.EVENTS_PER_PAGE)
    context["page_obj"] = paginator.get_page(request.GET.get("page"))
    context["current_month"] = timezone.localdate()
    return context


def brand_events_context(regency, locale_id, limit=UPCOMING_ON_PAGES):
    """A regency's next live public occurrences, its calendar and its
    anjungan, for its brand page."""
    from .models import EventIndexPage, PavilionPage

    upcoming = list(
        visible_occurrences()
        .in_regency(regency)
        .upcoming(timezone.now())
        .for_listing()[:limit]
    )
    # Ordered by id, not Wagtail's path: with a few pages of a type among
    # 100,000 events, SQLite would otherwise walk the whole page tree.
    calendar_page = (
        EventIndexPage.objects.live().filter(locale_id=locale_id).order_by("pk").first()
    )
    pavilion = (
        PavilionPage.objects.live()
        .public()
        .filter(regency=regency, locale_id=locale_id)
        .order_by("pk")
        .first()
    )
    return {
        "upcoming": upcoming,
        "calendar_url": calendar_page.url if calendar_page else "",
        "pavilion": pavilion,
    }


def highlights(request, limit=HIGHLIGHTS):
    """Upcoming highlight events for the home page; one occurrence per event."""
    rows = (
        visible_occurrences()
        .filter(highlight=True, cancelled=False)
        .upcoming(timezone.now())
        .for_listing()[: limit * 4]
    )
    seen, picked = set(), []
    for occ in rows:
        if occ.event_id not in seen:
            seen.add(occ.event_id)
            picked.append(occ)
    return picked[:limit]


def venue_context(page, request):
    """What is on at the venue and each of its pavilions this week, and in the
    month after (a month from today, so the last days of a calendar month
    still look ahead)."""
    today = timezone.localdate()
    week_end = today + timedelta(days=7 - today.weekday())
    month_end = max(today + timedelta(days=COMING_DAYS), week_end)
    occurrences = list(
        visible_occurrences()
        .at_venue(page.venue)
        .upcoming(day_start(today))
        .filter(start__lt=day_start(month_end))
        .for_listing()
    )
    week_limit = day_start(week_end)
    return {
        "this_week": [o for o in occurrences if o.start < week_limit],
        "this_month": [o for o in occurrences if o.start >= week_limit],
        "pavilions": page.get_children()
        .live()
        .public()
        .filter(locale_id=page.locale_id)
        .specific()
        .order_by("title"),
    }


def pavilion_context(page, request):
    """The anjungan's programme: its coming occurrences."""
    occurrences = (
        visible_occurrences()
        .at_venue(page.venue)
        .upcoming(timezone.now())
        .for_listing()
    )
    paginator = Paginator(occurrences, settings.EVENTS_PER_PAGE)
    return {"page_obj": paginator.get_page(request.GET.get("page"))}


def google_calendar_url(event, span) -> str:
    """A "create event" link for Google Calendar, filled with this occurrence."""
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
    return "https://calendar.google.com/calendar/render?" + urlencode(params)


def load_relations(event) -> None:
    """Fetch the event's regency, venue (with its parent and regency), image
    and locale in one query and attach them, instead of one query each when
    the template and the structured data first touch them."""
    from .models import EventPage

    loaded = (
        EventPage.objects.filter(pk=event.pk)
        .select_related("regency", "venue__parent", "venue__regency", "image", "locale")
        .first()
    )
    if loaded is None:  # A preview of a page not saved yet.
        return
    for name in ("regency", "venue", "image", "locale"):
        if getattr(event, f"{name}_id") == getattr(loaded, f"{name}_id"):
            setattr(event, name, getattr(loaded, name))


def event_context(event, request, shown=10):
    """Dates, add-to-calendar links, related events and structured data."""
    from .structured_data import event_json_ld

    load_relations(event)
    now = timezone.now()
    spans = event.spans()
    coming = [s for s in spans if s.end > now] or spans[-1:]
    calendar_page = event.get_parent().get_parent()
    next_span = next((s for s in coming if not s.cancelled), None)
    related = (
        visible_occurrences()
        .filter(category=event.category, cancelled=False)
        .exclude(event_id=event.pk)
        .upcoming(now)
        .for_listing()[:3]
    )
    language = get_language() or settings.LANGUAGE_CODE
    return {
        "occurrences": coming[:shown],
        "more_occurrences": max(len(coming) - shown, 0),
        "google_calendar_url": google_calendar_url(event, next_span)
        if next_span and not event.month_only
        else "",
        "related": related,
        "calendar_url": calendar_page.url if calendar_page else "",
        # Dated by the next occurrence that takes place: a series whose next
        # date alone is cancelled is not a cancelled event.
        "json_ld": event_json_ld(
            event, next_span or (coming[0] if coming else None), request, language
        ),
        "untranslated": not language.startswith(event.locale.language_code),
    }
