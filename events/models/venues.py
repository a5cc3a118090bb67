"""Places where events happen."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from core.models import Regency


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
