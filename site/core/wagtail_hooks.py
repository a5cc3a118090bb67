"""Admin safeguards: deleting a page moves it to a bin that only administrators
can see, from which they restore it (with its revisions) or delete it for good.

Wagtail 7.4 has no trash of its own. wagtail-trash exists but needs the
deprecated wagtail-modeladmin; this is the same idea in Wagtail's own actions
(unpublish, move, publish a revision), so the events app's signal handlers keep
the calendar's occurrences right on the way in and out.

Also registers the regencies' screens and refuses deleting reference data
still in use (core.admin_snippets).
"""

from django.contrib.auth.decorators import user_passes_test
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail import hooks
from wagtail.actions.move_page import MovePageAction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, Revision, WorkflowState
from wagtail.snippets.models import register_snippet

from . import admin_outbox, admin_staff
from .admin_snippets import (
    MERGE,
    ReferenceDataViewSet,
    RegencyViewSet,
    refuse_deletion_in_use,
)
from .jobs import JobsPanel
from .moderation import ChangesRequestedPanel
from .translation_report import UntranslatedPagesMenuItem, UntranslatedPagesView

BIN_SLUG = "tempat-sampah"
BIN_TITLE = "Tempat sampah (halaman terhapus)"
MOVE_TO_BIN = "agenda.move_to_bin"
RESTORE_FROM_BIN = "agenda.restore_from_bin"


def get_bin() -> Page:
    """The bin: a never-published page under the tree root, outside every site,
    so nothing in it has a public URL. Created on first use."""
    root = Page.get_first_root_node()
    existing = root.get_children().filter(slug=BIN_SLUG).first()
    if existing is not None:
        return existing
    bin_page = Page(title=BIN_TITLE, slug=BIN_SLUG, live=False)
    root.add_child(instance=bin_page)
    return bin_page


def is_in_bin(page: Page) -> bool:
    bin_page = Page.get_first_root_node().get_children().filter(slug=BIN_SLUG).first()
    return bin_page is not None and page.is_descendant_of(bin_page)


def move_to_bin(page: Page, user) -> None:
    """Take `page` and its subpages off the site and into the bin, recording
    where they were and which revision of each was live."""
    # The caller's instance may be stale (e.g. published since it was loaded).
    page = Page.objects.get(pk=page.pk).specific
    pages = page.get_descendants(inclusive=True)
    live_revisions = {
        str(pk): revision_id
        for pk, revision_id in pages.filter(live=True).values_list(
            "pk", "live_revision_id"
        )
    }
    ids = [str(pk) for pk in pages.values_list("pk", flat=True)]
    parent = page.get_parent()
    log(
        instance=page,
        action=MOVE_TO_BIN,
        user=user,
        data={"parent_id": parent.pk, "slug": page.slug, "live": live_revisions},
    )
    # Nothing in the bin may go live by itself: not by an approval of a pending
    # submission, not by a scheduled publication.
    page_type = ContentType.objects.get_for_model(Page)
    for state in WorkflowState.objects.active().filter(
        base_content_type=page_type, object_id__in=ids
    ):
        state.cancel(user=user)
    Revision.objects.filter(base_content_type=page_type, object_id__in=ids).update(
        approved_go_live_at=None
    )
    if page.live or live_revisions:
        UnpublishPageAction(page.specific, user=user, include_descendants=True).execute(
            skip_permission_checks=True
        )
    # The bin holds pages from everywhere: prefix the id so slugs never clash.
    page = Page.objects.get(pk=page.pk)
    page.slug = f"{page.pk}-{page.slug}"[:255]
    page.save(update_fields=["slug"], clean=False, log_action=False)
    # Into a plain page outside the type rules: the permission to delete was
    # checked by the delete view; the move itself is ours.
    MovePageAction(page, get_bin(), pos="last-child", user=user).execute(
        skip_permission_checks=True
    )


