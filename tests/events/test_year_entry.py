"""One entry of the year's list (templates/components/year_entry.html), as the
year view and the booklet show it, and the booklet's fingerprint covering it."""

import re
import shutil
import tempfile
from datetime import date, datetime, time
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.test import SimpleTestCase, override_settings

from events import booklet, dates
from events.annual import EntrySpan, YearEntry
from events.dates import WIB

COMPONENT = "components/year_entry.html"


def year_entry(**fields) -> YearEntry:
    start = datetime(2027, 7, 4, 19, 0, tzinfo=WIB)
    values = {
        "event_id": 7,
        "uid": "uid-7",
        "title": "Festival Krakatau",
        "url": "/agenda/provinsi/festival-krakatau/",
        "full_url": "http://testserver/agenda/provinsi/festival-krakatau/",
        "month": date(2027, 7, 1),
        "spans": (EntrySpan(start, start.replace(hour=21), all_day=False),),
        "regency_slug": "",
        "regency_name": "Provinsi Lampung",
        "regency_code": "18",
        "venue": "PKOR Way Halim",
        "venue_address": "",
        "at_anjungan": False,
        "schedule": dates.Schedule(
            start_date=date(2027, 7, 4), start_time=time(19), end_time=time(21)
        ),
        "category": "culture",
        "category_label": "budaya dan adat",
        "summary": "Karnaval budaya tahunan.",
        "status": "postponed",
        "status_label": "ditunda",
        "status_reason": "Menunggu cuaca",
    }
    values.update(fields)
    return YearEntry(**values)


def render(**context) -> str:
    return re.sub(r"\s*\n\s*", "", render_to_string(COMPONENT, context))


class YearEntryComponentTests(SimpleTestCase):
    def test_year_view_entry_links_its_title_and_tags_its_status(self):
        """In the year view an entry is a list item whose title links to the
        event, with the status as a tag in the heading."""
        html = render(entry=year_entry(), kind="dated", heading_level=3)
        self.assertEqual(
            html,
            '<li class="year-entry" id="e7-202707">'
            '<p class="year-entry__when">'
            f"{year_entry().when}</p>"
            '<h3 class="year-entry__title">'
            '<a href="/agenda/provinsi/festival-krakatau/">Festival Krakatau</a>'
            ' <span class="status-tag">ditunda</span></h3>'
            '<p class="year-entry__meta">Provinsi Lampung · PKOR Way Halim'
            " · budaya dan adat</p>"
            '<p class="year-entry__summary">Karnaval budaya tahunan.</p></li>',
        )

    def test_booklet_entry_has_no_link_and_states_the_reason(self):
        """In the booklet an entry is an article; the title is plain text and
        the status has its own line with its reason."""
        html = render(entry=year_entry(), kind="tba", heading_level=3, booklet=True)
        self.assertIn('<article class="event event--tba" id="e7-202707">', html)
        self.assertIn('<h3 class="event__title">Festival Krakatau</h3>', html)
        self.assertIn('<p class="event__status">ditunda: Menunggu cuaca</p>', html)
        self.assertNotIn("<a ", html)

    def test_programmes_are_compact_in_the_year_view(self):
        """An anjungan programme: a fourth-level heading, no status, no
        regency or summary in the year view; the booklet names the regency."""
        entry = year_entry(venue="Anjungan Tanggamus", regency_name="Tanggamus")
        html = render(entry=entry, kind="programme", heading_level=4)
        self.assertIn("<h4 ", html)
        self.assertNotIn("status-tag", html)
        self.assertNotIn("summary", html)
        self.assertIn(
            '<p class="year-entry__meta">Anjungan Tanggamus · budaya dan adat</p>',
            html,
        )
        html = render(
            entry=entry,
            kind="programme",
            heading_level=3,
            booklet=True,
            when="setiap Sabtu",
            anchor="p7",
        )
        self.assertIn('<article class="event" id="p7">', html)
        self.assertIn('<p class="event__when">setiap Sabtu</p>', html)
        self.assertIn(
            '<span class="event__regency">Anjungan Tanggamus</span> · Tanggamus',
            html,
        )

    def test_only_dated_entries_are_marked_cancelled(self):
        """The cancelled modifier belongs to dated entries, as before the
        component."""
        start = datetime(2027, 7, 4, tzinfo=WIB)
        cancelled = year_entry(
            spans=(EntrySpan(start, start, all_day=True, cancelled=True),)
        )
        self.assertIn(
            'class="year-entry year-entry--cancelled"',
            render(entry=cancelled, kind="dated", heading_level=3),
        )
        self.assertIn(
            'class="event event--cancelled"',
            render(entry=cancelled, kind="dated", heading_level=3, booklet=True),
        )


class BookletFingerprintTests(SimpleTestCase):
    def test_every_template_the_booklet_includes_is_fingerprinted(self):
        """A template included by the booklet is listed in INCLUDED_TEMPLATES,
        so a change to it rebuilds the stored booklets."""
        source = (Path(settings.BASE_DIR) / "templates" / booklet.TEMPLATE).read_text()
        included = set(re.findall(r'{% include "([^"]+)"', source))
        self.assertEqual(included, set(booklet.INCLUDED_TEMPLATES))

    def test_a_change_to_the_entry_component_changes_the_fingerprint(self):
        """Regression: only booklet.html was hashed, so a booklet stored before
        the entry markup changed would have been served again."""
        data = booklet.BookletData(
            year=2027,
            language="id",
            entries=(),
            months=(),
            programmes=(),
            index=(),
            organisation=("", "", "", ""),
            calendar_url="",
        )
        before = booklet.fingerprint(data)
        templates = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, templates)
        changed = templates / COMPONENT
        changed.parent.mkdir(parents=True)
        shutil.copy(Path(settings.BASE_DIR) / "templates" / COMPONENT, changed)
        changed.write_text(changed.read_text() + "{# changed #}\n")
        engine = {
            **settings.TEMPLATES[0],
            "DIRS": [templates, *settings.TEMPLATES[0]["DIRS"]],
        }
        with override_settings(TEMPLATES=[engine, *settings.TEMPLATES[1:]]):
            after = booklet.fingerprint(data)
        self.assertNotEqual(after, before)
        self.assertEqual(booklet.fingerprint(data), before)
