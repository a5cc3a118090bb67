"""The pure iCalendar module: VEVENT text, feed header, escaping and folding."""

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

import recurring_ical_events
import vobject
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from events import dates, ical

WIB = ZoneInfo("Asia/Jakarta")
STAMP = datetime(2026, 11, 1, 3, 0, tzinfo=UTC)
INFO = ical.FeedInfo(
    name="Agenda Lampung — Kabupaten Lampung Barat",
    description="Acara dari 2 Oktober 2026 sampai 1 November 2027.",
    url="https://agenda.example.org/agenda/?regency=lampung-barat",
    uid="5d1c7a8e-3f9e-5c38-9a53-3c2f0d8b6a10",
)


def event(**kwargs) -> ical.EventData:
    values = {
        "uid": "0b8a4bce-8f8e-4bb2-a3c5-0c3f6e1f2d11",
        "title": "Festival Sekala Bekhak",
        "url": "https://agenda.example.org/agenda/lampung-barat/festival/",
        "schedule": dates.Schedule(
            start_date=date(2027, 7, 12), start_time=time(19), end_time=time(21, 30)
        ),
        "summary": "Pawai budaya dan musik tradisional.",
        "sequence": 2,
        "created": datetime(2026, 10, 1, 2, 0, tzinfo=UTC),
        "last_modified": datetime(2026, 10, 20, 2, 0, tzinfo=UTC),
    }
    values.update(kwargs)
    return ical.EventData(**values)


def feed(*events: ical.EventData) -> str:
    return ical.join_feed(
        ical.feed_header(INFO), [ical.render_event(e, STAMP) for e in events]
    )


def parsed(*events: ical.EventData) -> Calendar:
    return Calendar.from_ical(feed(*events))


def occurrences(text: str, start: date, end: date) -> list[tuple]:
    calendar = Calendar.from_ical(text)
    return sorted(
        (c.decoded("DTSTART"), c.decoded("DTEND"), str(c.get("STATUS")))
        for c in recurring_ical_events.of(calendar).between(start, end)
    )


WEEKLY = dates.Schedule(
    start_date=date(2026, 12, 5),
    start_time=time(9),
    end_time=time(12),
    frequency=dates.Frequency.WEEKLY,
    until=date(2027, 2, 27),
    exceptions=(
        dates.ScheduleException(date(2026, 12, 12), dates.ExceptionAction.SKIP),
        dates.ScheduleException(
            date(2026, 12, 19), dates.ExceptionAction.CANCEL, reason="Hujan lebat"
        ),
        dates.ScheduleException(
            date(2026, 12, 26),
            dates.ExceptionAction.MOVE,
            new_date=date(2026, 12, 27),
            new_start_time=time(10),
            new_end_time=time(13),
            reason="Libur Natal",
        ),
    ),
)


