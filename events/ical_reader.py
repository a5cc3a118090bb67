"""Reading another calendar's iCal file (RFC 5545) into the site's own
schedules: the events of a Google, Outlook or Apple calendar as plain values
the import (`events.calendar_import`) checks with the event form.

Pure: bytes in, frozen dataclasses out. No ORM, no request, no clock (`today`
is an argument). Times are read in the zone the file names: a VTIMEZONE of
its own, an IANA name, or a Windows name as Outlook writes them ("SE Asia
Standard Time"); a floating time (no zone) is read as Asia/Jakarta, where
Lampung is. Everything is stored in Asia/Jakarta.

A repeating event's RRULE becomes the event's own rule (weekly on weekdays,
monthly by day or nth weekday, yearly; interval; until or count), EXDATE a
skipped occurrence and a RECURRENCE-ID override a cancelled or moved one.
What the site's rules cannot say is never guessed: the series as read is
expanded by `events.dates` and compared with the source's own expansion
(`recurring_ical_events`, the RFC's rules); an event whose dates differ is
refused with the first date that differs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext as _

import recurring_ical_events
from icalendar import Calendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from . import dates

WIB = dates.WIB
MAX_BYTES = 4 * 1024 * 1024
MAX_EVENTS = 2000
# VCALENDAR > VEVENT > VALARM and VCALENDAR > VTIMEZONE > STANDARD are as
# deep as a calendar goes; deeper nesting is no calendar (and a parser's
# recursion would follow it).
MAX_DEPTH = 4
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# RRULE parts the event's own rule can hold; any other part refuses the event.
RULE_PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "UNTIL", "COUNT"}
_NTH_WEEKDAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")


class CalendarFileError(ValueError):
    """The file as a whole cannot be read; the message says why, in the
    active language."""


@dataclass(frozen=True)
class SourceEvent:
    """One event of the source calendar (its main VEVENT and overrides).
    `problem` says, in the active language, why it cannot be imported;
    `schedule` is None then; `notes` say what was read differently."""

    uid: str
    title: str
    description: str = ""
    location: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()
    cancelled: bool = False
    schedule: dates.Schedule | None = None
    problem: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceCalendar:
    events: tuple[SourceEvent, ...] = field(default_factory=tuple)


def read_calendar(data: bytes, today: date) -> SourceCalendar:
    """Every event of an iCal file. Raises CalendarFileError when the file
    as a whole cannot be read (empty, too large, not iCal, broken)."""
    text = _text(data)
    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError, TypeError, RecursionError) as error:
        raise CalendarFileError(_broken_message()) from error
    if isinstance(calendar, list) or calendar.name != "VCALENDAR":
        raise CalendarFileError(_broken_message())
    try:
        components = [c for c in calendar.subcomponents if c.name == "VEVENT"]
    except (ValueError, KeyError, TypeError) as error:
        raise CalendarFileError(_broken_message()) from error
    by_uid: dict[str, list] = defaultdict(list)
    events = []
    for component in components:
        uid = _plain(str(component.get("UID", ""))).strip()
        if not uid:
            events.append(
                SourceEvent(
                    uid="",
                    title=_title(component),
                    problem=_(
                        "The event has no UID, so a later import could not find it again."
                    ),
                )
            )
            continue
        by_uid[uid[:500]].append(component)
    for uid, group in by_uid.items():
        try:
            events.append(_event(uid, group, today))
        except (
            ValueError,
            KeyError,
            TypeError,
            IndexError,
            OverflowError,
            AttributeError,
        ) as error:
            events.append(
                SourceEvent(
                    uid=uid,
                    title=_title(group[0]),
                    problem=_("The event could not be read (%(error)s).")
                    % {"error": _plain(str(error))[:200]},
                )
            )
    return SourceCalendar(tuple(events))


def _text(data: bytes) -> str:
    if not data or not data.strip():
        raise CalendarFileError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise CalendarFileError(too_large_message())
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff \r\n\t")
    if not text.upper().startswith("BEGIN:VCALENDAR"):
        raise CalendarFileError(
            _(
                "This is not an iCal file (.ics): it must start with "
                "BEGIN:VCALENDAR. Export the calendar again as iCal."
            )
        )
    depth = events = 0
    for line in text.splitlines():
        word = line[:6].upper()
        if word == "BEGIN:":
            depth += 1
            if depth > MAX_DEPTH:
                raise CalendarFileError(
                    _("The file nests its parts too deeply to be a calendar.")
                )
            if line[6:].strip().upper() == "VEVENT":
                events += 1
                if events > MAX_EVENTS:
                    raise CalendarFileError(too_many_message())
        elif word == "END:VC" or (word[:4] == "END:" and depth):
            depth -= 1
    return text


def too_large_message() -> str:
    return _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // 2**20}


def too_many_message() -> str:
    return _("The calendar has more than %(count)s events.") % {"count": MAX_EVENTS}


def _broken_message() -> str:
    return _(
        "The file could not be read as an iCal calendar (.ics). Export the "
        "calendar again from its application."
    )


# Text.


def _plain(value: str) -> str:
    """Text without NUL and similar bytes that no database column takes;
    other characters are left for the event form to judge."""
    return value.replace("\x00", "")


def _title(component) -> str:
    return _plain(str(component.get("SUMMARY", "")))[:500]


def _event(uid: str, group: list, today: date) -> SourceEvent:
    masters = [c for c in group if "RECURRENCE-ID" not in c]
    overrides = [c for c in group if "RECURRENCE-ID" in c]
    title = _title(masters[0] if masters else group[0])
    if len(masters) != 1:
        return SourceEvent(
            uid=uid,
            title=title,
            problem=_(
                "The calendar holds this UID %(count)s times without a recurrence."
            )
            % {"count": len(masters)}
            if masters
            else _("Only changed occurrences of this event are in the calendar."),
        )
    master = masters[0]
    raw = master.get("CATEGORIES")
    entries = raw if isinstance(raw, list) else ([raw] if raw is not None else [])
    categories = []
    for entry in entries:
        categories.extend(str(c) for c in getattr(entry, "cats", [entry]))
    base = {
        "uid": uid,
        "title": title,
        "description": _plain(str(master.get("DESCRIPTION", "")))[:20000],
        "location": _plain(str(master.get("LOCATION", "")))[:500],
        "url": _plain(str(master.get("URL", "")))[:500],
        "categories": tuple(_plain(c)[:100] for c in categories[:20]),
        "cancelled": str(master.get("STATUS", "")).upper() == "CANCELLED",
    }
    try:
        schedule, notes = _schedule(master, overrides, today)
    except _Refusal as refusal:
        return SourceEvent(**base, problem=str(refusal))
    return SourceEvent(**base, schedule=schedule, notes=tuple(notes))


class _Refusal(Exception):
    pass


# Moments.


def _moment(component, name: str) -> date | datetime | None:
    """The property as a date (all-day) or an aware datetime in WIB."""
    if name not in component:
        return None
    prop = component[name]
    if isinstance(prop, list):
        prop = prop[0]
    value = prop.dt
    if isinstance(value, datetime):
        return _in_wib(value, prop.params.get("TZID"))
    if isinstance(value, date):
        return value
    raise _Refusal(_("%(name)s is not a date.") % {"name": name})


def _in_wib(value: datetime, tzid: str | None) -> datetime:
    if value.tzinfo is None:
        zone = _zone(tzid) if tzid else None
        # A floating time, or a zone the file names without defining it and
        # nobody knows: read as Lampung's time.
        value = value.replace(tzinfo=zone or WIB)
    return value.astimezone(WIB)


def _zone(tzid: str) -> ZoneInfo | None:
    name = WINDOWS_TO_OLSON.get(tzid.strip(), tzid.strip())
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _times(component) -> tuple[date | datetime, date | datetime | None]:
    start = _moment(component, "DTSTART")
    if start is None:
        raise _Refusal(_("The event has no start (DTSTART)."))
    end = _moment(component, "DTEND")
    if end is None and "DURATION" in component:
        duration = component["DURATION"].dt
        if not isinstance(duration, timedelta):
            raise _Refusal(_("The event's DURATION cannot be read."))
        end = start + duration
    if end is not None and isinstance(start, datetime) != isinstance(end, datetime):
        raise _Refusal(_("The event's start and end are not both dates or both times."))
    return start, end


def _minute(moment: datetime) -> time:
    return moment.time().replace(second=0, microsecond=0)


# The schedule.


def _schedule(master, overrides: list, today: date) -> tuple[dates.Schedule, list[str]]:
    start, end = _times(master)
    notes: list[str] = []
    fields: dict[str, object] = {}
    if isinstance(start, datetime):
        fields["start_date"] = start.date()
        fields["start_time"] = _minute(start)
        if end is not None and end > start:
            if end.date() != start.date():
                fields["end_date"] = end.date()
            fields["end_time"] = _minute(end)
    else:
        fields["start_date"] = start
        if end is not None and end - start > timedelta(days=1):
            # DTEND of an all-day event is the day after it.
            fields["end_date"] = end - timedelta(days=1)
    schedule = dates.Schedule(**fields)
    rules = master.get("RRULE")
    if rules is None:
        if "RDATE" in master:
            raise _Refusal(
                _(
                    "Extra dates (RDATE) are not read: enter the dates as separate events."
                )
            )
        return schedule, notes
    if isinstance(rules, list):
        if len(rules) > 1:
            raise _Refusal(_("The event repeats by several rules at once."))
        rules = rules[0]
    if "RDATE" in master:
        raise _Refusal(
            _("Extra dates (RDATE) are not read: enter the dates as separate events.")
        )
    schedule = _with_rule(schedule, rules, _weekday_shift(master, start), notes)
    schedule = _with_exceptions(schedule, master, overrides, notes)
    endless = not {"COUNT", "UNTIL"} & {str(key).upper() for key in rules}
    _compare(master, overrides, schedule, endless)
    return schedule, notes


def _weekday_shift(master, start: date | datetime) -> int:
    """Days between the start's date where the file gives it and in WIB: a
    rule's weekdays are the source zone's and move with the start."""
    source = master["DTSTART"].dt
    if isinstance(start, datetime) and isinstance(source, datetime):
        return (start.date() - source.date()).days
    return 0


def _with_rule(
    schedule: dates.Schedule, rule, shift: int, notes: list[str]
) -> dates.Schedule:
    parts = {key.upper(): value for key, value in rule.items()}
    unknown = sorted(set(parts) - RULE_PARTS - {"WKST"})
    cannot = _(
        "The repetition rule (%(rule)s) cannot be entered on the event form."
    ) % {"rule": rule.to_ical().decode()[:200]}
    if unknown:
        raise _Refusal(cannot)
    frequency = str(parts["FREQ"][0]).upper()
    interval = int(parts.get("INTERVAL", [1])[0])
    days = [str(d).upper() for d in parts.get("BYDAY", [])]
    changes: dict[str, object] = {"interval": interval}
    if frequency == "DAILY":
        if interval == 1 or interval % 7 == 0:
            # Every day is weekly on every weekday (or on the given ones).
            changes["interval"] = max(interval // 7, 1) if interval > 1 else 1
            frequency = "WEEKLY"
            if interval > 1:
                days = [WEEKDAY_CODES[schedule.start_date.weekday()]]
            elif not days:
                days = list(WEEKDAY_CODES)
        else:
            raise _Refusal(cannot)
    if frequency == "WEEKLY":
        changes["frequency"] = dates.Frequency.WEEKLY
        if any(not _NTH_WEEKDAY.match(d) or d[:-2] for d in days):
            raise _Refusal(cannot)
        changes["weekdays"] = tuple(
            sorted({(WEEKDAY_CODES.index(d[-2:]) + shift) % 7 for d in days})
        )
        if parts.get("BYMONTHDAY") or parts.get("BYMONTH"):
            raise _Refusal(cannot)
    elif frequency == "MONTHLY":
        changes["frequency"] = dates.Frequency.MONTHLY
        if parts.get("BYMONTH"):
            raise _Refusal(cannot)
        if days:
            if len(days) != 1 or parts.get("BYMONTHDAY"):
                raise _Refusal(cannot)
            changes["monthly_by"] = dates.MonthlyBy.NTH_WEEKDAY
        else:
            changes["monthly_by"] = dates.MonthlyBy.DAY_OF_MONTH
    elif frequency == "YEARLY":
        changes["frequency"] = dates.Frequency.YEARLY
        if days:
            raise _Refusal(cannot)
    else:
        raise _Refusal(cannot)
    if "COUNT" in parts:
        changes["count"] = int(parts["COUNT"][0])
    elif "UNTIL" in parts:
        until = parts["UNTIL"][0]
        if isinstance(until, datetime):
            until = _in_wib(until, None).date()
        changes["until"] = until
    else:
        # The event form asks for an end; a series without one is read for
        # as long as a series may run.
        until = schedule.start_date + timedelta(days=dates.MAX_SERIES_DAYS)
        changes["until"] = until
        notes.append(
            _("The series repeats without end: imported until %(date)s.")
            % {"date": until.isoformat()}
        )
    return _replace(schedule, **changes)


def _replace(schedule: dates.Schedule, **changes) -> dates.Schedule:
    values = {name: getattr(schedule, name) for name in schedule.__dataclass_fields__}
    values.update(changes)
    return dates.Schedule(**values)


def _with_exceptions(
    schedule: dates.Schedule, master, overrides: list, notes: list[str]
) -> dates.Schedule:
    # Only dates of the series are exceptions; an EXDATE on no date of the
    # series changes nothing (RFC 5545), and is not kept.
    series = {span.start.date() for span in dates.expand(schedule, WIB)}
    found: dict[date, dates.ScheduleException] = {}
    exdates = master.get("EXDATE", [])
    for entry in exdates if isinstance(exdates, list) else [exdates]:
        for item in entry.dts:
            value = item.dt
            if isinstance(value, datetime):
                value = _in_wib(
                    value, item.params.get("TZID") or entry.params.get("TZID")
                ).date()
            if value in series:
                found[value] = dates.ScheduleException(
                    original_date=value, action=dates.ExceptionAction.SKIP
                )
    texts_only = 0
    for override in overrides:
        original = _moment(override, "RECURRENCE-ID")
        original_day = original.date() if isinstance(original, datetime) else original
        if str(override.get("STATUS", "")).upper() == "CANCELLED":
            found[original_day] = dates.ScheduleException(
                original_date=original_day, action=dates.ExceptionAction.CANCEL
            )
            continue
        start, end = _times(override)
        if start == original and (end is None or _same_length(schedule, start, end)):
            texts_only += 1
            continue
        if isinstance(start, datetime):
            new = dates.ScheduleException(
                original_date=original_day,
                action=dates.ExceptionAction.MOVE,
                new_date=start.date(),
                new_start_time=_minute(start),
                new_end_time=_minute(end) if end is not None and end > start else None,
            )
        else:
            new = dates.ScheduleException(
                original_date=original_day,
                action=dates.ExceptionAction.MOVE,
                new_date=start,
            )
        found[original_day] = new
    if texts_only:
        notes.append(
            _("Texts changed on %(count)s single occurrences are not imported.")
            % {"count": texts_only}
        )
    return _replace(schedule, exceptions=tuple(found[d] for d in sorted(found)))


def _same_length(schedule: dates.Schedule, start, end) -> bool:
    first = dates.expand(
        _replace(
            schedule,
            frequency=dates.Frequency.NONE,
            until=None,
            count=None,
            interval=1,
            weekdays=(),
        ),
        WIB,
    )[0]
    return end - start == first.end - first.start


def _compare(master, overrides: list, schedule: dates.Schedule, endless: bool) -> None:
    """Refuse the event unless the site's expansion of `schedule` gives the
    very dates the source's RFC 5545 expansion gives."""
    ours = set()
    for span in dates.expand(schedule, WIB):
        ours.add((span.start, span.end, span.cancelled))
    calendar = Calendar()
    calendar.add_component(master)
    for override in overrides:
        calendar.add_component(override)
    first = min(s for s, _e, _c in ours) if ours else None
    last = max(s for s, _e, _c in ours) if ours else None
    if first is None:
        raise _Refusal(_("The event has no dates."))
    # An endless series is compared as far as it is read; any other up to
    # well past its last date, so a date the source has and the site not
    # is seen.
    window_end = last + (timedelta(microseconds=1) if endless else timedelta(days=400))
    theirs = set()
    query = recurring_ical_events.of(calendar)
    for occurrence in query.between(first - timedelta(days=400), window_end):
        start, end = _times(occurrence)
        start = _at_midnight(start)
        end = _at_midnight(end) if end is not None else None
        if end is None:
            end = start + timedelta(days=1) if schedule.all_day else start
        cancelled = str(occurrence.get("STATUS", "")).upper() == "CANCELLED"
        theirs.add((start, end, cancelled and schedule.recurring))
    if ours != theirs:
        differing = sorted(ours ^ theirs)[0][0]
        raise _Refusal(
            _(
                "The event's repetition cannot be entered on the event form "
                "exactly: the dates differ first on %(date)s."
            )
            % {"date": differing.date().isoformat()}
        )


def _at_midnight(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(WIB)
    return datetime.combine(value, time(), WIB)
