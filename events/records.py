"""One event as a plain, typed record, built once per event from its page.

The channels that describe an event outside its own page template render it
from this record: the stored iCal text (events.ical), the JSON API, the
JSON-LD of the event page, and the year view, booklet and exports
(events.annual's entries are made from it). RSS/Atom items are the
occurrences themselves: a title, a summary and a link.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core import renditions

from . import dates, ical, pictures
from .translation import ical_uid

IMAGE_SPEC = renditions.spec("feed")
# What an estimated date from another calendar says wherever it is shown.
PROVISIONAL = _lazy("estimated, awaiting the official decision (sidang isbat)")
_UNSET = object()


@dataclass(frozen=True)
class VenueRecord:
    slug: str
    name: str
    address: str
    latitude: float | None
    longitude: float | None
    at_anjungan: bool


@dataclass(frozen=True)
class RegencyRecord:
    slug: str
    name: str
    seat: str
    code: str


@dataclass(frozen=True)
class EventRecord:
    """What every channel says about one event, in the event's language."""

    uid: str
    language: str
    title: str
    summary: str
    url: str
    schedule: dates.Schedule
    status: ical.Status
    status_label: str
    status_reason: str
    category: str
    category_label: str
    tags: tuple[str, ...]
    venue: VenueRecord | None
    regency: RegencyRecord | None
    online_url: str
    organiser: str
    contact_email: str
    contact_phone: str
    website: str
    is_free: bool
    price: str
    registration_url: str
    image_url: str
    edition: str
    ken_nominated: bool
    sequence: int
    created: datetime | None
    last_modified: datetime | None
    # The horizon (`Occurrence.horizon`) a date from another calendar is
    # computed to: its occurrences are written out, not a rule.
    through: datetime | None = None

    @property
    def recurring(self) -> bool:
        return self.schedule.recurring

    @property
    def status_note(self) -> str:
        """ "Ditunda: menunggu izin"; empty for a scheduled event."""
        if self.status == ical.Status.SCHEDULED:
            return ""
        label = capfirst(self.status_label)
        return f"{label}: {self.status_reason}" if self.status_reason else label

    @property
    def entry(self) -> str:
        """The entry fee, as the event's language says it."""
        with translation.override(self.language):
            return str(_("Free")) if self.is_free else self.price

    def ical_data(self) -> ical.EventData:
        """The plain data `ical.render_event` writes as a VEVENT."""
        with translation.override(self.language):
            details = []
            if self.organiser:
                details.append(f"{_('Organiser')}: {self.organiser}")
            if self.entry:
                details.append(f"{_('Entry')}: {self.entry}")
            if self.registration_url:
                details.append(f"{_('Registration')}: {self.registration_url}")
            if self.online_url:
                details.append(f"{_('Online')}: {self.online_url}")
            labels = ical.Labels(
                cancelled=capfirst(_("cancelled")),
                moved=capfirst(_("moved")),
                more=_("More information"),
                cancelled_prefix=str(ical.CANCELLED_PREFIX),
                postponed_prefix=str(ical.POSTPONED_PREFIX),
                provisional=str(PROVISIONAL),
            )
        place = None
        if self.venue is not None:
            place = ical.Place(
                name=self.venue.name,
                address=self.venue.address,
                latitude=self.venue.latitude,
                longitude=self.venue.longitude,
            )
        category = capfirst(self.category_label)
        return ical.EventData(
            uid=self.uid,
            title=self.title,
            summary=self.summary,
            url=self.url,
            schedule=self.schedule,
            status=self.status,
            status_note=self.status_note,
            sequence=self.sequence,
            created=self.created,
            last_modified=self.last_modified,
            place=place,
            online_url=self.online_url,
            categories=tuple(c for c in (category, *self.tags) if c),
            organiser=self.organiser,
            organiser_email=self.contact_email,
            image_url=self.image_url,
            details=tuple(details),
            labels=labels,
            through=self.through,
        )


