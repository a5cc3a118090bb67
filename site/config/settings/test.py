"""Tests: fast hashing, in-memory cache, plain static files, tasks run at once."""

from .base import *

SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "media" / "test"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
# Client.login() passes no request, which django-axes refuses; the throttling
# tests (tests/security/test_hardening.py) turn it back on.
AXES_ENABLED = False
# A read replica mirroring the test database, for core/replicas.py's tests
# (tests/core/test_replicas.py); nothing reads from it unless a test installs
# the router.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
# No collectstatic under test: WhiteNoise finds static files through the
# finders, as in development, instead of warning about a missing STATIC_ROOT
# in every request's middleware chain.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
