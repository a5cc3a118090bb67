"""PKOR Way Halim's board, seen on a Sunday afternoon: what is still on today,
the rolling 7 days from today, and the programme with each event once."""

from datetime import date, datetime, time
from urllib.parse import parse_qs, urlparse

from django.test import TestCase
from django.utils import timezone

from bs4 import BeautifulSoup

from core.colours import PALETTE
from tests.events.clock import frozen
from tests.events.factories import calendar_tree, live_event

WIB = timezone.get_default_timezone()
SUNDAY_AFTERNOON = datetime(2027, 7, 4, 15, tzinfo=WIB)


class VenueBoardTests(TestCase):
    """Weekly activities at two anjungan, seen on Sunday 4 July 2027 at 15:00."""

    @classmethod
    def setUpTestData(cls):
        tree = cls.tree = calendar_tree()
        lambar, pesibar = tree.folders["lampung-barat"], tree.folders["pesisir-barat"]
        weekly = {"recurrence_frequency": "weekly", "recurrence_count": 10}
        live_event(
            pesibar,
            title="Malam Gamolan",
            start_date=date(2027, 6, 27),
            start_time=time(19),
            end_time=time(21),
            venue=tree.anjungan["pesisir-barat"],
            **weekly,
        )
        live_event(
            lambar,
            title="Senam Pagi",
            start_date=date(2027, 6, 27),
            start_time=time(6),
            end_time=time(7, 30),
            venue=tree.anjungan["lampung-barat"],
            **weekly,
        )
        live_event(
            lambar,
            title="Kelas Tapis",
            start_date=date(2027, 6, 28),
            start_time=time(15, 30),
            end_time=time(17, 30),
            venue=tree.anjungan["lampung-barat"],
            **weekly,
        )
        live_event(
            pesibar,
            title="Pentas Sabtu",
            start_date=date(2027, 7, 3),
            start_time=time(19, 30),
            end_time=time(21, 30),
            venue=tree.anjungan["pesisir-barat"],
            **weekly,
        )
        live_event(
            lambar,
            title="Lomba Layang",
            start_date=date(2027, 7, 11),
            venue=tree.anjungan["lampung-barat"],
        )

    def setUp(self):
        with frozen(SUNDAY_AFTERNOON):
            self.response = self.client.get(self.tree.pkor_page.url)
        self.soup = BeautifulSoup(self.response.content, "html.parser")

    def test_today_lists_sunday_evening_not_the_morning_over(self):
        """At 15:00 on Sunday, today is Sunday evening's activity; the morning
        one is over and is not listed."""
        today = [occ.event.title for occ in self.response.context["today"]]
        self.assertEqual(today, ["Malam Gamolan"])
        section = self.soup.select_one("section.today")
        self.assertIn("Hari ini", section.h2.get_text())
        self.assertIn("Minggu, 4 Juli 2027", section.h2.get_text())
        item = section.select_one(".board-list__item")
        self.assertEqual(item.select_one("time").get_text(), "19.00–21.00")
        # The anjungan is named in text; its regency's colour only marks it.
        self.assertIn("Anjungan Pesisir Barat", item.get_text())
        regency = self.tree.regencies["pesisir-barat"]
        self.assertIn(PALETTE[regency.theme].primary, item["style"])
        self.assertNotIn("Senam Pagi", section.get_text())

    def test_the_week_runs_from_today_to_six_days_after(self):
        """The board holds Sunday 4 to Saturday 10 July: Monday to Saturday
        after the Sunday, not the empty rest of a calendar week."""
        days = self.response.context["board_days"]
        self.assertEqual(
            [d.day for d in days], [date(2027, 7, day) for day in range(4, 11)]
        )
        on_board = {
            d.day.day: [
                (cell.venue.name, occ.event.title)
                for cell in d.cells
                for occ in cell.occurrences
            ]
            for d in days
        }
        self.assertEqual(
            on_board,
            {
                4: [("Anjungan Pesisir Barat", "Malam Gamolan")],
                5: [("Anjungan Lampung Barat", "Kelas Tapis")],
                6: [],
                7: [],
                8: [],
                9: [],
                10: [("Anjungan Pesisir Barat", "Pentas Sabtu")],
            },
        )
        headings = [
            h.get_text(" ", strip=True) for h in self.soup.select(".board__day h3")
        ]
        self.assertEqual(headings[0], "Minggu 4 Juli (hari ini)")
        self.assertEqual(headings[-1], "Sabtu 10 Juli")
        self.assertEqual(
            [
                d.select_one(".board__empty") is not None
                for d in self.soup.select(".board__day")
            ],
            [False, False, True, True, True, True, False],
        )

    def test_the_board_grid_has_a_row_per_anjungan(self):
        """Each cell names its anjungan in text and sits on that anjungan's
        row of the grid at wide widths."""
        rows = [venue.name for venue in self.response.context["board_rows"]]
        self.assertEqual(rows, ["Anjungan Lampung Barat", "Anjungan Pesisir Barat"])
        cells = self.soup.select(".board__cell")
        self.assertEqual(
            [
                (c.select_one(".board__venue").get_text(), c["style"].split(";")[0])
                for c in cells
            ],
            [
                ("Anjungan Pesisir Barat", "--row: 2"),
                ("Anjungan Lampung Barat", "--row: 1"),
                ("Anjungan Pesisir Barat", "--row: 2"),
            ],
        )

    def test_the_programme_lists_each_event_once_by_anjungan(self):
        """Each weekly activity appears once, with its rule in words and its
        next date; the one-off event by its date."""
        programme = {
            venue.name: [
                (e.occurrence.event.title, e.rule, e.occurrence.local_start.date())
                for e in entries
            ]
            for venue, _page, entries in self.response.context["programme"]
        }
        self.assertEqual(
            programme,
            {
                "Anjungan Lampung Barat": [
                    (
                        "Kelas Tapis",
                        "Setiap Senin, pukul 15.30–17.30 WIB",
                        date(2027, 7, 5),
                    ),
                    (
                        "Senam Pagi",
                        "Setiap Minggu, pukul 06.00–07.30 WIB",
                        date(2027, 7, 11),
                    ),
                    ("Lomba Layang", "", date(2027, 7, 11)),
                ],
                "Anjungan Pesisir Barat": [
                    (
                        "Malam Gamolan",
                        "Setiap Minggu, pukul 19.00–21.00 WIB",
                        date(2027, 7, 4),
                    ),
                    (
                        "Pentas Sabtu",
                        "Setiap Sabtu, pukul 19.30–21.30 WIB",
                        date(2027, 7, 10),
                    ),
                ],
            },
        )
        section = self.soup.select_one("section.programme")
        titles = [li.a.get_text() for li in section.select(".programme__list > li")]
        self.assertEqual(sorted(titles), sorted(set(titles)))
        self.assertEqual(len(titles), 5)
        heading = section.select_one("h3 a")
        self.assertEqual(heading["href"], self.tree.pavilions["lampung-barat"].url)
        text = " ".join(section.get_text(" ").split())
        self.assertIn(
            "Senam Pagi Setiap Minggu, pukul 06.00–07.30 WIB Berikutnya: Minggu, 11 Juli 2027",
            text,
        )

    def test_share_links_are_plain_links(self):
        """Copy the page's address, or share it on WhatsApp through a wa.me
        link: nothing is loaded from WhatsApp until the visitor follows it."""
        url = self.tree.pkor_page.get_full_url()
        copy = self.soup.select_one(".share button[data-copy]")
        self.assertEqual(copy["data-copy"], url)
        whatsapp = self.soup.select_one(".share a")
        parts = urlparse(whatsapp["href"])
        self.assertEqual(
            (parts.scheme, parts.netloc, parts.path), ("https", "wa.me", "/")
        )
        self.assertEqual(parse_qs(parts.query)["text"], [f"PKOR Way Halim {url}"])
        for tag in self.soup.find_all(src=True):
            self.assertFalse(tag["src"].startswith("http"), tag)
