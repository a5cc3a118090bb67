"""Which picture the demo draws for what: the kinds of scene with what each
shows (for the alt text, in Indonesian like the demo's content), the kind
of each destination and event read from its name and description, and each
regency's signature landscape for its brand hero."""

import re
from collections.abc import Callable

from .coast import bay, beach, islands, rocks, surf, volcano
from .festivals import (
    boat_race,
    carnival,
    ceremony,
    dancers,
    elephant_festival,
    exhibition,
    island_festival,
    market,
    pilgrimage,
    stage,
    surf_contest,
    trail_run,
    workshop,
)
from .landmarks import (
    city_view,
    culinary,
    grotto,
    hall,
    jetty,
    monument,
    mosque,
    museum,
    park,
    siger_tower,
    stadium,
    tomb,
)
from .landscapes import (
    coffee,
    crater,
    forest,
    lake,
    megaliths,
    mountain,
    pepper,
    rice,
    river,
    village,
    waterfall,
)
from .paint import Canvas


def _waterfall(width=None, tiers=None, split=False):
    def draw(c: Canvas) -> None:
        waterfall(
            c,
            width if width is not None else c.uniform(0.14, 0.3),
            tiers if tiers is not None else c.rng.randint(1, 2),
            split,
        )

    return draw


# kind -> (drawing, what the picture shows).
SCENES: dict[str, tuple[Callable[[Canvas], None], str]] = {
    "beach": (beach, "pantai berpasir dengan pohon kelapa dan ombak"),
    "surf": (surf, "ombak besar yang digulung peselancar"),
    "rocks": (rocks, "karang runcing dihempas ombak saat matahari terbit"),
    "islands": (islands, "pulau-pulau kecil di laut biru"),
    "bay": (bay, "teluk berbukit dengan bagan dan perahu nelayan"),
    "dolphins": (
        lambda c: bay(c, dolphins=True),
        "lumba-lumba melompat di teluk",
    ),
    "volcano": (volcano, "Anak Krakatau berasap di tengah laut"),
    "crater": (crater, "kawah dengan kolam panas beruap di lembah"),
    "mountain": (mountain, "puncak gunung berhutan"),
    "waterfall": (_waterfall(), "air terjun di antara tebing"),
    "waterfall-tall": (_waterfall(width=0.1, tiers=1), "air terjun tinggi"),
    "waterfall-wide": (_waterfall(width=0.55, tiers=1), "air terjun lebar"),
    "waterfall-tiered": (_waterfall(tiers=3), "air terjun bertingkat"),
    "waterfall-split": (
        _waterfall(width=0.3, tiers=1, split=True),
        "air terjun terbelah batu besar",
    ),
    "lake": (lake, "danau yang memantulkan perbukitan"),
    "lake-fields": (
        lambda c: lake(c, fields=True),
        "danau di tengah sawah",
    ),
    "weir": (lambda c: lake(c, weir=True), "bendungan dengan air melimpas"),
    "river": (river, "sungai berkelok dengan perahu"),
    "river-town": (
        lambda c: river(c, houses=True),
        "rumah panggung di tepi sungai",
    ),
    "forest": (forest, "hutan hujan tropis"),
    "elephants": (
        lambda c: forest(c, elephants=True),
        "gajah Sumatra di tepi hutan",
    ),
    "garden": (lambda c: forest(c, flowers=True), "taman bunga dan pepohonan"),
    "coffee": (coffee, "perbukitan kebun kopi bertingkat"),
    "rice": (rice, "hamparan sawah dengan petani bercaping"),
    "pepper": (pepper, "kebun lada di perbukitan"),
    "megaliths": (megaliths, "batu tegak (menhir) di padang rumput"),
    "village": (village, "rumah panggung kayu di antara pohon kelapa"),
    "tower": (siger_tower, "Menara Siger di atas bukit tepi selat"),
    "monument": (monument, "tugu di tengah taman kota"),
    "pepadun": (
        lambda c: monument(c, pepadun=True),
        "tugu berbentuk pepadun bermahkota siger",
    ),
    "mosque": (
        lambda c: mosque(c, modern=False),
        "masjid berkubah dengan dua menara",
    ),
    "mosque-modern": (
        lambda c: mosque(c, modern=True),
        "masjid modern bercahaya dengan dua menara",
    ),
    "museum": (museum, "museum beratap rumah adat Lampung"),
    "tomb": (tomb, "makam beratap cungkup di bawah pohon kamboja"),
    "grotto": (grotto, "gua peziarahan dengan patung Bunda Maria"),
    "park": (park, "taman kota yang teduh"),
    "elephant-park": (
        lambda c: park(c, statue=True),
        "taman kota dengan patung gajah",
    ),
    "hall": (hall, "balai seni kayu dengan penari di panggung"),
    "jetty": (jetty, "dermaga sungai bermural"),
    "city-view": (city_view, "lampu kota dilihat dari puncak bukit"),
    "stadium": (stadium, "stadion dan deretan anjungan"),
    "culinary": (culinary, "hidangan pindang ikan sungai"),
    # Events.
    "krakatau-carnival": (
        lambda c: carnival(c, krakatau=True),
        "pawai budaya dengan payung tapis berlatar Gunung Krakatau",
    ),
    "carnival": (carnival, "pawai budaya dengan payung dan siger"),
    "stage": (stage, "panggung pertunjukan malam dan penonton"),
    "dancers": (dancers, "penari bersiger dengan kipas"),
    "market": (market, "bazar dengan tenda warna-warni"),
    "market-cocoa": (
        lambda c: market(c, goods="cocoa"),
        "pasar kakao dan cokelat",
    ),
    "market-pepper": (
        lambda c: market(c, goods="pepper"),
        "pasar lada dan hasil kebun",
    ),
    "exhibition": (exhibition, "pameran kain tapis"),
    "photo-exhibition": (
        lambda c: exhibition(c, photos=True),
        "pameran foto ombak dan selancar",
    ),
    "coffee-class": (
        lambda c: workshop(c, "coffee"),
        "cangkir kopi dan biji kopi di meja kelas",
    ),
    "tapis-class": (
        lambda c: workshop(c, "tapis"),
        "sulaman tapis benang emas di pemidangan",
    ),
    "talk": (
        lambda c: workshop(c, "talk"),
        "diskusi seni dengan layar dan hadirin",
    ),
    "talk-krakatau": (
        lambda c: workshop(c, "talk", subject="volcano"),
        "sesi cerita gunung api dengan layar dan hadirin",
    ),
    "talk-elephant": (
        lambda c: workshop(c, "talk", subject="elephant"),
        "sesi edukasi tentang gajah dengan hadirin",
    ),
    "surf-contest": (surf_contest, "lomba selancar di ombak besar"),
    "boat-race": (boat_race, "lomba perahu di sungai"),
    "trail-run": (trail_run, "pelari di jalan setapak perbukitan"),
    "elephant-festival": (
        elephant_festival,
        "gajah Sumatra dan umbul-umbul festival",
    ),
    "ceremony": (ceremony, "upacara adat dengan pepadun dan payung"),
    "pilgrimage": (pilgrimage, "peziarah di makam beratap cungkup"),
    "sea-festival": (island_festival, "perahu berbendera di sekitar pulau"),
}

