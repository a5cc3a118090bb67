from django.test import SimpleTestCase

from home.management.commands.bench_events import Command, Measure


def measure(view, events, ms, queries=10, status=200, size=1000, peak=0, **extra):
    m = Measure(view, events, status=status, queries=queries, size=size, peak=peak)
    m.times = [value / 1000 for value in ms]
    m.extra = extra
    return m


def feed_floor(events, ms, count=100, stored=100):
    return measure(
        "floor: join stored VEVENTs",
        events,
        ms,
        queries=None,
        count=count,
        stored=stored,
    )


class BenchTargetTests(SimpleTestCase):
    """The pass/fail judgement `make bench` prints and exits on."""

    def targets(self, measures, sizes=(1000, 10000)):
        return {t.text: t for t in Command().evaluate(measures, list(sizes))}

    def test_median_and_p95_of_the_timings(self):
        """p95 is the 95th percentile of the timed requests (nearest rank)."""
        m = measure("month grid", 1000, range(1, 21))
        self.assertAlmostEqual(m.median_ms, 10.5)
        self.assertAlmostEqual(m.p95_ms, 19)

    def test_query_count_growing_with_the_calendar_fails(self):
        """One more query at 10,000 events than at 1,000 is a missed target."""
        targets = self.targets(
            [
                measure("upcoming list", 1000, [10] * 5, queries=12),
                measure("upcoming list", 10000, [11] * 5, queries=13),
            ]
        )
        self.assertIs(targets["upcoming list: SQL queries constant in N"].passed, False)

    def test_flat_views_must_stay_fast_and_flat(self):
        """p95 under 150 ms at the largest size and at most 2x the smallest."""
        targets = self.targets(
            [
                measure("event page", 1000, [20] * 5),
                measure("event page", 10000, [45] * 5),
                measure("month grid", 1000, [20] * 5),
                measure("month grid", 10000, [30] * 4 + [160]),
            ]
        )
        self.assertIs(targets["event page: p95 < 150 ms at 10000 events"].passed, True)
        self.assertIs(
            targets["event page: time at 10000 ≤ 2x time at 1000"].passed, False
        )
        self.assertIs(targets["month grid: p95 < 150 ms at 10000 events"].passed, False)
        self.assertIs(
            targets["month grid: time at 10000 ≤ 2x time at 1000"].passed, True
        )

    def test_feed_against_its_join_floor_and_conditional_requests(self):
        """Cold feed at most 3x the join floor; a 304 cheaper than the floor;
        peak memory at most 3x the feed's size."""
        targets = self.targets(
            [
                feed_floor(10000, [100] * 5),
                measure("province feed cold", 10000, [250] * 5, size=1000, peak=2500),
                measure("province feed 304", 10000, [5] * 5, status=304),
            ],
            sizes=(10000,),
        )
        self.assertIs(
            targets["province feed cold ≤ 3x join floor at 10000"].passed, True
        )
        self.assertIs(
            targets[
                "province feed: conditional GET is 304 without building at 10000"
            ].passed,
            True,
        )
        self.assertIs(
            targets["province feed: peak memory ≤ 3x feed size at 10000"].passed, True
        )

    def test_feed_floor_without_stored_texts_cannot_pass(self):
        """Events without a stored VEVENT make the floor meaningless: a fail."""
        targets = self.targets(
            [
                feed_floor(1000, [1] * 5, count=100, stored=3),
                measure("province feed cold", 1000, [2] * 5),
            ],
            sizes=(1000,),
        )
        self.assertIs(
            targets["province feed cold ≤ 3x join floor at 1000"].passed, False
        )

    def test_year_view_is_bounded_in_time_and_size(self):
        """The year view (major events, months counted) must answer within
        150 ms p95 and 300 KB of HTML at the largest size, whatever it holds."""
        targets = self.targets(
            [
                measure("year view", 1000, [40] * 5, size=40_000),
                measure("year view", 100000, [60] * 4 + [140], size=300 * 1024),
            ],
            sizes=(1000, 100000),
        )
        self.assertIs(targets["year view: p95 ≤ 150 ms at 100000 events"].passed, True)
        self.assertIs(targets["year view: HTML ≤ 300 KB at 100000 events"].passed, True)
        slow_and_large = self.targets(
            [
                measure("year view", 1000, [40] * 5, size=40_000),
                measure("year view", 100000, [60] * 4 + [2500], size=4_400_000),
            ],
            sizes=(1000, 100000),
        )
        self.assertIs(
            slow_and_large["year view: p95 ≤ 150 ms at 100000 events"].passed, False
        )
        self.assertIs(
            slow_and_large["year view: HTML ≤ 300 KB at 100000 events"].passed, False
        )

    def test_admin_pages_and_event_page_queries(self):
        """The dashboard (moderator, editor) and the planning report: p95
        under 300 ms at the largest size, and an answer, not a redirect to
        the login; the event page: at most 12 queries at every size."""
        targets = self.targets(
            [
                measure("admin dashboard (moderator)", 10000, [120] * 4 + [310]),
                measure("admin dashboard (editor)", 10000, [80] * 5),
                measure("planning report", 10000, [80] * 5, status=302),
                measure("event page", 1000, [20] * 5, queries=12),
                measure("event page", 10000, [20] * 5, queries=13),
            ]
        )
        dashboard = "admin dashboard (moderator): p95 < 300 ms at 10000 events"
        self.assertIs(targets[dashboard].passed, False)
        self.assertIs(
            targets["admin dashboard (editor): p95 < 300 ms at 10000 events"].passed,
            True,
        )
        self.assertIs(
            targets["planning report: p95 < 300 ms at 10000 events"].passed, False
        )
        self.assertIs(targets["event page: ≤ 12 SQL queries at 1000"].passed, True)
        self.assertIs(targets["event page: ≤ 12 SQL queries at 10000"].passed, False)
