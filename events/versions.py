"""The calendar version: one number, bumped by every change that can alter
what a feed shows, and part of every feed's ETag and cache key.

The number lives in one database row (`CalendarVersion`, pk 1), bumped by
whichever process makes the change: a worker serving the admin, another app
server, or the cron job that publishes scheduled revisions. Readers keep it
in the cache for a few seconds only, so a change made by any process reaches
the feeds of every process within `version_lifetime()`:

- with a process-local cache (the local-memory cache, no `REDIS_URL`) the
  process that made the change can only forget its own copy; every other
  process reads the row again within `LOCAL_LIFETIME` seconds;
- with a shared cache (Redis) the change deletes the one shared copy, so it
  is seen at once; `SHARED_LIFETIME` bounds only a delete that was lost while
  the cache could not be reached.
"""

from datetime import UTC, datetime

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F
from django.utils import timezone

from core.caching import is_shared
from core.replicas import pin_public_reads_to_primary

from .models.occurrences import CalendarVersion

VERSION_KEY = "events:calendar-version"
# Seconds a process may answer with a number another process has replaced:
# a warm feed then spends one query per worker every LOCAL_LIFETIME seconds.
LOCAL_LIFETIME = 2
SHARED_LIFETIME = 30


def version_lifetime() -> int:
    """How long the cached number is used before the row is read again."""
    return SHARED_LIFETIME if is_shared() else LOCAL_LIFETIME


def version_row() -> tuple[int, datetime]:
    """The calendar's change number and time from its row on the primary,
    never from a cache: for the background runs that compare against it."""
    row = (
        CalendarVersion.objects.using(DEFAULT_DB_ALIAS)
        .filter(pk=1)
        .values_list("number", "changed_at")
    )
    return row.first() or (0, datetime(2000, 1, 1, tzinfo=UTC))


def calendar_version() -> tuple[int, datetime]:
    """The calendar's change number and time: from the cache for a few
    seconds (so a warm feed request touches no table), else one row by its
    primary key."""
    state = cache.get(VERSION_KEY)
    if state is None:
        # From the primary even on a public request: a lagging replica's old
        # number would be cached and name the old feeds.
        state = version_row()
        cache.set(VERSION_KEY, state, version_lifetime())
    return state


def calendar_changed() -> None:
    """Record that what some feed shows may have changed: every feed of
    every process gets a new ETag and cache key."""
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
