"""iCalendar (RFC 5545, RFC 7986) text of events and feeds.

Pure: frozen dataclasses in, text out. No ORM, no request, no clock. The
`icalendar` library does the escaping, the 75-octet folding (never inside a
UTF-8 character) and the CRLF line endings.

An event's VEVENT text is rendered once, when the event is published, and
stored; a feed is then only `feed_header()` + the stored texts + `FOOTER`,
which keeps a 10,000-event feed a matter of joining strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from icalendar import Calendar, Event, Timezone, vDuration, vText

from . import dates

PRODID = "-//Agenda Lampung//agenda.lampungprov.go.id//ID"
# The domain part of every UID. A constant, not the serving host: a UID must
# never change, whichever host name the site is reached by.
UID_DOMAIN = "agenda.lampungprov.go.id"
TZID = "Asia/Jakarta"
# The words that start a cancelled or postponed event's title, translated
# into each feed's language by `Labels`.
CANCELLED_PREFIX = _("[CANCELLED]")
POSTPONED_PREFIX = _("[POSTPONED]")
# RFC 7986 COLOR takes a CSS3 colour name: the nearest to the site's red.
COLOR = "firebrick"
APPLE_COLOR = "#9B1C1C"
FOOTER = "END:VCALENDAR\r\n"

# Control characters other than tab and newline have no place in text values;
# a lone CR would end a content line in lenient parsers.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class Status(dates.DomainChoices):
    """The event's public status (`EventPage.status`)."""

    SCHEDULED = "scheduled", _("scheduled")
    POSTPONED = "postponed", _("postponed")
    RESCHEDULED = "rescheduled", _("rescheduled")
    CANCELLED = "cancelled", _("cancelled")
    MOVED_ONLINE = "moved_online", _("moved online")


@dataclass(frozen=True)
class Place:
    """Where an event happens."""

    name: str
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Labels:
    """The few words a VEVENT needs, in the event's language. The prefixes
    start the title of a cancelled or postponed event: clients that ignore
    STATUS still show them."""

    cancelled: str = "Dibatalkan"
    moved: str = "Dipindah"
    more: str = "Selengkapnya"
    cancelled_prefix: str = "[DIBATALKAN]"
    postponed_prefix: str = "[DITUNDA]"
    provisional: str = "Perkiraan, menunggu sidang isbat"


@dataclass(frozen=True)
class EventData:
    """One event as its feeds show it. `uid` is the bare UUID text."""

    uid: str
    title: str
    url: str
    schedule: dates.Schedule
    summary: str = ""
    status: Status = Status.SCHEDULED
    status_note: str = ""
    sequence: int = 0
    created: datetime | None = None
    last_modified: datetime | None = None
    place: Place | None = None
    online_url: str = ""
    categories: tuple[str, ...] = ()
    organiser: str = ""
    organiser_email: str = ""
    image_url: str = ""
    details: tuple[str, ...] = ()
    labels: Labels = field(default_factory=Labels)
    # The horizon of a date from another calendar (`dates.rule_dates`): its
    # occurrences up to it are written out, one VEVENT each.
    through: datetime | None = None


@dataclass(frozen=True)
class FeedInfo:
    """What the calendar header says about a feed."""

    name: str
    description: str
    url: str
    uid: str
    refresh: timedelta = timedelta(hours=1)


def clean_text(value: str) -> str:
    """Text with line breaks normalised to LF and other control characters
    removed, ready for `icalendar` to escape. `icalendar` takes the two
    characters backslash and N for an escaped line break; they become one here
    too, so that the text stored is the text a client reads."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\\N", "\n")
    return _CONTROL.sub("", value)


def full_uid(uid: str) -> str:
    """The iCal UID of an event: its UUID at the site's domain."""
    return f"{uid}@{UID_DOMAIN}"


def in_feeds(event: EventData) -> bool:
    """Month-only events have no date yet; a feed never shows a fake one."""
    return not event.schedule.month_only


