"""Faults, for real: the app runs under gunicorn in a subprocess with the
production settings, against its own PostgreSQL database and Redis.

- Redis down (a closed port): pages and feeds keep serving from the database;
  /readyz says the cache is unreachable.
- Database gone (renamed away, its connections ended): the branded 503 page
  comes in seconds, /healthz stays 200, /readyz is 503; once the database is
  back the same process serves again, without a restart.

The shared PostgreSQL server is never stopped: only this test's database is
renamed. Skipped, saying why, where PostgreSQL is not reachable.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.test import SimpleTestCase

import psycopg

from tests.security import report

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("FAULTS_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("FAULTS_REDIS_URL", "redis://127.0.0.1:6379/14")
CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"
PUBLIC_URLS = ("/", "/events/lampung.ics", "/api/events/", "/sitemap.xml")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def admin_sql(*statements):
    with psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=3) as conn:
        for statement in statements:
            if isinstance(statement, tuple):
                conn.execute(*statement)
            else:
                conn.execute(statement)


def get(port, path, timeout=10):
    """(status, body, seconds) of a GET to the test server."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}{path}", timeout=timeout
        ) as response:
            return response.status, response.read(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.monotonic() - started


class AppServer:
    """gunicorn with the production settings on a free local port."""

    def __init__(self, database_url, redis_url):
        self.port = free_port()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.security.fault_settings",
            "SECRET_KEY": "fault-tests-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": "https://127.0.0.1",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SECURE_SSL_REDIRECT": "false",
            "DB_CONN_MAX_AGE": "60",
        }
        self.env.pop("AWS_STORAGE_BUCKET_NAME", None)
        self.env.pop("FRONTEND_CACHE_PURGE_URL", None)
        self.process = None

    def manage(self, *args):
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            timeout=600,
        )

    def start(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 - our own app server
            [
                str(gunicorn),
                "--pythonpath",
                "site,.",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "60",
                "config.wsgi",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if reachable("127.0.0.1", self.port):
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None


class FaultTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not reachable("127.0.0.1", 5432):
            raise cls.skipTest(
                cls,
                "PostgreSQL is not reachable at 127.0.0.1:5432; fault tests need it",
            )
        cls.database = f"agenda_faults_{os.getpid()}"
        admin_sql(
            f'DROP DATABASE IF EXISTS "{cls.database}_away"',
            f'DROP DATABASE IF EXISTS "{cls.database}"',
            f'CREATE DATABASE "{cls.database}"',
        )
        cls.database_url = f"{PG}/{cls.database}"
        AppServer(cls.database_url, CLOSED_PORT_REDIS).manage("migrate", "--noinput")

    @classmethod
    def tearDownClass(cls):
        admin_sql(
            f'DROP DATABASE IF EXISTS "{cls.database}_away" WITH (FORCE)',
            f'DROP DATABASE IF EXISTS "{cls.database}" WITH (FORCE)',
        )
        super().tearDownClass()

    def serve(self, redis_url):
        server = AppServer(self.database_url, redis_url)
        server.start()
        self.addCleanup(server.stop)
        return server

    @report.holds(
        "Redis down (gunicorn)",
        "every public page and feed answers 200 from the database; /readyz says the cache is down",
    )
    def test_site_and_feeds_keep_serving_with_redis_down(self):
        """Redis on a closed port: every public page and feed still answers
        200 from the database, quickly; /readyz reports the cache."""
        server = self.serve(CLOSED_PORT_REDIS)
        get(server.port, "/")  # the worker's first request loads templates
        slowest = 0.0
        for path in PUBLIC_URLS:
            with self.subTest(path):
                status, _, seconds = get(server.port, path)
                slowest = max(slowest, seconds)
                self.assertEqual(status, 200)
                # A dead cache costs no waiting: well under the gunicorn timeout
                # even on a busy CI machine.
                self.assertLess(seconds, 10)
        status, body, _ = get(server.port, "/readyz")
        self.assertEqual(status, 503)
        self.assertIn(b'"database": "ok"', body)
        self.assertIn(b'"cache": "error', body)
        self.assertEqual(get(server.port, "/healthz")[0], 200)
        self.seen["observed"] = (
            f"{len(PUBLIC_URLS)} URLs 200, slowest {slowest:.2f} s; /readyz 503"
        )

    def test_ready_with_database_and_redis_up(self):
        """With both services up, /readyz answers 200."""
        if not reachable("127.0.0.1", 6379):
            self.skipTest("Redis is not reachable at 127.0.0.1:6379")
        server = self.serve(REDIS_URL)
        status, body, _ = get(server.port, "/readyz")
        self.assertEqual(status, 200, body)

    @report.holds(
        "database outage (gunicorn + PostgreSQL)",
        "branded 503 within 3 s, liveness up; pages again from the same process after",
    )
    def test_database_outage_gives_503_and_recovers_without_restart(self):
        """The database disappears: the branded 503 comes in under three
        seconds, liveness stays up, readiness goes down. It comes back: the
        same process serves pages again."""
        server = self.serve(CLOSED_PORT_REDIS)
        self.assertEqual(get(server.port, "/")[0], 200)
        pid = server.process.pid
        admin_sql(
            (
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s",
                [self.database],
            ),
            f'ALTER DATABASE "{self.database}" RENAME TO "{self.database}_away"',
        )
        slowest = 0.0
        try:
            for path in ("/", "/agenda/", "/events/lampung.ics"):
                with self.subTest(down=path):
                    status, body, seconds = get(server.port, path)
                    slowest = max(slowest, seconds)
                    self.assertEqual(status, 503)
                    self.assertIn("Layanan sedang tidak tersedia", body.decode())
                    self.assertIn("Service temporarily unavailable", body.decode())
                    self.assertLess(seconds, 3)
            self.assertEqual(get(server.port, "/healthz")[0], 200)
            status, body, _ = get(server.port, "/readyz")
            self.assertEqual(status, 503)
            self.assertIn(b'"database": "error', body)
        finally:
            admin_sql(
                f'ALTER DATABASE "{self.database}_away" RENAME TO "{self.database}"'
            )
        status, _, _ = get(server.port, "/")
        self.assertEqual(status, 200)
        self.assertEqual(server.process.pid, pid)
        self.assertIsNone(server.process.poll())
        self.seen["observed"] = (
            f"503 in at most {slowest:.2f} s; 200 again from pid {pid} after"
        )
