"""Occurrence querysets: visibility, language, time windows and filters."""

from datetime import date, datetime, time

from django.test import TestCase
from django.utils import timezone

from wagtail.models import Locale, PageViewRestriction

from events.models import Occurrence
from tests.events.factories import calendar_tree, live_event, publish

WIB = timezone.get_default_timezone()


def titles(queryset) -> list[str]:
    return [o.event.title for o in queryset.select_related("event")]


class OccurrenceQuerySetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = cls.tree = calendar_tree()
        cls.dance = live_event(
            tree.folders["lampung-barat"],
            title="Tari",
            start_date=date(2027, 7, 10),
            end_time=time(21),
            venue=tree.anjungan["lampung-barat"],
            tags=["tari"],
        )
        cls.market = live_event(
            tree.folders["pesisir-barat"],
            title="Pasar",
            category="creative_economy",
            start_date=date(2027, 7, 12),
            start_time=None,
            end_time=None,
            venue=tree.hall,
            is_free=False,
            price="Rp5.000",
        )
        cls.province = live_event(
            tree.folders[None], title="Provinsi", start_date=date(2027, 7, 14)
        )

    def test_visibility_costs_one_small_query_and_no_join(self):
        """public() looks up the hidden pages first (none here) and
        upcoming() the earliest start of what began on an earlier day and is
        still running (from the small multi-day index): the listing
        is then one query on the occurrence table, with no page join or
        per-row subquery whatever the calendar's size."""
        with self.assertNumQueries(2):
            queryset = (
                Occurrence.objects.public()
                .for_language("en")
                .upcoming(datetime(2027, 7, 1, tzinfo=WIB))
            )
        self.assertNotIn("wagtailcore_page", str(queryset.query))
        with self.assertNumQueries(1):
            self.assertEqual(len(list(queryset)), 3)

    def test_public_leaves_out_events_of_an_unpublished_folder(self):
        """A folder unpublished on its own (its events stay live) hides them
        from every listing; published again, they are back."""
        folder = self.tree.folders["lampung-barat"]
        folder.unpublish()
        self.dance.refresh_from_db()
        self.assertIs(self.dance.live, True)
        self.assertEqual(titles(Occurrence.objects.public()), ["Pasar", "Provinsi"])
        publish(folder)
        self.assertEqual(
            titles(Occurrence.objects.public()), ["Tari", "Pasar", "Provinsi"]
        )

    def test_public_leaves_out_restricted_events_and_folders(self):
        """A restriction on an event or on any ancestor hides its occurrences;
        a restriction elsewhere hides nothing else."""
        PageViewRestriction.objects.create(page=self.dance, restriction_type="login")
        self.assertEqual(titles(Occurrence.objects.public()), ["Pasar", "Provinsi"])
        PageViewRestriction.objects.create(
            page=self.tree.folders["pesisir-barat"],
            restriction_type="password",
            password="rahasia",
        )
        self.assertEqual(titles(Occurrence.objects.public()), ["Provinsi"])
        PageViewRestriction.objects.create(
            page=self.tree.calendar, restriction_type="login"
        )
        self.assertEqual(titles(Occurrence.objects.public()), [])

    def test_upcoming_keeps_what_is_still_running(self):
        """An occurrence that began long before `now` and is still running
        comes first; with nothing running, the start bound is `now` itself."""
        festival = live_event(
            self.tree.folders[None],
            title="Pameran",
            start_date=date(2027, 6, 1),
            end_date=date(2027, 7, 31),
            start_time=None,
            end_time=None,
        )
        now = datetime(2027, 7, 11, tzinfo=WIB)
        self.assertEqual(
            titles(Occurrence.objects.upcoming(now)), ["Pameran", "Pasar", "Provinsi"]
        )
        festival.unpublish()
        self.assertEqual(
            titles(Occurrence.objects.upcoming(now)), ["Pasar", "Provinsi"]
        )

    def test_upcoming_keeps_overnight_and_same_day_occurrences_running(self):
        """The start bound is the start of `now`'s day, or the start of a
        multi-day occurrence still running: an overnight show that began
        yesterday and one that began an hour ago are both listed, and one
        that ended in the night is not."""
        overnight = live_event(
            self.tree.folders[None],
            title="Malam",
            start_date=date(2027, 7, 10),
            start_time=time(22),
            end_date=date(2027, 7, 11),
            end_time=time(2),
        )
        live_event(
            self.tree.folders[None],
            title="Subuh",
            start_date=date(2027, 7, 11),
            start_time=time(0, 30),
            end_time=time(1, 30),
        )
        live_event(
            self.tree.folders[None],
            title="Dini",
            start_date=date(2027, 7, 11),
            start_time=time(0),
            end_time=time(0, 45),
        )
        now = datetime(2027, 7, 11, 1, tzinfo=WIB)
        self.assertEqual(
            titles(Occurrence.objects.upcoming(now)),
            ["Malam", "Subuh", "Pasar", "Provinsi"],
        )
        overnight.unpublish()
        self.assertEqual(
            titles(Occurrence.objects.upcoming(now)), ["Subuh", "Pasar", "Provinsi"]
        )

    def test_time_windows(self):
        """upcoming: not yet ended; past: ended, newest first; between: touches
        the half-open range."""
        during = datetime(2027, 7, 10, 20, tzinfo=WIB)
        self.assertEqual(
            titles(Occurrence.objects.upcoming(during)), ["Tari", "Pasar", "Provinsi"]
        )
        ended = datetime(2027, 7, 10, 21, tzinfo=WIB)
        self.assertEqual(
            titles(Occurrence.objects.upcoming(ended)), ["Pasar", "Provinsi"]
        )
        self.assertEqual(titles(Occurrence.objects.past(ended)), ["Tari"])
        self.assertEqual(
            titles(
                Occurrence.objects.between(
                    datetime(2027, 7, 12, tzinfo=WIB), datetime(2027, 7, 13, tzinfo=WIB)
                )
            ),
            ["Pasar"],
        )
        self.assertEqual(
            titles(
                Occurrence.objects.between(
                    datetime(2027, 7, 13, tzinfo=WIB), datetime(2027, 7, 14, tzinfo=WIB)
                )
            ),
            [],
        )

    def test_filters(self):
        cases = [
            (
                Occurrence.objects.in_regency(self.tree.regencies["pesisir-barat"]),
                ["Pasar"],
            ),
            (Occurrence.objects.in_regency("province"), ["Provinsi"]),
            (Occurrence.objects.in_category("creative_economy"), ["Pasar"]),
            (Occurrence.objects.at_venue(self.tree.pkor), ["Tari"]),
            (Occurrence.objects.at_venue(self.tree.hall), ["Pasar"]),
            (Occurrence.objects.tagged("tari"), ["Tari"]),
            (Occurrence.objects.free(), ["Tari", "Provinsi"]),
            (Occurrence.objects.matching("pasar"), ["Pasar"]),
        ]
        for queryset, expected in cases:
            with self.subTest(str(queryset.query)[-80:]):
                self.assertEqual(titles(queryset), expected)

    def test_for_language_falls_back_to_indonesian(self):
        """In English: English versions where they exist, the Indonesian
        original where none; in Indonesian: only Indonesian."""
        english = Locale.objects.create(language_code="en")
        translation = self.dance.copy_for_translation(english, copy_parents=True)
        translation.title = "Dance"
        translation.save_revision()
        publish(translation)
        self.assertEqual(
            sorted(titles(Occurrence.objects.for_language("en"))),
            ["Dance", "Pasar", "Provinsi"],
        )
        self.assertEqual(
            sorted(titles(Occurrence.objects.for_language("id"))),
            ["Pasar", "Provinsi", "Tari"],
        )


