"""The occurrence horizon: a series is stored, listed and shown up to
EVENTS_HORIZON_DAYS ahead (730), every date of it and none after, and the
daily `refresh_occurrences` moves it on. A series without end follows the
same rule; its feed's RRULE has no end the editor did not give."""

from datetime import date, datetime, time, timedelta
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from events.models import Occurrence

from .clock import frozen
from .factories import calendar_tree, live_event

WIB = timezone.get_default_timezone()
SATURDAY = date(2027, 1, 2)
# The first morning: the horizon ends 730 days later, on 1 January 2029.
T0 = datetime.combine(SATURDAY, time(6), WIB)


class HorizonTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = calendar_tree()
        folder = tree.folders["lampung-barat"]
        with frozen(T0):
            cls.weekly = live_event(
                folder,
                slug="latihan-sabtu",
                start_date=SATURDAY,
                start_time=time(9),
                end_time=time(11),
                recurrence_frequency="weekly",
                recurrence_weekdays="5",
            )
            cls.daily = live_event(
                folder,
                slug="pasar-pagi",
                start_date=SATURDAY,
                start_time=time(6),
                end_time=time(9),
                recurrence_frequency="weekly",
                recurrence_weekdays="0,1,2,3,4,5,6",
            )

    def starts(self, event) -> list[date]:
        return [
            timezone.localdate(start)
            for start in Occurrence.objects.filter(event=event).values_list(
                "start", flat=True
            )
        ]

    def test_series_without_end_are_stored_up_to_the_horizon(self):
        """Every date up to 730 days ahead, however many, and none after:
        105 Saturdays, and 731 days for the daily market (not a cap of 500)."""
        weekly, daily = self.starts(self.weekly), self.starts(self.daily)
        horizon = timezone.localdate(Occurrence.horizon(T0))
        self.assertEqual(horizon, SATURDAY + timedelta(days=730))
        self.assertEqual(len(weekly), 105)
        self.assertEqual(weekly[-1], date(2028, 12, 30))
        self.assertEqual(len(daily), 731)
        self.assertEqual(daily[0], SATURDAY)
        self.assertEqual(daily[-1], horizon)

    def test_refresh_extends_them_as_days_pass(self):
        """Thirty days on, the daily run adds the dates that came within
        the horizon: four Saturdays and thirty mornings."""
        with frozen(T0 + timedelta(days=30)):
            call_command("refresh_occurrences", stdout=StringIO())
        self.assertEqual(len(self.starts(self.weekly)), 105 + 4)
        daily = self.starts(self.daily)
        self.assertEqual(len(daily), 731 + 30)
        self.assertEqual(daily[-1], SATURDAY + timedelta(days=760))

    def test_event_page_lists_the_dates_stored(self):
        """The page's list of dates and its "N more" count the dates up to
        the horizon, as stored; the rule in words says it goes on."""
        with frozen(T0):
            response = self.client.get(self.daily.url)
        shown = response.context["occurrences"]
        self.assertEqual(len(shown), 10)
        self.assertEqual(
            response.context["more_occurrences"] + len(shown),
            Occurrence.objects.filter(event=self.daily).count(),
        )
        self.assertContains(response, "dan 721 tanggal lainnya")

    def test_feed_rule_has_no_end_the_editor_did_not_give(self):
        """The stored VEVENT's RRULE has neither COUNT nor UNTIL: calendar
        apps repeat it as the site will, past any horizon."""
        self.weekly.refresh_from_db()
        self.assertIn("RRULE:FREQ=WEEKLY;BYDAY=SA\r\n", self.weekly.ical_component)
