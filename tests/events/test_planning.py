"""The planning cycle: the report's counts per regency, who sees what on the
dashboard, the national nominations and the outcomes recorded after events."""

import csv
import io
from datetime import date

from django.contrib.auth.models import Permission, User
from django.test import TestCase
from django.urls import reverse

from wagtail.models import Revision, Site

from core.models import PlanningSettings, Regency
from events import exports, planning
from events.models import EventOutcome, EventPage

from ..demo import load_demo_province
from .annual_data import folder_of, make_event

YEAR = 2028  # the demo province has no events in 2028


class PlanningTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        cls.moderator = User.objects.get(username="moderator")
        cls.editor = User.objects.get(username="editor.lampung-barat")
        cls.other_editor = User.objects.get(username="editor.pesisir-barat")
        cls.lambar = Regency.objects.get(slug="lampung-barat")
        cls.pesibar = Regency.objects.get(slug="pesisir-barat")
        lambar, pesibar = folder_of("lampung-barat"), folder_of("pesisir-barat")

        def event(folder, title, start, state, **kwargs):
            return make_event(
                folder,
                title,
                start,
                state,
                editor=cls.editor if folder == lambar else cls.other_editor,
                moderator=cls.moderator,
                **kwargs,
            )

        event(lambar, "Festival Liwa 2028", date(YEAR, 7, 2), "approved")
        event(lambar, "Sekura 2028", date(YEAR, 3, 1), "approved", month_only=True)
        event(lambar, "Lomba Kopi 2028", date(YEAR, 5, 9), "pending")
        event(lambar, "Pawai Budaya 2028", date(YEAR, 8, 17), "rejected")
        event(lambar, "Bazar Draf 2028", date(YEAR, 9, 1), "draft")
        event(lambar, "Festival Liwa 2029", date(YEAR + 1, 7, 2), "approved")
        event(pesibar, "Festival Krui 2028", date(YEAR, 4, 16), "pending")
        # Past events for the outcomes.
        cls.past_own = event(lambar, "Festival Liwa 2025", date(2025, 7, 2), "approved")
        cls.past_other = event(
            pesibar, "Festival Krui 2025", date(2025, 4, 16), "approved"
        )
        cls.future_own = event(
            lambar, "Festival Liwa 2099", date(2099, 7, 2), "approved"
        )
        EventOutcome.objects.create(
            event=cls.past_other, result="held", visitors=1200, notes=""
        )
        planning = PlanningSettings.for_site(Site.objects.get(is_default_site=True))
        planning.planning_year = YEAR
        planning.submission_deadline = date(YEAR - 1, 12, 15)
        planning.notes = "Kirim juga acara yang tanggalnya belum pasti."
        planning.save()

    def assert_denied(self, response):
        """Wagtail's admin answers a refusal with a redirect to the dashboard."""
        self.assertRedirects(
            response, reverse("wagtailadmin_home"), fetch_redirect_response=False
        )

    def report(self):
        rows = planning.planning_report(YEAR, date(YEAR, 1, 1))
        return {row.regency.slug if row.regency else None: row for row in rows}

    def test_counts_match_the_events_in_each_state_per_regency(self):
        """Approved (live), pending (under review), rejected (sent back),
        drafts apart; month-only among the submitted; other years ignored."""
        rows = self.report()
        lambar = rows["lampung-barat"]
        self.assertEqual(
            (lambar.submitted, lambar.approved, lambar.pending, lambar.rejected),
            (4, 2, 1, 1),
        )
        self.assertEqual(lambar.drafts, 1)
        self.assertEqual(lambar.month_only, 1)
        self.assertIsNotNone(lambar.last_submission)
        pesibar = rows["pesisir-barat"]
        self.assertEqual(
            (pesibar.submitted, pesibar.approved, pesibar.pending, pesibar.rejected),
            (1, 0, 1, 0),
        )

    def test_regencies_with_nothing_submitted_stand_out(self):
        """A regency with no event for the year counts zero everywhere and is
        flagged; the report view lists it in words and marks its row."""
        rows = self.report()
        mesuji = rows["mesuji"]
        self.assertEqual(
            (mesuji.submitted, mesuji.drafts, mesuji.month_only), (0, 0, 0)
        )
        self.assertIsNone(mesuji.last_submission)
        self.assertIs(mesuji.nothing_submitted, True)
        self.assertIs(rows["lampung-barat"].nothing_submitted, False)
        self.assertEqual(len(rows), Regency.objects.count() + 1)
        self.client.force_login(self.moderator)
        response = self.client.get(reverse("events_planning_report"))
        self.assertEqual(response.context["year"], YEAR)
        missing = {row.regency.slug for row in response.context["missing"]}
        self.assertEqual(
            missing,
            set(Regency.objects.values_list("slug", flat=True))
            - {"lampung-barat", "pesisir-barat"},
        )
        self.assertContains(response, "annual-report__missing", count=13)

    def test_another_years_report_keeps_the_planned_years_deadline(self):
        """Viewing next year's report, the deadline is still said to belong
        to the year being planned, and the year shown is named apart."""
        self.client.force_login(self.moderator)
        response = self.client.get(
            reverse("events_planning_report"), {"year": YEAR + 1}
        )
        html = response.content.decode()
        self.assertIn(f"Tahun yang direncanakan: <strong>{YEAR}</strong>", html)
        self.assertNotIn(f"direncanakan: <strong>{YEAR + 1}</strong>", html)
        self.assertIn(f"Laporan ini menampilkan {YEAR + 1}.", html)

    def test_report_exports_as_csv_with_the_same_counts(self):
        """The CSV has the documented columns and the report's numbers."""
        self.client.force_login(self.moderator)
        response = self.client.get(
            reverse("events_planning_report"), {"year": YEAR, "format": "csv"}
        )
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(tuple(rows[0]), exports.PLANNING_COLUMNS)
        by_code = {row["regency_code"]: row for row in rows}
        lambar = by_code[self.lambar.code]
        self.assertEqual(
            [lambar[k] for k in ("submitted", "approved", "pending", "rejected")],
            ["4", "2", "1", "1"],
        )
        self.assertEqual(
            by_code[Regency.objects.get(slug="mesuji").code]["nothing_submitted"],
            "true",
        )
        xlsx = self.client.get(
            reverse("events_planning_report"), {"year": YEAR, "format": "xlsx"}
        )
        self.assertEqual(xlsx.status_code, 200)
        self.assertTrue(xlsx.content.startswith(b"PK"))

    def test_moderators_see_every_regency_on_the_dashboard(self):
        """The dashboard panel lists all regencies and names those that sent nothing."""
        self.client.force_login(self.moderator)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, 'id="annual-planning-section"')
        for regency in Regency.objects.all():
            self.assertContains(response, regency.name)
        self.assertContains(response, "annual-report__missing")

    def test_regency_editors_see_only_their_own_status_and_the_deadline(self):
        """An editor's panel shows the year, the deadline notes and their own
        regency's row, and no other regency (nor the province)."""
        self.client.force_login(self.editor)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, 'id="annual-planning-section"')
        panel = response.content.decode().split('id="annual-planning-section"')[1]
        panel = panel.split("</table>")[0]
        self.assertIn("Kirim juga acara yang tanggalnya belum pasti.", panel)
        self.assertIn(str(YEAR), panel)
        self.assertIn(self.lambar.name, panel)
        for regency in Regency.objects.exclude(pk=self.lambar.pk):
            self.assertNotIn(regency.name, panel)
        self.assertNotIn("Provinsi Lampung", panel)
        self.assertNotIn("Province of Lampung", panel)

    def test_users_outside_the_cycle_see_no_panel(self):
        """A staff user who is neither moderator nor regency editor gets no panel."""
        outsider = User.objects.create_user("tamu", password="x" * 12)
        outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(outsider)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'id="annual-planning-section"')

    def test_editors_cannot_open_the_full_report_or_exports(self):
        """The report, the exports and the nominations are for provincial staff."""
        self.client.force_login(self.editor)
        for name in (
            "events_planning_report",
            "events_year_export",
            "events_ken_nominations",
        ):
            with self.subTest(name):
                self.assert_denied(self.client.get(reverse(name)))

    def test_moderators_may_configure_the_planning_cycle(self):
        """The demo grants moderators the planning setting (year and deadline)."""
        self.assertIs(self.moderator.has_perm("core.change_planningsettings"), True)
        self.assertIs(self.editor.has_perm("core.change_planningsettings"), False)
        self.client.force_login(self.moderator)
        site = Site.objects.get(is_default_site=True)
        url = reverse(
            "wagtailsettings:edit", args=["core", "planningsettings", site.pk]
        )
        self.assertEqual(self.client.get(url).status_code, 200)

    # Outcomes after the events.

    def test_editor_records_the_outcome_of_a_past_event_of_their_regency(self):
        """POSTing the form stores the result, visitors, notes and who recorded it."""
        self.client.force_login(self.editor)
        url = reverse("events_outcome_edit", args=[self.past_own.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(
            url, {"result": "held", "visitors": "3500", "notes": "Ramai."}
        )
        self.assertEqual(response.status_code, 302)
        outcome = EventOutcome.objects.get(event=self.past_own)
        self.assertEqual((outcome.result, outcome.visitors), ("held", 3500))
        self.assertEqual(outcome.recorded_by, self.editor)

    def test_editor_cannot_record_the_outcome_of_another_regency(self):
        """Another regency's event is refused and nothing changes."""
        self.client.force_login(self.editor)
        url = reverse("events_outcome_edit", args=[self.past_other.pk])
        self.assert_denied(self.client.get(url))
        self.assert_denied(
            self.client.post(url, {"result": "cancelled", "visitors": "1"})
        )
        outcome = EventOutcome.objects.get(event=self.past_other)
        self.assertEqual((outcome.result, outcome.visitors), ("held", 1200))

    def test_no_outcome_before_the_event_has_taken_place(self):
        """A future event cannot get an outcome yet."""
        self.client.force_login(self.editor)
        url = reverse("events_outcome_edit", args=[self.future_own.pk])
        response = self.client.post(url, {"result": "held", "visitors": "10"})
        self.assertEqual(response.status_code, 302)
        self.assertIs(
            EventOutcome.objects.filter(event=self.future_own).exists(), False
        )

    def test_editor_lists_only_their_regencys_past_events(self):
        """The outcomes list shows the editor's past events, not another regency's."""
        self.client.force_login(self.editor)
        response = self.client.get(reverse("events_outcomes"), {"year": 2025})
        self.assertContains(response, "Festival Liwa 2025")
        self.assertNotContains(response, "Festival Krui 2025")

    def test_annual_report_totals_outcomes_per_regency(self):
        """Held, cancelled and visitors add up per regency for the year."""
        EventOutcome.objects.create(event=self.past_own, result="held", visitors=800)
        rows = {
            row.regency.slug if row.regency else None: row
            for row in planning.planning_report(2025, date(2026, 1, 1))
        }
        self.assertEqual(
            (rows["lampung-barat"].held, rows["lampung-barat"].visitors), (1, 800)
        )
        self.assertEqual(
            (rows["pesisir-barat"].outcomes, rows["pesisir-barat"].visitors),
            (1, 1200),
        )
        self.assertEqual(rows["lampung-barat"].past_events, 1)
        self.assertEqual(planning.report_totals(list(rows.values())).visitors, 2000)

    # National nominations.

    def test_moderator_marks_events_and_exports_the_proposal_list(self):
        """Ticked events are proposed, unticked listed ones are withdrawn, and
        the export carries the fields the national curation asks for."""
        self.client.force_login(self.moderator)
        liwa = EventPage.objects.get(slug="festival-liwa-2028")
        sekura = EventPage.objects.get(slug="sekura-2028")
        EventPage.objects.filter(pk=sekura.pk).update(ken_nominated=True)
        url = reverse("events_ken_nominations") + f"?year={YEAR}"
        listing = self.client.get(url)
        self.assertContains(listing, 'name="nominate"', count=2)
        self.assertContains(listing, "Festival Liwa 2028")
        self.assertNotContains(listing, "Lomba Kopi 2028")  # not approved
        response = self.client.post(
            url, {"shown": [liwa.pk, sekura.pk], "nominate": [liwa.pk]}
        )
        self.assertEqual(response.status_code, 302)
        liwa.refresh_from_db()
        sekura.refresh_from_db()
        self.assertIs(liwa.ken_nominated, True)
        self.assertIs(sekura.ken_nominated, False)
        export = self.client.get(
            reverse("events_ken_nominations"), {"year": YEAR, "format": "csv"}
        )
        rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
        self.assertEqual(tuple(rows[0]), exports.KEN_COLUMNS)
        self.assertEqual([row["name"] for row in rows], ["Festival Liwa 2028"])
        self.assertEqual(rows[0]["start_date"], f"{YEAR}-07-02")
        self.assertEqual(rows[0]["regency"], self.lambar.name)

    def test_nomination_survives_a_later_revision(self):
        """Publishing an editor's revision saved before the nomination keeps it."""
        liwa = EventPage.objects.get(slug="festival-liwa-2028")
        revision = liwa.save_revision(user=self.editor)
        EventPage.objects.filter(pk=liwa.pk).update(ken_nominated=True)
        # Approved later, in another request: the revision is read afresh.
        Revision.objects.get(pk=revision.pk).publish(user=self.moderator)
        liwa.refresh_from_db()
        self.assertIs(liwa.ken_nominated, True)

    # The demo province.

    def test_demo_province_has_nominations_editions_and_an_outcome(self):
        """The demo proposes its nationally listed festivals, fills their
        edition, and records the outcome of last year's Festival Krakatau
        (loaded as on 27 November 2026)."""
        nominated = EventPage.objects.filter(
            ken_nominated=True, locale__language_code="id"
        )
        self.assertEqual(
            set(nominated.values_list("slug", flat=True)),
            {"festival-krakatau", "festival-sekala-bekhak", "tubaba-art-festival"},
        )
        krakatau = EventPage.objects.get(
            slug="festival-krakatau", locale__language_code="id"
        )
        self.assertIn("1991", krakatau.edition)
        past = EventPage.objects.get(slug="festival-krakatau-2026")
        self.assertIs(past.live, True)
        self.assertEqual(past.outcome.result, "held")
