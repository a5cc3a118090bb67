"""What several apps share: the regencies, the page base and the site settings."""

from datetime import date

from django.contrib.auth.models import Group
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index

from .colours import DEFAULT_THEME, PALETTE
from .page_forms import BasePageForm

THEME_CHOICES = [(slug, slug.replace("-", " ").title()) for slug in PALETTE]


class RegencyKind(models.TextChoices):
    KABUPATEN = "kabupaten", _("regency (kabupaten)")
    KOTA = "kota", _("city (kota)")


class RegencyQuerySet(models.QuerySet):
    def kabupaten(self) -> "RegencyQuerySet":
        return self.filter(kind=RegencyKind.KABUPATEN)

    def kota(self) -> "RegencyQuerySet":
        return self.filter(kind=RegencyKind.KOTA)


class Regency(index.Indexed, models.Model):
    """A kabupaten or kota of Lampung. Its editors group owns its brand page,
    its event folder and its anjungan at PKOR."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("official name"), max_length=100, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=60, help_text=_("Without “Kabupaten” or “Kota”.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RegencyKind.choices)
    seat = models.CharField(_("seat"), max_length=100, help_text=_("Capital town."))
    code = models.CharField(
        _("Kemendagri code"),
        max_length=8,
        unique=True,
        help_text=_("For example 18.04."),
    )
    code_bps = models.CharField(_("BPS code"), max_length=4, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    motto = models.CharField(_("motto"), max_length=150, blank=True)
    anniversary = models.DateField(_("anniversary"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=9, decimal_places=3, null=True, blank=True
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    theme = models.CharField(
        _("brand theme"),
        max_length=30,
        choices=THEME_CHOICES,
        default=DEFAULT_THEME,
        help_text=_("Colour used for this regency in calendars and cards."),
    )
    editors = models.OneToOneField(
        Group,
        verbose_name=_("editors group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="regency",
        help_text=_("Members may edit this regency's pages and submit its events."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldPanel("slug"),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("seat")]),
                FieldRowPanel([FieldPanel("code"), FieldPanel("code_bps")]),
            ],
            heading=_("identity"),
        ),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        FieldPanel("motto"),
        FieldRowPanel(
            [
                FieldPanel("anniversary"),
                FieldPanel("area_km2"),
                FieldPanel("population"),
            ]
        ),
        FieldPanel("theme"),
        FieldPanel("editors"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
    ]

    objects = RegencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("regency")
        verbose_name_plural = _("regencies")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    @property
    def colours(self):
        return PALETTE.get(self.theme, PALETTE[DEFAULT_THEME])


class HeroMixin(models.Model):
    """The wide photograph at the top of the home page and the brand pages."""

    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Wide landscape, at least 1600 pixels wide. Set the focal point in "
            "the image editor so crops keep the subject."
        ),
    )
    hero_credit = models.CharField(
        _("hero image credit"),
        max_length=120,
        blank=True,
        help_text=_("Photographer or source, shown under the hero."),
    )

    class Meta:
        abstract = True


class BasePage(Page):
    """Abstract base for every public page: a social sharing image on top of
    Wagtail's title, SEO title and search description."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("social image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Shown when the page is shared; 1200×630 works best."),
    )

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("social_image"),
    ]
    base_form_class = BasePageForm

    # Fields whose value may appear on one page per language only (a regency's
    # brand page, a venue's page); translations share the value, so a database
    # unique constraint (which cannot include the parent table's locale) won't do.
    unique_per_locale: list[str] = []
    # Fields only the provincial staff set (a page's regency, an event's
    # highlight): shown disabled to regency editors and ignored when they post
    # them, by core.page_forms.ProvincialFieldsPageForm (the page's base form).
    provincial_fields: list[str] = []

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        for name in self.unique_per_locale:
            value = getattr(self, f"{name}_id", None)
            if value is None:
                continue
            taken = (
                type(self)
                .objects.filter(locale_id=self.locale_id, **{f"{name}_id": value})
                .exclude(pk=self.pk)
            )
            if taken.exists():
                field = self._meta.get_field(name)
                raise ValidationError(
                    {
                        name: _(
                            "Another page in this language already has this %(field)s."
                        )
                        % {"field": field.verbose_name}
                    }
                )

    # Image field → the uses (core.renditions.USES) it is shown in, so its
    # renditions are made when the page is published.
    rendition_uses: dict[str, tuple[str, ...]] = {"social_image": ("social",)}

    def get_social_image(self):
        return self.social_image

    # All of a publish, unpublish or move, or none of it. Wagtail saves the
    # page, then sends the signal whose receivers (events.publishing) write
    # occurrences, stored iCal text and the calendar version; without one
    # transaction around both, a failure between them left a live page whose
    # occurrences and feed text belonged to neither version. Whatever leaves
    # the database (cache purges, drawn pictures) runs on commit.
    def publish(self, revision, *args, **kwargs):
        with transaction.atomic():
            return super().publish(revision, *args, **kwargs)

    def unpublish(self, *args, **kwargs):
        with transaction.atomic():
            return super().unpublish(*args, **kwargs)

    def move(self, *args, **kwargs):
        with transaction.atomic():
            return super().move(*args, **kwargs)

    def get_view_restrictions(self):
        """The view restrictions on this page and its ancestors (for an alias,
        on its source page), in one query where Wagtail's takes two: the
        ancestors' paths are prefixes of this page's path, so they need not be
        read first. Wagtail checks these before serving every page."""
        paths = [
            self.path[:end]
            for end in range(self.steplen, len(self.path) + 1, self.steplen)
        ]
        sources = Page.objects.filter(path__in=paths, alias_of__isnull=False)
        return PageViewRestriction.objects.filter(
            models.Q(page__path__in=paths, page__alias_of__isnull=True)
            | models.Q(page_id__in=sources.values("alias_of_id"))
        )


