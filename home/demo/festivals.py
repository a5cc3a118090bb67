"""Event scenes for the demo calendar: a carnival with tapis umbrellas (under
Krakatau for the Festival Krakatau), a night stage, dancers, a bazaar, a tapis
exhibition, a class at the anjungan, a surf contest, a river boat race, a
trail run, elephants at a festival, an adat ceremony and a pilgrimage."""

from .coast import surf
from .landmarks import tomb
from .landscapes import elephant, forest
from .paint import (
    BLACK,
    DEEP_LEAF,
    GOLD,
    GRASS,
    LEAF,
    SAND,
    WHITE,
    WOOD,
    Canvas,
    mix,
)

FESTIVE = [
    (214, 52, 60),
    (242, 193, 78),
    (36, 132, 120),
    (236, 120, 40),
    (120, 60, 150),
]


def _costumes(c: Canvas) -> list:
    return [c.tint(x, 0.15) for x in FESTIVE] + [c.primary]


def carnival(c: Canvas, krakatau: bool = False) -> None:
    """A parade: dancers in gold crowns under tapis umbrellas, flags, the
    crowd's heads in front; behind them the town, hills, palms or anjungan
    houses, or with `krakatau`, the volcano smoking over the sea."""
    if krakatau:
        c.mood = "golden"
        c.sky_top, c.sky_low = c.tint((120, 90, 140), 0.1), (252, 190, 120)
    c.sky(0.62)
    backdrop = (
        "krakatau" if krakatau else c.rng.choice(("town", "hills", "palms", "houses"))
    )
    if backdrop == "krakatau":
        c.sun(0.82, 0.4, 0.06, always=True)
        c.sea(0.48, 0.62)
        c.reflection(0.82, 0.48, 0.6, c.dx(0.06), (255, 226, 170))
        ash, shade = (84, 70, 74), (62, 52, 58)
        c.poly([(0.12, 0.49), (0.36, 0.16), (0.45, 0.16), (0.72, 0.49)], ash)
        c.poly([(0.42, 0.16), (0.45, 0.16), (0.72, 0.49), (0.52, 0.49)], shade)
        c.glass.ellipse((*c.p(0.34, 0.1), *c.p(0.47, 0.22)), fill=(255, 140, 60, 90))
        for i in range(4):
            c.line(
                [(0.375 + i * 0.02, 0.17), (0.34 + i * 0.035, 0.3 + 0.03 * (i % 2))],
                (240, 110, 40),
                0.007,
            )
        c.smoke(0.4, 0.12, 0.06, (150, 140, 140), drift=2.2)
        c.island(0.92, 0.49, 0.3, 0.08, mix(LEAF, DEEP_LEAF, 0.5))
    elif backdrop == "town":
        x = 0.0
        while x < 1:
            w = c.uniform(0.04, 0.1)
            c.rect(
                x,
                0.6 - c.uniform(0.1, 0.25),
                x + w - 0.005,
                0.62,
                c.haze(mix((200, 190, 180), c.primary, 0.2), 0.3),
            )
            x += w
    elif backdrop == "hills":
        c.mountain(c.uniform(0.3, 0.7), 0.62, c.dx(1.4), 0.35, c.haze(LEAF, 0.45))
        c.hills(0.62, 0.1, c.tint(LEAF, 0.1))
    elif backdrop == "palms":
        c.sea(0.5, 0.62)
        for i in range(9):
            c.palm(
                i / 8 + c.uniform(-0.03, 0.03),
                0.62,
                c.uniform(0.25, 0.4),
                c.rng.choice((-1, 1)),
            )
    else:
        for i in range(4):
            wall = c.tint(mix((150, 96, 56), (110, 70, 40), i / 4), 0.15)
            c.stilt_house(0.12 + i * 0.25, 0.62, 0.3, wall, mix(wall, BLACK, 0.45))
    c.rect(0, 0.6, 1, 1, c.tint((168, 160, 150), 0.1))
    c.rect(0, 0.6, 1, 0.625, (214, 208, 198))
    c.rect(0, 0.7, 1, 0.88, mix(mix(c.primary, (150, 40, 40), 0.4), BLACK, 0.35))
    c.rect(0, 0.71, 1, 0.72, GOLD)
    c.rect(0, 0.86, 1, 0.87, GOLD)
    if not krakatau:
        c.bunting(0.04, FESTIVE)
    colours = _costumes(c)
    count = int(c.wide * c.uniform(2.6, 4)) + 2
    offset = c.rng.randint(0, 5)
    for i in range(count):
        x = (i + 0.5) / count + c.uniform(-0.02, 0.02)
        ground = 0.8 + (i % 2) * 0.05
        colour = colours[(i + offset) % len(colours)]
        c.person(x, ground, 0.28, colour, arms_up=i % 3 == 1)
        for y in (0.07, 0.13):
            half = c.dx(0.0448 - 0.014 * y / 0.212) * 0.92
            c.line([(x - half, ground - y), (x + half, ground - y)], GOLD, 0.012)
        c.siger(x, ground - 0.25, 0.06, 0.035, GOLD)
        if (i + offset) % 2 == 0:
            c.umbrella(
                x + c.dx(0.05), ground - 0.42, 0.09, colours[(i + 2) % len(colours)]
            )
    c.crowd(1.02, 1, 0.26, [(40, 40, 50), (70, 60, 60), mix(BLACK, c.primary, 0.3)])


