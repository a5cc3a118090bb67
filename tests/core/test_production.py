"""The production configuration, exercised for real: settings imported in a
subprocess with a production environment, PostgreSQL, Redis, gunicorn."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from django.core.cache import caches
from django.test import SimpleTestCase, TestCase, override_settings

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
REQUIRED = {
    "SECRET_KEY": "production-test-key-" + "x" * 40,
    "ALLOWED_HOSTS": "agenda.example.org,www.agenda.example.org",
    "DATABASE_URL": POSTGRES_URL,
    "SITE_URL": "https://agenda.example.org",
}
FACTS = """
import json
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from wagtail.search.backends import get_search_backend
facts = {
    "database": {k: settings.DATABASES["default"][k]
                 for k in ("ENGINE", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "OPTIONS")},
    "caches": settings.CACHES,
    "storages": settings.STORAGES,
    "middleware": settings.MIDDLEWARE,
    "frontend_cache": getattr(settings, "WAGTAILFRONTENDCACHE", None),
    "search_backend": type(get_search_backend()).__name__,
    "debug": settings.DEBUG,
    "docs_serve_method": getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None),
    "replica": {k: v for k, v in settings.DATABASES.get("replica", {}).items()
                if k in ("ENGINE", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "OPTIONS")},
    "routers": settings.DATABASE_ROUTERS,
}
for alias in ("default", "replica"):
    if alias in connections and connections[alias].vendor == "postgresql":
        with connections[alias].cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            facts[f"{alias}_statement_timeout"] = cursor.fetchone()[0]