# A destination's kind: the first rule whose pattern is found in its name,
# then in its English description; failing that, its category's kind. Some
# kinds are then told apart by the description (`REFINEMENTS`).
DESTINATION_RULES = [
    (r"kuliner|dishes", "culinary"),
    (r"krakatau", "volcano"),
    (r"\bkawah\b|crater", "crater"),
    (r"\bmenara\b|tower", "tower"),
    (r"air terjun|curup|curug|waterfall", "waterfall"),
    (r"kiluan|dolphin", "dolphins"),
    (r"gigi hiu|rocky shore", "rocks"),
    (r"tanjung setia|world-class waves", "surf"),
    (r"\bpulau\b", "islands"),
    (r"\bpantai\b", "beach"),
    (r"\bteluk\b", "bay"),
    (r"taman gajah|elephant park", "elephant-park"),
    (r"way kambas|elephant conservation", "elephants"),
    (r"kebun raya|kehati|botanic|biodiversity", "garden"),
    (r"taman nasional|rainforest", "forest"),
    (r"megalit|menhir|purbakala", "megaliths"),
    (r"kampung|pekon|lamban|village", "village"),
    (r"kota tua|old .* town", "river-town"),
    (r"dermaga|jetty", "jetty"),
    (r"\bsungai\b", "river"),
    (r"\bdam\b|embung|weir|reservoir", "weir"),
    (r"danau|telaga|telogo|\blake\b", "lake"),
    (r"masjid|islamic|mosque", "mosque"),
    (r"museum", "museum"),
    (r"makam|tomb", "tomb"),
    (r"\bgoa\b|grotto", "grotto"),
    (r"kesenian|kota budaya|arts hall|performance", "hall"),
    (r"pkor|stadium", "stadium"),
    (r"puncak|teropong|city's lights|views over the city", "city-view"),
    (r"\btaman\b|lapangan|\bpark\b", "park"),
    (r"pepadun", "pepadun"),
    (r"\btugu\b|monument", "monument"),
    (r"gunung|bukit|mountain|hill", "mountain"),
]
REFINEMENTS = {
    "waterfall": [
        (r"split|divid", "waterfall-split"),
        (r"tier", "waterfall-tiered"),
        (r"broad|wide|stretch", "waterfall-wide"),
        (r"\b[5-9]\d metres|curved", "waterfall-tall"),
    ],
    "lake": [(r"rice field", "lake-fields")],
    "mosque": [(r"\b99\b|andra matin", "mosque-modern")],
}
CATEGORY_SCENES = {
    "beach": "beach",
    "mountain": "mountain",
    "lake": "lake",
    "waterfall": "waterfall",
    "culture": "monument",
    "culinary": "culinary",
    "heritage": "village",
    "wildlife": "forest",
}

