from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import SimpleTestCase, TestCase, override_settings

from core.caching import is_shared

SESSION = "django.contrib.sessions.middleware.SessionMiddleware"


def production_middleware():
    """The middleware order production.py builds: Cache-Control outside sessions."""
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index(SESSION), "core.caching.CacheControlMiddleware")
    return middleware


@override_settings(
    MIDDLEWARE=production_middleware(),
    CACHE_CONTROL_MAX_AGE=60,
    CACHE_CONTROL_SHARED_MAX_AGE=600,
)
class CacheControlTests(TestCase):
    """Which responses a shared cache (nginx, CDN) may keep."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_superuser(
            "cache-editor", "cache@example.org", "cache-editor-password"
        )

    def test_anonymous_public_page_is_cacheable_by_shared_caches(self):
        """The home page for an anonymous visitor: public, short for browsers,
        longer for shared caches (purged on publish)."""
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        self.assertEqual(directives, {"public", "max-age=60", "s-maxage=600"})

    def test_request_with_a_session_is_not_shared(self):
        """A signed-in editor's page view never lands in a shared cache."""
        self.client.force_login(self.editor)
        response = self.client.get("/")
        self.assertNotIn("public", response.get("Cache-Control", ""))

    def test_admin_is_never_marked_public(self):
        """Admin pages (even the login form) stay out of shared caches."""
        response = self.client.get("/admin/login/")
        self.assertNotIn("public", response.get("Cache-Control", ""))

    def test_view_choosing_its_own_cache_control_keeps_it(self):
        """The health check's never_cache header is left as the view set it."""
        response = self.client.get("/healthz")
        self.assertIn("no-cache", response["Cache-Control"])
        self.assertNotIn("public", response["Cache-Control"])

    def test_post_and_errors_are_not_cacheable(self):
        """Only successful GET/HEAD responses are shared; a 404 is not."""
        response = self.client.get("/no-such-page-here/")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("public", response.get("Cache-Control", ""))
        response = self.client.post("/")
        self.assertNotIn("public", response.get("Cache-Control", ""))


class SharedCacheTests(SimpleTestCase):
    """Which cache backends every process shares (core.caching.is_shared):
    what one process deletes there, the others no longer see."""

    def test_only_network_and_database_caches_are_shared(self):
        backends = {
            "django.core.cache.backends.locmem.LocMemCache": False,
            "django.core.cache.backends.filebased.FileBasedCache": False,
            "django.core.cache.backends.dummy.DummyCache": False,
            "django.core.cache.backends.redis.RedisCache": True,
            "django_redis.cache.RedisCache": True,
            "django.core.cache.backends.db.DatabaseCache": True,
        }
        for backend, shared in backends.items():
            caches = {"default": {"BACKEND": backend, "LOCATION": "127.0.0.1:6379"}}
            if backend.endswith("FileBasedCache"):
                caches["default"]["LOCATION"] = "/tmp/agenda-cache-test"  # noqa: S108
            with self.subTest(backend), override_settings(CACHES=caches):
                self.assertIs(is_shared(), shared)
