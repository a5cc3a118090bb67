"""The demo province: regencies, roles, pages, imagery and events.

Loading is idempotent: what exists (matched by slug or title) is left as it
is, so a second run creates nothing and overwrites no editor's work.
"""

import io
import json
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify

from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from brands.models import BrandIndexPage, BrandPage, Destination, DestinationIndexPage
from core.colours import PALETTE
from core.models import OrganisationSettings, Regency
from events.models import (
    EventFolderPage,
    EventIndexPage,
    EventPage,
    PavilionPage,
    Venue,
    VenuePage,
)

from .demo_images import emblem, scene
from .models import HomePage

DATA_FILE = Path(__file__).resolve().parent / "data" / "province.json"
MODERATORS = "Moderator Provinsi"
WORKFLOW = "Persetujuan moderator provinsi"
EVENT_CATEGORIES = {
    "culture",
    "tourism",
    "creative_economy",
    "sport_tourism",
    "education_environment",
    "religious",
}


class DemoDataError(ValueError):
    """The data file is unusable; the message names the problem in one line."""


@dataclass
class Report:
    created: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)

    def count(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n


def read_data(path: Path = DATA_FILE) -> dict:
    """Read and check the data file before anything is written."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise DemoDataError(f"data file not found: {path}") from error
    except json.JSONDecodeError as error:
        raise DemoDataError(
            f"{path}: not valid JSON (line {error.lineno}: {error.msg})"
        ) from error
    if not isinstance(data, dict):
        raise DemoDataError(f"{path}: expected an object at the top level")
    for key in (
        "province",
        "regencies",
        "pkor",
        "pavilions",
        "festivals",
        "pavilion_activities",
    ):
        if key not in data:
            raise DemoDataError(f"{path}: missing key {key!r}")
    slugs = set()
    for i, regency in enumerate(data["regencies"]):
        for key in ("slug", "name", "short_name", "kind", "seat", "code", "lat", "lon"):
            if key not in regency:
                raise DemoDataError(f"{path}: regencies[{i}] lacks {key!r}")
        if regency["kind"] not in ("kabupaten", "kota"):
            raise DemoDataError(
                f"{path}: regencies[{i}].kind must be kabupaten or kota"
            )
        slugs.add(regency["slug"])
    for section in ("festivals", "pavilion_activities", "pavilions"):
        for i, item in enumerate(data[section]):
            if item.get("regency") not in slugs:
                raise DemoDataError(
                    f"{path}: {section}[{i}] names unknown regency {item.get('regency')!r}"
                )
            if "category" in item and item["category"] not in EVENT_CATEGORIES:
                raise DemoDataError(
                    f"{path}: {section}[{i}] has unknown category {item['category']!r}"
                )
    return data


def next_date(month: int, day: int, today: date) -> date:
    """The next (month, day) on or after today, so demo festivals fall in the coming 12 months."""
    candidate = date(today.year, month, day)
    return candidate if candidate >= today else date(today.year + 1, month, day)


def _time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


# What each generated picture shows, for its alt text (Indonesian, like the
# rest of the demo content).
SCENE_DESCRIPTIONS = {
    "hero": "pegunungan berlapis dengan pita motif kain tapis",
    "beach": "pantai berpasir dengan pohon kelapa",
    "mountain": "deretan pegunungan",
    "lake": "danau dengan perahu di kaki bukit",
    "waterfall": "air terjun di antara tebing",
    "culture": "motif kain tapis Lampung",
    "culinary": "semangkuk hidangan hangat",
    "heritage": "rumah panggung tradisional",
    "wildlife": "hutan dengan burung terbang",
}


class DemoLoader:
    def __init__(self, data: dict, today: date, stdout=None):
        self.data = data
        self.today = today
        self.report = Report()
        self.locale = Locale.get_default()
        self.stdout = stdout

    # Entry point.

    def load(self, with_users: bool) -> Report:
        with transaction.atomic():
            Locale.objects.get_or_create(language_code="en")
            regencies = self.load_regencies()
            moderators, editor_groups = self.load_groups(regencies)
            home = self.load_home()
            calendar, folders = self.load_calendar(home, regencies)
            venues = self.load_venues(regencies)
            pkor_page, pavilions = self.load_pkor(home, regencies, venues)
            self.load_brands(home, regencies)
            self.grant_permissions(moderators, editor_groups, home, folders, pavilions)
            self.load_workflow(home, moderators)
            self.load_events(folders, regencies, venues)
            self.load_english(home, regencies, moderators, editor_groups)
            if with_users:
                self.load_users(moderators, editor_groups)
        return self.report

    # Reference data.

    def load_regencies(self) -> dict[str, Regency]:
        regencies = {}
        for item in self.data["regencies"]:
            regency, created = Regency.objects.get_or_create(
                slug=item["slug"],
                defaults={
                    "name": item["name"],
                    "short_name": item["short_name"],
                    "kind": item["kind"],
                    "seat": item["seat"],
                    "code": item["code"],
                    "code_bps": item.get("code_bps") or "",
                    "latitude": Decimal(str(item["lat"])),
                    "longitude": Decimal(str(item["lon"])),
                    "motto": item.get("motto") or "",
                    "anniversary": date.fromisoformat(item["anniversary"])
                    if item.get("anniversary")
                    else None,
                    "area_km2": Decimal(str(item["area_km2"]))
                    if item.get("area_km2")
                    else None,
                    "population": item.get("population"),
                    "theme": item.get("theme")
                    if item.get("theme") in PALETTE
                    else "siger-red",
                },
            )
            self.report.count("regencies", created)
            regencies[regency.slug] = regency
        return regencies

    def load_groups(self, regencies):
        moderators, created = Group.objects.get_or_create(name=MODERATORS)
        self.report.count("groups", created)
        admin_access = Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        moderators.permissions.add(admin_access)
        for model, actions in (
            ("venue", ("add", "change")),
            ("regency", ("change",)),
            ("organisationsettings", ("change",)),
            ("planningsettings", ("change",)),
        ):
            for action in actions:
                moderators.permissions.add(
                    Permission.objects.get(codename=f"{action}_{model}")
                )
        editor_groups = {}
        for slug, regency in regencies.items():
            group, created = Group.objects.get_or_create(
                name=f"Editor {regency.short_name}"
            )
            self.report.count("groups", created)
            group.permissions.add(admin_access)
            if regency.editors_id != group.pk:
                regency.editors = group
                regency.save(update_fields=["editors"])
            editor_groups[slug] = group
        return moderators, editor_groups

    # Pages.

    def _child(self, parent: Page, model, slug: str, **fields):
        """The live child with this slug, created and published if missing."""
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing
        page = model(slug=slug, locale=parent.locale, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.report.count(str(model._meta.verbose_name_plural))
        return page

    def load_home(self) -> HomePage:
        home = HomePage.objects.filter(locale=self.locale).first()
        province = self.data["province"]
        if home is None:
            root = Page.get_first_root_node()
            home = HomePage(title="Agenda Lampung", slug="beranda", locale=self.locale)
            root.add_child(instance=home)
        if not home.intro:
            home.intro = province["intro_id"]
            home.hero_image = self.image(
                "Lampung The Treasure of Sumatera",
                "tapis-gold",
                (1600, 700),
                "Lampung",
                None,
            )
            home.hero_credit = "Agenda Lampung (ilustrasi)"
            home.seo_title = "Agenda Lampung: Lampung The Treasure of Sumatera"
            home.search_description = province["intro_id"][:160]
            home.save_revision().publish()
            Site.objects.filter(is_default_site=True).update(root_page=home)
        settings_obj = OrganisationSettings.for_site(
            Site.objects.get(is_default_site=True)
        )
        if not settings_obj.email:
            settings_obj.email = "disparekraf@lampungprov.go.id"
            settings_obj.address = (
                "Jl. Jenderal Sudirman No. 29, Enggal, Bandar Lampung 35118"
            )
            settings_obj.save()
        return home

    def load_calendar(self, home, regencies):
        calendar = self._child(
            home,
            EventIndexPage,
            "agenda",
            title="Agenda",
            intro="Kalender acara Provinsi Lampung dan 15 kabupaten/kota: festival, budaya, olahraga, dan kegiatan anjungan di PKOR Way Halim.",
        )
        folders = {
            None: self._child(
                calendar,
                EventFolderPage,
                "provinsi",
                title="Acara Provinsi",
                regency=None,
            )
        }
        for slug, regency in regencies.items():
            folders[slug] = self._child(
                calendar,
                EventFolderPage,
                slug,
                title=f"Acara {regency.name}",
                regency=regency,
            )
        return calendar, folders

    def load_venues(self, regencies) -> dict[str, Venue]:
        pkor = self.data["pkor"]
        venues = {}
        venue, created = Venue.objects.get_or_create(
            slug="pkor-way-halim",
            defaults={
                "name": pkor["name"],
                "regency": regencies[pkor["regency"]],
                "address": pkor["address"],
                "latitude": Decimal(str(pkor["lat"])),
                "longitude": Decimal(str(pkor["lon"])),
                "capacity": pkor.get("capacity"),
            },
        )
        self.report.count("venues", created)
        venues["pkor"] = venue
        for item in self.data["pavilions"]:
            pavilion, created = Venue.objects.get_or_create(
                slug=f"anjungan-{item['regency']}",
                defaults={
                    "name": item["name"],
                    "regency": regencies[item["regency"]],
                    "parent": venue,
                    "address": pkor["address"],
                    "latitude": venue.latitude,
                    "longitude": venue.longitude,
                },
            )
            self.report.count("venues", created)
            venues[pavilion.slug] = pavilion
        for item in self.data["festivals"]:
            if not item.get("venue_name"):
                continue
            slug = slugify(item["venue_name"])[:80]
            if slug in venues or slug == "pkor-way-halim":
                continue
            venue, created = Venue.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": item["venue_name"][:150],
                    "regency": regencies[item["regency"]],
                    "address": (item.get("venue_address") or "")[:255],
                    "latitude": Decimal(str(item["venue_lat"]))
                    if item.get("venue_lat") is not None
                    else None,
                    "longitude": Decimal(str(item["venue_lon"]))
                    if item.get("venue_lon") is not None
                    else None,
                },
            )
            self.report.count("venues", created)
            venues[slug] = venue
        return venues

    def load_pkor(self, home, regencies, venues):
        pkor = self.data["pkor"]
        page = self._child(
            home,
            VenuePage,
            "pkor-way-halim",
            title=pkor["name"],
            venue=venues["pkor"],
            intro=pkor["description_id"],
            body="<p>Fasilitas: " + ", ".join(pkor.get("facilities", [])) + ".</p>",
            image=self.image(
                pkor["name"],
                "forest-green",
                (1200, 500),
                "PKOR Way Halim",
                None,
                kind="culture",
            ),
        )
        pavilions = {}
        for item in self.data["pavilions"]:
            regency = regencies[item["regency"]]
            pavilions[item["regency"]] = self._child(
                page,
                PavilionPage,
                f"anjungan-{item['regency']}",
                title=item["name"],
                venue=venues[f"anjungan-{item['regency']}"],
                regency=regency,
                intro=item["description_id"],
                opening_hours="Sabtu–Minggu, 08.00–21.00 WIB",
            )
        return page, pavilions

    def load_brands(self, home, regencies):
        index = self._child(
            home,
            BrandIndexPage,
            "kabupaten-kota",
            title="Kabupaten dan Kota",
            intro="Lima belas kabupaten dan kota Provinsi Lampung, masing-masing dengan citra wisatanya.",
        )
        self._child(
            home,
            DestinationIndexPage,
            "destinasi",
            title="Destinasi Wisata",
            intro="Pantai, gunung, danau, budaya, kuliner, dan satwa dari seluruh Lampung.",
        )
        destinations_page = DestinationIndexPage.objects.get(locale=index.locale)
        for item in self.data["regencies"]:
            regency = regencies[item["slug"]]
            if BrandPage.objects.filter(regency=regency).exists():
                continue
            brand_name = f"Pesona {regency.short_name}"
            body = [("destinations", {"heading": "Destinasi unggulan"})]
            if regency.motto:
                body.append(
                    (
                        "quote",
                        {
                            "quote": regency.motto,
                            "attribution": f"Semboyan {regency.name}",
                        },
                    )
                )
            body.append(
                (
                    "call_to_action",
                    {
                        "text": "Jelajahi destinasi lain di seluruh Lampung",
                        "page": destinations_page,
                        "url": "",
                    },
                )
            )
            page = BrandPage(
                title=regency.name,
                slug=regency.slug,
                locale=index.locale,
                regency=regency,
                brand_name=brand_name,
                tagline=item.get("tagline") or "",
                theme=regency.theme,
                intro=item["intro_id"],
                seo_title=f"{brand_name}: wisata {regency.name}",
                search_description=item["intro_id"][:160],
                logo=self.image(
                    f"Logo {regency.short_name}",
                    regency.theme,
                    (256, 256),
                    _initials(regency.short_name),
                    regency,
                    kind="emblem",
                ),
                hero_image=self.image(
                    f"{regency.short_name} hero",
                    regency.theme,
                    (1600, 600),
                    regency.short_name,
                    regency,
                ),
                hero_credit="Agenda Lampung (ilustrasi)",
                body=body,
                website="",
            )
            for i, dest in enumerate(item["destinations"]):
                page.destinations.add(
                    Destination(
                        sort_order=i,
                        name=dest["name"],
                        category=dest["category"],
                        description=dest["description_id"],
                        latitude=Decimal(str(dest["lat"])),
                        longitude=Decimal(str(dest["lon"])),
                        image=self.image(
                            dest["name"],
                            regency.theme,
                            (800, 520),
                            dest["name"],
                            regency,
                            kind=dest["category"],
                        ),
                    )
                )
            index.add_child(instance=page)
            page.save_revision().publish()
            self.report.count("brand pages")

    def image(
        self,
        title: str,
        theme_slug: str,
        size,
        label: str,
        regency: Regency | None,
        kind: str = "hero",
    ):
        """A generated picture in the theme's colours: a landscape of `kind`
        (a destination category, or "hero") or, for "emblem", a round logo
        showing `label`. Its focal point keeps the middle in crops."""
        Image = get_image_model()
        existing = Image.objects.filter(title=title).first()
        if existing is not None:
            return existing
        theme = PALETTE[theme_slug]
        if kind == "emblem":
            data = emblem(label, theme.primary, theme.on_primary, size[0])
            description = f"Emblem {title.removeprefix('Logo ')} (ilustrasi)"
        else:
            data = scene(kind, theme.primary, size, seed=title)
            shows = SCENE_DESCRIPTIONS.get(kind, SCENE_DESCRIPTIONS["mountain"])
            description = f"Ilustrasi {shows}: {label}"
        image = Image(
            title=title,
            description=description,
            file=ImageFile(io.BytesIO(data), name=f"{slugify(title)}.jpg"),
            collection=self.collection(regency),
        )
        w, h = size
        image.focal_point_x, image.focal_point_y = w // 2, h // 2
        image.focal_point_width, image.focal_point_height = w // 2, h // 2
        image.save()
        self.report.count("images")
        return image

    def collection(self, regency: Regency | None) -> Collection:
        root = Collection.get_first_root_node()
        name = regency.name if regency else "Provinsi Lampung"
        existing = root.get_children().filter(name=name).first()
        return existing or root.add_child(name=name)

    def grant_permissions(self, moderators, editor_groups, home, folders, pavilions):
        def grant(group, page, codenames):
            for codename in codenames:
                permission = Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                )
                GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=permission
                )

        grant(
            moderators,
            home,
            ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        )
        image_perms = {
            p.codename: p
            for p in Permission.objects.filter(
                content_type__app_label="wagtailimages",
                codename__in=["add_image", "change_image", "choose_image"],
            )
        }
        root_collection = Collection.get_first_root_node()
        for permission in image_perms.values():
            GroupCollectionPermission.objects.get_or_create(
                group=moderators, collection=root_collection, permission=permission
            )
        for slug, group in editor_groups.items():
            regency = Regency.objects.get(slug=slug)
            brand = BrandPage.objects.filter(regency=regency).first()
            if brand is not None:
                grant(group, brand, ["add_page", "change_page"])
            grant(group, folders[slug], ["add_page", "change_page"])
            if slug in pavilions:
                grant(group, pavilions[slug], ["change_page"])
            collection = self.collection(regency)
            for permission in image_perms.values():
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )

    def load_workflow(self, home, moderators):
        workflow, created = Workflow.objects.get_or_create(name=WORKFLOW)
        if created:
            task = GroupApprovalTask.objects.create(name="Tinjauan moderator provinsi")
            task.groups.set([moderators])
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.update_or_create(
            page=home, defaults={"workflow": workflow}
        )
        # Wagtail's own example workflow on the root would also catch these pages.
        Workflow.objects.exclude(pk=workflow.pk).update(active=False)

    # Events.

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
        from core.models import PlanningSettings
        from events.models import EventOutcome

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
            edition=(item.get("edition_note") or "")[:200],
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
        from events.models import EventException

        for item in self.data["festivals"]:
            start = next_date(item["month"], item["day"], self.today)
            duration = max(int(item.get("duration_days") or 1), 1)
            month_only = item.get("date_precision") == "month"
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
                description=f"<p>{item['description_id']}</p>"
                + (
                    f"<p>{item['edition_note']}</p>" if item.get("edition_note") else ""
                ),
                category=item["category"],
                highlight=bool(item.get("ken_years"))
                or item.get("level") == "province",
                date_precision="month" if month_only else "exact",
                start_date=start.replace(day=1) if month_only else start,
                end_date=None
                if month_only or duration == 1
                else start + timedelta(days=duration - 1),
                start_time=None if month_only else _time(item.get("start_time")),
                end_time=None if month_only else _time(item.get("end_time")),
                status=item.get("status") or "scheduled",
                status_reason=item.get("status_reason_id") or "",
                venue=venue,
                organiser=item.get("organiser") or "",
                is_free=item.get("is_free", True),
                price=item.get("price_note_id") or "",
                website=item.get("website") or "",
                edition=(item.get("edition_note") or "")[:200],
                ken_nominated=bool(item.get("ken_years")),
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
                start_time=_time(item["start_time"]),
                end_time=_time(item["end_time"]),
                recurrence_frequency="weekly",
                recurrence_weekdays=str(item["weekday"]),
                recurrence_until=start + timedelta(weeks=26),
                venue=venues[f"anjungan-{item['regency']}"],
                organiser=f"Anjungan {regencies[item['regency']].short_name}",
                is_free=item.get("is_free", True),
                price="" if item.get("is_free", True) else "Rp10.000",
                exceptions=exceptions,
            )

    # English.

    def _translate(self, page, locale, **fields):
        """The page's translation into `locale`, copied, filled with `fields`
        and published if missing. Changes `fields` may need on child objects
        are made by the caller through the `edit` callback in `fields`."""
        existing = page.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        edit = fields.pop("edit", None)
        translation = page.copy_for_translation(locale)
        for name, value in fields.items():
            setattr(translation, name, value)
        if edit is not None:
            edit(translation)
        translation.save_revision().publish()
        self.report.count("English pages")
        return translation

    def _translate_folder(self, folder, locale):
        """A folder is translated when a first event in it is (editors can
        translate their folder themselves: simple translation offers it)."""
        title = (
            f"Events: {folder.regency.name}" if folder.regency_id else "Province events"
        )
        return self._translate(folder, locale, title=title)

    def load_english(self, home, regencies, moderators, editor_groups):
        """English versions of the site's pages, most brand pages, a few
        events and their folders. Some events stay Indonesian on purpose: the English calendar
        shows them marked "(in Indonesian)", and their editors see them in
        the "Pages without English" report."""
        en = Locale.objects.get(language_code="en")
        submit = Permission.objects.get(
            content_type__app_label="simple_translation", codename="submit_translation"
        )
        for group in [moderators, *editor_groups.values()]:
            group.permissions.add(submit)
        province = self.data["province"]
        self._translate(
            home,
            en,
            intro=province["intro_en"],
            search_description=province["intro_en"][:160],
        )
        calendar = EventIndexPage.objects.get(locale=self.locale)
        self._translate(
            calendar,
            en,
            title="Calendar of Events",
            intro="Events of Lampung province and its 15 regencies and cities: "
            "festivals, culture, sport and the weekly activities of the pavilions "
            "at PKOR Way Halim.",
        )
        index = BrandIndexPage.objects.get(locale=self.locale)
        self._translate(
            index,
            en,
            title="Regencies and Cities",
            intro="The fifteen regencies and cities of Lampung province, each with "
            "its own tourism brand.",
        )
        self._translate(
            DestinationIndexPage.objects.get(locale=self.locale),
            en,
            title="Destinations",
            intro="Beaches, mountains, lakes, culture, food and wildlife from all "
            "over Lampung.",
        )
        pkor = self.data["pkor"]
        venue_page = VenuePage.objects.get(locale=self.locale)
        self._translate(
            venue_page,
            en,
            intro=pkor["description_en"],
            body="<p>Facilities: " + ", ".join(pkor.get("facilities", [])) + ".</p>",
        )
        for item in self.data["pavilions"]:
            pavilion = PavilionPage.objects.filter(
                locale=self.locale, regency=regencies[item["regency"]]
            ).first()
            if pavilion is not None:
                self._translate(
                    pavilion,
                    en,
                    title=f"{regencies[item['regency']].short_name} Pavilion",
                    intro=item["description_en"],
                    opening_hours="Saturday–Sunday, 8:00 am–9:00 pm WIB",
                )
        # The last two regencies keep an Indonesian brand page only.
        for item in self.data["regencies"][:-2]:
            brand = BrandPage.objects.filter(
                locale=self.locale, regency=regencies[item["slug"]]
            ).first()
            if brand is not None:
                self._translate(
                    brand,
                    en,
                    intro=item["intro_en"],
                    search_description=item["intro_en"][:160],
                    edit=lambda page, item=item: _english_brand(page, item),
                )
        for item in self.data["festivals"]:
            if item["slug"] not in ENGLISH_FESTIVALS:
                continue
            event = EventPage.objects.filter(
                locale=self.locale, slug=item["slug"]
            ).first()
            if event is not None:
                self._translate_folder(event.get_parent().specific, en)
                self._translate(
                    event,
                    en,
                    summary=item["summary_en"],
                    description=f"<p>{item['description_en']}</p>",
                    status_reason=item.get("status_reason_en") or "",
                    price=item.get("price_note_en") or "",
                )
        activity = self.data["pavilion_activities"][0]
        event = EventPage.objects.filter(
            locale=self.locale, slug=slugify(activity["title"])[:80]
        ).first()
        if event is not None:
            self._translate_folder(event.get_parent().specific, en)
            self._translate(
                event,
                en,
                title=ENGLISH_ACTIVITY_TITLE,
                summary=activity["summary_en"],
                description=f"<p>{activity['summary_en']}</p>",
                edit=_english_exceptions,
            )

    def load_users(self, moderators, editor_groups):
        User = get_user_model()
        accounts = [
            ("admin", "Admin", "Lampung", "admin-lampung-2027", None, True),
            (
                "moderator",
                "Moderator",
                "Provinsi",
                "moderator-lampung-2027",
                moderators,
                False,
            ),
            (
                "editor.lampung-barat",
                "Editor",
                "Lampung Barat",
                "editor-lambar-2027",
                editor_groups["lampung-barat"],
                False,
            ),
            (
                "editor.pesisir-barat",
                "Editor",
                "Pesisir Barat",
                "editor-pesibar-2027",
                editor_groups["pesisir-barat"],
                False,
            ),
        ]
        for username, first, last, password, group, superuser in accounts:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                    "is_staff": superuser,
                    "is_superuser": superuser,
                },
            )
            if created:
                user.set_password(password)
                user.save()
                self.report.count("users")
            if group is not None:
                user.groups.add(group)
            self.report.logins.append(
                (username, password, group.name if group else "administrator")
            )


# Festivals with an English page in the demo; the others stay Indonesian.
ENGLISH_FESTIVALS = {
    "festival-krakatau",
    "festival-sekala-bekhak",
    "festival-way-kambas",
    "krui-pro",
    "lampung-fair",
    "festival-kemilau-tapis",
    "lampung-culture-tourism-festival",
    "festival-siger",
}
ENGLISH_ACTIVITY_TITLE = "Lampung Barat Robusta Coffee Brewing Class"
ENGLISH_REASONS = {
    "Anjungan dipakai untuk persiapan Lampung Fair": (
        "The pavilion is being used to prepare the Lampung Fair"
    ),
    "Bergeser sehari karena hari libur nasional": (
        "Moved by one day because of a public holiday"
    ),
}


def _english_brand(page, item) -> None:
    """English texts of a brand page's destinations and body blocks."""
    texts = {d["name"]: d.get("description_en") for d in item["destinations"]}
    destinations = list(page.destinations.all())
    for destination in destinations:
        destination.description = texts.get(destination.name) or destination.description
    page.destinations = destinations
    page.seo_title = f"{page.brand_name}: visit {page.regency.name}"
    for block in page.body:
        if block.block_type == "destinations":
            block.value["heading"] = "Featured destinations"
        elif block.block_type == "quote":
            block.value["attribution"] = f"Motto of {page.regency.name}"
        elif block.block_type == "call_to_action":
            block.value["text"] = "Explore more destinations across Lampung"
            target = block.value.get("page")
            english = target.get_translation_or_none(page.locale) if target else None
            if english is not None:
                block.value["page"] = english


def _initials(short_name: str) -> str:
    """Two letters for an emblem: "Lampung Barat" → "LB", "Mesuji" → "ME"."""
    words = short_name.split()
    if len(words) > 1:
        return "".join(word[0] for word in words[:3]).upper()
    return short_name[:2].upper()


def _english_exceptions(page) -> None:
    exceptions = list(page.exceptions.all())
    for exception in exceptions:
        exception.reason = ENGLISH_REASONS.get(exception.reason, exception.reason)
    page.exceptions = exceptions