def stage(c: Canvas) -> None:
    """A night stage: lights, a band and dancers, the crowd's heads in front."""
    c.mood = "night"
    c.sky_top, c.sky_low = (14, 16, 40), mix((50, 30, 80), c.primary, 0.3)
    c.sky(1.0)
    for i in range(6):
        x = 0.15 + i * 0.14
        c.poly(
            [(x, 0.12), (x - 0.12 + i * 0.04, 0.72), (x - 0.04 + i * 0.04, 0.72)],
            mix(c.sky_low, (255, 240, 200), 0.25),
        )
    c.rect(0.08, 0.1, 0.92, 0.13, (40, 40, 46))
    for i in range(8):
        c.oval(0.12 + i * 0.108, 0.14, 0.02, 0.02, (255, 236, 170))
    c.rect(0.15, 0.2, 0.85, 0.6, mix(c.primary, BLACK, 0.5))
    for i in range(5):
        c.rect(0.15, 0.24 + i * 0.07, 0.85, 0.26 + i * 0.07, mix(GOLD, c.primary, 0.3))
    c.rect(0.1, 0.6, 0.9, 0.7, (60, 50, 50))
    colours = _costumes(c)
    for i in range(5):
        c.person(
            0.3 + i * 0.1, 0.6, 0.22, colours[i % len(colours)], arms_up=i % 2 == 0
        )
    c.crowd(0.72, 3, 0.16, [(20, 20, 28), (34, 30, 40), (44, 36, 48)])


def dancers(c: Canvas) -> None:
    """A line of dancers in tapis and siger, fans raised: in front of the
    anjungan house, on a lit stage at night, or on a lawn under trees."""
    setting = c.rng.choice(("anjungan", "night", "lawn"))
    if setting == "night":
        c.sky_top, c.sky_low = (16, 18, 44), mix((60, 36, 90), c.primary, 0.3)
        c.sky(1.0)
        for i in range(5):
            x = 0.1 + i * 0.2
            c.glass.polygon(
                [c.p(x, 0.0), c.p(x - 0.12, 0.8), c.p(x + 0.12, 0.8)],
                fill=(255, 240, 200, 46),
            )
            c.oval(x, 0.01, 0.03, 0.03, (255, 236, 170))
        c.rect(0, 0.8, 1, 1, (70, 50, 50))
    elif setting == "lawn":
        c.sky(0.55)
        c.sun(c.uniform(0.1, 0.9), 0.2, 0.05)
        c.hills(0.5, 0.08, c.haze(LEAF, 0.4))
        for i in range(7):
            c.tree(i / 6, 0.6, c.uniform(0.3, 0.45), mix(LEAF, DEEP_LEAF, i % 2 * 0.5))
        c.rect(0, 0.6, 1, 1, c.tint(GRASS, 0.08))
    else:
        c.sky(0.55)
        c.sun(c.uniform(0.1, 0.9), 0.2, 0.05)
        wall = c.tint((150, 96, 56), 0.15)
        c.rect(0, 0.2, 1, 0.6, wall)
        c.poly([(-0.05, 0.22), (0.5, 0.02), (1.05, 0.22)], mix(wall, BLACK, 0.45))
        for i in range(10):
            c.rect(i / 10 + 0.02, 0.28, i / 10 + 0.06, 0.52, mix(wall, BLACK, 0.3))
        c.rect(0, 0.6, 1, 1, c.tint((216, 200, 170), 0.1))
    colours = _costumes(c)
    count = int(c.wide * c.uniform(1.8, 3.2)) + 1
    offset = c.rng.randint(0, 5)
    size = min(0.4, 2.2 / count)
    for i in range(count):
        x = (i + 0.5) / count
        ground = 0.9 - (i % 2) * 0.04 * (setting != "night")
        colour = colours[(i * 2 + offset) % len(colours)]
        c.person(x, ground, size, colour, arms_up=True)
        c.siger(x, ground - size * 0.88, size * 0.25, size * 0.12, GOLD)
        for side in (-1, 1):
            fx = x + side * c.dx(size * 0.25)
            c.draw.pieslice(
                (
                    *c.p(fx - c.dx(size * 0.12), ground - size * 1.15),
                    *c.p(fx + c.dx(size * 0.12), ground - size * 0.9),
                ),
                180,
                360,
                fill=GOLD,
            )
        c.rect(
            x - c.dx(size * 0.17),
            ground - size * 0.3,
            x + c.dx(size * 0.17),
            ground - size * 0.23,
            GOLD,
        )


