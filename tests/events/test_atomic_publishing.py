"""A publish, unpublish or move is all or nothing (issue 21): each step of
the write side is made to fail in turn, and the public page, the event's
iCal file, the API, the stored occurrences and the calendar version show
exactly the previous version; publishing again then succeeds."""

from datetime import date, timedelta
from unittest import mock

from django.db import DatabaseError
from django.test import TestCase

from events.models import CalendarVersion, EventPage, Occurrence
from tests.security import report

from ..demo import load_demo_province
from .annual_data import folder_of, make_event

# The write side of a publish, in order (events.publishing's pipeline and
# Wagtail's own steps after the page row is saved).
PUBLISH_STEPS = (
    "wagtail.models.pages.PageLogEntry.objects.log_action",
    "events.translation.pull_shared_fields",
    "events.publishing.store_occurrences",
    "events.publishing.store_ical",
    "events.publishing.push_to_translations",
    "events.publishing.calendar_changed",
)


WHOLE = (
    "page, .ics, API, occurrences and version show the previous version; "
    "a retry publishes"
)
OBSERVED = "previous version whole in all five; the retry published"


def injected(*args, **kwargs):
    raise DatabaseError("injected fault")


class AtomicPublishingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province(with_users=False)
        cls.event = make_event(
            folder_of("mesuji"), "Lomba Perahu Hias Percobaan", date(2027, 5, 20)
        )

    def state(self, event):
        """Everything a visitor or a calendar app reads of the event."""
        event = EventPage.objects.get(pk=event.pk)
        page = self.client.get(event.url)
        ics = self.client.get(f"/events/{event.uid}.ics")
        api = self.client.get("/api/events/", {"q": "Percobaan"}).json()
        return {
            "title": event.title,
            "live_revision": event.live_revision_id,
            "live": event.live,
            "url_path": event.url_path,
            "ical": event.ical_component,
            "occurrences": list(
                Occurrence.objects.filter(event_id=event.pk)
                .order_by("start")
                .values_list("start", "end", "venue_id", "regency_id")
            ),
            "version": CalendarVersion.objects.get(pk=1).number,
            "page_status": page.status_code,
            "page_has_title": event.title in page.content.decode(),
            "ics": ics.content.decode() if ics.status_code == 200 else ics.status_code,
            "api": sorted((row["title"], row["start"]) for row in api["results"]),
        }

    def change(self, event, title):
        event = EventPage.objects.get(pk=event.pk)
        event.title = title
        event.start_date = event.start_date + timedelta(days=3)
        return event.save_revision()

    def test_a_publish_failing_at_any_step_leaves_the_previous_version_whole(self):
        for number, step in enumerate(PUBLISH_STEPS):
            with (
                self.subTest(step=step),
                report.fault(
                    f"publish: {step.rsplit('.', 1)[-1]} fails", WHOLE
                ) as seen,
            ):
                before = self.state(self.event)
                revision = self.change(
                    self.event, f"Lomba Perahu Hias Percobaan ke-{number}"
                )
                with (
                    mock.patch(step, side_effect=injected),
                    self.assertRaises(DatabaseError),
                ):
                    revision.publish()
                after = self.state(self.event)
                self.assertEqual(after, before)
                revision.publish()
                published = self.state(self.event)
                self.assertEqual(
                    published["title"], f"Lomba Perahu Hias Percobaan ke-{number}"
                )
                self.assertIn(f"ke-{number}", published["ics"])
                self.assertTrue(published["page_has_title"])
                self.assertNotEqual(published["occurrences"], before["occurrences"])
                self.assertGreater(published["version"], before["version"])
                seen["observed"] = OBSERVED

    def test_an_unpublish_failing_leaves_the_event_live_with_its_dates(self):
        for step in (
            "events.publishing.calendar_changed",
            "events.translation.unpublish_translations",
        ):
            with (
                self.subTest(step=step),
                report.fault(
                    f"unpublish: {step.rsplit('.', 1)[-1]} fails",
                    "the event stays live with its dates in every channel",
                ) as seen,
            ):
                before = self.state(self.event)
                self.assertTrue(before["live"])
                with (
                    mock.patch(step, side_effect=injected),
                    self.assertRaises(DatabaseError),
                ):
                    EventPage.objects.get(pk=self.event.pk).unpublish()
                self.assertEqual(self.state(self.event), before)
                seen["observed"] = "still live; page, .ics, API, occurrences unchanged"
        EventPage.objects.get(pk=self.event.pk).unpublish()
        self.assertEqual(self.state(self.event)["occurrences"], [])

    @report.holds(
        "move to another regency: store_occurrences fails",
        "the event stays in its folder with its regency everywhere; a retry moves it",
    )
    def test_a_move_failing_leaves_the_event_where_it_was(self):
        """Moving to another regency's folder re-derives the regency of the
        event and its occurrences; a failure there leaves it in the old
        folder with the old regency everywhere."""
        before = self.state(self.event)
        target = folder_of("way-kanan")
        with (
            mock.patch("events.publishing.store_occurrences", side_effect=injected),
            self.assertRaises(DatabaseError),
        ):
            EventPage.objects.get(pk=self.event.pk).move(target, pos="last-child")
        self.assertEqual(self.state(self.event), before)
        EventPage.objects.get(pk=self.event.pk).move(target, pos="last-child")
        moved = self.state(self.event)
        self.assertNotEqual(moved["url_path"], before["url_path"])
        self.assertEqual({row[3] for row in moved["occurrences"]}, {target.regency_id})
        self.seen["observed"] = "unchanged after the fault; moved on the retry"
