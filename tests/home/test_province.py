"""The roles of core.roles applied by home.province: the demo province gets
exactly the permissions it had before the roles moved into code, a second
run changes nothing, and a run puts back what went missing."""

from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.test import TestCase

from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from brands.models import BrandPage
from core.models import Regency
from core.roles import MODERATION, PROVINCIAL_MODERATOR, REGENCY_EDITOR
from core.wagtail_hooks import move_to_bin
from events.models import EventFolderPage
from home.models import HomePage
from home.province import apply_roles
from tests.demo import load_demo_province
from tests.events.factories import calendar_tree
from tests.home.permissions import matrix_lines

# The matrix the demo loader gave before the roles moved into core.roles
# (commit 3e195c3), plus the venue, regency and tag permissions the admin
# screens added to the roles (issue 16), less Wagtail's example groups
# ("Editors", "Moderators") and workflow, which setup_province now removes
# (tests/home/test_setup_province.py); written with
# tests.home.permissions.matrix_lines.
DEMO_MATRIX = Path(__file__).with_name("demo_permissions.txt")


def demo_matrix() -> list[str]:
    return DEMO_MATRIX.read_text(encoding="utf-8").splitlines()


def province_groups():
    return Group.objects.filter(name__startswith="Editor ") | Group.objects.filter(
        name=PROVINCIAL_MODERATOR.group_name
    )


class DemoProvinceRolesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_province()

    def assert_demo_matrix(self):
        got, expected = matrix_lines(), demo_matrix()
        missing = sorted(set(expected) - set(got))
        extra = sorted(set(got) - set(expected))
        self.assertEqual((missing, extra), ([], []), "missing, extra lines")
        self.assertEqual(got, expected)

    def test_demo_has_the_matrix_it_had_before_roles_moved_into_code(self):
        """Group permissions, page and collection permissions, editors groups
        and the workflow are exactly those of the former demo loader."""
        self.assert_demo_matrix()

    def test_second_run_creates_nothing(self):
        """Applying the roles to the loaded demo creates no row and changes none."""
        applied = apply_roles()
        self.assertEqual(sum(applied.created.values()), 0, applied.created)
        self.assert_demo_matrix()

    def test_applying_the_roles_alone_rebuilds_every_grant(self):
        """With every grant of the province's groups gone, apply_roles() alone
        gives back the whole matrix, in both languages of the tree (the demo
        gets part of it from the translations copying their source's grants)."""
        groups = province_groups()
        GroupPagePermission.objects.filter(group__in=groups).delete()
        GroupCollectionPermission.objects.filter(group__in=groups).delete()
        for group in groups:
            group.permissions.clear()
        WorkflowPage.objects.filter(workflow__name=MODERATION.workflow_name).delete()
        applied = apply_roles()
        self.assert_demo_matrix()
        self.assertEqual(applied.created["page permissions"], 132)
        self.assertEqual(applied.created["collection permissions"], 48)
        # moderators 9, each of the 15 editors groups 5
        self.assertEqual(applied.created["group permissions"], 84)

    def test_repairs_each_missing_piece(self):
        """A missing page grant, group permission, collection grant, editors
        link, approval task or workflow assignment is put back, and nothing else
        is created."""
        lambar = Regency.objects.get(slug="lampung-barat")
        editors = lambar.editors
        GroupPagePermission.objects.filter(
            group=editors, page__eventfolderpage__regency=lambar
        ).first().delete()
        moderators = Group.objects.get(name=PROVINCIAL_MODERATOR.group_name)
        moderators.permissions.remove(
            Permission.objects.get(codename="change_planningsettings")
        )
        GroupCollectionPermission.objects.filter(group=editors).first().delete()
        Regency.objects.filter(pk=lambar.pk).update(editors=None)
        workflow = Workflow.objects.get(name=MODERATION.workflow_name)
        WorkflowTask.objects.filter(workflow=workflow).delete()
        Workflow.objects.filter(pk=workflow.pk).update(active=False)
        WorkflowPage.objects.filter(page__locale__language_code="en").delete()
        applied = apply_roles()
        self.assert_demo_matrix()
        self.assertEqual(
            {k: n for k, n in applied.created.items() if n},
            {
                "page permissions": 1,
                "group permissions": 1,
                "collection permissions": 1,
                "workflow tasks": 1,
            },
        )
        self.assertEqual(
            GroupApprovalTask.objects.filter(name=MODERATION.task_name).count(), 1
        )

    def test_keeps_a_renamed_editors_group(self):
        """An editors group renamed in the admin stays the regency's group: no
        second group is made and its members keep their rights."""
        lambar = Regency.objects.get(slug="lampung-barat")
        Group.objects.filter(pk=lambar.editors_id).update(name="Tim Lambar")
        before = Group.objects.count()
        applied = apply_roles()
        self.assertEqual(Group.objects.count(), before)
        self.assertEqual(
            applied.group(REGENCY_EDITOR, "lampung-barat").name, "Tim Lambar"
        )
        lambar.refresh_from_db()
        self.assertEqual(lambar.editors.name, "Tim Lambar")

    def test_leaves_permissions_given_by_hand(self):
        """Applying the roles only adds: a permission an administrator gave a
        group is kept."""
        moderators = Group.objects.get(name=PROVINCIAL_MODERATOR.group_name)
        extra = Permission.objects.get(codename="delete_venue")
        moderators.permissions.add(extra)
        apply_roles()
        self.assertIs(moderators.permissions.filter(pk=extra.pk).exists(), True)

    def test_a_page_in_the_bin_gets_no_grant(self):
        """A brand page moved to the bin is not given back its editors' grants."""
        brand = BrandPage.objects.get(regency__slug="metro", locale__language_code="id")
        move_to_bin(brand, None)
        GroupPagePermission.objects.filter(page=brand).delete()
        apply_roles()
        self.assertIs(GroupPagePermission.objects.filter(page=brand).exists(), False)


