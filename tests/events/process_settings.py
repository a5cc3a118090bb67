"""Settings of the app server and the cron job the multi-process tests start
(tests/events/test_processes.py): the test settings, whose cache is the
per-process local-memory cache, or Redis when `REDIS_URL` is set."""

import os

from config.settings import test

globals().update({k: v for k, v in vars(test).items() if k.isupper()})

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # Each test run its own keys, so runs in parallel never share.
            "KEY_PREFIX": os.environ["PROCESS_TEST_KEY_PREFIX"],
        }
    }
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"]},
}
