"""The province home page."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from brands.models import BrandIndexPage, BrandPage, DestinationIndexPage
from core.blocks import BODY_BLOCKS
from core.images import attach_images
from core.models import BasePage
from events.models import EventIndexPage, PavilionPage, VenuePage

# The home page links to these children by role, whatever their slugs.
INDEX_PAGES = {
    "calendar": EventIndexPage,
    "regencies": BrandIndexPage,
    "destinations": DestinationIndexPage,
}


class HomePage(BasePage):
    """The province's front page: its brand, the regencies, highlight events
    and PKOR Way Halim with its anjungan."""

    tagline = models.CharField(
        _("tagline"),
        max_length=120,
        default="Lampung The Treasure of Sumatera",
        help_text=_("The provincial tourism brand, shown as the main heading."),
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
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BODY_BLOCKS, verbose_name=_("body"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("tagline"),
                FieldPanel("hero_image"),
                FieldPanel("hero_credit"),
            ],
            heading=_("hero"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("tagline"),
        index.SearchField("intro"),
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from events.views import highlights

        context = super().get_context(request, *args, **kwargs)
        attach_images([self], "hero_image", "social_image")
        context["brands"] = list(
            BrandPage.objects.live()
            .public()
            .in_locale(self.locale_id)
            .for_cards()
            .order_by("regency__kind", "regency__name")
        )
        events = highlights(request)
        prefetch_related_objects(
            [o.event for o in events if o.event.image_id], "image__renditions"
        )
        context["highlights"] = events
        context["index_pages"] = self.index_pages()
        venue_page = (
            VenuePage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .select_related("image")
            .prefetch_related("image__renditions")
            .first()
        )
        context["venue_page"] = venue_page
        context["pavilions"] = (
            PavilionPage.objects.child_of(venue_page)
            .live()
            .public()
            .select_related("regency")
            .order_by("title")
            if venue_page
            else []
        )
        return context

    def index_pages(self) -> dict[str, Page]:
        """The calendar, regency index and destinations page under this home
        page, by role, in one query (plain pages: enough for their URLs)."""
        types = {
            ContentType.objects.get_for_model(model).pk: role
            for role, model in INDEX_PAGES.items()
        }
        pages = (
            Page.objects.child_of(self)
            .live()
            .public()
            .filter(content_type_id__in=types)
            .order_by("path")
        )
        found = {}
        for page in pages:
            found.setdefault(types[page.content_type_id], page)
        return found

    def get_social_image(self):
        return self.social_image or self.hero_image
