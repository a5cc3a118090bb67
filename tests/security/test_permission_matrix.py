"""The permission matrix: roles x admin actions x objects, each cell a real
admin HTTP request whose outcome is declared in a table below.

Every cell is its own test (so one failure names its role, action and object),
generated from EXPECTED. A refused request must leave the database unchanged:
pages, revisions, images, users, groups, permissions, workflow states and site
settings are compared before and after. The counts are printed after the run.
"""

import io
import re
from datetime import UTC, date, datetime

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    PageLogEntry,
    Revision,
    Site,
    TaskState,
    WorkflowState,
)

from PIL import Image as PILImage

from brands.models import BrandPage
from core.models import OrganisationSettings, OutgoingEmail, PlanningSettings, Regency
from events.models import (
    CalendarSource,
    DateConfirmation,
    EventFolderPage,
    EventPage,
    EventPageTag,
    ImportRun,
    Occurrence,
    PavilionPage,
    Venue,
    VenuePage,
)
from tests.demo import load_demo_province
from tests.events.ics_files import calendar_of, simple_event
from tests.events.plan_files import GOOD_ROWS, xlsx
from tests.security import report
from tests.security.forms import form_data

ROLES = ("anonymous", "editor_a", "editor_b", "moderator", "admin")
USERNAMES = {
    "editor_a": "editor.lampung-barat",
    "editor_b": "editor.pesisir-barat",
    "moderator": "moderator",
    "admin": "admin",
}
ALL = "editor_a editor_b moderator admin"
A_SIDE = "editor_a moderator admin"
B_SIDE = "editor_b moderator admin"
STAFF = "moderator admin"
ADMIN = "admin"
NOBODY = ""

