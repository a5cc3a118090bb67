"""Regency tourism brands: one brand page per kabupaten/kota with its destinations."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.blocks import BODY_BLOCKS
from core.colours import (
    DEFAULT_THEME,
    HEX_COLOUR,
    PALETTE,
    WCAG_AA_NORMAL,
    Theme,
    contrast_ratio,
)
from core.images import attach_images
from core.models import THEME_CHOICES, BasePage, Regency, RegencyKind

UPCOMING_EVENTS = 3


class DestinationCategory(models.TextChoices):
    BEACH = "beach", _("beach")
    MOUNTAIN = "mountain", _("mountain")
    LAKE = "lake", _("lake")
    WATERFALL = "waterfall", _("waterfall")
    CULTURE = "culture", _("culture")
    CULINARY = "culinary", _("culinary")
    HERITAGE = "heritage", _("heritage")
    WILDLIFE = "wildlife", _("wildlife")


class DestinationsBlock(blocks.StructBlock):
    """Lists the destinations of the brand page it stands on."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120)

    class Meta:
        icon = "site"
        label = _("Destinations list")
        template = "blocks/destinations_block.html"


class BrandPageQuerySet(PageQuerySet):
    def in_locale(self, locale_id: int) -> "BrandPageQuerySet":
        return self.filter(locale_id=locale_id)

    def for_cards(self) -> "BrandPageQuerySet":
        """What a regency card shows: the regency, the logo and its renditions,
        in two queries whatever the number of pages."""
        return (
            self.select_related("regency", "logo")
            .prefetch_related("logo__renditions")
            .defer_streamfields()
        )


class BrandIndexPage(BasePage):
    """The regency index: all regencies and cities, kabupaten and kota grouped."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["brands.BrandPage"]
    max_count_per_parent = 1

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("regency index")
        verbose_name_plural = _("regency indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = list(
            BrandPage.objects.child_of(self)
            .live()
            .public()
            .for_cards()
            .order_by("regency__name")
        )
        context["kabupaten"] = [
            p for p in pages if p.regency.kind == RegencyKind.KABUPATEN
        ]
        context["kota"] = [p for p in pages if p.regency.kind == RegencyKind.KOTA]
        return context


class BrandPage(BasePage):
    """A regency's tourism brand: identity, theme, story, destinations and
    upcoming events. Edited only by that regency's editors group."""

    regency = models.ForeignKey(
        Regency,
        verbose_name=_("regency"),
        on_delete=models.PROTECT,
        related_name="brand_pages",
        help_text=_("One brand page per regency in each language."),
    )
    brand_name = models.CharField(
        _("brand name"),
        max_length=80,
        help_text=_("For example “Pesona Lampung Barat”."),
    )
    tagline = models.CharField(
        _("tagline"),
        max_length=120,
        blank=True,
        help_text=_(
            "The regency's tourism slogan, for example “The Origin of Lampung”."
        ),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Square works best; shown round on cards."),
    )
    theme = models.CharField(
        _("brand theme"),
        max_length=30,
        choices=THEME_CHOICES,
        default=DEFAULT_THEME,
        help_text=_("A palette colour, unless you give your own colours below."),
    )
    custom_primary = models.CharField(
        _("own brand colour"),
        max_length=7,
        blank=True,
        help_text=_(
            "Optional, as #rrggbb. Checked for WCAG AA contrast with the text colour."
        ),
    )
    custom_on_primary = models.CharField(
        _("own text colour"),
        max_length=7,
        blank=True,
        help_text=_("Text shown on the brand colour, as #rrggbb."),
    )
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
    intro = models.TextField(
        _("introduction"), help_text=_("Two or three sentences; shown first.")
    )
    body = StreamField(
        [*BODY_BLOCKS, ("destinations", DestinationsBlock())],
        verbose_name=_("body"),
        blank=True,
        help_text=_(
            "Add a “Destinations list” block where the destinations below should "
            "appear; without one they are listed after the body."
        ),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    office_address = models.CharField(
        _("tourism office address"), max_length=255, blank=True
    )
    website = models.URLField(_("official website"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    tiktok_url = models.URLField(_("TikTok"), blank=True)

    parent_page_types = ["brands.BrandIndexPage"]
    subpage_types: list[str] = []
    unique_per_locale = ["regency"]

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("regency"),
        MultiFieldPanel(
            [
                FieldPanel("brand_name"),
                FieldPanel("tagline"),
                FieldPanel("logo"),
                FieldPanel("theme"),
                FieldRowPanel(
                    [FieldPanel("custom_primary"), FieldPanel("custom_on_primary")]
                ),
            ],
            heading=_("brand"),
        ),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_credit")], heading=_("hero")
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("destinations", heading=_("destinations"), label=_("destination")),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("contact_email"), FieldPanel("contact_phone")]
                ),
                FieldPanel("office_address"),
                FieldPanel("website"),
                FieldRowPanel(
                    [FieldPanel("instagram_url"), FieldPanel("facebook_url")]
                ),
                FieldRowPanel([FieldPanel("youtube_url"), FieldPanel("tiktok_url")]),
            ],
            heading=_("contact and social media"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("brand_name"),
        index.SearchField("tagline"),
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("regency", [index.SearchField("name")]),
        index.RelatedFields(
            "destinations",
            [index.SearchField("name"), index.SearchField("description")],
        ),
    ]

    objects = PageManager.from_queryset(BrandPageQuerySet)()

    class Meta:
        verbose_name = _("regency brand page")

    def clean(self):
        super().clean()
        errors = {}
        for name in ("custom_primary", "custom_on_primary"):
            value = getattr(self, name)
            if value and not HEX_COLOUR.match(value):
                errors[name] = _("Write the colour as #rrggbb, for example #1d4f91.")
        if "custom_primary" not in errors and "custom_on_primary" not in errors:
            if bool(self.custom_primary) != bool(self.custom_on_primary):
                errors["custom_on_primary"] = _("Give both colours, or neither.")
            elif self.custom_primary:
                ratio = contrast_ratio(self.custom_primary, self.custom_on_primary)
                if ratio < WCAG_AA_NORMAL:
                    errors["custom_on_primary"] = _(
                        "These colours have a contrast ratio of %(ratio).2f:1; "
                        "WCAG AA needs at least %(needed).1f:1 for text. Choose a "
                        "darker or lighter colour."
                    ) % {"ratio": ratio, "needed": WCAG_AA_NORMAL}
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        attach_images([self], "hero_image", "logo", "social_image")
        context.update(self.events_context())
        context["feed"] = self.feed_links(request)
        return context

    @property
    def colours(self) -> Theme:
        """The theme in use: the editor's own colours when given, else the
        palette theme."""
        if self.custom_primary and self.custom_on_primary:
            return Theme("custom", self.custom_primary, self.custom_on_primary)
        return PALETTE.get(self.theme, PALETTE[DEFAULT_THEME])

    @property
    def has_destinations_block(self) -> bool:
        """Whether the editor placed the destinations in the body; if not, the
        page lists them after it."""
        return any(block.block_type == "destinations" for block in self.body)

    @cached_property
    def destination_list(self):
        """The destinations with their images and renditions, loaded once for
        the page and its destinations block (unsaved ones in previews)."""
        return list(
            self.destinations.select_related("image").prefetch_related(
                "image__renditions"
            )
        )

    def events_context(self) -> dict:
        """The regency's next events (one line per event, not per weekly
        occurrence), its calendar and its anjungan at PKOR. The list is empty,
        never an error, when nothing is scheduled."""
        from events.views import brand_events_context

        context = brand_events_context(
            self.regency, self.locale_id, limit=UPCOMING_EVENTS * 4
        )
        seen, upcoming = set(), []
        for occurrence in context["upcoming"]:
            if occurrence.event_id not in seen:
                seen.add(occurrence.event_id)
                upcoming.append(occurrence)
        upcoming = upcoming[:UPCOMING_EVENTS]
        prefetch_related_objects(
            [o.event for o in upcoming if o.event.image_id], "image__renditions"
        )
        context["upcoming"] = upcoming
        return context

    def feed_links(self, request) -> dict:
        """The addresses of the regency's iCal feed for the "Subscribe" menu
        and the page's `<link rel="alternate">` (no queries)."""
        from events.feeds import subscribe_links

        return subscribe_links(
            request,
            {"regency": self.regency.slug},
            get_language() or "",
            name=f"Agenda Lampung: {self.regency.name}",
        )

    def get_social_image(self):
        return self.social_image or self.hero_image


