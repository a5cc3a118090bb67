"""The province home page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from brands.models import BrandPage
from core.blocks import BODY_BLOCKS
from core.models import BasePage
from events.models import VenuePage


class HomePage(BasePage):
    """The province's front page: its brand, the 15 regencies, highlight events
    and PKOR Way Halim."""

    tagline = models.CharField(
        _("tagline"), max_length=120, default="Lampung The Treasure of Sumatera"
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hero_credit = models.CharField(_("hero image credit"), max_length=120, blank=True)
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
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from events.views import highlights

        context = super().get_context(request, *args, **kwargs)
        context["brands"] = (
            BrandPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .select_related("regency", "logo")
            .defer_streamfields()
            .order_by("regency__kind", "regency__name")
        )
        context["highlights"] = highlights(request)
        context["venue_page"] = (
            VenuePage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .select_related("image", "venue")
            .first()
        )
        return context
