"""The pure schedule module: validation rules and expansion into occurrences."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from events.dates import (
    MAX_OCCURRENCES,
    ExceptionAction,
    Frequency,
    MonthlyBy,
    Schedule,
    ScheduleError,
    ScheduleException,
    expand,
    rrule_parts,
    validate,
)

WIB = ZoneInfo("Asia/Jakarta")
TODAY = date(2026, 11, 27)
MONDAY = date(2027, 1, 4)


def weekly(**kwargs) -> Schedule:
    defaults = {
        "start_date": MONDAY,
        "start_time": time(19),
        "end_time": time(21),
        "frequency": Frequency.WEEKLY,
        "until": date(2027, 3, 29),
    }
    return Schedule(**{**defaults, **kwargs})


def move(original: date, new: date, **kwargs) -> ScheduleException:
    return ScheduleException(original, ExceptionAction.MOVE, new, **kwargs)


def starts(schedule: Schedule) -> list[date]:
    return [span.start.date() for span in expand(schedule, WIB)]


class ValidateTests(SimpleTestCase):
    def test_valid_schedules_pass(self):
        """Ordinary one-off, multi-day, month-only and bounded series validate."""
        cases = {
            "one day, all-day": Schedule(date(2027, 7, 10)),
            "evening with times": Schedule(
                date(2027, 7, 10), time(19), end_time=time(22)
            ),
            "multi-day festival": Schedule(
                date(2027, 7, 10), end_date=date(2027, 7, 14)
            ),
            "timed, ends after midnight": Schedule(
                date(2027, 7, 10), time(20), date(2027, 7, 11), time(1)
            ),
            "month only": Schedule(date(2027, 7, 1), month_only=True),
            "weekly until": weekly(),
            "weekly on two days": weekly(weekdays=(0, 3)),
            "monthly by count": weekly(
                frequency=Frequency.MONTHLY, until=None, count=12
            ),
            "yearly for three years": Schedule(
                date(2027, 7, 10), frequency=Frequency.YEARLY, count=3
            ),
            "daily for two years: 731 dates": weekly(
                weekdays=tuple(range(7)), until=MONDAY + timedelta(days=730)
            ),
            "the most dates a series may have": Schedule(
                date(2027, 1, 1),
                frequency=Frequency.WEEKLY,
                weekdays=tuple(range(7)),
                count=MAX_OCCURRENCES,
            ),
            "moved and cancelled dates": weekly(
                exceptions=(
                    move(date(2027, 1, 11), date(2027, 1, 12), new_start_time=time(18)),
                    ScheduleException(date(2027, 1, 18), ExceptionAction.CANCEL),
                )
            ),
        }
        for label, schedule in cases.items():
            with self.subTest(label):
                validate(schedule, TODAY)

    def test_broken_rules_name_the_field_and_the_rule(self):
        """Each broken rule raises ScheduleError naming the form field to mark."""
        cases = [
            (
                "end date before start",
                Schedule(date(2027, 7, 10), end_date=date(2027, 7, 9)),
                "end_date",
                "end_before_start",
            ),
            (
                "end time before start time on one day",
                Schedule(date(2027, 7, 10), time(19), end_time=time(18)),
                "end_time",
                "end_time_before_start",
            ),
            (
                "all-day with an end time only",
                Schedule(date(2027, 7, 10), end_time=time(18)),
                "end_time",
                "end_time_without_start",
            ),
            (
                "month only with a start time",
                Schedule(date(2027, 7, 1), time(19), month_only=True),
                "start_time",
                "month_only_with_times",
            ),
            (
                "month only with an end date",
                Schedule(date(2027, 7, 1), end_date=date(2027, 7, 3), month_only=True),
                "end_date",
                "month_only_with_times",
            ),
            (
                "month only with an end time",
                Schedule(date(2027, 7, 1), end_time=time(3), month_only=True),
                "end_time",
                "month_only_with_times",
            ),
            (
                "month only repeating",
                Schedule(
                    date(2027, 7, 1),
                    month_only=True,
                    frequency=Frequency.YEARLY,
                    count=2,
                ),
                "recurrence_frequency",
                "month_only_recurring",
            ),
            (
                "one occurrence over 62 days",
                Schedule(date(2027, 1, 1), end_date=date(2027, 3, 31)),
                "end_date",
                "too_long",
            ),
            (
                "year far in the future",
                Schedule(date(2040, 1, 1)),
                "start_date",
                "year_out_of_range",
            ),
            (
                "year before 2000",
                Schedule(date(1999, 12, 31)),
                "start_date",
                "year_out_of_range",
            ),
            (
                "unbounded series",
                weekly(until=None),
                "recurrence_until",
                "series_without_end",
            ),
            (
                "both until and count",
                weekly(count=4),
                "recurrence_count",
                "until_and_count",
            ),
            (
                "count over the bound",
                weekly(until=None, count=MAX_OCCURRENCES + 1),
                "recurrence_count",
                "too_many",
            ),
            (
                "until over three years",
                Schedule(
                    date(2027, 1, 1), frequency=Frequency.YEARLY, until=date(2030, 6, 1)
                ),
                "recurrence_until",
                "series_too_long",
            ),
            (
                "count over three years",
                Schedule(date(2027, 1, 1), frequency=Frequency.YEARLY, count=5),
                "recurrence_count",
                "series_too_long",
            ),
            (
                "until before start",
                weekly(until=date(2026, 12, 1)),
                "recurrence_until",
                "until_before_start",
            ),
            ("interval 0", weekly(interval=0), "recurrence_interval", "bad_interval"),
            ("weekday 7", weekly(weekdays=(7,)), "recurrence_weekdays", "bad_weekday"),
            (
                "start not on a chosen weekday",
                weekly(weekdays=(2, 4)),
                "recurrence_weekdays",
                "start_not_on_weekday",
            ),
            (
                "exception outside the series",
                weekly(
                    exceptions=(
                        ScheduleException(date(2027, 1, 12), ExceptionAction.SKIP),
                    )
                ),
                "exceptions",
                "exception_outside_series",
            ),
            (
                "exception after the until date",
                weekly(
                    exceptions=(
                        ScheduleException(date(2027, 4, 5), ExceptionAction.CANCEL),
                    )
                ),
                "exceptions",
                "exception_outside_series",
            ),
            (
                "exception on a one-off event",
                Schedule(
                    date(2027, 7, 10),
                    exceptions=(
                        ScheduleException(date(2027, 7, 10), ExceptionAction.SKIP),
                    ),
                ),
                "exceptions",
                "exceptions_without_series",
            ),
            (
                "same date changed twice",
                weekly(
                    exceptions=(
                        ScheduleException(date(2027, 1, 11), ExceptionAction.SKIP),
                        ScheduleException(date(2027, 1, 11), ExceptionAction.CANCEL),
                    )
                ),
                "exceptions",
                "duplicate_exception",
            ),
            (
                "move without a new date",
                weekly(
                    exceptions=(
                        ScheduleException(date(2027, 1, 11), ExceptionAction.MOVE),
                    )
                ),
                "exceptions",
                "move_without_date",
            ),
            (
                "all-day occurrence moved with a time",
                weekly(
                    start_time=None,
                    end_time=None,
                    exceptions=(
                        move(
                            date(2027, 1, 11),
                            date(2027, 1, 12),
                            new_start_time=time(10),
                        ),
                    ),
                ),
                "exceptions",
                "move_times_all_day",
            ),
            (
                "moved occurrence ending before it starts",
                weekly(
                    exceptions=(
                        move(
                            date(2027, 1, 11),
                            date(2027, 1, 12),
                            new_start_time=time(20),
                            new_end_time=time(19),
                        ),
                    )
                ),
                "exceptions",
                "move_end_before_start",
            ),
            (
                "moved to a year out of range",
                weekly(exceptions=(move(date(2027, 1, 11), date(2045, 1, 12)),)),
                "exceptions",
                "year_out_of_range",
            ),
        ]
        for label, schedule, field, code in cases:
            with self.subTest(label), self.assertRaises(ScheduleError) as raised:
                validate(schedule, TODAY)
            self.assertEqual(
                (raised.exception.field, raised.exception.code), (field, code), label
            )


class ExpandTests(SimpleTestCase):
    def test_series_dates(self):
        """Weekly, monthly and yearly rules give the dates a calendar app gives."""
        cases = [
            (
                "weekly, until is inclusive",
                weekly(until=date(2027, 1, 25)),
                [
                    date(2027, 1, 4),
                    date(2027, 1, 11),
                    date(2027, 1, 18),
                    date(2027, 1, 25),
                ],
            ),
            (
                "weekly on Monday and Thursday",
                weekly(weekdays=(0, 3), until=None, count=4),
                [
                    date(2027, 1, 4),
                    date(2027, 1, 7),
                    date(2027, 1, 11),
                    date(2027, 1, 14),
                ],
            ),
            (
                "every other week",
                weekly(interval=2, until=None, count=3),
                [date(2027, 1, 4), date(2027, 1, 18), date(2027, 2, 1)],
            ),
            (
                "monthly, second Saturday",
                Schedule(
                    date(2027, 1, 9),
                    frequency=Frequency.MONTHLY,
                    monthly_by=MonthlyBy.NTH_WEEKDAY,
                    count=4,
                ),
                [
                    date(2027, 1, 9),
                    date(2027, 2, 13),
                    date(2027, 3, 13),
                    date(2027, 4, 10),
                ],
            ),
            (
                "monthly, a fifth Friday means the last Friday",
                Schedule(
                    date(2027, 1, 29),
                    frequency=Frequency.MONTHLY,
                    monthly_by=MonthlyBy.NTH_WEEKDAY,
                    count=4,
                ),
                [
                    date(2027, 1, 29),
                    date(2027, 2, 26),
                    date(2027, 3, 26),
                    date(2027, 4, 30),
                ],
            ),
            (
                "monthly on the 31st skips shorter months (RFC 5545)",
                Schedule(date(2027, 1, 31), frequency=Frequency.MONTHLY, count=3),
                [date(2027, 1, 31), date(2027, 3, 31), date(2027, 5, 31)],
            ),
            (
                "yearly",
                Schedule(date(2027, 7, 10), frequency=Frequency.YEARLY, count=3),
                [date(2027, 7, 10), date(2028, 7, 10), date(2029, 7, 10)],
            ),
            (
                "all-day weekly, until is inclusive",
                weekly(start_time=None, end_time=None, until=date(2027, 1, 18)),
                [date(2027, 1, 4), date(2027, 1, 11), date(2027, 1, 18)],
            ),
        ]
        for label, schedule, expected in cases:
            with self.subTest(label):
                validate(schedule, TODAY)
                self.assertEqual(starts(schedule), expected)

    def test_one_off_spans(self):
        """One-off events: end exclusive, all-day spans midnight to midnight."""
        cases = [
            (
                "timed evening",
                Schedule(date(2027, 7, 10), time(19), end_time=time(22)),
                (
                    datetime(2027, 7, 10, 19, tzinfo=WIB),
                    datetime(2027, 7, 10, 22, tzinfo=WIB),
                ),
                False,
            ),
            (
                "timed without end",
                Schedule(date(2027, 7, 10), time(19)),
                (
                    datetime(2027, 7, 10, 19, tzinfo=WIB),
                    datetime(2027, 7, 10, 19, tzinfo=WIB),
                ),
                False,
            ),
            (
                "all-day over three days",
                Schedule(date(2027, 7, 10), end_date=date(2027, 7, 12)),
                (datetime(2027, 7, 10, tzinfo=WIB), datetime(2027, 7, 13, tzinfo=WIB)),
                True,
            ),
            (
                "month only covers the whole month",
                Schedule(date(2027, 2, 1), month_only=True),
                (datetime(2027, 2, 1, tzinfo=WIB), datetime(2027, 3, 1, tzinfo=WIB)),
                True,
            ),
        ]
        for label, schedule, (start, end), all_day in cases:
            with self.subTest(label):
                (span,) = expand(schedule, WIB)
                self.assertEqual((span.start, span.end), (start, end))
                self.assertIs(span.all_day, all_day)
        (month,) = expand(Schedule(date(2027, 2, 1), month_only=True), WIB)
        self.assertIs(month.month_only, True)
        self.assertEqual(month.last_day, date(2027, 2, 28))

    def test_exceptions_skip_cancel_and_move(self):
        """Skipped dates vanish, cancelled ones stay marked, moved ones keep
        their original start and take the new day and times."""
        schedule = weekly(
            until=date(2027, 2, 1),
            exceptions=(
                ScheduleException(date(2027, 1, 11), ExceptionAction.SKIP),
                ScheduleException(
                    date(2027, 1, 18), ExceptionAction.CANCEL, reason="Libur"
                ),
                move(
                    date(2027, 1, 25),
                    date(2027, 1, 26),
                    new_start_time=time(18),
                    new_end_time=time(20, 30),
                    reason="Bergeser",
                ),
            ),
        )
        validate(schedule, TODAY)
        spans = expand(schedule, WIB)
        self.assertEqual(
            [(s.start, s.end, s.cancelled, s.moved) for s in spans],
            [
                (
                    datetime(2027, 1, 4, 19, tzinfo=WIB),
                    datetime(2027, 1, 4, 21, tzinfo=WIB),
                    False,
                    False,
                ),
                (
                    datetime(2027, 1, 18, 19, tzinfo=WIB),
                    datetime(2027, 1, 18, 21, tzinfo=WIB),
                    True,
                    False,
                ),
                (
                    datetime(2027, 1, 26, 18, tzinfo=WIB),
                    datetime(2027, 1, 26, 20, 30, tzinfo=WIB),
                    False,
                    True,
                ),
                (
                    datetime(2027, 2, 1, 19, tzinfo=WIB),
                    datetime(2027, 2, 1, 21, tzinfo=WIB),
                    False,
                    False,
                ),
            ],
        )
        self.assertEqual(spans[1].note, "Libur")
        self.assertEqual(spans[2].original_start, datetime(2027, 1, 25, 19, tzinfo=WIB))

    def test_moved_occurrence_keeps_time_and_length(self):
        """A move that gives only a new date keeps the series' time and length."""
        schedule = weekly(exceptions=(move(date(2027, 1, 11), date(2027, 1, 13)),))
        moved = [s for s in expand(schedule, WIB) if s.moved][0]
        self.assertEqual(moved.start, datetime(2027, 1, 13, 19, tzinfo=WIB))
        self.assertEqual(moved.end - moved.start, timedelta(hours=2))

    def test_moved_all_day_occurrence_stays_a_whole_day(self):
        """Regression: times on an all-day move used to give a 10:00-to-10:00
        "all-day" span; it now moves midnight to midnight."""
        schedule = weekly(
            start_time=None,
            end_time=None,
            exceptions=(
                move(date(2027, 1, 11), date(2027, 1, 12), new_start_time=time(10)),
            ),
        )
        moved = [s for s in expand(schedule, WIB) if s.moved][0]
        self.assertEqual(
            (moved.start, moved.end),
            (datetime(2027, 1, 12, tzinfo=WIB), datetime(2027, 1, 13, tzinfo=WIB)),
        )
        self.assertIs(moved.all_day, True)

    def test_wib_is_utc_plus_seven_all_year(self):
        """Occurrences in January and July are both at UTC+7: WIB has no DST,
        so a weekly 19:00 stays 12:00 UTC and every all-day span is 24 hours."""
        spans = expand(
            weekly(until=None, count=30, start_time=time(19), end_time=None), WIB
        )
        self.assertEqual({s.start.utcoffset() for s in spans}, {timedelta(hours=7)})
        self.assertEqual({s.start.astimezone(UTC).time() for s in spans}, {time(12)})
        days = expand(weekly(start_time=None, end_time=None, count=None), WIB)
        self.assertEqual({s.end - s.start for s in days}, {timedelta(days=1)})

    def test_a_series_is_expanded_in_full_up_to_the_horizon(self):
        """Every date up to the horizon, however many (a daily series over
        730 days has 731), and none after it; a series without end stops at
        the horizon, and without one at the bound."""
        daily = weekly(weekdays=tuple(range(7)), until=MONDAY + timedelta(days=730))
        self.assertEqual(len(expand(daily, WIB)), 731)
        endless = weekly(weekdays=tuple(range(7)), until=None)
        horizon = datetime.combine(MONDAY + timedelta(days=730), time(23), WIB)
        spans = expand(endless, WIB, horizon)
        self.assertEqual(len(spans), 731)
        self.assertEqual(spans[-1].start.date(), MONDAY + timedelta(days=730))
        saturdays = expand(
            weekly(weekdays=(5,), until=None, start_date=date(2027, 1, 2)), WIB, horizon
        )
        self.assertEqual(len(saturdays), 105)
        self.assertLessEqual(saturdays[-1].start, horizon)
        self.assertEqual(len(expand(endless, WIB)), MAX_OCCURRENCES)

    def test_a_date_moved_past_the_horizon_waits_for_it(self):
        """An occurrence moved beyond the horizon is not listed before it is
        reached, like the other dates there."""
        schedule = weekly(exceptions=(move(date(2027, 1, 11), date(2027, 6, 1)),))
        horizon = datetime.combine(date(2027, 2, 1), time(), WIB)
        self.assertNotIn(
            date(2027, 6, 1), [s.start.date() for s in expand(schedule, WIB, horizon)]
        )
        self.assertIn(date(2027, 6, 1), starts(schedule))


