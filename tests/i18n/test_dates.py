"""Event dates read naturally in each language: "Sabtu, 12 Juli 2027, pukul
19.00 WIB" and "Saturday 12 July 2027, 7:00 pm WIB"."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase
from django.utils import translation

from events.formatting import when
from events.models import Occurrence

WIB = ZoneInfo("Asia/Jakarta")


def occurrence(start, end=None, all_day=False, month_only=False):
    return Occurrence(
        start=start, end=end or start, all_day=all_day, month_only=month_only
    )


class WhenTests(SimpleTestCase):
    def test_dates_and_times_in_both_languages(self):
        """One table of occurrences, worded in Indonesian and in English."""
        evening = datetime(2027, 7, 10, 19, 0, tzinfo=WIB)
        cases = [
            (
                "one time",
                occurrence(datetime(2027, 6, 12, 19, 0, tzinfo=WIB)),
                "Sabtu, 12 Juni 2027, pukul 19.00 WIB",
                "Saturday 12 June 2027, 7:00 pm WIB",
            ),
            (
                "time range",
                occurrence(evening, evening + timedelta(hours=2, minutes=30)),
                "Sabtu, 10 Juli 2027, pukul 19.00–21.30 WIB",
                "Saturday 10 July 2027, 7:00 pm–9:30 pm WIB",
            ),
            (
                "morning",
                occurrence(datetime(2027, 7, 11, 8, 5, tzinfo=WIB)),
                "Minggu, 11 Juli 2027, pukul 08.05 WIB",
                "Sunday 11 July 2027, 8:05 am WIB",
            ),
            (
                "noon and midnight",
                occurrence(
                    datetime(2027, 7, 12, 12, 0, tzinfo=WIB),
                    datetime(2027, 7, 12, 23, 59, tzinfo=WIB),
                ),
                "Senin, 12 Juli 2027, pukul 12.00–23.59 WIB",
                "Monday 12 July 2027, 12:00 pm–11:59 pm WIB",
            ),
            (
                "all day",
                occurrence(
                    datetime(2027, 8, 17, tzinfo=WIB),
                    datetime(2027, 8, 18, tzinfo=WIB),
                    all_day=True,
                ),
                "Selasa, 17 Agustus 2027",
                "Tuesday 17 August 2027",
            ),
            (
                "several days",
                occurrence(
                    datetime(2027, 7, 4, tzinfo=WIB),
                    datetime(2027, 7, 7, tzinfo=WIB),
                    all_day=True,
                ),
                "4–6 Juli 2027",
                "4–6 July 2027",
            ),
            (
                "across months",
                occurrence(
                    datetime(2027, 6, 30, tzinfo=WIB),
                    datetime(2027, 7, 3, tzinfo=WIB),
                    all_day=True,
                ),
                "30 Juni – 2 Juli 2027",
                "30 June – 2 July 2027",
            ),
            (
                "month only",
                occurrence(datetime(2027, 9, 1, tzinfo=WIB), month_only=True),
                "September 2027, tanggal menyusul",
                "September 2027, date to be announced",
            ),
        ]
        for label, occ, indonesian, english in cases:
            for language, expected in (("id", indonesian), ("en", english)):
                with (
                    self.subTest(label, language=language),
                    translation.override(language),
                ):
                    self.assertEqual(when(occ), expected)

    def test_times_are_shown_in_wib_whatever_the_stored_zone(self):
        """A UTC moment is shown in Western Indonesia Time."""
        moment = datetime(2027, 7, 10, 12, 0, tzinfo=ZoneInfo("UTC"))
        with translation.override("id"):
            self.assertEqual(
                when(occurrence(moment)), "Sabtu, 10 Juli 2027, pukul 19.00 WIB"
            )