# Each regency's signature landscape on its brand page.
HERO_SCENES = {
    "lampung-barat": "coffee",
    "tanggamus": "bay",
    "lampung-selatan": "volcano",
    "lampung-timur": "elephants",
    "lampung-tengah": "rice",
    "lampung-utara": "pepper",
    "way-kanan": "waterfall-wide",
    "tulang-bawang": "river-town",
    "pesawaran": "islands",
    "pringsewu": "weir",
    "mesuji": "river",
    "tulang-bawang-barat": "mosque-modern",
    "pesisir-barat": "surf",
    "bandar-lampung": "city-view",
    "metro": "park",
}

# An event's scene: the first rule found in its slug, title and English
# summary; failing that, its category's.
EVENT_RULES = [
    (r"photo", "photo-exhibition"),
    (r"\btalk|introduction|edukasi|mengenal", "talk"),
    (r"krakatau", "krakatau-carnival"),
    (r"\bsurf", "surf-contest"),
    (r"river|sungai", "boat-race"),
    (r"elephant|gajah|way kambas", "elephant-festival"),
    (r"trail|\brun\b", "trail-run"),
    (r"marine|coastal|\bbay\b|pahawang", "sea-festival"),
    (r"coffee|kopi", "coffee-class"),
    (r"embroider|menyulam", "tapis-class"),
    (r"parade|carnival", "carnival"),
    (r"tapis|craft|kriya|textile", "exhibition"),
    (r"cocoa|kakao", "market-cocoa"),
    (r"pepper|lada", "market-pepper"),
    (r"pilgrimage|haul|\btomb", "pilgrimage"),
    (r"\badat\b|begawi|gawi", "ceremony"),
    (r"danc|tari|cangget", "dancers"),
    (r"music|stage|\barts?\b|performance", "stage"),
    (r"fair|food|bazaar|market", "market"),
    (r"waterfall|air terjun", "waterfall-wide"),
    (r"walk|exercise|senam", "park"),
]
TALK_SUBJECTS = [
    (r"krakatau|gunung api|volcano", "talk-krakatau"),
    (r"elephant|gajah", "talk-elephant"),
]
EVENT_CATEGORY_SCENES = {
    "culture": "carnival",
    "tourism": "carnival",
    "creative_economy": "market",
    "sport_tourism": "trail-run",
    "education_environment": "talk",
    "religious": "pilgrimage",
}


def _first(rules, *texts: str) -> str | None:
    for text in texts:
        for pattern, kind in rules:
            if re.search(pattern, text, re.IGNORECASE):
                return kind
    return None


def destination_scene(item: dict) -> str:
    """The kind of place a facts-file destination is."""
    description = item.get("description_en") or ""
    kind = _first(DESTINATION_RULES, item["name"], description)
    kind = kind or CATEGORY_SCENES.get(item.get("category"), "mountain")
    return _first(REFINEMENTS.get(kind, []), item["name"], description) or kind


def hero_scene(regency: dict) -> str:
    """A regency's signature landscape; for a regency the table does not
    know, the kind of its first destination."""
    if regency["slug"] in HERO_SCENES:
        return HERO_SCENES[regency["slug"]]
    destinations = regency.get("destinations") or []
    return destination_scene(destinations[0]) if destinations else "mountain"


def event_scene(item: dict) -> str:
    """The scene of a festival or anjungan activity of the facts file."""
    title = item.get("name") or item.get("title") or ""
    summary = item.get("summary_en") or ""
    kind = _first(EVENT_RULES, item.get("slug", ""), title, summary)
    if kind == "talk":
        # What the talk is about is on its screen.
        kind = _first(TALK_SUBJECTS, title, summary) or kind
    return kind or EVENT_CATEGORY_SCENES.get(item.get("category"), "carnival")


def describe(kind: str) -> str:
    """What a picture of `kind` shows, for its alt text."""
    return SCENES.get(kind, SCENES["mountain"])[1]