class RRulePartsTests(SimpleTestCase):
    def test_rrule_parts(self):
        """The RRULE matches the expansion; UNTIL is a UTC date-time for timed
        series (RFC 5545) and a date for all-day ones."""
        cases = [
            (
                "timed weekly until",
                weekly(until=date(2027, 1, 25)),
                {
                    "FREQ": "WEEKLY",
                    "BYDAY": ["MO"],
                    "UNTIL": datetime(2027, 1, 25, 16, 59, 59, tzinfo=UTC),
                },
            ),
            (
                "all-day weekly until",
                weekly(start_time=None, end_time=None, until=date(2027, 1, 25)),
                {"FREQ": "WEEKLY", "BYDAY": ["MO"], "UNTIL": date(2027, 1, 25)},
            ),
            (
                "weekly on two days, every other week",
                weekly(weekdays=(3, 0), interval=2, until=None, count=6),
                {"FREQ": "WEEKLY", "INTERVAL": 2, "BYDAY": ["MO", "TH"], "COUNT": 6},
            ),
            (
                "last Friday",
                Schedule(
                    date(2027, 1, 29),
                    frequency=Frequency.MONTHLY,
                    monthly_by=MonthlyBy.NTH_WEEKDAY,
                    count=4,
                ),
                {"FREQ": "MONTHLY", "BYDAY": ["-1FR"], "COUNT": 4},
            ),
            (
                "second Saturday",
                Schedule(
                    date(2027, 1, 9),
                    frequency=Frequency.MONTHLY,
                    monthly_by=MonthlyBy.NTH_WEEKDAY,
                    count=4,
                ),
                {"FREQ": "MONTHLY", "BYDAY": ["2SA"], "COUNT": 4},
            ),
            (
                "day of month",
                Schedule(date(2027, 1, 15), frequency=Frequency.MONTHLY, count=2),
                {"FREQ": "MONTHLY", "BYMONTHDAY": [15], "COUNT": 2},
            ),
            (
                "yearly",
                Schedule(date(2027, 7, 10), frequency=Frequency.YEARLY, count=3),
                {"FREQ": "YEARLY", "COUNT": 3},
            ),
        ]
        for label, schedule, expected in cases:
            with self.subTest(label):
                self.assertEqual(rrule_parts(schedule), expected)
