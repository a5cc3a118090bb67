"""What the demo draws for each place, regency and event: read from the facts
file's names and descriptions, drawn the same way every time."""

import io

from django.test import SimpleTestCase

from PIL import Image

from home.demo import read_data
from home.demo.event_pages import event_picture_scene
from home.demo.images import scene
from home.demo.scenes import (
    SCENES,
    describe,
    destination_scene,
    event_scene,
    hero_scene,
)


class DemoScenesTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.data = read_data()
        cls.destinations = {
            d["name"]: d for r in cls.data["regencies"] for d in r["destinations"]
        }

    def test_places_are_drawn_as_what_they_are(self):
        """Regression: a crater was drawn as a mountain, megaliths as a
        stilt house, the surf beach like every other beach."""
        expected = {
            "Gunung Anak Krakatau": "volcano",
            "Kawah Nirwana (Suoh)": "crater",
            "Taman Purbakala Pugung Raharjo": "megaliths",
            "Batu Megalitik Kebun Tebu": "megaliths",
            "Taman Nasional Way Kambas (Pusat Konservasi Gajah)": "elephants",
            "Pantai Tanjung Setia": "surf",
            "Pantai Gigi Hiu": "rocks",
            "Pulau Pahawang": "islands",
            "Teluk Semaka": "bay",
            "Teluk Kiluan": "dolphins",
            "Menara Siger (Bakauheni)": "tower",
            "Air Terjun Ateng (Bukit Kemuning)": "waterfall-split",
            "Air Terjun Curug Tujuh (Marga Jaya, Selagai Lingga)": "waterfall-tiered",
            "Kampung Wisata Gedung Batin": "village",
            "Sungai Mesuji (susur sungai)": "river",
            "Kuliner Ikan Sungai Menggala": "culinary",
            "Danau Ranau (Lumbok Seminung)": "lake",
            "Museum Lampung (Ruwa Jurai)": "museum",
            "Islamic Center Tubaba (Masjid 99 Cahaya)": "mosque-modern",
        }
        for name, kind in expected.items():
            with self.subTest(name):
                self.assertEqual(destination_scene(self.destinations[name]), kind)

    def test_every_destination_and_event_has_a_drawing_and_words(self):
        items = [
            *(destination_scene(d) for d in self.destinations.values()),
            *(event_scene(e) for e in self.data["festivals"]),
            *(event_scene(a) for a in self.data["pavilion_activities"]),
            *(hero_scene(r) for r in self.data["regencies"]),
        ]
        for kind in items:
            with self.subTest(kind):
                self.assertIn(kind, SCENES)
                self.assertTrue(describe(kind))

    def test_each_regency_hero_shows_its_signature_landscape(self):
        heroes = {r["slug"]: hero_scene(r) for r in self.data["regencies"]}
        self.assertEqual(len(set(heroes.values())), len(heroes), heroes)
        for slug, kind in {
            "pesisir-barat": "surf",
            "pesawaran": "islands",
            "lampung-selatan": "volcano",
            "lampung-timur": "elephants",
            "lampung-barat": "coffee",
            "tanggamus": "bay",
            "mesuji": "river",
        }.items():
            with self.subTest(slug):
                self.assertEqual(heroes[slug], kind)
        unknown = {"slug": "atlantis", "destinations": [{"name": "Pulau Atlantis"}]}
        self.assertEqual(hero_scene(unknown), "islands")

    def test_events_get_scenes_of_their_kind(self):
        festivals = {f["slug"]: event_scene(f) for f in self.data["festivals"]}
        self.assertEqual(festivals["festival-krakatau"], "krakatau-carnival")
        self.assertEqual(festivals["krui-pro"], "surf-contest")
        self.assertEqual(festivals["festival-sungai-mesuji"], "boat-race")
        self.assertEqual(festivals["hari-gajah"], "elephant-festival")
        self.assertEqual(festivals["festival-kemilau-tapis"], "exhibition")
        activities = {
            a["title"]: event_scene(a) for a in self.data["pavilion_activities"]
        }
        self.assertEqual(
            activities["Kelas Seduh Kopi Robusta Lampung Barat"], "coffee-class"
        )
        self.assertEqual(activities["Mengenal Gajah Sumatra"], "talk-elephant")
        self.assertEqual(
            activities["Cerita Krakatau: Sesi Edukasi Gunung Api"], "talk-krakatau"
        )
        self.assertEqual(activities["Diskusi dan Lokakarya Seni Tubaba"], "talk")
        self.assertEqual(activities["Pameran Foto Selancar Krui"], "photo-exhibition")

    def test_events_share_a_dozen_pictures(self):
        """Each picture on an event page costs renditions at load."""
        items = self.data["festivals"] + self.data["pavilion_activities"]
        kinds = {event_picture_scene(item) for item in items}
        self.assertLessEqual(len(kinds), 12)
        self.assertLessEqual(kinds, set(SCENES))
        self.assertIn("krakatau-carnival", kinds)

    def test_drawing_is_repeatable_and_the_seed_varies_it(self):
        first = scene("beach", "#1e7a8c", (400, 260), "Pantai A")
        self.assertEqual(scene("beach", "#1e7a8c", (400, 260), "Pantai A"), first)
        self.assertNotEqual(scene("beach", "#1e7a8c", (400, 260), "Pantai B"), first)
        image = Image.open(io.BytesIO(first))
        self.assertEqual((image.format, image.size), ("JPEG", (400, 260)))