def market(c: Canvas, goods: str = "food") -> None:
    """A bazaar of striped stalls, goods piled on the counters, bunting;
    behind them palms, hills or the anjungan roofs."""
    c.sky(0.5)
    backdrop = c.rng.choice(("palms", "hills", "roofs"))
    if backdrop == "palms":
        for i in range(10):
            c.palm(
                i / 9 + c.uniform(-0.03, 0.03),
                0.4,
                c.uniform(0.22, 0.32),
                c.rng.choice((-1, 1)),
            )
    elif backdrop == "hills":
        c.mountain(c.uniform(0.2, 0.8), 0.4, c.dx(1.3), 0.25, c.haze(LEAF, 0.45))
        c.hills(0.4, 0.08, c.tint(LEAF, 0.1))
    else:
        for i in range(5):
            x = i / 4
            c.poly(
                [(x - 0.12, 0.36), (x, 0.16), (x + 0.12, 0.36)],
                c.tint(mix(WOOD, BLACK, 0.3), 0.1),
            )
    c.rect(0, 0.38, 1, 1, c.tint((200, 190, 170), 0.08))
    c.bunting(0.06, FESTIVE)
    produce = {
        "food": [(230, 160, 50), (200, 60, 40), (240, 220, 180)],
        "cocoa": [(140, 80, 40), (200, 140, 60), (90, 50, 30)],
        "pepper": [(40, 40, 40), (70, 110, 50), (120, 70, 40)],
    }[goods]
    count = max(3, int(c.wide * c.uniform(1.5, 2.6)))
    offset = c.rng.randint(0, 4)
    for i in range(count):
        x0, x1 = i / count + 0.01, (i + 1) / count - 0.01
        stripe = FESTIVE[(i + offset) % len(FESTIVE)]
        c.rect(x0, 0.36, x1, 0.72, mix(WOOD, WHITE, 0.3))
        for s in range(6):
            sx = x0 + (x1 - x0) * s / 6
            c.poly(
                [
                    (sx, 0.28),
                    (sx + (x1 - x0) / 6, 0.28),
                    (sx + (x1 - x0) / 6, 0.38),
                    (sx, 0.38),
                ],
                stripe if s % 2 else WHITE,
            )
        for s in range(6):
            sx = x0 + (x1 - x0) * (s + 0.5) / 6
            c.oval(
                sx,
                0.38,
                c.dx(0.2) * c.wide * (x1 - x0) / 1.2,
                0.02,
                stripe if s % 2 else WHITE,
            )
        for j in range(8):
            c.oval(x0 + (x1 - x0) * (j + 0.5) / 8, 0.58, 0.025, 0.025, produce[j % 3])
        c.rect(x0, 0.6, x1, 0.64, mix(WOOD, BLACK, 0.2))
    colours = [(60, 60, 70), (120, 60, 60), (40, 90, 120), c.primary]
    for _ in range(int(c.wide * 5)):
        c.person(c.uniform(0, 1), c.uniform(0.85, 1.0), 0.26, c.rng.choice(colours))


