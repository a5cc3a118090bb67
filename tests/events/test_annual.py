"""The public year view and the pure shaping of the year's entries."""

from datetime import date, datetime, time, timedelta

from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import WorkflowState

from events import annual, dates, planning
from events.annual import EntrySpan, YearEntry
from events.dates import WIB
from events.models import Occurrence

from ..demo import load_demo_province
from .annual_data import folder_of, make_event

YEAR = 2027  # the demo province is loaded as on 27 November 2026


def at(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), WIB)


def entry(title: str, month: date, spans, **fields) -> YearEntry:
    values = {
        "event_id": abs(hash(title)) % 10_000,
        "uid": f"uid-{title}",
        "title": title,
        "url": f"/agenda/{title}/",
        "full_url": f"http://testserver/agenda/{title}/",
        "month": month,
        "spans": tuple(spans),
        "regency_slug": "lampung-barat",
        "regency_name": "Kabupaten Lampung Barat",
        "regency_code": "18.04",
        "venue": "",
        "venue_address": "",
        "at_anjungan": False,
        "category": "culture",
        "category_label": "culture and custom",
        "summary": "",
        "status": "scheduled",
        "status_label": "scheduled",
        "status_reason": "",
    }
    recurring = fields.pop("recurring", False)
    values["schedule"] = dates.Schedule(
        start_date=values["spans"][0].start.date() if spans else month,
        start_time=time(19),
        end_time=time(21),
        frequency=dates.Frequency.WEEKLY if recurring else dates.Frequency.NONE,
    )
    values.update(fields)
    return YearEntry(**values)


def day_span(day: date, hours=(19, 21), **kwargs) -> EntrySpan:
    return EntrySpan(at(day, hours[0]), at(day, hours[1]), all_day=False, **kwargs)


def demo_year(language: str = "id"):
    """The demo's occurrences of YEAR in `language`, as the public sees them."""
    return Occurrence.objects.visible(language).in_year(YEAR)


def events_by_month(occurrences) -> dict[int, set[int]]:
    """The events starting in each month, counted here row by row."""
    months: dict[int, set[int]] = {n: set() for n in range(1, 13)}
    for event_id, start in occurrences.values_list("event_id", "start"):
        months[timezone_month(start).month].add(event_id)
    return months


class YearViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province(with_users=False)
        make_event(
            folder_of("lampung-barat"), "Festival Draf 2027", date(YEAR, 8, 1), "draft"
        )

    def get_year(self, year=YEAR, **params):
        return self.client.get(f"/agenda/{year}/", params)

    def all_entries(self, response):
        return [
            *(
                e
                for month in response.context["months"]
                for e in (*month.dated, *month.programmes, *month.to_be_announced)
            ),
            *(p.entry for p in response.context["programmes"]),
        ]

    def test_year_view_leads_with_the_years_major_events_month_by_month(self):
        """Twelve months, each with every major event starting in it (not the
        anjungan programmes, listed once for the year) and the count of all
        its events, linked to its month grid."""
        response = self.get_year()
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "events/year.html")
        months = response.context["months"]
        self.assertEqual(
            [m.month for m in months], [date(YEAR, n, 1) for n in range(1, 13)]
        )
        majors = annual.major_events(demo_year()).exclude(
            venue__parent__isnull=False, event__recurrence_frequency__gt=""
        )
        expected = {
            (str(uid), f"{timezone_month(start):%Y-%m}")
            for uid, start in majors.values_list("event__uid", "start")
        }
        shown = {e.key for m in months for e in (*m.dated, *m.to_be_announced)}
        self.assertEqual(shown, expected)
        self.assertGreater(len({uid for uid, _m in expected}), 15)
        self.assertIn("Festival Krakatau", response.content.decode())
        self.assertNotContains(response, "Festival Draf 2027")
        counted = events_by_month(demo_year())
        for month in months:
            with self.subTest(month.month):
                number = month.month.month
                self.assertEqual(month.total, len(counted[number]))
                self.assertEqual(month.others, month.total - month.count)
                grid = f"/agenda/{YEAR}/{number}/"
                self.assertEqual(month.url, grid)
                if month.total:
                    self.assertContains(response, f'href="{grid}"')
                for item in month.dated:
                    self.assertEqual(item.month, month.month)
                    self.assertFalse(item.programme)
        self.assertEqual(
            response.context["event_count"],
            demo_year().values("event_id").distinct().count(),
        )

    def test_anjungan_programmes_are_listed_once_for_the_year(self):
        """A weekly anjungan programme is one item of the year's programmes,
        never an entry under each month."""
        response = self.get_year()
        programmes = response.context["programmes"]
        titles = [p.entry.title for p in programmes]
        self.assertIn("Latihan Tari Bedana Terbuka", titles)
        self.assertEqual(len(titles), len(set(titles)))
        self.assertEqual(response.context["programmes_left"], 0)
        for month in response.context["months"]:
            self.assertEqual(month.programmes, ())
        html = response.content.decode()
        self.assertEqual(html.count("Latihan Tari Bedana Terbuka</a>"), 1)

    def test_each_month_says_what_it_does_not_list(self):
        """January holds only anjungan programmes: none listed, its count and
        a link to its grid; July lists its festivals and links the rest."""
        response = self.get_year()
        january, july = response.context["months"][0], response.context["months"][6]
        self.assertEqual(january.count, 0)
        self.assertGreater(january.others, 0)
        with translation.override("id"):
            self.assertContains(response, f"{january.others} acara, tidak ada")
            self.assertContains(response, "Festival Krakatau")
        self.assertGreater(july.count, 0)

    def test_month_only_events_are_under_their_month_without_a_day(self):
        """A month-only event is listed under its month as "date to be
        announced", never among the dated events and never on a made-up day."""
        response = self.get_year()
        may = response.context["months"][4]
        fair = [e for e in may.to_be_announced if e.title.startswith("Lampung Fair")]
        self.assertEqual(len(fair), 1)
        with translation.override("id"):
            expected = gettext("%(month)s, date to be announced") % {
                "month": "Mei 2027"
            }
        self.assertEqual(fair[0].when, expected)
        for month in response.context["months"]:
            self.assertNotIn(
                fair[0].key, {e.key for e in (*month.dated, *month.programmes)}
            )
        self.assertContains(response, expected)
        self.assertNotContains(response, "1 Mei 2027")

    def test_filters_work_like_the_calendar(self):
        """Regency, category and venue filters narrow the year, its counts and
        its month links; a bad value is reported in the form, not an error."""
        response = self.get_year(regency="lampung-timur")
        by_regency = self.all_entries(response)
        self.assertGreater(len(by_regency), 0)
        self.assertEqual({e.regency_slug for e in by_regency}, {"lampung-timur"})
        counted = events_by_month(demo_year().filter(regency__slug="lampung-timur"))
        self.assertEqual(
            [m.total for m in response.context["months"]],
            [len(counted[n]) for n in range(1, 13)],
        )
        self.assertEqual(
            response.context["months"][10].url,
            f"/agenda/{YEAR}/11/?regency=lampung-timur",
        )
        by_category = self.all_entries(self.get_year(category="sport_tourism"))
        self.assertGreater(len(by_category), 0)
        self.assertEqual({e.category for e in by_category}, {"sport_tourism"})
        province = self.all_entries(self.get_year(regency="provinsi"))
        self.assertEqual({e.regency_slug for e in province}, {""})
        response = self.get_year(regency="atlantis")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)

    def test_year_view_uses_a_constant_number_of_queries(self):
        """Many more events in the year, major ones among them, add rows and
        counts, not queries."""
        self.get_year()
        with CaptureQueriesContext(connection) as before:
            first = self.get_year()
        # Counted now: the connection's query log is a bounded ring.
        queries = len(before)
        self.assertGreater(queries, 5)
        folders = [
            folder_of(slug) for slug in ("lampung-barat", "mesuji", "metro", None)
        ]
        for i in range(12):
            extra = {"end_date": date(YEAR, 1 + i, 12)} if i % 3 == 0 else {}
            make_event(
                folders[i % len(folders)],
                f"Acara Tambahan {i}",
                date(YEAR, 1 + i, 10),
                "approved",
                start_time=time(9, 0),
                **extra,
            )
        self.get_year()
        with self.assertNumQueries(queries):
            second = self.get_year()
        self.assertEqual(
            second.context["event_count"], first.context["event_count"] + 12
        )
        self.assertEqual(
            second.context["major_count"], first.context["major_count"] + 4
        )

    def test_the_page_is_bounded_whatever_the_month_holds(self):
        """Past its limit of major occurrences a month lists its first ones
        and counts the rest among the others; the programmes likewise."""
        folder = folder_of("mesuji")
        for day in range(1, 6):
            make_event(
                folder,
                f"Festival Panjang {day}",
                date(YEAR, 12, day),
                "approved",
                end_date=date(YEAR, 12, day + 2),
            )
        overview = annual.year_overview(
            demo_year(), YEAR, major_rows=2, programmes_shown=3
        )
        december = [e for e in overview["major_entries"] if e.month.month == 12]
        self.assertEqual(
            [e.title for e in december], ["Festival Panjang 1", "Festival Panjang 2"]
        )
        self.assertEqual(overview["counts"].months[12], 5)
        self.assertEqual(len(overview["programmes"]), 3)
        self.assertEqual(overview["programme_count"], 12)
        (section,) = [
            m
            for m in annual.month_sections(
                YEAR, overview["major_entries"], overview["counts"].months
            )
            if m.month.month == 12
        ]
        self.assertEqual((section.count, section.others), (2, 3))

    def test_years_outside_the_calendar_are_not_found(self):
        """Only years the calendar can hold have a page."""
        self.assertEqual(self.get_year(1999).status_code, 404)
        self.assertEqual(self.get_year(2101).status_code, 404)
        self.assertEqual(self.get_year(2035).status_code, 200)

    def test_year_view_links_the_booklet_and_the_neighbouring_years(self):
        response = self.get_year()
        self.assertContains(response, f'href="/agenda/{YEAR}/booklet/"')
        self.assertContains(response, f'href="/agenda/{YEAR - 1}/"')
        self.assertContains(response, f'href="/agenda/{YEAR + 1}/"')


