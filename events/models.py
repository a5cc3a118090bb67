"""The provincial calendar: venues, event folders, events and their occurrences."""

import hashlib
import uuid
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, Min, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable, Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.models import BasePage, Regency
from core.search import search_terms

from . import dates
from .forms import EventPageForm


class EventCategory(models.TextChoices):
    CULTURE = "culture", _("culture and custom")
    TOURISM = "tourism", _("tourism")
    CREATIVE_ECONOMY = "creative_economy", _("creative economy")
    SPORT_TOURISM = "sport_tourism", _("sport tourism")
    EDUCATION_ENVIRONMENT = "education_environment", _("education and environment")
    RELIGIOUS = "religious", _("religious")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    POSTPONED = "postponed", _("postponed")
    RESCHEDULED = "rescheduled", _("rescheduled")
    CANCELLED = "cancelled", _("cancelled")
    MOVED_ONLINE = "moved_online", _("moved online")


class DatePrecision(models.TextChoices):
    EXACT = "exact", _("exact date")
    MONTH = "month", _("month only, date to be announced")


class Frequency(models.TextChoices):
    NONE = "", _("does not repeat")
    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")
    YEARLY = "yearly", _("yearly")


class MonthlyBy(models.TextChoices):
    DAY_OF_MONTH = "day", _("on the same day of the month")
    NTH_WEEKDAY = "weekday", _("on the same weekday (e.g. second Saturday)")


class ExceptionAction(models.TextChoices):
    SKIP = "skip", _("skip (not held, not shown)")
    CANCEL = "cancel", _("cancel (shown as cancelled)")
    MOVE = "move", _("move to another date")


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class Venue(index.Indexed, models.Model):
    """A place where events happen. PKOR Way Halim is a venue whose anjungan
    (pavilions) are venues inside it."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("inside venue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("For an anjungan: the PKOR Way Halim venue."),
    )
    regency = models.ForeignKey(
        Regency,
        verbose_name=_("regency"),
        on_delete=models.PROTECT,
        related_name="venues",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("regency"),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        FieldPanel("capacity"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self):
        return f"{self.parent.name} · {self.name}" if self.parent_id else self.name

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A venue cannot be inside itself.")})

    @property
    def map_url(self):
        """OpenStreetMap at the venue's position, or a search for its address
        when the position is not known."""
        if self.latitude is None or self.longitude is None:
            if not self.address:
                return ""
            query = urlencode({"query": f"{self.full_address()}, Lampung"})
            return f"https://www.openstreetmap.org/search?{query}"
        return f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}#map=16/{self.latitude}/{self.longitude}"

    def full_address(self):
        return ", ".join(p for p in (self.name, self.address) if p)


class EventIndexPage(RoutablePageMixin, BasePage):
    """The shared provincial calendar. Its children are one event folder per
    regency and one for province-level events."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventFolderPage"]
    max_count_per_parent = 1

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("calendar")

    def get_context(self, request, *args, **kwargs):
        from .views import calendar_context

        context = super().get_context(request, *args, **kwargs)
        if kwargs.get("view") == "year":
            from .annual import year_context

            context.update(year_context(self, request, kwargs["year"]))
            return context
        context.update(
            calendar_context(self, request, kwargs.get("view", "list"), kwargs)
        )
        return context

    @path("", name="upcoming")
    def upcoming_view(self, request):
        return self.render(request, view="list")

    @path("past/", name="past")
    def past_view(self, request):
        return self.render(request, view="past")

    @path("month/", name="this_month")
    def this_month_view(self, request):
        today = timezone.localdate()
        url = self.url + self.reverse_subpage("month", args=[today.year, today.month])
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url)

    @path("<int:year>/<int:month>/", name="month")
    def month_view(self, request, year, month):
        if not (1 <= month <= 12 and dates.EARLIEST_YEAR <= year <= 2100):
            raise Http404
        return self.render(request, view="month", year=year, month=month)

    @path("<int:year>/", name="year")
    def year_view(self, request, year):
        if not dates.EARLIEST_YEAR <= year <= 2100:
            raise Http404
        return self.render(request, view="year", year=year, template="events/year.html")

    @path("<int:year>/booklet/", name="booklet")
    def booklet_view(self, request, year):
        from .booklet import serve_booklet

        latest = timezone.localdate().year + dates.LATEST_YEAR_AHEAD
        if not dates.EARLIEST_YEAR <= year <= latest:
            raise Http404
        return serve_booklet(request, year)

    @path("ical/", name="ical")
    def ical_view(self, request):
        """The iCal feed of the calendar's filters (also at events:feed)."""
        from django.utils.translation import get_language

        from .feeds import FeedQuery, serve_feed

        return serve_feed(
            request, FeedQuery.from_request(request.GET, language=get_language())
        )

    @path("langganan/", name="subscribe_help")
    def subscribe_help_view(self, request):
        from .feeds import subscribe_help

        return subscribe_help(self, request)

    def month_url(self, day: date) -> str:
        return self.url + self.reverse_subpage("month", args=[day.year, day.month])