class VeventTests(SimpleTestCase):
    def test_one_off_event_renders_the_expected_text(self):
        """A timed one-off event: local times with TZID, UTC stamps, the link
        in a plain-text description, CRLF line ends."""
        text = ical.render_event(
            event(
                place=ical.Place("PKOR Way Halim", "Jl. Pramuka", -5.38, 105.22),
                categories=("Budaya dan adat", "tapis"),
                organiser="Dinas Pariwisata",
                organiser_email="dispar@example.org",
                image_url="https://agenda.example.org/media/festival.jpg",
                details=("Masuk: Gratis",),
            ),
            STAMP,
        )
        expected = (
            "BEGIN:VEVENT\r\n"
            "SUMMARY:Festival Sekala Bekhak\r\n"
            "DTSTART;TZID=Asia/Jakarta:20270712T190000\r\n"
            "DTEND;TZID=Asia/Jakarta:20270712T213000\r\n"
            "DTSTAMP:20261101T030000Z\r\n"
            "UID:0b8a4bce-8f8e-4bb2-a3c5-0c3f6e1f2d11@agenda.lampungprov.go.id\r\n"
            "SEQUENCE:2\r\n"
            "CATEGORIES:Budaya dan adat,tapis\r\n"
            "CLASS:PUBLIC\r\n"
            "CREATED:20261001T020000Z\r\n"
            "DESCRIPTION:Pawai budaya dan musik tradisional.\\n\\nMasuk: Gratis\\n\\nSeleng\r\n"
            " kapnya: https://agenda.example.org/agenda/lampung-barat/festival/\r\n"
            "GEO:-5.38;105.22\r\n"
            "IMAGE;DISPLAY=BADGE;FMTTYPE=image/jpeg;VALUE=URI:https://agenda.example.or\r\n"
            " g/media/festival.jpg\r\n"
            "LAST-MODIFIED:20261020T020000Z\r\n"
            "LOCATION:PKOR Way Halim\\, Jl. Pramuka\r\n"
            'ORGANIZER;CN="Dinas Pariwisata":mailto:dispar@example.org\r\n'
            "STATUS:CONFIRMED\r\n"
            "TRANSP:TRANSPARENT\r\n"
            "URL:https://agenda.example.org/agenda/lampung-barat/festival/\r\n"
            "END:VEVENT\r\n"
        )
        self.assertEqual(text, expected)

    def test_all_day_multi_day_event_has_date_values_and_exclusive_end(self):
        """5–7 July all day: DTSTART 5 July, DTEND 8 July, as VALUE=DATE."""
        component = parsed(
            event(
                schedule=dates.Schedule(
                    start_date=date(2027, 7, 5), end_date=date(2027, 7, 7)
                )
            )
        ).events[0]
        self.assertIn("DTSTART;VALUE=DATE:20270705", component.to_ical().decode())
        self.assertIn("DTEND;VALUE=DATE:20270708", component.to_ical().decode())
        self.assertEqual(component.decoded("DTSTART"), date(2027, 7, 5))
        self.assertEqual(component.decoded("DTEND"), date(2027, 7, 8))

    def test_series_has_rrule_exdate_and_overrides(self):
        """One master VEVENT with RRULE (UNTIL in UTC) and EXDATE for the
        skipped date; RECURRENCE-ID overrides for the cancelled and the moved
        occurrence, with their reasons."""
        text = ical.render_event(event(schedule=WEEKLY), STAMP)
        self.assertEqual(text.count("BEGIN:VEVENT"), 3)
        self.assertIn("RRULE:FREQ=WEEKLY;UNTIL=20270227T165959Z;BYDAY=SA\r\n", text)
        self.assertIn("EXDATE;TZID=Asia/Jakarta:20261212T090000\r\n", text)
        self.assertIn("RECURRENCE-ID;TZID=Asia/Jakarta:20261219T090000\r\n", text)
        self.assertIn("RECURRENCE-ID;TZID=Asia/Jakarta:20261226T090000\r\n", text)
        self.assertIn("DTSTART;TZID=Asia/Jakarta:20261227T100000\r\n", text)
        self.assertIn("SUMMARY:[DIBATALKAN] Festival Sekala Bekhak\r\n", text)
        self.assertIn("DESCRIPTION:Dibatalkan: Hujan lebat", text)
        self.assertIn("DESCRIPTION:Dipindah: Libur Natal", text)

    def test_client_expansion_equals_our_expansion(self):
        """recurring-ical-events computes from the feed exactly the
        occurrences `dates.expand` gives the website, cancelled one included."""
        expanded = dates.expand(WEEKLY, WIB)
        expected = sorted(
            (s.start, s.end, "CANCELLED" if s.cancelled else "CONFIRMED")
            for s in expanded
        )
        got = occurrences(
            feed(event(schedule=WEEKLY)), date(2026, 11, 1), date(2027, 4, 1)
        )
        self.assertEqual(got, expected)
        self.assertEqual(len(got), 12)

    def test_all_day_series_uses_dates_throughout(self):
        """An all-day series: UNTIL, EXDATE and RECURRENCE-ID are dates."""
        schedule = dates.Schedule(
            start_date=date(2027, 1, 3),
            frequency=dates.Frequency.MONTHLY,
            until=date(2027, 6, 30),
            exceptions=(
                dates.ScheduleException(date(2027, 2, 3), dates.ExceptionAction.SKIP),
                dates.ScheduleException(
                    date(2027, 3, 3),
                    dates.ExceptionAction.MOVE,
                    new_date=date(2027, 3, 10),
                ),
            ),
        )
        text = ical.render_event(event(schedule=schedule), STAMP)
        self.assertIn("RRULE:FREQ=MONTHLY;UNTIL=20270630;BYMONTHDAY=3\r\n", text)
        self.assertIn("EXDATE;VALUE=DATE:20270203\r\n", text)
        self.assertIn("RECURRENCE-ID;VALUE=DATE:20270303\r\n", text)
        got = occurrences(
            feed(event(schedule=schedule)), date(2027, 1, 1), date(2028, 1, 1)
        )
        expected = sorted(
            (s.start.date(), s.end.date(), "CONFIRMED")
            for s in dates.expand(schedule, WIB)
        )
        self.assertEqual(got, expected)

    def test_month_only_event_is_not_in_feeds(self):
        """An event with only a month has no VEVENT at all."""
        data = event(schedule=dates.Schedule(date(2027, 8, 1), month_only=True))
        self.assertIs(ical.in_feeds(data), False)
        self.assertEqual(ical.render_event(data, STAMP), "")

    def test_cancelled_event_is_marked_in_status_and_title(self):
        """STATUS:CANCELLED, the Indonesian prefix and the reason."""
        component = parsed(
            event(status=ical.Status.CANCELLED, status_note="Dibatalkan: cuaca")
        ).events[0]
        self.assertEqual(component["STATUS"], "CANCELLED")
        self.assertEqual(component["SUMMARY"], "[DIBATALKAN] Festival Sekala Bekhak")
        self.assertIs(
            str(component["DESCRIPTION"]).startswith("Dibatalkan: cuaca"), True
        )

    def test_postponed_event_is_tentative_with_its_explanation(self):
        """STATUS:TENTATIVE and the explanation first in the description."""
        component = parsed(
            event(status=ical.Status.POSTPONED, status_note="Ditunda: menunggu izin")
        ).events[0]
        self.assertEqual(component["STATUS"], "TENTATIVE")
        self.assertEqual(component["SUMMARY"], "[DITUNDA] Festival Sekala Bekhak")
        self.assertIs(
            str(component["DESCRIPTION"]).startswith("Ditunda: menunggu izin"), True
        )

    def test_moved_online_event_is_located_at_its_link(self):
        """LOCATION is the online link once the event moved online."""
        component = parsed(
            event(
                status=ical.Status.MOVED_ONLINE,
                online_url="https://meet.example.org/festival",
                place=ical.Place("PKOR Way Halim"),
            )
        ).events[0]
        self.assertEqual(component["LOCATION"], "https://meet.example.org/festival")
        self.assertEqual(component["STATUS"], "CONFIRMED")