class SmallTreeRolesTests(TestCase):
    """Roles on a site with only what the calendar needs (no brand pages, no
    images): what exists gets its grants, what does not is skipped."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = calendar_tree()
        cls.applied = apply_roles()

    def test_one_editors_group_per_regency_linked_to_it(self):
        for slug, regency in self.tree.regencies.items():
            with self.subTest(slug):
                regency.refresh_from_db()
                group = self.applied.group(REGENCY_EDITOR, slug)
                self.assertEqual(regency.editors, group)
                self.assertEqual(group.name, f"Editor {regency.short_name}")

    def test_editors_may_add_to_their_folder_and_change_their_pavilion(self):
        group = self.applied.group(REGENCY_EDITOR, "lampung-barat")
        rows = set(
            GroupPagePermission.objects.filter(group=group).values_list(
                "page_id", "permission__codename"
            )
        )
        folder = self.tree.folders["lampung-barat"].pk
        pavilion = self.tree.pavilions["lampung-barat"].pk
        self.assertEqual(
            rows,
            {
                (folder, "add_page"),
                (folder, "change_page"),
                (pavilion, "change_page"),
            },
        )

    def test_moderators_review_the_whole_site(self):
        """The moderators publish under the home page, and the workflow on the
        home page has their approval task."""
        moderators = self.applied.group(PROVINCIAL_MODERATOR)
        home = HomePage.objects.get()
        self.assertEqual(
            set(
                GroupPagePermission.objects.filter(group=moderators).values_list(
                    "page_id", "permission__codename"
                )
            ),
            {
                (home.pk, codename)
                for codename in (
                    "add_page",
                    "change_page",
                    "publish_page",
                    "lock_page",
                    "unlock_page",
                )
            },
        )
        folder = EventFolderPage.objects.get(pk=self.tree.folders["lampung-barat"].pk)
        workflow = folder.get_workflow()
        self.assertEqual(workflow.name, MODERATION.workflow_name)
        task = workflow.tasks.get().specific
        self.assertEqual(list(task.groups.all()), [moderators])
