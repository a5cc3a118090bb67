"""A regency's own calendar imported (events.calendar_import): the shapes
Google, Outlook and Apple export read into the event's own fields, every
event saved as a draft under review, and a re-import updating by UID, never
duplicating, deleting or overwriting an edit made here."""

from datetime import date, time, timedelta

from django.contrib.auth.models import User
from django.test import TestCase
from django.urls import reverse

from wagtail.models import WorkflowState

import recurring_ical_events
from icalendar import Calendar

from core.models import Regency
from events import dates
from events.calendar_import import run_import
from events.models import CalendarSource, EventPage, ImportedEvent, ImportFlag

from ..demo import load_demo_province
from .annual_data import folder_of
from .ics_files import APPLE, GOOGLE, OUTLOOK, calendar_of, simple_event


def in_review(page) -> WorkflowState | None:
    return WorkflowState.objects.filter(
        object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    ).first()


class CalendarImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        cls.editor = User.objects.get(username="editor.lampung-barat")
        cls.moderator = User.objects.get(username="moderator")
        cls.lambar = Regency.objects.get(slug="lampung-barat")
        cls.folder = folder_of("lampung-barat")
        cls.source = CalendarSource.objects.create(
            name="Kalender Dinas",
            regency=cls.lambar,
            created_by=cls.editor,
        )

    def imported(self, uid) -> EventPage:
        page = ImportedEvent.objects.get(source=self.source, source_uid=uid).event
        return page.get_latest_revision_as_object()

    def test_google_export_weekly_series_with_exdate_and_overrides(self):
        """The weekly RRULE becomes the event's rule; EXDATE a skipped date,
        a RECURRENCE-ID with new times a moved one, a cancelled override a
        cancelled one; the all-day DTEND (exclusive) the festival's last day."""
        run = run_import(self.source, self.editor, data=GOOGLE, file_name="g.ics")
        self.assertEqual((run.error, run.added, run.refused), ("", 2, 0))
        series = self.imported("latihan-tari@google.com")
        self.assertEqual(
            (
                series.start_date,
                series.start_time,
                series.end_time,
                series.recurrence_frequency,
                series.recurrence_weekdays,
                series.recurrence_until,
            ),
            (date(2027, 7, 3), time(9), time(12), "weekly", "5", date(2027, 12, 25)),
        )
        self.assertEqual(series.venue.name, "Lapangan Merdeka Pasar Liwa")
        changes = {
            e.original_date: (e.action, e.new_date, e.new_start_time)
            for e in series.exceptions.all()
        }
        self.assertEqual(
            changes,
            {
                date(2027, 7, 10): ("skip", None, None),
                date(2027, 7, 17): ("move", date(2027, 7, 18), time(10)),
                date(2027, 7, 24): ("cancel", None, None),
            },
        )
        festival = self.imported("festival-skala-brak@google.com")
        self.assertEqual(
            (festival.start_date, festival.end_date, festival.start_time),
            (date(2027, 8, 1), date(2027, 8, 3), None),
        )
        self.assertEqual(festival.category, "tourism")
        self.assertEqual(festival.summary, "Tiga hari budaya Skala Brak.")

    def test_the_regency_field_offers_the_province_to_the_staff_only(self):
        """A moderator may leave the regency empty (the province's own
        calendar), and is told so; an editor has their regency only, and is
        not told to leave it empty."""
        url = reverse("events_calendar_source_add")
        self.client.force_login(self.moderator)
        field = self.client.get(url).context["form"]["regency"]
        self.assertFalse(field.field.required)
        self.assertIn("provinsi", field.help_text)
        self.client.force_login(self.editor)
        field = self.client.get(url).context["form"]["regency"]
        self.assertEqual([str(r) for r in field.field.queryset], [str(self.lambar)])
        self.assertEqual(field.help_text, "")

    def test_new_events_are_drafts_submitted_for_review(self):
        """Each added event is a draft of the regency's Indonesian folder,
        owned by whoever ran the import and in the moderation workflow."""
        run_import(self.source, self.editor, data=GOOGLE)
        for link in ImportedEvent.objects.filter(source=self.source):
            page = link.event
            with self.subTest(page.title):
                self.assertIs(page.live, False)
                self.assertEqual(page.get_parent().pk, self.folder.pk)
                self.assertEqual(page.regency_id, self.lambar.pk)
                self.assertEqual(page.owner, self.editor)
                self.assertEqual(in_review(page).requested_by, self.editor)

    def test_outlook_windows_time_zones(self):
        """ "SE Asia Standard Time" (with Outlook's VTIMEZONE) is UTC+7, and
        "Tokyo Standard Time" without one is read by its Windows name."""
        run = run_import(self.source, self.editor, data=OUTLOOK)
        self.assertEqual((run.error, run.added, run.refused), ("", 2, 0), run.entries)
        monthly = self.imported(
            "040000008200E00074C5B7101A82E00800000000A0B1C2D3E4F5@outlook"
        )
        self.assertEqual(
            (
                monthly.start_date,
                monthly.start_time,
                monthly.end_time,
                monthly.recurrence_frequency,
                monthly.recurrence_monthly_by,
                monthly.recurrence_count,
            ),
            (date(2027, 9, 15), time(14), time(16), "monthly", "weekday", 6),
        )
        self.assertEqual(monthly.title, "Pameran UMKM Bulanan")
        tokyo = self.imported("tokyo-live@outlook")
        self.assertEqual((tokyo.start_time, tokyo.end_time), (time(19), time(21)))

    def test_apple_all_day_floating_and_daylight_saving_zone(self):
        """An all-day day, a floating time read as WIB, and a time in a zone
        with summer time converted to WIB."""
        run = run_import(self.source, self.editor, data=APPLE)
        self.assertEqual((run.error, run.added), ("", 3), run.entries)
        day = self.imported("5A1C0E4E-1C1B-4F43-9E0B-2F6C6B1A0001")
        self.assertEqual(
            (day.start_date, day.end_date, day.start_time),
            (date(2027, 8, 20), None, None),
        )
        floating = self.imported("5A1C0E4E-1C1B-4F43-9E0B-2F6C6B1A0002")
        self.assertEqual(
            (floating.start_date, floating.start_time, floating.end_time),
            (date(2027, 9, 5), time(19, 30), time(21, 30)),
        )
        amsterdam = self.imported("5A1C0E4E-1C1B-4F43-9E0B-2F6C6B1A0003")
        self.assertEqual(
            (amsterdam.start_time, amsterdam.end_time), (time(19), time(21))
        )

    def test_rule_the_form_cannot_hold_is_refused_with_the_reason(self):
        """An hourly rule, every other day, and a rule whose dates the
        site's rule would shift are refused, each with its reason; the other
        events of the file are imported."""
        data = calendar_of(
            simple_event(
                "a", "Tiap jam", "20270805T190000", "RRULE:FREQ=HOURLY;COUNT=3"
            ),
            simple_event(
                "b",
                "Dua hari sekali",
                "20270805T190000",
                "RRULE:FREQ=DAILY;INTERVAL=2;COUNT=4",
            ),
            simple_event(
                "c",
                "Sabtu kedua",
                "20270806T190000",
                "RRULE:FREQ=MONTHLY;BYDAY=2SA;COUNT=3",
            ),
            simple_event("d", "Biasa"),
        )
        run = run_import(self.source, self.editor, data=data)
        self.assertEqual((run.added, run.refused), (1, 3))
        reasons = {e["uid"]: e["reason"] for e in run.entries}
        self.assertIn("tidak dapat diisikan", reasons["a"])
        self.assertIn("tidak dapat diisikan", reasons["b"])
        self.assertIn("2027-08-14", reasons["c"])

    def test_endless_series_is_read_for_three_years_with_a_note(self):
        data = calendar_of(
            simple_event("w", "Senam Pagi", "20270801T060000", "RRULE:FREQ=WEEKLY")
        )
        run = run_import(self.source, self.editor, data=data)
        self.assertEqual(run.added, 1, run.entries)
        event = self.imported("w")
        self.assertEqual(
            event.recurrence_until,
            date(2027, 8, 1) + timedelta(days=dates.MAX_SERIES_DAYS),
        )
        self.assertIn(event.recurrence_until.isoformat(), run.entries[0]["reason"])

    def test_reimport_of_the_same_file_changes_nothing(self):
        run_import(self.source, self.editor, data=GOOGLE)
        count = EventPage.objects.count()
        again = run_import(self.source, self.editor, data=GOOGLE)
        self.assertEqual(
            (again.added, again.updated, again.unchanged, again.flagged), (0, 0, 2, 0)
        )
        self.assertEqual(EventPage.objects.count(), count)

    def test_changed_event_gets_a_new_revision_in_moderation(self):
        """A changed time at the source: same page, a new revision submitted
        for review; the live version is untouched until a moderator approves."""
        run_import(
            self.source, self.editor, data=calendar_of(simple_event("u", "Pentas"))
        )
        link = ImportedEvent.objects.get(source_uid="u")
        page = link.event
        page.get_latest_revision().publish()
        page.refresh_from_db()
        self.assertIs(page.live, True)
        revisions = page.revisions.count()
        run = run_import(
            self.source,
            self.editor,
            data=calendar_of(simple_event("u", "Pentas", "20270805T200000")),
        )
        self.assertEqual((run.added, run.updated), (0, 1))
        page.refresh_from_db()
        self.assertEqual(page.revisions.count(), revisions + 1)
        self.assertEqual(page.start_time, time(19))  # the live version
        self.assertEqual(page.get_latest_revision_as_object().start_time, time(20))
        state = in_review(page)
        self.assertEqual(state.current_task_state.revision_id, page.latest_revision_id)
        self.assertEqual(EventPage.objects.filter(title="Pentas").count(), 1)

    def test_cancelled_and_vanished_events_are_flagged_not_deleted(self):
        run_import(
            self.source,
            self.editor,
            data=calendar_of(simple_event("x", "Batal"), simple_event("y", "Hilang")),
        )
        run = run_import(
            self.source,
            self.editor,
            data=calendar_of(
                simple_event("x", "Batal", "20270805T190000", "STATUS:CANCELLED")
            ),
        )
        self.assertEqual(run.flagged, 2)
        flags = dict(ImportedEvent.objects.values_list("source_uid", "flag"))
        self.assertEqual(flags, {"x": ImportFlag.CANCELLED, "y": ImportFlag.VANISHED})
        self.assertEqual(
            EventPage.objects.filter(title__in=["Batal", "Hilang"]).count(), 2
        )
        self.assertEqual(
            {e["reason"] or e["code"] for e in run.entries}, {"cancelled", "vanished"}
        )
        # The flag is on the event's edit form too.
        self.client.force_login(self.editor)
        page = ImportedEvent.objects.get(source_uid="y").event
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertContains(response, 'id="import-note"')
        self.assertContains(response, "tidak ada lagi di kalender sumber")

    def test_cancelled_at_source_before_any_import_is_not_imported(self):
        run = run_import(
            self.source,
            self.editor,
            data=calendar_of(
                simple_event("z", "Tak Jadi", "20270805T190000", "STATUS:CANCELLED")
            ),
        )
        self.assertEqual((run.added, run.refused), (0, 1))

    def test_edit_made_here_is_not_overwritten(self):
        """An editor's revision after the import: the source's change is
        not applied, the event is flagged and the log says why."""
        run_import(
            self.source, self.editor, data=calendar_of(simple_event("e", "Lomba"))
        )
        page = ImportedEvent.objects.get(source_uid="e").event
        draft = page.get_latest_revision_as_object()
        draft.summary = "Ringkasan yang ditulis editor."
        draft.save_revision(user=self.editor)
        run = run_import(
            self.source,
            self.editor,
            data=calendar_of(simple_event("e", "Lomba", "20270806T190000")),
        )
        self.assertEqual((run.updated, run.flagged), (0, 1))
        page.refresh_from_db()
        latest = page.get_latest_revision_as_object()
        self.assertEqual(
            (latest.summary, latest.start_date),
            ("Ringkasan yang ditulis editor.", date(2027, 8, 5)),
        )
        self.assertEqual(
            ImportedEvent.objects.get(source_uid="e").flag, ImportFlag.EDITED_HERE
        )

    def test_event_typed_by_hand_is_not_doubled(self):
        """The first import of a calendar whose event is already in the
        folder (same title and start date) refuses it as a duplicate."""
        existing = EventPage.objects.child_of(self.folder).live().first()
        start = f"{existing.start_date:%Y%m%d}T190000"
        run = run_import(
            self.source,
            self.editor,
            data=calendar_of(simple_event("d", existing.title, start)),
        )
        self.assertEqual((run.added, run.refused), (0, 1))
        self.assertEqual(run.entries[0]["code"], "duplicate")

    def test_editor_who_left_the_regency_stops_the_scheduled_run(self):
        self.editor.groups.clear()
        run = run_import(self.source, data=GOOGLE)
        self.assertIn("tidak lagi", run.error)
        self.assertEqual(run.added, 0)


