"""The calendar version: one number, bumped by every change that can alter
what a feed shows, and part of every feed's ETag and cache key."""

from datetime import UTC, datetime

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F
from django.utils import timezone

from core.replicas import pin_public_reads_to_primary

from .models.occurrences import CalendarVersion

VERSION_KEY = "events:calendar-version"


def calendar_version() -> tuple[int, datetime]:
    """The calendar's change number and time, from the cache when it has them
    (so a warm feed request touches no table)."""
    state = cache.get(VERSION_KEY)
    if state is None:
        # From the primary even on a public request: a lagging replica's old
        # number would be cached with no expiry.
        row = (
            CalendarVersion.objects.using(DEFAULT_DB_ALIAS)
            .filter(pk=1)
            .values_list("number", "changed_at")
        )
        state = row.first() or (0, datetime(2000, 1, 1, tzinfo=UTC))
        cache.set(VERSION_KEY, state, None)
    return state


def calendar_changed() -> None:
    """Record that what some feed shows may have changed: every feed gets a
    new ETag and cache key."""
    now = timezone.now()
    updated = CalendarVersion.objects.filter(pk=1).update(
        number=F("number") + 1, changed_at=now
    )
    if not updated:
        CalendarVersion.objects.get_or_create(
            pk=1, defaults={"number": 1, "changed_at": now}
        )
    pin_public_reads_to_primary()
    cache.delete(VERSION_KEY)
    # A request between this moment and the commit may have cached the old
    # number again; forget it once the change is visible to everyone.
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))
