"""Keep stored occurrences in step with the live state of events.

Signals are the only hook Wagtail gives for publish, unpublish and move that
also covers scheduled publishing and the workflow's approval.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished, post_page_move

from . import translation
from .models import EventPage, Occurrence


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


# The annual booklet (events.booklet): a change to what it may show drops the
# cached pointer to the stored PDF; the next download compares fingerprints.


@receiver(page_published, sender=EventPage)
@receiver(page_unpublished, sender=EventPage)
@receiver(post_page_move)
@receiver(post_delete, sender=EventPage)
def booklet_content_changed(sender, **kwargs):
    from . import booklet

    booklet.invalidate()
