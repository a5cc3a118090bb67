"""Settings for the fault tests' app server: the production settings (caches,
database options, middleware) served without collectstatic and over HTTP."""

import os

from config.settings import production

globals().update({k: v for k, v in vars(production).items() if k.isupper()})

STORAGES = {
    **production.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", production.MEDIA_ROOT)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"]},
}