class ListingPlanTests(TestCase):
    """The upcoming list's two biggest reads, the count of one-off events for
    "page 1 of N" and each regular activity once, go through their own
    partial indexes: through the (locale, start) index they read every row
    to come (200 ms each at 100,000 events on SQLite, 25 ms and 0.2 ms
    through theirs). The planner's choice is asserted on SQLite, where the
    conditions `NOT series` and `series` can use no index on the column."""

    def plan(self, queryset) -> str:
        from django.db import connection

        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return "\n".join(str(row) for row in cursor.fetchall())

    def test_one_off_and_series_reads_use_their_partial_indexes(self):
        from django.db import connection

        if connection.vendor != "sqlite":
            self.skipTest("PostgreSQL chooses by its statistics")
        now = timezone.now()
        coming = Occurrence.objects.visible("id").upcoming(now)
        # As the count reads it: no order.
        count = coming.one_off().order_by()
        self.assertIn("events_occurrence_one_off", self.plan(count))
        self.assertIn("events_occurrence_series", self.plan(coming.each_series_once()))


class PlannerStatisticsTests(TestCase):
    """The daily refresh_occurrences leaves the planner statistics of the
    occurrence table, the events and the search index fresh, on both
    databases (SQLite gathers none by itself; PostgreSQL's autovacuum may be
    off, as on the development machine, or behind a bulk load)."""

    def test_refresh_occurrences_analyses_the_calendar_tables(self):
        from io import StringIO

        from django.core.management import call_command
        from django.db import connection

        tree = calendar_tree()
        live_event(tree.folders["lampung-barat"], title="Festival Statistik")
        call_command("refresh_occurrences", stdout=StringIO())
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
                analysed = {row[0] for row in cursor.fetchall()}
            else:
                cursor.execute(
                    "SELECT relname FROM pg_stat_user_tables "
                    "WHERE last_analyze IS NOT NULL"
                )
                analysed = {row[0] for row in cursor.fetchall()}
        self.assertLessEqual(
            {"events_occurrence", "events_eventpage", "wagtailsearch_indexentry"},
            analysed,
        )
        if connection.vendor == "sqlite":
            # Statistics of the page tree make SQLite scan it (core.query).
            self.assertNotIn("wagtailcore_page", analysed)
        else:
            # Autovacuum may be off or behind: every table is analysed,
            # the pages, the search table and the small ones too.
            self.assertLessEqual(
                {"wagtailcore_page", "search_vector", "events_eventindexpage"},
                analysed,
            )
