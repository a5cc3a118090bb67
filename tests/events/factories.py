"""Deterministic events for tests. Pages are created as drafts in a folder;
`publish` goes through Wagtail's revision publishing, so signals fire."""

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

import factory
import wagtail_factories

from core.models import Regency
from events.models import (
    EventException,
    EventFolderPage,
    EventIndexPage,
    EventPage,
    PavilionPage,
    Venue,
    VenuePage,
)
from home.models import HomePage


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Acara uji {n}")
    slug = factory.Sequence(lambda n: f"acara-uji-{n}")
    summary = factory.LazyAttribute(lambda o: f"Ringkasan {o.title}.")
    category = "culture"
    start_date = date(2027, 7, 10)
    start_time = time(19)
    end_time = time(21)
    live = False


def publish(page: EventPage) -> EventPage:
    """Publish the page's current state, as a moderator's approval does."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def live_event(parent, **fields) -> EventPage:
    """A published event under `parent` (an event folder)."""
    exceptions = fields.pop("exceptions", [])
    tags = fields.pop("tags", [])
    page = EventPageFactory.build(**fields)
    for exception in exceptions:
        page.exceptions.add(EventException(**exception))
    page.tags.add(*tags)
    parent.add_child(instance=page)
    return publish(page)


def draft_event(parent, **fields) -> EventPage:
    """A never-published event under `parent`, with a saved revision."""
    page = EventPageFactory.build(**fields)
    parent.add_child(instance=page)
    page.save_revision()
    return page


def folder_of(regency_slug: str, language: str = "id") -> EventFolderPage:
    """The demo province's event folder of a regency, in one language."""
    return EventFolderPage.objects.get(
        regency__slug=regency_slug, locale__language_code=language
    )


@dataclass
class CalendarTree:
    """A small calendar: two regencies with folders, the province's folder,
    PKOR with one anjungan per regency, and a town hall venue."""

    home: HomePage
    calendar: EventIndexPage
    regencies: dict[str, Regency]
    folders: dict[str | None, EventFolderPage]
    pkor: Venue
    anjungan: dict[str, Venue]
    hall: Venue
    pkor_page: VenuePage
    pavilions: dict[str, PavilionPage]


REGENCIES = [
    ("lampung-barat", "Kabupaten Lampung Barat", "Lampung Barat", "Liwa"),
    ("pesisir-barat", "Kabupaten Pesisir Barat", "Pesisir Barat", "Krui"),
]


def calendar_tree() -> CalendarTree:
    """Build the small calendar under the migrations' home page (the site root)."""
    home = HomePage.objects.get(depth=2)
    regencies = {}
    for i, (slug, name, short, seat) in enumerate(REGENCIES):
        regencies[slug] = Regency.objects.create(
            slug=slug,
            name=name,
            short_name=short,
            kind="kabupaten",
            seat=seat,
            code=f"18.{i + 1:02d}",
            latitude=Decimal("-5.0"),
            longitude=Decimal("104.0"),
        )
    calendar = EventIndexPage(title="Agenda", slug="agenda")
    home.add_child(instance=calendar)
    calendar.save_revision().publish()
    folders = {}
    for slug in (None, *regencies):
        folder = EventFolderPage(
            title=f"Acara {slug or 'provinsi'}",
            slug=slug or "provinsi",
            regency=regencies.get(slug),
        )
        calendar.add_child(instance=folder)
        folder.save_revision().publish()
        folders[slug] = folder
    pkor = Venue.objects.create(
        name="PKOR Way Halim",
        slug="pkor-way-halim",
        regency=regencies["lampung-barat"],
        address="Jl. Pangeran Antasari, Bandar Lampung",
        latitude=Decimal("-5.38020"),
        longitude=Decimal("105.28110"),
    )
    anjungan = {
        slug: Venue.objects.create(
            name=f"Anjungan {regency.short_name}",
            slug=f"anjungan-{slug}",
            parent=pkor,
            regency=regency,
            address=pkor.address,
            latitude=pkor.latitude,
            longitude=pkor.longitude,
        )
        for slug, regency in regencies.items()
    }
    hall = Venue.objects.create(
        name="Gedung Dekranasda Liwa",
        slug="gedung-dekranasda-liwa",
        regency=regencies["lampung-barat"],
        address="Jl. Raden Intan, Liwa",
    )
    pkor_page = VenuePage(title="PKOR Way Halim", slug="pkor-way-halim", venue=pkor)
    home.add_child(instance=pkor_page)
    pkor_page.save_revision().publish()
    pavilions = {}
    for slug, venue in anjungan.items():
        pavilion = PavilionPage(
            title=venue.name,
            slug=venue.slug,
            venue=venue,
            regency=regencies[slug],
        )
        pkor_page.add_child(instance=pavilion)
        pavilion.save_revision().publish()
        pavilions[slug] = pavilion
    return CalendarTree(
        home, calendar, regencies, folders, pkor, anjungan, hall, pkor_page, pavilions
    )


def regency_editor(username: str, folder: EventFolderPage):
    """A regency editor as the demo province makes them: admin access, and
    add/change (no publish) on their regency's event folder."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import GroupPagePermission

    group = Group.objects.create(name=f"Editor {folder.title}")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=folder,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", first_name="Editor", last_name=folder.title
    )
    user.groups.add(group)
    return user
