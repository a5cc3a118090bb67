"""The venue screens (events.admin_venues): a listing moderators search and
filter, deletion refused while anything uses the venue, the event form's
plain select kept, and the calendar's caches dropped after an edit."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import TestCase

from wagtail.users.models import UserProfile

from core.roles import PROVINCIAL_MODERATOR
from events.models import CalendarVersion, EventPage, Venue

from .factories import calendar_tree, draft_event, live_event, regency_editor

LISTING = "/admin/snippets/events/venue/"


def moderator(username="moderator.uji"):
    """A provincial moderator's venue and regency permissions (home.demo)."""
    group = Group.objects.create(name=PROVINCIAL_MODERATOR.group_name)
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


def assert_refused(test, response):
    """Wagtail's refusal: 403, or back to the dashboard with "Sorry, you do
    not have permission"."""
    if response.status_code == 302:
        test.assertEqual(response["Location"], "/admin/")
    else:
        test.assertEqual(response.status_code, 403)


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
        regencies and their events venues. An edit in the admin bumps the
        calendar version, which names the feeds in every process and marks
        the booklets for the background run to look at again."""
        self.client.force_login(self.admin)
        hall = self.tree.hall
        version = CalendarVersion.objects.get(pk=1).number
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
        self.assertGreater(CalendarVersion.objects.get(pk=1).number, version)
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
        self.assertGreater(CalendarVersion.objects.get(pk=1).number, version)


def venue_editor(username, regency):
    """A regency's editor with the venue and regency permissions of
    core.roles.REGENCY_EDITOR, in the group the regency is linked to."""
    group = Group.objects.create(name=f"Editor {regency.short_name}")
    for app_label, codename in (
        ("wagtailadmin", "access_admin"),
        ("events", "add_venue"),
        ("events", "change_venue"),
        ("core", "view_regency"),
    ):
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    regency.editors = group
    regency.save()
    user = get_user_model().objects.create_user(username, f"{username}@example.org")
    user.groups.add(group)
    prefers_english(user)
    return user


class EditorVenueTests(TestCase):
    """A regency's editors add and correct their own regency's venues, and
    never reach another regency's."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = calendar_tree()
        cls.barat = cls.tree.regencies["lampung-barat"]
        cls.pesisir = cls.tree.regencies["pesisir-barat"]
        cls.editor = venue_editor("editor.barat", cls.barat)
        cls.krui = Venue.objects.create(
            name="Lapangan Merdeka Krui", slug="lapangan-krui", regency=cls.pesisir
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def add(self, **changes):
        data = {
            "name": "Balai Adat Liwa",
            "slug": "balai-adat-liwa",
            "regency": str(self.barat.pk),
            "parent": "",
            "address": "",
        }
        data.update(changes)
        return self.client.post(f"{LISTING}add/", data)

    def edit(self, venue, **changes):
        data = {
            "name": venue.name,
            "slug": venue.slug,
            "regency": str(venue.regency_id),
            "parent": str(venue.parent_id or ""),
            "address": venue.address,
        }
        data.update(changes)
        return self.client.post(f"{LISTING}edit/{venue.pk}/", data)

    def test_the_listing_shows_their_own_regencys_venues_only(self):
        response = self.client.get(LISTING)
        self.assertContains(response, "Gedung Dekranasda Liwa")
        self.assertContains(response, "Anjungan Lampung Barat")
        self.assertNotContains(response, "Lapangan Merdeka Krui")
        self.assertNotContains(response, "Anjungan Pesisir Barat")
        response = self.client.get(f"{LISTING}results/", {"q": "Krui"})
        self.assertNotContains(response, "Lapangan Merdeka Krui")

    def test_they_add_a_venue_in_their_own_regency(self):
        response = self.add(parent=str(self.tree.pkor.pk))
        self.assertRedirects(response, LISTING)
        venue = Venue.objects.get(slug="balai-adat-liwa")
        self.assertEqual(venue.regency, self.barat)
        self.assertIsNone(venue.parent, "where a venue sits is the province's")

    def test_a_venue_in_another_regency_is_refused(self):
        """Another regency's id posted by hand: an invalid choice, not a 500."""
        for regency in (str(self.pesisir.pk), "999999", "x' OR 1=1"):
            with self.subTest(regency):
                response = self.add(regency=regency)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Select a valid choice")
                self.assertIs(
                    Venue.objects.filter(slug="balai-adat-liwa").exists(), False
                )

    def test_they_edit_their_own_venue_but_cannot_move_it_to_another_regency(self):
        hall = self.tree.hall
        response = self.edit(hall, name="Gedung Dekranasda Lampung Barat")
        self.assertRedirects(response, LISTING)
        self.assertEqual(
            Venue.objects.get(pk=hall.pk).name, "Gedung Dekranasda Lampung Barat"
        )
        response = self.edit(hall, regency=str(self.pesisir.pk))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Venue.objects.get(pk=hall.pk).regency, self.barat)

    def test_another_regencys_venue_is_out_of_reach(self):
        """Edit, copy, history and usage of another regency's venue answer
        403, and a posted edit changes nothing."""
        for action in ("edit", "copy", "history", "usage"):
            with self.subTest(action):
                response = self.client.get(f"{LISTING}{action}/{self.krui.pk}/")
                assert_refused(self, response)
        response = self.edit(self.krui, name="Diambil alih", regency=str(self.barat.pk))
        assert_refused(self, response)
        self.krui.refresh_from_db()
        self.assertEqual(
            (self.krui.name, self.krui.regency), ("Lapangan Merdeka Krui", self.pesisir)
        )

    def test_hostile_text_is_refused_with_a_message(self):
        for field, value in (
            ("name", "Balai\u202eexe.gnp"),
            ("name", "x" * 10_000),
            ("address", "Jl.\r\nSubject: spam"),
            ("slug", "../../etc"),
        ):
            with self.subTest(field=field, value=value[:20]):
                response = self.add(**{field: value})
                self.assertEqual(response.status_code, 200)
                self.assertIs(
                    Venue.objects.filter(name__startswith="Balai").exists(), False
                )

    def test_editors_may_not_merge(self):
        url = f"{LISTING}merge/{self.tree.hall.pk}/"
        assert_refused(self, self.client.get(url))
        response = self.client.post(
            url, {"keep": self.tree.anjungan["lampung-barat"].pk}
        )
        assert_refused(self, response)
        self.assertIs(Venue.objects.filter(pk=self.tree.hall.pk).exists(), True)

    def test_they_see_their_regencys_facts_read_only(self):
        """The regency listing holds their own regency; its inspect view
        shows the facts; editing it, or seeing another, is refused."""
        regencies = "/admin/snippets/core/regency/"
        response = self.client.get(regencies)
        self.assertContains(response, "Kabupaten Lampung Barat")
        self.assertNotContains(response, "Kabupaten Pesisir Barat")
        response = self.client.get(f"{regencies}inspect/{self.barat.pk}/")
        self.assertContains(response, self.barat.seat)
        for url in (
            f"{regencies}inspect/{self.pesisir.pk}/",
            f"{regencies}edit/{self.barat.pk}/",
        ):
            with self.subTest(url):
                assert_refused(self, self.client.get(url))


