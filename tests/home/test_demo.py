"""The demo province command: complete, idempotent, refuses bad input."""

import json
import re
from io import StringIO
from itertools import combinations

from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from PIL import Image, ImageChops, ImageStat

from brands.models import BrandPage, Destination
from core.models import Regency
from events.models import EventPage, Occurrence, PavilionPage, Venue
from home.demo import DemoLoader, read_data

COUNTED = [
    Page,
    Revision,
    Regency,
    Group,
    User,
    Venue,
    EventPage,
    Occurrence,
    Destination,
    get_image_model(),
]


def thumbnail(image):
    """A picture as a small grey thumbnail, to compare what it shows."""
    with image.open_file() as file:
        return Image.open(file).convert("L").resize((32, 21), Image.Resampling.BOX)


def too_alike(pictures: dict, threshold: float = 6) -> list:
    """Pairs of pictures whose thumbnails differ by less than `threshold`
    grey levels on average (the old recoloured illustrations: 0 to 5)."""
    thumbs = {name: thumbnail(image) for name, image in pictures.items()}
    return [
        (a, b)
        for a, b in combinations(thumbs, 2)
        if ImageStat.Stat(ImageChops.difference(thumbs[a], thumbs[b])).mean[0]
        < threshold
    ]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@override_settings(DEBUG=True)
class LoadDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = StringIO()
        call_command("load_demo", stdout=cls.output)

    def test_loads_all_regencies_pages_and_events(self):
        """15 regencies with brand pages and anjungan, and at least 40 events."""
        self.assertEqual(Regency.objects.count(), 15)
        self.assertEqual(Regency.objects.filter(kind="kota").count(), 2)
        indonesian = {"locale__language_code": "id"}
        self.assertEqual(BrandPage.objects.live().filter(**indonesian).count(), 15)
        self.assertEqual(PavilionPage.objects.live().filter(**indonesian).count(), 15)
        self.assertGreaterEqual(EventPage.objects.live().count(), 40)
        regencies_with_events = (
            EventPage.objects.exclude(regency=None).values("regency").distinct().count()
        )
        self.assertEqual(regencies_with_events, 15)
        for brand in BrandPage.objects.all():
            self.assertGreaterEqual(brand.destinations.count(), 4, brand.title)

    def test_demo_content_says_true_things(self):
        """Regressions from reading the demo as a visitor: no event of the
        coming year titled with another year, no English research note in an
        Indonesian page, Lampung Fest at PKOR (and so in PKOR's feed), no
        Indonesian credit on English pages, no "Ditunda: Ditunda"."""
        indonesian = EventPage.objects.filter(locale__language_code="id")
        for event in indonesian:
            with self.subTest(event.title):
                # A year in a title is the year it takes place.
                for year in re.findall(r"\b20\d\d\b", event.title):
                    self.assertEqual(int(year), event.start_date.year, event.title)
                self.assertNotRegex(
                    event.description + event.edition,
                    r"\b(Held|edition|documented|Usually|Since)\b",
                )
                self.assertFalse(
                    event.status_reason.lower().startswith(event.get_status_display()),
                    event.status_reason,
                )
        fest = indonesian.get(slug="lampung-fest")
        self.assertEqual(fest.venue.slug, "pkor-way-halim")
        feed = self.client.get("/events/venue/pkor-way-halim.ics").content.decode()
        self.assertIn("SUMMARY:Lampung Fest", feed)
        english = Page.objects.filter(locale__language_code="en").specific()
        credits = [getattr(p, "hero_credit", "") for p in english]
        self.assertTrue(any("(illustration)" in c for c in credits))
        self.assertFalse([c for c in credits if "ilustrasi" in c])

    def test_no_two_destinations_or_heroes_share_a_picture(self):
        """Regression: one illustration was recoloured for all; four beaches
        were identical. Compared by what the pictures show, not by file."""
        destinations = Destination.objects.filter(
            page__locale__language_code="id"
        ).select_related("image")
        pictures = {d.name: d.image for d in destinations}
        self.assertGreaterEqual(len(pictures), 70)
        self.assertEqual(too_alike(pictures), [])
        brands = BrandPage.objects.filter(locale__language_code="id")
        heroes = {b.title: b.hero_image for b in brands.select_related("hero_image")}
        self.assertEqual(len(heroes), 15)
        self.assertEqual(too_alike(heroes), [])

    def test_every_event_has_a_picture_with_alt_text(self):
        """Festivals and anjungan activities show a scene of what happens
        there; pictures are shared by kind of scene (each costs renditions
        at load), the Festival Krakatau's is its own (and its past
        edition's)."""
        events = EventPage.objects.filter(locale__language_code="id")
        for event in events.select_related("image"):
            with self.subTest(event.title):
                self.assertIsNotNone(event.image)
                self.assertTrue(event.image.description.startswith("Ilustrasi "))
        krakatau = events.get(slug="festival-krakatau").image
        self.assertIn("Krakatau", krakatau.description)
        sharing = events.filter(image=krakatau).values_list("slug", flat=True)
        self.assertTrue(all(s.startswith("festival-krakatau") for s in sharing))
        self.assertLessEqual(events.values("image").distinct().count(), 12)

    def test_every_regency_has_its_own_emblem_letters(self):
        """Regression: Lampung Tengah and Lampung Timur were both "LT",
        Mesuji and Metro both "ME"."""
        loader = DemoLoader(read_data(), timezone.localdate())
        badges = {r.short_name: loader.badge(r) for r in Regency.objects.all()}
        self.assertEqual(len(set(badges.values())), 15, badges)
        self.assertEqual(badges["Lampung Barat"], "LB")

    def test_second_run_changes_nothing(self):
        """Running the command again creates, duplicates and revises nothing."""
        before = counts()
        out = StringIO()
        call_command("load_demo", stdout=out)
        self.assertEqual(counts(), before)
        self.assertIn("nothing (already loaded)", out.getvalue())

    def test_prints_demo_logins_in_development(self):
        text = self.output.getvalue()
        for username in ("admin", "moderator", "editor.lampung-barat"):
            self.assertIn(username, text)

    def test_home_page_links_to_every_regency(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        for brand in BrandPage.objects.filter(locale__language_code="id"):
            self.assertContains(response, f'href="{brand.url}"')


class LoadDemoBadInputTests(TestCase):
    def test_negative_event_count_is_refused_before_writing(self):
        before = counts()
        with self.assertRaisesMessage(CommandError, "--events must be 0 or more"):
            call_command("load_demo", "--events", "-5", stdout=StringIO())
        self.assertEqual(counts(), before)

    def test_malformed_data_file_writes_nothing(self):
        """A broken file stops with one line naming the problem; nothing is written."""
        cases = {
            "not json": "{regencies: [",
            "missing key": json.dumps({"province": {}}),
        }
        import tempfile
        from pathlib import Path

        for label, text in cases.items():
            with self.subTest(label), tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "broken.json"
                path.write_text(text)
                before = counts()
                with self.assertRaises(CommandError) as raised:
                    call_command("load_demo", "--data", str(path), stdout=StringIO())
                message = str(raised.exception)
                self.assertNotIn("\n", message)
                self.assertIn("broken.json", message)
                self.assertEqual(counts(), before)

    def test_unknown_regency_in_data_is_refused(self):
        """A festival naming an unknown regency is refused; the database is unchanged."""
        import tempfile
        from pathlib import Path

        from tests.demo import DATA_FILE

        data = json.loads(DATA_FILE.read_text())
        data["festivals"][0]["regency"] = "atlantis"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bad.json"
            path.write_text(json.dumps(data))
            before = counts()
            with self.assertRaisesMessage(CommandError, "atlantis"):
                call_command("load_demo", "--data", str(path), stdout=StringIO())
            self.assertEqual(counts(), before)
