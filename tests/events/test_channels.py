"""Every channel tells the same truth: for the demo province, the upcoming
events and the next start of each are the same on the calendar's list, the
JSON API, RSS, Atom, the province iCal feed (expanded by a calendar client's
library), the year view and the year's CSV export."""

import csv
import io
from datetime import date, datetime, time, timedelta
from urllib.parse import urlparse

from django.contrib.auth.models import User
from django.db.models import F, Q
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

import recurring_ical_events
from bs4 import BeautifulSoup
from defusedxml import ElementTree
from icalendar import Calendar

from events import ical
from events.models import EventIndexPage, EventPage, Occurrence
from tests.demo import load_demo_province

ATOM = "{http://www.w3.org/2005/Atom}"
# Inside the feeds' 12 months, so every channel can show the whole window.
WINDOW = timedelta(days=300)


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment).replace(second=0, microsecond=0)


class ChannelAgreementTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province(with_users=False)
        cls.admin = User.objects.create_superuser("admin.kanal", "k@example.org", "x")

    def setUp(self):
        self.now = timezone.now()
        self.until = self.now + WINDOW
        rows = (
            Occurrence.objects.visible("id")
            .filter(month_only=False, end__gt=self.now, start__lt=self.until)
            .order_by("start", "pk")
            .values_list("event__uid", "start")
        )
        self.expected: dict[str, datetime] = {}
        for uid, start in rows:
            self.expected.setdefault(str(uid), local(start))
        self.by_path = {
            urlparse(e.url).path: str(e.uid)
            for e in EventPage.objects.live().filter(locale__language_code="id")
        }

    def in_window(self, found: dict[str, datetime]) -> dict[str, datetime]:
        return {uid: start for uid, start in found.items() if start < local(self.until)}

    def assert_agrees(self, channel: str, found: dict, dates_only: bool = False):
        expected = self.expected
        if dates_only:
            expected = {uid: start.date() for uid, start in expected.items()}
        self.assertGreater(len(expected), 30)
        self.assertEqual(set(found), set(expected), channel)
        for uid, start in expected.items():
            self.assertEqual(found[uid], start, f"{channel}: {uid}")

    def test_the_calendars_list(self):
        found, page = {}, 1
        calendar = EventIndexPage.objects.get(locale__language_code="id")
        while True:
            response = self.client.get(calendar.url, {"page": page})
            soup = BeautifulSoup(response.content, "html.parser")
            # One-off events as cards, regular activities once at their next date.
            for card in soup.select("article.event-card, article.series-item"):
                uid = self.by_path[card.find("a")["href"]]
                start = datetime.fromisoformat(card.find("time")["datetime"])
                if uid in self.expected or start < local(self.until):
                    found.setdefault(uid, local(start))
            if not soup.find("a", rel="next"):
                break
            page += 1
        month_only = {
            str(uid)
            for uid in EventPage.objects.filter(date_precision="month").values_list(
                "uid", flat=True
            )
        }
        found = {u: s for u, s in found.items() if u not in month_only}
        self.assert_agrees("list", self.in_window(found))

    def test_the_api(self):
        found, page = {}, 1
        while True:
            data = self.client.get(
                reverse("events:api_events"), {"per_page": 100, "page": page}
            ).json()
            for item in data["results"]:
                if not item["month_only"]:
                    start = local(datetime.fromisoformat(item["start"]))
                    found.setdefault(item["uid"], start)
            if not data["next"]:
                break
            page += 1
        self.assert_agrees("API", self.in_window(found))

    def test_rss_and_atom(self):
        """The same events, each once; their next date is in the item's
        title as the calendar says it."""
        rss = ElementTree.fromstring(self.client.get(reverse("events:rss")).content)
        items = {
            i.findtext("guid").removeprefix("urn:uuid:"): i.findtext("title")
            for i in rss.findall("./channel/item")
        }
        atom = ElementTree.fromstring(self.client.get(reverse("events:atom")).content)
        entries = {
            e.findtext(f"{ATOM}id").removeprefix("urn:uuid:")
            for e in atom.findall(f"{ATOM}entry")
        }
        in_window = set(self.expected)
        self.assertLessEqual(in_window, set(items))
        self.assertLessEqual(in_window, entries)
        self.assertEqual(set(items), entries)
        for uid, start in self.expected.items():
            with self.subTest(uid=uid):
                self.assertRegex(items[uid], rf"\b{start.day}\b")

    def test_the_province_ical_feed(self):
        calendar = Calendar.from_ical(self.client.get(reverse("events:feed")).content)
        found = {}
        occurrences = recurring_ical_events.of(calendar).between(self.now, self.until)
        for component in sorted(occurrences, key=lambda c: c["DTSTART"].dt.isoformat()):
            start = component["DTSTART"].dt
            if not isinstance(start, datetime):
                start = datetime.combine(
                    start, datetime.min.time(), timezone.get_default_timezone()
                )
            uid = ical.event_uid(str(component["UID"]))
            found[uid] = min(found.get(uid, local(start)), local(start))
        self.assert_agrees("iCal", found)

    def years(self) -> list[int]:
        return list(
            range(timezone.localdate(self.now).year, local(self.until).year + 1)
        )

    def listed_uids(self) -> set[str]:
        """The events the year view lists in full, read from the pages: the
        major ones (a highlight, a KEN nomination or several days) and the
        anjungan programmes (a recurring event at a pavilion)."""
        pages = EventPage.objects.live().filter(locale__language_code="id")
        major = (
            Q(highlight=True)
            | Q(ken_nominated=True)
            | Q(end_date__gt=F("start_date"), date_precision="exact")
            # A date from another calendar over several days (Sekura, 1–6 Syawal).
            | Q(rule_days__gt=1) & ~Q(calendar_rule="")
        )
        programme = Q(venue__parent__isnull=False) & ~Q(recurrence_frequency="")
        return {
            str(u)
            for u in pages.filter(major | programme).values_list("uid", flat=True)
        }

    def test_the_year_view(self):
        """The year view lists every major event (and every anjungan
        programme) at its next date as the other channels say, and counts
        each month's events as the year's CSV export lists them."""
        found = {}
        calendar = EventIndexPage.objects.get(locale__language_code="id")
        self.client.force_login(self.admin)
        for year in self.years():
            response = self.client.get(f"{calendar.url}{year}/")
            months = response.context["months"]
            programmes = response.context["programmes"]
            spans = [
                *((e.uid, span) for m in months for e in m.dated for span in e.spans),
                *((p.entry.uid, span) for p in programmes for span in p.spans),
            ]
            for uid, span in spans:
                if span.end > self.now:
                    start = local(span.start)
                    found[uid] = min(found.get(uid, start), start)
            body = self.client.get(
                reverse("events_year_export"), {"year": year, "format": "csv"}
            ).content.decode("utf-8-sig")
            rows = list(csv.DictReader(io.StringIO(body)))
            for month in months:
                with self.subTest(month=month.month):
                    in_export = {
                        r["uid"] for r in rows if r["month"] == f"{month.month:%Y-%m}"
                    }
                    self.assertEqual(month.total, len(in_export))
        found = self.in_window(found)
        listed = self.listed_uids()
        expected = {uid: s for uid, s in self.expected.items() if uid in listed}
        self.assertGreater(len(expected), 15)
        self.assertEqual(set(found), set(expected), "year view")
        for uid, start in expected.items():
            self.assertEqual(found[uid], start, f"year view: {uid}")

    def test_the_csv_export(self):
        self.client.force_login(self.admin)
        now = timezone.localtime(self.now)
        found = {}
        for year in self.years():
            body = self.client.get(
                reverse("events_year_export"), {"year": year, "format": "csv"}
            ).content.decode("utf-8-sig")
            for row in csv.DictReader(io.StringIO(body)):
                if row["date_precision"] != "exact":
                    continue
                # The row's times are its dates' (a moved date at another
                # time is not among today's).
                ends = time.fromisoformat(row["end_time"] or "23:59")
                for cell in row["dates"].split("; "):
                    day = date.fromisoformat(cell.split(" ")[0])
                    last = date.fromisoformat(row["end_date"])
                    if len(row["dates"].split("; ")) > 1:
                        last = day
                    if (last, ends) > (now.date(), now.time()):
                        found[row["uid"]] = min(found.get(row["uid"], day), day)
        until = local(self.until).date()
        found = {uid: day for uid, day in found.items() if day < until}
        self.assert_agrees("CSV", found, dates_only=True)
