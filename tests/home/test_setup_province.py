"""`setup_province` on a fresh database: the real province from its facts
file, with the roles, the workflow and the tree the README describes, no
Wagtail example group; idempotent, and never overwriting staff edits."""

import json
import tempfile
from io import StringIO
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import TestCase

from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Revision,
    Site,
    Task,
    Workflow,
    WorkflowPage,
)

from brands.models import BrandIndexPage, BrandPage, DestinationIndexPage
from core.models import Regency
from core.roles import MODERATION, PROVINCIAL_MODERATOR
from events.models import (
    EventFolderPage,
    EventIndexPage,
    EventPage,
    PavilionPage,
    Venue,
    VenuePage,
)
from home.facts import DATA_FILE, read_data
from home.models import HomePage
from tests.home.permissions import matrix_lines
from tests.home.test_province import demo_matrix

COUNTED = [
    Page,
    Revision,
    Regency,
    Venue,
    Group,
    User,
    Locale,
    Site,
    Collection,
    GroupPagePermission,
    GroupCollectionPermission,
    Workflow,
    Task,
    WorkflowPage,
    get_image_model(),
]
# The demo's pages that setup_province does not make: the English pages
# (the demo translates the home page, most brand pages, the anjungan and a
# few event folders). Every line of the demo's matrix outside them is made by
# setup_province, and nothing else.
DEMO_ONLY = "/beranda-en/"


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def setup_province(*args) -> str:
    out = StringIO()
    call_command("setup_province", *args, stdout=out)
    return out.getvalue()


class SetupProvinceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = read_data(DATA_FILE)
        cls.output = setup_province()

    def test_reports_what_it_made_and_removed(self):
        self.assertIn("Province ready. Created: 1 locales, 15 regencies", self.output)
        self.assertIn("Removed: 2 Wagtail example groups", self.output)

    def test_regencies_with_their_official_codes(self):
        regencies = {r.slug: r for r in Regency.objects.all()}
        self.assertEqual(len(regencies), 15)
        for item in self.data["regencies"]:
            with self.subTest(item["slug"]):
                regency = regencies[item["slug"]]
                self.assertEqual(
                    (regency.name, regency.kind, regency.code, regency.code_bps),
                    (item["name"], item["kind"], item["code"], item["code_bps"]),
                )

    def test_locales_indonesian_and_english(self):
        self.assertEqual(
            set(Locale.objects.values_list("language_code", flat=True)), {"id", "en"}
        )

    def test_tree_of_the_province(self):
        """Home › agenda (a folder for the province and one per regency),
        PKOR (one anjungan per regency), the regency index (one brand page
        per regency) and the destinations page; all live, all Indonesian."""
        home = HomePage.objects.get()
        self.assertEqual(Site.objects.get(is_default_site=True).root_page_id, home.pk)
        calendar = EventIndexPage.objects.child_of(home).get()
        self.assertEqual(calendar.slug, "agenda")
        folders = EventFolderPage.objects.child_of(calendar)
        self.assertEqual(folders.count(), 16)
        self.assertEqual(folders.filter(regency=None).get().slug, "provinsi")
        pkor = VenuePage.objects.child_of(home).get()
        self.assertEqual(pkor.venue.slug, "pkor-way-halim")
        pavilions = PavilionPage.objects.child_of(pkor)
        self.assertEqual(
            set(pavilions.values_list("regency__slug", flat=True)),
            set(Regency.objects.values_list("slug", flat=True)),
        )
        index = BrandIndexPage.objects.child_of(home).get()
        self.assertEqual(BrandPage.objects.child_of(index).count(), 15)
        self.assertIs(DestinationIndexPage.objects.child_of(home).exists(), True)
        self.assertEqual(Page.objects.filter(depth__gt=1).not_live().count(), 0)
        self.assertEqual(
            set(Page.objects.values_list("locale__language_code", flat=True)), {"id"}
        )

    def test_venues_pkor_its_anjungan_and_the_festival_venues(self):
        pkor = Venue.objects.get(slug="pkor-way-halim")
        self.assertEqual(pkor.address, self.data["pkor"]["address"])
        self.assertEqual(Venue.objects.filter(parent=pkor).count(), 15)
        festival_venues = {
            f["venue_name"] for f in self.data["festivals"] if f.get("venue_name")
        }
        self.assertEqual(
            Venue.objects.filter(parent=None).exclude(pk=pkor.pk).count(),
            len(festival_venues - {pkor.name}),
        )

    def test_no_events_images_or_logins(self):
        self.assertEqual(EventPage.objects.count(), 0)
        self.assertEqual(get_image_model().objects.count(), 0)
        self.assertEqual(User.objects.count(), 0)

    def test_groups_are_the_provinces_only(self):
        """The moderators and one editors group per regency; Wagtail's example
        groups and workflow are gone, and nothing is granted on the root page."""
        self.assertEqual(
            set(Group.objects.values_list("name", flat=True)),
            {PROVINCIAL_MODERATOR.group_name}
            | {f"Editor {r.short_name}" for r in Regency.objects.all()},
        )
        self.assertEqual(
            list(Workflow.objects.values_list("name", "active")),
            [(MODERATION.workflow_name, True)],
        )
        self.assertEqual(Task.objects.count(), 1)
        root = Page.get_first_root_node()
        self.assertIs(GroupPagePermission.objects.filter(page=root).exists(), False)
        self.assertIs(WorkflowPage.objects.filter(page=root).exists(), False)

    def test_matrix_is_the_demos_less_its_english_pages(self):
        """Every group permission, page and collection grant, editors link and
        workflow line of the demo province is there, except those on the
        English pages only the demo makes; and nothing more. (The demo's
        matrix is the file tests/home/test_province.py proves the loaded demo
        has.)"""
        got, demo = set(matrix_lines()), set(demo_matrix())
        self.assertEqual(got - demo, set())
        missing = demo - got
        self.assertEqual({line for line in missing if DEMO_ONLY not in line}, set())
        # The English home page (5 moderator grants and the workflow), 13
        # brand pages and 3 event folders (2 grants each) and 15 anjungan (1).
        self.assertEqual(len(missing), 6 + 13 * 2 + 3 * 2 + 15)

    def test_every_page_answers_without_images(self):
        """Pages made without pictures render: 200, or the event folders'
        redirect to the calendar filtered by their regency."""
        for page in Page.objects.filter(depth__gt=1).live().specific():
            with self.subTest(page.url):
                response = self.client.get(page.url)
                expected = 302 if isinstance(page, EventFolderPage) else 200
                self.assertEqual(response.status_code, expected)

    def test_site_at_site_url(self):
        site = Site.objects.get(is_default_site=True)
        self.assertEqual(site.root_url, "http://testserver")

    def test_second_run_changes_nothing(self):
        before = counts()
        self.assertIn("Created: nothing (already set up).", setup_province())
        self.assertEqual(counts(), before)

    def test_second_run_keeps_staff_edits(self):
        """A regency's name, a folder's title and slug, a venue's address and
        slug, a brand page's introduction and the calendar's slug edited by
        staff stay as they are, and nothing is made again beside them (the
        renamed regency keeps its image collection)."""
        Regency.objects.filter(slug="metro").update(name="Kota Metro (diubah)")
        folder = EventFolderPage.objects.get(regency__slug="metro")
        folder.title, folder.slug = "Agenda Metro", "agenda-metro"
        folder.save_revision().publish()
        calendar = EventIndexPage.objects.get()
        calendar.slug = "kalender"
        calendar.save_revision().publish()
        Venue.objects.filter(slug="pkor-way-halim").update(address="Alamat baru")
        Venue.objects.filter(slug="anjungan-metro").update(slug="anjungan-kota-metro")
        brand = BrandPage.objects.get(regency__slug="metro")
        brand.intro = "Teks dari staf."
        brand.save_revision().publish()
        before = counts()
        self.assertIn("Created: nothing (already set up).", setup_province())
        self.assertEqual(counts(), before)
        self.assertEqual(Regency.objects.get(slug="metro").name, "Kota Metro (diubah)")
        folder.refresh_from_db()
        self.assertEqual((folder.title, folder.slug), ("Agenda Metro", "agenda-metro"))
        self.assertEqual(EventIndexPage.objects.get().slug, "kalender")
        self.assertEqual(
            Venue.objects.get(slug="pkor-way-halim").address, "Alamat baru"
        )
        brand.refresh_from_db()
        self.assertEqual(brand.intro, "Teks dari staf.")

    def test_puts_back_a_deleted_folder(self):
        """A folder deleted by mistake is made again, with its editors' grants."""
        EventFolderPage.objects.get(regency__slug="metro").delete()
        output = setup_province()
        self.assertIn("Created: 1 event folders, 2 page permissions.", output)
        folder = EventFolderPage.objects.get(regency__slug="metro")
        self.assertEqual(
            set(
                GroupPagePermission.objects.filter(page=folder).values_list(
                    "group__name", "permission__codename"
                )
            ),
            {("Editor Metro", "add_page"), ("Editor Metro", "change_page")},
        )