class VenueMergeTests(TestCase):
    """A moderator merges a duplicate venue into the one to keep."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = calendar_tree()
        cls.moderator = moderator()
        barat = cls.tree.regencies["lampung-barat"]
        cls.duplicate = Venue.objects.create(
            name="Gedung Dekranasda", slug="gedung-dekranasda", regency=barat
        )
        cls.inside = Venue.objects.create(
            name="Ruang Pamer", slug="ruang-pamer", regency=barat, parent=cls.duplicate
        )
        folder = cls.tree.folders["lampung-barat"]
        cls.event = live_event(folder, title="Pameran Tapis", venue=cls.duplicate)
        cls.draft = draft_event(folder, title="Lomba Kopi")
        cls.draft.venue = cls.duplicate
        cls.draft.save_revision()

    def merge_url(self, venue):
        return f"{LISTING}merge/{venue.pk}/"

    def test_the_listing_offers_a_merge_to_moderators(self):
        self.client.force_login(self.moderator)
        self.assertContains(self.client.get(LISTING), self.merge_url(self.duplicate))

    def test_merging_moves_events_drafts_and_venues_inside_then_deletes(self):
        """Live event, its stored occurrences and iCal text, the draft's
        revision and the venue inside all name the kept venue; the duplicate
        is gone; the feeds' version moves on."""
        hall = self.tree.hall
        self.client.force_login(self.moderator)
        response = self.client.get(self.merge_url(self.duplicate))
        self.assertContains(response, "Events at it: 2. Venues inside it: 1.")
        version = CalendarVersion.objects.get(pk=1).number
        response = self.client.post(self.merge_url(self.duplicate), {"keep": hall.pk})
        self.assertRedirects(response, LISTING)
        self.assertIs(Venue.objects.filter(pk=self.duplicate.pk).exists(), False)
        event = EventPage.objects.get(pk=self.event.pk)
        self.assertEqual(event.venue, hall)
        self.assertIs(event.live, True)
        self.assertIn("Gedung Dekranasda Liwa", event.ical_component)
        self.assertEqual(
            set(event.occurrences.values_list("venue_id", flat=True)), {hall.pk}
        )
        self.assertEqual(event.live_revision.as_object().venue_id, hall.pk)
        draft = EventPage.objects.get(pk=self.draft.pk)
        self.assertEqual(draft.latest_revision.content["venue"], hall.pk)
        self.assertEqual(Venue.objects.get(pk=self.inside.pk).parent, hall)
        self.assertGreater(CalendarVersion.objects.get(pk=1).number, version)
        feed = self.client.get(f"/events/venue/{hall.slug}.ics")
        self.assertContains(feed, "Pameran Tapis")
        self.assertEqual(
            self.client.get(f"/events/venue/{self.duplicate.slug}.ics").status_code,
            404,
        )
        # The draft publishes with the kept venue.
        draft.latest_revision.publish()
        self.assertEqual(EventPage.objects.get(pk=self.draft.pk).venue, hall)

    def test_a_venue_with_its_own_page_is_not_merged_away(self):
        """PKOR has its venue page: the merge is refused with the reason."""
        self.client.force_login(self.moderator)
        response = self.client.post(
            self.merge_url(self.tree.pkor), {"keep": self.tree.hall.pk}
        )
        self.assertContains(response, "has its own page")
        self.assertIs(Venue.objects.filter(pk=self.tree.pkor.pk).exists(), True)

    def test_impossible_nesting_and_bad_choices_are_refused(self):
        self.client.force_login(self.moderator)
        anjungan = self.tree.anjungan["lampung-barat"]
        for keep, message in (
            (anjungan.pk, "venues nest one level deep"),
            (self.inside.pk, "is inside"),
            (self.duplicate.pk, "Select a valid choice"),
            ("999999", "Select a valid choice"),
            ("<script>", "Select a valid choice"),
        ):
            with self.subTest(keep):
                response = self.client.post(
                    self.merge_url(self.duplicate), {"keep": keep}
                )
                self.assertContains(response, message)
        self.assertIs(Venue.objects.filter(pk=self.duplicate.pk).exists(), True)
