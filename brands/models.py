"""Regency tourism brands: one brand page per kabupaten/kota with its destinations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, get_supported_language_variant
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
from core.images import prefetch_renditions
from core.models import THEME_CHOICES, BasePage, HeroMixin, Regency, RegencyKind
from core.provincial_fields import ProvincialFieldsPageForm
from core.query import not_restricted
from events.models import EventIndexPage, Occurrence, PavilionPage

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
    def in_language(self, locale_id: int) -> "BrandPageQuerySet":
        """Brand pages in this locale, plus those of regencies whose page is not
        (yet) translated into it, in the default language: every regency is
        always listed."""
        translated = BrandPage.objects.filter(
            locale_id=locale_id, translation_key=OuterRef("translation_key")
        )
        default = get_supported_language_variant(settings.LANGUAGE_CODE)
        return self.filter(
            Q(locale_id=locale_id)
            | Q(locale__language_code=default) & ~Exists(translated)
        )

    def visible(self) -> "BrandPageQuerySet":
        """Live and outside any view restriction, checked within this query."""
        return self.live().filter(not_restricted())

    def for_cards(self) -> "BrandPageQuerySet":
        """What a regency card shows: the regency and the logo (the logos'
        renditions are prefetched with the page's other images)."""
        return self.select_related("regency", "logo").defer_streamfields()


class BrandIndexPage(BasePage):
    """The regency index: all regencies and cities, kabupaten and kota grouped."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["brands.BrandPage"]
    max_count_per_parent = 1
    # Routing to a brand page reads only this page's tree fields (HomePage.route).
    route_without_fields = True

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("regency index")
        verbose_name_plural = _("regency indexes")

    def route(self, request, path_components):
        """A brand page with its regency and images in one query, where
        Wagtail's route takes two and the template three more."""
        if not path_components:
            return super().route(request, path_components)
        page = (
            BrandPage.objects.child_of(self)
            .filter(slug=path_components[0])
            .select_related("regency", "hero_image", "logo", "social_image")
            .first()
        )
        if page is None:
            # Another kind of child (an alias, a page moved here): Wagtail's way.
            return super().route(request, path_components)
        page._cached_parent_obj = self
        return page.route(request, path_components[1:])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = list(
            BrandPage.objects.visible()
            .in_language(self.locale_id)
            .for_cards()
            .order_by("regency__name")
        )
        for page in pages:
            page.untranslated = page.locale_id != self.locale_id
        prefetch_renditions([p.logo for p in pages])
        context["kabupaten"] = [
            p for p in pages if p.regency.kind == RegencyKind.KABUPATEN
        ]
        context["kota"] = [p for p in pages if p.regency.kind == RegencyKind.KOTA]
        return context


class BrandPage(HeroMixin, BasePage):
    """A regency's tourism brand: identity, theme, story, destinations and
    upcoming events. Edited only by that regency's editors group."""

    rendition_uses = BasePage.rendition_uses | {
        "hero_image": ("brand_hero", "social"),
        "logo": ("brand_logo", "brand_card_logo"),
        "destinations.image": ("destination",),
    }

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
    # Regency editors edit their brand page but cannot move it to another regency.
    provincial_fields = ["regency"]
    base_form_class = ProvincialFieldsPageForm

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
        upcoming = self.upcoming_events()
        body_images = self.body_images()
        calendar, pavilion = self.calendar_and_pavilion()
        context["upcoming"] = upcoming
        context["pavilion"] = pavilion
        context["calendar_url"] = calendar.url if calendar else ""
        context["feed"] = self.feed_links(request, calendar)
        prefetch_renditions(
            [
                self.hero_image,
                self.logo,
                self.social_image,
                *(d.image for d in self.destination_list),
                *(o.event.image for o in upcoming),
                *body_images,
            ]
        )
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

    def body_images(self) -> list:
        """The images of the body's image and gallery blocks (loaded together
        by the stream), so their renditions come with the page's others."""
        images = []
        for block in self.body:
            if block.block_type == "image":
                images.append(block.value["image"])
            elif block.block_type == "gallery":
                images.extend(block.value["images"])
        return images

    @cached_property
    def destination_list(self) -> list["Destination"]:
        """The destinations with their images, loaded once for the page and
        its destinations block (the unsaved ones in a preview)."""
        return list(self.destinations.select_related("image"))

    def upcoming_events(self, now=None) -> list:
        """The regency's next live, public events in the current language:
        each event's next occurrence (not every week of a weekly activity),
        soonest first. Empty, never an error, when nothing is scheduled."""
        return Occurrence.objects.visible().regency_upcoming(
            self.regency, now or timezone.now(), UPCOMING_EVENTS
        )

    def calendar_and_pavilion(self) -> tuple[Page | None, Page | None]:
        """The calendar and the regency's anjungan at PKOR in this language,
        in one query (plain pages: their title and URL are all the page
        shows)."""
        # Found by id in the two small tables, not by joining both to every
        # page: with 100,000 events the page tree is mostly events.
        calendars = EventIndexPage.objects.order_by().values("pk")
        pavilions = PavilionPage.objects.filter(regency_id=self.regency_id)
        pages = (
            Page.objects.live()
            .filter(not_restricted())
            .filter(Q(pk__in=calendars) | Q(pk__in=pavilions.order_by().values("pk")))
            .annotate(calendar=Q(pk__in=calendars))
            .order_by("depth", "pk")
        )
        calendar = pavilion = None
        for page in pages:
            # The language is checked here: as a condition it would make the
            # database walk every page of the language.
            if page.locale_id != self.locale_id:
                continue
            if page.calendar:
                calendar = calendar or page
            else:
                pavilion = pavilion or page
        return calendar, pavilion

    def feed_links(self, request, calendar: Page | None = None) -> dict:
        """The addresses of the regency's iCal feed for the "Subscribe" menu
        and the page's `<link rel="alternate">`, with the calendar's help page
        on subscribing when there is a calendar (no queries)."""
        return EventIndexPage.feed_links(
            request,
            {"regency": self.regency.slug},
            get_language() or "",
            name=f"Agenda Lampung: {self.regency.name}",
            calendar=calendar,
        )

    def get_social_image(self):
        return self.social_image or self.hero_image


class DestinationQuerySet(models.QuerySet):
    def visible(self, locale_id: int) -> "DestinationQuerySet":
        """Destinations of live, public brand pages in this language (or in
        the default one for a regency not translated into it)."""
        pages = BrandPage.objects.visible().in_language(locale_id)
        return self.filter(page__in=pages.values("pk"))

    def in_category(self, category: str) -> "DestinationQuerySet":
        return self.filter(category=category)

    def for_listing(self) -> "DestinationQuerySet":
        """With brand page, regency and image in the same query."""
        return self.select_related("page", "page__regency", "image")


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
        prefetch_renditions(
            [self.social_image] + [d.image for d in context["destinations"]]
        )
        return context
