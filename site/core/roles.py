"""The roles of the province, defined once: who edits, who moderates and who
sees every regency.

- Regency editor: one group per regency, linked by `Regency.editors`. Edits
  the regency's brand page, adds events to its event folder, edits its
  anjungan (pavilion) page and submits them all for moderation; uploads and
  chooses images in the regency's collection; adds and edits the regency's
  venues and sees its facts. Never publishes.
- Provincial moderator: reviews the submissions of every regency in the
  moderation workflow, and edits province content, venues (merging
  duplicates), regencies, tags and the site and planning settings.
- Provincial staff: sees every regency's planning report, the exports and the
  national nominations. Not a group of its own: the members of the groups in
  `PROVINCIAL_STAFF_GROUPS` (today the moderators) and active administrators.

This module only describes the roles. `home.province` applies them to the
database (groups, permissions on the page tree, collections, the workflow);
the demo loader and the setup command call it. The page and collection
permissions name *places* (`Place`), which `home.province` finds in the tree:
the core app may not import the apps that define those pages.
"""

from dataclasses import dataclass
from enum import StrEnum

from .models import Regency


class Place(StrEnum):
    """Where a role's page or collection permissions are granted."""

    HOME = "home"  # every language's home page, and so the whole site
    BRAND_PAGE = "brand page"  # the regency's brand page, in every language
    EVENT_FOLDER = "event folder"  # the regency's folder in the calendar
    PAVILION = "pavilion"  # the regency's anjungan at PKOR Way Halim
    ALL_COLLECTIONS = "root collection"  # every image collection
    REGENCY_COLLECTION = "regency collection"  # the collection named after it


@dataclass(frozen=True)
class Grant:
    """Permissions (`app_label.codename`) on one place."""

    place: Place
    permissions: tuple[str, ...]


@dataclass(frozen=True)
class Role:
    """A group's permissions. `group_name` is a template for roles held per
    regency (`{short_name}` is the regency's short name)."""

    group_name: str
    permissions: tuple[str, ...]
    page_permissions: tuple[Grant, ...]
    collection_permissions: tuple[Grant, ...]
    per_regency: bool = False

    def group_name_for(self, regency: Regency | None = None) -> str:
        if self.per_regency:
            if regency is None:
                raise ValueError(f"{self.group_name!r} is held per regency")
            return self.group_name.format(short_name=regency.short_name)
        return self.group_name


@dataclass(frozen=True)
class Moderation:
    """The workflow every page goes through before it is published: one group
    approval task for the reviewers' group, assigned to `place`."""

    workflow_name: str
    task_name: str
    reviewers: Role
    place: Place


ADMIN_ACCESS = "wagtailadmin.access_admin"
SUBMIT_TRANSLATION = "simple_translation.submit_translation"
IMAGES = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
)

REGENCY_EDITOR = Role(
    group_name="Editor {short_name}",
    # Venues and the regency's facts only within their own regencies: the
    # admin screens narrow these model permissions by `regency_scope`.
    permissions=(
        ADMIN_ACCESS,
        SUBMIT_TRANSLATION,
        "events.add_venue",
        "events.change_venue",
        "core.view_regency",
    ),
    page_permissions=(
        Grant(Place.BRAND_PAGE, ("wagtailcore.add_page", "wagtailcore.change_page")),
        Grant(Place.EVENT_FOLDER, ("wagtailcore.add_page", "wagtailcore.change_page")),
        Grant(Place.PAVILION, ("wagtailcore.change_page",)),
    ),
    collection_permissions=(Grant(Place.REGENCY_COLLECTION, IMAGES),),
    per_regency=True,
)

PROVINCIAL_MODERATOR = Role(
    group_name="Moderator Provinsi",
    permissions=(
        ADMIN_ACCESS,
        SUBMIT_TRANSLATION,
        "events.add_venue",
        "events.change_venue",
        "core.change_regency",
        "taggit.change_tag",
        "taggit.delete_tag",
        "core.change_organisationsettings",
        "core.change_planningsettings",
    ),
    page_permissions=(
        Grant(
            Place.HOME,
            (
                "wagtailcore.add_page",
                "wagtailcore.change_page",
                "wagtailcore.publish_page",
                "wagtailcore.lock_page",
                "wagtailcore.unlock_page",
            ),
        ),
    ),
    collection_permissions=(Grant(Place.ALL_COLLECTIONS, IMAGES),),
)

ROLES = (PROVINCIAL_MODERATOR, REGENCY_EDITOR)

MODERATION = Moderation(
    workflow_name="Persetujuan moderator provinsi",
    task_name="Tinjauan moderator provinsi",
    reviewers=PROVINCIAL_MODERATOR,
    place=Place.HOME,
)

# Membership of a group, not a model permission: the planning settings
# permission (what this used to test) is about editing the year and the
# deadline, and granting it to a regency's group in the admin must not open
# every regency's report to that regency.
PROVINCIAL_STAFF_GROUPS = (PROVINCIAL_MODERATOR.group_name,)


def is_provincial_staff(user) -> bool:
    """Active administrators and the members of the provincial staff groups:
    they see every regency's planning report, the exports and nominations."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=PROVINCIAL_STAFF_GROUPS).exists()


def editor_regencies(user) -> list[Regency]:
    """The regencies whose editors group the (active) user belongs to."""
    if not (user.is_authenticated and user.is_active):
        return []
    return list(Regency.objects.filter(editors__user=user).order_by("name"))


def regency_scope(user) -> list[Regency] | None:
    """The regencies whose rows (venues, facts) the user's model permissions
    reach: None for every regency (provincial staff), else their own."""
    if is_provincial_staff(user):
        return None
    return editor_regencies(user)


def may_confirm_dates(user, page) -> bool:
    """Whether the user confirms or shifts an event's estimated dates (after
    the government's sidang isbat): the moderators, who publish the page;
    regency editors never publish, so never confirm."""
    if not (user.is_authenticated and user.is_active):
        return False
    return page.permissions_for_user(user).can_publish()
