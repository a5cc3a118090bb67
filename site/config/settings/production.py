"""Production: every required value comes from the environment; a missing one stops the deploy."""

import os

from .base import *

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [h.strip() for h in os.environ["ALLOWED_HOSTS"].split(",") if h.strip()]


def _database(url: str) -> dict:
    """One database from its URL: connections reused and health-checked, and
    on PostgreSQL fail-fast connects and a statement timeout."""
    config = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        # An unreachable database must fail fast (the 503 page), not hang a worker.
        options.setdefault("connect_timeout", 3)
        # A runaway query is cancelled instead of holding a worker and a connection.
        options["options"] = (
            f"-c statement_timeout={int(os.environ.get('DB_STATEMENT_TIMEOUT_MS', '30000'))}"
        )
    return config


DATABASES = {"default": _database(os.environ["DATABASE_URL"])}
if os.environ.get("DATABASE_REPLICA_URL"):
    # Anonymous visitors' pages and feeds read from the replica; everything
    # else uses the primary (core/replicas.py, docs/deployment.md).
    DATABASES["replica"] = {
        **_database(os.environ["DATABASE_REPLICA_URL"]),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["core.replicas.ReplicaRouter"]
    MIDDLEWARE = [*MIDDLEWARE]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
        "core.replicas.ReplicaMiddleware",
    )
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", REPLICA_PIN_SECONDS))
REPLICA_RETRY_SECONDS = int(
    os.environ.get("REPLICA_RETRY_SECONDS", REPLICA_RETRY_SECONDS)
)

CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]
# The public address, https://host: links in feeds, exports, the booklet and
# e-mails (core/checks.py checks it against the Site and ALLOWED_HOSTS).
SITE_URL = os.environ["SITE_URL"].rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true") == "true"
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Every e-mail is stored first and sent by the outbox worker (core.outbox,
# `run_job outbox` from cron every minute) through OUTBOX_DELIVERY_BACKEND,
# retried while the mail server is down.
EMAIL_BACKEND = "core.outbox.OutboxBackend"
OUTBOX_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false") == "true"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "false") == "true"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "agenda",
            "OPTIONS": {
                # A cache outage must not take the site down: every read misses,
                # writes are dropped, and requests fall through to the database.
                # Short timeouts keep a dead Redis from holding the workers.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Anonymous public pages and feeds may be kept by nginx or a CDN (shared
# caches); Wagtail's frontend-cache purge (events/purge.py) removes them on
# publish and unpublish, so the shared lifetime can be long.
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
    "core.caching.CacheControlMiddleware",
)
CACHE_CONTROL_MAX_AGE = int(os.environ.get("CACHE_CONTROL_MAX_AGE", "60"))
CACHE_CONTROL_SHARED_MAX_AGE = int(
    os.environ.get("CACHE_CONTROL_SHARED_MAX_AGE", "600")
)
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    # PURGE requests go to the reverse proxy (site/deploy/nginx.conf); several
    # proxies: comma-separated, one PURGE each.
    WAGTAILFRONTENDCACHE = {
        f"proxy{i}": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": location.strip(),
        }
        for i, location in enumerate(os.environ["FRONTEND_CACHE_PURGE_URL"].split(","))
        if location.strip()
    }

# Media on S3-compatible object storage when a bucket is named; local disk
# (MEDIA_ROOT) otherwise. Credentials come from the standard AWS_ACCESS_KEY_ID
# and AWS_SECRET_ACCESS_KEY variables, read by boto3.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES = {
        **STORAGES,
        "default": {
            # django-storages' S3Storage, failing in seconds when unreachable.
            "BACKEND": "core.storage.ObjectStorage",
            "OPTIONS": {
                "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
                "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
                # Images are public and served through the CDN: plain URLs.
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    # Documents in private collections must pass Wagtail's permission check,
    # never a public bucket URL.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