class EventFolderPage(BasePage):
    """Holds the events of one regency (or of the province when no regency is
    set). Permissions on this folder decide who may add events."""

    regency = models.ForeignKey(
        Regency,
        verbose_name=_("regency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_folders",
        help_text=_("Leave empty for the province's own events."),
    )

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = ["events.EventPage"]
    unique_per_locale = ["regency"]

    content_panels = [*BasePage.content_panels, FieldPanel("regency")]

    class Meta:
        verbose_name = _("event folder")

    def route(self, request, path_components):
        # Unpublished on its own, a folder hides its events, which stay live.
        if not self.live:
            raise Http404
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        calendar = self.get_parent()
        query = (
            f"?regency={self.regency.slug}" if self.regency_id else "?regency=provinsi"
        )
        return redirect(calendar.url + query)


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class EventPageQuerySet(PageQuerySet):
    def in_regency(self, regency) -> "EventPageQuerySet":
        return self.filter(regency=regency)


class EventPage(BasePage):
    """One event: a one-off day, a multi-day festival or a recurring activity.
    Lives in its regency's folder; goes live through the moderation workflow."""

    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="events",
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences for listings, feeds and search results."),
    )
    description = RichTextField(
        _("description"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    category = models.CharField(
        _("category"), max_length=30, choices=EventCategory.choices
    )
    tags = ClusterTaggableManager(
        verbose_name=_("tags"), through=EventPageTag, blank=True
    )
    highlight = models.BooleanField(
        _("highlight"),
        default=False,
        help_text=_("Show on the province home page among the highlights."),
    )

    date_precision = models.CharField(
        _("date precision"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.EXACT,
        help_text=_(
            "Choose “month only” while the exact date is not fixed; the start "
            "date then only gives the month."
        ),
    )
    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("Empty for all-day events.")
    )
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("For events over several days; empty for one day."),
    )
    end_time = models.TimeField(_("end time"), null=True, blank=True)

    recurrence_frequency = models.CharField(
        _("repeats"), max_length=10, choices=Frequency.choices, blank=True, default=""
    )
    recurrence_interval = models.PositiveSmallIntegerField(
        _("every"),
        default=1,
        help_text=_("1 = every week/month/year, 2 = every other…"),
    )
    recurrence_weekdays = models.CharField(
        _("on weekdays"),
        max_length=20,
        blank=True,
        help_text=_("For weekly series; empty means the weekday of the start date."),
    )
    recurrence_monthly_by = models.CharField(
        _("monthly on"),
        max_length=10,
        choices=MonthlyBy.choices,
        default=MonthlyBy.DAY_OF_MONTH,
    )
    recurrence_until = models.DateField(_("repeat until"), null=True, blank=True)
    recurrence_count = models.PositiveSmallIntegerField(
        _("number of times"),
        null=True,
        blank=True,
        help_text=_("Instead of an end date: how many times the event takes place."),
    )

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
    )
    status_reason = models.CharField(
        _("reason shown to the public"),
        max_length=300,
        blank=True,
        help_text=_(
            "Required when the event is postponed, rescheduled, cancelled or moved online."
        ),
    )

    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    online_url = models.URLField(_("online link"), blank=True)
    organiser = models.CharField(_("organiser"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    is_free = models.BooleanField(_("free entry"), default=True)
    price = models.CharField(
        _("price"),
        max_length=150,
        blank=True,
        help_text=_("For paid events, e.g. “Rp25.000, children free”."),
    )
    registration_url = models.URLField(_("registration or tickets"), blank=True)
    website = models.URLField(_("website"), blank=True)
    accessibility = models.TextField(
        _("accessibility notes"),
        blank=True,
        help_text=_("Wheelchair access, seating, sign language, quiet areas…"),
    )

    edition = models.CharField(
        _("edition and history"),
        max_length=200,
        blank=True,
        help_text=_("For example “33rd edition, held since 1991”."),
    )
    ken_nominated = models.BooleanField(
        _("proposed for Kharisma Event Nusantara"),
        default=False,
        help_text=_(
            "Set by provincial moderators: proposed for the national calendar."
        ),
    )

    sequence = models.PositiveIntegerField(default=0, editable=False)
    schedule_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    ical_component = models.TextField(blank=True, editable=False)

    parent_page_types = ["events.EventFolderPage"]
    subpage_types: list[str] = []
    # A translation gets its own row identity; its iCal UID is the source's.
    exclude_fields_in_copy = ["uid"]
    # Facts entered once, on the default-language page, and copied to its
    # translations on publish (events.translation); the translations' edit forms
    # show them read-only. The exceptions' dates are shared too, their reasons not.
    shared_fields = [
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
        "online_url",
        "is_free",
    ]

    base_form_class = EventPageForm

    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("category"),
        FieldPanel("image"),
        FieldPanel("description"),
        FieldPanel("tags"),
        FieldPanel("highlight"),
        MultiFieldPanel(
            [
                FieldPanel("date_precision"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
            ],
            heading=_("dates (Asia/Jakarta, WIB)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("recurrence_frequency"),
                FieldPanel("recurrence_interval"),
                FieldPanel("recurrence_weekdays"),
                FieldPanel("recurrence_monthly_by"),
                FieldRowPanel(
                    [FieldPanel("recurrence_until"), FieldPanel("recurrence_count")]
                ),
            ],
            heading=_("recurrence"),
        ),
        InlinePanel(
            "exceptions", heading=_("changes to single occurrences"), label=_("change")
        ),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("status_reason")], heading=_("status")
        ),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("online_url")], heading=_("place")
        ),
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                FieldRowPanel(
                    [FieldPanel("contact_email"), FieldPanel("contact_phone")]
                ),
                FieldRowPanel([FieldPanel("is_free"), FieldPanel("price")]),
                FieldPanel("registration_url"),
                FieldPanel("website"),
                FieldPanel("accessibility"),
            ],
            heading=_("practical information"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("organiser"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("category"),
        index.FilterField("regency"),
    ]

    objects = PageManager.from_queryset(EventPageQuerySet)()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def save(self, *args, **kwargs):
        if self.path and not self.regency_id:
            parent = self.get_parent()
            if parent is not None:
                self.regency_id = getattr(parent.specific, "regency_id", None)
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        # Moderators set the nomination outside the edit form (events.admin_views):
        # publishing an older-based revision must not bring back its old value.
        obj = super().with_content_json(content)
        obj.ken_nominated = self.ken_nominated
        return obj

    def get_context(self, request, *args, **kwargs):
        from .views import event_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_context(self, request))
        return context

    # Facts about this event.

    @property
    def month_only(self) -> bool:
        return self.date_precision == DatePrecision.MONTH

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def weekday_list(self) -> tuple[int, ...]:
        return tuple(
            int(d) for d in self.recurrence_weekdays.split(",") if d.strip().isdigit()
        )

    def schedule(self, exceptions=None) -> dates.Schedule:
        """Adapter to the pure schedule the date module works on."""
        if exceptions is None:
            # Only a series has changed occurrences; a one-off event's page
            # view saves the query.
            exceptions = self.exceptions.all() if self.recurrence_frequency else []
        return dates.Schedule(
            start_date=self.start_date,
            start_time=self.start_time,
            end_date=self.end_date,
            end_time=self.end_time,
            month_only=self.month_only,
            frequency=dates.Frequency(self.recurrence_frequency or ""),
            interval=self.recurrence_interval or 1,
            weekdays=self.weekday_list,
            monthly_by=dates.MonthlyBy(self.recurrence_monthly_by or "day"),
            until=self.recurrence_until,
            count=self.recurrence_count,
            exceptions=tuple(e.as_schedule_exception() for e in exceptions),
        )

    def spans(self, exceptions=None) -> list[dates.Span]:
        return dates.expand(self.schedule(exceptions), timezone.get_default_timezone())

    def compute_fingerprint(self, exceptions=None) -> str:
        """Changes whenever dates, place or status change (drives iCal SEQUENCE)."""
        parts = [
            repr(self.schedule(exceptions)),
            str(self.venue_id),
            self.online_url,
            self.status,
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()

    def get_status_label(self):
        return EventStatus(self.status).label

    def refresh_after_publish(self) -> None:
        """Store what readers need from the live version: derived regency,
        iCal SEQUENCE and occurrences. Updates rows, not revisions."""
        parent = self.get_parent()
        regency_id = getattr(parent.specific, "regency_id", None) if parent else None
        fingerprint = self.compute_fingerprint()
        sequence = self.sequence
        if self.schedule_fingerprint and fingerprint != self.schedule_fingerprint:
            sequence += 1
        EventPage.objects.filter(pk=self.pk).update(
            regency_id=regency_id, schedule_fingerprint=fingerprint, sequence=sequence
        )
        self.regency_id, self.schedule_fingerprint, self.sequence = (
            regency_id,
            fingerprint,
            sequence,
        )
        self.refresh_occurrences()
        self.refresh_ical_component()

    def refresh_occurrences(self) -> None:
        """Replace this event's stored occurrences; none unless it is live."""
        Occurrence.objects.filter(event_id=self.pk).delete()
        if self.live:
            Occurrence.objects.bulk_create(self.occurrence_rows())

    def refresh_ical_component(self) -> None:
        """Render and store this event's VEVENT text, so that a feed only
        selects and joins (events.feeds)."""
        from .feeds import render_component

        self.ical_component = render_component(self)
        EventPage.objects.filter(pk=self.pk).update(ical_component=self.ical_component)

    def occurrence_rows(self, exceptions=None) -> list["Occurrence"]:
        """Unsaved occurrence rows for this event within the horizon."""
        horizon = timezone.now() + timedelta(days=settings.EVENTS_HORIZON_DAYS)
        cancelled_event = self.status == EventStatus.CANCELLED
        rows = []
        for span in self.spans(exceptions):
            if span.start > horizon:
                break
            days = Occurrence.local_days(span.start, span.end)
            rows.append(
                Occurrence(
                    event=self,
                    locale_id=self.locale_id,
                    translation_key=self.translation_key,
                    start=span.start,
                    end=span.end,
                    start_day=days[0],
                    end_day=days[1],
                    all_day=span.all_day,
                    month_only=span.month_only,
                    cancelled=span.cancelled or cancelled_event,
                    moved=span.moved,
                    note=span.note,
                    original_start=span.original_start,
                    regency_id=self.regency_id,
                    category=self.category,
                    venue_id=self.venue_id,
                    is_free=self.is_free,
                    highlight=self.highlight,
                )
            )
        return rows


class EventException(Orderable):
    """One occurrence of a series skipped, cancelled or moved."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="exceptions")
    original_date = models.DateField(
        _("original date"), help_text=_("The date of the occurrence in the series.")
    )
    action = models.CharField(
        _("action"), max_length=10, choices=ExceptionAction.choices
    )
    new_date = models.DateField(_("new date"), null=True, blank=True)
    new_start_time = models.TimeField(_("new start time"), null=True, blank=True)
    new_end_time = models.TimeField(_("new end time"), null=True, blank=True)
    reason = models.CharField(
        _("reason shown to the public"), max_length=200, blank=True
    )

    panels = [
        FieldRowPanel([FieldPanel("original_date"), FieldPanel("action")]),
        FieldRowPanel(
            [
                FieldPanel("new_date"),
                FieldPanel("new_start_time"),
                FieldPanel("new_end_time"),
            ]
        ),
        FieldPanel("reason"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("change to one occurrence")

    def as_schedule_exception(self) -> dates.ScheduleException:
        return dates.ScheduleException(
            original_date=self.original_date,
            action=dates.ExceptionAction(self.action),
            new_date=self.new_date,
            new_start_time=self.new_start_time,
            new_end_time=self.new_end_time,
            reason=self.reason,
        )


class OutcomeResult(models.TextChoices):
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class EventOutcome(models.Model):
    """What happened at a past event, recorded by its regency's editors for the
    annual report. Kept apart from the page so recording it needs no new
    revision or moderation."""

    event = models.OneToOneField(
        EventPage,
        on_delete=models.CASCADE,
        related_name="outcome",
        verbose_name=_("event"),
    )
    result = models.CharField(_("result"), max_length=10, choices=OutcomeResult.choices)
    visitors = models.PositiveIntegerField(_("visitor count"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    panels = [
        FieldPanel("event"),
        FieldPanel("result"),
        FieldPanel("visitors"),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = _("event outcome")
        verbose_name_plural = _("event outcomes")

    def __str__(self):
        return f"{self.event} ({self.get_result_display()})"


class OccurrenceQuerySet(models.QuerySet):
    """Reads of the occurrence table. Occurrences exist only for live events."""

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

    def for_language(self, language_code: str) -> "OccurrenceQuerySet":
        """Occurrences in this language, plus those of events not (yet)
        translated into it, in the default language. Locales are matched by
        code in the same query: no lookup of their ids first."""
        default_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        if language_code == default_code:
            return self.filter(locale__language_code=default_code)
        translated = Occurrence.objects.filter(
            locale__language_code=language_code,
            translation_key=OuterRef("translation_key"),
        )
        return self.filter(
            Q(locale__language_code=language_code)
            | Q(locale__language_code=default_code) & ~Exists(translated)
        )

    def upcoming(self, now: datetime) -> "OccurrenceQuerySet":
        """Occurrences not over yet, soonest first. The lower bound on the
        start adds nothing to the result but lets the database walk the start
        index from there and stop at the page's last row, instead of sorting
        every future row. It is the start of `now`'s day, or earlier when
        something that began on an earlier day is still running: such an
        occurrence spans several days, so it is found in the small multi-day
        index, not by scanning everything that ends after `now`."""
        today = day_start(timezone.localdate(now))
        began_earlier = (
            Occurrence.objects.filter(
                end_day__gt=F("start_day"), start__lt=today, end__gt=now
            )
            .order_by()
            .aggregate(since=Min("start"))["since"]
        )
        return self.filter(end__gt=now, start__gte=began_earlier or today).order_by(
            "start", "pk"
        )

    def past(self, now: datetime) -> "OccurrenceQuerySet":
        return self.filter(end__lte=now).order_by("-start", "-pk")

    def between(self, start: datetime, end: datetime) -> "OccurrenceQuerySet":
        """Occurrences that touch the half-open range [start, end)."""
        return self.filter(start__lt=end, end__gt=start).order_by("start", "pk")

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

    def matching(self, query: str) -> "OccurrenceQuerySet":
        return self.filter(event_id__in=_search_ids(query))

    def for_listing(self) -> "OccurrenceQuerySet":
        return self.select_related(
            "event", "event__image", "regency", "venue", "venue__parent", "locale"
        ).defer("event__description", "event__ical_component")


def hidden_pages() -> list[tuple[int, str, int]]:
    """(pk, path, numchild) of the pages whose events the public may not see:
    view-restricted pages, and calendars and folders that are not live. One
    query driven by the restriction table and the content-type index."""
    from django.contrib.contenttypes.models import ContentType

    from home.models import HomePage

    containers = ContentType.objects.get_for_models(
        HomePage, EventIndexPage, EventFolderPage
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


def _search_ids(query: str) -> list[int]:
    """Ids of the live events that match a text query (search backend)."""
    terms = search_terms(query)
    if not terms:
        return []
    return [page.pk for page in EventPage.objects.live().search(terms)[:500]]


class Occurrence(models.Model):
    """One expanded occurrence of a live event, so listings read one indexed
    table. Rebuilt whenever its event is published, unpublished, moved or
    deleted, and extended daily by `refresh_occurrences`."""

    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="occurrences"
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

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("occurrence")
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["locale", "end", "start"]),
            # What ends after a moment, in every language (feeds, API).
            models.Index(fields=["end", "start"]),
            # The month grid (events.views.month_grid): each day's first
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
            models.Index(fields=["locale", "start"]),
            models.Index(fields=["regency", "start"]),
            models.Index(fields=["category", "start"]),
            models.Index(fields=["venue", "start"]),
            models.Index(fields=["translation_key"]),
        ]

    def __str__(self):
        return f"{self.event_id} @ {self.start:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # Rows are normally bulk-created from EventPage.occurrence_rows, which
        # sets the days; a row saved on its own gets them here.
        self.start_day, self.end_day = self.local_days(self.start, self.end)
        super().save(*args, **kwargs)

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


class VenuePage(BasePage):
    """The page of a venue with pavilions, i.e. PKOR Way Halim: what is on at
    every anjungan this week and this month."""

    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="pages"
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("about"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.PavilionPage"]
    unique_per_locale = ["venue"]

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("venue"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("venue page")

    def get_context(self, request, *args, **kwargs):
        from .views import venue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(venue_context(self, request))
        return context


class PavilionPage(BasePage):
    """A regency's anjungan at PKOR Way Halim. Maintained by that regency's
    editors: its description and its programme of activities."""

    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        on_delete=models.PROTECT,
        related_name="pavilion_pages",
    )
    regency = models.ForeignKey(
        Regency,
        verbose_name=_("regency"),
        on_delete=models.PROTECT,
        related_name="pavilions",
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("about"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=150, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    parent_page_types = ["events.VenuePage"]
    subpage_types: list[str] = []
    unique_per_locale = ["venue", "regency"]

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("regency"),
        FieldPanel("venue"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("opening_hours"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("pavilion (anjungan)")
        verbose_name_plural = _("pavilions (anjungan)")

    def get_context(self, request, *args, **kwargs):
        from .views import pavilion_context

        context = super().get_context(request, *args, **kwargs)
        context.update(pavilion_context(self, request))
        return context


class CalendarVersion(models.Model):
    """How often, and when last, anything the public calendar's feeds show
    changed. One row; its number is part of every feed's ETag and cache key
    (events.feeds), bumped on publish, unpublish, move and deletion."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("calendar version")

    def __str__(self):
        return f"{self.number} ({self.changed_at:%Y-%m-%d %H:%M})"


def day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the site's time zone."""
    return datetime.combine(day, time(), timezone.get_default_timezone())
