"""The performance benchmark behind `make bench`.

Seeds a throwaway database (Django's test-database machinery: `bench_<name>`
on PostgreSQL, a temporary file on SQLite, never the developer's own database)
with the demo province plus N synthetic events, then times every public view
and feed through the real URLs with Django's test client, uncached (the cache
is cleared before each timed request), and compares them with floors measured
in the same run. Prints one table and exits non-zero when a target is missed.
"""

import os
import statistics
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from events.models import EventPage, refresh_statistics
from home.bench_probes import (
    SEARCH_WORDS,
    SYNTHETIC_PREFIX,
    YEAR_VIEW,
    FeedFloors,
    Probes,
    in_child,
)
from home.demo import DemoLoader, read_data
from home.synthetic import generate_events

# Views whose uncached time must stay flat as the calendar grows.
FLAT_VIEWS = ("month grid", "upcoming list", "event page")
# Views whose uncached p95 must stay under the limit at the largest size.
P95_VIEWS = FLAT_VIEWS + tuple(SEARCH_WORDS)
P95_LIMIT_MS = 150.0
GROWTH_LIMIT = 2.0
FEED_FLOOR_LIMIT = 3.0
# The feed/floor ratio is judged from this size up (issue #5 sets it for the
# 10,000-event feed): below it, the request's fixed cost outweighs the join.
FEED_FLOOR_FROM = 10_000
# Above this size the icalendar floor takes minutes per round: one round.
ONE_ROUND_ABOVE = 20_000
# The year view lists the year's major events and counts the rest: bounded in
# time and size whatever the calendar holds (issue 18).
YEAR_P95_LIMIT_MS = 150.0
YEAR_SIZE_LIMIT = 300 * 1024
FEED_MEMORY_LIMIT = 3.0
# The admin pages editors land on (issue #20): the dashboard, as a provincial
# moderator (every regency) and as a regency editor (their own), and the
# moderators' planning report.
ADMIN_VIEWS = (
    "admin dashboard (moderator)",
    "admin dashboard (editor)",
    "planning report",
)
ADMIN_LIMIT_MS = 300.0
EVENT_PAGE_QUERY_LIMIT = 12
PLAIN_STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


@dataclass
class Measure:
    """The figures of one view at one calendar size."""

    view: str
    events: int
    status: int = 0
    times: list[float] = field(default_factory=list)
    queries: int | None = None
    size: int = 0
    peak: int = 0
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000 if self.times else 0.0

    @property
    def p95_ms(self) -> float:
        if not self.times:
            return 0.0
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


@dataclass
class Target:
    text: str
    passed: bool
    detail: str