# (action, object): the roles allowed. Every other role is refused; the
# anonymous visitor is refused everywhere. "A" is Lampung Barat, "B" Pesisir Barat.
EXPECTED = {
    # Explorer listing of a page's children.
    # Explorer listing of a page's children: Wagtail lets every signed-in staff
    # member browse the tree read-only (titles and status, never content).
    ("listing", "brand_a"): ALL,
    ("listing", "brand_b"): ALL,
    ("listing", "folder_a"): ALL,
    ("listing", "event_a"): ALL,
    ("listing", "province_event"): ALL,
    ("listing", "pkor"): ALL,
    ("listing", "pavilion_a"): ALL,
    ("listing", "pavilion_b"): ALL,
    # The admin API behind the explorer menu: drafts must not leak across regencies.
    ("api_detail", "draft_a"): A_SIDE,
    ("api_detail", "brand_b"): B_SIDE,
    ("api_detail", "province_event"): STAFF,
    # Creating an event in a folder.
    ("create", "folder_a"): A_SIDE,
    ("create", "folder_b"): B_SIDE,
    ("create", "folder_province"): STAFF,
    ("create_form", "pkor"): STAFF,
    # Saving a draft.
    ("edit", "brand_a"): A_SIDE,
    ("edit", "brand_b"): B_SIDE,
    ("edit", "folder_a"): A_SIDE,
    ("edit", "event_a"): A_SIDE,
    ("edit", "draft_a"): A_SIDE,
    ("edit", "province_event"): STAFF,
    ("edit", "pkor"): STAFF,
    ("edit", "pavilion_a"): A_SIDE,
    ("edit", "pavilion_b"): B_SIDE,
    # Previews, drafts, revisions and history show unpublished content.
    ("preview", "brand_b"): B_SIDE,
    ("preview", "draft_a"): A_SIDE,
    ("preview", "province_event"): STAFF,
    ("view_draft", "draft_a"): A_SIDE,
    ("view_draft", "brand_b"): B_SIDE,
    ("compare", "brand_a"): A_SIDE,
    ("compare", "draft_a"): A_SIDE,
    ("compare", "pavilion_b"): B_SIDE,
    ("history", "brand_a"): A_SIDE,
    ("history", "event_a"): A_SIDE,
    ("history", "province_event"): STAFF,
    ("history", "pavilion_b"): B_SIDE,
    ("revision_view", "draft_a"): A_SIDE,
    ("revision_view", "brand_b"): B_SIDE,
    # Copying next to the original, and into another regency's folder.
    ("copy", "event_a"): A_SIDE,
    ("copy", "draft_a"): A_SIDE,
    ("copy", "province_event"): STAFF,
    ("copy_to_folder_b", "event_a"): STAFF,
    ("copy_to_folder_b", "draft_a"): STAFF,
    # Moving into another folder: live pages only with publish rights.
    ("move_to_folder_b", "event_a"): STAFF,
    ("move_to_folder_b", "draft_a"): STAFF,
    ("move_to_folder_province", "draft_a"): STAFF,
    # Deleting (into the bin): editors only their own unpublished leaf pages;
    # nobody but administrators a subtree.
    ("delete", "brand_a"): STAFF,
    ("delete", "folder_a"): ADMIN,
    ("delete", "event_a"): STAFF,
    ("delete", "draft_a"): A_SIDE,
    ("delete", "province_event"): STAFF,
    ("delete", "pkor"): ADMIN,
    ("delete", "pavilion_a"): STAFF,
    ("delete", "pavilion_b"): STAFF,
    # Going live and back: moderators and administrators only.
    ("publish", "brand_a"): STAFF,
    ("publish", "event_a"): STAFF,
    ("publish", "draft_a"): STAFF,
    ("publish", "province_event"): STAFF,
    ("publish", "pavilion_a"): STAFF,
    ("unpublish", "brand_a"): STAFF,
    ("unpublish", "event_a"): STAFF,
    ("unpublish", "province_event"): STAFF,
    ("unpublish", "pavilion_b"): STAFF,
    ("lock", "brand_a"): STAFF,
    ("lock", "event_a"): STAFF,
    ("lock", "pavilion_a"): STAFF,
    # Submitting for moderation, and deciding on a submission.
    ("submit", "brand_a"): A_SIDE,
    ("submit", "brand_b"): B_SIDE,
    ("submit", "event_a"): A_SIDE,
    ("submit", "draft_a"): A_SIDE,
    ("submit", "province_event"): STAFF,
    ("submit", "pavilion_a"): A_SIDE,
    ("submit", "pavilion_b"): B_SIDE,
    ("approve", "pending_a"): STAFF,
    ("reject", "pending_a"): STAFF,
    # Images: each regency's collection is its own.
    ("choose_image", "image_a"): A_SIDE,
    ("choose_image", "image_b"): B_SIDE,
    ("chosen_image", "image_a"): A_SIDE,
    ("chosen_image", "image_b"): B_SIDE,
    ("upload_image", "collection_a"): A_SIDE,
    ("upload_image", "collection_b"): B_SIDE,
    ("edit_image", "image_a"): A_SIDE,
    ("edit_image", "image_b"): B_SIDE,
    # Wagtail's rule: who may change an image in a collection may delete it.
    ("delete_image", "image_a"): A_SIDE,
    ("delete_image", "image_b"): B_SIDE,
    # Site settings and accounts.
    ("edit_settings", "organisation_settings"): STAFF,
    ("edit_settings", "planning_settings"): STAFF,
    ("list_users", "users"): ADMIN,
    ("create_user", "users"): ADMIN,
    ("edit_group", "group_a"): ADMIN,
    ("list_groups", "groups"): ADMIN,
    # Venues and regencies (snippets): moderators keep the venues, merge
    # duplicates and correct the regencies' facts; a regency's editors add and
    # edit their own regency's venues (never move one to another regency) and
    # see their own regency's facts. Adding or deleting a regency, deleting a
    # venue and linking a regency to an editors group are the administrators'.
    # What is in use is deleted by nobody; no chooser lists them.
    ("list_snippets", "venues"): ALL,
    ("search_snippets", "venues"): A_SIDE,
    ("create_venue", "venues"): A_SIDE,
    ("create_venue_in", "regency_b"): B_SIDE,
    ("edit_snippet", "venue_a"): A_SIDE,
    ("edit_snippet", "venue_b"): B_SIDE,
    ("move_venue_a_to", "regency_b"): STAFF,
    ("copy_snippet", "venue_a"): A_SIDE,
    ("history_snippet", "venue_a"): A_SIDE,
    ("usage_snippet", "venue_a"): A_SIDE,
    ("merge_venue", "venue_spare"): STAFF,
    ("delete_snippet", "venue_spare"): ADMIN,
    ("delete_snippet", "venue_a"): NOBODY,
    ("bulk_delete_snippet", "venue_spare"): ADMIN,
    ("bulk_delete_snippet", "venue_a"): NOBODY,
    ("choose_snippet", "venues"): NOBODY,
    ("list_snippets", "regencies"): ALL,
    ("inspect_snippet", "regency_a"): A_SIDE,
    ("inspect_snippet", "regency_b"): B_SIDE,
    ("create_regency", "regencies"): ADMIN,
    ("edit_snippet", "regency_a"): STAFF,
    ("relink_editors", "regency_a"): ADMIN,
    ("history_snippet", "regency_a"): STAFF,
    ("delete_snippet", "regency_spare"): ADMIN,
    ("delete_snippet", "regency_a"): NOBODY,
    # Tags: moderators rename, merge and delete; editors only use them.
    ("list_snippets", "tags"): STAFF,
    ("edit_snippet", "tag_junk"): STAFF,
    ("merge_tag", "tag_junk"): STAFF,
    ("delete_snippet", "tag_junk"): STAFF,
    # Staff accounts: administrators only.
    ("list_staff", "staff"): ADMIN,
    ("add_staff", "staff"): ADMIN,
    ("deactivate_staff", "user_b"): ADMIN,
    # Scheduled jobs' states and errors (core.jobs) on the dashboard:
    # administrators only (an error can name hosts and paths).
    ("see_job_errors", "jobs"): ADMIN,
    # The e-mail outbox (core.outbox): recipients and errors, administrators only.
    ("list_outbox", "outbox"): ADMIN,
    ("resend_outbox", "outbox"): ADMIN,
    # Next year's plan from a spreadsheet (events.plan_import): each regency's
    # editors into their own folder only, the provincial staff into any.
    ("plan_template", "plan"): ALL,
    ("import_plan", "folder_a"): A_SIDE,
    ("import_plan", "folder_b"): B_SIDE,
    ("import_plan", "folder_province"): STAFF,
    # Estimated Hijri dates confirmed or shifted after the isbat
    # (events.admin_dates): the moderators, who publish; never an editor,
    # not even of the event's own regency.
    ("confirm_dates", "hijri_a"): STAFF,
    # A regency's own calendar imported (events.calendar_import): each
    # regency's editors their own regency's calendars and logs only, the
    # provincial staff every regency's.
    ("list_calendars", "source_a"): A_SIDE,
    ("add_calendar", "regency_a"): A_SIDE,
    ("add_calendar", "regency_b"): B_SIDE,
    ("edit_calendar", "source_a"): A_SIDE,
    ("delete_calendar", "source_a"): A_SIDE,
    ("run_calendar", "source_a"): A_SIDE,
    ("upload_calendar", "source_a"): A_SIDE,
    ("list_import_logs", "source_a"): A_SIDE,
    ("view_import_log", "run_a"): A_SIDE,
}

SETTINGS_MODELS = {
    "organisation_settings": "organisationsettings",
    "planning_settings": "planningsettings",
}
SNIPPET_LISTINGS = {
    "venues": "events/venue",
    "regencies": "core/regency",
    "tags": "taggit/tag",
}
OUTCOME_ALLOWED = "allowed"
OUTCOME_REFUSED = "refused"


class Refused(Exception):
    """The request was turned away (login page, 403, 404 or a permission message)."""


def snapshot():
    """Everything a refused request must not change."""
    Image = get_image_model()
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk",
                "path",
                "slug",
                "title",
                "draft_title",
                "live",
                "locked",
                "latest_revision_id",
                "live_revision_id",
                "has_unpublished_changes",
            )
        ),
        "revisions": list(Revision.objects.order_by("pk").values_list("pk")),
        "images": list(
            Image.objects.order_by("pk").values_list("pk", "title", "collection_id")
        ),
        "users": list(
            User.objects.order_by("pk").values_list(
                "pk", "username", "is_superuser", "is_staff", "is_active"
            )
        ),
        "groups": list(Group.objects.order_by("pk").values_list("pk", "name")),
        "group_permissions": list(
            Group.permissions.through.objects.order_by("pk").values_list("pk")
        ),
        "user_groups": list(
            User.groups.through.objects.order_by("pk").values_list("pk")
        ),
        "page_permissions": list(GroupPagePermission.objects.values_list("pk")),
        "collection_permissions": list(
            GroupCollectionPermission.objects.values_list("pk")
        ),
        "workflow_states": list(
            WorkflowState.objects.order_by("pk").values_list("pk", "status")
        ),
        "task_states": list(
            TaskState.objects.order_by("pk").values_list("pk", "status")
        ),
        "organisation": list(OrganisationSettings.objects.values()),
        "planning": list(PlanningSettings.objects.values()),
        "venues": list(Venue.objects.order_by("pk").values()),
        "regencies": list(Regency.objects.order_by("pk").values()),
        "tags": list(Tag.objects.order_by("pk").values_list("pk", "name", "slug")),
        "tagged": list(EventPageTag.objects.order_by("pk").values_list("pk", "tag_id")),
        "date_confirmations": list(DateConfirmation.objects.order_by("pk").values()),
        "provisional": list(
            Occurrence.objects.filter(provisional=True).order_by("pk").values_list("pk")
        ),
        "calendar_sources": list(CalendarSource.objects.order_by("pk").values()),
        "import_runs": list(ImportRun.objects.order_by("pk").values_list("pk")),
    }


