"""The permission matrix of the province as plain text lines, one grant a line,
named by natural keys (group name, permission, page path, collection name) so
two databases can be compared."""

from django.contrib.auth.models import Group

from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    WorkflowPage,
    WorkflowTask,
)

from core.models import Regency


def _perm(permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


def matrix_lines() -> list[str]:
    """Every group's model permissions, page and collection permissions, the
    regency each editors group is linked to, and the moderation workflow."""
    lines = []
    for group in Group.objects.prefetch_related("permissions__content_type"):
        lines.extend(
            f"group {group.name} | {_perm(p)}" for p in group.permissions.all()
        )
    for regency in Regency.objects.select_related("editors"):
        lines.append(
            f"regency {regency.slug} | editors "
            f"{regency.editors.name if regency.editors else None}"
        )
    for row in GroupPagePermission.objects.select_related(
        "group", "page", "permission__content_type"
    ):
        lines.append(
            f"page {row.group.name} | {row.page.url_path} | {_perm(row.permission)}"
        )
    for row in GroupCollectionPermission.objects.select_related(
        "group", "collection", "permission__content_type"
    ):
        lines.append(
            f"collection {row.group.name} | {row.collection.name} "
            f"| {_perm(row.permission)}"
        )
    for row in WorkflowPage.objects.select_related("workflow", "page"):
        lines.append(
            f"workflow {row.workflow.name} active={row.workflow.active} "
            f"| {row.page.url_path}"
        )
    for row in WorkflowTask.objects.select_related("workflow", "task"):
        task = row.task.specific
        groups = (
            sorted(g.name for g in task.groups.all())
            if isinstance(task, GroupApprovalTask)
            else []
        )
        lines.append(
            f"task {row.workflow.name} | {row.sort_order} {task.name} "
            f"active={task.active} | {', '.join(groups)}"
        )
    return sorted(lines)