class WagtailGroupWithMembersTests(TestCase):
    def test_a_wagtail_group_with_members_is_emptied_and_named(self):
        """Wagtail's "Editors" group with a member is kept (the member is not
        silently dropped) but loses every right, and the output says so; the
        empty "Moderators" group is deleted."""
        user = User.objects.create_user("lama", password="x")
        editors = Group.objects.get(name="Editors")
        user.groups.add(editors)
        output = setup_province()
        self.assertIn("Wagtail's group 'Editors' has 1 member(s): kept", output)
        self.assertIn("rights of Wagtail example groups", output)
        self.assertIs(Group.objects.filter(name="Moderators").exists(), False)
        self.assertEqual(editors.permissions.count(), 0)
        self.assertIs(GroupPagePermission.objects.filter(group=editors).exists(), False)
        self.assertIs(
            GroupCollectionPermission.objects.filter(group=editors).exists(), False
        )
        self.assertEqual(list(user.groups.all()), [editors])
        self.assertNotIn("Wagtail's group", setup_province())


class SetupProvinceDataFileTests(TestCase):
    def test_another_province_from_its_own_file(self):
        """--data builds the province of another facts file."""
        data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
        keep = {"bandar-lampung", "metro"}
        data["regencies"] = [r for r in data["regencies"] if r["slug"] in keep]
        data["pavilions"] = [p for p in data["pavilions"] if p["regency"] in keep]
        data["festivals"] = [f for f in data["festivals"] if f["regency"] in keep]
        del data["pavilion_activities"]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "kecil.json"
            path.write_text(json.dumps(data), encoding="utf-8")
            setup_province("--data", str(path))
        self.assertEqual(set(Regency.objects.values_list("slug", flat=True)), keep)
        self.assertEqual(EventFolderPage.objects.count(), 3)
        self.assertEqual(PavilionPage.objects.count(), 2)

    def test_a_broken_file_writes_nothing(self):
        before = counts()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "rusak.json"
            path.write_text(json.dumps({"province": {}, "regencies": []}))
            with self.assertRaisesMessage(CommandError, "missing key 'pkor'"):
                setup_province("--data", str(path))
        self.assertEqual(counts(), before)
