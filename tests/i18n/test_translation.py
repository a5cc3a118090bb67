"""Dates, venue, status and recurrence are entered once, in Indonesian, and
shared by the English version of an event; its text stays the translator's."""

from datetime import date, time

from django.contrib.auth.models import Group
from django.test import TestCase

from wagtail.models import GroupPagePermission, Locale, Revision, WorkflowPage

from events.models import EventException, EventPage, Occurrence, Venue
from events.translation import ical_uid, is_translation, source_of
from home.models import HomePage
from tests.demo import load_demo_province
from tests.events.factories import folder_of, live_event, publish

FESTIVAL = "festival-krakatau"
COFFEE_CLASS = "kelas-seduh-kopi-robusta-lampung-barat"


def versions(slug):
    """The Indonesian and English versions of a demo event."""
    source = EventPage.objects.get(slug=slug, locale__language_code="id")
    return source, source.get_translation(Locale.objects.get(language_code="en"))


class SharedFactsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province(with_users=False)

    def test_demo_english_event_is_a_translation_of_the_indonesian_one(self):
        """The English festival's source is the Indonesian page; the
        Indonesian page is its own source."""
        source, english = versions(FESTIVAL)
        self.assertIs(is_translation(english), True)
        self.assertIs(is_translation(source), False)
        self.assertEqual(source_of(english).pk, source.pk)

    def test_changing_the_indonesian_date_changes_the_english_page(self):
        """Publishing a new date in Indonesian moves the English page, its
        stored occurrences and what its page shows."""
        source, english = versions(FESTIVAL)
        source.start_date = date(2027, 8, 20)
        source.end_date = date(2027, 8, 22)
        publish(source)
        english.refresh_from_db()
        self.assertEqual(english.start_date, date(2027, 8, 20))
        self.assertEqual(english.end_date, date(2027, 8, 22))
        starts = list(
            Occurrence.objects.filter(event=english).values_list("start", flat=True)
        )
        self.assertEqual(
            starts,
            list(
                Occurrence.objects.filter(event=source).values_list("start", flat=True)
            ),
        )
        response = self.client.get(english.url)
        self.assertContains(response, "August 2027")

    def test_venue_and_status_follow_the_indonesian_page(self):
        """Venue and status (shared) follow; the English reason (text) stays."""
        source, english = versions("festival-siger")
        english_reason = english.status_reason
        other_venue = Venue.objects.exclude(pk=source.venue_id).first()
        source.venue = other_venue
        source.status = "cancelled"
        source.status_reason = "Dibatalkan karena cuaca buruk."
        publish(source)
        english.refresh_from_db()
        self.assertEqual(english.venue_id, other_venue.pk)
        self.assertEqual(english.status, "cancelled")
        self.assertEqual(english.status_reason, english_reason)

    def test_english_text_and_draft_survive_a_source_publication(self):
        """The translator's live text stays, their pending draft is kept as it
        was, and no revision is added to the English page."""
        source, english = versions(FESTIVAL)
        live_summary = english.summary
        english.summary = "A draft the translator has not published yet."
        english.save_revision()
        revisions = Revision.page_revisions.filter(object_id=str(english.pk)).count()
        source.start_date = date(2027, 9, 1)
        source.end_date = None
        publish(source)
        english.refresh_from_db()
        self.assertEqual(english.summary, live_summary)
        self.assertIs(english.has_unpublished_changes, True)
        self.assertEqual(
            english.get_latest_revision_as_object().summary,
            "A draft the translator has not published yet.",
        )
        self.assertEqual(
            Revision.page_revisions.filter(object_id=str(english.pk)).count(),
            revisions,
        )

    def test_english_page_cannot_publish_its_own_dates(self):
        """Dates set on the English page are overwritten from the Indonesian
        page when the English page is published."""
        source, english = versions(FESTIVAL)
        english.start_date = date(2030, 1, 1)
        english.status = "postponed"
        english.summary = "Edited in English."
        publish(english)
        self.assertEqual(english.start_date, source.start_date)
        self.assertEqual(english.status, source.status)
        self.assertEqual(english.summary, "Edited in English.")
        self.assertEqual(
            Occurrence.objects.filter(event=english).first().start,
            Occurrence.objects.filter(event=source).first().start,
        )

    def test_exception_dates_are_shared_and_reasons_stay_translated(self):
        """A new cancelled date in Indonesian reaches the English series; the
        English reasons already written are kept."""
        source, english = versions(COFFEE_CLASS)
        before = set(english.exceptions.values_list("reason", flat=True))
        series_dates = sorted(
            {o.local_start.date() for o in Occurrence.objects.filter(event=source)}
        )
        taken = set(source.exceptions.values_list("original_date", flat=True))
        new_date = next(d for d in series_dates[1:] if d not in taken)
        source = EventPage.objects.get(pk=source.pk)
        exceptions = list(source.exceptions.all())
        exceptions.append(
            EventException(
                original_date=new_date, action="cancel", reason="Hujan lebat"
            )
        )
        source.exceptions = exceptions
        publish(source)
        english_exceptions = EventException.objects.filter(page=english)
        self.assertEqual(
            set(english_exceptions.values_list("original_date", flat=True)),
            taken | {new_date},
        )
        self.assertTrue(
            before <= set(english_exceptions.values_list("reason", flat=True))
        )
        cancelled = Occurrence.objects.filter(event=english, cancelled=True)
        self.assertIn(new_date, {o.local_start.date() for o in cancelled})

    def test_unpublishing_the_indonesian_event_unpublishes_the_english_one(self):
        """A withdrawn event leaves the English calendar too."""
        source, english = versions(FESTIVAL)
        source.unpublish()
        english.refresh_from_db()
        self.assertIs(english.live, False)
        self.assertIs(Occurrence.objects.filter(event=english).exists(), False)

    def test_translation_keeps_the_ical_uid_and_sequence(self):
        """Both versions have one iCal UID (the source's) and one SEQUENCE."""
        source, english = versions(FESTIVAL)
        self.assertNotEqual(english.uid, source.uid)
        self.assertEqual(ical_uid(english), source.uid)
        self.assertEqual(ical_uid(source), source.uid)
        source.start_time = time(9)
        publish(source)
        english.refresh_from_db()
        self.assertEqual(english.sequence, source.sequence)
        self.assertGreater(source.sequence, 0)

    def test_english_edit_form_shows_shared_fields_disabled_with_source_values(self):
        """In the English page's form the shared fields are disabled and show
        the Indonesian values; the text fields stay editable."""
        source, english = versions(FESTIVAL)
        form_class = EventPage.get_edit_handler().get_form_class()
        english_draft = english.get_latest_revision_as_object()
        english_draft.start_date = date(2031, 1, 1)
        form = form_class(instance=english_draft, for_user=None)
        for name in ("start_date", "venue", "status", "recurrence_frequency"):
            with self.subTest(name):
                self.assertIs(form.fields[name].disabled, True)
        self.assertEqual(form["start_date"].initial, source.start_date)
        self.assertIs(form.fields["summary"].disabled, False)
        source_form = form_class(instance=source, for_user=None)
        self.assertIs(source_form.fields["start_date"].disabled, False)

    def test_new_translation_inherits_editors_permissions_and_workflow(self):
        """Copying a page into English gives the copy the groups' page
        permissions of the source, so its regency's editors can edit it."""
        folder = folder_of("lampung-barat")
        event = live_event(folder, title="Lomba Kopi", slug="lomba-kopi")
        english = event.copy_for_translation(Locale.objects.get(language_code="en"))
        editors = Group.objects.get(name="Editor Lampung Barat")
        english_folder = folder_of("lampung-barat", "en")
        self.assertEqual(english.get_parent().pk, english_folder.pk)
        self.assertIs(
            GroupPagePermission.objects.filter(
                group=editors, page=english_folder, permission__codename="add_page"
            ).exists(),
            True,
        )
        english_home = HomePage.objects.get(locale__language_code="en")
        self.assertIs(WorkflowPage.objects.filter(page=english_home).exists(), True)