def exhibition(c: Canvas, photos: bool = False) -> None:
    """A gallery: tapis cloths (or surf photographs) on the walls, visitors."""
    wall = c.tint((238, 232, 220), 0.06)
    c.rect(0, 0, 1, 1, wall)
    c.rect(0, 0.78, 1, 1, c.tint((170, 130, 90), 0.1))
    count = max(3, int(c.wide * c.uniform(1.6, 2.6)))
    tapis = [c.primary, (130, 30, 40), (40, 60, 110), (30, 90, 70), (110, 40, 110)]
    first = c.rng.randint(0, len(tapis) - 1)
    for i in range(count):
        x0, x1 = i / count + 0.03, (i + 1) / count - 0.03
        if photos:
            c.rect(x0, 0.18, x1, 0.56, (40, 40, 40))
            c.rect(x0 + 0.01, 0.2, x1 - 0.01, 0.54, (70, 150, 190))
            c.poly(
                [
                    (x0 + 0.01, 0.45),
                    ((x0 + x1) / 2, 0.32),
                    (x1 - 0.01, 0.42),
                    (x1 - 0.01, 0.54),
                    (x0 + 0.01, 0.54),
                ],
                (220, 240, 246),
            )
        else:
            base = tapis[(first + i) % len(tapis)]
            c.rect(x0, 0.12, x1, 0.66, base)
            for band in range(6):
                y0 = 0.15 + band * 0.085
                c.rect(x0, y0, x1, y0 + 0.02, GOLD)
                step = (x1 - x0) / 5
                for k in range(5):
                    mx = x0 + step * (k + 0.5)
                    c.poly(
                        [
                            (mx - step * 0.35, y0 + 0.05),
                            (mx, y0 + 0.03),
                            (mx + step * 0.35, y0 + 0.05),
                            (mx, y0 + 0.07),
                        ],
                        GOLD if band % 2 else mix(GOLD, WHITE, 0.4),
                    )
        c.oval((x0 + x1) / 2, 0.08, 0.02, 0.02, (250, 240, 200))
    for _ in range(int(c.wide * 2) + 1):
        c.person(
            c.uniform(0.05, 0.95),
            c.uniform(0.95, 1.0),
            0.42,
            c.rng.choice([(50, 60, 80), (120, 50, 60), (70, 90, 60)]),
        )


