"""The regency screens and what the reference-data screens share
(core.admin_snippets): the listing, the editors group only administrators
relink, and the text every name and address is checked for."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import SimpleTestCase, TestCase

from wagtail.users.models import UserProfile

from core.admin_snippets import has_control_characters
from core.models import Regency
from core.roles import PROVINCIAL_MODERATOR

LISTING = "/admin/snippets/core/regency/"


def regency(slug, name, kind, code, **fields):
    return Regency.objects.create(
        slug=slug,
        name=name,
        short_name=name.split(" ", 1)[1],
        kind=kind,
        seat=fields.pop("seat", "Kota"),
        code=code,
        latitude=Decimal("-5.0"),
        longitude=Decimal("105.0"),
        **fields,
    )


class RegencyAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editors = Group.objects.create(name="Editor Metro")
        cls.metro = regency("metro", "Kota Metro", "kota", "18.72", editors=cls.editors)
        cls.tanggamus = regency(
            "tanggamus", "Kabupaten Tanggamus", "kabupaten", "18.06"
        )
        group = Group.objects.create(name=PROVINCIAL_MODERATOR.group_name)
        for app_label, codename in (
            ("wagtailadmin", "access_admin"),
            ("core", "change_regency"),
        ):
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )
        User = get_user_model()
        cls.moderator = User.objects.create_user("moderator.uji", "m@example.org")
        cls.moderator.groups.add(group)
        cls.admin = User.objects.create_superuser("admin.uji", "a@example.org", "x")
        for user in (cls.moderator, cls.admin):
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = "en"
            profile.save()

    def form_data(self, target, **changes):
        data = {
            "slug": target.slug,
            "name": target.name,
            "short_name": target.short_name,
            "kind": target.kind,
            "seat": target.seat,
            "code": target.code,
            "latitude": str(target.latitude),
            "longitude": str(target.longitude),
            "theme": target.theme,
            "editors": str(target.editors_id or ""),
        }
        data.update(changes)
        return data

    def test_listing_shows_name_kind_and_code_and_filters_by_kind(self):
        self.client.force_login(self.moderator)
        response = self.client.get(LISTING)
        for text in ("Kota Metro", "18.72", "Kabupaten Tanggamus", "18.06"):
            self.assertContains(response, text)
        response = self.client.get(f"{LISTING}results/", {"kind": "kota"})
        self.assertContains(response, "Kota Metro")
        self.assertNotContains(response, "Kabupaten Tanggamus")
        response = self.client.get(f"{LISTING}results/", {"q": "18.06"})
        self.assertContains(response, "Kabupaten Tanggamus")
        self.assertNotContains(response, "Kota Metro")

    def test_moderators_correct_facts_but_cannot_relink_the_editors_group(self):
        """Which group edits a regency's pages is managing groups: the field is
        shown disabled to moderators and a posted value is ignored."""
        other = Group.objects.create(name="Editor Lain")
        self.client.force_login(self.moderator)
        url = f"{LISTING}edit/{self.metro.pk}/"
        self.assertContains(self.client.get(url), "Set by an administrator.")
        response = self.client.post(
            url, self.form_data(self.metro, seat="Metro", editors=str(other.pk))
        )
        self.assertRedirects(response, LISTING)
        self.metro.refresh_from_db()
        self.assertEqual(self.metro.seat, "Metro")
        self.assertEqual(self.metro.editors, self.editors)

    def test_administrators_relink_the_editors_group(self):
        other = Group.objects.create(name="Editor Lain")
        self.client.force_login(self.admin)
        response = self.client.post(
            f"{LISTING}edit/{self.metro.pk}/",
            self.form_data(self.metro, editors=str(other.pk)),
        )
        self.assertRedirects(response, LISTING)
        self.metro.refresh_from_db()
        self.assertEqual(self.metro.editors, other)

    def test_the_slug_field_warns_that_feeds_use_it(self):
        self.client.force_login(self.moderator)
        response = self.client.get(f"{LISTING}edit/{self.metro.pk}/")
        self.assertContains(response, "/events/regency/metro.ics")

    def test_an_unused_regency_is_deleted_by_an_administrator(self):
        self.client.force_login(self.admin)
        response = self.client.post(f"{LISTING}delete/{self.tanggamus.pk}/")
        self.assertRedirects(response, LISTING)
        self.assertIs(Regency.objects.filter(pk=self.tanggamus.pk).exists(), False)


class ControlCharacterTests(SimpleTestCase):
    def test_has_control_characters(self):
        """Controls and text-direction overrides are refused; letters of any
        script, accents and ordinary punctuation are not."""
        table = [
            ("Kabupaten Lampung Barat", False),
            ("Way Kanan · Blambangan Umpu", False),
            ("Tapis ñandú “kopi” — 100%", False),
            ("ꤰꤲꤳ Lampung script", False),
            ("tab\there", True),
            ("line\nbreak", True),
            ("bell\x07", True),
            ("nul\x00", True),
            ("delete\x7f", True),
            ("c1 control\x85", True),
            ("right-to-left \u202eoverride", True),
            ("isolate \u2067x\u2069", True),
        ]
        for text, expected in table:
            with self.subTest(text=text):
                self.assertIs(has_control_characters(text), expected)
