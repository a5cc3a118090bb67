"""Schedules in words (events.formatting): the rule's weekdays come from the
rule, never from the dates, whatever the exceptions."""

import re
from datetime import date, time, timedelta

from django.test import SimpleTestCase
from django.utils import translation

from hypothesis import given, settings
from hypothesis import strategies as st

from events import dates
from events.formatting import dates_words, rule_words, series_words, weekday_name

LANGUAGES = ("id", "en")


def named_weekdays(text: str, language: str) -> list[int]:
    """The weekdays a text names, in order (case-sensitive: Indonesian
    "minggu" is a week, "Minggu" is Sunday)."""
    with translation.override(language):
        names = {weekday_name(d): d for d in range(7)}
    pattern = r"\b(" + "|".join(names) + r")\b"
    return [names[m] for m in re.findall(pattern, text)]


@st.composite
def weekly_series(draw):
    weekdays = tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1, max_size=7))))
    start = draw(st.dates(date(2027, 1, 1), date(2027, 11, 30)))
    timed = draw(st.booleans())
    base = dates.Schedule(
        start_date=start,
        start_time=time(9) if timed else None,
        end_time=time(12) if timed else None,
        frequency=dates.Frequency.WEEKLY,
        interval=draw(st.integers(1, 3)),
        weekdays=weekdays,
        count=draw(st.integers(2, 24)),
    )
    originals = [span.start.date() for span in dates.expand(base, dates.WIB)]
    exceptions = []
    for day in draw(st.lists(st.sampled_from(originals), unique=True, max_size=6)):
        action = draw(st.sampled_from(list(dates.ExceptionAction)))
        shift = draw(st.integers(-3, 3).filter(bool))
        exceptions.append(
            dates.ScheduleException(
                original_date=day,
                action=action,
                new_date=day + timedelta(days=shift)
                if action == dates.ExceptionAction.MOVE
                else None,
                new_start_time=time(14) if timed else None,
                new_end_time=time(17) if timed else None,
            )
        )
    return dates.Schedule(**{**base.__dict__, "exceptions": tuple(exceptions)})


class ScheduleWordsTests(SimpleTestCase):
    @settings(max_examples=200, deadline=None)
    @given(schedule=weekly_series())
    def test_the_rule_names_only_its_own_weekdays(self, schedule):
        """The rule part names exactly the rule's weekdays; each changed date
        starts with its original day, which is one of the rule's days."""
        spans = dates.expand(schedule, dates.WIB)
        if not spans:
            return
        rule = set(schedule.weekdays)
        for language in LANGUAGES:
            with translation.override(language):
                words = series_words(
                    schedule, spans, spans[0].start.date(), spans[-1].last_day
                )
            rule_part, *changes = words.split("; ")
            self.assertEqual(set(named_weekdays(rule_part, language)), rule, words)
            self.assertEqual(
                len(changes), sum(1 for s in spans if s.cancelled or s.moved), words
            )
            for change in changes:
                self.assertIn(named_weekdays(change, language)[0], rule, change)

    @settings(max_examples=200, deadline=None)
    @given(schedule=weekly_series())
    def test_dates_of_a_month_name_their_own_weekdays(self, schedule):
        """Listing a month's dates, every weekday named is the weekday of one
        of its dates or of a moved date's original day."""
        spans = dates.expand(schedule, dates.WIB)
        if not spans:
            return
        month = spans[0].start.date().replace(day=1)
        in_month = [s for s in spans if s.start.date().replace(day=1) == month]
        real = {s.start.weekday() for s in in_month} | {
            s.original_start.weekday() for s in in_month if s.original_start
        }
        for language in LANGUAGES:
            with translation.override(language):
                words = dates_words(in_month, month)
            self.assertLessEqual(set(named_weekdays(words, language)), real, words)

    def test_rules_in_words(self):
        start = date(2027, 1, 9)  # the second Saturday of January
        table = [
            ({"frequency": "weekly", "weekdays": (5, 6)}, "setiap Sabtu dan Minggu"),
            (
                {"frequency": "weekly", "weekdays": (0, 2, 4), "interval": 2},
                "setiap 2 minggu pada hari Senin, Rabu, dan Jumat",
            ),
            ({"frequency": "monthly"}, "setiap bulan pada tanggal 9"),
            (
                {"frequency": "monthly", "monthly_by": "weekday"},
                "setiap bulan pada Sabtu kedua",
            ),
            ({"frequency": "yearly", "interval": 5}, "setiap 5 tahun"),
            ({}, ""),
        ]
        for fields, expected in table:
            fields = {
                **fields,
                "frequency": dates.Frequency(fields.get("frequency", "")),
                "monthly_by": dates.MonthlyBy(fields.get("monthly_by", "day")),
            }
            with self.subTest(fields), translation.override("id"):
                schedule = dates.Schedule(start_date=start, **fields)
                self.assertEqual(rule_words(schedule), expected)
        with translation.override("en"):
            schedule = dates.Schedule(
                start_date=start,
                frequency=dates.Frequency.MONTHLY,
                monthly_by=dates.MonthlyBy.NTH_WEEKDAY,
                interval=3,
            )
            self.assertEqual(
                rule_words(schedule), "every 3 months on the second Saturday"
            )