def vevents(event: EventData, stamp: datetime, tzid: str = TZID) -> list[Event]:
    """The VEVENTs of one event: the event (with RRULE and EXDATE for a series)
    and one RECURRENCE-ID override per moved or cancelled occurrence.

    `stamp` is the DTSTAMP, the moment the text is rendered.
    """
    if not in_feeds(event):
        return []
    tz = ZoneInfo(tzid)
    schedule = event.schedule
    if schedule.by_rule:
        return _rule_vevents(event, stamp, tz)
    spans = dates.expand(schedule, tz)
    master = _base(event, stamp)
    first = _first(schedule, tz)
    master.add("dtstart", _moment(first.start, schedule.all_day))
    master.add("dtend", _moment(first.end, schedule.all_day))
    if schedule.recurring:
        master.add("rrule", dates.rrule_parts(schedule, tz))
        skipped = [
            _moment(_original_start(schedule, e.original_date, tz), schedule.all_day)
            for e in schedule.exceptions
            if e.action == dates.ExceptionAction.SKIP
        ]
        if skipped:
            master.add("exdate", skipped)
    components = [master]
    for span in spans:
        if span.original_start is None or not (span.cancelled or span.moved):
            continue
        override = _base(event, stamp, span)
        override.add("recurrence-id", _moment(span.original_start, span.all_day))
        override.add("dtstart", _moment(span.start, span.all_day))
        override.add("dtend", _moment(span.end, span.all_day))
        components.append(override)
    return components


def rule_uid(uid: str, rule: str, year: int) -> str:
    """The iCal UID of one occurrence of a date from another calendar: the
    event's UUID and that calendar's year, so that it stays the same when a
    moderator shifts the date, on every recomputation and in every language."""
    return f"{uid}-{rule}{year}" if year >= 0 else f"{uid}-{rule}m{-year}"


def event_uid(component_uid: str) -> str:
    """The event's UUID in the UID of one of its VEVENTs: its own, an
    override's, or that of one occurrence of a date from another calendar."""
    return component_uid.split("@")[0][:36]


def _rule_vevents(event: EventData, stamp: datetime, tz: ZoneInfo) -> list[Event]:
    """A date from another calendar has no RRULE (RFC 5545 knows the
    Gregorian calendar only) and its occurrences differ in status (estimated
    or confirmed): one VEVENT per occurrence, each with a UID of its own."""
    schedule = event.schedule
    components = []
    for span in dates.expand(schedule, tz, event.through):
        component = _base(event, stamp, span)
        component.pop("UID")
        component.add(
            "uid", full_uid(rule_uid(event.uid, schedule.rule, span.rule_year or 0))
        )
        component.add("dtstart", _moment(span.start, span.all_day))
        component.add("dtend", _moment(span.end, span.all_day))
        components.append(component)
    return components


def render_event(event: EventData, stamp: datetime, tzid: str = TZID) -> str:
    """The stored text of an event: its VEVENTs, CRLF-terminated; empty for an
    event that has no place in feeds."""
    return "".join(c.to_ical().decode() for c in vevents(event, stamp, tzid))


def feed_header(info: FeedInfo, tzid: str = TZID) -> str:
    """Everything of a feed before its events: calendar properties and the
    VTIMEZONE every DTSTART refers to."""
    calendar = _calendar(info, tzid, with_timezone=False)
    return calendar.to_ical().decode().removesuffix(FOOTER) + vtimezone(tzid)


@cache
def vtimezone(tzid: str) -> str:
    """The VTIMEZONE text of a zone; computed once, as it takes ~30 ms."""
    return _timezone(tzid).to_ical().decode()


def join_feed(header: str, components: Iterable[str]) -> str:
    """A whole feed from its header and stored event texts."""
    return header + "".join(components) + FOOTER


def serialise_feed(
    info: FeedInfo, events: Iterable[EventData], stamp: datetime
) -> bytes:
    """A whole feed serialised by `icalendar` from memory in one go: the slow
    path the stored texts avoid, kept as the benchmark's reference."""
    calendar = _calendar(info, TZID)
    for event in events:
        for component in vevents(event, stamp):
            calendar.add_component(component)
    return calendar.to_ical()


def _timezone(tzid: str) -> Timezone:
    timezone = Timezone.from_tzid(tzid)
    # The generated note warns of a 1970–2038 validity that only matters for
    # zones with transitions; Asia/Jakarta has had none since 1964.
    timezone.pop("COMMENT", None)
    return timezone


