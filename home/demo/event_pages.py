"""The demo calendar: the festivals of the data file in the coming 12
months, last year's edition of a nationally listed festival with its outcome,
the planning cycle, and the weekly activities of the anjungan at PKOR."""

import re
from datetime import timedelta

from django.utils.text import slugify

from wagtail.models import Site

from core.models import PlanningSettings
from events.models import EventException, EventOutcome, EventPage

from .data import next_date, parse_time
from .scenes import event_scene

# Event pictures are 16:9 and shared by kind of scene, in the province's
# colours: each picture shown on an event page costs about a second of
# renditions made at load (AVIF among them, see core.renditions), so the
# demo draws twelve for its 47 events. Rarer scenes take the nearest of
# these (what the picture shows is in its alt text).
EVENT_IMAGE_SIZE = (1200, 675)
EVENT_THEME = "tapis-gold"
SHARED_SCENE = {
    "pilgrimage": "ceremony",
    "boat-race": "sea-festival",
    "photo-exhibition": "surf-contest",
    "talk-elephant": "elephant-festival",
    "market-cocoa": "market",
    "market-pepper": "market",
    "coffee-class": "market",
    "tapis-class": "exhibition",
    "talk-krakatau": "talk",
    "waterfall-wide": "talk",
    "park": "trail-run",
}


def event_picture_scene(item: dict) -> str:
    """The scene of the shared picture a festival or activity shows."""
    kind = event_scene(item)
    return SHARED_SCENE.get(kind, kind)


class DemoEvents:
    """Mixed into `DemoLoader`: uses its data, today, locale, report and
    `image`."""

    def event_image(self, item):
        """The shared picture of the event's kind of scene."""
        kind = event_picture_scene(item)
        return self.image(
            f"Acara: {kind}", EVENT_THEME, EVENT_IMAGE_SIZE, "", None, kind=kind
        )

    def _event(self, folder, slug, **fields):
        existing = EventPage.objects.child_of(folder).filter(slug=slug).first()
        if existing is not None:
            return existing
        exceptions = fields.pop("exceptions", [])
        page = EventPage(slug=slug, locale=folder.locale, **fields)
        for exc in exceptions:
            page.exceptions.add(exc)
        folder.add_child(instance=page)
        page.save_revision().publish()
        self.report.count("events")
        return page

    def load_annual_calendar(self, folders, venues):
        """The planning cycle for next year, and last year's edition of the
        first nationally listed festival, already held, with its outcome."""
        planning = PlanningSettings.for_site(Site.objects.get(is_default_site=True))
        if planning.planning_year is None:
            planning.planning_year = self.today.year + 1
            planning.submission_deadline = self.today + timedelta(days=30)
            planning.notes = (
                "Kirim semua acara tahun depan, juga yang tanggalnya belum pasti "
                "(pilih presisi tanggal: bulan saja)."
            )
            planning.save()
        item = next((f for f in self.data["festivals"] if f.get("ken_years")), None)
        if item is None:
            return
        upcoming = next_date(item["month"], item["day"], self.today)
        held = upcoming.replace(year=upcoming.year - 1)
        if held >= self.today:
            return
        duration = max(int(item.get("duration_days") or 1), 1)
        past = self._event(
            folders[None]
            if item.get("level") == "province"
            else folders[item["regency"]],
            f"{item['slug']}-{held.year}",
            title=f"{item['name']} {held.year}",
            summary=item["summary_id"],
            description=f"<p>{item['description_id']}</p>",
            category=item["category"],
            start_date=held,
            end_date=held + timedelta(days=duration - 1) if duration > 1 else None,
            venue=venues.get(slugify(item.get("venue_name") or "")[:80]),
            organiser=item.get("organiser") or "",
            image=self.event_image(item),
        )
        EventOutcome.objects.get_or_create(
            event=past,
            defaults={
                "result": "held",
                "visitors": 25000,
                "notes": "Angka ilustrasi untuk demo, bukan data resmi.",
            },
        )

    def load_events(self, folders, regencies, venues):
        for item in self.data["festivals"]:
            start = next_date(item["month"], item["day"], self.today)
            duration = max(int(item.get("duration_days") or 1), 1)
            month_only = item.get("date_precision") == "month"
            rule = item.get("calendar_rule") or ""
            if rule:
                # A date from another calendar: computed every year from
                # today on, lasting its days (events.dates.rule_dates).
                start, rule_days, duration = self.today, duration, 1
            else:
                rule_days = 1
            venue = venues.get(slugify(item.get("venue_name") or "")[:80])
            folder = (
                folders[None]
                if item.get("level") == "province"
                else folders[item["regency"]]
            )
            self._event(
                folder,
                item["slug"],
                title=item["name"],
                summary=item["summary_id"],
                # The facts file's edition notes are English research notes:
                # not for the Indonesian page.
                description=f"<p>{item['description_id']}</p>",
                category=item["category"],
                highlight=bool(item.get("ken_years"))
                or item.get("level") == "province",
                date_precision="month" if month_only else "exact",
                start_date=start.replace(day=1) if month_only else start,
                end_date=None
                if month_only or duration == 1
                else start + timedelta(days=duration - 1),
                start_time=None if month_only else parse_time(item.get("start_time")),
                end_time=None if month_only else parse_time(item.get("end_time")),
                status=item.get("status") or "scheduled",
                status_reason=item.get("status_reason_id") or "",
                venue=venue,
                organiser=item.get("organiser") or "",
                is_free=item.get("is_free", True),
                price=item.get("price_note_id") or "",
                website=item.get("website") or "",
                edition=edition_words(item.get("edition_note")),
                ken_nominated=bool(item.get("ken_years")),
                image=self.event_image(item),
                calendar_rule=rule,
                rule_month=item.get("rule_month"),
                rule_day=item.get("rule_day"),
                rule_days=rule_days,
            )
        self.load_annual_calendar(folders, venues)
        first_monday = self.today + timedelta(days=7 - self.today.weekday())
        for i, item in enumerate(self.data["pavilion_activities"]):
            start = first_monday + timedelta(days=item["weekday"])
            exceptions = []
            if i == 0:
                exceptions = [
                    EventException(
                        original_date=start + timedelta(weeks=2),
                        action="cancel",
                        reason="Anjungan dipakai untuk persiapan Lampung Fair",
                    ),
                    EventException(
                        original_date=start + timedelta(weeks=4),
                        action="move",
                        new_date=start + timedelta(weeks=4, days=1),
                        reason="Bergeser sehari karena hari libur nasional",
                    ),
                ]
            self._event(
                folders[item["regency"]],
                slugify(item["title"])[:80],
                title=item["title"],
                summary=item["summary_id"],
                description=f"<p>{item['summary_id']}</p>",
                category=item["category"],
                start_date=start,
                start_time=parse_time(item["start_time"]),
                end_time=parse_time(item["end_time"]),
                recurrence_frequency="weekly",
                recurrence_weekdays=str(item["weekday"]),
                recurrence_until=start + timedelta(weeks=26),
                venue=venues[f"anjungan-{item['regency']}"],
                organiser=f"Anjungan {regencies[item['regency']].short_name}",
                is_free=item.get("is_free", True),
                price="" if item.get("is_free", True) else "Rp10.000",
                exceptions=exceptions,
                image=self.event_image(item),
            )


def edition_words(note: str | None) -> str:
    """The edition field of an Indonesian page, from the facts file's English
    research note: "Since 1991 (33rd edition in 2024)…" gives "Sejak 1991";
    a note that says no such thing gives nothing."""
    found = re.match(r"Since (\d{4})\b", note or "")
    return f"Sejak {found[1]}" if found else ""
