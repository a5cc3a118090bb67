"""Estimated Hijri dates and the moderator's confirmation: stored as
provisional, shown so on the event page, in the year view, the booklet's data
and iCal; confirmed or shifted by a day in one admin action, which bumps the
iCal SEQUENCE and survives republishing and the nightly recomputation."""

import re
from datetime import date, datetime
from io import StringIO

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone, translation

import icalendar

from events import booklet, dates, ical
from events.models import DateConfirmation, EventPage, Occurrence
from events.versions import version_row

from .factories import calendar_tree, live_event, publish

WIB = timezone.get_default_timezone()


def hijri_event(folder, **fields) -> EventPage:
    defaults = {
        "title": "Pesta Sekura Cakak Buah",
        "slug": "pesta-sekura",
        "start_date": date(2026, 1, 1),
        "start_time": None,
        "end_time": None,
        "calendar_rule": "hijri",
        "rule_month": 10,
        "rule_day": 1,
        "rule_days": 6,
    }
    return live_event(folder, **{**defaults, **fields})


def vevents(event: EventPage) -> dict[str, icalendar.Event]:
    """The event's stored VEVENTs by UID."""
    text = "BEGIN:VCALENDAR\r\n" + event.ical_component + "END:VCALENDAR\r\n"
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}


def uid(event: EventPage, year: int) -> str:
    return f"{event.uid}-hijri{year}@{ical.UID_DOMAIN}"


class DateConfirmationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = calendar_tree()
        cls.admin = User.objects.create_superuser("admin", "a@example.org", "x")
        cls.event = hijri_event(cls.tree.folders["lampung-barat"])

    def setUp(self):
        self.client.force_login(self.admin)

    def rows(self) -> list[tuple[int, date, bool]]:
        return list(
            Occurrence.objects.filter(event=self.event)
            .order_by("start")
            .values_list("rule_year", "start_day", "provisional")
        )

    def confirm(self, year, shift):
        return self.client.post(
            f"/admin/events/{self.event.pk}/confirm-dates/",
            {"rule_year": str(year), "shift": str(shift)},
        )

    def test_published_hijri_dates_are_stored_provisional(self):
        """Every year up to the horizon, Umm al-Qura dates, all estimated,
        each a TENTATIVE VEVENT of its own."""
        horizon = Occurrence.horizon(timezone.now()).date()
        rows = self.rows()
        self.assertEqual(rows[0], (1447, date(2026, 3, 20), True))
        self.assertEqual(rows[1][:2], (1448, date(2027, 3, 9)))
        self.assertTrue(all(start <= horizon for _y, start, _p in rows))
        self.assertIs(all(p for _y, _s, p in rows), True)
        stored = vevents(self.event)
        self.assertEqual(set(stored), {uid(self.event, y) for y, _s, _p in rows})
        self.assertEqual({str(e["STATUS"]) for e in stored.values()}, {"TENTATIVE"})

    def test_event_page_shows_the_estimate_banner(self):
        with translation.override("id"):
            response = self.client.get(self.event.url)
        html = response.content.decode()
        self.assertContains(response, "status--provisional")
        self.assertIn("menunggu sidang isbat", html)
        self.assertIn("Syawal", html)

    def test_moderator_shifts_a_year_by_one_day_and_confirms_it(self):
        """1448 H confirmed one day after Umm al-Qura: its occurrence moves to
        10 March 2027 (six days), confirmed on the page and in iCal, with a
        higher SEQUENCE and the same UID; the other years stay estimated."""
        self.assertEqual(self.event.sequence, 0)
        response = self.confirm(1448, 1)
        self.assertEqual(response.status_code, 302)
        self.event.refresh_from_db()
        self.assertEqual(self.event.sequence, 1)
        rows = {y: (s, p) for y, s, p in self.rows()}
        self.assertEqual(rows[1448], (date(2027, 3, 10), False))
        self.assertEqual(rows[1447], (date(2026, 3, 20), True))
        occurrence = Occurrence.objects.get(event=self.event, rule_year=1448)
        self.assertEqual(occurrence.end_day, date(2027, 3, 15))
        stored = vevents(self.event)
        confirmed = stored[uid(self.event, 1448)]
        self.assertEqual(str(confirmed["STATUS"]), "CONFIRMED")
        self.assertEqual(confirmed.decoded("DTSTART"), date(2027, 3, 10))
        self.assertEqual(int(confirmed["SEQUENCE"]), 1)
        self.assertEqual(str(stored[uid(self.event, 1447)]["STATUS"]), "TENTATIVE")
        with translation.override("id"):
            page = self.client.get(self.event.url).content.decode()
        self.assertIn("confirmed-tag", page)
        # The public feed of the event carries the same text.
        feed = self.client.get(f"/events/{self.event.uid}.ics").content.decode()
        self.assertIn("DTSTART;VALUE=DATE:20270310", feed)

    def test_shift_earlier_and_confirm_again(self):
        """A second decision on the same year replaces the first."""
        self.confirm(1448, 1)
        self.confirm(1448, -1)
        self.event.refresh_from_db()
        self.assertEqual(self.event.sequence, 2)
        self.assertEqual(DateConfirmation.objects.filter(event=self.event).count(), 1)
        occurrence = Occurrence.objects.get(event=self.event, rule_year=1448)
        self.assertEqual(occurrence.start_day, date(2027, 3, 8))

    def test_confirmation_survives_republishing_and_the_nightly_run(self):
        self.confirm(1448, 1)
        event = EventPage.objects.get(pk=self.event.pk)
        event.summary = "Ringkasan baru."
        publish(event)
        call_command("refresh_occurrences", stdout=StringIO())
        event.refresh_from_db()
        self.assertEqual(event.sequence, 1)
        occurrence = Occurrence.objects.get(event=event, rule_year=1448)
        self.assertEqual(
            (occurrence.start_day, occurrence.provisional), (date(2027, 3, 10), False)
        )
        self.assertEqual(str(vevents(event)[uid(event, 1448)]["STATUS"]), "CONFIRMED")

    def test_nightly_run_gives_feeds_a_new_version_when_a_date_is_added(self):
        """The horizon moves on at night: an event's VEVENTs written out to
        yesterday's horizon lack the date that came within it. Rewriting
        them gives every feed a new version (cached feeds, every process);
        a night that changes nothing leaves the version alone."""
        call_command("refresh_occurrences", stdout=StringIO())
        quiet, _ = version_row()
        # Last night's text was rendered at another moment: only its DTSTAMP
        # differs from tonight's, which is no change to a feed.
        text = EventPage.objects.get(pk=self.event.pk).ical_component
        earlier = re.sub(r"DTSTAMP:\S+", "DTSTAMP:20260101T000000Z", text)
        self.assertNotEqual(earlier, text)
        EventPage.objects.filter(pk=self.event.pk).update(ical_component=earlier)
        call_command("refresh_occurrences", stdout=StringIO())
        self.assertEqual(version_row()[0], quiet)
        self.assertEqual(
            EventPage.objects.get(pk=self.event.pk).ical_component, earlier
        )
        blocks = text.split("BEGIN:VEVENT")
        self.assertGreater(len(blocks), 2)
        # Yesterday's text: the last date not yet in it.
        yesterday = "BEGIN:VEVENT".join(blocks[:-1])
        EventPage.objects.filter(pk=self.event.pk).update(ical_component=yesterday)
        (added,) = set(vevents(EventPage.objects.get(pk=self.event.pk))) ^ set(
            vevents(EventPage(ical_component=text))
        )
        call_command("refresh_occurrences", stdout=StringIO())
        self.assertGreater(version_row()[0], quiet)
        self.assertIn(added, vevents(EventPage.objects.get(pk=self.event.pk)))

    def test_year_view_and_booklet_mark_estimated_dates(self):
        """The year's entry says "estimated" until its year is confirmed."""
        with translation.override("id"):
            before = self.client.get("/agenda/2027/").content.decode()
            data = booklet.collect(2027, "id")
        self.assertIn("provisional-tag", before)
        entry = next(e for e in data.entries if e.event_id == self.event.pk)
        self.assertIs(entry.provisional, True)
        self.confirm(1448, 0)
        with translation.override("id"):
            after = self.client.get("/agenda/2027/").content.decode()
            data = booklet.collect(2027, "id")
        self.assertNotIn("provisional-tag", after)
        entry = next(e for e in data.entries if e.event_id == self.event.pk)
        self.assertIs(entry.provisional, False)
        self.assertEqual(entry.spans[0].start.date(), date(2027, 3, 9))

    def test_api_and_json_ld_give_each_occurrence_with_its_status(self):
        self.confirm(1448, 0)
        response = self.client.get("/api/events/?regency=lampung-barat&per_page=100")
        results = [
            r for r in response.json()["results"] if r["title"] == self.event.title
        ]
        by_start = {r["start"][:10]: r for r in results}
        self.assertIs(by_start["2027-03-09"]["provisional"], False)
        self.assertEqual(by_start["2027-03-09"]["calendar"], "hijri")
        self.assertIs(by_start["2028-02-26"]["provisional"], True)
        page = self.client.get(self.event.url).content.decode()
        self.assertIn('"subEvent"', page)
        self.assertIn('"startDate": "2027-03-09"', page)

    def test_the_action_is_offered_in_the_event_header(self):
        response = self.client.get(f"/admin/pages/{self.event.pk}/edit/")
        self.assertContains(response, f"/admin/events/{self.event.pk}/confirm-dates/")

    def test_lunar_dates_cannot_be_confirmed(self):
        """Chinese lunar dates are computed, final: the action refuses them."""
        lunar = live_event(
            self.tree.folders["lampung-barat"],
            slug="cap-go-meh",
            start_date=date(2026, 1, 1),
            start_time=None,
            end_time=None,
            calendar_rule="chinese",
            rule_month=1,
            rule_day=15,
        )
        response = self.client.post(
            f"/admin/events/{lunar.pk}/confirm-dates/",
            {"rule_year": "2027", "shift": "0"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(DateConfirmation.objects.filter(event=lunar).exists())
        self.assertEqual(
            {str(e["STATUS"]) for e in vevents(lunar).values()}, {"CONFIRMED"}
        )

    def test_hostile_input_is_refused_with_a_message(self):
        """Huge, negative, textual and unknown years or shifts: a 400 page with
        the form's message, nothing stored, never a 500."""
        cases = [
            {"rule_year": "99999999999999999999", "shift": "0"},
            {"rule_year": "-1448", "shift": "0"},
            {"rule_year": "seribu", "shift": "0"},
            {"rule_year": "1300", "shift": "0"},
            {"rule_year": "1448", "shift": "2"},
            {"rule_year": "1448", "shift": "-7"},
            {"rule_year": "1448", "shift": "satu"},
            {"rule_year": "1448"},
            {},
        ]
        for data in cases:
            with self.subTest(data):
                response = self.client.post(
                    f"/admin/events/{self.event.pk}/confirm-dates/", data
                )
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "error-message", status_code=400)
        self.assertFalse(DateConfirmation.objects.exists())
        self.event.refresh_from_db()
        self.assertEqual(self.event.sequence, 0)
        for path in ("999999999999", "abc"):
            with self.subTest(path):
                response = self.client.get(f"/admin/events/{path}/confirm-dates/")
                self.assertEqual(response.status_code, 404)


class ScheduleAdapterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = calendar_tree()

    def test_gregorian_fingerprints_leave_the_new_fields_out(self):
        """An event without a rule keeps the fingerprint (and so the SEQUENCE)
        it had before rules from other calendars existed."""
        event = live_event(self.tree.folders["lampung-barat"])
        schedule = event.schedule()
        self.assertNotIn("rule", schedule.fingerprint_text())
        self.assertIs(schedule.by_rule, False)
        self.assertEqual(schedule.confirmations, ())
        self.assertEqual(
            datetime.combine(event.start_date, event.start_time, WIB),
            dates.expand(schedule, WIB)[0].start,
        )
