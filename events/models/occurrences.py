"""The read side of the calendar: one stored row per occurrence of a live event.

Every rule about which occurrences the public sees, and in what order, is a
method of `OccurrenceQuerySet`: the calendar views, brand and home pages,
feeds, the API, the year view, the booklet and the exports all read through
it. The rows are written by `events.publishing` only.
"""

from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import (
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Length, RowNumber, Substr
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction

from core.models import Regency
from core.query import analyze, analyze_all
from core.search import search_terms

from .. import records, search
from ..choices import EventCategory
from ..dates import Frequency
from .venues import Venue

# How often a regular activity repeats (OccurrenceQuerySet.series).
REGULAR_FREQUENCIES = (Frequency.WEEKLY, Frequency.MONTHLY)

# The pages that, unpublished, hide the events below them (by label: the
# occurrence table sits below the page models in the import order).
CONTAINER_PAGES = ("home.HomePage", "events.EventIndexPage", "events.EventFolderPage")


def locale_id(language_code: str) -> Subquery:
    """The id of the language's locale, as a subquery of the statement."""
    return Subquery(Locale.objects.filter(language_code=language_code).values("pk")[:1])


def day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the site's time zone."""
    return datetime.combine(day, time(), timezone.get_default_timezone())


class OccurrenceQuerySet(models.QuerySet):
    """Reads of the occurrence table. Occurrences exist only for live events."""

    # Who sees what.

    def public(self) -> "OccurrenceQuerySet":
        """Without events the public may not see although they are live: those
        under a view restriction (private, password, groups) and those under
        a calendar or folder that is not live (unpublished without its
        events). Such pages are few and found first, from small tables, so
        the usual case (none) adds no join and no per-row subquery to the
        occurrence query, whatever the calendar's size."""
        hidden = Q()
        for pk, page_path, numchild in hidden_pages():
            if numchild:
                hidden |= Q(event__path__startswith=page_path)
            else:
                hidden |= Q(event_id=pk)
        return self.exclude(hidden) if hidden else self

    def public_inline(self) -> "OccurrenceQuerySet":
        """The same rule as `public`, inside the query rather than read
        first: for a short list read once (an event page's related events),
        where a correlated lookup on the few candidate rows costs less than
        a query of its own. A page is hidden with its descendants, so the
        event is hidden when a hidden page's path begins its own."""
        restricted = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("event__path"), 1, Length("page__path"))
        )
        containers = ContentType.objects.get_for_models(
            *(apps.get_model(label) for label in CONTAINER_PAGES)
        ).values()
        unpublished = Page.objects.filter(
            live=False,
            content_type__in=containers,
            path=Substr(OuterRef("event__path"), 1, Length("path")),
        )
        return self.exclude(Exists(restricted)).exclude(Exists(unpublished))

    def for_language(self, language_code: str) -> "OccurrenceQuerySet":
        """Occurrences in this language, plus those of events not (yet)
        translated into it, in the default language. A locale's id is read
        by the same statement, once (an uncorrelated subquery): no lookup of
        it first, and the database still knows it is one value, so it walks
        the (locale, start) indexes. Joined to the locale table instead,
        PostgreSQL sorted every future row (540 ms at 100,000 events)."""
        default_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        if language_code == default_code:
            return self.filter(locale_id=locale_id(default_code))
        translated = Occurrence.objects.filter(
            locale_id=locale_id(language_code),
            translation_key=OuterRef("translation_key"),
        )
        return self.filter(
            Q(locale_id=locale_id(language_code))
            | Q(locale_id=locale_id(default_code)) & ~Exists(translated)
        )

    def visible(self, language: str | None = None) -> "OccurrenceQuerySet":
        """What the public sees in `language` (the active one by default)."""
        return self.public().for_language(
            language or get_language() or settings.LANGUAGE_CODE
        )

    # When.

    def upcoming(self, now: datetime, inline: bool = False) -> "OccurrenceQuerySet":
        """Occurrences not over yet, soonest first. The lower bound on the
        start adds nothing to the result but lets the database walk the start
        index from there and stop at the page's last row, instead of sorting
        every future row. It is the start of `now`'s day, or earlier when
        something that began on an earlier day is still running: such an
        occurrence spans several days, so it is found in the small multi-day
        index, not by scanning everything that ends after `now`. `inline`
        puts that bound in the query instead of reading it first."""
        today = day_start(timezone.localdate(now))
        began_earlier = Occurrence.objects.filter(
            end_day__gt=F("start_day"), start__lt=today, end__gt=now
        ).order_by()
        if inline:
            # The bound as a subquery the database works out once.
            since = Coalesce(
                Subquery(began_earlier.order_by("start").values("start")[:1]),
                Value(today),
            )
        else:
            since = began_earlier.aggregate(since=Min("start"))["since"] or today
        return self.filter(end__gt=now, start__gte=since).order_by("start", "pk")

    def past(self, now: datetime) -> "OccurrenceQuerySet":
        return self.filter(end__lte=now).order_by("-start", "-pk")

    def between(self, start: datetime, end: datetime) -> "OccurrenceQuerySet":
        """Occurrences that touch the half-open range [start, end)."""
        return self.filter(start__lt=end, end__gt=start).order_by("start", "pk")

    def in_year(self, year: int) -> "OccurrenceQuerySet":
        """Those starting in `year`, loading in the same query everything a
        year entry (events.annual) shows."""
        start, end = day_start(date(year, 1, 1)), day_start(date(year + 1, 1, 1))
        return (
            self.filter(start__gte=start, start__lt=end)
            .select_related("event", "regency", "venue", "venue__parent")
            .defer("event__description", "event__ical_component")
            .order_by("start", "pk")
        )

    # Which.

    def in_regency(self, regency) -> "OccurrenceQuerySet":
        if regency == "province":
            return self.filter(regency__isnull=True)
        return self.filter(regency=regency)

    def in_category(self, category: str) -> "OccurrenceQuerySet":
        return self.filter(category=category)

    def at_venue(self, venue) -> "OccurrenceQuerySet":
        """At the venue or one of its pavilions: their ids looked up first, so
        the database reads the venue index instead of joining every row."""
        ids = Venue.objects.filter(Q(pk=venue.pk) | Q(parent=venue.pk)).values_list(
            "pk", flat=True
        )
        return self.filter(venue_id__in=list(ids))

    def tagged(self, tag_slug: str) -> "OccurrenceQuerySet":
        return self.filter(event__tagged_items__tag__slug=tag_slug)

    def free(self) -> "OccurrenceQuerySet":
        return self.filter(is_free=True)

    def series(self) -> "OccurrenceQuerySet":
        """Occurrences of regular activities (`Occurrence.kind`)."""
        return self.filter(series=True)

    def one_off(self) -> "OccurrenceQuerySet":
        """Occurrences of everything but regular activities."""
        return self.filter(series=False)

    def major(self) -> "OccurrenceQuerySet":
        """The events the calendar leads with (`Occurrence.kind`), not
        cancelled."""
        return self.filter(major=True, cancelled=False)

    def matching(self, query: str) -> "OccurrenceQuerySet":
        """The occurrences of live events whose text matches `query`: the
        words are matched once, here, and each statement filters by what
        they matched (events.search)."""
        event_model = self.model._meta.get_field("event").related_model
        return self.filter(
            search.event_filter(search_terms(query), event_model.objects.live())
        )

    def filtered(
        self,
        *,
        regency=None,
        category: str = "",
        venue=None,
        tag: str = "",
        free: bool = False,
        start: date | None = None,
        end: date | None = None,
        q: str = "",
    ) -> "OccurrenceQuerySet":
        """Narrowed by the public calendar's filters (`EventFilterForm.filters`):
        `regency` is a Regency or "province"; `start` and `end` are days."""
        occurrences = self
        if regency is not None:
            occurrences = occurrences.in_regency(regency)
        if category:
            occurrences = occurrences.in_category(category)
        if venue is not None:
            occurrences = occurrences.at_venue(venue)
        if tag:
            occurrences = occurrences.tagged(tag)
        if free:
            occurrences = occurrences.free()
        if start:
            occurrences = occurrences.filter(end__gt=day_start(start))
        if end:
            occurrences = occurrences.filter(
                start__lt=day_start(end + timedelta(days=1))
            )
        if q:
            occurrences = occurrences.matching(q)
        return occurrences

    # Shapes the pages show.

    def for_listing(self) -> "OccurrenceQuerySet":
        return self.select_related(
            "event", "event__image", "regency", "venue", "venue__parent", "locale"
        ).defer("event__description", "event__ical_component")

    def next_of_each_event(self, now: datetime) -> "OccurrenceQuerySet":
        """Each event's next occurrence only (not every week of a weekly
        activity), soonest first: one correlated lookup per row, for the
        short lists of a brand page."""
        next_of_event = (
            Occurrence.objects.filter(event_id=OuterRef("event_id"), end__gt=now)
            .order_by("start", "pk")
            .values("pk")[:1]
        )
        return self.upcoming(now).filter(pk=Subquery(next_of_event))

    def count_events_to_come(self, now: datetime) -> int:
        """How many events have an occurrence to come, each database its
        fastest way (86,000 events): PostgreSQL counts distinct in memory
        (34 ms; grouped, it hashed them to disk: 51), SQLite counts the
        distinct rows (35 ms; COUNT(DISTINCT) filled a temporary tree: 190)."""
        to_come = self.upcoming(now).order_by()
        if connection.vendor == "postgresql":
            return to_come.aggregate(n=Count("event_id", distinct=True))["n"]
        return to_come.values("event_id").distinct().count()

    def next_starts_slice(
        self, now: datetime, start: int, stop: int, chunk: int = 0
    ) -> list[dict]:
        """The `start`th to `stop`th events to come as `{event_id,
        next_start}`, read in date order a chunk at a time until `stop` are
        seen. Limited, not a cursor: PostgreSQL plans a cursor for a tenth of
        its rows, and sorted all 86,000 to come (68 ms, now 0.3)."""
        seen: dict[int, datetime] = {}
        rows = self.upcoming(now).order_by("start", "event_id")
        chunk, offset = chunk or max(stop * 4, 100), 0
        while len(seen) < stop:
            batch = rows.values_list("event_id", "start")[offset : offset + chunk]
            for event_id, begins in batch:
                seen.setdefault(event_id, begins)
            if len(batch) < chunk:
                break
            offset += chunk
        return [
            {"event_id": event_id, "next_start": begins}
            for event_id, begins in list(seen.items())[start:stop]
        ]

    def at_starts(self, starts) -> list["Occurrence"]:
        """The occurrences at these `next_starts_slice` rows, in their order."""
        starts = list(starts)
        if not starts:
            return []
        wanted = Q()
        for row in starts:
            wanted |= Q(event_id=row["event_id"], start=row["next_start"])
        found = {(o.event_id, o.start): o for o in self.filter(wanted).for_listing()}
        return [
            found[key]
            for key in ((r["event_id"], r["next_start"]) for r in starts)
            if key in found
        ]

    def each_series_once(self) -> "OccurrenceQuerySet":
        """Each regular activity (`series`) once, at its first occurrence in
        this queryset, soonest first: for an upcoming list, its next date
        that the list's filters let through (a list of one Saturday shows
        that Saturday's date, not the next week's). Ranked by the database
        over the series' occurrences only, by key: ranked with the joins of
        `for_listing`, SQLite carried every page's columns through the
        window for each coming week of each series, to keep a dozen rows."""
        first = Window(
            RowNumber(), partition_by=F("event_id"), order_by=(F("start"), F("pk"))
        )
        firsts = (
            self.series()
            .annotate(rank_in_series=first)
            .filter(rank_in_series=1)
            .values("pk")
        )
        # The outer query keeps the filters too: given only the keys,
        # PostgreSQL hashed every occurrence (100,000) to find a dozen.
        return self.series().filter(pk__in=firsts).order_by("start", "pk")

    def shown_for_events(
        self, event_ids: list[int], now: datetime
    ) -> dict[int, "Occurrence"]:
        """Each of these events' next occurrence, or its last one when all are
        over, by event id: the date a search result shows. Two short queries
        (one for the coming, one for the ended), whatever the calendar holds."""
        if not event_ids:
            return {}
        rows = self.filter(event_id__in=event_ids).for_listing()
        shown = {o.event_id: o for o in rows.next_of_each_event(now)}
        ended = [pk for pk in event_ids if pk not in shown]
        if ended:
            last_of_event = (
                Occurrence.objects.filter(event_id=OuterRef("event_id"))
                .order_by("-start", "-pk")
                .values("pk")[:1]
            )
            for occurrence in rows.filter(
                event_id__in=ended, pk=Subquery(last_of_event)
            ):
                shown[occurrence.event_id] = occurrence
        return shown

    def first_of_each_event(self, limit: int, scan: int = 4) -> list["Occurrence"]:
        """The first occurrence of each of the first `limit` events in this
        (ordered) queryset, from its first `limit * scan` rows: for the home
        page's highlights and RSS, where a weekly activity must not fill
        every place."""
        seen, picked = set(), []
        for occurrence in self[: limit * scan]:
            if occurrence.event_id not in seen:
                seen.add(occurrence.event_id)
                picked.append(occurrence)
        return picked[:limit]

    def highlights(self, now: datetime, limit: int) -> list["Occurrence"]:
        """The home page's upcoming highlight events, one occurrence each."""
        return (
            self.filter(highlight=True, cancelled=False)
            .upcoming(now)
            .for_listing()
            .first_of_each_event(limit)
        )

    def regency_upcoming(self, regency, now: datetime, limit: int) -> list:
        """A regency's next events, each once, for its brand page."""
        return list(
            self.in_regency(regency).next_of_each_event(now).for_listing()[:limit]
        )

    def related_to(self, event, now: datetime, limit: int = 3, scan: int = 60):
        """Up to `limit` other coming events like `event`, for its page: those
        sharing its regency, category or a tag, the ones sharing more first,
        then the soonest. Each once at its next date, never `event` itself
        (in any language). Chosen from the first `scan` matching coming
        occurrences, so the cost does not grow with the calendar. One query:
        who may see them and from when they are coming are worked out in it
        (`public_inline`, `upcoming(inline=True)`), so call it on occurrences
        not yet narrowed by `public`."""
        # Subqueries, not queries of their own: the page's query count stays.
        tagged = (
            type(event)
            .objects.filter(
                tagged_items__tag_id__in=event.tagged_items.values("tag_id")
            )
            .values("translation_key")
        )
        alike = Q(category=event.category) | Q(translation_key__in=tagged)
        if event.regency_id:
            alike |= Q(regency_id=event.regency_id)
        candidates = (
            self.filter(alike, cancelled=False)
            .exclude(translation_key=event.translation_key)
            .public_inline()
            .upcoming(now, inline=True)
            .annotate(
                tagged=Exists(
                    tagged.filter(translation_key=OuterRef("translation_key"))
                )
            )
            .for_listing()[:scan]
        )
        nearest = {}
        for occurrence in candidates:  # soonest first: each event's next date
            nearest.setdefault(occurrence.event_id, occurrence)

        def likeness(occurrence) -> int:
            return (
                (
                    occurrence.regency_id == event.regency_id
                    and event.regency_id is not None
                )
                + (occurrence.category == event.category)
                + occurrence.tagged
            )

        ranked = sorted(nearest.values(), key=lambda o: (-likeness(o), o.start, o.pk))
        return ranked[:limit]

    def venue_programme(self, venue, now: datetime, days: int) -> dict:
        """What is on at a venue (and its pavilions), in two fixed-size reads:
        `window`, every occurrence still on or to come from `now` to the end of
        the `days`-day window that starts today (a rolling window, not the
        calendar week), dated ones only; `next_of_each`, each event's next
        occurrence at the venue, however far ahead, for the programme."""
        today = timezone.localdate(now)
        here = self.at_venue(venue).filter(month_only=False)
        window = list(
            here.upcoming(now)
            .filter(start__lt=day_start(today + timedelta(days=days)))
            .for_listing()
            .select_related("venue__regency")
        )
        next_of_each = list(
            here.next_of_each_event(now).for_listing().select_related("venue__regency")
        )
        return {"window": window, "next_of_each": next_of_each}

    def month_grid_rows(self, first: date, last: date, per_day: int):
        """The month grid's rows, from lean queries whose size does not grow
        with the calendar: `(ranked, running)`. `ranked` maps the pk of each
        of the first `per_day` occurrences starting on each day to how many
        start that day (ranked and counted by the database from the index
        alone); `running` are the multi-day ones that continue onto later
        days of the month."""
        by_day = {"partition_by": F("start_day")}
        ranked = dict(
            self.filter(start_day__gte=first, start_day__lte=last, month_only=False)
            .annotate(
                day_rank=Window(RowNumber(), order_by=(F("start"), F("pk")), **by_day),
                day_count=Window(Count("pk"), **by_day),
            )
            .filter(day_rank__lte=per_day)
            .order_by()
            .values_list("pk", "day_count")
        )
        # The few multi-day ones, by key: PostgreSQL cannot tell from its
        # statistics that `end_day > start_day` is rare, guessed thousands
        # and hashed every page to join their titles (68 ms at 100,000).
        running_ids = self.filter(
            end_day__gt=F("start_day"),
            start_day__lt=last,
            end_day__gte=first,
            month_only=False,
        ).values_list("pk", flat=True)
        running = self.model.objects.filter(pk__in=list(running_ids))
        return ranked, running.order_by("start", "pk")

    def events(self):
        """The events (`EventPage`) these occurrences belong to, each once."""
        event_model = self.model._meta.get_field("event").related_model
        return event_model.objects.filter(pk__in=self.order_by().values("event_id"))


