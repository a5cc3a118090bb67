"""The staff screens (core.admin_staff): an administrator adds a moderator or
a regency's editor in one form; the person sets a password through an
e-mailed link; deactivating keeps what they wrote."""

import re
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import TestCase, override_settings

from wagtail.models import Page, Revision
from wagtail.users.models import UserProfile

from core.models import Regency
from core.roles import PROVINCIAL_MODERATOR

User = get_user_model()
LISTING = "/admin/staff/"
ADD = "/admin/staff/add/"
PASSWORD = "kopi-liwa-2027-tapis"


class StaffAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editors = Group.objects.create(name="Editor Metro")
        cls.metro = Regency.objects.create(
            slug="metro",
            name="Kota Metro",
            short_name="Metro",
            kind="kota",
            seat="Metro",
            code="18.72",
            latitude=Decimal("-5.1"),
            longitude=Decimal("105.3"),
            editors=cls.editors,
        )
        cls.moderators = Group.objects.create(name=PROVINCIAL_MODERATOR.group_name)
        access = Permission.objects.get(codename="access_admin")
        for group in (cls.editors, cls.moderators):
            group.permissions.add(access)
        cls.admin = User.objects.create_superuser("admin.uji", "admin@example.org", "x")
        profile = UserProfile.get_for_user(cls.admin)
        profile.preferred_language = "en"
        profile.save()
        cls.moderator = User.objects.create_user("moderator.uji", "mod@example.org")
        cls.moderator.groups.add(cls.moderators)

    def setUp(self):
        self.client.force_login(self.admin)

    def add(self, **changes):
        data = {
            "name": "Siti Rahmawati",
            "email": "siti.rahmawati@metrokota.go.id",
            "role": f"regency-{self.metro.pk}",
            "language": "id",
        }
        data.update(changes)
        return self.client.post(ADD, data)

    def link_in(self, message):
        return re.search(r"https?://\S+/password_reset/confirm/\S+/", message.body)[0]

    def test_an_administrator_adds_a_regency_editor_in_one_form(self):
        response = self.add()
        self.assertRedirects(response, LISTING)
        user = User.objects.get(email="siti.rahmawati@metrokota.go.id")
        self.assertEqual(user.username, "siti.rahmawati")
        self.assertEqual(user.get_full_name(), "Siti Rahmawati")
        self.assertEqual(list(user.groups.all()), [self.editors])
        self.assertIs(user.has_usable_password(), False)
        self.assertIs(user.is_superuser or user.is_staff, False)
        self.assertEqual(UserProfile.get_for_user(user).preferred_language, "id")
        self.assertContains(self.client.get(LISTING), "Siti Rahmawati")

    def test_the_e_mail_link_sets_the_password_and_they_sign_in(self):
        """In Indonesian by default; the link is absolute, on the site's
        address, and works once."""
        self.add()
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["siti.rahmawati@metrokota.go.id"])
        self.assertEqual(message.subject, "Akun Anda untuk admin Agenda Lampung")
        self.assertIn("siti.rahmawati", message.body)
        link = self.link_in(message)
        self.assertTrue(link.startswith("http://testserver/admin/"))
        self.client.logout()
        response = self.client.get(link.removeprefix("http://testserver"))
        self.assertEqual(response.status_code, 302)
        response = self.client.post(
            response["Location"],
            {"new_password1": PASSWORD, "new_password2": PASSWORD},
        )
        self.assertEqual(response.status_code, 302)
        self.assertIs(
            self.client.login(username="siti.rahmawati", password=PASSWORD), True
        )
        self.client.logout()
        response = self.client.get(link.removeprefix("http://testserver"))
        self.assertNotEqual(response.status_code, 500)
        self.assertNotContains(response, "new_password1", status_code=200)

    @override_settings(WAGTAILADMIN_BASE_URL="https://agenda.lampungprov.go.id")
    def test_the_link_uses_the_sites_address_and_english_when_chosen(self):
        self.add(language="en", role="moderator", email="budi@lampungprov.go.id")
        message = mail.outbox[0]
        self.assertEqual(message.subject, "Your account for the Agenda Lampung admin")
        self.assertTrue(
            self.link_in(message).startswith(
                "https://agenda.lampungprov.go.id/admin/password_reset/confirm/"
            )
        )
        user = User.objects.get(email="budi@lampungprov.go.id")
        self.assertEqual(list(user.groups.all()), [self.moderators])

    def test_a_taken_e_mail_address_is_refused_clearly(self):
        response = self.add(email="MOD@example.org")
        self.assertContains(response, "already has an account")
        self.assertEqual(
            User.objects.filter(email__iexact="mod@example.org").count(), 1
        )
        self.assertEqual(mail.outbox, [])

    def test_usernames_stay_unique(self):
        User.objects.create_user("siti.rahmawati", "lain@example.org")
        self.add()
        user = User.objects.get(email="siti.rahmawati@metrokota.go.id")
        self.assertEqual(user.username, "siti.rahmawati2")

    def test_hostile_input_is_refused_with_a_message(self):
        for changes in (
            {"name": "Siti\u202e"},
            {"name": "Siti\r\nBcc: semua@example.org"},
            {"name": "S" * 10_000},
            {"email": "siti@example.org\nBcc: x@example.org"},
            {"email": "x" * 300 + "@example.org"},
            {"role": "regency-999999"},
            {"role": "regency-x' OR 1=1"},
            {"role": "superuser"},
            {"language": "xx"},
        ):
            with self.subTest(changes=str(changes)[:40]):
                before = User.objects.count()
                response = self.add(**changes)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "error")
                self.assertEqual(User.objects.count(), before)
        self.assertEqual(mail.outbox, [])

    def test_moderators_and_editors_cannot_manage_staff(self):
        editor = User.objects.create_user("editor.metro", "e@example.org")
        editor.groups.add(self.editors)
        for user in (self.moderator, editor):
            self.client.force_login(user)
            for response in (
                self.client.get(LISTING),
                self.client.get(ADD),
                self.add(email="penyusup@example.org", role="moderator"),
                self.client.post(
                    f"/admin/staff/{self.moderator.pk}/active/", {"active": "0"}
                ),
            ):
                with self.subTest(
                    user=user.username, url=response.request["PATH_INFO"]
                ):
                    self.assertIn(response.status_code, (302, 403))
                    if response.status_code == 302:
                        self.assertIn(response["Location"], ("/admin/",))
            self.assertNotContains(self.client.get("/admin/"), LISTING)
        self.assertIs(User.objects.filter(email="penyusup@example.org").exists(), False)
        self.assertIs(User.objects.get(pk=self.moderator.pk).is_active, True)

    def test_deactivating_keeps_their_pages_and_signs_them_out(self):
        editor = User.objects.create_user("editor.metro", "e@example.org", PASSWORD)
        editor.groups.add(self.editors)
        page = Page(title="Festival Metro", slug="festival-metro", owner=editor)
        Page.get_first_root_node().add_child(instance=page)
        revision = page.save_revision(user=editor)
        session = self.client_class()
        session.force_login(editor)
        response = self.client.post(
            f"/admin/staff/{editor.pk}/active/", {"active": "0"}
        )
        self.assertRedirects(response, LISTING)
        editor.refresh_from_db()
        self.assertIs(editor.is_active, False)
        page.refresh_from_db()
        self.assertEqual(page.owner, editor)
        self.assertEqual(Revision.objects.get(pk=revision.pk).user, editor)
        self.assertIs(
            self.client_class().login(username="editor.metro", password=PASSWORD), False
        )
        self.assertRedirects(
            session.get("/admin/"),
            "/admin/login/?next=/admin/",
            fetch_redirect_response=False,
        )
        self.client.post(f"/admin/staff/{editor.pk}/active/", {"active": "1"})
        self.assertIs(User.objects.get(pk=editor.pk).is_active, True)

    def test_administrators_do_not_deactivate_themselves(self):
        self.admin.groups.add(self.moderators)
        response = self.client.post(
            f"/admin/staff/{self.admin.pk}/active/", {"active": "0"}, follow=True
        )
        self.assertContains(response, "You cannot deactivate yourself.")
        self.assertIs(User.objects.get(pk=self.admin.pk).is_active, True)

    def test_the_link_is_sent_again_on_request(self):
        self.add()
        user = User.objects.get(email="siti.rahmawati@metrokota.go.id")
        response = self.client.post(f"/admin/staff/{user.pk}/invite/")
        self.assertRedirects(response, LISTING)
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(
            self.client.post(f"/admin/staff/{self.admin.pk}/invite/").status_code, 404
        )