def png_bytes(size=(40, 30), colour="#1e5631"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def pk_in_page(html: str, pk: int, kind: str) -> bool:
    """True if the chooser listing links to this object's "chosen" URL."""
    return re.search(rf"/admin/{kind}/chooser/chosen/{pk}/", html) is not None


class PermissionMatrixTests(TestCase):
    """One test per cell of EXPECTED, for each of the five roles."""

    admin_forms: dict = {}

    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        cls.users = {
            role: User.objects.get(username=name) for role, name in USERNAMES.items()
        }
        editor_a = cls.users["editor_a"]
        locale = Locale.get_default()
        brand = {
            p.regency.slug: p
            for p in BrandPage.objects.filter(locale=locale).select_related("regency")
        }
        folders = {
            (f.regency.slug if f.regency_id else None): f
            for f in EventFolderPage.objects.filter(locale=locale).select_related(
                "regency"
            )
        }
        pavilions = {
            p.regency.slug: p
            for p in PavilionPage.objects.filter(locale=locale).select_related(
                "regency"
            )
        }
        folder_a = folders["lampung-barat"]
        objects = {
            "brand_a": brand["lampung-barat"],
            "brand_b": brand["pesisir-barat"],
            "folder_a": folder_a,
            "folder_b": folders["pesisir-barat"],
            "folder_province": folders[None],
            "event_a": EventPage.objects.child_of(folder_a).live().first(),
            "province_event": EventPage.objects.child_of(folders[None]).live().first(),
            "pkor": VenuePage.objects.get(locale=locale),
            "pavilion_a": pavilions["lampung-barat"],
            "pavilion_b": pavilions["pesisir-barat"],
            # Sekura, on 1–6 Syawal (demo data): Lampung Barat's Hijri event.
            "hijri_a": EventPage.objects.child_of(folder_a)
            .live()
            .get(calendar_rule="hijri"),
        }
        for slug, key in (("draft_a", "draft_a"), ("pending_a", "pending_a")):
            page = EventPage(
                title=f"Draf {slug}",
                slug=slug.replace("_", "-"),
                summary="Draf acara yang belum terbit.",
                category="culture",
                start_date=date(2027, 3, 6),
                owner=editor_a,
                live=False,
            )
            folder_a.add_child(instance=page)
            page.save_revision(user=editor_a)
            objects[key] = page
        pending = objects["pending_a"]
        pending.get_workflow().start(pending, editor_a)
        # A newer draft on live pages, so "publish" has something to publish.
        for key in ("brand_a", "event_a", "province_event", "pavilion_a"):
            page = objects[key]
            page.title = f"{page.title} (draf)"
            page.save_revision(user=cls.users["admin"])
        Image = get_image_model()
        collections = {c.name: c for c in Collection.objects.all()}
        objects["collection_a"] = collections["Kabupaten Lampung Barat"]
        objects["collection_b"] = collections["Kabupaten Pesisir Barat"]
        objects["image_a"] = Image.objects.filter(
            collection=objects["collection_a"]
        ).first()
        objects["image_b"] = Image.objects.filter(
            collection=objects["collection_b"]
        ).first()
        objects["group_a"] = editor_a.groups.get()
        objects["venue_a"] = objects["pavilion_a"].venue
        objects["venue_b"] = objects["pavilion_b"].venue
        objects["regency_a"] = objects["brand_a"].regency
        objects["regency_b"] = objects["brand_b"].regency
        objects["user_b"] = cls.users["editor_b"]
        # A junk tag on an event, and the tag it is merged into.
        objects["tag_junk"] = Tag.objects.create(name="kopii", slug="kopii")
        objects["tag_keep"] = Tag.objects.create(name="kopi uji", slug="kopi-uji")
        EventPageTag.objects.create(
            content_object=objects["event_a"], tag=objects["tag_junk"]
        )
        # Rows nothing uses, for the deletions that may succeed.
        objects["venue_spare"] = Venue.objects.create(
            name="Lapangan Cadangan",
            slug="lapangan-cadangan",
            regency=objects["regency_a"],
        )
        objects["regency_spare"] = Regency.objects.create(
            slug="kabupaten-uji",
            name="Kabupaten Uji",
            short_name="Uji",
            kind="kabupaten",
            seat="Uji",
            code="18.99",
            latitude="-5.00000",
            longitude="105.00000",
        )
        # An imported calendar of regency A, its address one that is never
        # fetched (a private address: the run logs the refusal), and a log.
        objects["source_a"] = CalendarSource.objects.create(
            name="Kalender Dinas Lampung Barat",
            regency=objects["regency_a"],
            url="http://127.0.0.1:9/kalender.ics",
            created_by=editor_a,
        )
        objects["run_a"] = ImportRun.objects.create(
            source=objects["source_a"],
            started_at=datetime(2027, 1, 1, 2, tzinfo=UTC),
            finished_at=datetime(2027, 1, 1, 2, tzinfo=UTC),
            added=1,
            entries=[
                {
                    "uid": "x",
                    "title": "Acara impor rahasia",
                    "outcome": "added",
                    "code": "",
                    "reason": "",
                    "event": None,
                }
            ],
        )
        # Settings rows appear on first read; make them exist before any snapshot.
        PlanningSettings.for_site(Site.objects.get(is_default_site=True))
        OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
        cls.site = Site.objects.get(is_default_site=True)
        cls.object_ids = {
            key: value.pk for key, value in objects.items() if hasattr(value, "pk")
        }

    # Helpers.

    def obj(self, key):
        pk = self.object_ids[key]
        if key.startswith("image"):
            return get_image_model().objects.get(pk=pk)
        if key.startswith("collection"):
            return Collection.objects.get(pk=pk)
        if key == "group_a":
            return Group.objects.get(pk=pk)
        if key.startswith("venue_"):
            return Venue.objects.get(pk=pk)
        if key.startswith("regency_"):
            return Regency.objects.get(pk=pk)
        if key.startswith("tag_"):
            return Tag.objects.get(pk=pk)
        if key.startswith("user_"):
            return User.objects.get(pk=pk)
        if key.startswith("source_"):
            return CalendarSource.objects.get(pk=pk)
        if key.startswith("run_"):
            return ImportRun.objects.get(pk=pk)
        return Page.objects.get(pk=pk).specific

    def as_admin_form(self, url, form_id):
        """The form at `url` as the administrator sees it, ready to POST. Read
        once per class: every test starts from the same database."""
        forms = type(self).admin_forms
        if url not in forms:
            self.client.force_login(self.users["admin"])
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.client.logout()
            forms[url] = form_data(response.content.decode(), form_id)
        return {name: list(values) for name, values in forms[url].items()}

    def edit_payload(self, page, **changes):
        data = self.as_admin_form(f"/admin/pages/{page.pk}/edit/", "page-edit-form")
        if (
            "body-count" not in data
            and hasattr(page, "body")
            and not isinstance(page.body, str)
        ):
            data["body-count"] = ["0"]
        data.update({k: [v] for k, v in changes.items()})
        return data

    def check_response(self, response):
        """Classify a response as allowed or refused; anything else fails."""
        if response.status_code in (403, 404):
            raise Refused
        if response.status_code == 302:
            location = response["Location"]
            if "/admin/login/" in location:
                raise Refused
            if location.rstrip("/") == "/admin":
                raise Refused  # Wagtail's "Sorry, you do not have permission"
        self.assertIn(response.status_code, (200, 302), response.content[:500])
        return response

    # Actions: each performs the request and returns True if its effect happened.

    def do_listing(self, page):
        self.check_response(self.client.get(f"/admin/pages/{page.pk}/"))
        return True

    def do_api_detail(self, page):
        response = self.check_response(
            self.client.get(f"/admin/api/main/pages/{page.pk}/")
        )
        return response.status_code == 200

    def do_create(self, folder):
        url = f"/admin/pages/add/events/eventpage/{folder.pk}/"
        data = self.as_admin_form(url, "page-edit-form")
        data.update(
            title=["Festival uji matriks"],
            slug=["festival-uji-matriks"],
            summary=["Acara uji untuk matriks izin."],
            category=["culture"],
            start_date=["2027-05-01"],
        )
        self.check_response(self.client.post(url, data))
        return EventPage.objects.filter(slug="festival-uji-matriks").exists()

    def do_create_form(self, parent):
        url = f"/admin/pages/add/events/pavilionpage/{parent.pk}/"
        self.check_response(self.client.get(url))
        return True

    def do_edit(self, page):
        data = self.edit_payload(page, title=f"{page.title} disunting")
        before = Revision.objects.count()
        self.check_response(self.client.post(f"/admin/pages/{page.pk}/edit/", data))
        return Revision.objects.count() > before

    def do_preview(self, page):
        url = f"/admin/pages/{page.pk}/edit/preview/"
        data = self.edit_payload(page, title="Judul pratinjau rahasia")
        self.check_response(self.client.post(url, data))
        response = self.check_response(self.client.get(url))
        return b"Judul pratinjau rahasia" in response.content

    def do_view_draft(self, page):
        response = self.check_response(
            self.client.get(f"/admin/pages/{page.pk}/view_draft/")
        )
        return response.status_code == 200

    def do_compare(self, page):
        response = self.check_response(
            self.client.get(
                f"/admin/pages/{page.pk}/revisions/compare/earliest...latest/"
            )
        )
        return response.status_code == 200

    def do_history(self, page):
        response = self.check_response(
            self.client.get(f"/admin/pages/{page.pk}/history/")
        )
        return response.status_code == 200

    def do_revision_view(self, page):
        revision = page.latest_revision
        response = self.check_response(
            self.client.get(f"/admin/pages/{page.pk}/revisions/{revision.pk}/view/")
        )
        return response.status_code == 200

    def _copy(self, page, parent):
        data = {
            "new_title": "Salinan uji matriks",
            "new_slug": "salinan-uji-matriks",
            "new_parent_page": str(parent.pk),
            "copy_subpages": "",
            "publish_copies": "",
            "alias": "",
        }
        self.check_response(self.client.post(f"/admin/pages/{page.pk}/copy/", data))
        return Page.objects.filter(slug="salinan-uji-matriks").exists()

    def do_copy(self, page):
        return self._copy(page, page.get_parent())

    def do_copy_to_folder_b(self, page):
        return self._copy(page, self.obj("folder_b"))

    def _move(self, page, destination):
        self.check_response(
            self.client.post(f"/admin/pages/{page.pk}/move/{destination.pk}/confirm/")
        )
        return Page.objects.get(pk=page.pk).get_parent().pk == destination.pk

    def do_move_to_folder_b(self, page):
        return self._move(page, self.obj("folder_b"))

    def do_move_to_folder_province(self, page):
        return self._move(page, self.obj("folder_province"))

    def do_delete(self, page):
        from core.wagtail_hooks import is_in_bin

        self.check_response(self.client.post(f"/admin/pages/{page.pk}/delete/"))
        moved = Page.objects.filter(pk=page.pk).first()
        return moved is None or is_in_bin(moved)

    def do_publish(self, page):
        before = PageLogEntry.objects.filter(
            page=page, action="wagtail.publish"
        ).count()
        url = f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}"
        self.check_response(self.client.post(url, {"include_descendants": ""}))
        after = PageLogEntry.objects.filter(page=page, action="wagtail.publish").count()
        return after > before

    def do_unpublish(self, page):
        self.check_response(
            self.client.post(
                f"/admin/pages/{page.pk}/unpublish/", {"include_descendants": ""}
            )
        )
        return not Page.objects.get(pk=page.pk).live

    def do_lock(self, page):
        self.check_response(self.client.post(f"/admin/pages/{page.pk}/lock/"))
        return Page.objects.get(pk=page.pk).locked

    def do_submit(self, page):
        data = self.edit_payload(page)
        data["action-submit"] = ["1"]
        self.check_response(self.client.post(f"/admin/pages/{page.pk}/edit/", data))
        return WorkflowState.objects.active().filter(object_id=str(page.pk)).exists()

    def _workflow_action(self, page, action):
        state = WorkflowState.objects.active().get(object_id=str(page.pk))
        task_state = state.current_task_state
        url = f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/"
        self.check_response(self.client.post(url, {"comment": "uji"}))
        task_state.refresh_from_db()
        return task_state.status != TaskState.STATUS_IN_PROGRESS

    def do_approve(self, page):
        return self._workflow_action(page, "approve")

    def do_reject(self, page):
        return self._workflow_action(page, "reject")

    def do_choose_image(self, image):
        response = self.check_response(
            self.client.get("/admin/images/chooser/results/", {"q": image.title})
        )
        return pk_in_page(response.content.decode(), image.pk, "images")

    def do_chosen_image(self, image):
        response = self.check_response(
            self.client.get(f"/admin/images/chooser/chosen/{image.pk}/")
        )
        return (
            response.status_code == 200 and str(image.pk) in response.content.decode()
        )

    def do_upload_image(self, collection):
        from django.core.files.uploadedfile import SimpleUploadedFile

        data = {
            "title": "Unggahan uji matriks",
            "description": "Gambar uji",
            "collection": str(collection.pk),
            "file": SimpleUploadedFile("uji.png", png_bytes(), "image/png"),
            "tags": "",
        }
        self.check_response(self.client.post("/admin/images/add/", data))
        return (
            get_image_model()
            .objects.filter(title="Unggahan uji matriks", collection=collection)
            .exists()
        )

    def do_edit_image(self, image):
        url = f"/admin/images/{image.pk}/"
        data = self.as_admin_form(url, None)
        data = {k: v for k, v in data.items() if not k.startswith("q")}
        data["title"] = ["Judul gambar disunting"]
        self.check_response(self.client.post(url, data))
        return (
            get_image_model().objects.get(pk=image.pk).title == "Judul gambar disunting"
        )

    def do_delete_image(self, image):
        self.check_response(self.client.post(f"/admin/images/{image.pk}/delete/"))
        return not get_image_model().objects.filter(pk=image.pk).exists()

    def do_edit_settings(self, model_name):
        url = f"/admin/settings/core/{model_name}/{self.site.pk}/"
        data = self.as_admin_form(url, None)
        field = "organisation_name" if model_name == "organisationsettings" else "notes"
        data[field] = ["Disunting oleh uji matriks"]
        self.check_response(self.client.post(url, data))
        model = (
            OrganisationSettings if field == "organisation_name" else PlanningSettings
        )
        return model.objects.filter(**{field: "Disunting oleh uji matriks"}).exists()

    def do_list_users(self, _):
        response = self.check_response(self.client.get("/admin/users/"))
        return response.status_code == 200

    def do_list_groups(self, _):
        response = self.check_response(self.client.get("/admin/groups/"))
        return response.status_code == 200

    def do_create_user(self, _):
        data = {
            "username": "penyusup",
            "email": "penyusup@example.org",
            "first_name": "Pe",
            "last_name": "Nyusup",
            "password1": "kata-sandi-panjang-2027",
            "password2": "kata-sandi-panjang-2027",
            "is_superuser": "on",
            "is_active": "on",
        }
        self.check_response(self.client.post("/admin/users/new/", data))
        return User.objects.filter(username="penyusup").exists()

    def do_edit_group(self, group):
        url = f"/admin/groups/edit/{group.pk}/"
        data = self.as_admin_form(url, None)
        data["name"] = ["Grup diambil alih"]
        self.check_response(self.client.post(url, data))
        return Group.objects.filter(name="Grup diambil alih").exists()

    def snippet_url(self, obj, action):
        opts = obj._meta
        return f"/admin/snippets/{opts.app_label}/{opts.model_name}/{action}/{obj.pk}/"

    def snippet_form(self, url):
        data = self.as_admin_form(url, "w-editor-form")
        data.pop("wagtail-side-panel-width", None)
        return data

    def do_list_snippets(self, listing):
        response = self.check_response(
            self.client.get(f"/admin/snippets/{SNIPPET_LISTINGS[listing]}/")
        )
        return response.status_code == 200

    def do_search_snippets(self, listing):
        response = self.check_response(
            self.client.get(
                f"/admin/snippets/{SNIPPET_LISTINGS[listing]}/results/",
                {"q": "Anjungan Lampung Barat"},
            )
        )
        return b"Anjungan Lampung Barat" in response.content

    def do_choose_snippet(self, listing):
        response = self.check_response(
            self.client.get(f"/admin/snippets/choose/{SNIPPET_LISTINGS[listing]}/")
        )
        return response.status_code == 200

    def do_create_venue(self, _):
        url = "/admin/snippets/events/venue/add/"
        data = self.snippet_form(url)
        data.update(
            name=["Gedung Uji Matriks"],
            slug=["gedung-uji-matriks"],
            regency=[str(self.object_ids["regency_a"])],
        )
        self.check_response(self.client.post(url, data))
        return Venue.objects.filter(slug="gedung-uji-matriks").exists()

    def do_create_venue_in(self, regency):
        """Add a venue in `regency`, its id posted as the regency field."""
        url = "/admin/snippets/events/venue/add/"
        data = self.snippet_form(url)
        data.update(
            name=["Gedung Uji Matriks"],
            slug=["gedung-uji-matriks"],
            regency=[str(regency.pk)],
        )
        self.check_response(self.client.post(url, data))
        return Venue.objects.filter(slug="gedung-uji-matriks").exists()

    def do_move_venue_a_to(self, regency):
        """Hand regency A's anjungan venue to `regency`."""
        venue = self.obj("venue_a")
        url = self.snippet_url(venue, "edit")
        data = self.snippet_form(url)
        data["regency"] = [str(regency.pk)]
        self.check_response(self.client.post(url, data))
        return Venue.objects.filter(pk=venue.pk, regency=regency).exists()

    def do_merge_venue(self, venue):
        keep = self.obj("venue_a")
        url = f"/admin/snippets/events/venue/merge/{venue.pk}/"
        self.check_response(self.client.post(url, {"keep": str(keep.pk)}))
        return not Venue.objects.filter(pk=venue.pk).exists()

    def do_inspect_snippet(self, obj):
        response = self.check_response(
            self.client.get(self.snippet_url(obj, "inspect"))
        )
        return response.status_code == 200 and obj.name in response.content.decode()

    def do_merge_tag(self, tag):
        keep = self.obj("tag_keep")
        url = f"/admin/snippets/taggit/tag/merge/{tag.pk}/"
        self.check_response(self.client.post(url, {"keep": str(keep.pk)}))
        return not Tag.objects.filter(pk=tag.pk).exists()

    def do_list_staff(self, _):
        response = self.check_response(self.client.get("/admin/staff/"))
        return response.status_code == 200

    def do_see_job_errors(self, _):
        response = self.check_response(self.client.get("/admin/"))
        if 'id="scheduled-jobs' not in response.content.decode():
            raise Refused
        return True

    def do_list_outbox(self, _):
        response = self.check_response(self.client.get("/admin/outbox/"))
        return response.status_code == 200

    def do_resend_outbox(self, _):
        email = OutgoingEmail.objects.create(
            subject="S",
            sender="a@example.org",
            recipients=["b@example.org"],
            content={},
            status=OutgoingEmail.Status.FAILED,
        )
        self.check_response(
            self.client.post("/admin/outbox/resend/", {"email": [email.pk]})
        )
        email.refresh_from_db()
        return email.status == OutgoingEmail.Status.WAITING

    def do_add_staff(self, _):
        data = {
            "name": "Penyusup",
            "email": "penyusup@example.org",
            "role": "moderator",
            "language": "id",
        }
        self.check_response(self.client.post("/admin/staff/add/", data))
        return User.objects.filter(email="penyusup@example.org").exists()

    def do_deactivate_staff(self, user):
        self.check_response(
            self.client.post(f"/admin/staff/{user.pk}/active/", {"active": "0"})
        )
        return not User.objects.get(pk=user.pk).is_active

    def do_confirm_dates(self, event):
        """Confirm the event's first estimated year a day later than computed."""
        year = (
            Occurrence.objects.filter(event=event, provisional=True)
            .order_by("start")
            .values_list("rule_year", flat=True)
            .first()
        )
        self.check_response(
            self.client.post(
                f"/admin/events/{event.pk}/confirm-dates/",
                {"rule_year": str(year), "shift": "1"},
            )
        )
        return DateConfirmation.objects.filter(event=event, rule_year=year).exists()

    def do_plan_template(self, _):
        response = self.check_response(
            self.client.get("/admin/events/plan-import/template/")
        )
        return response.status_code == 200 and response.content.startswith(b"PK")

    def do_import_plan(self, folder):
        """One row for the folder's regency (or the province): saved as a
        draft under review, or refused with nothing saved."""
        data = xlsx([{**GOOD_ROWS[2], "title": "Rencana uji matriks"}])
        self.check_response(
            self.client.post(
                "/admin/events/plan-import/",
                {
                    "regency": str(folder.regency_id or "province"),
                    "file": SimpleUploadedFile("rencana.xlsx", data),
                },
            )
        )
        return (
            EventPage.objects.child_of(folder)
            .filter(title="Rencana uji matriks")
            .exists()
        )

    def do_list_calendars(self, source):
        response = self.check_response(self.client.get("/admin/events/calendars/"))
        return source.name in response.content.decode()

    def do_add_calendar(self, regency):
        self.check_response(
            self.client.post(
                "/admin/events/calendars/add/",
                {
                    "name": "Kalender uji matriks",
                    "regency": str(regency.pk),
                    "url": "https://kalender.example.org/uji.ics",
                    "category": "culture",
                    "active": "on",
                },
            )
        )
        return CalendarSource.objects.filter(
            name="Kalender uji matriks", regency=regency
        ).exists()

    def do_edit_calendar(self, source):
        self.check_response(
            self.client.post(
                f"/admin/events/calendars/{source.pk}/",
                {
                    "name": "Kalender diambil alih",
                    "regency": str(source.regency_id),
                    "url": "https://kalender.example.org/lampung-barat.ics",
                    "category": "culture",
                },
            )
        )
        return CalendarSource.objects.filter(name="Kalender diambil alih").exists()

    def do_delete_calendar(self, source):
        self.check_response(
            self.client.post(f"/admin/events/calendars/{source.pk}/delete/")
        )
        return not CalendarSource.objects.filter(pk=source.pk).exists()

    def do_run_calendar(self, source):
        before = source.runs.count()
        self.check_response(
            self.client.post(f"/admin/events/calendars/{source.pk}/run/")
        )
        return source.runs.count() > before

    def do_upload_calendar(self, source):
        data = calendar_of(simple_event("matriks", "Acara kalender uji matriks"))
        self.check_response(
            self.client.post(
                f"/admin/events/calendars/{source.pk}/upload/",
                {"file": SimpleUploadedFile("uji.ics", data, "text/calendar")},
            )
        )
        return EventPage.objects.filter(title="Acara kalender uji matriks").exists()

    def do_list_import_logs(self, source):
        response = self.check_response(
            self.client.get(f"/admin/events/calendars/{source.pk}/logs/")
        )
        return source.name in response.content.decode()

    def do_view_import_log(self, run):
        response = self.check_response(
            self.client.get(f"/admin/events/calendars/logs/{run.pk}/")
        )
        return "Acara impor rahasia" in response.content.decode()

    def do_create_regency(self, _):
        url = "/admin/snippets/core/regency/add/"
        data = self.snippet_form(url)
        data.update(
            slug=["kota-uji-matriks"],
            name=["Kota Uji Matriks"],
            short_name=["Uji Matriks"],
            kind=["kota"],
            seat=["Uji"],
            code=["18.98"],
            latitude=["-5.1"],
            longitude=["105.2"],
        )
        self.check_response(self.client.post(url, data))
        return Regency.objects.filter(slug="kota-uji-matriks").exists()

    def do_edit_snippet(self, obj):
        url = self.snippet_url(obj, "edit")
        data = self.snippet_form(url)
        data["name"] = [f"{obj.name} disunting"]
        self.check_response(self.client.post(url, data))
        return (
            type(obj).objects.filter(pk=obj.pk, name=f"{obj.name} disunting").exists()
        )

    def do_copy_snippet(self, obj):
        response = self.check_response(self.client.get(self.snippet_url(obj, "copy")))
        return response.status_code == 200

    def do_relink_editors(self, regency):
        """Hand the regency's pages to another group: here the moderators',
        which no regency is linked to."""
        url = self.snippet_url(regency, "edit")
        data = self.snippet_form(url)
        other = Group.objects.get(name="Moderator Provinsi")
        data["editors"] = [str(other.pk)]
        self.check_response(self.client.post(url, data))
        return Regency.objects.filter(pk=regency.pk, editors=other).exists()

    def do_history_snippet(self, obj):
        response = self.check_response(
            self.client.get(self.snippet_url(obj, "history"))
        )
        return response.status_code == 200

    def do_usage_snippet(self, obj):
        response = self.check_response(self.client.get(self.snippet_url(obj, "usage")))
        return response.status_code == 200

    def do_delete_snippet(self, obj):
        self.check_response(self.client.post(self.snippet_url(obj, "delete")))
        return not type(obj).objects.filter(pk=obj.pk).exists()

    def do_bulk_delete_snippet(self, obj):
        opts = obj._meta
        url = f"/admin/bulk/{opts.app_label}/{opts.model_name}/delete/?id={obj.pk}"
        self.check_response(self.client.post(url))
        return not type(obj).objects.filter(pk=obj.pk).exists()

    # The cell runner.

    def run_cell(self, role, action, key):
        allowed = role in EXPECTED[(action, key)].split()
        if key in SETTINGS_MODELS:
            subject = SETTINGS_MODELS[key]
        elif key in ("users", "groups", "staff", "jobs", "outbox", "plan"):
            subject = None
        elif key in SNIPPET_LISTINGS:
            subject = key
        else:
            subject = self.obj(key)
        before = snapshot()
        if role != "anonymous":
            self.client.force_login(self.users[role])
        try:
            effect = self._with_admin_form(getattr(self, f"do_{action}"), subject, role)
            outcome = OUTCOME_ALLOWED if effect else OUTCOME_REFUSED
        except Refused:
            outcome = OUTCOME_REFUSED
        expected = OUTCOME_ALLOWED if allowed else OUTCOME_REFUSED
        self.assertEqual(outcome, expected, f"{role} {action} {key}")
        if outcome == OUTCOME_REFUSED:
            after = snapshot()
            if action == "upload_image":
                # An editor with one collection never sees the collection field:
                # the upload lands in their own collection, never in the target.
                before.pop("images"), after.pop("images")
            changed = [name for name in before if before[name] != after[name]]
            self.assertEqual(changed, [], f"{role} {action} {key} changed the database")

    def _with_admin_form(self, perform, subject, role):
        """Run `perform` as `role`; a form read as the administrator on the
        way (as_admin_form logs in as them) hands the session back to `role`."""
        original = self.as_admin_form

        def as_admin_form_then_role(url, form_id):
            data = original(url, form_id)
            if role != "anonymous":
                self.client.force_login(self.users[role])
            return data

        self.as_admin_form = as_admin_form_then_role
        try:
            return perform(subject)
        finally:
            self.as_admin_form = original


