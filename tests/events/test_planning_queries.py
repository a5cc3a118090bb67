"""The admin pages every editor lands on read counts, not events: the
dashboard (as a moderator and as a regency editor) and the planning report
make as many queries for one event as for many, in every state."""

from datetime import date, timedelta
from io import StringIO

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

from core.models import PlanningSettings, Regency
from events import planning
from events.models import EventOutcome, EventPage, RegencyYearCount
from events.versions import version_row
from events.wagtail_hooks import ReviewPanel

from ..demo import load_demo_province
from .annual_data import folder_of, make_event

YEAR = 2028  # the demo province has no events in 2028


class ConstantQueriesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        cls.moderator = User.objects.get(username="moderator")
        cls.editor = User.objects.get(username="editor.lampung-barat")
        cls.other_editor = User.objects.get(username="editor.pesisir-barat")
        settings = PlanningSettings.for_site(Site.objects.get(is_default_site=True))
        settings.planning_year = YEAR
        settings.save()
        cls.lambar = folder_of("lampung-barat")
        cls.pesibar = folder_of("pesisir-barat")
        # One event in each state, so that every panel shows from the start.
        for state in ("approved", "pending", "rejected", "draft"):
            make_event(
                cls.lambar,
                f"Festival Satu {state} 2028",
                date(YEAR, 7, 2),
                state,
                editor=cls.editor,
                moderator=cls.moderator,
            )

    def add_events(self):
        """Many more events of the year, in every state and both regencies,
        with past events and their outcomes."""
        for n, state in enumerate(("approved", "pending", "rejected", "draft") * 3):
            folder, editor = (
                (self.lambar, self.editor)
                if n % 2
                else (self.pesibar, self.other_editor)
            )
            make_event(
                folder,
                f"Acara {state} {n} 2028",
                date(YEAR, 1 + n % 12, 10),
                state,
                month_only=n % 3 == 0,
                editor=editor,
                moderator=self.moderator,
            )
        for n in range(3):
            past = make_event(
                self.lambar,
                f"Acara lalu {n}",
                date(YEAR, 1, 5) + timedelta(days=n),
                editor=self.editor,
                moderator=self.moderator,
            )
            EventOutcome.objects.create(event=past, result="held", visitors=100)

    def queries(self, user, url) -> int:
        self.client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(captured)

    def test_dashboard_and_report_queries_do_not_grow_with_the_events(self):
        """As a moderator (every regency) and as a regency editor (their own),
        the dashboard makes the same number of queries with one event of the
        year as with many; so does the planning report."""
        pages = {
            "dashboard (moderator)": (self.moderator, reverse("wagtailadmin_home")),
            "dashboard (editor)": (self.editor, reverse("wagtailadmin_home")),
            "planning report": (self.moderator, reverse("events_planning_report")),
        }

        def measure() -> dict:
            """Queries with the counts stored, then counting them again."""
            # Warm the per-process caches (content types, site settings) and
            # the stored counts.
            for user, url in pages.values():
                self.queries(user, url)
            stored = {name: self.queries(*page) for name, page in pages.items()}
            counted = {}
            for name, page in pages.items():
                RegencyYearCount.forget()
                counted[name] = self.queries(*page)
            return {"stored": stored, "counted": counted}

        before = measure()
        self.add_events()
        after = measure()
        self.assertEqual(after, before)
        # Reading the stored counts saves the statements that count.
        for name in pages:
            self.assertLess(before["stored"][name], before["counted"][name])

    def report(self, today=date(YEAR, 6, 1)) -> dict:
        return {
            row.code: (row.approved, row.month_only, row.past_events, row.drafts)
            for row in planning.planning_report(YEAR, today)
        }

    def counted_afresh(self, today=date(YEAR, 6, 1)) -> dict:
        RegencyYearCount.forget()
        return self.report(today)

    def test_stored_counts_follow_publishing_unpublishing_moving_and_deleting(self):
        """Each change forgets the stored counts of the regencies it touches:
        the report read afterwards equals one counted from scratch."""
        self.add_events()
        self.report()
        self.assertTrue(RegencyYearCount.objects.exists())
        code = self.lambar.regency.code
        before = self.report()[code]
        event = make_event(
            self.lambar, "Festival baru 2028", date(YEAR, 9, 1), month_only=True
        )
        self.assertEqual(self.report()[code][:2], (before[0] + 1, before[1] + 1))
        self.assertEqual(self.report(), self.counted_afresh())
        event.unpublish()
        # A draft again.
        self.assertEqual(self.report()[code], (*before[:3], before[3] + 1))
        event.save_revision().publish()
        event.refresh_from_db()
        self.report()
        event.move(self.pesibar, pos="last-child")
        moved = self.report()
        self.assertEqual(moved[code], before)
        self.assertEqual(moved, self.counted_afresh())
        EventPage.objects.get(pk=event.pk).delete()
        self.assertEqual(self.report(), self.counted_afresh())

    def test_counts_made_while_the_calendar_changed_are_not_kept(self):
        """A view reads the version and counts; an event is published before
        it stores the counts, which miss that event: they are shown once and
        not kept, so the next view counts again. Counts made at the current
        version are kept."""
        self.add_events()
        regency, today = self.lambar.regency, timezone.localdate()
        seen, _changed_at = version_row()
        stale = RegencyYearCount(regency=regency, year=YEAR, day=today, approved=1)
        make_event(self.lambar, "Festival sela 2028", date(YEAR, 9, 1))
        self.assertFalse(RegencyYearCount.store([stale], YEAR, seen))
        self.assertFalse(RegencyYearCount.objects.filter(regency=regency).exists())
        self.assertEqual(self.report(), self.counted_afresh())
        RegencyYearCount.objects.all().delete()
        kept = RegencyYearCount(regency=regency, year=YEAR, day=today, approved=1)
        self.assertTrue(RegencyYearCount.store([kept], YEAR, version_row()[0]))
        self.assertEqual(RegencyYearCount.objects.get(regency=regency).approved, 1)

    def test_a_change_forgets_again_the_counts_stored_before_it_commits(self):
        """Counts another worker stored while a publication was on its way
        (it waited for that worker's lock on the version) go when the
        publication commits."""
        regency = self.lambar.regency
        with self.captureOnCommitCallbacks(execute=True):
            RegencyYearCount.forget([regency.pk])
            RegencyYearCount.objects.create(
                regency=regency, year=YEAR, day=timezone.localdate()
            )
            self.assertTrue(RegencyYearCount.objects.filter(regency=regency).exists())
        self.assertFalse(RegencyYearCount.objects.filter(regency=regency).exists())

    def test_counts_stored_on_another_day_are_counted_again(self):
        """Past events depend on the day: counts stored yesterday are not
        read today."""
        self.add_events()
        code = self.lambar.regency.code
        in_june = self.report(date(YEAR, 6, 1))
        in_december = self.report(date(YEAR, 12, 31))
        self.assertGreater(in_december[code][2], in_june[code][2])
        self.assertEqual(in_december, self.counted_afresh(date(YEAR, 12, 31)))
        self.assertEqual(
            set(RegencyYearCount.objects.values_list("day", flat=True)),
            {date(YEAR, 12, 31)},
        )

    def test_the_daily_refresh_counts_the_planning_year_again(self):
        self.add_events()
        RegencyYearCount.objects.all().delete()
        call_command("refresh_occurrences", stdout=StringIO())
        stored = RegencyYearCount.objects.filter(year=YEAR)
        # Every regency and the province, counted for today.
        self.assertEqual(stored.count(), Regency.objects.count() + 1)
        self.assertEqual(
            set(stored.values_list("day", flat=True)), {timezone.localdate()}
        )

    def test_report_counts_many_events_in_every_state(self):
        """The counts read in the database match the events: approved,
        pending, rejected and drafts per regency, month-only ones, past
        events and their outcomes."""
        self.add_events()
        rows = {
            row.regency.slug if row.regency else None: row
            for row in planning.planning_report(YEAR, date(YEAR, 6, 1))
        }
        lambar, pesibar = rows["lampung-barat"], rows["pesisir-barat"]
        # n odd in Lampung Barat (pending 1 5 9, drafts 3 7 11), even in
        # Pesisir Barat (approved 0 4 8, rejected 2 6 10); plus the first
        # four (one per state) and the 3 past (approved) in Lampung Barat.
        self.assertEqual(
            (lambar.approved, lambar.pending, lambar.rejected, lambar.drafts),
            (4, 4, 1, 4),
        )
        self.assertEqual(
            (pesibar.approved, pesibar.pending, pesibar.rejected, pesibar.drafts),
            (3, 0, 3, 0),
        )
        # Month-only among the submitted: n = 0, 6 and 9 (3 is a draft).
        self.assertEqual((lambar.month_only, pesibar.month_only), (1, 2))
        # Over by 1 June: the 3 January events; in January (all month) and May.
        self.assertEqual((lambar.past_events, pesibar.past_events), (3, 2))
        self.assertEqual((lambar.outcomes, lambar.held, lambar.visitors), (3, 3, 300))
        self.assertEqual((lambar.outcomes_missing, pesibar.outcomes_missing), (0, 2))
        self.assertIsNotNone(pesibar.last_submission)

    def test_the_dashboard_counts_the_same_without_past_events(self):
        """The dashboard's table has no outcome columns: its report leaves
        the past events and outcomes out and counts the rest the same."""
        self.add_events()
        full = planning.planning_report(YEAR, date(YEAR, 6, 1))
        short = planning.planning_report(YEAR, date(YEAR, 6, 1), outcomes=False)
        shown = ("approved", "pending", "rejected", "drafts", "month_only")
        for row, row_short in zip(full, short, strict=True):
            self.assertEqual(
                [getattr(row, name) for name in shown + ("last_submission",)],
                [getattr(row_short, name) for name in shown + ("last_submission",)],
            )
            self.assertEqual((row_short.past_events, row_short.outcomes), (0, 0))
        self.assertGreater(sum(row.past_events for row in full), 0)

    def test_events_not_live_are_read_through_their_partial_index(self):
        """Drafts and submissions are few among many live events: their
        reads use the partial index of pages not live, on both databases."""
        from events.models import EventPage

        not_live = EventPage.objects.filter(locale__language_code="id", live=False)
        sql, params = not_live.values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            else:
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        self.assertIn("events_page_not_live", plan)

    def test_moderators_see_the_submissions_waiting_longest(self):
        """The dashboard's review panel lists the oldest submissions first,
        says how many there are when it shows only some, and links to the
        whole queue."""
        self.add_events()
        self.client.force_login(self.moderator)
        ReviewPanel.shown = 2
        try:
            response = self.client.get(reverse("wagtailadmin_home"))
        finally:
            ReviewPanel.shown = 10
        panel = response.content.decode().split('id="awaiting-review-section"')[1]
        panel = panel.split("</section>")[0]
        self.assertIn("Festival Satu pending 2028", panel)
        self.assertIn("Acara pending 1 2028", panel)
        self.assertNotIn("Acara pending 5 2028", panel)
        self.assertIn("2 yang menunggu paling lama dari 4 pengajuan.", panel)
        self.assertIn(reverse("events_moderation_queue"), panel)
