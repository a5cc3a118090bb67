"""Correct across processes, for real: gunicorn with two workers, each with
its own local-memory cache (no `REDIS_URL`, which docs/deployment.md
allows), and `manage.py publish_scheduled` run as cron runs it, in a third
process.

An editor's scheduled revision of an event (a new title and a new time) is
published by the cron process. Within a few seconds every worker must answer
a conditional GET carrying the feed's old ETag with 200 and the new feed,
never with the stale 304 that the worker's own cached calendar version would
give. The same with Redis as the shared cache.

The processes use the test database: on PostgreSQL the test database itself
(the test is transactional, so they see its committed rows); on SQLite, whose
test database lives in this process's memory, a file copy of it.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import time as clock_time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

from django.core.cache import cache
from django.db import connection
from django.test import TransactionTestCase
from django.utils import timezone

import redis

from events.models import EventPage
from tests.security.test_faults import free_port, reachable

from .factories import calendar_tree, live_event

ROOT = Path(__file__).resolve().parents[2]
FEED = "/events/lampung.ics"
REDIS_URL = os.environ.get("PROCESS_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")
OLD_TITLE, NEW_TITLE = "Festival Teluk Kiluan", "Festival Teluk Semaka"
# How long after the cron job has finished every worker must serve the
# change: the calendar version's lifetime in a process-local cache
# (events.versions.LOCAL_LIFETIME, 2 s), plus a worker's time to build the
# feed on a busy machine.
PROPAGATION_SECONDS = 8
# Requests sent at once: while one worker is busy the other answers, so every
# round hears from both.
PARALLEL = 4


def fetch(port, path=FEED, headers=None):
    """(status, headers, body) of a GET to the app server."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers=headers or {}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:  # 304 and the errors
        return error.code, error.headers, error.read()