def workshop(c: Canvas, craft: str, subject: str = "art") -> None:
    """A class at the anjungan, seen from above the table: `craft` is
    "coffee" (cups, a kettle, beans), "tapis" (a hoop with gold thread) or
    "talk" (an audience before a screen showing `subject`: "volcano",
    "elephant" or "art")."""
    if craft == "talk":
        c.rect(0, 0, 1, 1, c.tint((232, 226, 214), 0.05))
        c.rect(0.2, 0.1, 0.8, 0.55, (40, 44, 50))
        c.rect(0.22, 0.12, 0.78, 0.53, (150, 200, 230))
        c.rect(0.22, 0.42, 0.78, 0.53, (60, 120, 170))
        if subject == "elephant":
            c.rect(0.22, 0.42, 0.78, 0.53, (120, 170, 90))
            elephant(c, 0.45, 0.5, 0.28, 1)
        elif subject == "art":
            c.rect(0.22, 0.12, 0.78, 0.53, (246, 240, 228))
            for i in range(6):
                x, y = c.uniform(0.28, 0.72), c.uniform(0.18, 0.46)
                colour = FESTIVE[i % len(FESTIVE)]
                if i % 2:
                    c.oval(x, y, c.uniform(0.04, 0.08), c.uniform(0.04, 0.08), colour)
                else:
                    c.rect(x - 0.05, y - 0.05, x + c.uniform(0, 0.08), y + 0.04, colour)
        else:
            c.poly([(0.38, 0.42), (0.48, 0.2), (0.52, 0.2), (0.62, 0.42)], (92, 86, 88))
            c.smoke(0.5, 0.18, 0.025, (240, 240, 236), drift=1)
        c.rect(0, 0.6, 1, 1, c.tint((170, 130, 90), 0.1))
        c.crowd(
            0.66, 3, 0.2, [(200, 60, 60), (60, 90, 170), (240, 180, 40), (40, 140, 100)]
        )
        return
    table = c.tint((160, 110, 64), 0.1)
    c.rect(0, 0, 1, 1, table)
    for i in range(10):
        c.line([(0, i / 9), (1, i / 9 + 0.01)], mix(table, BLACK, 0.12), 0.004)
    if craft == "coffee":
        for i in range(int(c.wide * 2.5)):
            x, y = (i + 0.5) / int(c.wide * 2.5), c.uniform(0.25, 0.75)
            c.oval(x, y, 0.13, 0.13, WHITE)
            c.oval(x, y, 0.1, 0.1, (80, 44, 24))
            c.oval(x - c.dx(0.03), y - 0.03, 0.03, 0.02, (160, 110, 70))
        for _ in range(60):
            c.oval(c.uniform(0, 1), c.uniform(0.85, 1), 0.012, 0.016, (70, 40, 24))
        c.oval(c.uniform(0.1, 0.9), 0.12, 0.12, 0.1, (190, 196, 200))
    else:
        cx = c.uniform(0.35, 0.65)
        c.oval(cx, 0.5, 0.4, 0.4, (200, 160, 100))
        c.oval(cx, 0.5, 0.36, 0.36, mix(c.primary, (120, 30, 40), 0.4))
        for band in range(5):
            y = 0.3 + band * 0.1
            c.line([(cx - c.dx(0.3), y), (cx + c.dx(0.3), y)], GOLD, 0.012)
            for k in range(5):
                mx = cx - c.dx(0.24) + c.dx(0.12) * k
                c.poly(
                    [
                        (mx - c.dx(0.04), y + 0.05),
                        (mx, y + 0.02),
                        (mx + c.dx(0.04), y + 0.05),
                        (mx, y + 0.08),
                    ],
                    GOLD,
                )
        for _ in range(4):
            c.oval(c.uniform(0.05, 0.95), c.uniform(0.05, 0.95), 0.04, 0.04, GOLD)
        c.line([(0.05, 0.9), (0.3, 0.7)], (200, 200, 210), 0.006)


def surf_contest(c: Canvas) -> None:
    surf(c)
    c.bunting(0.04, FESTIVE)
    x = 0.86
    c.rect(x - c.dx(0.08), 0.62, x + c.dx(0.08), 0.66, WOOD)
    for side in (-1, 1):
        c.line(
            [(x + side * c.dx(0.07), 0.66), (x + side * c.dx(0.07), 0.9)], WOOD, 0.008
        )
    c.poly([(x - c.dx(0.1), 0.62), (x, 0.55), (x + c.dx(0.1), 0.62)], c.primary)


def boat_race(c: Canvas) -> None:
    """Long boats racing on a wide river, rowers in team colours."""
    c.sky(0.4)
    c.sun(c.uniform(0.2, 0.8), 0.15, 0.05)
    c.hills(0.42, 0.05, c.haze(LEAF, 0.4))
    for i in range(12):
        c.palm(i / 11, 0.44, c.uniform(0.08, 0.14), 1 if i % 2 else -1)
    water = c.tint((90, 140, 150), 0.1)
    c.rect(0, 0.44, 1, 1, water)
    c.bunting(0.04, FESTIVE)
    for lane in range(3):
        y = 0.58 + lane * 0.14
        x0 = c.uniform(0.05, 0.2)
        x1 = x0 + 0.7
        colour = FESTIVE[lane]
        c.poly([(x0, y - 0.03), (x1, y - 0.05), (x1 - 0.05, y), (x0 + 0.03, y)], colour)
        for k in range(8):
            px = x0 + 0.06 + k * 0.08
            c.person(px, y - 0.02, 0.1, mix(colour, BLACK, 0.3))
            c.line([(px, y - 0.05), (px - 0.03, y + 0.03)], WOOD, 0.005)
        c.line(
            [(x0 - 0.05, y + 0.01), (x1 - 0.05, y + 0.01)],
            mix(water, WHITE, 0.4),
            0.005,
        )