class MajorEventTests(TestCase):
    """The one rule for a major event (`annual.major_events`)."""

    @classmethod
    def setUpTestData(cls):
        load_demo_province(with_users=False)
        folder = folder_of("tanggamus")
        cls.plain = make_event(folder, "Lomba Biasa", date(YEAR, 9, 5), "approved")
        cls.long = make_event(
            folder,
            "Festival Tiga Hari",
            date(YEAR, 9, 6),
            "approved",
            end_date=date(YEAR, 9, 8),
        )
        cls.highlighted = make_event(
            folder, "Pawai Utama", date(YEAR, 9, 9), "approved", highlight=True
        )
        cls.nominated = make_event(
            folder, "Pentas KEN", date(YEAR, 9, 10), "approved", ken_nominated=True
        )
        cls.tba = make_event(
            folder, "Kirab Belum Pasti", date(YEAR, 9, 1), "approved", month_only=True
        )

    def test_highlights_nominations_and_events_over_several_days_are_major(self):
        """A month whose dates are to be announced runs over several days: a
        coming event worth planning for, listed under its month."""
        majors = set(
            annual.major_events(demo_year()).values_list("event_id", flat=True)
        )
        self.assertLessEqual(
            {self.long.pk, self.highlighted.pk, self.nominated.pk, self.tba.pk},
            majors,
        )
        self.assertNotIn(self.plain.pk, majors)

    def test_a_nomination_makes_the_translation_major_too(self):
        """The English year lists a nominated event in English or, untranslated,
        in Indonesian: found by its translation key, not its page."""
        majors = set(
            annual.major_events(demo_year("en")).values_list(
                "translation_key", flat=True
            )
        )
        self.assertIn(self.nominated.translation_key, majors)


