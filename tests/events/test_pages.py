"""The calendar's page types: where they may live, that they render and
route, and that an event's iCal UID never changes."""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from events.models import (
    EventFolderPage,
    EventIndexPage,
    EventPage,
    PavilionPage,
    VenuePage,
)
from home.models import HomePage
from tests.events.clock import frozen
from tests.events.factories import calendar_tree, live_event, publish

NOW = datetime(2027, 7, 1, 9, tzinfo=timezone.get_default_timezone())


class EventPageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = calendar_tree()
        cls.event = live_event(
            cls.tree.folders["lampung-barat"],
            title="Festival Teluk Stabas",
            start_date=date(2027, 7, 10),
            venue=cls.tree.anjungan["lampung-barat"],
        )
        cls.admin = get_user_model().objects.create_superuser(
            "admin.test", "admin@example.org", "unused-password-123"
        )

    def test_page_tree_rules(self):
        """Calendar under home, folders under the calendar, events in folders;
        PKOR under home with its anjungan."""
        self.assertAllowedSubpageTypes(EventIndexPage, {EventFolderPage})
        self.assertAllowedSubpageTypes(EventFolderPage, {EventPage})
        self.assertAllowedSubpageTypes(EventPage, set())
        self.assertAllowedSubpageTypes(VenuePage, {PavilionPage})
        self.assertAllowedSubpageTypes(PavilionPage, set())
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(EventPage, {EventFolderPage})
        self.assertAllowedParentPageTypes(PavilionPage, {VenuePage})

    def test_event_can_be_created_in_the_admin(self):
        """The admin create form accepts a complete event and publishes it."""
        self.client.force_login(self.admin)
        self.assertCanCreate(
            self.tree.folders["pesisir-barat"],
            EventPage,
            nested_form_data(
                {
                    "title": "Festival Krui",
                    "slug": "festival-krui",
                    "summary": "Festival pesisir.",
                    "category": "tourism",
                    "description": rich_text("<p>Lomba perahu dan kuliner.</p>"),
                    "date_precision": "exact",
                    "start_date": "2027-08-01",
                    "recurrence_interval": "1",
                    "recurrence_monthly_by": "day",
                    "status": "scheduled",
                    "is_free": "on",
                    "exceptions": inline_formset([]),
                    "comments": inline_formset([]),
                }
            ),
        )
        event = EventPage.objects.get(slug="festival-krui")
        self.assertEqual(event.occurrences.count(), 1)

    def test_pages_render_and_route(self):
        """Event, calendar routes, PKOR and anjungan pages render."""
        with frozen(NOW):
            self.assertPageIsRenderable(self.event)
            for route in ("/", "/past/", "/2027/7/"):
                with self.subTest(route):
                    self.assertPageIsRoutable(self.tree.calendar, route)
                    self.assertPageIsRenderable(self.tree.calendar, route)
            self.assertPageIsRenderable(self.tree.pkor_page)
            self.assertPageIsRenderable(self.tree.pavilions["pesisir-barat"])

    def test_folder_redirects_to_its_regency_in_the_calendar(self):
        cases = {
            self.tree.folders["lampung-barat"]: "/agenda/?regency=lampung-barat",
            self.tree.folders[None]: "/agenda/?regency=provinsi",
        }
        for folder, target in cases.items():
            with self.subTest(folder.slug):
                self.assertRedirects(
                    self.client.get(folder.url), target, fetch_redirect_response=False
                )


class EventUidTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = calendar_tree()

    def test_uid_survives_edit_rename_and_move(self):
        """The iCal UID is set once; title, slug, dates and folder may change."""
        event = live_event(self.tree.folders["lampung-barat"], slug="sebelum")
        uid = event.uid
        event.title, event.slug = "Nama Baru", "sesudah"
        event.start_date = date(2027, 9, 1)
        publish(event)
        event.move(self.tree.folders["pesisir-barat"], pos="last-child")
        event.refresh_from_db()
        self.assertEqual(event.uid, uid)
        self.assertEqual(event.url_path.split("/")[-2], "sesudah")

    def test_every_event_gets_its_own_uid(self):
        first = live_event(self.tree.folders[None])
        second = live_event(self.tree.folders[None])
        self.assertNotEqual(first.uid, second.uid)