class Site:
    """gunicorn with two workers and the cron job's `manage.py`, on one
    database and cache configuration (tests/events/process_settings.py)."""

    def __init__(self, database_url, folder, redis_url=None):
        self.port = free_port()
        self.log = Path(folder) / f"gunicorn-{self.port}.log"
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DATABASE_", "DB_", "REDIS_", "DJANGO_SETTINGS"))
        }
        self.env.update(
            DJANGO_SETTINGS_MODULE="tests.events.process_settings",
            DATABASE_URL=database_url,
        )
        if redis_url:
            self.env["REDIS_URL"] = redis_url
            self.env["PROCESS_TEST_KEY_PREFIX"] = f"processes-{uuid.uuid4().hex}"
        self.process = None

    def start(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own app server
                [
                    str(gunicorn),
                    "--pythonpath",
                    "site,.",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "2",
                    "--timeout",
                    "60",
                    "tests.events.process_wsgi:application",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if reachable("127.0.0.1", self.port):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{self.log.read_text()}")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def manage(self, *args):
        """A management command in its own process, as cron runs it."""
        return subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def round(self, headers=None):
        """PARALLEL GETs of the feed at once: [(worker, status, etag, body)]."""
        with ThreadPoolExecutor(PARALLEL) as pool:
            answers = list(
                pool.map(lambda _: fetch(self.port, headers=headers), range(PARALLEL))
            )
        return [
            (answered["X-Worker"], status, answered.get("ETag"), body)
            for status, answered, body in answers
        ]

    def forget_redis_keys(self):
        client = redis.Redis.from_url(self.env["REDIS_URL"])
        for key in client.scan_iter(f"{self.env['PROCESS_TEST_KEY_PREFIX']}*"):
            client.delete(key)
        client.close()


class ChangesReachEveryProcessTests(TransactionTestCase):
    # Restores the rows the migrations create (root page, locales, site).
    serialized_rollback = True

    def setUp(self):
        cache.clear()
        folder = tempfile.TemporaryDirectory(prefix="agenda-processes-")
        self.addCleanup(folder.cleanup)
        self.folder = folder.name
        tree = calendar_tree()
        self.day = timezone.localdate() + timedelta(days=20)
        event = live_event(
            tree.folders["lampung-barat"],
            title=OLD_TITLE,
            start_date=self.day,
            start_time=clock_time(19),
            end_time=clock_time(21),
        )
        # The editor's change, scheduled to go live in a moment: Wagtail
        # keeps it as a revision with an approved go-live time, and the
        # live event is unchanged until cron publishes it.
        event.title = NEW_TITLE
        event.start_time = clock_time(20, 30)
        event.end_time = clock_time(22)
        self.go_live_at = timezone.now() + timedelta(seconds=1)
        event.go_live_at = self.go_live_at
        event.save_revision().publish()
        self.event = EventPage.objects.get(pk=event.pk)
        self.assertEqual(self.event.title, OLD_TITLE)
        self.assertIsNotNone(self.event.get_latest_revision().approved_go_live_at)
        self.database_url = self.database_for_processes()

    def database_for_processes(self) -> str:
        """The URL of the test database for the other processes."""
        if connection.vendor == "sqlite":
            path = Path(self.folder) / "agenda.sqlite3"
            with connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [str(path)])
            return f"sqlite:///{path}"
        db = connection.settings_dict
        return (
            f"postgres://{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}"
            f"@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
        )

    def serve(self, redis_url=None) -> Site:
        site = Site(self.database_url, self.folder, redis_url)
        site.start()
        self.addCleanup(site.stop)
        if redis_url:
            self.addCleanup(site.forget_redis_keys)
        return site

    def warm(self, site: Site) -> tuple[str, set[str]]:
        """Both workers serve the feed and have its version cached: each has
        answered a conditional GET with 304. Returns the ETag and the
        workers."""
        answers = site.round()
        self.assertEqual({status for _w, status, _e, _b in answers}, {200})
        (etag,) = {etag for _w, _s, etag, _b in answers}
        self.assertIn(f"SUMMARY:{OLD_TITLE}".encode(), answers[0][3])
        workers = set()
        deadline = time.monotonic() + 30
        while len(workers) < 2 and time.monotonic() < deadline:
            for worker, status, _etag, _body in site.round({"If-None-Match": etag}):
                self.assertEqual(status, 304)
                workers.add(worker)
        self.assertEqual(len(workers), 2, "only one gunicorn worker answered")
        return etag, workers

    def publish_by_cron(self, site: Site) -> float:
        """`publish_scheduled` in its own process, once the go-live time has
        passed; returns when it finished (time.monotonic())."""
        wait = (self.go_live_at - timezone.now()).total_seconds()
        if wait > 0:
            time.sleep(wait + 0.1)
        site.manage("publish_scheduled")
        return time.monotonic()

    def assert_every_worker_serves_the_change(self, site, etag, workers, since):
        """Each worker answers the old ETag with 200 and the new feed within
        PROPAGATION_SECONDS, and never with 304 again."""
        new_start = f"{self.day:%Y%m%d}T203000".encode()
        fresh = {}
        stale = set()
        while time.monotonic() < since + PROPAGATION_SECONDS:
            for worker, status, new_etag, body in site.round({"If-None-Match": etag}):
                if status == 304:
                    self.assertNotIn(worker, fresh, "a worker went back to 304")
                    stale.add(worker)
                    continue
                self.assertEqual(status, 200)
                self.assertNotEqual(new_etag, etag)
                self.assertIn(f"SUMMARY:{NEW_TITLE}".encode(), body)
                self.assertIn(new_start, body)
                self.assertNotIn(f"SUMMARY:{OLD_TITLE}".encode(), body)
                fresh.setdefault(worker, time.monotonic() - since)
            if set(fresh) >= workers:
                break
            time.sleep(0.1)
        self.assertGreaterEqual(
            set(fresh),
            workers,
            f"still answering 304 Not Modified {PROPAGATION_SECONDS} s after "
            f"publish_scheduled: {sorted(workers - set(fresh))} "
            f"(fresh after: {fresh})",
        )
        # Nothing but the new feed from now on, from every worker.
        for worker, status, _etag, body in site.round({"If-None-Match": etag}):
            with self.subTest(worker=worker):
                self.assertEqual(status, 200)
                self.assertIn(f"SUMMARY:{NEW_TITLE}".encode(), body)

    def assert_published_by_the_pipeline(self, site):
        """The cron process ran the publishing pipeline: the stored
        occurrences (read by the API) have the new time."""
        status, _headers, body = fetch(site.port, "/api/events/")
        self.assertEqual(status, 200)
        (row,) = [
            row
            for row in json.loads(body)["results"]
            if row["title"] in (OLD_TITLE, NEW_TITLE)
        ]
        self.assertEqual(row["title"], NEW_TITLE)
        self.assertEqual(row["start"], f"{self.day.isoformat()}T20:30:00+07:00")

    def test_scheduled_publishing_by_cron_reaches_every_worker(self):
        """Local-memory cache, one per process: after `publish_scheduled`
        in a third process, every worker answers the old ETag with 200 and
        the new title and time within a few seconds."""
        site = self.serve()
        etag, workers = self.warm(site)
        since = self.publish_by_cron(site)
        self.assert_every_worker_serves_the_change(site, etag, workers, since)
        self.assert_published_by_the_pipeline(site)

    def test_scheduled_publishing_by_cron_reaches_every_worker_with_redis(self):
        """Redis, shared by the workers and cron: the same, at once."""
        host, port = REDIS_URL.split("//", 1)[1].split("/", 1)[0].split(":")
        if not reachable(host, int(port)):
            self.skipTest(f"Redis is not reachable at {host}:{port}")
        site = self.serve(REDIS_URL)
        etag, workers = self.warm(site)
        since = self.publish_by_cron(site)
        self.assert_every_worker_serves_the_change(site, etag, workers, since)
