"""The write side of the calendar: what runs when an event changes.

Wagtail announces publish, unpublish, move and delete by signals (the only
hook that also covers scheduled publishing and the workflow's approval).
`register()`, called once from `EventsConfig.ready()`, connects them here, and
each receiver runs one pipeline whose order is this code's, not the order in
which modules were imported. Publishing an event (`event_published`):

1. the URLs it shows on are noted (before its stored rows change: the months
   it occupied until now are read from them);
2. shared facts across languages: a translation takes its source's dates,
   venue and status (events.translation);
3. `sync_event`: derived columns (regency from its folder, schedule
   fingerprint, iCal SEQUENCE), then its stored occurrences, then its stored
   iCal text (its search text is copied by core.search's own receiver);
4. a source hands its shared facts on, and each translation is synced (3);
5. the planning report's stored counts of its regency are forgotten
   (events.planning counts them again on the next view), and the calendar
   version (events.versions): every feed's ETag changes in
   every process, and the booklets are marked for the background run;
6. once committed, the frontend caches are purged of the URLs of step 1
   (events.purge), and an event without an image has its drawn picture
   (events.pictures).

A venue or tag changed in the admin (saved, renamed, merged into another,
deleted) renews the events that show it the same way, without publishing
them (`events_changed_in_place`).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import timezone

from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction, Revision
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move

from core import search
from core.models import Regency

from . import pictures, purge, translation
from .models import (
    EventFolderPage,
    EventIndexPage,
    EventPage,
    EventPageTag,
    Occurrence,
    RegencyYearCount,
    Venue,
)
from .records import render_ical
from .versions import calendar_changed

# What is stored for one live event.


def occurrence_rows(event: EventPage, exceptions=None) -> list[Occurrence]:
    """Unsaved occurrence rows for the event: every occurrence starting up
    to the horizon (`Occurrence.horizon`), and none after it."""
    cancelled_event = event.is_cancelled
    rows = []
    for span in event.spans(exceptions, through=Occurrence.horizon(timezone.now())):
        days = Occurrence.local_days(span.start, span.end)
        rows.append(
            Occurrence(
                event=event,
                locale_id=event.locale_id,
                translation_key=event.translation_key,
                start=span.start,
                end=span.end,
                start_day=days[0],
                end_day=days[1],
                all_day=span.all_day,
                month_only=span.month_only,
                cancelled=span.cancelled or cancelled_event,
                moved=span.moved,
                note=span.note,
                original_start=span.original_start,
                rule_year=span.rule_year,
                provisional=span.provisional,
                regency_id=event.regency_id,
                category=event.category,
                venue_id=event.venue_id,
                is_free=event.is_free,
                highlight=event.highlight,
                **Occurrence.kind(event, *days),
            )
        )
    return rows


def store_occurrences(event: EventPage) -> None:
    """Replace the event's stored occurrences; none unless it is live."""
    Occurrence.objects.filter(event_id=event.pk).delete()
    if event.live:
        Occurrence.objects.bulk_create(occurrence_rows(event))


def store_ical(event: EventPage) -> None:
    """Render and store the event's VEVENT text, so that a feed only selects
    and joins (events.feeds)."""
    event.ical_component = render_ical(event)
    EventPage.objects.filter(pk=event.pk).update(ical_component=event.ical_component)


def renew_ical(event: EventPage) -> bool:
    """Render the event's VEVENT text again and store it only if more than its
    DTSTAMP (the moment of rendering) changed; whether it did. A run that
    changes no date leaves the text, and so every feed's version, alone."""
    text = render_ical(event)
    if _without_stamp(text) == _without_stamp(event.ical_component):
        return False
    event.ical_component = text
    EventPage.objects.filter(pk=event.pk).update(ical_component=text)
    return True


def _without_stamp(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("DTSTAMP:")]


def sync_event(event: EventPage) -> None:
    """Store what readers need from the event's live version: derived
    columns, then occurrences, then iCal text. Updates rows, not revisions."""
    parent = event.get_parent()
    regency_id = getattr(parent.specific, "regency_id", None) if parent else None
    fingerprint = event.compute_fingerprint()
    sequence = event.sequence
    if event.schedule_fingerprint and fingerprint != event.schedule_fingerprint:
        sequence += 1
    EventPage.objects.filter(pk=event.pk).update(
        regency_id=regency_id, schedule_fingerprint=fingerprint, sequence=sequence
    )
    event.regency_id = regency_id
    event.schedule_fingerprint = fingerprint
    event.sequence = sequence
    store_occurrences(event)
    store_ical(event)


