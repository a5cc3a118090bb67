"""One event, several languages: the facts every language version shares.

An event is entered in Indonesian (the default locale, its *source*) and
translated with Wagtail's simple translation, which copies the page. From then
on the text (title, summary, description, reasons) belongs to each language,
but the facts listed in `EventPage.shared_fields` (dates, recurrence, status,
venue...) and the dates of the exceptions are entered once, on the source:

- publishing the source copies them to every translation (rows only: no new
  revision, so a translator's draft and text are kept), and events.publishing
  rebuilds those translations' stored occurrences and calendar data;
- publishing a translation first takes them from its source, so an English
  page can never publish its own dates;
- the edit form of a translation shows them disabled, with the source's values
  (`lock_shared_fields`);
- unpublishing the source unpublishes its translations.

A translation keeps the source's iCal UID and SEQUENCE (`ical_uid`), so a
calendar app subscribed in either language sees one event.
"""

import uuid

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

# The fields of an exception that say *when*; its `reason` is text to translate.
SHARED_EXCEPTION_FIELDS = (
    "original_date",
    "action",
    "new_date",
    "new_start_time",
    "new_end_time",
)


def source_of(event):
    """The default-language version of `event` (live or not), or None when the
    event has none (it was written in another language first)."""
    default = Locale.get_default()
    if event.locale_id == default.pk:
        return event
    return (
        type(event)
        .objects.filter(translation_key=event.translation_key, locale_id=default.pk)
        .first()
    )


def is_translation(event) -> bool:
    """True when the event's shared facts come from another language's page."""
    if event.pk is None:
        return False
    source = source_of(event)
    return source is not None and source.pk != event.pk


def ical_uid(event) -> uuid.UUID:
    """The iCal UID of the event in every language: its source's `uid`."""
    if event.locale_id == Locale.get_default().pk:
        return event.uid
    source = source_of(event)
    return source.uid if source is not None else event.uid


def shared_values(source) -> dict:
    """The shared fields of `source` as column values (`venue_id`, not `venue`)."""
    values = {}
    for name in source.shared_fields:
        field = source._meta.get_field(name)
        values[field.attname] = getattr(source, field.attname)
    return values


def _copy_exceptions(source, target) -> list:
    """Replace the target's exception rows by the source's, keeping the
    target's own (translated) reason for a date it already had."""
    exception_model = type(source)._meta.get_field("exceptions").related_model
    reasons = dict(
        exception_model.objects.filter(page_id=target.pk).values_list(
            "original_date", "reason"
        )
    )
    rows = []
    for exception in exception_model.objects.filter(page_id=source.pk).order_by(
        "sort_order", "pk"
    ):
        row = exception_model(
            page_id=target.pk,
            sort_order=exception.sort_order,
            reason=reasons.get(exception.original_date) or exception.reason,
        )
        for name in SHARED_EXCEPTION_FIELDS:
            setattr(row, name, getattr(exception, name))
        rows.append(row)
    exception_model.objects.filter(page_id=target.pk).delete()
    return exception_model.objects.bulk_create(rows)


def apply_shared(source, target) -> None:
    """Write the source's shared facts onto the target's row and instance."""
    values = shared_values(source)
    for attname, value in values.items():
        setattr(target, attname, value)
    exceptions = _copy_exceptions(source, target)
    # The instance may carry the exceptions of the revision being published.
    target.exceptions = exceptions
    # Same SEQUENCE as the source; a fingerprint of the target's own schedule
    # (its reasons differ) so its next refresh does not count a change.
    values["sequence"] = target.sequence = source.sequence
    values["schedule_fingerprint"] = target.schedule_fingerprint = (
        target.compute_fingerprint(exceptions)
    )
    type(target).objects.filter(pk=target.pk).update(**values)


def pull_shared_fields(event) -> None:
    """Before a translation's publication is processed: take the shared facts
    from its source. Does nothing for a source or an event without one."""
    source = source_of(event)
    if source is None or source.pk == event.pk:
        return
    with transaction.atomic():
        apply_shared(source, event)


def translations_of(source) -> list:
    """The other language versions of a default-language event (none for a
    translation), after reloading the source's just-published row."""
    if source.locale_id != Locale.get_default().pk:
        return []
    source.refresh_from_db()
    return list(
        type(source)
        .objects.filter(translation_key=source.translation_key)
        .exclude(pk=source.pk)
    )


def unpublish_translations(source) -> int:
    """After the default-language event is unpublished (withdrawn, expired):
    unpublish its live translations, which must not outlive the event they
    translate. Returns how many were unpublished."""
    if source.locale_id != Locale.get_default().pk:
        return 0
    translations = (
        type(source)
        .objects.live()
        .filter(translation_key=source.translation_key)
        .exclude(pk=source.pk)
    )
    count = 0
    for translation in translations:
        translation.unpublish()
        count += 1
    return count


def lock_shared_fields(form) -> None:
    """In a translation's edit form, show the shared facts with the source's
    values and disable them (Django then ignores what is posted for them)."""
    event = form.instance
    if not is_translation(event):
        return
    source = source_of(event)
    language = source.locale.get_display_name()
    note = _("Shared with the %(language)s page: change it there.") % {
        "language": language
    }
    for name in event.shared_fields:
        field = form.fields.get(name)
        if field is None:
            continue
        field.disabled = True
        field.help_text = note
        form.initial[name] = field.prepare_value(
            getattr(source, source._meta.get_field(name).attname)
        )
    formset = getattr(form, "formsets", {}).get("exceptions")
    if formset is not None:
        for exception_form in formset.forms:
            for name in SHARED_EXCEPTION_FIELDS:
                if name in exception_form.fields:
                    exception_form.fields[name].disabled = True


def attach_ical_uids(occurrences) -> list:
    """Set `ical_uid` on each occurrence: its event's UID in every language
    (the default-language version's `uid`). One query for a whole list, for
    the JSON API and RSS, whose UIDs and GUIDs must not change with `?lang=`."""
    occurrences = list(occurrences)
    if not occurrences:
        return occurrences
    event_model = type(occurrences[0])._meta.get_field("event").related_model
    default = Locale.get_default()
    keys = {o.translation_key for o in occurrences if o.locale_id != default.pk}
    uids = dict(
        event_model.objects.filter(
            translation_key__in=keys, locale_id=default.pk
        ).values_list("translation_key", "uid")
    )
    for occurrence in occurrences:
        occurrence.ical_uid = uids.get(occurrence.translation_key, occurrence.event.uid)
    return occurrences