class Command(BaseCommand):
    help = (
        "Benchmark the calendar views, event and brand pages and the iCal feeds "
        "with 1,000 and 10,000 synthetic events (or --events N …) on a throwaway "
        "database. Exits non-zero when a performance target is missed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--events",
            type=int,
            nargs="+",
            default=[1000, 10000],
            metavar="N",
            help="calendar sizes to measure, ascending (default: 1000 10000)",
        )
        parser.add_argument(
            "--repeat",
            type=int,
            default=15,
            help="timed requests per view and size (default: 15)",
        )
        parser.add_argument(
            "--booklet-max",
            type=int,
            default=None,
            metavar="N",
            help="skip the PDF booklet above N events in the calendar (default: "
            "always build it; above settings.BOOKLET_MAX_EVENTS it prints only "
            "the major events and programmes)",
        )
        parser.add_argument(
            "--keepdb",
            action="store_true",
            help="keep the seeded benchmark database for the next run",
        )

    def handle(self, *args, **options):
        sizes = sorted(set(options["events"]))
        if sizes[0] < 1 or options["repeat"] < 3:
            raise CommandError("--events must be positive and --repeat at least 3")
        self.repeat = options["repeat"]
        self.booklet_max = options["booklet_max"]
        alias_settings = connection.settings_dict
        # Per process, so two runs at once never clobber each other's database;
        # a kept one has a fixed name to be found again.
        suffix = "" if options["keepdb"] else f"_{os.getpid()}"
        if alias_settings["ENGINE"].endswith("sqlite3"):
            test_name = str(
                Path(tempfile.gettempdir()) / f"agenda_bench{suffix}.sqlite3"
            )
        else:
            test_name = f"bench_{alias_settings['NAME']}{suffix}"
        alias_settings.setdefault("TEST", {})["NAME"] = test_name
        self.stdout.write(
            f"Benchmark database: {connection.vendor} {test_name} · cache: "
            f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]} · "
            f"{self.repeat} timed requests per figure"
        )
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=options["keepdb"]
        )
        try:
            # Production-like: no debug, but static URLs without a collectstatic.
            with override_settings(
                DEBUG=False,
                ALLOWED_HOSTS=["testserver", "localhost"],
                STORAGES={**settings.STORAGES, "staticfiles": PLAIN_STATIC},
            ):
                measures, seeding = self.run_sizes(sizes)
        finally:
            connection.creation.destroy_test_db(
                old_name, verbosity=0, keepdb=options["keepdb"]
            )
        targets = self.evaluate(measures, sizes)
        self.report(measures, seeding, targets)
        missed = [t for t in targets if not t.passed]
        if missed:
            raise CommandError(f"{len(missed)} of {len(targets)} targets missed")
        self.stdout.write(self.style.SUCCESS(f"All {len(targets)} targets met."))

    # Seeding.

    def run_sizes(self, sizes):
        seeding = []
        if not EventPage.objects.exists():
            started = time.perf_counter()
            DemoLoader(read_data(), timezone.localdate()).load(with_users=False)
            seeding.append(("demo province", time.perf_counter() - started))
        measures = []
        for size in sizes:
            have = EventPage.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count()
            if have > size:
                raise CommandError(
                    f"the kept database already holds {have} synthetic events; "
                    "run without --keepdb for a smaller size"
                )
            if size > have:
                started = time.perf_counter()
                generate_events(size - have)
                seeding.append(
                    (f"+{size - have} events", time.perf_counter() - started)
                )
                # Written out before the timing starts, not flushed by the
                # kernel in the middle of it.
                os.sync()
            # Statistics for the planner after the bulk insert, as autovacuum
            # (PostgreSQL) or the daily refresh_occurrences (SQLite) would
            # gather them shortly on a live site.
            refresh_statistics()
            self.stdout.write(f"Measuring {size} events…")
            measures.extend(self.measure_size(size))
        return measures, seeding

    # Measuring.

    def measure_size(self, size):
        probes = Probes()
        measures = []
        pages = list(probes.page_urls())
        admin = list(probes.admin_urls())
        clients = {view: client for view, _url, client in admin}
        rounds = self.interleaved_times(
            [(view, url) for view, url in pages if url]
            + [(view, url) for view, url, _client in admin],
            clients,
        )
        for view, url in pages:
            if url is None:
                measures.append(Measure(view, size, note="n/a (not built)"))
            else:
                measures.append(self.measure_url(view, size, url, times=rounds[view]))
        for view, url, client in admin:
            measures.append(
                self.measure_url(view, size, url, times=rounds[view], client=client)
            )
        build_booklet, printed, count = probes.booklet_builder()
        if self.booklet_max is not None and size > self.booklet_max:
            measures.append(
                Measure(
                    "year booklet (PDF)",
                    size,
                    note=f"skipped: {count} events, above --booklet-max",
                )
            )
        else:
            # As the background run builds it: in another process (a fork),
            # whose peak memory above this one's is the build's.
            measure = Measure("year booklet (PDF)", size, status=200)
            seconds, measure.peak, measure.size = in_child(build_booklet)
            measure.times.append(seconds)
            measure.note = (
                f"{printed} of {count} events of {probes.year} printed, built once "
                "in a background process; peak = its memory above the parent's"
            )
            measures.append(measure)
        measures.extend(self.measure_feeds(size, probes))
        return measures

    def interleaved_times(self, urls, clients=None):
        """Uncached server times of several views, timed in rounds of one
        request each: a busy spell on a shared machine then slows one round
        of every view rather than every round of one view, and the ratios
        between views and sizes stay fair. `clients` gives the (logged-in)
        client of a view; the others are anonymous."""
        clients = {view: (clients or {}).get(view) or Client() for view, _url in urls}
        for view, url in urls:
            clients[view].get(url)  # warm imports and templates, not data
        times = {view: [] for view, _url in urls}
        for _ in range(self.repeat):
            for view, url in urls:
                cache.clear()
                started = time.perf_counter()
                response = clients[view].get(url)
                _body(response)
                times[view].append(time.perf_counter() - started)
        return times

    def measure_url(
        self,
        view,
        size,
        url,
        headers=None,
        clear=True,
        repeat=None,
        times=None,
        client=None,
    ):
        """Times (unless `times` were taken already), then status, size, SQL
        queries and peak memory of one URL, anonymously unless a (logged-in)
        `client` is given."""
        client = client or Client()
        headers = headers or {}
        client.get(url, headers=headers)  # warm imports and templates, not data
        if times is None:
            times = []
            for _ in range(repeat or self.repeat):
                if clear:
                    cache.clear()
                started = time.perf_counter()
                response = client.get(url, headers=headers)
                body = _body(response)
                times.append(time.perf_counter() - started)
        else:
            response = client.get(url, headers=headers)
            body = _body(response)
        measure = Measure(view, size, times=times)
        measure.status = response.status_code
        measure.size = len(body)
        if clear:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url, headers=headers)
        measure.queries = len(queries)
        reset_queries()
        if clear:
            cache.clear()
        tracemalloc.start()
        response = client.get(url, headers=headers)
        if response.streaming:
            for _chunk in response:
                pass
        measure.peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        if measure.status not in (200, 304):
            measure.note = f"HTTP {measure.status} for {url}"
        return measure

    def measure_call(self, view, size, function, repeat=None):
        measure = Measure(view, size)
        result = b""
        for _ in range(repeat or max(3, self.repeat // 5)):
            cache.clear()
            started = time.perf_counter()
            result = function()
            measure.times.append(time.perf_counter() - started)
        measure.status = 200
        measure.size = len(result) if isinstance(result, bytes | str) else 0
        return measure

    def measure_feeds(self, size, probes):
        measures = []
        try:
            floors = FeedFloors(probes.today)
        except (ImportError, AttributeError):
            self.join_floor = self.plain_floor = None
            return [Measure("feed floors", size, note="n/a (feed hooks not built)")]
        join = self.measure_call(
            "floor: join stored VEVENTs", size, floors.join, self.repeat
        )
        join.note = f"{floors.count} events, {floors.stored} with stored VEVENT"
        join.extra = {"count": floors.count, "stored": floors.stored}
        in_memory = self.measure_call(
            "ref: join in memory", size, floors.join_in_memory, self.repeat
        )
        in_memory.note = "texts already loaded: no query"
        rounds = 1 if size > ONE_ROUND_ABOVE else max(3, self.repeat // 5)
        plain = self.measure_call(
            "floor: plain icalendar", size, floors.serialise, rounds
        )
        plain.note = f"{floors.count} events, icalendar from memory"
        measures += [join, in_memory, plain]
        self.join_floor = join if floors.stored == floors.count else None
        self.plain_floor = plain
        for view, url in probes.feed_urls():
            if url is None:
                measures.append(Measure(view, size, note="n/a (not built)"))
                continue
            cold = self.measure_url(f"{view} cold", size, url)
            measures.append(cold)
            warm = self.measure_url(f"{view} warm", size, url, clear=False)
            measures.append(warm)
            response = Client().get(url)
            validators = {}
            if response.get("ETag"):
                validators["If-None-Match"] = response["ETag"]
            if response.get("Last-Modified"):
                validators["If-Modified-Since"] = response["Last-Modified"]
            if validators:
                conditional = self.measure_url(
                    f"{view} 304", size, url, headers=validators
                )
            else:
                conditional = Measure(f"{view} 304", size, note="no ETag/Last-Modified")
            measures.append(conditional)
            for measure in (cold, warm):
                measure.note = self.ratio_note(measure)
        return measures

    def ratio_note(self, measure):
        parts = []
        if self.join_floor is not None and self.join_floor.median_ms:
            parts.append(f"{measure.median_ms / self.join_floor.median_ms:.1f}x join")
        if self.plain_floor is not None and self.plain_floor.median_ms:
            parts.append(
                f"{measure.median_ms / self.plain_floor.median_ms:.2f}x icalendar"
            )
        return ", ".join(parts)

    # Targets.

    def evaluate(self, measures, sizes):
        by_key = {(m.view, m.events): m for m in measures}
        small, large = sizes[0], sizes[-1]
        targets = []
        views = []
        for m in measures:
            if m.view not in views:
                views.append(m.view)
        for view in views:
            first, last = by_key.get((view, small)), by_key.get((view, large))
            if first is None or last is None or first.queries is None:
                continue
            targets.append(
                Target(
                    f"{view}: SQL queries constant in N",
                    first.queries == last.queries,
                    f"{first.queries} at {small}, {last.queries} at {large}",
                )
            )
        for size in sizes:
            page = by_key.get(("event page", size))
            if page is not None and page.queries is not None:
                targets.append(
                    Target(
                        f"event page: ≤ {EVENT_PAGE_QUERY_LIMIT} SQL queries at {size}",
                        page.queries <= EVENT_PAGE_QUERY_LIMIT,
                        f"{page.queries} queries",
                    )
                )
        for view in ADMIN_VIEWS:
            last = by_key.get((view, large))
            if last is None or not last.times:
                continue
            targets.append(
                Target(
                    f"{view}: p95 < {ADMIN_LIMIT_MS:.0f} ms at {large} events",
                    last.p95_ms < ADMIN_LIMIT_MS and last.status == 200,
                    f"p95 {last.p95_ms:.1f} ms"
                    + ("" if last.status == 200 else f", HTTP {last.status}"),
                )
            )
        for view in P95_VIEWS:
            first, last = by_key.get((view, small)), by_key.get((view, large))
            if first is None or last is None or not last.times:
                continue
            targets.append(
                Target(
                    f"{view}: p95 < {P95_LIMIT_MS:.0f} ms at {large} events",
                    last.p95_ms < P95_LIMIT_MS,
                    f"p95 {last.p95_ms:.1f} ms",
                )
            )
            if large > small and view in FLAT_VIEWS:
                growth = last.median_ms / first.median_ms
                targets.append(
                    Target(
                        f"{view}: time at {large} ≤ {GROWTH_LIMIT:.0f}x time at {small}",
                        growth <= GROWTH_LIMIT,
                        f"{growth:.2f}x ({first.median_ms:.1f} → {last.median_ms:.1f} ms)",
                    )
                )
        year = by_key.get((YEAR_VIEW, large))
        if year is not None and year.times:
            targets.append(
                Target(
                    f"{YEAR_VIEW}: p95 ≤ {YEAR_P95_LIMIT_MS:.0f} ms at {large} events",
                    year.p95_ms <= YEAR_P95_LIMIT_MS,
                    f"p95 {year.p95_ms:.1f} ms",
                )
            )
            targets.append(
                Target(
                    f"{YEAR_VIEW}: HTML ≤ {YEAR_SIZE_LIMIT // 1024} KB at {large} events",
                    0 < year.size <= YEAR_SIZE_LIMIT,
                    f"{year.size / 1024:.0f} KB",
                )
            )
        judged = [s for s in sizes if s >= FEED_FLOOR_FROM] or sizes[-1:]
        for size in judged:
            cold = by_key.get(("province feed cold", size))
            join = by_key.get(("floor: join stored VEVENTs", size))
            if cold is None or not cold.times or join is None:
                continue
            stored_all = join.extra["stored"] == join.extra["count"] > 0
            ratio = cold.median_ms / join.median_ms if stored_all else 0.0
            targets.append(
                Target(
                    f"province feed cold ≤ {FEED_FLOOR_LIMIT:.0f}x join floor at {size}",
                    bool(stored_all) and 0 < ratio <= FEED_FLOOR_LIMIT,
                    f"{ratio:.1f}x ({cold.median_ms:.1f} vs {join.median_ms:.1f} ms)"
                    if stored_all
                    else "floor unmeasurable: events without stored VEVENT",
                )
            )
        cold = by_key.get(("province feed cold", large))
        conditional = by_key.get(("province feed 304", large))
        join = by_key.get(("floor: join stored VEVENTs", large))
        if cold is not None and cold.times and conditional is not None and join:
            answered = conditional.status == 304 and bool(conditional.times)
            cheap = answered and conditional.median_ms < join.median_ms
            targets.append(
                Target(
                    f"province feed: conditional GET is 304 without building at {large}",
                    cheap,
                    f"HTTP {conditional.status}, {conditional.median_ms:.1f} ms, "
                    f"{conditional.queries} queries (join floor {join.median_ms:.1f} ms)"
                    if conditional.times
                    else conditional.note,
                )
            )
            if cold.size:
                targets.append(
                    Target(
                        f"province feed: peak memory ≤ {FEED_MEMORY_LIMIT:.0f}x feed size at {large}",
                        cold.peak <= FEED_MEMORY_LIMIT * cold.size,
                        f"{cold.peak / cold.size:.1f}x ({_kib(cold.peak)} for {_kib(cold.size)})",
                    )
                )
        return targets

    # Output.

    def report(self, measures, seeding, targets):
        write = self.stdout.write
        write("")
        for what, seconds in seeding:
            write(f"Seeded {what} in {seconds:.1f} s")
        header = (
            f"{'view':34} {'events':>7} {'median ms':>10} {'p95 ms':>9} "
            f"{'queries':>7} {'bytes':>10} {'peak mem':>10}  note"
        )
        write("")
        write(header)
        write("-" * len(header))
        for m in measures:
            if not m.times:
                write(f"{m.view:34} {m.events:>7} {m.note}")
                continue
            queries = "" if m.queries is None else str(m.queries)
            write(
                f"{m.view:34} {m.events:>7} {m.median_ms:>10.1f} {m.p95_ms:>9.1f} "
                f"{queries:>7} {m.size:>10} {_kib(m.peak):>10}  {m.note}"
            )
        write("")
        for target in targets:
            mark = (
                self.style.SUCCESS("pass")
                if target.passed
                else self.style.ERROR("FAIL")
            )
            write(f"{mark}  {target.text}: {target.detail}")


def _body(response) -> bytes:
    """The whole body, read as a client would (streamed or not)."""
    return b"".join(response) if response.streaming else response.content


def _kib(size: int) -> str:
    if not size:
        return ""
    if size >= 10 * 1024 * 1024:
        return f"{size / 1024 / 1024:.0f} MiB"
    return f"{size / 1024:.0f} KiB"