def _make_test(role, action, key):
    def test(self):
        ok = False
        try:
            self.run_cell(role, action, key)
            ok = True
        finally:
            report.tally("matrix", ok)

    allowed = role in EXPECTED[(action, key)].split()
    test.__name__ = (
        f"test_{role}_{action}_{key}_is_{'allowed' if allowed else 'refused'}"
    )
    test.__doc__ = (
        f"{role} {'may' if allowed else 'may not'} {action.replace('_', ' ')} {key}."
    )
    return test


for (_action, _key), _roles in EXPECTED.items():
    for _role in ROLES:
        _test = _make_test(_role, _action, _key)
        setattr(PermissionMatrixTests, _test.__name__, _test)


class BinChecks:
    """Deleting goes to the bin; only administrators see it and restore from it.
    Added to the matrix class below, so they share its demo province."""

    def delete_as(self, role, key):
        self.client.force_login(self.users[role])
        page = self.obj(key)
        response = self.client.post(f"/admin/pages/{page.pk}/delete/")
        self.assertEqual(response.status_code, 302)
        return Page.objects.get(pk=page.pk)

    def test_editor_cannot_delete_a_published_page_or_a_subtree(self):
        """Wagtail's own rules, without publish or bulk_delete permission: a
        regency editor's delete of a live page or of a folder is refused."""
        for key in ("event_a", "folder_a", "brand_a"):
            with self.subTest(key):
                before = snapshot()
                self.client.force_login(self.users["editor_a"])
                page = self.obj(key)
                response = self.client.post(f"/admin/pages/{page.pk}/delete/")
                self.assertIn(response.status_code, (302, 403))
                self.assertEqual(snapshot(), before)

    def test_deleted_live_page_is_restored_with_revisions_and_republished(self):
        """A moderator deletes a live event: it leaves the site (no URL, no
        occurrences). The administrator restores it: back in its folder, live
        again on the revision that was live, every revision kept."""
        from core.wagtail_hooks import BIN_SLUG, is_in_bin
        from events.models import Occurrence

        event = self.obj("event_a")
        url = event.url
        revisions = set(event.revisions.values_list("pk", flat=True))
        live_revision = event.live_revision_id
        self.assertIs(Occurrence.objects.filter(event=event).exists(), True)
        binned = self.delete_as("moderator", "event_a")
        self.assertIs(is_in_bin(binned), True)
        self.assertIs(binned.live, False)
        self.assertIs(Occurrence.objects.filter(event=event).exists(), False)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 404)

        self.client.force_login(self.users["moderator"])
        self.assertIn(self.client.get("/admin/bin/").status_code, (302, 403))
        response = self.client.post(f"/admin/bin/{event.pk}/restore/")
        self.assertIn(response.status_code, (302, 403))
        self.assertIs(is_in_bin(Page.objects.get(pk=event.pk)), True)

        self.client.force_login(self.users["admin"])
        listing = self.client.get("/admin/bin/")
        self.assertContains(listing, event.title)
        response = self.client.post(f"/admin/bin/{event.pk}/restore/")
        self.assertRedirects(response, "/admin/bin/", fetch_redirect_response=False)
        restored = EventPage.objects.get(pk=event.pk)
        self.assertEqual(restored.get_parent().pk, self.object_ids["folder_a"])
        self.assertNotEqual(restored.get_parent().slug, BIN_SLUG)
        self.assertEqual(restored.slug, event.slug)
        self.assertIs(restored.live, True)
        self.assertTrue(
            revisions <= set(restored.revisions.values_list("pk", flat=True))
        )
        self.assertEqual(
            restored.live_revision.content["title"],
            Revision.objects.get(pk=live_revision).content["title"],
        )
        self.assertIs(Occurrence.objects.filter(event=restored).exists(), True)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_editor_deleted_draft_goes_to_the_bin_and_comes_back_as_a_draft(self):
        """A regency editor may delete their own unpublished draft; it is kept
        in the bin and the administrator restores it as the same draft."""
        draft = self.obj("draft_a")
        binned = self.delete_as("editor_a", "draft_a")
        self.assertNotEqual(binned.get_parent().pk, self.object_ids["folder_a"])
        self.client.force_login(self.users["admin"])
        self.client.post(f"/admin/bin/{draft.pk}/restore/")
        restored = EventPage.objects.get(pk=draft.pk)
        self.assertEqual(restored.get_parent().pk, self.object_ids["folder_a"])
        self.assertIs(restored.live, False)
        self.assertEqual(restored.latest_revision_id, draft.latest_revision_id)

    def test_pending_submission_is_cancelled_in_the_bin(self):
        """A submission in moderation cannot be approved into the bin: moving
        it there cancels the workflow."""
        pending = self.obj("pending_a")
        self.delete_as("moderator", "pending_a")
        self.assertIs(
            WorkflowState.objects.active().filter(object_id=str(pending.pk)).exists(),
            False,
        )

    def test_only_administrators_delete_from_the_bin_for_good(self):
        """A page already in the bin is really deleted, by an administrator."""
        draft = self.obj("draft_a")
        self.delete_as("admin", "draft_a")
        self.client.force_login(self.users["admin"])
        response = self.client.post(f"/admin/pages/{draft.pk}/delete/")
        self.assertEqual(response.status_code, 302)
        self.assertIs(Page.objects.filter(pk=draft.pk).exists(), False)


