"""Who is provincial staff and which regencies a user edits, for each role.

Provincial staff is membership of a provincial group (or being an active
administrator), no longer the planning settings permission: the tests at the
end show the cases where the two differ and why membership is the rule."""

from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from django.test import TestCase

from core.roles import (
    PROVINCIAL_MODERATOR,
    PROVINCIAL_STAFF_GROUPS,
    REGENCY_EDITOR,
    editor_regencies,
    is_provincial_staff,
)
from home.province import apply_roles
from tests.events.factories import calendar_tree


class PredicateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = calendar_tree()
        applied = apply_roles()
        cls.lambar = cls.tree.regencies["lampung-barat"]
        cls.pesibar = cls.tree.regencies["pesisir-barat"]
        users = User.objects
        cls.admin = users.create_superuser("admin", "admin@example.org", "x" * 12)
        cls.moderator = users.create_user("moderator")
        cls.moderator.groups.add(applied.group(PROVINCIAL_MODERATOR))
        cls.editor = users.create_user("editor.lampung-barat")
        cls.editor.groups.add(applied.group(REGENCY_EDITOR, "lampung-barat"))
        cls.both = users.create_user("editor.dua")
        cls.both.groups.add(
            applied.group(REGENCY_EDITOR, "lampung-barat"),
            applied.group(REGENCY_EDITOR, "pesisir-barat"),
        )
        cls.outsider = users.create_user("tamu")
        cls.outsider.user_permissions.add(
            Permission.objects.get(codename="access_admin")
        )

    def fresh(self, user):
        """The user as a new request would load it (no cached permissions)."""
        return User.objects.get(pk=user.pk)

    def deactivate(self, user):
        User.objects.filter(pk=user.pk).update(is_active=False)
        return self.fresh(user)

    def test_each_role(self):
        """Staff: administrators and moderators. Regencies: the groups' own."""
        cases = [
            ("administrator", self.admin, True, []),
            ("moderator", self.moderator, True, []),
            ("regency editor", self.editor, False, [self.lambar]),
            ("editor of two regencies", self.both, False, [self.lambar, self.pesibar]),
            ("admin access only", self.outsider, False, []),
            ("anonymous", AnonymousUser(), False, []),
        ]
        for label, user, staff, regencies in cases:
            with self.subTest(label):
                self.assertIs(is_provincial_staff(user), staff)
                self.assertEqual(editor_regencies(user), regencies)

    def test_inactive_users_hold_no_role(self):
        """A deactivated administrator, moderator or editor is neither staff nor
        a regency's editor, though still in the group."""
        for user in (self.admin, self.moderator, self.editor):
            with self.subTest(user.username):
                inactive = self.deactivate(user)
                self.assertIs(is_provincial_staff(inactive), False)
                self.assertEqual(editor_regencies(inactive), [])
                self.assertIs(inactive.groups.exists(), user != self.admin)

    def test_staff_groups_are_the_moderators(self):
        """Today provincial staff are the moderators (and administrators)."""
        self.assertEqual(PROVINCIAL_STAFF_GROUPS, ("Moderator Provinsi",))

    # Why membership and not the planning settings permission.

    def test_planning_permission_given_to_a_regency_does_not_open_every_regency(self):
        """An administrator who lets a regency's editors set the planning
        deadline (the permission the old rule tested) does not give them every
        other regency's report, exports and nominations."""
        self.lambar.refresh_from_db()
        self.lambar.editors.permissions.add(
            Permission.objects.get(codename="change_planningsettings")
        )
        editor = self.fresh(self.editor)
        self.assertIs(editor.has_perm("core.change_planningsettings"), True)
        self.assertIs(is_provincial_staff(editor), False)
        self.assertEqual(editor_regencies(editor), [self.lambar])

    def test_planning_permission_given_to_one_person_does_not_make_staff(self):
        """The same permission given to one user directly makes no staff either."""
        self.outsider.user_permissions.add(
            Permission.objects.get(codename="change_planningsettings")
        )
        self.assertIs(is_provincial_staff(self.fresh(self.outsider)), False)

    def test_moderators_stay_staff_when_another_person_sets_the_deadline(self):
        """Taking the planning permission from the moderators (to leave the
        deadline to one person) does not hide the reports from them."""
        moderators = Group.objects.get(name=PROVINCIAL_MODERATOR.group_name)
        moderators.permissions.remove(
            Permission.objects.get(codename="change_planningsettings")
        )
        moderator = self.fresh(self.moderator)
        self.assertIs(moderator.has_perm("core.change_planningsettings"), False)
        self.assertIs(is_provincial_staff(moderator), True)
