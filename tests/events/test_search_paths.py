"""The calendar's search matches in the site's own table of the live pages'
text (core.search: FTS5 on SQLite, a tsvector on PostgreSQL) and hands each statement the matching events one of three ways
(events.search): their ids, the ids of those that do not match, or a
subquery. Each way gives the events Wagtail's own index finds, and the table
follows publishing, unpublishing, editing and deleting."""

from datetime import timedelta
from unittest import skipUnless

from django.db import connection
from django.db.models import Min
from django.test import TestCase
from django.utils import timezone

from core import search
from core.models import PageText
from events.models import EventIndexPage, EventPage, Occurrence
from events.search import event_filter
from tests.demo import generate_events

from .factories import calendar_tree, live_event, publish

SYNTHETIC = 40


def table_rows() -> list[tuple]:
    """The table's rows, in page order."""
    if connection.vendor == "postgresql":
        return [
            (row.page_id, row.kind, str(row.text))
            for row in PageText.objects.order_by("page_id")
        ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, title, body, kind FROM search_text ORDER BY rowid"
        )
        return cursor.fetchall()


@skipUnless(search.own_table(), "SQLite without FTS5 searches through Wagtail")
class SearchPathTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = calendar_tree()
        generate_events(SYNTHETIC)
        cls.sekala = live_event(
            cls.tree.folders["lampung-barat"],
            title="Festival Sekala Bekhak",
            start_date=timezone.localdate() + timedelta(days=3),
        )

    def found(self, terms: str, list_max: int) -> tuple[set, object]:
        condition = event_filter(terms, EventPage.objects.live(), list_max=list_max)
        events = Occurrence.objects.filter(condition).values_list("event_id", flat=True)
        return set(events), condition

    def wagtail_finds(self, terms: str) -> set:
        """What Wagtail's own index finds among events with occurrences."""
        matched = [
            page.pk
            for page in EventPage.objects.live().search(terms, order_by_relevance=False)
        ]
        return set(
            Occurrence.objects.filter(event_id__in=matched).values_list(
                "event_id", flat=True
            )
        )

    def test_each_way_finds_what_wagtails_index_finds(self):
        # (words, list_max, the way expected)
        cases = [
            ("sekala", 1000, "ids"),
            ("contoh", 1000, "ids"),
            ("sekala", 10, "ids"),
            ("contoh", 10, "others"),
            ("sekala", 0, "subquery"),
            ("contoh", 0, "subquery"),
            ("acara contoh", 0, "subquery"),
        ]
        for terms, list_max, way in cases:
            with self.subTest(terms=terms, list_max=list_max):
                found, condition = self.found(terms, list_max)
                expected = self.wagtail_finds(terms)
                self.assertTrue(expected)
                self.assertEqual(found, expected)
                lookup, value = condition.children[0]
                seen = (
                    "subquery"
                    if not isinstance(value, list)
                    else "others"
                    if condition.negated
                    else "ids"
                )
                self.assertEqual(seen, way)

    def test_a_word_nothing_has_finds_nothing_every_way(self):
        for list_max in (1000, 0):
            self.assertEqual(self.found("zzzyzx", list_max)[0], set())

    def test_the_table_follows_editing_unpublishing_and_deleting(self):
        event = EventPage.objects.get(pk=self.sekala.pk)
        event.title = "Festival Teluk Kiluan"
        event.summary = "Lumba-lumba di Teluk Kiluan."
        publish(event)
        self.assertEqual(self.found("kiluan", 1000)[0], {event.pk})
        self.assertEqual(self.found("sekala", 1000)[0], set())
        event.unpublish()
        self.assertEqual(self.found("kiluan", 1000)[0], set())
        self.assertNotIn(event.pk, [row[0] for row in table_rows()])
        publish(EventPage.objects.get(pk=event.pk))
        self.assertEqual(self.found("kiluan", 1000)[0], {event.pk})
        EventPage.objects.get(pk=event.pk).delete()
        self.assertNotIn(event.pk, [row[0] for row in table_rows()])

    def test_rebuilding_writes_what_publishing_kept(self):
        kept = table_rows()
        self.assertEqual(search.rebuild_text(), len(kept))
        self.assertEqual(table_rows(), kept)
        self.assertIn(self.sekala.pk, [row[0] for row in kept])

    def test_ranked_puts_a_word_in_the_title_before_one_in_the_text(self):
        soon = timezone.localdate() + timedelta(days=5)
        folder = self.tree.folders["pesisir-barat"]
        in_text = live_event(
            folder,
            title="Lomba perahu",
            summary="Di Teluk Kiluan, sebelum festival.",
            start_date=soon,
        )
        in_title = live_event(folder, title="Kiluan bersih pantai", start_date=soon)
        self.assertEqual(
            search.ranked_ids("kiluan", [EventPage]), [in_title.pk, in_text.pk]
        )
        self.assertEqual(search.ranked_ids("kiluan", [EventIndexPage]), [])


@skipUnless(connection.vendor == "postgresql", "PostgreSQL's query planning")
class QueryParsedOnceTests(TestCase):
    def test_the_words_are_parsed_once_per_statement_not_per_row(self):
        """With a named text search configuration the visitor's words are a
        constant of the plan; without one, to_tsquery was parsed again for
        every row tested (100 ms instead of 21 for a word in every event)."""
        rows = PageText.objects.filter(text=search._tsquery("festival sekala"))
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (VERBOSE) {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.assertIn("''festival''", plan)
        self.assertIn("''sekala''", plan)
        self.assertIn("::tsquery", plan)
        self.assertNotIn("to_tsquery", plan)


class NextStartsSliceTests(TestCase):
    """Site search pages through events by reading them in date order; it
    gives what grouping every occurrence gives."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = calendar_tree()
        generate_events(SYNTHETIC)
        live_event(
            cls.tree.folders["pesisir-barat"],
            title="Senam pagi",
            start_date=timezone.localdate(),
            recurrence_frequency="weekly",
        )

    def test_slices_equal_the_grouped_rows(self):
        now = timezone.now()
        occurrences = Occurrence.objects.visible()
        grouped = list(
            occurrences.upcoming(now)
            .order_by()
            .values("event_id")
            .annotate(next_start=Min("start"))
            .order_by("next_start", "event_id")
        )
        self.assertGreater(len(grouped), 20)
        self.assertEqual(occurrences.count_events_to_come(now), len(grouped))
        for start, stop in [(0, 10), (10, 20), (5, 6), (0, len(grouped) + 5)]:
            # The default chunk, and chunks of 3 rows: a weekly series fills
            # several before the page has its events.
            for chunk in (0, 3):
                with self.subTest(start=start, stop=stop, chunk=chunk):
                    self.assertEqual(
                        occurrences.next_starts_slice(now, start, stop, chunk=chunk),
                        grouped[start:stop],
                    )
