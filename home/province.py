"""The roles of `core.roles` applied to this site: the groups and their
permissions, the page permissions on the tree, the collection permissions and
the moderation workflow.

`apply_roles()` works on the regencies and pages that exist, so it can run on
the demo province and on the real one alike, at any time: running it twice
changes nothing, and a second run puts back a grant, a group's permission,
a regency's editors group or the workflow that went missing. It only adds:
permissions an administrator gave by hand are left alone.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from brands.models import BrandPage
from core.models import Regency
from core.roles import MODERATION, ROLES, Grant, Place, Role
from events.models import EventFolderPage, PavilionPage

from .models import HomePage

# Images of the province itself; moderators reach it through the root collection.
PROVINCE_COLLECTION = "Provinsi Lampung"

REGENCY_PAGES = {
    Place.BRAND_PAGE: BrandPage,
    Place.EVENT_FOLDER: EventFolderPage,
    Place.PAVILION: PavilionPage,
}


@dataclass
class Applied:
    """The groups of the roles and what applying them created, by kind."""

    groups: dict[tuple[Role, str | None], Group] = field(default_factory=dict)
    created: Counter = field(default_factory=Counter)

    def group(self, role: Role, regency_slug: str | None = None) -> Group:
        return self.groups[(role, regency_slug)]


def apply_roles() -> Applied:
    """Create or repair every role's groups, permissions and grants, and the
    moderation workflow, for the regencies and pages that exist."""
    applied = Applied()
    with transaction.atomic():
        regencies = list(Regency.objects.select_related("editors"))
        for role in ROLES:
            for regency in regencies if role.per_regency else [None]:
                group = role_group(role, regency, applied.created)
                applied.groups[(role, regency.slug if regency else None)] = group
                grant_role(role, group, regency, applied.created)
        install_moderation(applied.group(MODERATION.reviewers), applied.created)
    return applied


def role_group(role: Role, regency: Regency | None, created: Counter) -> Group:
    """The role's group; for a regency, the group linked as its editors
    (whatever it has been renamed to), else one made and linked now."""
    if regency is not None and regency.editors is not None:
        return regency.editors
    group, made = Group.objects.get_or_create(name=role.group_name_for(regency))
    created["groups"] += made
    if regency is not None:
        regency.editors = group
        regency.save(update_fields=["editors"])
    return group


def grant_role(
    role: Role, group: Group, regency: Regency | None, created: Counter
) -> None:
    """Add the role's model, page and collection permissions the group lacks."""
    wanted = set(permissions(role.permissions))
    missing = wanted - set(group.permissions.filter(pk__in=[p.pk for p in wanted]))
    group.permissions.add(*missing)
    created["group permissions"] += len(missing)
    for grant in role.page_permissions:
        granted = permissions(grant.permissions)
        for page in pages_at(grant.place, regency):
            for permission in granted:
                _row, made = GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=permission
                )
                created["page permissions"] += made
    for grant in role.collection_permissions:
        collection = collection_at(grant, regency)
        for permission in permissions(grant.permissions):
            _row, made = GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
            created["collection permissions"] += made


def install_moderation(reviewers: Group, created: Counter) -> Workflow:
    """The moderation workflow, active, with its approval task for the
    reviewers, assigned to every home page; no other workflow stays active
    (Wagtail's example workflow on the root would also catch these pages)."""
    workflow, made = Workflow.objects.get_or_create(name=MODERATION.workflow_name)
    created["workflows"] += made
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    tasks = GroupApprovalTask.objects.filter(name=MODERATION.task_name)
    task = tasks.filter(workflow_tasks__workflow=workflow).first()
    if task is None:
        # One taken out of the workflow is put back rather than made twice.
        task = tasks.first() or GroupApprovalTask.objects.create(
            name=MODERATION.task_name
        )
        created["workflow tasks"] += 1
        WorkflowTask.objects.create(
            workflow=workflow, task=task, sort_order=workflow.workflow_tasks.count()
        )
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.add(reviewers)
    for page in pages_at(MODERATION.place, None):
        WorkflowPage.objects.update_or_create(
            page=page, defaults={"workflow": workflow}
        )
    Workflow.objects.exclude(pk=workflow.pk).filter(active=True).update(active=False)
    return workflow


def pages_at(place: Place, regency: Regency | None) -> list[Page]:
    """The pages of a place in every language, in the site's tree (a page in
    the bin gets nothing)."""
    homes = list(HomePage.objects.all())
    if place is Place.HOME:
        return homes
    if not homes:
        return []
    in_site = Q()
    for home in homes:
        in_site |= Q(path__startswith=home.path)
    return list(REGENCY_PAGES[place].objects.filter(in_site, regency=regency))


def collection_at(grant: Grant, regency: Regency | None) -> Collection:
    if grant.place is Place.ALL_COLLECTIONS:
        return Collection.get_first_root_node()
    if grant.place is Place.REGENCY_COLLECTION:
        return collection_for(regency)
    raise ValueError(f"{grant.place} is not a collection")


def collection_for(regency: Regency | None) -> Collection:
    """The regency's image collection (the province's for None), made if
    missing. The one its editors hold rights on comes first: the regency or
    the collection may have been renamed since it was made."""
    root = Collection.get_first_root_node()
    if regency is not None and regency.editors_id is not None:
        granted = (
            root.get_descendants()
            .filter(group_permissions__group_id=regency.editors_id)
            .first()
        )
        if granted is not None:
            return granted
    name = regency.name if regency else PROVINCE_COLLECTION
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def permissions(names: tuple[str, ...]) -> list[Permission]:
    """Permissions by `app_label.codename`; a name that matches none stops
    everything (an app missing from INSTALLED_APPS, or a typo in core.roles)."""
    found = []
    for name in names:
        app_label, codename = name.split(".")
        try:
            found.append(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )
        except Permission.DoesNotExist as error:
            raise LookupError(f"no permission {name!r}") from error
    return found
