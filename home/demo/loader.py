"""The demo loader: regencies, the page tree, venues, brand pages with
generated imagery, the roles (through `home.province`) and the demo logins.
The calendar's events and the English pages are loaded by the mixins in
`event_pages` and `english`.

Loading is idempotent: what exists (matched by slug or title) is left as it
is, so a second run creates nothing and overwrites no editor's work.
"""

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify

from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from brands.models import BrandIndexPage, BrandPage, Destination, DestinationIndexPage
from core.colours import PALETTE
from core.models import OrganisationSettings, Regency
from core.roles import PROVINCIAL_MODERATOR, REGENCY_EDITOR
from events.models import (
    EventFolderPage,
    EventIndexPage,
    PavilionPage,
    Venue,
    VenuePage,
)

from ..models import HomePage
from ..province import apply_roles, collection_for
from .english import DemoEnglish
from .event_pages import DemoEvents
from .images import emblem, scene

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


@dataclass
class Report:
    """What a run created, by kind, and the demo logins to print."""

    created: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)

    def count(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n


class DemoLoader(DemoEvents, DemoEnglish):
    """Loads the demo province from the data file (see `read_data`)."""

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
            home = self.load_home()
            _calendar, folders = self.load_calendar(home, regencies)
            venues = self.load_venues(regencies)
            self.load_pkor(home, regencies, venues)
            self.load_brands(home, regencies)
            # Before the English pages: a translation copies its source's
            # page permissions and workflow (core.i18n).
            roles = apply_roles()
            for what, n in roles.created.items():
                self.report.count(what, n)
            self.load_events(folders, regencies, venues)
            self.load_english(home, regencies)
            if with_users:
                self.load_users(
                    roles.group(PROVINCIAL_MODERATOR),
                    {
                        slug: roles.group(REGENCY_EDITOR, slug)
                        for slug in ("lampung-barat", "pesisir-barat")
                    },
                )
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
            collection=collection_for(regency),
        )
        w, h = size
        image.focal_point_x, image.focal_point_y = w // 2, h // 2
        image.focal_point_width, image.focal_point_height = w // 2, h // 2
        image.save()
        self.report.count("images")
        return image

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


def _initials(short_name: str) -> str:
    """Two letters for an emblem: "Lampung Barat" → "LB", "Mesuji" → "ME"."""
    words = short_name.split()
    if len(words) > 1:
        return "".join(word[0] for word in words[:3]).upper()
    return short_name[:2].upper()
