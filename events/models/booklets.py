"""Where each year's PDF booklet is, as the background run last built it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredBooklets(models.QuerySet):
    def built(self, year: int, language: str) -> "StoredBooklet | None":
        """The year's booklet in `language` as last built, or None."""
        return self.filter(year=year, language=language).exclude(name="").first()


class StoredBooklet(models.Model):
    """The booklet of a year in one language (events.booklet): its stored
    file, when it was built, and the calendar version it was last checked
    against. Visitors are only ever served this file; a row without one is a
    booklet a visitor asked for that the background run has not built yet."""

    year = models.PositiveSmallIntegerField()
    language = models.CharField(max_length=8)
    name = models.CharField(max_length=255, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    pages = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    # The calendar version (events.versions) when the content was last
    # compared: a newer version means the booklet may be stale.
    checked_version = models.PositiveBigIntegerField(default=0)

    objects = StoredBooklets.as_manager()

    class Meta:
        verbose_name = _("stored booklet")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "language"], name="events_storedbooklet_unique"
            )
        ]

    def __str__(self):
        return f"{self.year} ({self.language}): {self.name or '-'}"