def timezone_month(moment: datetime) -> date:
    return moment.astimezone(WIB).date().replace(day=1)


class ShapingTests(SimpleTestCase):
    def test_touches_year(self):
        """An event counts for a year it starts in, runs into or repeats in."""
        table = [
            ("starts in the year", date(2028, 3, 1), None, "", None, True),
            ("starts the year after", date(2029, 1, 1), None, "", None, False),
            ("ended the year before", date(2027, 5, 1), None, "", None, False),
            (
                "runs into the year",
                date(2027, 12, 30),
                date(2028, 1, 2),
                "",
                None,
                True,
            ),
            (
                "series into the year",
                date(2027, 6, 1),
                None,
                "weekly",
                date(2028, 2, 1),
                True,
            ),
            (
                "series ended before",
                date(2027, 6, 1),
                None,
                "weekly",
                date(2027, 9, 1),
                False,
            ),
            ("series ended by a count", date(2027, 6, 1), None, "weekly", None, True),
        ]
        for label, start, end, frequency, until, expected in table:
            with self.subTest(label):
                self.assertIs(
                    planning.touches_year(2028, start, end, frequency, until), expected
                )

    def test_event_state(self):
        """Live is approved; otherwise the active workflow decides."""
        table = [
            (True, set(), "approved"),
            (True, {WorkflowState.STATUS_IN_PROGRESS}, "approved"),
            (False, {WorkflowState.STATUS_IN_PROGRESS}, "pending"),
            (False, {WorkflowState.STATUS_NEEDS_CHANGES}, "rejected"),
            (False, {WorkflowState.STATUS_CANCELLED}, "draft"),
            (False, set(), "draft"),
        ]
        for live, statuses, expected in table:
            with self.subTest(live=live, statuses=statuses):
                self.assertEqual(planning.event_state(live, statuses), expected)

    def test_weekly_programme_dates_in_a_month(self):
        """Several occurrences in a month read as their days, weekday and time."""
        saturdays = [date(2026, 12, d) for d in (5, 12, 19, 26)]
        item = entry("Tari", date(2026, 12, 1), [day_span(d) for d in saturdays])
        with translation.override("id"):
            self.assertEqual(
                item.when, "Sabtu 5, 12, 19, 26 Desember 2026, pukul 19.00–21.00 WIB"
            )
        with translation.override("en"):
            self.assertEqual(
                item.when, "Saturday 5, 12, 19, 26 December 2026, 7:00 pm–9:00 pm WIB"
            )

    def test_month_sections_place_each_entry(self):
        """Dated, anjungan programme and month-only entries each go to their
        list, in all twelve months."""
        march = date(2027, 3, 1)
        dated = entry("Megou Pak", march, [day_span(date(2027, 3, 15))])
        programme = entry(
            "Tari",
            march,
            [day_span(date(2027, 3, 6)), day_span(date(2027, 3, 13))],
            at_anjungan=True,
            recurring=True,
        )
        tba = entry(
            "Sekura",
            march,
            [EntrySpan(at(march), at(date(2027, 4, 1)), all_day=True, month_only=True)],
        )
        sections = annual.month_sections(2027, [dated, programme, tba])
        self.assertEqual(len(sections), 12)
        self.assertEqual(sections[2].dated, (dated,))
        self.assertEqual(sections[2].programmes, (programme,))
        self.assertEqual(sections[2].to_be_announced, (tba,))
        self.assertEqual(sum(s.count for s in sections), 3)

    def test_programmes_over_the_year(self):
        """A programme spans its months: first and last day, weekdays, and
        cancelled occurrences counted apart."""
        spans_jan = [
            day_span(date(2027, 1, 2)),
            day_span(date(2027, 1, 9), cancelled=True),
        ]
        spans_feb = [day_span(date(2027, 2, 6))]
        common = {"at_anjungan": True, "recurring": True, "event_id": 7}
        jan = entry("Tari", date(2027, 1, 1), spans_jan, **common)
        feb = entry("Tari", date(2027, 2, 1), spans_feb, **common)
        (programme,) = annual.programmes_of([jan, feb])
        self.assertEqual(
            (programme.first_day, programme.last_day),
            (date(2027, 1, 2), date(2027, 2, 6)),
        )
        self.assertEqual((programme.count, programme.cancelled), (2, 1))
        with translation.override("id"):
            self.assertEqual(
                programme.when,
                "setiap Sabtu, pukul 19.00–21.00 WIB · 2 Januari – 6 Februari 2027; "
                "Sabtu 9 Januari dibatalkan",
            )
        self.assertEqual(programme.anchor, "p7")

    def test_a_moved_date_adds_no_weekday_to_the_rule(self):
        """Regression: a weekly Saturday activity with one date moved to
        Sunday was printed "setiap Sabtu, Minggu" (every Saturday and
        Sunday). The rule keeps its weekday; the move is named."""
        moved = EntrySpan(
            at(date(2027, 1, 24), 14),
            at(date(2027, 1, 24), 17),
            all_day=False,
            moved=True,
            original_start=at(date(2027, 1, 23), 19),
        )
        spans = [day_span(date(2027, 1, 16)), moved, day_span(date(2027, 1, 30))]
        common = {"at_anjungan": True, "recurring": True, "event_id": 8}
        jan = entry("Tari", date(2027, 1, 1), spans, **common)
        (programme,) = annual.programmes_of([jan])
        with translation.override("id"):
            self.assertEqual(
                programme.when,
                "setiap Sabtu, pukul 19.00–21.00 WIB · 16–30 Januari 2027; "
                "Sabtu 23 Januari pindah ke Minggu 24 Januari, pukul 14.00–17.00 WIB",
            )
            self.assertEqual(
                jan.when,
                "Sabtu 16, Minggu 24 (pukul 14.00–17.00 WIB, pindah dari Sabtu 23 "
                "Januari), Sabtu 30 Januari 2027, pukul 19.00–21.00 WIB",
            )
        with translation.override("en"):
            self.assertEqual(
                programme.when,
                "every Saturday, 7:00 pm–9:00 pm WIB · 16–30 January 2027; "
                "Saturday 23 January moved to Sunday 24 January, 2:00 pm–5:00 pm WIB",
            )

    def test_regency_index_points_at_first_listings(self):
        """Province first, then regencies by name; each event once, at its
        first month."""
        a = entry("Zapin", date(2027, 5, 1), [day_span(date(2027, 5, 2))], event_id=1)
        a_later = entry(
            "Zapin", date(2027, 6, 1), [day_span(date(2027, 6, 2))], event_id=1
        )
        b = entry(
            "Krakatau",
            date(2027, 7, 1),
            [day_span(date(2027, 7, 4))],
            event_id=2,
            regency_slug="",
            regency_name="Provinsi Lampung",
        )
        c = entry(
            "Abung",
            date(2027, 8, 1),
            [day_span(date(2027, 8, 4))],
            event_id=3,
            regency_slug="lampung-utara",
            regency_name="Kabupaten Lampung Utara",
        )
        groups = annual.regency_index([a, a_later, b, c], [])
        self.assertEqual(
            [g.name for g in groups],
            ["Provinsi Lampung", "Kabupaten Lampung Barat", "Kabupaten Lampung Utara"],
        )
        self.assertEqual(groups[1].items, (("Zapin", "e1-202705"),))

    def test_month_only_entry_has_no_day(self):
        march = date(2027, 3, 1)
        tba = entry(
            "Sekura",
            march,
            [
                EntrySpan(
                    at(march),
                    at(march + timedelta(days=31)),
                    all_day=True,
                    month_only=True,
                )
            ],
        )
        with translation.override("en"):
            self.assertEqual(tba.when, "March 2027, date to be announced")
