"""Cache-Control headers that let a shared cache (nginx, Varnish, a CDN) serve
public pages and feeds, and whether Django's own cache is shared between
processes. The Redis cache itself is configured in
`config/settings/production.py`.

Wagtail's frontend-cache invalidation purges those shared copies when an event
is published or unpublished (`events/purge.py`), so the shared lifetime can be
long while the browser's stays short.
"""

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.utils.cache import patch_cache_control

SHAREABLE_STATUS = {200, 301}
# Django cache backends whose entries every process sees (every worker, app
# server and cron job). The local-memory cache is one per process; a file
# cache is one per machine.
SHARED_BACKENDS = (
    "django.core.cache.backends.redis.",
    "django.core.cache.backends.memcached.",
    "django.core.cache.backends.db.",
    "django_redis.",
)


def is_shared(alias: str = DEFAULT_CACHE_ALIAS) -> bool:
    """Whether an entry one process writes to (or deletes from) the cache
    `alias` is seen by all the others."""
    backend = type(caches[alias])
    return f"{backend.__module__}.{backend.__qualname__}".startswith(SHARED_BACKENDS)


class CacheControlMiddleware:
    """Marks anonymous, public GET responses as cacheable by shared caches.

    A response is left alone when the view already chose its own
    Cache-Control (feeds, health checks, Wagtail's private pages), when it
    sets a cookie, uses the CSRF token or the request carries a session (an
    editor's or a visitor who unlocked a password-protected page), or when it
    is under the admin. Lifetimes come from the settings
    `CACHE_CONTROL_MAX_AGE` (browsers) and `CACHE_CONTROL_SHARED_MAX_AGE`
    (shared caches, purged on publish).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.is_shareable(request, response):
            patch_cache_control(
                response,
                public=True,
                max_age=getattr(settings, "CACHE_CONTROL_MAX_AGE", 60),
                s_maxage=getattr(settings, "CACHE_CONTROL_SHARED_MAX_AGE", 600),
            )
        return response

    def is_shareable(self, request, response) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if response.status_code not in SHAREABLE_STATUS:
            return False
        if response.has_header("Cache-Control") or response.cookies:
            return False
        if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            return False
        if request.META.get("CSRF_COOKIE_USED"):
            return False
        private_prefixes = getattr(
            settings, "CACHE_CONTROL_PRIVATE_PREFIXES", ("/admin/", "/documents/")
        )
        return not request.path.startswith(tuple(private_prefixes))
