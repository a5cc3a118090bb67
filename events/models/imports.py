"""A regency's own calendar imported into the site: where it comes from
(`CalendarSource`), what each run did (`ImportRun`), and which event came
from which source event (`ImportedEvent`). The reading is `events.ical_reader`,
the fetching `events.ical_fetch`, the run itself `events.calendar_import`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Regency

from ..choices import EventCategory


class CalendarSource(models.Model):
    """An iCal calendar a regency keeps elsewhere (Google, Outlook, Apple…),
    read by address on a schedule, or uploaded as an .ics file. Its events
    become draft events of the regency submitted for review."""

    name = models.CharField(_("name"), max_length=150)
    regency = models.ForeignKey(
        Regency,
        verbose_name=_("regency or city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calendar_sources",
        help_text=_("Empty for the province's own calendar."),
    )
    # Text, not a URLField: webcal:// is a calendar's usual address, and
    # events.ical_fetch checks the address (scheme, no credentials, no
    # private host) on save and again on every fetch.
    url = models.CharField(
        _("calendar address"),
        max_length=1000,
        blank=True,
        help_text=_(
            "The calendar's public iCal address (https://…, or webcal://…). "
            "Empty for a calendar uploaded as an .ics file."
        ),
    )
    category = models.CharField(
        _("category"),
        max_length=30,
        choices=EventCategory.choices,
        default=EventCategory.CULTURE,
        help_text=_(
            "The category of events whose CATEGORIES name none of the calendar's."
        ),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Read by the scheduled run every night; off to pause it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, editable=False)

    class Meta:
        verbose_name = _("imported calendar")
        verbose_name_plural = _("imported calendars")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class ImportRun(models.Model):
    """One reading of a source: when, by whom (empty: the scheduled run),
    the counts, and one entry per source event that was not simply
    unchanged: {"uid", "title", "outcome", "reason", "event"}."""

    class Outcome(models.TextChoices):
        ADDED = "added", _("added")
        UPDATED = "updated", _("updated")
        FLAGGED = "flagged", _("flagged")
        REFUSED = "refused", _("refused")

    source = models.ForeignKey(
        CalendarSource, on_delete=models.CASCADE, related_name="runs"
    )
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    file_name = models.CharField(max_length=255, blank=True)
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    entries = models.JSONField(default=list)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["source", "-started_at"])]

    def __str__(self):
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"


class ImportFlag(models.TextChoices):
    """Why an imported event needs a look; never deleted or overwritten."""

    NONE = "", _("none")
    CANCELLED = "cancelled", _("cancelled in the source calendar; not changed here")
    VANISHED = "vanished", _("no longer in the source calendar; not deleted here")
    EDITED_HERE = (
        "edited_here",
        _(
            "changed in the source calendar, but edited here since the last "
            "import: not overwritten"
        ),
    )


class ImportedEvent(models.Model):
    """Which source event an event page came from, and what the import last
    wrote: the content hash of the source event and the revision it saved
    (a later revision is an edit made here, which a re-import never
    overwrites). `flag` says why the event needs a look: cancelled or gone
    at the source, or edited here while the source changed."""

    source = models.ForeignKey(
        CalendarSource, on_delete=models.CASCADE, related_name="events"
    )
    source_uid = models.CharField(max_length=500)
    event = models.OneToOneField(
        "events.EventPage", on_delete=models.CASCADE, related_name="imported_from"
    )
    content_hash = models.CharField(max_length=64)
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField()
    flag = models.CharField(max_length=20, choices=ImportFlag.choices, blank=True)
    flagged_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_uid"], name="events_imported_source_uid"
            )
        ]

    def __str__(self):
        return self.source_uid