def push_to_translations(source: EventPage) -> int:
    """After the source is published: copy its shared facts to every
    translation and sync the live ones. Returns how many were updated."""
    count = 0
    with transaction.atomic():
        for target in translation.translations_of(source):
            translation.apply_shared(source, target)
            if target.live:
                # Its live row changed with the source's shared facts: feeds
                # (LAST-MODIFIED) and the sitemap date it from the source.
                changed = source.last_published_at
                if changed and (
                    target.last_published_at is None
                    or changed > target.last_published_at
                ):
                    target.last_published_at = changed
                    EventPage.objects.filter(pk=target.pk).update(
                        last_published_at=changed
                    )
                sync_event(target)
            count += 1
    return count


def event_urls_of(event_ids) -> set[str]:
    """The URLs the live events among `event_ids` show on now (note them
    before changing their rows, like event_published does)."""
    urls: set[str] = set()
    for event in EventPage.objects.live().filter(pk__in=event_ids):
        urls |= purge.event_urls(event)
    return urls


def events_changed_in_place(event_ids, urls=frozenset()) -> None:
    """Events whose rows an admin action changed without publishing them (a
    venue or tag merged into another, a tag renamed or deleted): the live
    ones store again what readers read (occurrences, iCal text), then what
    every change ends with; `urls` (noted before) are purged after commit."""
    for event in EventPage.objects.filter(pk__in=event_ids):
        index.insert_or_update_object(event)
    events = EventPage.objects.live().filter(pk__in=event_ids)
    for event in events.select_related("venue", "venue__parent", "locale"):
        sync_event(event)
        search.store_text(event)
    calendar_changed()
    purge.after_commit(set(urls) | event_urls_of(event_ids))


# The pipelines, one per signal.


def event_published(sender, instance: EventPage, **kwargs) -> None:
    urls = purge.event_urls(instance)
    translation.pull_shared_fields(instance)
    sync_event(instance)
    push_to_translations(instance)
    RegencyYearCount.forget([instance.regency_id])
    calendar_changed()
    purge.after_commit(urls)
    picture_after_commit(instance)


def picture_after_commit(event: EventPage) -> None:
    """An event without an image shows its category's drawn picture in feeds
    and shared links: make sure the file is there (drawn once, then kept)."""
    if not event.image_id:
        regency = event.regency if event.regency_id else None
        category = event.category
        # robust: a storage fault (disk full, S3 down) is logged and leaves
        # the publish done; channels fall back until the picture is drawn.
        transaction.on_commit(
            lambda: pictures.ensure_fallback(category, regency), robust=True
        )


def event_unpublished(sender, instance: EventPage, **kwargs) -> None:
    urls = purge.event_urls(instance)
    Occurrence.objects.filter(event_id=instance.pk).delete()
    # Each translation's own unpublish runs this pipeline for it.
    translation.unpublish_translations(instance)
    RegencyYearCount.forget([instance.regency_id])
    calendar_changed()
    purge.after_commit(urls)


def page_moved(sender, instance, url_path_before="", **kwargs) -> None:
    """A moved event (or folder of events) follows its new folder's regency;
    any move may change what a feed shows."""
    urls = set()
    if isinstance(instance.specific_deferred, EventPage) and instance.live:
        old_path = purge.relative_path(instance, url_path_before)
        urls = purge.event_urls(instance.specific, old_path)
    for event in EventPage.objects.descendant_of(instance, inclusive=True).specific():
        if event.live:
            sync_event(event)
        else:
            # A draft's regency follows its new folder too: the moderators'
            # queue and the editor's listings show it.
            folder = event.get_parent().specific
            EventPage.objects.filter(pk=event.pk).update(
                regency_id=getattr(folder, "regency_id", None)
            )
    RegencyYearCount.forget()
    calendar_changed()
    purge.after_commit(urls)


def event_deleting(sender, instance: EventPage, **kwargs) -> None:
    """Before the rows go: the URLs the event showed on."""
    if instance.live:
        purge.after_commit(purge.event_urls(instance))


