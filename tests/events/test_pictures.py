"""Every channel shows an event's picture: its own image, or the drawn one of
its category in its regency's colours (events.pictures), the same address in
the page's JSON-LD and Open Graph tags, RSS, Atom, the API and iCal."""

import io
import json
from datetime import timedelta
from urllib.parse import urlsplit

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Collection

from bs4 import BeautifulSoup
from defusedxml import ElementTree as DefusedET
from icalendar import Calendar
from PIL import Image as PILImage
from PIL import ImageChops, ImageStat

from core import renditions
from core.colours import PALETTE
from events import pictures
from events.records import IMAGE_SPEC
from tests.core.test_images import png

from .factories import calendar_tree, live_event

MEDIA = "{http://search.yahoo.com/mrss/}content"
ATOM = "{http://www.w3.org/2005/Atom}"


def difference(a: bytes, b: bytes) -> float:
    """Mean absolute difference of two pictures' pixels, 0 to 255."""
    x, y = (PILImage.open(io.BytesIO(i)).convert("L").resize((120, 68)) for i in (a, b))
    return ImageStat.Stat(ImageChops.difference(x, y)).mean[0]


class PictureChannelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Wagtail caches renditions by image id: an earlier test's image with
        # the same id (rolled back since) must not answer for this one.
        cache.clear()
        cls.tree = calendar_tree()
        cls.regency = cls.tree.regencies["lampung-barat"]
        cls.regency.theme = "ocean-teal"
        cls.regency.save()
        with cls.captureOnCommitCallbacks(execute=True):
            cls.plain = live_event(
                cls.tree.folders["lampung-barat"],
                title="Tanpa Gambar",
                category="sport_tourism",
                start_date=timezone.localdate() + timedelta(days=20),
            )
        image = get_image_model().objects.create(
            title="Festival",
            description="Penari di panggung festival",
            file=SimpleUploadedFile("festival.png", png((1600, 900))),
            collection=Collection.get_first_root_node(),
        )
        cls.pictured = live_event(
            cls.tree.folders["lampung-barat"],
            title="Dengan Gambar",
            image=image,
            start_date=timezone.localdate() + timedelta(days=21),
        )
        cls.rendition_url = image.get_rendition(IMAGE_SPEC).url
        cls.social_url = image.get_rendition(renditions.spec("social")).url

    def fallback(self) -> str:
        return pictures.fallback_url("sport_tourism", self.regency)

    def channels(self, event) -> dict[str, str]:
        """The picture's path in each channel that shows the event (the host
        is the request's on pages and the Site's elsewhere)."""
        return {k: urlsplit(v).path for k, v in self.addresses(event).items()}

    def addresses(self, event) -> dict[str, str]:
        found = {}
        soup = BeautifulSoup(self.client.get(event.url).content, "html.parser")
        for script in soup.find_all("script", type="application/ld+json"):
            data = json.loads(script.string)
            if data.get("@type") == "Event":
                found["json-ld"] = data["image"][0]
        found["og"] = soup.find("meta", property="og:image")["content"]
        rss = DefusedET.fromstring(self.client.get("/events/rss/").content)
        for item in rss.iter("item"):
            if item.findtext("title").startswith(event.title):
                found["rss"] = item.find(MEDIA).get("url")
        atom = DefusedET.fromstring(self.client.get("/events/atom/").content)
        for entry in atom.iter(f"{ATOM}entry"):
            if entry.findtext(f"{ATOM}title").startswith(event.title):
                found["atom"] = entry.find(f"{ATOM}link[@rel='enclosure']").get("href")
        api = self.client.get("/api/events/").json()
        for item in api["results"]:
            if item["title"] == event.title:
                found["api"] = item["image"]
        ics = Calendar.from_ical(self.client.get(f"/events/{event.uid}.ics").content)
        for component in ics.walk("VEVENT"):
            found["ical"] = str(component["IMAGE"])
        return found

    def test_an_event_without_image_shows_its_drawn_picture_everywhere(self):
        found = self.channels(self.plain)
        self.assertEqual(set(found), {"json-ld", "og", "rss", "atom", "api", "ical"})
        self.assertEqual(set(found.values()), {self.fallback()})
        # Drawn when the event was published, so the address works.
        self.assertTrue(
            default_storage.exists(
                pictures.fallback_name("sport_tourism", self.regency)
            )
        )

    def test_new_colours_for_the_regency_draw_its_pictures_anew(self):
        """When a regency takes other colours, its events without an image
        name the picture in those colours at once: it is drawn then, not
        left for a file that does not exist."""
        self.regency.theme = "forest-green"
        name = pictures.fallback_name("sport_tourism", self.regency)
        self.assertIn("forest-green", name)
        default_storage.delete(name)  # left by an earlier run
        with self.captureOnCommitCallbacks(execute=True):
            self.regency.save()
        self.assertTrue(default_storage.exists(name))
        found = self.channels(self.plain)
        self.assertEqual(found["json-ld"], default_storage.url(name))
        default_storage.delete(name)

    def test_an_event_with_image_shows_it_everywhere(self):
        found = self.channels(self.pictured)
        # Shared links take the 1.91:1 crop link previews want.
        self.assertEqual(found.pop("og"), self.social_url)
        self.assertEqual(len(found), 5)
        self.assertEqual(set(found.values()), {self.rendition_url}, found)


class DrawingTests(TestCase):
    def test_categories_and_themes_look_different(self):
        teal = PALETTE["ocean-teal"]
        drawn = {c: pictures.draw(c, teal) for c in pictures.SIGNS}
        names = list(drawn)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                self.assertGreater(difference(drawn[a], drawn[b]), 1.5, (a, b))
        red = pictures.draw("culture", PALETTE["siger-red"])
        self.assertGreater(difference(red, drawn["culture"]), 10)

    def test_the_name_changes_with_the_regencys_colours(self):
        class Regency:
            theme = "siger-red"

        before = pictures.fallback_name("culture", Regency)
        Regency.theme = "lake-blue"
        self.assertNotEqual(pictures.fallback_name("culture", Regency), before)
        self.assertIn("lake-blue", pictures.fallback_name("culture", Regency))
        self.assertEqual(
            pictures.fallback_name("culture", None),
            pictures.fallback_name("culture", type("R", (), {"theme": "nope"})),
        )
