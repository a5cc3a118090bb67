"""The tag screens (events.admin_tags): moderators rename, merge and delete
tags, and the events' stored iCal text, search index and drafts follow;
editors cannot manage tags."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import TestCase

from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page

from wagtail_factories import ImageFactory

from core.roles import PROVINCIAL_MODERATOR
from events.models import CalendarVersion, EventPage

from .factories import calendar_tree, draft_event, live_event, regency_editor
from .test_admin_venues import assert_refused, prefers_english

LISTING = "/admin/snippets/taggit/tag/"


def tag_moderator():
    """A provincial moderator with core.roles' tag permissions."""
    group = Group.objects.create(name=PROVINCIAL_MODERATOR.group_name)
    for app_label, codename in (
        ("wagtailadmin", "access_admin"),
        ("taggit", "change_tag"),
        ("taggit", "delete_tag"),
    ):
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user = get_user_model().objects.create_user("moderator.tag", "m@example.org")
    user.groups.add(group)
    prefers_english(user)
    return user


def tag_names(event):
    return sorted(
        EventPage.objects.get(pk=event.pk).tags.values_list("name", flat=True)
    )


class TagAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = calendar_tree()
        cls.moderator = tag_moderator()
        folder = cls.tree.folders["lampung-barat"]
        cls.both = live_event(folder, title="Festival Kopi", tags=["kopi", "coffee"])
        cls.dup_only = live_event(folder, title="Lomba Seduh", tags=["coffee"])
        cls.draft = draft_event(folder, title="Kelas Barista")
        cls.draft.tags.add("coffee", "barista")
        cls.draft.save_revision()
        cls.kopi = Tag.objects.get(name="kopi")
        cls.coffee = Tag.objects.get(name="coffee")
        cls.image = ImageFactory(title="Biji kopi")
        cls.image.tags.add("coffee", "kopi")

    def setUp(self):
        self.client.force_login(self.moderator)

    def latest_draft_tags(self):
        revision = Page.objects.get(pk=self.draft.pk).latest_revision
        return sorted(t.name for t in revision.as_object().tags.all())

    def edit(self, tag, **changes):
        data = {"name": tag.name, "slug": tag.slug}
        data.update(changes)
        return self.client.post(f"{LISTING}edit/{tag.pk}/", data)

    def test_listing_shows_each_tag_with_its_events(self):
        response = self.client.get(LISTING)
        self.assertContains(response, "coffee")
        self.assertContains(response, "barista")
        response = self.client.get(f"{LISTING}results/", {"q": "cof"})
        self.assertContains(response, "coffee")
        self.assertNotContains(response, "barista")

    def test_renaming_renews_the_events_feeds_and_search(self):
        version = CalendarVersion.objects.get(pk=1).number
        response = self.edit(self.coffee, name="kopi robusta")
        self.assertRedirects(response, LISTING)
        event = EventPage.objects.get(pk=self.dup_only.pk)
        self.assertIn("kopi robusta", event.ical_component)
        self.assertNotIn("coffee", event.ical_component)
        self.assertGreater(CalendarVersion.objects.get(pk=1).number, version)
        found = EventPage.objects.live().search("robusta")
        self.assertIn(event.pk, [e.pk for e in found])
        feed = self.client.get(f"/events/tag/{self.coffee.slug}.ics")
        self.assertContains(feed, "Lomba Seduh")

    def test_renaming_onto_another_tag_says_to_merge(self):
        response = self.edit(self.coffee, name="KOPI")
        self.assertContains(response, "A tag named “kopi” already exists")
        self.assertEqual(Tag.objects.get(pk=self.coffee.pk).name, "coffee")

    def test_hostile_names_are_refused_with_a_message(self):
        for name in ("kopi\u202eexe.gnp", "kopi\nSubject: x", "k" * 10_000, ""):
            with self.subTest(name=name[:12]):
                response = self.edit(self.coffee, name=name)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(Tag.objects.get(pk=self.coffee.pk).name, "coffee")

    def test_merging_moves_events_drafts_and_images_once(self):
        response = self.client.get(f"{LISTING}merge/{self.coffee.pk}/")
        self.assertContains(response, "2 events are tagged with it.")
        response = self.client.post(
            f"{LISTING}merge/{self.coffee.pk}/", {"keep": self.kopi.pk}
        )
        self.assertRedirects(response, LISTING)
        self.assertIs(Tag.objects.filter(pk=self.coffee.pk).exists(), False)
        self.assertEqual(tag_names(self.both), ["kopi"])
        self.assertEqual(tag_names(self.dup_only), ["kopi"])
        event = EventPage.objects.get(pk=self.dup_only.pk)
        self.assertIn("kopi", event.ical_component)
        self.assertNotIn("coffee", event.ical_component)
        image = get_image_model().objects.get(pk=self.image.pk)
        self.assertEqual(sorted(image.tags.values_list("name", flat=True)), ["kopi"])
        self.assertEqual(self.latest_draft_tags(), ["barista", "kopi"])
        Page.objects.get(pk=self.draft.pk).latest_revision.publish()
        self.assertEqual(tag_names(self.draft), ["barista", "kopi"])
        feed = self.client.get("/events/tag/kopi.ics")
        self.assertContains(feed, "Lomba Seduh")
        self.assertContains(feed, "Kelas Barista")

    def test_merge_refuses_bad_choices(self):
        for keep in (self.coffee.pk, "999999", "'; DROP TABLE taggit_tag; --"):
            with self.subTest(keep=keep):
                response = self.client.post(
                    f"{LISTING}merge/{self.coffee.pk}/", {"keep": keep}
                )
                self.assertContains(response, "Select a valid choice")
        self.assertIs(Tag.objects.filter(pk=self.coffee.pk).exists(), True)

    def test_deleting_takes_the_tag_off_events_and_drafts(self):
        response = self.client.post(f"{LISTING}delete/{self.coffee.pk}/")
        self.assertRedirects(response, LISTING)
        self.assertEqual(tag_names(self.both), ["kopi"])
        self.assertNotIn(
            "coffee", EventPage.objects.get(pk=self.dup_only.pk).ical_component
        )
        self.assertEqual(self.latest_draft_tags(), ["barista"])
        Page.objects.get(pk=self.draft.pk).latest_revision.publish()
        self.assertEqual(tag_names(self.draft), ["barista"])

    def test_editors_cannot_manage_tags(self):
        editor = regency_editor("editor.uji", self.tree.folders["lampung-barat"])
        self.client.force_login(editor)
        for url in (
            LISTING,
            f"{LISTING}edit/{self.coffee.pk}/",
            f"{LISTING}merge/{self.coffee.pk}/",
            f"{LISTING}delete/{self.coffee.pk}/",
        ):
            with self.subTest(url):
                assert_refused(self, self.client.get(url))
        assert_refused(
            self,
            self.client.post(
                f"{LISTING}merge/{self.coffee.pk}/", {"keep": self.kopi.pk}
            ),
        )
        assert_refused(self, self.client.post(f"{LISTING}delete/{self.coffee.pk}/"))
        self.assertIs(Tag.objects.filter(pk=self.coffee.pk).exists(), True)
        self.assertNotContains(self.client.get("/admin/"), LISTING)