def image_url(event, regency=_UNSET) -> str:
    """The absolute URL of the event's picture as feeds and the API show it:
    its image, else the drawn one of its category in its regency's colours."""
    url = renditions.rendition_url(event.image, IMAGE_SPEC) if event.image_id else ""
    if not url:
        if regency is _UNSET:
            regency = event.regency if event.regency_id else None
        url = pictures.fallback_url(event.category, regency)
    if url.startswith("/"):
        # The root of the event's site, from Wagtail's cached site roots.
        parts = event.get_url_parts()
        url = f"{parts[1]}{url}" if parts else ""
    return url


def _float(value) -> float | None:
    return float(value) if value is not None else None


def venue_record(venue) -> VenueRecord | None:
    if venue is None:
        return None
    return VenueRecord(
        slug=venue.slug,
        name=str(venue),
        address=venue.address,
        latitude=_float(venue.latitude),
        longitude=_float(venue.longitude),
        at_anjungan=bool(venue.parent_id),
    )


def regency_record(regency) -> RegencyRecord | None:
    if regency is None:
        return None
    return RegencyRecord(
        slug=regency.slug, name=regency.name, seat=regency.seat, code=regency.code
    )


def event_record(
    event,
    *,
    uid: uuid.UUID | str | None = None,
    language: str | None = None,
    tags: list[str] | tuple[str, ...] | None = None,
    exceptions=None,
    with_image: bool = True,
    url: str | None = None,
    request=None,
    regency=_UNSET,
    venue=_UNSET,
    now: datetime | None = None,
    confirmations=None,
) -> EventRecord:
    """The record of an event page. Keyword arguments spare the queries when
    the caller already knows the answers (lists, bulk creation): unknown
    `tags` are read, and `exceptions` for a series, `confirmations` for a
    date from another calendar; `regency` and `venue`
    (objects or None) default to the event's."""
    if regency is _UNSET:
        regency = event.regency if event.regency_id else None
    if venue is _UNSET:
        venue = event.venue if event.venue_id else None
    language = language or event.locale.language_code
    with translation.override(language):
        status_label = str(event.get_status_display())
        category_label = str(event.get_category_display())
    if tags is None:
        tags = [tag.name for tag in event.tags.all()]
    return EventRecord(
        uid=str(uid or ical_uid(event)),
        language=language,
        title=event.title,
        summary=event.summary,
        url=url if url is not None else (event.get_full_url(request) or ""),
        schedule=event.schedule(exceptions, confirmations),
        status=ical.Status(event.status),
        status_label=status_label,
        status_reason=event.status_reason,
        category=event.category,
        category_label=category_label,
        tags=tuple(tags),
        venue=venue_record(venue),
        regency=regency_record(regency),
        online_url=event.online_url,
        organiser=event.organiser,
        contact_email=event.contact_email,
        contact_phone=event.contact_phone,
        website=event.website,
        is_free=event.is_free,
        price=event.price,
        registration_url=event.registration_url,
        image_url=image_url(event, regency) if with_image else "",
        edition=event.edition,
        ken_nominated=event.ken_nominated,
        sequence=event.sequence,
        created=event.first_published_at,
        last_modified=event.last_published_at,
        through=horizon(now or timezone.now()),
    )


def horizon(now: datetime) -> datetime:
    """The occurrence horizon (`Occurrence.horizon`, which this module sits
    below): EVENTS_HORIZON_DAYS ahead of `now`."""
    return now + timedelta(days=settings.EVENTS_HORIZON_DAYS)


def render_ical(event, **kwargs) -> str:
    """The VEVENT text to store on `event`; empty for an event without a place
    in feeds (a month-only date). Takes `event_record`'s keywords and `stamp`."""
    stamp = kwargs.pop("stamp", None) or timezone.now()
    return ical.render_event(
        event_record(event, now=stamp, **kwargs).ical_data(), stamp
    )