class FeedTests(SimpleTestCase):
    def test_header_carries_every_calendar_property(self):
        """VERSION, PRODID, CALSCALE, METHOD, names, description, time zone,
        refresh interval, URL, colour and a VTIMEZONE for Asia/Jakarta."""
        header = ical.feed_header(INFO)
        for line in (
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:{ical.PRODID}",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "NAME:Agenda Lampung — Kabupaten Lampung Barat",
            "X-WR-CALNAME:Agenda Lampung — Kabupaten Lampung Barat",
            "X-WR-TIMEZONE:Asia/Jakarta",
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
            "X-PUBLISHED-TTL:PT1H",
            f"URL:{INFO.url}",
            "COLOR:firebrick",
            "BEGIN:VTIMEZONE",
            "TZID:Asia/Jakarta",
            "TZOFFSETTO:+0700",
            "END:VTIMEZONE",
        ):
            with self.subTest(line=line):
                self.assertIn(line + "\r\n", header)
        self.assertIn("DESCRIPTION:Acara dari 2 Oktober 2026", header)
        self.assertIn("X-WR-CALDESC:Acara dari 2 Oktober 2026", header)
        self.assertNotIn("END:VCALENDAR", header)

    def test_joined_feed_equals_icalendar_serialisation(self):
        """Joining stored texts gives the same calendar as serialising the
        same events with icalendar in one go."""
        events = [
            event(),
            event(uid="7e0e2c39-4fd3-4b64-8f3f-1f3f0c1f7a52", schedule=WEEKLY),
        ]
        joined = feed(*events).encode()
        self.assertEqual(joined, ical.serialise_feed(INFO, events, STAMP))

    def test_feed_parses_with_vobject_too(self):
        """A second, independent parser reads the feed and its recurrences."""
        text = feed(
            event(), event(uid="7e0e2c39-4fd3-4b64-8f3f-1f3f0c1f7a52", schedule=WEEKLY)
        )
        calendar = vobject.readOne(text)
        vevents = calendar.contents["vevent"]
        self.assertEqual(len(vevents), 4)
        master = next(
            v
            for v in vevents
            if "rrule" in v.contents and "recurrence_id" not in v.contents
        )
        starts = list(master.getrruleset(addRDate=True))
        self.assertEqual(starts[0], datetime(2026, 12, 5, 9, tzinfo=WIB))
        self.assertNotIn(datetime(2026, 12, 12, 9, tzinfo=WIB), starts)

    def test_lines_are_folded_at_75_octets_without_splitting_characters(self):
        """CRLF everywhere, no line over 75 octets, every line valid UTF-8."""
        text = feed(event(title="Festival " + "Sekala Bekhak — “Seribu Tapis” ✨ " * 8))
        raw = text.encode()
        self.assertNotIn(b"\n", raw.replace(b"\r\n", b""))
        for line in raw.split(b"\r\n"):
            with self.subTest(line=line):
                self.assertLessEqual(len(line), 75)
                line.decode("utf-8")