print(json.dumps(facts, default=str))
"""


def production_env(**overrides):
    """The process environment for production settings: the real one minus
    anything that could leak in, plus `overrides` (None removes a name)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("AWS_", "REDIS_", "FRONTEND_CACHE", "DB_", "DATABASE_REPLICA")
        )
    }
    env.update(REQUIRED)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    env["PYTHONPATH"] = str(REPO / "site")
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_python(code, **overrides):
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [PYTHON, "-c", code],
        cwd=REPO,
        env=production_env(**overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_facts(**overrides):
    result = run_python(FACTS, **overrides)
    if result.returncode != 0:
        raise AssertionError(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RequiredEnvironmentTests(SimpleTestCase):
    def test_production_settings_refuse_to_load_without_a_required_variable(self):
        """A missing SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL or SITE_URL stops the deploy:
        the settings module fails to import, naming the variable."""
        for name in REQUIRED:
            with self.subTest(name):
                result = run_python("import config.settings.production", **{name: None})
                self.assertNotEqual(result.returncode, 0)
                self.assertIn(f"KeyError: '{name}'", result.stderr)

    def test_production_settings_load_with_the_required_variables(self):
        """With the required variables set, the settings import cleanly, debug off."""
        result = run_python(
            "import config.settings.production as s; print(s.DEBUG, s.ALLOWED_HOSTS)"
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(
            "False ['agenda.example.org', 'www.agenda.example.org']", result.stdout
        )


class ProductionStackTests(SimpleTestCase):
    """One subprocess with every optional service configured."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.facts = production_facts(
            REDIS_URL="redis://127.0.0.1:6379/5",
            AWS_STORAGE_BUCKET_NAME="agenda-media",
            AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
            AWS_S3_CUSTOM_DOMAIN="media.agenda.example.org",
            FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:8080, http://10.0.0.2:8080",
            DB_STATEMENT_TIMEOUT_MS="15000",
            DATABASE_REPLICA_URL=POSTGRES_URL,
        )

    def test_postgresql_connections_are_reused_health_checked_and_time_limited(self):
        """Persistent connections with health checks, and a statement timeout
        that PostgreSQL itself reports for the session."""
        database = self.facts["database"]
        self.assertEqual(database["ENGINE"], "django.db.backends.postgresql")
        self.assertEqual(database["CONN_MAX_AGE"], 60)
        self.assertIs(database["CONN_HEALTH_CHECKS"], True)
        self.assertEqual(database["OPTIONS"]["connect_timeout"], 3)
        self.assertEqual(self.facts["default_statement_timeout"], "15s")

    def test_a_replica_gets_the_same_connection_settings_router_and_middleware(self):
        """DATABASE_REPLICA_URL adds the `replica` alias with the primary's
        reuse, health checks and statement timeout (PostgreSQL reports it on
        the replica's own connection), the router, and the middleware that
        marks public requests, placed before anything reads the database."""
        replica = self.facts["replica"]
        self.assertEqual(replica["CONN_MAX_AGE"], 60)
        self.assertIs(replica["CONN_HEALTH_CHECKS"], True)
        self.assertEqual(replica["OPTIONS"]["connect_timeout"], 3)
        self.assertEqual(self.facts["replica_statement_timeout"], "15s")
        self.assertEqual(self.facts["routers"], ["core.replicas.ReplicaRouter"])
        middleware = self.facts["middleware"]
        self.assertLess(
            middleware.index("core.replicas.ReplicaMiddleware"),
            middleware.index("django.contrib.sessions.middleware.SessionMiddleware"),
        )

    def test_search_uses_postgresql_full_text_search(self):
        """On PostgreSQL, Wagtail's database search backend is the PostgreSQL
        full-text one."""
        self.assertEqual(self.facts["search_backend"], "PostgresSearchBackend")

    def test_redis_is_the_cache_and_its_errors_are_ignored(self):
        """django-redis with exceptions ignored, so an outage degrades to the database."""
        cache = self.facts["caches"]["default"]
        self.assertEqual(cache["BACKEND"], "django_redis.cache.RedisCache")
        self.assertEqual(cache["LOCATION"], "redis://127.0.0.1:6379/5")
        self.assertIs(cache["OPTIONS"]["IGNORE_EXCEPTIONS"], True)

    def test_media_go_to_s3_and_static_files_keep_hashed_compressed_names(self):
        """A bucket name switches media to S3; static files stay on WhiteNoise's
        compressed manifest storage (hashed names, cacheable forever)."""
        storages = self.facts["storages"]
        self.assertEqual(storages["default"]["BACKEND"], "core.storage.ObjectStorage")
        options = storages["default"]["OPTIONS"]
        self.assertEqual(options["bucket_name"], "agenda-media")
        self.assertEqual(options["endpoint_url"], "http://127.0.0.1:9000")
        self.assertEqual(options["custom_domain"], "media.agenda.example.org")
        self.assertEqual(
            storages["staticfiles"]["BACKEND"],
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
        self.assertEqual(self.facts["docs_serve_method"], "serve_view")

    def test_frontend_cache_purges_every_proxy_and_headers_middleware_is_on(self):
        """One HTTP purge backend per proxy; Cache-Control middleware installed
        outside the session middleware so it sees the cookies set."""
        locations = sorted(b["LOCATION"] for b in self.facts["frontend_cache"].values())
        self.assertEqual(locations, ["http://10.0.0.2:8080", "http://127.0.0.1:8080"])
        middleware = self.facts["middleware"]
        self.assertLess(
            middleware.index("core.caching.CacheControlMiddleware"),
            middleware.index("django.contrib.sessions.middleware.SessionMiddleware"),
        )

    def test_without_optional_services_media_stay_on_disk(self):
        """No bucket, no Redis: local media and the local-memory cache."""
        facts = production_facts(DATABASE_URL="sqlite:////tmp/agenda-prod-test.db")
        self.assertEqual(
            facts["storages"]["default"]["BACKEND"],
            "core.storage.MediaStorage",
        )
        self.assertEqual(
            facts["caches"]["default"]["BACKEND"],
            "django.core.cache.backends.locmem.LocMemCache",
        )
        self.assertIsNone(facts["frontend_cache"])
        self.assertEqual((facts["replica"], facts["routers"]), ({}, []))
        self.assertNotIn("core.replicas.ReplicaMiddleware", facts["middleware"])


class GunicornConfigTests(SimpleTestCase):
    def test_gunicorn_loads_the_application_with_the_deploy_config(self):
        """`gunicorn --check-config` with site/deploy/gunicorn.conf.py imports
        the WSGI application from any working directory."""
        result = subprocess.run(  # noqa: S603
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "--check-config",
                "-c",
                str(REPO / "site" / "deploy" / "gunicorn.conf.py"),
            ],
            cwd="/",
            env=production_env(DATABASE_URL="sqlite:////tmp/agenda-prod-test.db"),
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.assertEqual(result.returncode, 0, result.stderr)


def redis_settings(url):
    """The production CACHES entry for `url`, read from the settings module."""
    return production_facts(
        REDIS_URL=url, DATABASE_URL="sqlite:////tmp/agenda-prod-test.db"
    )["caches"]


class RedisDegradationTests(TestCase):
    """The production cache settings against the real Redis, and against a
    port where no Redis answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.live = redis_settings("redis://127.0.0.1:6379/7")
        cls.dead = redis_settings(f"redis://127.0.0.1:{closed_port()}/0")

    def test_cache_round_trips_through_redis(self):
        """With Redis up, values are stored and read back."""
        with override_settings(CACHES=self.live):
            cache = caches["default"]
            cache.set("production-test", "kept", 30)
            self.assertEqual(cache.get("production-test"), "kept")
            cache.delete("production-test")
            caches["default"].close()

    def test_site_keeps_serving_when_redis_is_down(self):
        """With Redis unreachable, reads miss, writes do not raise, and pages
        still render from the database."""
        with override_settings(CACHES=self.dead):
            cache = caches["default"]
            cache.set("production-test", "lost", 30)
            self.assertIsNone(cache.get("production-test"))
            response = self.client.get("/")
            self.assertEqual(response.status_code, 200)