def restore_from_bin(page: Page, user) -> str:
    """Put a binned page back where it was and republish what was live.
    Returns a warning to show, or ""."""
    page = Page.objects.get(pk=page.pk).specific
    entry = (
        PageLogEntry.objects.filter(page=page, action=MOVE_TO_BIN)
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is None:
        return _("No record of where this page came from; move it yourself.")
    parent = Page.objects.filter(pk=entry.data.get("parent_id")).first()
    if parent is None or is_in_bin(parent):
        return _("Its former parent page no longer exists; move it yourself.")
    MovePageAction(page, parent, pos="last-child", user=user).execute(
        skip_permission_checks=True
    )
    page = Page.objects.get(pk=page.pk)
    warning = ""
    slug = entry.data.get("slug") or page.slug
    if parent.get_children().filter(slug=slug).exclude(pk=page.pk).exists():
        warning = _("Another page now uses its old address; it keeps “%(slug)s”.") % {
            "slug": page.slug
        }
    else:
        page.slug = slug
        page.save(update_fields=["slug"], clean=False, log_action=False)
    for revision_id in (entry.data.get("live") or {}).values():
        revision = Revision.objects.filter(pk=revision_id).first()
        if revision is not None:
            revision.publish(user=user, skip_permission_checks=True)
    log(
        instance=page, action=RESTORE_FROM_BIN, user=user, data={"parent_id": parent.pk}
    )
    return warning


@hooks.register("register_log_actions")
def register_bin_log_actions(actions):
    actions.register_action(
        MOVE_TO_BIN, gettext_lazy("Move to bin"), gettext_lazy("Moved to the bin")
    )
    actions.register_action(
        RESTORE_FROM_BIN,
        gettext_lazy("Restore from bin"),
        gettext_lazy("Restored from the bin"),
    )
    actions.register_action(
        MERGE, gettext_lazy("Merge"), gettext_lazy("A duplicate was merged into it")
    )


@hooks.register("before_delete_page")
def delete_into_bin(request, page):
    """Deleting a page (already allowed by Wagtail's permission rules) moves it
    to the bin. Only a page already in the bin is really deleted, and only
    administrators can reach those."""
    if request.method != "POST" or is_in_bin(page):
        return None
    parent = page.get_parent()
    with transaction.atomic():
        move_to_bin(page, request.user)
    messages.success(
        request,
        _("“%(title)s” was moved to the bin; an administrator can restore it.")
        % {"title": page.get_admin_display_title()},
    )
    return redirect("wagtailadmin_explore", parent.pk)


@hooks.register("before_bulk_action")
def bulk_delete_into_bin(request, action_type, objects, action_class_instance):
    if action_type != "delete" or not objects or request.method != "POST":
        return None
    if not isinstance(objects[0], Page):
        return None  # a bulk delete of snippets: only pages go to the bin
    if all(is_in_bin(page) for page in objects):
        return None
    parent = objects[0].get_parent()
    with transaction.atomic():
        for page in objects:
            if not is_in_bin(page):
                move_to_bin(page, request.user)
    messages.success(
        request,
        _("%(count)s pages were moved to the bin; an administrator can restore them.")
        % {"count": len(objects)},
    )
    return redirect("wagtailadmin_explore", parent.pk)


def _is_administrator(user):
    if user.is_active and user.is_superuser:
        return True
    raise PermissionDenied


@user_passes_test(_is_administrator)
def bin_index(request):
    """What is in the bin, newest first, with who binned it and when."""
    bin_page = get_bin()
    pages = list(
        bin_page.get_children().specific().order_by("-latest_revision_created_at")
    )
    entries = {
        e.page_id: e
        for e in PageLogEntry.objects.filter(page__in=pages, action=MOVE_TO_BIN)
        .select_related("user")
        .order_by("timestamp")
    }
    return TemplateResponse(
        request,
        "core/bin.html",
        {"rows": [(page, entries.get(page.pk)) for page in pages], "bin": bin_page},
    )


@require_POST
@user_passes_test(_is_administrator)
def bin_restore(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if not is_in_bin(page) or page.get_parent().slug != BIN_SLUG:
        raise PermissionDenied
    with transaction.atomic():
        warning = restore_from_bin(page, request.user)
    page.refresh_from_db()
    if warning:
        messages.warning(request, warning)
    messages.success(
        request,
        _("“%(title)s” was restored.") % {"title": page.get_admin_display_title()},
    )
    return redirect("core_bin")


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_urls")
def register_bin_urls():
    return [
        path("bin/", bin_index, name="core_bin"),
        path("bin/<int:page_id>/restore/", bin_restore, name="core_bin_restore"),
    ]


@hooks.register("register_admin_menu_item")
def register_bin_menu_item():
    return AdministratorMenuItem(
        gettext_lazy("Bin"), reverse("core_bin"), icon_name="bin", order=10000
    )


# "Reports › Pages without English" (core.translation_report).


@hooks.register("register_admin_urls")
def register_untranslated_pages_urls():
    return [
        path(
            "reports/untranslated/",
            UntranslatedPagesView.as_view(),
            name="untranslated_pages",
        ),
        path(
            "reports/untranslated/results/",
            UntranslatedPagesView.as_view(results_only=True),
            name="untranslated_pages_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_untranslated_pages_menu_item():
    return UntranslatedPagesMenuItem(
        gettext_lazy("Pages without English"),
        reverse("untranslated_pages"),
        name="untranslated-pages",
        icon_name="globe",
        order=650,
    )


# Regencies (core.admin_snippets): moderators correct their facts; a row still
# in use, of any reference-data snippet, is never deleted.
register_snippet(RegencyViewSet)


@hooks.register("before_delete_snippet")
def refuse_deleting_reference_data_in_use(request, instances):
    return refuse_deletion_in_use(request, instances)


@hooks.register("register_snippet_listing_buttons")
def merge_listing_button(snippet, user, next_url=None):
    """ "Merge into another" on the rows of reference data that can be merged
    (venues, tags), for the users who may merge them."""
    viewset = getattr(type(snippet), "snippet_viewset", None)
    if isinstance(viewset, ReferenceDataViewSet):
        button = viewset.merge_button(snippet, user, next_url)
        if button is not None:
            yield button


# Staff (core.admin_staff): administrators add moderators and regency editors.


@hooks.register("register_admin_urls")
def register_staff_urls():
    return [
        path("staff/", admin_staff.StaffIndexView.as_view(), name="core_staff"),
        path("staff/add/", admin_staff.StaffAddView.as_view(), name="core_staff_add"),
        path(
            "staff/<int:user_id>/active/",
            admin_staff.StaffActiveView.as_view(),
            name="core_staff_active",
        ),
        path(
            "staff/<int:user_id>/invite/",
            admin_staff.StaffInviteView.as_view(),
            name="core_staff_invite",
        ),
    ]


@hooks.register("register_settings_menu_item")
def register_staff_menu_item():
    return AdministratorMenuItem(
        gettext_lazy("Staff"), reverse("core_staff"), icon_name="group", order=550
    )


# The editor's pages sent back by the moderators, with their comments
# (core.moderation; the edit view shows the same above the form).
@hooks.register("construct_homepage_panels")
def add_changes_requested_panel(request, panels):
    panels.insert(0, ChangesRequestedPanel(request.user))


# Scheduled jobs that failed or stopped (core.jobs), for administrators.
@hooks.register("construct_homepage_panels")
def add_jobs_panel(request, panels):
    if request.user.is_superuser:
        panels.insert(0, JobsPanel())


@hooks.register("register_admin_urls")
def register_outbox_urls():
    return [
        path("outbox/", admin_outbox.OutboxIndexView.as_view(), name="core_outbox"),
        path(
            "outbox/resend/",
            admin_outbox.OutboxResendView.as_view(),
            name="core_outbox_resend",
        ),
    ]


@hooks.register("register_settings_menu_item")
def register_outbox_menu_item():
    return AdministratorMenuItem(
        gettext_lazy("Outgoing e-mail"),
        reverse("core_outbox"),
        icon_name="mail",
        order=560,
    )
