"""An event: a one-off day, a multi-day festival or a recurring activity.

The page holds what the editor entered. What readers need from its live
version (occurrences, iCal text, SEQUENCE) is derived on publish by
`events.publishing`; when it happens is expanded by `events.dates`.
"""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
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
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.models import BasePage, Regency

from .. import dates, pictures
from ..choices import EventCategory
from ..forms import EventPageForm
from ..ical import Status as EventStatus
from ..panels import ImportNotePanel
from ..views import event_context
from .venues import Venue


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class EventPageQuerySet(PageQuerySet):
    def in_regency(self, regency) -> "EventPageQuerySet":
        return self.filter(regency=regency)

    def with_restriction_check(self) -> "EventPageQuerySet":
        """Whether a view restriction may apply to each event, worked out in
        the same query (`EventPage.get_view_restrictions`): a restriction on
        the event or an ancestor (their paths begin its own), or an ancestor
        that is an alias (whose source's restrictions apply)."""
        above = Substr(OuterRef("path"), 1, Length("path"))
        restricted = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
        alias_above = Page.objects.filter(path=above, alias_of__isnull=False)
        return self.annotate(may_be_restricted=Exists(restricted) | Exists(alias_above))


class EventPage(BasePage):
    """One event: a one-off day, a multi-day festival or a recurring activity.
    Lives in its regency's folder; goes live through the moderation workflow."""

    rendition_uses = BasePage.rendition_uses | {
        "image": ("event_page", "event_card", "event_card_lead", "feed", "social")
    }

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
        choices=dates.DatePrecision.choices,
        default=dates.DatePrecision.EXACT,
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
        _("repeats"),
        max_length=10,
        choices=dates.Frequency.choices,
        blank=True,
        default="",
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
        choices=dates.MonthlyBy.choices,
        default=dates.MonthlyBy.DAY_OF_MONTH,
    )
    recurrence_until = models.DateField(_("repeat until"), null=True, blank=True)
    recurrence_count = models.PositiveSmallIntegerField(
        _("number of times"),
        null=True,
        blank=True,
        help_text=_("Instead of an end date: how many times the event takes place."),
    )

    calendar_rule = models.CharField(
        _("date from another calendar"),
        max_length=10,
        choices=dates.CalendarRule.choices,
        blank=True,
        default="",
        help_text=_(
            "For events held on a date of the Hijri, Chinese lunar or Balinese "
            "Pawukon calendar: the dates are computed every year from the start "
            "date on (until the “repeat until” date, if any). Leave “repeats” "
            "empty and the end date empty: the rule gives the number of days."
        ),
    )
    rule_month = models.PositiveSmallIntegerField(
        _("month in that calendar"),
        null=True,
        blank=True,
        help_text=_(
            "1–12. Hijri: 9 = Ramadan, 10 = Syawal, 12 = Zulhijah. Chinese "
            "lunar: 1 = the first month (Imlek). Not used for Pawukon."
        ),
    )
    rule_day = models.PositiveSmallIntegerField(
        _("day in that calendar"),
        null=True,
        blank=True,
        help_text=_(
            "Hijri and Chinese lunar: day of the month, 1–30 (Cap Go Meh is "
            "day 15 of month 1). Pawukon: days after Galungan, 0–209 "
            "(0 = Galungan, 10 = Kuningan)."
        ),
    )
    rule_days = models.PositiveSmallIntegerField(
        _("number of days"),
        null=True,
        blank=True,
        default=1,
        help_text=_("How many days the event lasts each year, 1–30."),
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
    # A copy is not highlighted until the provincial staff decide it is (a
    # translation takes the highlight from its source, below).
    exclude_fields_in_copy = ["uid", "highlight"]
    # The province home page's highlights are the provincial staff's choice.
    provincial_fields = ["highlight"]
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
        "calendar_rule",
        "rule_month",
        "rule_day",
        "rule_days",
        "status",
        "venue",
        "online_url",
        "is_free",
        "highlight",
    ]

    base_form_class = EventPageForm

    content_panels = [
        ImportNotePanel(),
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
        MultiFieldPanel(
            [
                FieldPanel("calendar_rule"),
                FieldRowPanel(
                    [
                        FieldPanel("rule_month"),
                        FieldPanel("rule_day"),
                        FieldPanel("rule_days"),
                    ]
                ),
            ],
            heading=_("date from another calendar"),
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
        indexes = [
            # The year view (events.annual) finds the few recurring events
            # without reading every event.
            models.Index(
                fields=["recurrence_frequency"],
                condition=~models.Q(recurrence_frequency=""),
                name="events_eventpage_recurring",
            ),
            # The planning report and dashboard (events.planning) count a
            # year's events per regency from this index, not from the rows
            # with their description and stored iCal text.
            models.Index(
                fields=[
                    "regency",
                    "start_date",
                    "end_date",
                    "recurrence_until",
                    "recurrence_frequency",
                    "date_precision",
                ],
                name="events_event_year_counts",
            ),
        ]

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
        context = super().get_context(request, *args, **kwargs)
        context.update(event_context(self, request))
        return context

    def get_view_restrictions(self):
        """None when the routing query found that no restriction can apply
        (`EventPageQuerySet.with_restriction_check`): Wagtail asks before
        serving the page, and the answer is known without a query."""
        if getattr(self, "may_be_restricted", True):
            return super().get_view_restrictions()
        return []

    def get_social_image(self):
        """Shared links show the event's own picture unless one is set for them."""
        return self.social_image or self.image

    @property
    def fallback_picture(self) -> dict:
        """The drawn picture shared links show for an event without one
        (events.pictures): its URL, size and alt text."""
        regency = self.regency if self.regency_id else None
        return {
            "url": pictures.fallback_url(self.category, regency),
            "width": pictures.SIZE[0],
            "height": pictures.SIZE[1],
            "alt": _("Illustration: %(category)s, %(place)s")
            % {
                "category": self.get_category_display(),
                "place": regency.name if regency else _("Province of Lampung"),
            },
        }

    # Facts about this event.

    @property
    def month_only(self) -> bool:
        return self.date_precision == dates.DatePrecision.MONTH

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def weekday_list(self) -> tuple[int, ...]:
        return tuple(
            int(d) for d in self.recurrence_weekdays.split(",") if d.strip().isdigit()
        )

    def schedule(self, exceptions=None, confirmations=None) -> dates.Schedule:
        """Adapter to the pure schedule the date module works on. Pass
        `confirmations=()` where only the rule matters (its words)."""
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
            rule=dates.CalendarRule(self.calendar_rule or ""),
            rule_month=self.rule_month,
            rule_day=self.rule_day,
            rule_days=self.rule_days or 1,
            confirmations=(
                self.confirmations()
                if self.calendar_rule and confirmations is None
                else tuple(confirmations or ())
            ),
        )

    def confirmations(self) -> tuple[dates.Confirmation, ...]:
        """The moderators' decisions on this event's estimated dates, shared
        by its translations (one query; none for an event without a rule)."""
        if self.translation_key is None:
            return ()
        rows = DateConfirmation.objects.filter(
            event__translation_key=self.translation_key
        ).order_by("rule_year", "confirmed_at", "pk")
        # The latest decision on a year wins, whichever language it was made in.
        decided = {row.rule_year: row.shift for row in rows}
        return tuple(dates.Confirmation(year, shift) for year, shift in decided.items())

    def spans(self, exceptions=None, through=None) -> list[dates.Span]:
        """Its occurrences starting up to `through` (the horizon,
        `Occurrence.horizon`), or all of them."""
        return dates.expand(
            self.schedule(exceptions), timezone.get_default_timezone(), through
        )

    def compute_fingerprint(self, exceptions=None) -> str:
        """Changes whenever dates, place or status change (drives iCal SEQUENCE)."""
        parts = [
            self.schedule(exceptions).fingerprint_text(),
            str(self.venue_id),
            self.online_url,
            self.status,
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()


class EventException(Orderable):
    """One occurrence of a series skipped, cancelled or moved."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="exceptions")
    original_date = models.DateField(
        _("original date"), help_text=_("The date of the occurrence in the series.")
    )
    action = models.CharField(
        _("action"), max_length=10, choices=dates.ExceptionAction.choices
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


class DateConfirmation(models.Model):
    """A moderator's decision on one year of an event whose dates are
    estimated (Hijri: after the government's sidang isbat): the computed date
    kept or shifted by a day. Not part of the page's revisions, so it
    survives republishing and the nightly recomputation."""

    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="date_confirmations"
    )
    rule_year = models.IntegerField(
        _("year in that calendar"), help_text=_("For example 1447 (Hijri).")
    )
    shift = models.SmallIntegerField(
        _("shift"),
        choices=[
            (-1, _("one day earlier")),
            (0, _("as computed")),
            (1, _("one day later")),
        ],
        default=0,
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("confirmed date")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "rule_year"], name="events_one_confirmation_a_year"
            ),
            models.CheckConstraint(
                condition=models.Q(shift__gte=-1, shift__lte=1),
                name="events_confirmation_shift_one_day",
            ),
        ]

    def __str__(self):
        return f"{self.event_id} {self.rule_year} {self.shift:+d}"