def unescape_text(raw: str) -> str:
    """RFC 5545 3.3.11 TEXT, read back: backslash-escaped backslash,
    semicolon, comma, and N or n for a line break."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)


HOSTILE = [
    "Festival\r\nBEGIN:VEVENT\r\nUID:evil",
    "Festival\\NBEGIN:VEVENT",
    "Pawai; budaya, musik\\ tari",
    "END:VEVENT\nEND:VCALENDAR\nBEGIN:VCALENDAR",
    "Satu\rDua\x00Tiga\x1b",
]


class EscapingTests(SimpleTestCase):
    def test_hostile_titles_stay_inside_their_property(self):
        """Newlines, semicolons, commas and BEGIN:VEVENT in a title neither add
        components nor change other properties."""
        for title in HOSTILE:
            with self.subTest(title=title):
                calendar = parsed(event(title=title, summary=title))
                self.assertEqual(len(calendar.events), 1)
                component = calendar.events[0]
                self.assertEqual(str(component["SUMMARY"]), ical.clean_text(title))
                self.assertEqual(
                    str(component["UID"]),
                    "0b8a4bce-8f8e-4bb2-a3c5-0c3f6e1f2d11@agenda.lampungprov.go.id",
                )

    def test_calendar_level_text_is_escaped(self):
        """NAME, X-WR-CALNAME, DESCRIPTION and X-WR-CALDESC carry the filter
        words: each is TEXT-escaped (RFC 5545 3.3.11), so a comma, a
        semicolon or a typed backslash-n reads back as typed, on one line."""
        words = 'kopi;teh,susu\\n "a\\b"'
        info = ical.FeedInfo(
            name=f"Agenda Lampung — {words}",
            description=f"Pencarian {words}, semua kabupaten.",
            url=INFO.url,
            uid=INFO.uid,
        )
        text = ical.feed_header(info) + ical.FOOTER
        lines = Calendar.from_ical(text).content_lines()
        raw = dict(line.split(":", 1) for line in lines if line)
        for prop, expected in (
            ("NAME", info.name),
            ("X-WR-CALNAME", info.name),
            ("DESCRIPTION", info.description),
            ("X-WR-CALDESC", info.description),
        ):
            with self.subTest(prop=prop):
                self.assertNotRegex(raw[prop], r"(?<!\\)[,;]")
                self.assertEqual(unescape_text(raw[prop]), expected)
        calendar = vobject.readOne(text)
        self.assertEqual(calendar.contents["description"][0].value, info.description)

    @settings(max_examples=150, deadline=None)
    @example(title="C:\\New folder", place="\\N")
    @given(
        title=st.text(min_size=1, max_size=200),
        place=st.text(max_size=120),
    )
    def test_any_text_round_trips_through_a_parser(self, title, place):
        """Whatever the text, the feed parses to one VEVENT whose SUMMARY and
        LOCATION are the (cleaned) text, with folded, valid UTF-8 lines."""
        text = feed(event(title=title, place=ical.Place(place) if place else None))
        raw = text.encode()
        for line in raw.split(b"\r\n"):
            self.assertLessEqual(len(line), 75)
            line.decode("utf-8")
        calendar = Calendar.from_ical(text)
        self.assertEqual(len(calendar.events), 1)
        component = calendar.events[0]
        self.assertEqual(str(component["SUMMARY"]), ical.clean_text(title))
        if ical.clean_text(place):
            self.assertEqual(str(component["LOCATION"]), ical.clean_text(place))
        self.assertEqual(
            component.decoded("DTSTART"), datetime(2027, 7, 12, 19, tzinfo=WIB)
        )
