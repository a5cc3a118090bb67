"""What happened at past events, for the province's annual report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel


class OutcomeResult(models.TextChoices):
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class EventOutcome(models.Model):
    """What happened at a past event, recorded by its regency's editors for the
    annual report. Kept apart from the page so recording it needs no new
    revision or moderation."""

    event = models.OneToOneField(
        "events.EventPage",
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
