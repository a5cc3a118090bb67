"""Settings shared by every environment. Nothing secret or host-specific lives here."""

import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url

BASE_DIR = Path(__file__).resolve().parents[3]
SITE_DIR = BASE_DIR / "site"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "core",
    "events",
    "brands",
    "home",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A media store that cannot take a file: a 503 page, never a 500.
    "core.storage.StorageFaultMiddleware",
    # Last, as django-axes asks: turns a flagged login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# With a read replica (production settings, DATABASE_REPLICA_URL): public
# reads stay on the primary this long after a published change, and a
# replica that refused a connection is retried after this long.
REPLICA_PIN_SECONDS = 10
REPLICA_RETRY_SECONDS = 30

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        # Indonesian government web guidance asks for at least 12 characters.
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: 5 failed attempts for one username from one address lock that
# pair for 15 minutes, then it unlocks by itself. Username and address together,
# so one office behind a shared address is not locked out by one careless colleague.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_COOLOFF_MESSAGE = (
    "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit. "
    "(Too many failed login attempts. Try again in 15 minutes.)"
)

# Only staff sign in, so sessions are the admin's: they end after an hour without
# a request (the page editor's own periodic ping keeps an open edit alive).
SESSION_COOKIE_AGE = 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_SITE_NAME = "Agenda Lampung"
# The site's public address, http(s)://host[:port]: set per environment
# (dev, test, production); `setup_province` gives it to Wagtail's default Site,
# from which every absolute link is built, and the admin's e-mails link to it.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: editors' e-mail hashes stay here, and the admin's
# Content-Security-Policy allows images from this origin only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_MODERATION_ENABLED = True
# The database backend: PostgreSQL full-text search (tsvector, GIN index) on
# PostgreSQL, FTS5 on SQLite (which ignores SEARCH_CONFIG). "simple": no
# English stemming of Indonesian. Named, not the server's default, so that
# PostgreSQL parses a visitor's words once per statement: to_tsquery without
# a configuration is STABLE, parsed again for each row it tests (a word in
# every event read 100,000 rows in 100 ms instead of 21).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "simple",
    }
}
# Upload limits: 10 MB and 40 megapixels (a 7,700 × 5,200 photo) keep rendition
# work bounded; Wagtail refuses larger files with a message naming the limit.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Alt text (the image description) is required on upload and edit.
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.forms.ImageForm"
# Raster formats only: SVG can carry script, so it is never accepted as an image.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "avif", "webp": "webp"}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "csv", "txt"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
TAGGIT_CASE_INSENSITIVE = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    # Django's FileSystemStorage, removing a file it could not finish writing.
    "default": {"BACKEND": "core.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "agenda-lampung",
    }
}

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Where the outbox worker sends what core.outbox.OutboxBackend stored
# (production uses both; development prints each e-mail at once).
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "agenda@lampungprov.go.id")

LOGIN_URL = "wagtailadmin_login"

# The background jobs cron runs (site/deploy/crontab, each line as
# `manage.py run_job NAME`): the command, and how long the schedule may go
# without a success before the administrators' dashboard and
# /healthz/jobs say so (the interval plus a few missed runs' slack).
SCHEDULED_JOBS = {
    "publish_scheduled": {
        "command": ["publish_scheduled"],
        "within": timedelta(minutes=20),
    },
    "booklets": {
        "command": ["build_booklet", "--stale"],
        "within": timedelta(minutes=30),
    },
    "booklets_nightly": {
        "command": ["build_booklet", "--stale", "--all"],
        "within": timedelta(hours=26),
    },
    "occurrences": {"command": ["refresh_occurrences"], "within": timedelta(hours=26)},
    "renditions": {"command": ["warm_renditions"], "within": timedelta(hours=3)},
    "sessions": {"command": ["clearsessions"], "within": timedelta(hours=26)},
    "outbox": {"command": ["send_outbox"], "within": timedelta(minutes=10)},
    "revisions": {
        "command": ["purge_revisions", "--days=90"],
        "within": timedelta(days=8),
    },
    "calendars": {"command": ["import_calendars"], "within": timedelta(hours=26)},
}

# Public calendar and feeds.
EVENTS_HORIZON_DAYS = 730
EVENTS_FEED_PAST_DAYS = 30
# Networks a calendar import may fetch from although they are not public
# (events.ical_fetch): none. Only the tests allow 127.0.0.1/32, to serve a
# calendar of their own.
CALENDAR_IMPORT_ALLOWED_NETWORKS: list[str] = []
EVENTS_FEED_FUTURE_DAYS = 365
EVENTS_PER_PAGE = 20
# The printed Calendar of Events (events.booklet) holds every event of a year
# up to this many; above, the major events and anjungan programmes, and says
# how many more are on the online calendar.
BOOKLET_MAX_EVENTS = 3000
