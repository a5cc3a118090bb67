"""Languages of the site: Indonesian (the default, at the root of the site)
and English (under /en/).

Helpers for views outside `i18n_patterns` (feeds take `?lang=`), and what a
new translation of a page inherits from its source so its editors can work
on it: the groups' page permissions and the moderation workflow.
"""

from django.conf import settings
from django.utils.translation import get_language

from wagtail.models import GroupPagePermission, Page, WorkflowPage
from wagtail.signals import copy_for_translation_done


def site_languages() -> list[str]:
    """The language codes of the site, default first."""
    return [code for code, _name in settings.LANGUAGES]


def language_from_request(request, param: str = "lang") -> str:
    """The language a feed or export asks for with `?lang=`; else the active
    language (the URL's, for pages), else the default."""
    requested = (request.GET.get(param) or "").strip().lower()
    if requested in site_languages():
        return requested
    active = (get_language() or "").split("-")[0]
    return active if active in site_languages() else settings.LANGUAGE_CODE


def mirror_page_permissions(source: Page, target: Page) -> int:
    """Give `target` the group page permissions `source` has, so a regency's
    editors may edit the translations of their pages. Returns how many were added."""
    added = 0
    for permission in GroupPagePermission.objects.filter(page=source):
        _obj, created = GroupPagePermission.objects.get_or_create(
            group_id=permission.group_id,
            page=target,
            permission_id=permission.permission_id,
        )
        added += created
    return added


def mirror_workflow(source: Page, target: Page) -> None:
    """Assign `target` the workflow assigned to `source` itself (the home
    page's moderation workflow then covers the whole translated tree)."""
    assignment = WorkflowPage.objects.filter(page=source).first()
    if assignment is not None:
        WorkflowPage.objects.update_or_create(
            page=target, defaults={"workflow_id": assignment.workflow_id}
        )


def translation_created(sender, source_obj, target_obj, **kwargs):
    """A page copied into another language keeps its editors and workflow."""
    if isinstance(source_obj, Page) and isinstance(target_obj, Page):
        mirror_page_permissions(source_obj, target_obj)
        mirror_workflow(source_obj, target_obj)


def register() -> None:
    """Connect the receivers (from `CoreConfig.ready()`)."""
    copy_for_translation_done.connect(translation_created, dispatch_uid="core.i18n")