def trail_run(c: Canvas) -> None:
    """Runners on a hill path through plantations."""
    c.sky(0.45)
    c.sun(0.8, 0.16, 0.05)
    c.hills(0.45, 0.12, c.haze(LEAF, 0.5))
    c.hills(0.65, 0.14, c.tint(GRASS, 0.06), waves=2)
    c.rect(0, 0.7, 1, 1, mix(GRASS, LEAF, 0.3))
    for i in range(20):
        c.palm(i / 19, 0.7 + (i % 3) * 0.02, 0.18, 1 if i % 2 else -1, DEEP_LEAF)
    path = c.tint(SAND, 0.1)
    c.poly([(0.45, 0.7), (0.55, 0.7), (0.9, 1), (0.1, 1)], path)
    colours = _costumes(c)
    for i in range(5):
        y = 0.78 + i * 0.05
        c.person(
            0.5 + c.uniform(-0.12, 0.12) * (1 + i * 0.5),
            y,
            0.12 + i * 0.04,
            colours[i % len(colours)],
            arms_up=False,
        )
    c.bunting(0.05, FESTIVE)


def elephant_festival(c: Canvas) -> None:
    forest(c, elephants=True)
    c.bunting(0.04, FESTIVE)


def ceremony(c: Canvas) -> None:
    """An adat ceremony: a gilded pepadun seat under ceremonial umbrellas,
    figures in gold and white; in a decorated hall or in the open."""
    c.mood = c.rng.choice(("golden", "day"))
    indoors = c.rng.random() < 0.5
    c.sky(0.45)
    if indoors:
        hall = c.tint((150, 90, 50), 0.15)
        c.rect(0, 0.2, 1, 0.62, hall)
        c.poly([(-0.1, 0.22), (0.5, 0.0), (1.1, 0.22)], mix(hall, BLACK, 0.4))
        for i in range(5):
            c.rect(0, 0.26 + i * 0.07, 1, 0.28 + i * 0.07, GOLD)
    else:
        c.mountain(c.uniform(0.2, 0.8), 0.55, c.dx(1.4), 0.3, c.haze(LEAF, 0.45))
        c.hills(0.6, 0.08, c.tint(LEAF, 0.1))
        c.bunting(0.05, [GOLD, WHITE, c.primary])
    c.rect(0, 0.62, 1, 1, c.tint((216, 190, 140), 0.1))
    cx = c.uniform(0.4, 0.6)
    c.rect(cx - c.dx(0.14), 0.52, cx + c.dx(0.14), 0.72, GOLD)
    c.rect(cx - c.dx(0.11), 0.42, cx + c.dx(0.11), 0.52, mix(GOLD, WHITE, 0.3))
    c.rect(cx - c.dx(0.2), 0.72, cx + c.dx(0.2), 0.76, mix(c.primary, BLACK, 0.2))
    shades = [mix(c.primary, (200, 40, 40), 0.4), GOLD, WHITE, (40, 120, 90)]
    umbrellas = c.rng.randint(1, 3)
    for k in range(umbrellas):
        for side in (-1, 1):
            c.umbrella(
                cx + side * c.dx(0.32 + k * 0.3),
                0.3 + 0.03 * k,
                0.12 - 0.015 * k,
                shades[(k + c.rng.randint(0, 3)) % len(shades)],
            )
    colours = [WHITE, GOLD, mix(c.primary, WHITE, 0.2)]
    count = int(c.wide * c.uniform(3, 5))
    for i in range(count):
        x = (i + 0.5) / count
        if abs(x - cx) > c.dx(0.2):
            c.person(x, 0.94, 0.3, colours[i % 3])
            c.siger(x, 0.68, 0.06, 0.03, GOLD)


def pilgrimage(c: Canvas) -> None:
    tomb(c)
    for i in range(6):
        c.person(0.2 + i * 0.12, 0.98, 0.2, (250, 250, 246) if i % 2 else (60, 90, 70))


def island_festival(c: Canvas) -> None:
    """Boats decked with flags around an island, for a sea festival."""
    c.sky(0.45)
    c.sun(0.2, 0.2, 0.05)
    c.sea(0.45, 1.0)
    c.island(0.65, 0.5, c.dx(0.9), 0.1, LEAF, palms=3)
    for i in range(5):
        x, y = 0.1 + i * 0.2, 0.7 + (i % 2) * 0.12
        c.boat(x, y, 0.14, FESTIVE[i], sail=True)
    c.bunting(0.04, FESTIVE)
    for i in range(6):
        c.person(0.05 + i * 0.04, 0.98, 0.14, (40, 40, 50))
    c.poly([(0, 0.94), (0.35, 0.92), (0.4, 1), (0, 1)], SAND)
