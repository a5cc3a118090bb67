"""Submission and moderation of events through the real Wagtail admin: a
regency editor submits, a provincial moderator approves or rejects."""

from datetime import time, timedelta
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from wagtail.models import Revision, WorkflowState

from events.models import EventPage, Occurrence, Venue
from tests.demo import load_demo_province
from tests.events.admin import add_url, edit_url, event_form_data
from tests.events.factories import folder_of, live_event, publish

QUEUE_URL = "/admin/events/moderation/"


class ModerationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        users = get_user_model().objects
        cls.editor = users.get(username="editor.lampung-barat")
        cls.other_editor = users.get(username="editor.pesisir-barat")
        cls.moderator = users.get(username="moderator")
        cls.folder = folder_of("lampung-barat")
        cls.other_folder = folder_of("pesisir-barat")

    def submit(self, **fields):
        """Create and submit an event as the Lampung Barat editor."""
        self.client.force_login(self.editor)
        response = self.client.post(
            add_url(self.folder), {**event_form_data(**fields), "action-submit": "1"}
        )
        self.assertEqual(response.status_code, 302)
        return EventPage.objects.get(slug=fields.get("slug", "festival-uji-coba"))

    def act(self, page, action, **data):
        """A moderator's workflow action on the page's current task."""
        self.client.force_login(self.moderator)
        task_state = page.current_workflow_task_state
        return self.client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[page.pk, action, task_state.pk],
            ),
            data,
        )

    def test_submitted_event_waits_for_a_moderator(self):
        """A submitted event is a draft in moderation: not live, no occurrences,
        not on the public calendar."""
        page = self.submit(title="Festival Menunggu")
        self.assertIs(page.live, False)
        self.assertEqual(page.regency.slug, "lampung-barat")
        self.assertEqual(page.workflow_states.get().status, "in_progress")
        self.assertFalse(Occurrence.objects.filter(event=page).exists())
        self.client.logout()
        response = self.client.get("/agenda/")
        self.assertNotContains(response, "Festival Menunggu")

    def test_approval_publishes_and_creates_occurrences(self):
        """The moderator's approval makes the event live with its occurrences."""
        page = self.submit(
            recurrence_frequency="weekly",
            recurrence_weekdays=["5"],
            recurrence_count="4",
        )
        response = self.act(page, "approve")
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertIs(page.live, True)
        self.assertEqual(Occurrence.objects.filter(event=page).count(), 4)
        self.assertEqual(page.workflow_states.get().status, "approved")

    def test_rejection_keeps_content_and_shows_the_comment(self):
        """Requesting changes keeps the page unpublished with everything the
        editor wrote; the editor sees the moderator's comment when editing."""
        comment = "Mohon lengkapi jam selesai dan nama penyelenggara."
        page = self.submit(
            title="Festival Ditolak", summary="Ringkasan yang harus tetap ada."
        )
        response = self.act(page, "reject", comment=comment)
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertIs(page.live, False)
        self.assertEqual(page.workflow_states.get().status, "needs_changes")
        self.client.force_login(self.editor)
        response = self.client.get(edit_url(page))
        self.assertContains(response, comment)
        form = response.context["form"]
        self.assertEqual(form["title"].value(), "Festival Ditolak")
        self.assertEqual(form["summary"].value(), "Ringkasan yang harus tetap ada.")
        self.assertFalse(Occurrence.objects.filter(event=page).exists())

    def test_editor_cannot_create_in_another_regency_folder(self):
        """Another regency's folder refuses the editor; nothing is written."""
        self.client.force_login(self.editor)
        before = (EventPage.objects.count(), Revision.objects.count())
        for method in (self.client.get, self.client.post):
            with self.subTest(method.__name__):
                response = method(
                    add_url(self.other_folder),
                    {**event_form_data(slug="penyusup"), "action-submit": "1"},
                )
                self.assertIn(response.status_code, (302, 403))
                if response.status_code == 302:
                    self.assertEqual(response["Location"], reverse("wagtailadmin_home"))
        self.assertEqual((EventPage.objects.count(), Revision.objects.count()), before)
        self.assertFalse(EventPage.objects.filter(slug="penyusup").exists())

    def test_editor_cannot_edit_another_regency_event(self):
        """An event of Pesisir Barat cannot be changed by Lampung Barat's editor."""
        event = EventPage.objects.filter(regency__slug="pesisir-barat").first()
        self.client.force_login(self.editor)
        response = self.client.post(
            edit_url(event), event_form_data(title="Diubah", slug=event.slug)
        )
        self.assertIn(response.status_code, (302, 403))
        event.refresh_from_db()
        self.assertNotEqual(event.title, "Diubah")

    def test_moderation_queue_lists_pending_events_of_all_regencies(self):
        """Moderators see every submission in progress with regency, dates and
        submitter; approved ones leave the queue."""
        first = self.submit(title="Festival Pertama", slug="pertama")
        self.client.force_login(self.other_editor)
        self.client.post(
            add_url(self.other_folder),
            {
                **event_form_data(
                    title="Festival Pesisir", slug="pesisir", start_date="2027-08-01"
                ),
                "action-submit": "1",
            },
        )
        approved = self.submit(title="Sudah Disetujui", slug="disetujui")
        self.act(approved, "approve")
        self.client.force_login(self.moderator)
        response = self.client.get(QUEUE_URL)
        self.assertEqual(response.status_code, 200)
        for text in (
            "Festival Pertama",
            "Festival Pesisir",
            first.regency.name,
            "Kabupaten Pesisir Barat",
            "10 Juli 2027",
            "1 Agustus 2027",
            "Editor Lampung Barat",
            reverse("wagtailadmin_pages:edit", args=[first.pk]),
        ):
            with self.subTest(text):
                self.assertContains(response, text)
        rows = [row.title for row in response.context["table"].data]
        self.assertEqual(rows, ["Festival Pertama", "Festival Pesisir"])

    def test_queue_is_for_moderators_only(self):
        """Editors neither see the menu item nor open the queue."""
        self.client.force_login(self.editor)
        response = self.client.get(QUEUE_URL)
        self.assertIn(response.status_code, (302, 403))
        self.assertNotContains(self.client.get("/admin/"), QUEUE_URL)
        self.client.force_login(self.moderator)
        self.assertContains(self.client.get("/admin/"), QUEUE_URL)

    def test_dashboard_shows_submissions_to_the_moderator(self):
        """Wagtail's own "awaiting your review" dashboard panel lists them too."""
        self.submit(title="Festival Dasbor", slug="dasbor")
        self.client.force_login(self.moderator)
        self.assertContains(self.client.get("/admin/"), "Festival Dasbor")

    def test_scheduled_publishing_creates_occurrences_when_due(self):
        """An event approved for a future go-live time stays offline until
        `publish_scheduled` runs after that time; then its occurrences exist."""
        self.client.force_login(self.moderator)
        go_live = timezone.localtime(timezone.now() + timedelta(hours=2))
        response = self.client.post(
            add_url(self.folder),
            {
                **event_form_data(
                    slug="terjadwal", go_live_at=go_live.strftime("%Y-%m-%d %H:%M")
                ),
                "action-publish": "1",
            },
        )
        self.assertEqual(response.status_code, 302)
        page = EventPage.objects.get(slug="terjadwal")
        self.assertIs(page.live, False)
        self.assertFalse(Occurrence.objects.filter(event=page).exists())
        call_command("publish_scheduled", stdout=StringIO())
        page.refresh_from_db()
        self.assertIs(page.live, False)
        # Time passes: move the approved go-live moment behind us, in the
        # revision's schedule and in its content, as the clock would.
        revision = Revision.page_revisions.get(
            object_id=str(page.pk), approved_go_live_at__isnull=False
        )
        past = timezone.now() - timedelta(minutes=1)
        revision.approved_go_live_at = past
        revision.content["go_live_at"] = past.isoformat()
        revision.save(update_fields=["approved_go_live_at", "content"])
        call_command("publish_scheduled", stdout=StringIO())
        page.refresh_from_db()
        self.assertIs(page.live, True)
        self.assertEqual(Occurrence.objects.filter(event=page).count(), 1)
        self.assertFalse(WorkflowState.objects.filter(object_id=str(page.pk)).exists())

    # Clashes at an anjungan.

    def clash_setup(self):
        """Another live activity at Lampung Barat's anjungan, a month ahead
        (relative: only coming occurrences are compared)."""
        venue = Venue.objects.get(slug="anjungan-lampung-barat")
        day = timezone.localdate() + timedelta(days=30)
        other = live_event(
            folder_of("lampung-barat"),
            title="Latihan Tari Sekura",
            slug="latihan-tari-sekura",
            start_date=day,
            start_time=time(19),
            end_time=time(21),
            venue=venue,
        )
        return venue, day, other

    def save_as_editor(self, **fields):
        self.client.force_login(self.editor)
        response = self.client.post(add_url(self.folder), event_form_data(**fields))
        self.assertEqual(response.status_code, 302)
        return [str(m) for m in get_messages(response.wsgi_request)]

    def test_overlapping_activity_warns_naming_the_clash(self):
        """Saving an activity that overlaps another at the same anjungan
        warns, naming the other event and its date; the draft is saved."""
        venue, day, _other = self.clash_setup()
        shown = self.save_as_editor(
            slug="bentrok",
            venue=str(venue.pk),
            start_date=day.isoformat(),
            start_time="20:00",
            end_time="22:00",
        )
        warnings = [m for m in shown if "bentrok" in m]
        self.assertEqual(len(warnings), 1, shown)
        self.assertIn("Latihan Tari Sekura", warnings[0])
        self.assertIn(date_format(day, "j F Y"), warnings[0])
        self.assertIn("Anjungan", warnings[0])
        self.assertTrue(EventPage.objects.filter(slug="bentrok").exists())

    def test_series_warns_about_the_occurrence_that_overlaps(self):
        """A weekly series clashing on its third date names that date."""
        venue, day, _other = self.clash_setup()
        first = day - timedelta(weeks=2)
        shown = self.save_as_editor(
            slug="seri-bentrok",
            venue=str(venue.pk),
            start_date=first.isoformat(),
            start_time="18:00",
            end_time="19:30",
            recurrence_frequency="weekly",
            recurrence_count="5",
        )
        warnings = [m for m in shown if "Latihan Tari Sekura" in m]
        self.assertEqual(len(warnings), 1, shown)
        self.assertIn(date_format(day, "j F Y"), warnings[0])

    def test_no_warning_without_overlap(self):
        """Back-to-back times, another venue or a cancelled date: no warning."""
        venue, day, other = self.clash_setup()
        elsewhere = Venue.objects.get(slug="anjungan-pesisir-barat")
        cases = {
            "ends when the other starts": {"start_time": "17:00", "end_time": "19:00"},
            "another anjungan": {"venue": str(elsewhere.pk)},
        }
        for label, fields in cases.items():
            with self.subTest(label):
                shown = self.save_as_editor(
                    **{
                        "slug": slugify(label),
                        "venue": str(venue.pk),
                        "start_date": day.isoformat(),
                        "start_time": "20:00",
                        "end_time": "22:00",
                        **fields,
                    }
                )
                self.assertFalse([m for m in shown if "Latihan Tari Sekura" in m])
        other.status, other.status_reason = "cancelled", "Batal"
        publish(other)
        shown = self.save_as_editor(
            slug="setelah-batal",
            venue=str(venue.pk),
            start_date=day.isoformat(),
            start_time="20:00",
        )
        self.assertFalse([m for m in shown if "Latihan Tari Sekura" in m])

    def test_publishing_an_edit_warns_too(self):
        """A moderator publishing an edited event sees the same warning."""
        venue, day, _other = self.clash_setup()
        event = live_event(
            folder_of("lampung-barat"),
            slug="digeser",
            start_date=day + timedelta(days=1),
            venue=venue,
        )
        self.client.force_login(self.moderator)
        response = self.client.post(
            edit_url(event),
            {
                **event_form_data(
                    slug="digeser",
                    venue=str(venue.pk),
                    start_date=day.isoformat(),
                    start_time="19:30",
                ),
                "action-publish": "1",
            },
        )
        self.assertEqual(response.status_code, 302)
        shown = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue([m for m in shown if "Latihan Tari Sekura" in m], shown)
        event.refresh_from_db()
        self.assertEqual(event.start_date, day)