for _name, _value in list(vars(BinChecks).items()):
    if callable(_value):
        setattr(PermissionMatrixTests, _name, _value)


# Fields only the provincial staff set (core.page_forms): a regency editor may
# save the page, but what they post for these fields is ignored and the rest
# is saved. (change, page): (roles whose change is saved, roles who may save
# the page at all). An English event takes its highlight from the Indonesian
# page (events.translation): nobody sets it there.
PROVINCIAL_FIELDS = {
    ("folder_regency", "folder_a"): (STAFF, A_SIDE),
    ("folder_regency", "folder_b"): (STAFF, B_SIDE),
    ("clear_folder_regency", "folder_a"): (STAFF, A_SIDE),
    ("highlight", "event_a"): (STAFF, A_SIDE),
    ("highlight", "draft_a"): (STAFF, A_SIDE),
    ("highlight", "event_a_en"): (NOBODY, A_SIDE),
    ("pavilion_regency", "pavilion_a"): (STAFF, A_SIDE),
    ("pavilion_venue", "pavilion_a"): (STAFF, A_SIDE),
    ("brand_regency", "brand_a"): (STAFF, A_SIDE),
}
OUTCOME_IGNORED = "saved without the change"


class ProvincialFieldChecks:
    """Added to the matrix class below, so they share its demo province."""

    def field_page(self, key):
        if key == "event_a_en":
            english = Locale.objects.get(language_code="en")
            return self.obj("event_a").get_translation(english)
        return self.obj(key)

    def field_change(self, change, page):
        """(form field, posted value, the attribute and value it should give)."""
        spare_regency = self.object_ids["regency_spare"]
        if change in ("folder_regency", "pavilion_regency", "brand_regency"):
            return "regency", str(spare_regency), "regency_id", spare_regency
        if change == "clear_folder_regency":
            return "regency", "", "regency_id", None
        if change == "pavilion_venue":
            venue = self.object_ids["venue_spare"]
            return "venue", str(venue), "venue_id", venue
        wanted = not page.get_latest_revision_as_object().highlight
        return "highlight", "on" if wanted else "", "highlight", wanted

    def run_field_cell(self, role, change, key):
        may_set, may_save = (
            roles.split() for roles in PROVINCIAL_FIELDS[(change, key)]
        )
        page = self.field_page(key)
        name, posted, attribute, wanted = self.field_change(change, page)
        data = self.edit_payload(page, title=f"{page.title} disunting")
        data[name] = [posted]
        if not posted and name == "highlight":
            del data[name]  # an unticked checkbox is not posted
        if role != "anonymous":
            self.client.force_login(self.users[role])
        before = snapshot()
        try:
            self.check_response(self.client.post(f"/admin/pages/{page.pk}/edit/", data))
        except Refused:
            self.assertNotIn(role, may_save, f"{role} {change} {key}")
            self.assertEqual(snapshot(), before, f"{role} {change} {key}")
            return
        self.assertIn(role, may_save, f"{role} {change} {key}")
        draft = type(page).objects.get(pk=page.pk).get_latest_revision_as_object()
        self.assertEqual(draft.title, f"{page.title} disunting", "the rest is saved")
        outcome = OUTCOME_ALLOWED if role in may_set else OUTCOME_IGNORED
        expected = wanted if outcome == OUTCOME_ALLOWED else getattr(page, attribute)
        self.assertEqual(getattr(draft, attribute), expected, f"{role} {change} {key}")


def _make_field_test(role, change, key):
    def test(self):
        ok = False
        try:
            self.run_field_cell(role, change, key)
            ok = True
        finally:
            report.tally("matrix", ok)

    may_set, may_save = PROVINCIAL_FIELDS[(change, key)]
    if role in may_set.split():
        outcome, verb = "allowed", "may"
    elif role in may_save.split():
        outcome, verb = "ignored", "saves the page but may not"
    else:
        outcome, verb = "refused", "may not"
    test.__name__ = f"test_{role}_{change}_{key}_is_{outcome}"
    test.__doc__ = f"{role} {verb} {change.replace('_', ' ')} of {key}."
    return test


for _name, _value in list(vars(ProvincialFieldChecks).items()):
    if callable(_value):
        setattr(PermissionMatrixTests, _name, _value)
for (_change, _key), _roles in PROVINCIAL_FIELDS.items():
    for _role in ROLES:
        _test = _make_field_test(_role, _change, _key)
        setattr(PermissionMatrixTests, _test.__name__, _test)