class DestinationQuerySet(models.QuerySet):
    def visible(self, locale_id: int) -> "DestinationQuerySet":
        """Destinations of live, public brand pages in this locale."""
        pages = BrandPage.objects.live().public().in_locale(locale_id)
        return self.filter(page__in=pages.values("pk"))

    def in_category(self, category: str) -> "DestinationQuerySet":
        return self.filter(category=category)

    def for_listing(self) -> "DestinationQuerySet":
        """With brand page, regency, image and renditions, in two queries."""
        return self.select_related("page", "page__regency", "image").prefetch_related(
            "image__renditions"
        )


class Destination(Orderable):
    """A place to visit in the regency, listed on its brand page and on the
    province-wide destinations page."""

    page = ParentalKey(BrandPage, on_delete=models.CASCADE, related_name="destinations")
    name = models.CharField(_("name"), max_length=150)
    category = models.CharField(
        _("category"), max_length=20, choices=DestinationCategory.choices
    )
    description = models.TextField(_("description"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Decimal degrees; Lampung lies around −4 to −6."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Decimal degrees; Lampung lies around 103.5 to 106."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("category")]),
        FieldPanel("description"),
        FieldPanel("image"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
    ]

    objects = DestinationQuerySet.as_manager()

    class Meta(Orderable.Meta):
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")

    def __str__(self):
        return self.name

    @property
    def map_url(self) -> str:
        """The place on OpenStreetMap, for browsers without a map app."""
        return (
            f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
            f"#map=14/{self.latitude}/{self.longitude}"
        )

    @property
    def geo_uri(self) -> str:
        """`geo:` link (RFC 5870) that phones open in their map app."""
        return f"geo:{self.latitude},{self.longitude}"


class DestinationIndexPage(BasePage):
    """All regencies' destinations on one page, filterable by category."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("destinations page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        category = request.GET.get("category", "")
        if category not in DestinationCategory.values:
            category = ""
        destinations = Destination.objects.visible(self.locale_id)
        if category:
            destinations = destinations.in_category(category)
        context["categories"] = DestinationCategory.choices
        context["category"] = category
        context["category_label"] = (
            DestinationCategory(category).label if category else ""
        )
        context["destinations"] = list(
            destinations.for_listing().order_by("page__regency__name", "sort_order")
        )
        return context
