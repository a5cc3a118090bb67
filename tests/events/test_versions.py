"""The calendar version (events.versions) is cached for a few seconds only:
another process's change reaches this one without being told."""

import uuid

from django.core.cache import cache
from django.test import TestCase, override_settings

from events.models import CalendarVersion
from events.versions import (
    LOCAL_LIFETIME,
    SHARED_LIFETIME,
    VERSION_KEY,
    calendar_changed,
    calendar_version,
    version_lifetime,
)
from tests.security.test_faults import reachable

REDIS_CACHE = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/12",
        "KEY_PREFIX": f"versions-{uuid.uuid4().hex}",
    }
}


class CalendarVersionTests(TestCase):
    def setUp(self):
        cache.clear()

    def test_a_process_local_cache_keeps_the_number_two_seconds(self):
        """The local-memory cache (one per process): two seconds, after which
        the row written by any process is read again."""
        self.assertEqual(version_lifetime(), LOCAL_LIFETIME)
        self.assertLessEqual(LOCAL_LIFETIME, 2)

    def test_the_number_is_the_rows(self):
        """Read from the row once, then from the cache; a change made here
        is seen at once."""
        calendar_changed()
        number = CalendarVersion.objects.get(pk=1).number
        with self.assertNumQueries(1):
            self.assertEqual(calendar_version()[0], number)
        with self.assertNumQueries(0):
            self.assertEqual(calendar_version()[0], number)
        calendar_changed()
        self.assertEqual(calendar_version()[0], number + 1)

    @override_settings(CACHES=REDIS_CACHE)
    def test_a_shared_cache_is_told_at_once_and_keeps_the_number_briefly(self):
        """Redis: the change deletes the one shared copy; the copy expires
        anyway after SHARED_LIFETIME, should a delete have been lost."""
        if not reachable("127.0.0.1", 6379):
            self.skipTest("Redis is not reachable at 127.0.0.1:6379")
        self.addCleanup(cache.delete, VERSION_KEY)
        self.assertEqual(version_lifetime(), SHARED_LIFETIME)
        calendar_version()
        self.assertTrue(0 < cache.ttl(VERSION_KEY) <= SHARED_LIFETIME)
        calendar_changed()
        self.assertIsNone(cache.get(VERSION_KEY))
