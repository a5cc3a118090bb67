"""Regency tourism brands: one brand page per kabupaten/kota with its destinations."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
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
from core.models import THEME_CHOICES, BasePage, Regency, RegencyKind


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
    """Lists the destinations of the page it stands on."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120)

    class Meta:
        icon = "site"
        template = "blocks/destinations_block.html"


class BrandIndexPage(BasePage):
    """Lists all regencies, kabupaten and kota grouped."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["brands.BrandPage"]
    max_count_per_parent = 1

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("regency index")
        verbose_name_plural = _("regency indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = list(
            BrandPage.objects.child_of(self)
            .live()
            .public()
            .select_related("regency", "logo")
            .defer_streamfields()
            .order_by("regency__name")
        )
        context["kabupaten"] = [
            p for p in pages if p.regency.kind == RegencyKind.KABUPATEN
        ]
        context["kota"] = [p for p in pages if p.regency.kind == RegencyKind.KOTA]
        return context


class BrandPage(BasePage):
    """A regency's tourism brand: identity, theme, story and destinations.
    Edited only by that regency's editors group."""

    regency = models.ForeignKey(
        Regency,
        verbose_name=_("regency"),
        on_delete=models.PROTECT,
        related_name="brand_pages",
    )
    brand_name = models.CharField(
        _("brand name"),
        max_length=80,
        help_text=_("For example “Pesona Lampung Barat”."),
    )
    tagline = models.CharField(_("tagline"), max_length=120, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
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
            "Set the focal point in the image editor so crops keep the subject."
        ),
    )
    hero_credit = models.CharField(_("hero image credit"), max_length=120, blank=True)
    intro = models.TextField(_("introduction"))
    body = StreamField(
        [*BODY_BLOCKS, ("destinations", DestinationsBlock())],
        verbose_name=_("body"),
        blank=True,
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
        index.RelatedFields("destinations", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("regency brand page")

    def clean(self):
        super().clean()
        errors = {}
        for name in ("custom_primary", "custom_on_primary"):
            value = getattr(self, name)
            if value and not HEX_COLOUR.match(value):
                errors[name] = _("Write the colour as #rrggbb, for example #1d4f91.")
        if not errors and bool(self.custom_primary) != bool(self.custom_on_primary):
            errors["custom_on_primary"] = _("Give both colours, or neither.")
        if not errors and self.custom_primary:
            ratio = contrast_ratio(self.custom_primary, self.custom_on_primary)
            if ratio < WCAG_AA_NORMAL:
                errors["custom_on_primary"] = _(
                    "These colours have a contrast ratio of %(ratio).2f:1; WCAG AA "
                    "needs at least 4.5:1. Choose a darker or lighter colour."
                ) % {"ratio": ratio}
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from events.views import brand_events_context

        context = super().get_context(request, *args, **kwargs)
        context.update(brand_events_context(self.regency, self.locale_id))
        return context

    @property
    def colours(self) -> Theme:
        if self.custom_primary and self.custom_on_primary:
            return Theme("custom", self.custom_primary, self.custom_on_primary)
        return PALETTE.get(self.theme, PALETTE[DEFAULT_THEME])

    def get_social_image(self):
        return self.social_image or self.hero_image


class Destination(Orderable):
    """A place to visit in the regency, listed on its brand page."""

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
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("category")]),
        FieldPanel("description"),
        FieldPanel("image"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")

    def __str__(self):
        return self.name

    @property
    def map_url(self):
        return (
            f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
            f"#map=14/{self.latitude}/{self.longitude}"
        )

    @property
    def geo_uri(self):
        """`geo:` link that phones open in their map app."""
        return f"geo:{self.latitude},{self.longitude}"


class DestinationIndexPage(BasePage):
    """All regencies' destinations on one page, filterable by category."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("destinations page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        category = request.GET.get("category", "")
        if category not in DestinationCategory.values:
            category = ""
        destinations = Destination.objects.filter(
            page__live=True, page__locale_id=self.locale_id
        ).select_related("page", "page__regency", "image")
        if category:
            destinations = destinations.filter(category=category)
        context["categories"] = DestinationCategory.choices
        context["category"] = category
        context["destinations"] = destinations.order_by(
            "page__regency__name", "sort_order"
        )
        return context
