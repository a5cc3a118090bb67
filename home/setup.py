"""The real province, built from its facts file (`home.facts`) by
`python manage.py setup_province`: the Indonesian and English locales, the
regencies with their official codes, the home page, the calendar (one event
folder per regency and one for the province), PKOR Way Halim with one
anjungan per regency, the festival venues, the regency index with one brand
page per regency, the roles and the moderation workflow (`home.province`),
and the Site at SITE_URL. Wagtail's example groups and workflow go, so no
role but the province's remains.

No events, pictures or logins: pages are published with the facts file's
texts and no images, ready for staff to complete. The demo (`home.demo`)
builds on this class and adds them.

Idempotent: what exists is found by what identifies it (a folder by its
regency, an anjungan by its regency, a venue by its slug) and left as it is,
so a second run creates nothing and overwrites no staff edit.
"""

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowState,
)

from brands.models import BrandIndexPage, BrandPage, DestinationIndexPage
from core.colours import PALETTE
from core.models import Regency
from core.roles import MODERATION
from core.site_url import apply_site_url
from events.models import (
    EventFolderPage,
    EventIndexPage,
    EventPage,
    PavilionPage,
    Venue,
    VenuePage,
)

from .models import HomePage
from .province import Applied, apply_roles

# Made by Wagtail's migrations, with rights on the root page and every
# collection: a user put in one by mistake could edit the whole site.
WAGTAIL_GROUPS = ("Moderators", "Editors")
WAGTAIL_WORKFLOW = "Moderators approval"
DEFAULT_THEME = "siger-red"


@dataclass
class Report:
    """What a run created and removed, by kind, and what staff should know."""

    created: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def count(self, what: str, n: int = 1) -> None:
        self.created[what] += n

    def summary(self, nothing: str) -> str:
        """ "Created: 15 regencies, … Removed: …." for the commands' output."""
        created = ", ".join(f"{n} {what}" for what, n in self.created.items() if n)
        removed = ", ".join(f"{n} {what}" for what, n in self.removed.items() if n)
        text = f"Created: {created or nothing}."
        return f"{text} Removed: {removed}." if removed else text


@dataclass
class Province:
    """The province's objects, for what is built on it (the demo)."""

    regencies: dict[str, Regency]
    home: HomePage
    folders: dict[str | None, EventFolderPage]
    venues: dict[str, Venue]
    roles: Applied


