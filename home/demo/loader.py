"""The demo loader: the province as `setup_province` builds it
(`home.setup`), dressed with generated imagery (home, PKOR, brand pages with
their destinations), plus the organisation's contact details and the demo
logins. The calendar's events and the English pages are loaded by the mixins
in `event_pages` and `english`.

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
from wagtail.models import Site

from brands.models import BrandPage, Destination, DestinationIndexPage
from core.colours import PALETTE
from core.models import OrganisationSettings, Regency
from core.roles import PROVINCIAL_MODERATOR, REGENCY_EDITOR

from ..models import HomePage
from ..province import collection_for
from ..setup import ProvinceSetup
from ..setup import Report as SetupReport
from .english import DemoEnglish
from .event_pages import DemoEvents
from .images import HERO_FOCUS, emblem, scene
from .scenes import describe, destination_scene, hero_scene


@dataclass
class Report(SetupReport):
    """What a run created, by kind, and the demo logins to print."""

    logins: list[tuple[str, str, str]] = field(default_factory=list)


class DemoLoader(DemoEvents, DemoEnglish, ProvinceSetup):
    """Loads the demo province from the facts file (see `read_data`)."""

    def __init__(self, data: dict, today: date, stdout=None):
        super().__init__(data, stdout)
        self.today = today
        self.report = Report()

    # Entry point.

    def load(self, with_users: bool) -> Report:
        with transaction.atomic():
            province = self.setup()
            self.load_contact()
            self.load_events(province.folders, province.regencies, province.venues)
            self.load_english(province.home, province.regencies)
            if with_users:
                self.load_users(
                    province.roles.group(PROVINCIAL_MODERATOR),
                    {
                        slug: province.roles.group(REGENCY_EDITOR, slug)
                        for slug in ("lampung-barat", "pesisir-barat")
                    },
                )
        return self.report

    def load_contact(self) -> None:
        settings_obj = OrganisationSettings.for_site(
            Site.objects.get(is_default_site=True)
        )
        if not settings_obj.email:
            settings_obj.email = "disparekraf@lampungprov.go.id"
            settings_obj.address = (
                "Jl. Jenderal Sudirman No. 29, Enggal, Bandar Lampung 35118"
            )
            settings_obj.save()

    # Pictures on the pages setup_province makes.

    def dress_home(self, home: HomePage) -> None:
        home.hero_image = self.image(
            "Lampung The Treasure of Sumatera",
            "tapis-gold",
            (1600, 700),
            "Lampung",
            None,
            kind="tower",
            band=True,
        )
        home.hero_credit = "Agenda Lampung (ilustrasi)"

    def badge(self, regency: Regency) -> str:
        """The regency's emblem letters, unique among the facts file's."""
        names = [item["short_name"] for item in self.data["regencies"]]
        return badge_initials(names).get(regency.short_name) or _initials(
            regency.short_name
        )

    def pkor_image(self):
        pkor = self.data["pkor"]
        return self.image(
            pkor["name"],
            "forest-green",
            (1200, 500),
            "PKOR Way Halim",
            None,
            kind="stadium",
        )

    def brand_page(self, regency: Regency, item: dict) -> BrandPage:
        """The setup's brand page with a logo, a hero, a body and the
        regency's destinations, each with its picture."""
        page = super().brand_page(regency, item)
        destinations_page = DestinationIndexPage.objects.get(locale=self.locale)
        body = [("destinations", {"heading": "Destinasi unggulan"})]
        if regency.motto:
            body.append(
                (
                    "quote",
                    {"quote": regency.motto, "attribution": f"Semboyan {regency.name}"},
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
        page.body = body
        page.logo = self.image(
            f"Logo {regency.short_name}",
            regency.theme,
            (256, 256),
            self.badge(regency),
            regency,
            kind="emblem",
        )
        page.hero_image = self.image(
            f"{regency.short_name} hero",
            regency.theme,
            (1600, 600),
            regency.short_name,
            regency,
            kind=hero_scene(item),
            band=True,
        )
        page.hero_credit = "Agenda Lampung (ilustrasi)"
        for i, dest in enumerate(item.get("destinations", [])):
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
                        kind=destination_scene(dest),
                    ),
                )
            )
        return page

    def image(
        self,
        title: str,
        theme_slug: str,
        size,
        label: str,
        regency: Regency | None,
        kind: str = "mountain",
        band: bool = False,
    ):
        """A generated picture in the theme's colours: a scene of `kind` (see
        `scenes.SCENES`; `band` adds a tapis band, for heroes) or, for
        "emblem", a round logo showing `label`. Its focal point keeps the
        middle in crops; its description, the alt text, says what it shows."""
        Image = get_image_model()
        existing = Image.objects.filter(title=title).first()
        if existing is not None:
            return existing
        theme = PALETTE[theme_slug]
        if kind == "emblem":
            data = emblem(label, theme.primary, theme.on_primary, size[0])
            description = f"Emblem {title.removeprefix('Logo ')} (ilustrasi)"
        else:
            data = scene(kind, theme.primary, size, seed=title, band=band)
            description = f"Ilustrasi {describe(kind)}" + (
                f": {label}" if label else ""
            )
        w, h = size
        image = Image(
            title=title,
            description=description,
            file=ImageFile(io.BytesIO(data), name=f"{slugify(title)}.jpg"),
            # Known sizes spare Wagtail one reading of the file.
            width=w,
            height=h,
            collection=self.collection(regency),
        )
        # A hero's subject stands right of the title card (images.scene):
        # narrow crops, on phones, keep it.
        focus = round(w * HERO_FOCUS) if band else w // 2
        image.focal_point_x, image.focal_point_y = focus, h // 2
        image.focal_point_width, image.focal_point_height = w // 2, h // 2
        image.save()
        self.report.count("images")
        return image

    def collection(self, regency: Regency | None):
        """`collection_for`, looked up once per regency in a run: the demo
        saves some 150 pictures."""
        cache = self.__dict__.setdefault("_collections", {})
        key = regency.pk if regency else None
        if key not in cache:
            cache[key] = collection_for(regency)
        return cache[key]

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


def badge_initials(short_names: list[str]) -> dict[str, str]:
    """Letters for each regency's emblem, different for every regency:
    initials ("Lampung Barat" → "LB", "Tulang Bawang Barat" → "TBB"), and
    where two would share them, a longer form: the last word's first two
    letters ("Lampung Tengah" → "LTe", "Lampung Timur" → "LTi"), or for one
    word its first letter and next consonant ("Mesuji" → "MS", "Metro" → "MT")."""
    short = {name: _initials(name) for name in short_names}
    taken = list(short.values())
    badges = {}
    for name, initials in short.items():
        if taken.count(initials) == 1:
            badges[name] = initials
            continue
        words = name.split()
        if len(words) > 1:
            badges[name] = (
                "".join(w[0] for w in words[:-1]).upper() + words[-1][:2].title()
            )
        else:
            consonant = next(c for c in name[1:].lower() if c not in "aeiou")
            badges[name] = (name[0] + consonant).upper()
    return badges


def _initials(short_name: str) -> str:
    """Initials for an emblem: "Lampung Barat" → "LB", "Mesuji" → "ME"."""
    words = short_name.split()
    if len(words) > 1:
        return "".join(word[0] for word in words[:3]).upper()
    return short_name[:2].upper()