def _calendar(info: FeedInfo, tzid: str, with_timezone: bool = True) -> Calendar:
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # One line each, and TEXT-escaped (RFC 5545 3.3.11) as vText: icalendar
    # escapes only the properties it knows as TEXT, and writes NAME and X-WR-*
    # raw, where a comma or a typed "\n" in the filter words reads differently
    # in each client.
    name = vText(" ".join(clean_text(info.name).split()))
    description = vText(" ".join(clean_text(info.description).split()))
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", tzid)
    calendar.add("refresh-interval", info.refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(info.refresh))
    calendar.add("url", info.url)
    calendar.add("uid", info.uid)
    calendar.add("color", COLOR)
    calendar.add("x-apple-calendar-color", APPLE_COLOR)
    if with_timezone:
        calendar.add_component(_timezone(tzid))
    return calendar


@dataclass(frozen=True)
class _Interval:
    start: datetime
    end: datetime


def _first(schedule: dates.Schedule, tz: ZoneInfo) -> _Interval:
    """The first occurrence as the series defines it, before exceptions (the
    DTSTART of a series must be its first rule date, even if moved)."""
    start = datetime.combine(schedule.start_date, schedule.start_time or time(), tz)
    end_date = schedule.end_date or schedule.start_date
    if schedule.all_day:
        end = datetime.combine(end_date + timedelta(days=1), time(), tz)
    else:
        end = datetime.combine(end_date, schedule.end_time or schedule.start_time, tz)
    return _Interval(start, end)


def _original_start(schedule: dates.Schedule, day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, schedule.start_time or time(), tz)


def _moment(moment: datetime, all_day: bool) -> date | datetime:
    """VALUE=DATE for all-day (the end is already exclusive), else local time
    with TZID."""
    return moment.date() if all_day else moment


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _base(event: EventData, stamp: datetime, span: dates.Span | None = None) -> Event:
    """Properties shared by an event and its overrides."""
    component = Event()
    component.add("uid", full_uid(event.uid))
    component.add("dtstamp", _utc(stamp))
    if event.created:
        component.add("created", _utc(event.created))
    if event.last_modified:
        component.add("last-modified", _utc(event.last_modified))
    component.add("sequence", event.sequence)
    cancelled = event.status == Status.CANCELLED or bool(span and span.cancelled)
    title = clean_text(event.title)
    if cancelled:
        title = f"{event.labels.cancelled_prefix} {title}"
        status = "CANCELLED"
    elif event.status == Status.POSTPONED:
        title = f"{event.labels.postponed_prefix} {title}"
        status = "TENTATIVE"
    elif span is not None and span.provisional:
        status = "TENTATIVE"
    else:
        status = "CONFIRMED"
    component.add("summary", title)
    component.add("status", status)
    component.add("description", _description(event, span))
    component.add("class", "PUBLIC")
    # A public event informs; it should not block the subscriber's free time.
    component.add("transp", "TRANSPARENT")
    if event.url:
        component.add("url", event.url)
    location = _location(event)
    if location:
        component.add("location", location)
    place = event.place
    if place and place.latitude is not None and place.longitude is not None:
        component.add("geo", (place.latitude, place.longitude))
    categories = [clean_text(c) for c in event.categories if c]
    if categories:
        component.add("categories", categories)
    if event.organiser_email:
        parameters = {"CN": clean_text(event.organiser)} if event.organiser else {}
        component.add(
            "organizer", f"mailto:{event.organiser_email}", parameters=parameters
        )
    if event.image_url:
        component.add(
            "image",
            event.image_url,
            parameters={"VALUE": "URI", "DISPLAY": "BADGE", "FMTTYPE": "image/jpeg"},
        )
    return component


def _location(event: EventData) -> str:
    if event.status == Status.MOVED_ONLINE and event.online_url:
        return event.online_url
    parts = []
    if event.place:
        parts = [p for p in (event.place.name, event.place.address) if p]
    elif event.online_url:
        parts = [event.online_url]
    return clean_text(", ".join(parts))


def _description(event: EventData, span: dates.Span | None) -> str:
    """Plain text: status, what happened to this occurrence, the summary,
    practical details and the link to the event page."""
    paragraphs = []
    if event.status_note:
        paragraphs.append(event.status_note)
    if span is not None and (span.cancelled or span.moved):
        label = event.labels.cancelled if span.cancelled else event.labels.moved
        paragraphs.append(f"{label}: {span.note}" if span.note else label)
    if span is not None and span.provisional:
        paragraphs.append(event.labels.provisional)
    if event.summary:
        paragraphs.append(event.summary)
    details = [d for d in event.details if d]
    if details:
        paragraphs.append("\n".join(details))
    if event.url:
        paragraphs.append(f"{event.labels.more}: {event.url}")
    return clean_text("\n\n".join(paragraphs))