class ProvinceSetup:
    """Builds the province from the facts file (see `home.facts.read_data`)."""

    def __init__(self, data: dict, stdout=None):
        self.data = data
        self.report = Report()
        self.stdout = stdout
        self.locale = Locale.get_default()

    def setup(self) -> Province:
        with transaction.atomic():
            self.locale, made = Locale.objects.get_or_create(language_code="id")
            self.report.count("locales", made)
            _en, made = Locale.objects.get_or_create(language_code="en")
            self.report.count("locales", made)
            regencies = self.load_regencies()
            home = self.load_home()
            self.load_site_address(home)
            folders = self.load_calendar(home, regencies)
            venues = self.load_venues(regencies)
            self.load_pkor(home, regencies, venues)
            self.load_brands(home, regencies)
            # Before any translation: a translation copies its source's
            # page permissions and workflow (core.i18n).
            roles = apply_roles()
            self.report.created.update(roles.created)
            self.remove_wagtail_roles()
        return Province(regencies, home, folders, venues, roles)

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
                    "latitude": _decimal(item["lat"]),
                    "longitude": _decimal(item["lon"]),
                    "motto": item.get("motto") or "",
                    "anniversary": date.fromisoformat(item["anniversary"])
                    if item.get("anniversary")
                    else None,
                    "area_km2": _decimal(item.get("area_km2")),
                    "population": item.get("population"),
                    "theme": item.get("theme")
                    if item.get("theme") in PALETTE
                    else DEFAULT_THEME,
                },
            )
            self.report.count("regencies", created)
            regencies[regency.slug] = regency
        return regencies

    def load_venues(self, regencies) -> dict[str, Venue]:
        """PKOR Way Halim, one anjungan inside it per regency, and the venues
        the facts file's festivals are held at, by slug."""
        pkor = self.data["pkor"]
        venue_page = VenuePage.objects.select_related("venue").first()
        venue = venue_page.venue if venue_page else None
        if venue is None:
            venue = self._venue(
                "pkor-way-halim",
                name=pkor["name"],
                regency=regencies[pkor["regency"]],
                address=pkor["address"],
                latitude=_decimal(pkor["lat"]),
                longitude=_decimal(pkor["lon"]),
                capacity=pkor.get("capacity"),
            )
        # Festivals held at PKOR name it as their venue: the same venue.
        venues = {"pkor": venue, slugify(pkor["name"])[:80]: venue}
        for item in self.data["pavilions"]:
            regency = regencies[item["regency"]]
            pavilion = Venue.objects.filter(
                parent=venue, regency=regency
            ).first() or self._venue(
                f"anjungan-{item['regency']}",
                name=item["name"],
                regency=regency,
                parent=venue,
                address=venue.address,
                latitude=venue.latitude,
                longitude=venue.longitude,
            )
            venues[f"anjungan-{item['regency']}"] = pavilion
        for item in self.data["festivals"]:
            if not item.get("venue_name"):
                continue
            slug = slugify(item["venue_name"])[:80]
            if slug in venues:
                continue
            venues[slug] = self._venue(
                slug,
                name=item["venue_name"][:150],
                regency=regencies[item["regency"]],
                address=(item.get("venue_address") or "")[:255],
                latitude=_decimal(item.get("venue_lat")),
                longitude=_decimal(item.get("venue_lon")),
            )
        return venues

    def _venue(self, slug: str, **fields) -> Venue:
        venue, created = Venue.objects.get_or_create(slug=slug, defaults=fields)
        self.report.count("venues", created)
        return venue

    # Pages.

    def _child(self, parent: Page, model, match: dict, **fields):
        """The child of `parent` matching `match`, else one made with
        `fields` and published."""
        existing = model.objects.child_of(parent).filter(**match).first()
        if existing is not None:
            return existing
        page = model(locale=parent.locale, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        with translation.override(None):
            self.report.count(str(model._meta.verbose_name_plural))
        return page

    def load_home(self) -> HomePage:
        """The home page of the first migration (or a new one), given the
        province's introduction the first time."""
        home = HomePage.objects.filter(locale=self.locale).first()
        province = self.data["province"]
        if home is None:
            home = HomePage(title=province["name"], slug="beranda", locale=self.locale)
            Page.get_first_root_node().add_child(instance=home)
            self.report.count("home pages")
        if not home.intro:
            home.intro = province.get("intro_id") or ""
            tagline = province.get("tourism_tagline")
            home.seo_title = f"{home.title}: {tagline}" if tagline else ""
            home.search_description = home.intro[:160]
            self.dress_home(home)
            home.save_revision().publish()
            Site.objects.filter(is_default_site=True).update(root_page=home)
        return home

    def load_site_address(self, home: HomePage) -> None:
        """The default Site at SITE_URL. Links already stored with the old
        address (the events' iCal text) are rendered again."""
        _site, changed = apply_site_url(home)
        self.report.count("site addresses set", changed)
        if changed and EventPage.objects.live().exists():
            call_command("render_ical", stdout=self.stdout or io.StringIO())

    def dress_home(self, home: HomePage) -> None:
        """Pictures and the like on a new home page: none here (the demo adds them)."""

    def load_calendar(self, home, regencies) -> dict[str | None, EventFolderPage]:
        """The calendar under the home page with the province's folder and one
        folder per regency, by regency (None: the province's)."""
        calendar = self._child(
            home,
            EventIndexPage,
            {},
            slug="agenda",
            title="Agenda",
            intro=f"Kalender acara {self.data['province']['name']} dan "
            f"{len(regencies)} kabupaten/kota: festival, budaya, olahraga, dan "
            "kegiatan anjungan di PKOR Way Halim.",
        )
        folders = {
            None: self._child(
                calendar,
                EventFolderPage,
                {"regency": None},
                slug="provinsi",
                title="Acara Provinsi",
                regency=None,
            )
        }
        for slug, regency in regencies.items():
            folders[slug] = self._child(
                calendar,
                EventFolderPage,
                {"regency": regency},
                slug=slug,
                title=f"Acara {regency.name}",
                regency=regency,
            )
        return folders

    def load_pkor(self, home, regencies, venues) -> VenuePage:
        """PKOR's page under the home page, with one anjungan page per regency."""
        pkor = self.data["pkor"]
        page = self._child(
            home,
            VenuePage,
            {"venue": venues["pkor"]},
            slug="pkor-way-halim",
            title=pkor["name"],
            venue=venues["pkor"],
            intro=pkor.get("description_id") or "",
            body="<p>Fasilitas: " + ", ".join(pkor["facilities"]) + ".</p>"
            if pkor.get("facilities")
            else "",
            image=self.pkor_image(),
        )
        for item in self.data["pavilions"]:
            regency = regencies[item["regency"]]
            self._child(
                page,
                PavilionPage,
                {"regency": regency},
                slug=f"anjungan-{item['regency']}",
                title=item["name"],
                venue=venues[f"anjungan-{item['regency']}"],
                regency=regency,
                intro=item.get("description_id") or "",
                opening_hours="Sabtu–Minggu, 08.00–21.00 WIB",
            )
        return page

    def pkor_image(self):
        """PKOR's picture on a new page: none here (the demo adds one)."""
        return None

    def load_brands(self, home, regencies) -> None:
        """The regency index and destinations page under the home page, and
        one brand page per regency (where it has none yet)."""
        index = self._child(
            home,
            BrandIndexPage,
            {},
            slug="kabupaten-kota",
            title="Kabupaten dan Kota",
            intro=f"Kabupaten dan kota {self.data['province']['name']}, "
            "masing-masing dengan citra wisatanya.",
        )
        self._child(
            home,
            DestinationIndexPage,
            {},
            slug="destinasi",
            title="Destinasi Wisata",
            intro="Pantai, gunung, danau, budaya, kuliner, dan satwa dari seluruh "
            "Lampung.",
        )
        for item in self.data["regencies"]:
            regency = regencies[item["slug"]]
            if BrandPage.objects.filter(regency=regency).exists():
                continue
            page = self.brand_page(regency, item)
            index.add_child(instance=page)
            page.save_revision().publish()
            self.report.count("brand pages")

    def brand_page(self, regency: Regency, item: dict) -> BrandPage:
        """A regency's new brand page: its name, theme and introduction."""
        brand_name = f"Pesona {regency.short_name}"
        intro = item.get("intro_id") or f"Wisata {regency.name}."
        return BrandPage(
            title=regency.name,
            slug=regency.slug,
            locale=self.locale,
            regency=regency,
            brand_name=brand_name,
            tagline=item.get("tagline") or "",
            theme=regency.theme,
            intro=intro,
            seo_title=f"{brand_name}: wisata {regency.name}",
            search_description=intro[:160],
        )

    # Wagtail's example roles.

    def remove_wagtail_roles(self) -> None:
        """Delete Wagtail's example groups, or strip every right of one that
        has members (and say so); delete its example workflow when unused."""
        for name in WAGTAIL_GROUPS:
            group = Group.objects.filter(name=name, regency__isnull=True).first()
            if group is None:
                continue
            members = group.user_set.count()
            if not members:
                group.delete()
                self.report.removed["Wagtail example groups"] += 1
                continue
            rights = (
                group.permissions.count()
                + GroupPagePermission.objects.filter(group=group).delete()[0]
                + GroupCollectionPermission.objects.filter(group=group).delete()[0]
            )
            group.permissions.clear()
            for task in GroupApprovalTask.objects.filter(groups=group):
                task.groups.remove(group)
            if rights:
                self.report.removed["rights of Wagtail example groups"] += rights
                self.report.notes.append(
                    f"Wagtail's group {name!r} has {members} member(s): kept, "
                    f"its {rights} permission(s) removed. Move its members to "
                    "the province's groups and delete it."
                )
        workflow = (
            Workflow.objects.filter(name=WAGTAIL_WORKFLOW)
            .exclude(name=MODERATION.workflow_name)
            .first()
        )
        if (
            workflow is not None
            and not WorkflowState.objects.filter(workflow=workflow).exists()
        ):
            tasks = [
                task
                for task in workflow.tasks.all()
                if task.workflow_tasks.exclude(workflow=workflow).count() == 0
                and not task.task_states.exists()
            ]
            workflow.delete()
            for task in tasks:
                task.delete()
            self.report.removed["Wagtail example workflows"] += 1


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))