def hidden_pages() -> list[tuple[int, str, int]]:
    """(pk, path, numchild) of the pages whose events the public may not see:
    view-restricted pages, and calendars and folders that are not live. One
    query driven by the restriction table and the content-type index."""
    containers = ContentType.objects.get_for_models(
        *(apps.get_model(label) for label in CONTAINER_PAGES)
    ).values()
    pages = Page.objects.order_by().values_list("pk", "path", "numchild")
    return list(
        pages.filter(pk__in=PageViewRestriction.objects.values("page_id")).union(
            pages.filter(live=False, content_type__in=containers)
        )
    )


def is_hidden(page: Page) -> bool:
    """Whether the public may not see this live page: it or an ancestor is
    view-restricted, or a calendar or folder above it is not live."""
    return any(page.path.startswith(path) for _pk, path, _n in hidden_pages())


class Occurrence(models.Model):
    """One expanded occurrence of a live event, so listings read one indexed
    table. Rebuilt whenever its event is published, unpublished, moved or
    deleted, and extended daily by `refresh_occurrences`."""

    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="occurrences"
    )
    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    translation_key = models.UUIDField()
    start = models.DateTimeField()
    end = models.DateTimeField()
    # The first and last local days it touches (the end is exclusive, so an
    # evening ending at midnight stays on its own day): the month grid groups
    # by day in the database, without a time-zone conversion per row.
    start_day = models.DateField()
    end_day = models.DateField()
    all_day = models.BooleanField(default=False)
    month_only = models.BooleanField(default=False)
    cancelled = models.BooleanField(default=False)
    moved = models.BooleanField(default=False)
    note = models.CharField(max_length=200, blank=True)
    original_start = models.DateTimeField(null=True, blank=True)
    # A date from another calendar's rule (events.dates.rule_dates): that
    # calendar's year, and whether it waits for the official decision.
    rule_year = models.IntegerField(null=True, blank=True)
    provisional = models.BooleanField(default=False)
    regency = models.ForeignKey(
        Regency, on_delete=models.CASCADE, null=True, related_name="+"
    )
    category = models.CharField(max_length=30, choices=EventCategory.choices)
    venue = models.ForeignKey(
        Venue, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_free = models.BooleanField(default=True)
    # The event is among the home page's highlights (copied like the filters
    # above, so the home page finds the few without joining every event).
    highlight = models.BooleanField(default=False)
    # How the calendar lists it (`kind`, fixed when the event is published):
    # a regular activity once per list, a major event at the top.
    series = models.BooleanField(default=False)
    major = models.BooleanField(default=False)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("occurrence")
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["locale", "end", "start"]),
            # What ends after a moment, in every language (feeds, API).
            models.Index(fields=["end", "start"]),
            # The month grid (OccurrenceQuerySet.month_grid_rows): each day's first
            # occurrences ranked from the index alone, and the few multi-day
            # and month-only ones found without scanning the month.
            models.Index(fields=["locale", "start_day", "start", "month_only"]),
            models.Index(
                fields=["locale", "end_day", "start_day"],
                condition=Q(end_day__gt=F("start_day")),
                name="events_occurrence_multi_day",
            ),
            # What began on an earlier day and is still running
            # (OccurrenceQuerySet.upcoming): multi-day occurrences only.
            models.Index(
                fields=["end", "start"],
                condition=Q(end_day__gt=F("start_day")),
                name="events_occurrence_running",
            ),
            models.Index(
                fields=["locale", "start"],
                condition=Q(month_only=True),
                name="events_occurrence_month_only",
            ),
            models.Index(
                fields=["locale", "start"],
                condition=Q(highlight=True),
                name="events_occurrence_highlight",
            ),
            models.Index(
                fields=["locale", "start", "end", "major", "event"],
                condition=Q(major=True),
                name="events_occurrence_major",
            ),
            # Upcoming one-off events (the list's count and pages), and the
            # few occurrences of regular activities (listed once each): one
            # partial index each, as the conditions read `NOT series` and
            # `series`, which SQLite matches to a partial index but not to
            # an index on the column. The flag is in the index too, so that
            # a count reads the index alone, which is what makes SQLite's
            # planner take it once it has statistics (core.query); so is the
            # event, so that a count narrowed by a search does too (141 ms
            # instead of 9 for 86,000 rows when each was read from the table).
            models.Index(
                fields=["locale", "start", "end", "series", "event"],
                condition=Q(series=False),
                name="events_occurrence_one_off",
            ),
            models.Index(
                fields=["locale", "start", "end", "series", "event"],
                condition=Q(series=True),
                name="events_occurrence_series",
            ),
            models.Index(fields=["locale", "start"]),
            models.Index(fields=["regency", "start"]),
            models.Index(fields=["category", "start"]),
            models.Index(fields=["venue", "start"]),
            models.Index(fields=["translation_key"]),
            # Whether an event is over (events.planning): its last day.
            models.Index(fields=["event", "end_day"]),
        ]

    def __str__(self):
        return f"{self.event_id} @ {self.start:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # Rows are normally bulk-created by events.publishing, which
        # sets the days; a row saved on its own gets them here.
        self.start_day, self.end_day = self.local_days(self.start, self.end)
        super().save(*args, **kwargs)

    @staticmethod
    def kind(event, start_day: date, end_day: date) -> dict[str, bool]:
        """How the calendar lists an occurrence of `event`. A regular activity
        (`series`) repeats every week or month; a festival held every year is
        not one: each edition is an event of its own. A major event is any
        other that is a highlight, proposed for Kharisma Event Nusantara, or
        runs over several days (a festival, or a month whose dates are to be
        announced)."""
        series = event.recurrence_frequency in REGULAR_FREQUENCIES
        major = not series and (
            event.highlight or event.ken_nominated or end_day > start_day
        )
        return {"series": series, "major": major}

    @staticmethod
    def horizon(now: datetime) -> datetime:
        """The latest start stored, listed and shown: EVENTS_HORIZON_DAYS
        ahead of `now`, moved on daily by `refresh_occurrences`. Every
        occurrence up to it is kept, however many a series has."""
        return records.horizon(now)

    @staticmethod
    def local_days(start: datetime, end: datetime) -> tuple[date, date]:
        """The first and last local calendar days of [start, end)."""
        first = timezone.localtime(start).date()
        if end <= start:
            return first, first
        return first, (timezone.localtime(end) - timedelta(microseconds=1)).date()

    @property
    def last_day(self) -> date:
        return self.local_days(self.start, self.end)[1]

    @property
    def local_start(self) -> datetime:
        return timezone.localtime(self.start)

    @property
    def local_end(self) -> datetime:
        return timezone.localtime(self.end)


class CalendarVersion(models.Model):
    """How often, and when last, anything the public calendar's feeds show
    changed. One row; its number is part of every feed's ETag and cache key
    (events.versions), bumped on publish, unpublish, move and deletion."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("calendar version")

    def __str__(self):
        return f"{self.number} ({self.changed_at:%Y-%m-%d %H:%M})"


def refresh_statistics() -> None:
    """Fresh planner statistics for what the calendar's listings and search
    read (core.query): after bulk inserts and daily (refresh_occurrences);
    about 1 s at 100,000 events."""
    from wagtail.search.models import IndexEntry

    events = Occurrence._meta.get_field("event").related_model
    if connection.vendor == "postgresql":
        # Autovacuum may be off or behind a bulk load: unanalysed, PostgreSQL
        # guessed 5,920 pages for 100,145 (`?q=Metro` 630 ms; 140 ms after).
        analyze_all()
    else:
        # SQLite: never the page tree (core.query.analyze).
        analyze(Occurrence, events, IndexEntry)
