"""The venue screens (events.admin_venues): a listing moderators search and
filter, deletion refused while anything uses the venue, the event form's
plain select kept, and the calendar's caches dropped after an edit."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import TestCase

from wagtail.users.models import UserProfile

from events import booklet
from events.models import CalendarVersion, EventPage, Venue

from .factories import calendar_tree, draft_event, live_event, regency_editor

LISTING = "/admin/snippets/events/venue/"


def moderator(username="moderator.uji"):
    """A provincial moderator's venue and regency permissions (home.demo)."""
    group = Group.objects.create(name="Moderator uji")
    for app_label, codename in (
        ("wagtailadmin", "access_admin"),
        ("events", "add_venue"),
        ("events", "change_venue"),
        ("core", "change_regency"),
    ):
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user = get_user_model().objects.create_user(username, f"{username}@example.org")
    user.groups.add(group)
    prefers_english(user)
    return user


def prefers_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


class VenueAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = calendar_tree()
        cls.moderator = moderator()
        cls.admin = get_user_model().objects.create_superuser(
            "admin.uji", "admin@example.org", "x"
        )
        prefers_english(cls.admin)
        cls.event = live_event(
            cls.tree.folders["lampung-barat"],
            title="Pameran Kopi Liwa",
            venue=cls.tree.hall,
        )
        cls.spare = Venue.objects.create(
            name="Lapangan Merdeka Krui",
            slug="lapangan-merdeka-krui",
            regency=cls.tree.regencies["pesisir-barat"],
        )

    def delete_url(self, venue):
        return f"{LISTING}delete/{venue.pk}/"

    def test_listing_shows_name_parent_and_regency(self):
        """Each venue with the venue it is inside and its regency."""
        self.client.force_login(self.moderator)
        response = self.client.get(LISTING)
        self.assertEqual(response.status_code, 200)
        for text in ("Anjungan Lampung Barat", "PKOR Way Halim", "Inside venue"):
            self.assertContains(response, text)
        self.assertContains(response, "Kabupaten Pesisir Barat")

    def test_listing_searches_names_and_addresses(self):
        """A word of the name or of the address finds the venue."""
        self.client.force_login(self.moderator)
        for query, found, not_found in (
            ("dekranasda", "Gedung Dekranasda Liwa", "Anjungan Lampung Barat"),
            ("Raden Intan", "Gedung Dekranasda Liwa", "Lapangan Merdeka Krui"),
        ):
            with self.subTest(query):
                response = self.client.get(f"{LISTING}results/", {"q": query})
                self.assertContains(response, found)
                self.assertNotContains(response, not_found)

    def test_listing_filters_by_regency_and_by_the_venue_they_are_inside(self):
        self.client.force_login(self.moderator)
        pesisir = self.tree.regencies["pesisir-barat"]
        response = self.client.get(f"{LISTING}results/", {"regency": pesisir.pk})
        self.assertContains(response, "Anjungan Pesisir Barat")
        self.assertContains(response, "Lapangan Merdeka Krui")
        self.assertNotContains(response, "Gedung Dekranasda Liwa")
        response = self.client.get(f"{LISTING}results/", {"parent": self.tree.pkor.pk})
        self.assertContains(response, "Anjungan Pesisir Barat")
        self.assertContains(response, "Anjungan Lampung Barat")
        self.assertNotContains(response, "Gedung Dekranasda Liwa")

    def test_deleting_a_venue_an_event_uses_is_refused_with_the_reason(self):
        """EventPage.venue would quietly be emptied (SET_NULL): the admin says
        what uses the venue, offers no delete button and deletes nothing."""
        self.client.force_login(self.admin)
        hall = self.tree.hall
        response = self.client.get(self.delete_url(hall))
        self.assertContains(
            response,
            "“Gedung Dekranasda Liwa” cannot be deleted while it is used by 1 event.",
        )
        self.assertNotContains(response, "Yes, delete")
        response = self.client.post(self.delete_url(hall), follow=True)
        self.assertRedirects(response, self.delete_url(hall))
        self.assertContains(response, "cannot be deleted while it is used by 1 event")
        self.assertIs(Venue.objects.filter(pk=hall.pk).exists(), True)
        self.assertEqual(EventPage.objects.get(pk=self.event.pk).venue_id, hall.pk)

    def test_a_venue_with_venues_and_pages_in_it_is_not_deleted(self):
        """PKOR: its anjungan and its venue page keep it (PROTECT), and the
        admin names them instead of failing."""
        self.client.force_login(self.admin)
        pkor = self.tree.pkor
        response = self.client.get(self.delete_url(pkor))
        self.assertContains(response, "2 venues, 1 venue page")
        response = self.client.post(self.delete_url(pkor))
        self.assertEqual(response.status_code, 302)
        self.assertIs(Venue.objects.filter(pk=pkor.pk).exists(), True)

    def test_a_venue_named_only_in_a_draft_is_not_deleted(self):
        """A draft's venue lives in its latest revision until it is published:
        deleting the venue would break the draft's publication."""
        spare = self.spare
        draft = draft_event(self.tree.folders["pesisir-barat"], title="Festival Krui")
        draft.venue = spare
        draft.save_revision()
        self.assertIsNone(EventPage.objects.get(pk=draft.pk).venue_id)
        self.client.force_login(self.admin)
        self.client.post(self.delete_url(spare))
        self.assertIs(Venue.objects.filter(pk=spare.pk).exists(), True)

    def test_an_unused_venue_is_deleted(self):
        self.client.force_login(self.admin)
        response = self.client.post(self.delete_url(self.spare))
        self.assertRedirects(response, LISTING)
        self.assertIs(Venue.objects.filter(pk=self.spare.pk).exists(), False)

    def test_bulk_delete_with_a_venue_in_use_deletes_nothing(self):
        """Regression: the bulk delete of snippets went through the page bin's
        hook and answered 500; a venue in use must not go through it either."""
        self.client.force_login(self.admin)
        url = (
            f"/admin/bulk/events/venue/delete/?id={self.tree.hall.pk}"
            f"&id={self.spare.pk}"
        )
        response = self.client.post(url, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "cannot be deleted while it is used by 1 event")
        self.assertEqual(
            Venue.objects.filter(pk__in=[self.tree.hall.pk, self.spare.pk]).count(), 2
        )
        response = self.client.post(
            f"/admin/bulk/events/venue/delete/?id={self.spare.pk}"
        )
        self.assertEqual(response.status_code, 302)
        self.assertIs(Venue.objects.filter(pk=self.spare.pk).exists(), False)

    def test_a_moderator_may_add_but_not_delete(self):
        self.client.force_login(self.moderator)
        response = self.client.post(
            f"{LISTING}add/",
            {
                "name": "Taman Budaya Lampung",
                "slug": "taman-budaya-lampung",
                "regency": self.tree.regencies["lampung-barat"].pk,
                "parent": "",
            },
        )
        self.assertRedirects(response, LISTING)
        self.assertIs(Venue.objects.filter(slug="taman-budaya-lampung").exists(), True)
        response = self.client.post(self.delete_url(self.spare))
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.assertIs(Venue.objects.filter(pk=self.spare.pk).exists(), True)

    def test_event_form_keeps_its_venue_select_and_there_is_no_chooser(self):
        """Registering the snippet does not turn the event's venue field into
        a chooser modal; the chooser's URL does not exist."""
        folder = self.tree.folders["lampung-barat"]
        editor = regency_editor("editor.uji", folder)
        self.client.force_login(editor)
        response = self.client.get(f"/admin/pages/add/events/eventpage/{folder.pk}/")
        self.assertContains(response, '<select name="venue"')
        self.assertEqual(
            self.client.get("/admin/snippets/choose/events/venue/").status_code, 404
        )
        self.assertRedirects(
            self.client.get(LISTING), "/admin/", fetch_redirect_response=False
        )

    def test_the_menu_offers_venues_to_moderators_only(self):
        self.client.force_login(self.moderator)
        self.assertContains(self.client.get("/admin/"), LISTING)
        editor = regency_editor("editor.uji", self.tree.folders["lampung-barat"])
        self.client.force_login(editor)
        self.assertNotContains(self.client.get("/admin/"), LISTING)

    def test_editing_a_venue_or_regency_drops_the_calendars_cached_copies(self):
        """The booklet prints venue and regency names; the feeds' titles name
        regencies. An edit in the admin drops the cached pointer and, for a
        regency, bumps the feeds' version."""
        self.client.force_login(self.admin)
        hall = self.tree.hall
        generation = cache.get(booklet.GENERATION_KEY)
        response = self.client.post(
            f"{LISTING}edit/{hall.pk}/",
            {
                "name": "Gedung Dekranasda Lampung Barat",
                "slug": hall.slug,
                "regency": hall.regency_id,
                "parent": "",
                "address": hall.address,
            },
        )
        self.assertRedirects(response, LISTING)
        self.assertNotEqual(cache.get(booklet.GENERATION_KEY), generation)
        generation = cache.get(booklet.GENERATION_KEY)
        version = CalendarVersion.objects.get(pk=1).number
        regency = self.tree.regencies["pesisir-barat"]
        response = self.client.post(
            f"/admin/snippets/core/regency/edit/{regency.pk}/",
            {
                "slug": regency.slug,
                "name": regency.name,
                "short_name": regency.short_name,
                "kind": regency.kind,
                "seat": "Krui",
                "code": regency.code,
                "latitude": "-5.19",
                "longitude": "103.93",
                "theme": regency.theme,
                "motto": "Helauan Lamban Ni Ulun",
            },
        )
        self.assertRedirects(response, "/admin/snippets/core/regency/")
        self.assertNotEqual(cache.get(booklet.GENERATION_KEY), generation)
        self.assertGreater(CalendarVersion.objects.get(pk=1).number, version)
