"""Stored occurrences follow the live state of events: publish, republish,
unpublish, move, delete, and the daily `refresh_occurrences` command."""

from datetime import date, datetime, time, timedelta
from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from events.models import EventPage, Occurrence
from tests.events.factories import calendar_tree, draft_event, live_event, publish

WIB = timezone.get_default_timezone()


class OccurrenceLifecycleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = calendar_tree()
        cls.folder = cls.tree.folders["lampung-barat"]

    def weekly_series(self, **fields):
        return live_event(
            self.folder,
            **{
                "start_date": date(2027, 7, 3),
                "recurrence_frequency": "weekly",
                "recurrence_count": 4,
                "venue": self.tree.anjungan["lampung-barat"],
                **fields,
            },
        )

    def test_publishing_stores_each_occurrence_with_listing_facts(self):
        """Publishing stores every occurrence, with the facts listings filter on."""
        event = self.weekly_series(is_free=False, price="Rp10.000", category="tourism")
        rows = list(Occurrence.objects.filter(event=event))
        self.assertEqual(
            [r.start for r in rows],
            [datetime(2027, 7, d, 19, tzinfo=WIB) for d in (3, 10, 17, 24)],
        )
        row = rows[0]
        self.assertEqual(row.end, datetime(2027, 7, 3, 21, tzinfo=WIB))
        self.assertEqual(row.regency, self.tree.regencies["lampung-barat"])
        self.assertEqual(row.venue, self.tree.anjungan["lampung-barat"])
        self.assertEqual((row.category, row.is_free), ("tourism", False))
        self.assertEqual(
            (row.locale_id, row.translation_key),
            (event.locale_id, event.translation_key),
        )

    def test_cancelled_and_moved_dates_are_stored_marked(self):
        """A cancelled date stays (marked); a moved one keeps its original start."""
        event = self.weekly_series(
            exceptions=[
                {
                    "original_date": date(2027, 7, 10),
                    "action": "cancel",
                    "reason": "Libur",
                },
                {
                    "original_date": date(2027, 7, 17),
                    "action": "move",
                    "new_date": date(2027, 7, 18),
                },
                {"original_date": date(2027, 7, 24), "action": "skip"},
            ]
        )
        rows = list(Occurrence.objects.filter(event=event))
        self.assertEqual(len(rows), 3)
        self.assertEqual((rows[1].cancelled, rows[1].note), (True, "Libur"))
        self.assertEqual(rows[2].start, datetime(2027, 7, 18, 19, tzinfo=WIB))
        self.assertEqual(rows[2].original_start, datetime(2027, 7, 17, 19, tzinfo=WIB))
        self.assertIs(rows[2].moved, True)

    def test_cancelled_event_keeps_its_occurrences_marked(self):
        """Cancelling an event never deletes it from listings: every date is
        kept and marked cancelled."""
        event = self.weekly_series()
        event.status = "cancelled"
        event.status_reason = "Cuaca buruk"
        publish(event)
        self.assertEqual(
            list(
                Occurrence.objects.filter(event=event).values_list(
                    "cancelled", flat=True
                )
            ),
            [True] * 4,
        )

    def test_republishing_new_dates_replaces_the_occurrences(self):
        """New dates replace the old rows and bump the iCal SEQUENCE."""
        event = self.weekly_series()
        sequence = event.sequence
        event.start_date = date(2027, 8, 7)
        event.recurrence_count = 2
        publish(event)
        self.assertEqual(
            list(
                Occurrence.objects.filter(event=event).values_list("start", flat=True)
            ),
            [
                datetime(2027, 8, 7, 19, tzinfo=WIB),
                datetime(2027, 8, 14, 19, tzinfo=WIB),
            ],
        )
        self.assertEqual(event.sequence, sequence + 1)

    def test_unpublishing_removes_the_occurrences(self):
        event = self.weekly_series()
        event.unpublish()
        self.assertFalse(Occurrence.objects.filter(event=event).exists())

    def test_moving_to_another_regency_folder_changes_the_regency(self):
        """Moved to Pesisir Barat's folder, the event and its occurrences
        belong to Pesisir Barat; a moved draft follows too."""
        event = self.weekly_series()
        draft = draft_event(self.folder, slug="draf-pindah")
        pesisir = self.tree.regencies["pesisir-barat"]
        for page in (event, draft):
            page.move(self.tree.folders["pesisir-barat"], pos="last-child")
        self.assertEqual(
            set(
                Occurrence.objects.filter(event=event).values_list("regency", flat=True)
            ),
            {pesisir.pk},
        )
        for page in (event, draft):
            page.refresh_from_db()
            self.assertEqual(page.regency, pesisir)

    def test_moving_to_the_province_folder_clears_the_regency(self):
        event = self.weekly_series()
        event.move(self.tree.folders[None], pos="last-child")
        self.assertEqual(
            set(
                Occurrence.objects.filter(event=event).values_list("regency", flat=True)
            ),
            {None},
        )

    def test_deleting_removes_the_occurrences(self):
        event = self.weekly_series()
        pk = event.pk
        event.delete()
        self.assertFalse(Occurrence.objects.filter(event_id=pk).exists())

    def test_month_only_event_has_one_month_long_occurrence(self):
        """A "date to be announced" event is stored as the whole month, marked."""
        event = live_event(
            self.folder,
            date_precision="month",
            start_date=date(2027, 9, 1),
            start_time=None,
            end_time=None,
        )
        (row,) = Occurrence.objects.filter(event=event)
        self.assertEqual(
            (row.start, row.end, row.month_only, row.all_day),
            (
                datetime(2027, 9, 1, tzinfo=WIB),
                datetime(2027, 10, 1, tzinfo=WIB),
                True,
                True,
            ),
        )


class RefreshOccurrencesCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = calendar_tree()
        folder = cls.tree.folders["lampung-barat"]
        today = timezone.localdate()
        # Relative dates: the horizon is measured from the real clock.
        with override_settings(EVENTS_HORIZON_DAYS=30):
            cls.series = live_event(
                folder,
                start_date=today + timedelta(days=1),
                start_time=time(19),
                recurrence_frequency="weekly",
                recurrence_count=20,
            )
            cls.one_off = live_event(folder, start_date=today + timedelta(days=3))
        cls.draft = draft_event(folder)

    def test_horizon_limits_what_publishing_stores(self):
        """Only occurrences within the horizon are stored (30 days: 5 weeks)."""
        self.assertEqual(Occurrence.objects.filter(event=self.series).count(), 5)

    @override_settings(EVENTS_HORIZON_DAYS=60)
    def test_command_extends_series_and_removes_stale_rows(self):
        """The daily run extends series to the horizon, drops rows of events
        that are no longer live and prints what it did."""
        Occurrence.objects.create(
            event=self.draft,
            locale_id=self.draft.locale_id,
            translation_key=self.draft.translation_key,
            start=timezone.now(),
            end=timezone.now(),
            category="culture",
        )
        out = StringIO()
        call_command("refresh_occurrences", "--batch", "1", stdout=out)
        self.assertEqual(Occurrence.objects.filter(event=self.series).count(), 9)
        self.assertEqual(Occurrence.objects.filter(event=self.one_off).count(), 1)
        self.assertFalse(Occurrence.objects.filter(event=self.draft).exists())
        self.assertEqual(
            out.getvalue().strip(),
            "2 live events: 10 occurrences (+4), 1 stale removed.",
        )

    def test_command_is_idempotent(self):
        """A second run changes nothing."""
        call_command("refresh_occurrences", stdout=StringIO())
        before = list(Occurrence.objects.values_list("event", "start", "end"))
        out = StringIO()
        call_command("refresh_occurrences", stdout=out)
        self.assertEqual(
            list(Occurrence.objects.values_list("event", "start", "end")), before
        )
        self.assertIn("(+0), 0 stale removed.", out.getvalue())

    def test_every_live_event_is_rebuilt(self):
        """Live events only; unpublished ones get no rows."""
        call_command("refresh_occurrences", stdout=StringIO())
        self.assertEqual(
            set(Occurrence.objects.values_list("event", flat=True)),
            {self.series.pk, self.one_off.pk},
        )
        self.assertIs(EventPage.objects.get(pk=self.draft.pk).live, False)
