"""Keep stored occurrences in step with the live state of events.

Signals are the only hook Wagtail gives for publish, unpublish and move that
also covers scheduled publishing and the workflow's approval.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import feeds, translation
from .models import EventFolderPage, EventIndexPage, EventPage, Occurrence, Venue


@receiver(page_published, sender=EventPage)
def event_published(sender, instance, **kwargs):
    # Dates, venue and status come from the default-language page (see
    # events.translation): a translation takes them, a source hands them on.
    translation.pull_shared_fields(instance)
    instance.refresh_after_publish()
    translation.push_shared_fields(instance)


@receiver(page_unpublished, sender=EventPage)
def event_unpublished(sender, instance, **kwargs):
    Occurrence.objects.filter(event_id=instance.pk).delete()
    translation.unpublish_translations(instance)


@receiver(post_page_move)
def event_moved(sender, instance, **kwargs):
    for event in EventPage.objects.descendant_of(instance, inclusive=True).specific():
        if event.live:
            event.refresh_after_publish()
        else:
            # A draft's regency follows its new folder too: the moderators'
            # queue and the editor's listings show it.
            folder = event.get_parent().specific
            EventPage.objects.filter(pk=event.pk).update(
                regency_id=getattr(folder, "regency_id", None)
            )


# Feeds: whatever can change what an iCal feed shows bumps the calendar
# version, which names the cached feeds and their ETags.


@receiver(page_published)
@receiver(page_unpublished)
def calendar_page_changed(sender, instance, **kwargs):
    if issubclass(sender, EventPage | EventFolderPage | EventIndexPage):
        feeds.calendar_changed()


@receiver(post_page_move)
def page_moved_for_feeds(sender, instance, **kwargs):
    feeds.calendar_changed()


@receiver(post_delete, sender=EventPage)
def event_deleted_for_feeds(sender, instance, **kwargs):
    feeds.calendar_changed()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed_for_feeds(sender, instance, **kwargs):
    feeds.calendar_changed()


@receiver(post_save, sender=Venue)
def venue_saved_for_feeds(sender, instance, created, raw=False, **kwargs):
    """A venue's name, address and position are in its events' stored VEVENT
    text (an anjungan's name includes PKOR's)."""
    if created or raw:
        return
    events = EventPage.objects.live().filter(
        Q(venue=instance) | Q(venue__parent=instance)
    )
    for event in events.select_related("venue", "venue__parent", "locale"):
        event.refresh_ical_component()
    feeds.calendar_changed()


# The annual booklet (events.booklet): a change to what it may show drops the
# cached pointer to the stored PDF; the next download compares fingerprints.


@receiver(page_published, sender=EventPage)
@receiver(page_unpublished, sender=EventPage)
@receiver(post_page_move)
@receiver(post_delete, sender=EventPage)
def booklet_content_changed(sender, **kwargs):
    from . import booklet

    booklet.invalidate()