class RoundTripTests(TestCase):
    """The province feed (our own iCal) imported into an empty folder gives
    the same occurrences."""

    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        cls.moderator = User.objects.get(username="moderator")

    def test_province_feed_imported_gives_the_same_occurrences(self):
        feed = self.client.get("/events/lampung.ics").content
        folder = folder_of("pesisir-barat")
        for page in EventPage.objects.child_of(folder):
            page.delete()
        source = CalendarSource.objects.create(
            name="Umpan provinsi",
            regency=folder.regency,
            created_by=self.moderator,
        )
        run = run_import(source, self.moderator, data=feed)
        self.assertEqual(run.error, "")
        calendar = Calendar.from_ical(feed)
        masters = {
            str(c["UID"]): c
            for c in calendar.walk("VEVENT")
            if "RECURRENCE-ID" not in c
        }
        cancelled = {
            u for u, c in masters.items() if str(c.get("STATUS")) == "CANCELLED"
        }
        self.assertEqual(run.refused, len(cancelled), run.entries)
        self.assertEqual(run.added, len(masters) - len(cancelled))
        self.assertGreater(run.added, 10)
        links = {
            link.source_uid: link.event.get_latest_revision_as_object()
            for link in ImportedEvent.objects.filter(source=source)
        }
        for uid, page in links.items():
            with self.subTest(page.title):
                single = Calendar()
                for component in calendar.walk("VEVENT"):
                    if str(component["UID"]) == uid:
                        single.add_component(component)
                expected = set()
                for occurrence in recurring_ical_events.of(single).all():
                    start = occurrence.decoded("DTSTART")
                    cancelled_one = str(occurrence.get("STATUS")) == "CANCELLED"
                    expected.add((start.isoformat(), cancelled_one))
                ours = {
                    (
                        (s.start.date() if s.all_day else s.start).isoformat(),
                        s.cancelled,
                    )
                    for s in page.spans()
                }
                self.assertEqual(ours, expected)