def event_deleted(sender, instance: EventPage, **kwargs) -> None:
    RegencyYearCount.forget([instance.regency_id])
    calendar_changed()


def container_changed(sender, instance, **kwargs) -> None:
    """A calendar or folder published or unpublished hides or shows events."""
    calendar_changed()


def restriction_changed(sender, instance, **kwargs) -> None:
    calendar_changed()


def venue_saved(sender, instance: Venue, created, raw=False, **kwargs) -> None:
    """A venue's name, address and position are in its events' stored VEVENT
    text (an anjungan's name includes PKOR's)."""
    if created or raw:
        return
    events = EventPage.objects.live().filter(
        Q(venue=instance) | Q(venue__parent=instance)
    )
    for event in events.select_related("venue", "venue__parent", "locale"):
        store_ical(event)
    calendar_changed()


def regency_saved(sender, instance: Regency, created, raw=False, **kwargs) -> None:
    """A regency's name is in its feeds' titles and in the booklet; its
    colours are in the drawn pictures of its events without an image, which
    pages and feeds name as soon as the colours change."""
    if created or raw:
        return
    calendar_changed()
    categories = set(
        EventPage.objects.live()
        .filter(regency=instance, image__isnull=True)
        .values_list("category", flat=True)
    )
    transaction.on_commit(
        lambda: [pictures.ensure_fallback(c, instance) for c in sorted(categories)],
        robust=True,
    )


def retag_revisions(tag_id: int, new_tag_id: int | None = None) -> None:
    """Events' drafts, submissions and scheduled versions name their tags by
    id: point them at `new_tag_id`, or drop the tag, so publishing one later
    cannot name a deleted tag."""
    revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(EventPage)
    ).filter(
        Q(pk__in=Page.objects.values("latest_revision_id"))
        | Q(approved_go_live_at__isnull=False)
    )
    for revision in revisions.iterator():
        items = revision.content.get("tagged_items") or []
        if not any(item.get("tag") == tag_id for item in items):
            continue
        kept, seen = [], set()
        for item in items:
            if item.get("tag") == tag_id:
                if new_tag_id is None:
                    continue
                item = {**item, "tag": new_tag_id}
            if item.get("tag") not in seen:
                seen.add(item.get("tag"))
                kept.append(item)
        revision.content["tagged_items"] = kept
        revision.save(update_fields=["content"])


def tag_saved(sender, instance: Tag, created, raw=False, **kwargs) -> None:
    """A renamed tag is in its events' stored CATEGORIES and search text."""
    if created or raw:
        return
    events_changed_in_place(tagged_event_ids(instance))


def tag_deleting(sender, instance: Tag, **kwargs) -> None:
    instance._tagged_event_ids = tagged_event_ids(instance)
    instance._tagged_urls = event_urls_of(instance._tagged_event_ids)
    retag_revisions(instance.pk)


def tag_deleted(sender, instance: Tag, **kwargs) -> None:
    ids = getattr(instance, "_tagged_event_ids", [])
    if ids:
        events_changed_in_place(ids, getattr(instance, "_tagged_urls", set()))


def tagged_event_ids(tag: Tag) -> list[int]:
    return list(
        EventPageTag.objects.filter(tag=tag).values_list("content_object_id", flat=True)
    )


def register() -> None:
    """Connect the receivers (once: `dispatch_uid` makes it idempotent)."""
    connections = (
        (page_published, event_published, EventPage),
        (page_unpublished, event_unpublished, EventPage),
        (post_page_move, page_moved, None),
        (pre_delete, event_deleting, EventPage),
        (post_delete, event_deleted, EventPage),
        (post_save, restriction_changed, PageViewRestriction),
        (post_delete, restriction_changed, PageViewRestriction),
        (post_save, venue_saved, Venue),
        (post_save, regency_saved, Regency),
        (post_save, tag_saved, Tag),
        (pre_delete, tag_deleting, Tag),
        (post_delete, tag_deleted, Tag),
    )
    for signal, receiver, sender in connections:
        signal.connect(
            receiver,
            sender=sender,
            dispatch_uid=f"events.publishing.{receiver.__name__}.{id(signal)}",
        )
    for model in (EventFolderPage, EventIndexPage):
        for signal in (page_published, page_unpublished):
            signal.connect(
                container_changed,
                sender=model,
                dispatch_uid=f"events.publishing.container.{model.__name__}.{id(signal)}",
            )