class SiteSetting(BaseSiteSetting):
    """Wagtail's site setting, looked up with a read before the
    get-or-create: a get_or_create runs on the primary database, so every
    public page would query it past the read replica (core/replicas.py)."""

    class Meta:
        abstract = True

    @classmethod
    def for_site(cls, site):
        found = site and cls.base_queryset().filter(site=site).first()
        return found or super().for_site(site)


@register_setting(icon="date")
class PlanningSettings(SiteSetting):
    """The annual Calendar of Events cycle: which year regencies are planning
    and by when they must submit."""

    planning_year = models.PositiveSmallIntegerField(
        _("year being planned"), null=True, blank=True
    )
    submission_deadline = models.DateField(
        _("submission deadline"),
        null=True,
        blank=True,
        help_text=_("Regency editors see this date on their dashboard."),
    )
    notes = models.TextField(
        _("notes for regencies"), blank=True, help_text=_("Shown with the deadline.")
    )

    class Meta:
        verbose_name = _("planning cycle")

    def calendar_year(self, today: date) -> int:
        """The year of the Calendar of Events the admin's annual views open on
        and the public pages link: the year being planned, else this year."""
        return self.planning_year or today.year

    @classmethod
    def read_for_request(cls, request) -> "PlanningSettings":
        """The site's planning cycle for a public page: read only. Unlike
        `for_request` it never creates the row, so a visitor's request writes
        nothing and can be served by a read replica (core.replicas)."""
        site = Site.find_for_request(request)
        return cls.objects.filter(site=site).first() or cls(site=site)


@register_setting(icon="site")
class OrganisationSettings(SiteSetting):
    """Contact details of the provincial tourism office shown in the footer."""

    organisation_name = models.CharField(
        _("organisation"),
        max_length=150,
        default="Dinas Pariwisata dan Ekonomi Kreatif Provinsi Lampung",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)

    class Meta:
        verbose_name = _("organisation settings")


class JobRecord(models.Model):
    """What the last runs of one scheduled job (settings.SCHEDULED_JOBS,
    run by core.jobs) did: when it last started, succeeded and failed, and
    the last error."""

    name = models.CharField(_("job"), max_length=64, unique=True)
    first_started = models.DateTimeField(_("first started"), null=True)
    last_started = models.DateTimeField(_("last started"), null=True)
    last_succeeded = models.DateTimeField(_("last succeeded"), null=True)
    last_failed = models.DateTimeField(_("last failed"), null=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_duration = models.FloatField(_("last duration (seconds)"), null=True)
    failures_in_a_row = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("scheduled job")

    def __str__(self):
        return self.name


class OutgoingEmail(models.Model):
    """One e-mail as the site wrote it (core.outbox): stored in the same
    transaction as the change that caused it, sent by the outbox worker,
    retried with backoff while the mail server cannot be reached."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    subject = models.CharField(_("subject"), max_length=998)
    sender = models.CharField(_("from"), max_length=998)
    recipients = models.JSONField(_("recipients"))
    # Everything else needed to write the message again: body, cc, bcc,
    # reply-to, headers, alternatives (HTML), attachments (base64).
    content = models.JSONField(_("content"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status, default=Status.WAITING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # A worker holds the message until then while sending it, so two
    # workers never send the same message.
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="waiting"),
                name="core_outgoing_waiting",
            )
        ]

    def __str__(self):
        return self.subject


class PageText(models.Model):
    """PostgreSQL: a live page's title and text as one `tsvector`, keyed by
    the page, with its content type (core.search keeps it). The migration
    creates the table on PostgreSQL only; SQLite keeps the same rows in its
    FTS5 table `search_text`."""

    page_id = models.IntegerField(primary_key=True)
    kind = models.IntegerField()
    text = SearchVectorField()

    class Meta:
        managed = False
        db_table = "search_vector"

    def __str__(self):
        return f"text of page {self.page_id}"
