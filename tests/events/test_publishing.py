"""The write side's wiring (events.publishing): one receiver per signal,
connected by `register()`, whatever the import order."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.test import SimpleTestCase

from wagtail.signals import page_published, page_unpublished, post_page_move

from events import dates, ical, publishing
from events.models import EventPage

SIGNALS = (
    page_published,
    page_unpublished,
    post_page_move,
    pre_delete,
    post_delete,
    post_save,
)


class RegisterTests(SimpleTestCase):
    def test_register_connects_once(self):
        """`EventsConfig.ready()` has run it; running it again adds nothing."""
        before = [len(signal.receivers) for signal in SIGNALS]
        publishing.register()
        publishing.register()
        self.assertEqual([len(signal.receivers) for signal in SIGNALS], before)

    def test_every_pipeline_is_connected(self):
        connected = {
            receiver()
            for signal in SIGNALS
            for _key, receiver, *_rest in signal.receivers
            if receiver() is not None
        }
        for pipeline in (
            publishing.event_published,
            publishing.event_unpublished,
            publishing.page_moved,
            publishing.event_deleting,
            publishing.event_deleted,
            publishing.container_changed,
            publishing.restriction_changed,
            publishing.venue_saved,
            publishing.regency_saved,
        ):
            with self.subTest(pipeline.__name__):
                self.assertIn(pipeline, connected)


class DomainEnumTests(SimpleTestCase):
    def test_repr_is_the_plain_enums(self):
        """Every event's stored schedule fingerprint (its iCal SEQUENCE) is a
        hash of its schedule's repr: the enums' repr must stay what it was
        when they were plain `StrEnum`s, or every event's SEQUENCE would rise
        at its next publication although nothing changed."""
        self.assertEqual(repr(dates.Frequency.WEEKLY), "<Frequency.WEEKLY: 'weekly'>")
        self.assertEqual(
            repr(dates.ExceptionAction.MOVE), "<ExceptionAction.MOVE: 'move'>"
        )
        self.assertEqual(repr(ical.Status.CANCELLED), "<Status.CANCELLED: 'cancelled'>")

    def test_models_reuse_the_domain_enums(self):
        field = EventPage._meta.get_field("recurrence_frequency")
        self.assertEqual(field.choices, dates.Frequency.choices)
        self.assertEqual(
            EventPage._meta.get_field("status").choices, ical.Status.choices
        )
