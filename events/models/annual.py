"""What happened at past events, for the province's annual report."""

from django.conf import settings
from django.db import IntegrityError, models, transaction
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


def regency_q(keys) -> models.Q:
    """Rows (events or counts) of these regencies, None among them meaning
    the province's own."""
    keys = set(keys)
    condition = models.Q(regency_id__in=keys - {None})
    if None in keys:
        condition |= models.Q(regency__isnull=True)
    return condition


class RegencyYearCount(models.Model):
    """The planning report's counts of one regency's live events in a year
    (`regency` empty: the province's own), as counted on `day`: the
    dashboard and the report read these rows instead of counting 100,000
    events on every view. Publishing, unpublishing, moving or deleting an
    event forgets its regency's rows; they are counted again on the next
    view, and every day (`past` depends on the day)."""

    regency = models.ForeignKey(
        "core.Regency", null=True, on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    day = models.DateField()
    approved = models.PositiveIntegerField(default=0)
    month_only = models.PositiveIntegerField(default=0)
    past = models.PositiveIntegerField(default=0)
    published = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "regency"], name="one_count_per_regency_year"
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(regency__isnull=True),
                name="one_province_count_per_year",
            ),
        ]

    def __str__(self):
        return f"{self.regency or 'province'} {self.year}"

    @classmethod
    def forget(cls, regency_ids=None) -> None:
        """Forget the counts of these regencies (None in the list: the
        province's), or of every regency: now, for the rest of this
        transaction, and again once it commits, for counts another worker
        stored while it ran (`store` waits for this change's version)."""
        rows = cls.objects.all()
        if regency_ids is not None:
            rows = rows.filter(regency_q(regency_ids))
        rows.delete()
        transaction.on_commit(rows.delete)

    @classmethod
    def store(cls, counts: list, year: int, version: int) -> bool:
        """Keep these fresh counts of `year` in place of the regencies' old
        ones, unless the calendar changed since `version` (read before
        counting): the counts may then miss that change, and the next view
        counts again. Returns whether they were kept.

        The version row is read after the delete, under its lock: a change
        that has bumped it but not committed makes this wait and refuse; a
        change that bumps it afterwards waits for this commit, then forgets
        these rows again (`forget`'s second delete)."""
        from .occurrences import CalendarVersion

        try:
            with transaction.atomic():
                cls.objects.filter(
                    regency_q(c.regency_id for c in counts), year=year
                ).delete()
                now = (
                    CalendarVersion.objects.select_for_update()
                    .filter(pk=1)
                    .values_list("number", flat=True)
                    .first()
                )
                if (now or 0) != version:
                    raise _Changed
                cls.objects.bulk_create(counts)
        except _Changed:
            return False
        except IntegrityError:
            # Another worker stored the same counts a moment before.
            return False
        return True


class _Changed(Exception):
    """The calendar changed while the counts were being made."""
