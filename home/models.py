"""The province home page."""

from django.db import models
from django.db.models import Case, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from brands.models import BrandIndexPage, BrandPage, DestinationIndexPage
from core.blocks import BODY_BLOCKS
from core.images import attach_images, prefetch_renditions
from core.models import BasePage, HeroMixin
from core.query import not_restricted
from events.models import EventIndexPage, Occurrence, VenuePage

# Highlight events on the home page.
HIGHLIGHTS = 6
# The home page links to these children by role, whatever their slugs.
INDEX_PAGES = {
    "calendar": EventIndexPage,
    "regencies": BrandIndexPage,
    "destinations": DestinationIndexPage,
}


class HomePage(HeroMixin, BasePage):
    """The province's front page: its brand, the regencies, highlight events
    and PKOR Way Halim with its anjungan."""

    rendition_uses = BasePage.rendition_uses | {"hero_image": ("home_hero", "social")}

    tagline = models.CharField(
        _("tagline"),
        max_length=120,
        default="Lampung The Treasure of Sumatera",
        help_text=_("The provincial tourism brand, shown as the main heading."),
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

    def route(self, request, path_components):
        """Wagtail's routing, except that a child which only passes the
        request on to its own children (`route_without_fields`, such as the
        regency index on the way to a brand page) is not loaded in full:
        one query less for every brand page."""
        if not path_components:
            return super().route(request, path_components)
        child = self.get_children().filter(slug=path_components[0]).first()
        if child is None:
            raise Http404
        child._cached_parent_obj = self
        remaining = path_components[1:]
        if remaining and getattr(child.specific_class, "route_without_fields", False):
            return child.specific_deferred.route(request, remaining)
        return child.specific.route(request, remaining)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        attach_images([self], "hero_image", "social_image")
        brands = list(
            BrandPage.objects.visible()
            .in_language(self.locale_id)
            .for_cards()
            .order_by("regency__kind", "regency__name")
        )
        for brand in brands:
            brand.untranslated = brand.locale_id != self.locale_id
        context["brands"] = brands
        events = Occurrence.objects.visible().highlights(timezone.now(), HIGHLIGHTS)
        context["highlights"] = events
        venue_page = (
            VenuePage.objects.live()
            .filter(not_restricted(), locale_id=self.locale_id)
            .select_related("image")
            .order_by("pk")
            .first()
        )
        context["venue_page"] = venue_page
        index_pages, pavilions = self.linked_pages()
        context["index_pages"] = index_pages
        context["pavilions"] = pavilions
        calendar = index_pages.get("calendar")
        context["year_links"] = (
            EventIndexPage.year_links(request, calendar) if calendar else None
        )
        context["feed"] = EventIndexPage.feed_links(
            request, {}, get_language() or "", calendar=calendar
        )
        prefetch_renditions(
            [
                self.hero_image,
                self.social_image,
                venue_page.image if venue_page else None,
                *(brand.logo for brand in brands),
                *(occurrence.event.image for occurrence in events),
            ]
        )
        return context

    def linked_pages(self) -> tuple[dict[str, Page], list[Page]]:
        """The calendar, regency index and destinations page under this home
        page, by role, and the anjungan at PKOR, in one query (plain pages:
        their title and URL are all the home page shows)."""
        roles = Case(
            *(
                When(**{f"{model._meta.model_name}__isnull": False}, then=Value(role))
                for role, model in INDEX_PAGES.items()
            ),
            When(pavilionpage__isnull=False, then=Value("pavilion")),
            default=Value(""),
        )
        pages = (
            Page.objects.live()
            .filter(not_restricted(), locale_id=self.locale_id)
            .descendant_of(self)
            # Index pages are children, anjungan grandchildren: the events
            # further down (100,000 of them nationally) are never looked at.
            .filter(depth__lte=self.depth + 2)
            .annotate(role=roles)
            .exclude(role="")
            .order_by("title")
        )
        index_pages, pavilions = {}, []
        for page in pages:
            if page.role == "pavilion":
                pavilions.append(page)
            elif page.depth == self.depth + 1:
                index_pages.setdefault(page.role, page)
        return index_pages, pavilions

    def get_social_image(self):
        return self.social_image or self.hero_image
