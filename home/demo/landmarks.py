"""Towns and buildings the demo draws: the Siger tower on its hill, monuments,
mosques, museums, tombs, a grotto, parks, arts halls, a river jetty, the city
lights seen from a hill, and a table of river-fish dishes."""

import math

from .landscapes import elephant
from .paint import (
    BLACK,
    DEEP_LEAF,
    GOLD,
    GRASS,
    LEAF,
    ROCK,
    SAND,
    WHITE,
    WOOD,
    Canvas,
    mix,
)

STONE: tuple[int, int, int] = (226, 220, 206)


def _town(c: Canvas, ground: float, tall: float = 0.18) -> None:
    """A low skyline of the town behind."""
    colour = c.haze(mix((150, 150, 160), c.primary, 0.15), 0.45)
    x = 0.0
    while x < 1:
        w = c.uniform(0.03, 0.08)
        c.rect(x, ground - c.uniform(0.04, tall), x + w - 0.004, ground, colour)
        x += w


def _ground(c: Canvas, y: float, colour=None) -> None:
    c.rect(0, y, 1, 1, colour or c.tint(GRASS, 0.08))


def siger_tower(c: Canvas) -> None:
    """Menara Siger: a tower crowned with the siger on a hill above the strait."""
    c.sky(0.55)
    c.sun(c.uniform(0.1, 0.25), 0.22, 0.06)
    c.clouds(2, bottom=0.3)
    c.sea(0.55, 1.0)
    c.boat(c.uniform(0.6, 0.9), 0.66, 0.12, (240, 240, 236), sail=False)
    c.rect(0.7, 0.6, 0.78, 0.62, (236, 236, 230))
    cx = c.uniform(0.35, 0.55)
    c.poly(
        [
            (cx - c.dx(0.9), 1),
            (cx - c.dx(0.25), 0.66),
            (cx + c.dx(0.3), 0.64),
            (cx + c.dx(1.0), 1),
        ],
        c.tint(LEAF, 0.1),
    )
    yellow, red = (246, 196, 40), mix((200, 40, 40), c.primary, 0.2)
    c.rect(cx - c.dx(0.14), 0.5, cx + c.dx(0.14), 0.66, yellow)
    for i in range(4):
        c.rect(
            cx - c.dx(0.12) + c.dx(0.07) * i,
            0.53,
            cx - c.dx(0.08) + c.dx(0.07) * i,
            0.63,
            mix(yellow, BLACK, 0.3),
        )
    c.siger(cx, 0.5, 0.42, 0.3, yellow)
    c.siger(cx, 0.46, 0.26, 0.16, red)
    c.line([(cx, 0.3), (cx, 0.22)], red, 0.006)
    c.poly([(cx, 0.22), (cx + c.dx(0.06), 0.24), (cx, 0.26)], red)
    for i in range(4):
        c.tree(
            cx - c.dx(0.5) + c.dx(0.3) * i,
            0.74 + (0.04 if i in (0, 3) else 0),
            0.12,
            DEEP_LEAF,
        )


def monument(c: Canvas, pepadun: bool = False) -> None:
    """A tugu on a roundabout with flower beds, the town behind; `pepadun`
    makes it the stepped throne of the Lampung Pepadun."""
    c.sky(0.7)
    c.sun(c.uniform(0.1, 0.9), 0.2, 0.05)
    _town(c, 0.7)
    _ground(c, 0.7, (170, 170, 168))
    c.oval(0.5, 0.84, 0.6 * c.wide, 0.1, c.tint(GRASS, 0.08))
    for i in range(16):
        a = i / 16 * math.tau
        c.oval(
            0.5 + c.dx(math.cos(a) * 0.5 * c.wide),
            0.84 + math.sin(a) * 0.08,
            0.03,
            0.02,
            ((232, 84, 110), GOLD)[i % 2],
        )
    cx = c.uniform(0.45, 0.55)
    body = c.tint(STONE, 0.1)
    c.rect(cx - c.dx(0.14), 0.74, cx + c.dx(0.14), 0.82, mix(body, BLACK, 0.1))
    if pepadun:
        for i, w in enumerate((0.12, 0.1, 0.08)):
            c.rect(
                cx - c.dx(w),
                0.74 - (i + 1) * 0.08,
                cx + c.dx(w),
                0.74 - i * 0.08,
                mix(body, c.primary, 0.15 * i),
            )
        c.siger(cx, 0.5, 0.22, 0.16, GOLD)
    else:
        style = c.rng.choice(("obelisk", "pillars", "globe"))
        if style == "pillars":
            for i in range(4):
                x = cx - c.dx(0.1) + c.dx(0.066) * i
                c.rect(
                    x - c.dx(0.02),
                    0.3 + 0.04 * abs(1.5 - i),
                    x + c.dx(0.02),
                    0.74,
                    mix(body, BLACK, 0.08 * (i % 2)),
                )
                c.oval(x, 0.3 + 0.04 * abs(1.5 - i), 0.025, 0.025, GOLD)
            c.rect(
                cx - c.dx(0.13), 0.58, cx + c.dx(0.13), 0.62, mix(body, c.primary, 0.4)
            )
        elif style == "globe":
            c.rect(cx - c.dx(0.05), 0.38, cx + c.dx(0.05), 0.74, body)
            c.oval(cx, 0.3, 0.1, 0.1, mix(GOLD, c.primary, 0.3))
            c.draw.arc(
                (*c.p(cx - c.dx(0.1), 0.2), *c.p(cx + c.dx(0.1), 0.4)),
                0,
                360,
                fill=GOLD,
                width=round(0.01 * c.h),
            )
            c.rect(cx - c.dx(0.1), 0.295, cx + c.dx(0.1), 0.305, GOLD)
        else:
            c.poly(
                [
                    (cx - c.dx(0.06), 0.74),
                    (cx - c.dx(0.025), 0.18),
                    (cx, 0.12),
                    (cx + c.dx(0.025), 0.18),
                    (cx + c.dx(0.06), 0.74),
                ],
                body,
            )
            c.poly(
                [
                    (cx, 0.12),
                    (cx + c.dx(0.025), 0.18),
                    (cx + c.dx(0.06), 0.74),
                    (cx + c.dx(0.01), 0.74),
                ],
                mix(body, BLACK, 0.15),
            )
            c.oval(cx, 0.16, 0.03, 0.03, GOLD)
    for x in (0.08, 0.92):
        c.tree(x, 0.86, 0.3, LEAF)


def mosque(c: Canvas, modern: bool) -> None:
    """A mosque: a great dome (or, `modern`, a block of light slits), two
    minarets, a courtyard."""
    c.mood = c.rng.choice(("golden", "dusk", "day"))
    c.sky(0.75)
    c.sun(c.uniform(0.75, 0.9), 0.3, 0.05)
    _ground(c, 0.75, c.tint((214, 206, 190), 0.1))
    cx = c.uniform(0.42, 0.58)
    wall = c.tint((240, 236, 226), 0.06)
    c.rect(cx - c.dx(0.42), 0.5, cx + c.dx(0.42), 0.78, wall)
    for i in range(7):
        x = cx - c.dx(0.36) + c.dx(0.12) * i
        c.draw.chord(
            (*c.p(x - c.dx(0.035), 0.58), *c.p(x + c.dx(0.035), 0.66)),
            180,
            360,
            fill=mix(wall, BLACK, 0.3),
        )
        c.rect(x - c.dx(0.035), 0.62, x + c.dx(0.035), 0.76, mix(wall, BLACK, 0.3))
    dome = c.tint((44, 130, 110), 0.3) if not modern else mix(wall, BLACK, 0.05)
    if modern:
        c.rect(cx - c.dx(0.2), 0.3, cx + c.dx(0.2), 0.5, mix(wall, BLACK, 0.1))
        for i in range(9):
            c.rect(
                cx - c.dx(0.18) + c.dx(0.045) * i,
                0.32,
                cx - c.dx(0.16) + c.dx(0.045) * i,
                0.48,
                GOLD,
            )
    else:
        c.rect(cx - c.dx(0.2), 0.44, cx + c.dx(0.2), 0.52, mix(wall, BLACK, 0.08))
        c.draw.chord(
            (*c.p(cx - c.dx(0.2), 0.24), *c.p(cx + c.dx(0.2), 0.64)),
            180,
            360,
            fill=dome,
        )
        c.line([(cx, 0.25), (cx, 0.18)], GOLD, 0.006)
        c.oval(cx, 0.17, 0.015, 0.015, GOLD)
    for side in (-1, 1):
        mx = cx + side * c.dx(0.5)
        c.rect(mx - c.dx(0.03), 0.18, mx + c.dx(0.03), 0.78, wall)
        c.rect(mx - c.dx(0.04), 0.3, mx + c.dx(0.04), 0.32, mix(wall, BLACK, 0.2))
        c.poly([(mx - c.dx(0.035), 0.18), (mx, 0.1), (mx + c.dx(0.035), 0.18)], dome)
    for x in (0.06, 0.94):
        c.palm(x, 0.9, 0.4, 1 if x < 0.5 else -1)


def museum(c: Canvas) -> None:
    """A museum under a great Lampung roof, with steps and a forecourt."""
    c.sky(0.72)
    c.sun(c.uniform(0.1, 0.3), 0.2, 0.05)
    c.clouds(2, bottom=0.3)
    _ground(c, 0.72, c.tint((200, 196, 186), 0.05))
    cx = c.uniform(0.45, 0.55)
    wall = c.tint((236, 226, 204), 0.1)
    roof = mix(c.primary, (120, 50, 30), 0.5)
    c.rect(cx - c.dx(0.5), 0.45, cx + c.dx(0.5), 0.74, wall)
    c.poly(
        [
            (cx - c.dx(0.62), 0.46),
            (cx - c.dx(0.3), 0.2),
            (cx + c.dx(0.3), 0.2),
            (cx + c.dx(0.62), 0.46),
        ],
        roof,
    )
    c.siger(cx, 0.2, 0.3, 0.1, GOLD)
    for i in range(6):
        x = cx - c.dx(0.42) + c.dx(0.168) * i
        c.rect(x - c.dx(0.02), 0.47, x + c.dx(0.02), 0.74, mix(wall, BLACK, 0.12))
    for i in range(4):
        c.rect(
            cx - c.dx(0.25 + i * 0.04),
            0.74 + i * 0.02,
            cx + c.dx(0.25 + i * 0.04),
            0.76 + i * 0.02,
            mix(wall, BLACK, 0.05 * i),
        )
    for x in (0.08, 0.92):
        c.tree(x, 0.9, 0.35, LEAF)


def tomb(c: Canvas) -> None:
    """A revered tomb under a cungkup roof, frangipani trees, headstones."""
    c.sky(0.65)
    c.hills(0.6, 0.08, c.haze(LEAF, 0.45))
    _ground(c, 0.66, c.tint(mix(GRASS, LEAF, 0.3), 0.06))
    cx = c.uniform(0.4, 0.6)
    roof = c.tint((70, 90, 70), 0.2)
    for side in (-1, 1):
        c.rect(
            cx + side * c.dx(0.2) - c.dx(0.015),
            0.5,
            cx + side * c.dx(0.2) + c.dx(0.015),
            0.82,
            WOOD,
        )
    c.poly([(cx - c.dx(0.3), 0.52), (cx, 0.28), (cx + c.dx(0.3), 0.52)], roof)
    c.poly(
        [(cx - c.dx(0.24), 0.38), (cx, 0.22), (cx + c.dx(0.24), 0.38)],
        mix(roof, BLACK, 0.2),
    )
    c.rect(cx - c.dx(0.14), 0.74, cx + c.dx(0.14), 0.82, (236, 232, 222))
    for side in (-1, 1):
        c.rect(
            cx + side * c.dx(0.1) - c.dx(0.012),
            0.68,
            cx + side * c.dx(0.1) + c.dx(0.012),
            0.76,
            (236, 232, 222),
        )
    for x in (c.uniform(0.05, 0.2), c.uniform(0.8, 0.95)):
        c.line(
            [(x, 0.9), (x - c.dx(0.05), 0.6), (x + c.dx(0.04), 0.45)],
            mix(WOOD, ROCK, 0.5),
            0.02,
        )
        for _ in range(10):
            fx, fy = x + c.dx(c.uniform(-0.14, 0.14)), c.uniform(0.36, 0.6)
            c.oval(fx, fy, 0.035, 0.03, DEEP_LEAF)
            c.oval(fx, fy, 0.012, 0.012, (250, 246, 230))
    for _ in range(6):
        x = c.uniform(0.05, 0.95)
        if abs(x - cx) > 0.2:
            c.rect(x - c.dx(0.015), 0.8, x + c.dx(0.015), 0.86, (214, 210, 200))


def grotto(c: Canvas) -> None:
    """A pilgrims' grotto: a rock arch with a white statue, candles, garden."""
    c.sky(0.5)
    c.rect(0, 0.5, 1, 1, c.tint(mix(GRASS, LEAF, 0.5), 0.05))
    cx = c.uniform(0.4, 0.6)
    rock = c.tint(mix(ROCK, (150, 140, 120), 0.4), 0.05)
    c.oval(cx, 0.5, 0.5, 0.42, rock)
    c.rect(cx - c.dx(0.5), 0.5, cx + c.dx(0.5), 0.8, rock)
    c.oval(cx, 0.58, 0.22, 0.28, mix(rock, BLACK, 0.55))
    c.rect(cx - c.dx(0.22), 0.58, cx + c.dx(0.22), 0.8, mix(rock, BLACK, 0.55))
    robe, veil = (250, 250, 246), (120, 170, 220)
    c.oval(cx, 0.44, 0.035, 0.04, robe)
    c.poly(
        [
            (cx - c.dx(0.06), 0.5),
            (cx - c.dx(0.045), 0.43),
            (cx + c.dx(0.045), 0.43),
            (cx + c.dx(0.06), 0.5),
            (cx + c.dx(0.07), 0.72),
            (cx - c.dx(0.07), 0.72),
        ],
        robe,
    )
    c.poly(
        [
            (cx - c.dx(0.05), 0.43),
            (cx, 0.4),
            (cx + c.dx(0.05), 0.43),
            (cx + c.dx(0.065), 0.66),
            (cx + c.dx(0.04), 0.66),
            (cx, 0.45),
        ],
        veil,
    )
    for i in range(9):
        x = cx - c.dx(0.18) + c.dx(0.045) * i
        c.rect(x - c.dx(0.006), 0.74, x + c.dx(0.006), 0.78, WHITE)
        c.oval(x, 0.732, 0.006, 0.01, GOLD)
    c.rect(0, 0.8, 1, 1, c.tint(GRASS, 0.05))
    for _ in range(6):
        c.tree(c.uniform(0, 1), c.uniform(0.95, 1.02), c.uniform(0.2, 0.3), LEAF)


def park(c: Canvas, statue: bool = False) -> None:
    """A town park: lawn, shade trees, a path and people; `statue` adds the
    elephant statues of Bandar Lampung's Taman Gajah."""
    c.sky(0.55)
    c.sun(c.uniform(0.15, 0.85), 0.2, 0.05)
    _town(c, 0.55, 0.12)
    _ground(c, 0.55)
    c.poly([(0.45, 0.55), (0.55, 0.55), (0.85, 1), (0.15, 1)], c.tint(SAND, 0.1))
    for i in range(8):
        x = i / 7 + c.uniform(-0.03, 0.03)
        if abs(x - 0.5) > 0.12:
            c.tree(
                x,
                0.6 + abs(x - 0.5) * 0.4,
                c.uniform(0.25, 0.38),
                mix(LEAF, DEEP_LEAF, c.uniform(0, 0.6)),
            )
    if statue:
        c.rect(0.38, 0.78, 0.62, 0.82, (196, 192, 184))
        elephant(c, 0.5, 0.78, 0.22, c.rng.choice((-1, 1)))
    else:
        c.rect(0.48, 0.45, 0.52, 0.7, c.tint(STONE, 0.1))
        c.oval(0.5, 0.45, 0.03, 0.03, GOLD)
    colours = [
        c.tint(x, 0.2)
        for x in ((200, 60, 60), (60, 90, 170), (240, 180, 40), (40, 140, 100))
    ]
    for _ in range(7):
        x = c.uniform(0.2, 0.8)
        c.person(x, c.uniform(0.84, 0.98), 0.12, c.rng.choice(colours))


def hall(c: Canvas) -> None:
    """An arts venue: timber halls around an open stage, dancers on it."""
    c.mood = c.rng.choice(("golden", "dusk"))
    c.sky(0.6)
    _ground(c, 0.6, c.tint((190, 176, 150), 0.1))
    timber = c.tint((140, 92, 56), 0.15)
    for x, w in ((0.18, 0.34), (0.82, 0.3)):
        cx = x + c.uniform(-0.04, 0.04)
        c.rect(cx - c.dx(w), 0.34, cx + c.dx(w), 0.62, timber)
        for i in range(8):
            c.rect(
                cx - c.dx(w) + c.dx(w / 4) * i,
                0.36,
                cx - c.dx(w) + c.dx(w / 4) * i + c.dx(0.01),
                0.62,
                mix(timber, BLACK, 0.3),
            )
        c.poly(
            [(cx - c.dx(w * 1.2), 0.36), (cx, 0.18), (cx + c.dx(w * 1.2), 0.36)],
            mix(timber, BLACK, 0.45),
        )
    c.rect(0.3, 0.66, 0.7, 0.74, mix(timber, BLACK, 0.2))
    for i, x in enumerate((0.4, 0.5, 0.6)):
        c.person(
            x,
            0.66,
            0.16,
            (mix(c.primary, GOLD, 0.3), GOLD, mix(c.primary, WHITE, 0.3))[i],
            arms_up=True,
        )
        c.siger(x, 0.51, 0.04, 0.02, GOLD)
    c.crowd(0.8, 2, 0.12, [mix(BLACK, c.primary, 0.2), (60, 60, 70), (90, 70, 60)])


def jetty(c: Canvas) -> None:
    """A river jetty with painted murals, boats tied up."""
    c.sky(0.45)
    c.sun(c.uniform(0.6, 0.9), 0.2, 0.05)
    c.hills(0.47, 0.04, c.haze(LEAF, 0.4))
    water = c.tint((100, 140, 150), 0.1)
    c.rect(0, 0.47, 1, 1, water)
    for _ in range(10):
        y, x = c.uniform(0.5, 0.95), c.uniform(0, 0.9)
        c.line([(x, y), (x + 0.08, y)], mix(water, WHITE, 0.3), 0.003)
    c.rect(0, 0.42, 0.45, 0.62, c.tint((230, 222, 206), 0.1))
    colours = [(230, 90, 60), (250, 190, 50), (60, 150, 200), (90, 170, 90), c.primary]
    for i in range(9):
        c.oval(
            0.03 + i * 0.05,
            c.uniform(0.47, 0.57),
            0.04,
            0.04,
            colours[i % len(colours)],
        )
    c.poly([(0.2, 0.62), (0.45, 0.62), (0.95, 0.8), (0.7, 0.8)], mix(WOOD, WHITE, 0.2))
    for i in range(6):
        x = 0.45 + i * 0.1
        c.line([(x, 0.62 + i * 0.036), (x, 0.72 + i * 0.036)], WOOD, 0.008)
    for i in range(3):
        c.boat(
            0.3 + i * 0.18,
            0.88 + (i % 2) * 0.04,
            0.12,
            c.tint(((200, 70, 50), (40, 110, 170), (240, 200, 60))[i], 0.2),
        )


def city_view(c: Canvas) -> None:
    """The city's lights at dusk seen from a hilltop, the bay and its hills
    beyond, a gazebo and two watchers in front."""
    night = c.rng.random() < 0.5
    c.mood = "night" if night else "dusk"
    if night:
        c.sky_top, c.sky_low = (14, 20, 48), c.tint((52, 60, 110), 0.1)
    else:
        c.sky_top, c.sky_low = c.tint((48, 52, 110), 0.15), c.tint((250, 150, 100), 0.1)
    c.sky(0.5)
    if night:
        for _ in range(40):
            c.oval(c.uniform(0, 1), c.uniform(0.02, 0.38), 0.003, 0.003, WHITE)
        c.oval(c.uniform(0.1, 0.9), c.uniform(0.1, 0.2), 0.04, 0.04, (246, 240, 214))
    else:
        c.sun(c.uniform(0.2, 0.8), 0.42, 0.05, always=True)
    c.hills(0.44, 0.08, mix((70, 60, 100), c.primary, 0.15), waves=2)
    bay = mix((80, 90, 140), c.sky_low, 0.35)
    c.rect(0, 0.44, 1, 0.56, bay)
    c.reflection(
        c.uniform(0.3, 0.7), 0.44, 0.55, c.dx(0.08), mix(c.sky_low, WHITE, 0.3)
    )
    city = mix((44, 42, 70), c.primary, 0.12)
    c.rect(0, 0.55, 1, 0.8, city)
    x = 0.0
    while x < 1:
        w, h = c.uniform(0.015, 0.045), c.uniform(0.02, 0.12)
        c.rect(x, 0.58 - h, x + w - 0.003, 0.6, mix(city, BLACK, 0.1))
        for _ in range(int(h * 40)):
            wx, wy = x + c.uniform(0.002, w - 0.006), 0.58 - c.uniform(0, h - 0.01)
            c.rect(wx, wy, wx + 0.004, wy + 0.008, GOLD)
        x += w
    for _ in range(int(180 * c.wide / 1.5)):
        y = c.uniform(0.6, 0.8)
        c.oval(
            c.uniform(0, 1),
            y,
            0.003 + (y - 0.6) * 0.01,
            0.003 + (y - 0.6) * 0.01,
            c.rng.choice(((255, 214, 120), (255, 240, 200), (250, 170, 90))),
        )
    hill = (30, 38, 40)
    c.poly([(0, 0.8), (0.25, 0.78), (0.55, 0.82), (1, 0.76), (1, 1), (0, 1)], hill)
    gx = c.uniform(0.6, 0.85)
    roof = mix(hill, c.primary, 0.5)
    c.poly([(gx - c.dx(0.12), 0.8), (gx, 0.7), (gx + c.dx(0.12), 0.8)], roof)
    for side in (-1, 1):
        c.rect(
            gx + side * c.dx(0.09) - c.dx(0.008),
            0.8,
            gx + side * c.dx(0.09) + c.dx(0.008),
            0.92,
            roof,
        )
    for i in range(2):
        c.person(gx - c.dx(0.25) - c.dx(0.06 * i), 0.95, 0.12 - 0.015 * i, (14, 18, 20))


def culinary(c: Canvas) -> None:
    """River fish cooked as pindang: a bowl, rice, sambal, on a wooden table."""
    table = c.tint((150, 100, 60), 0.1)
    c.rect(0, 0, 1, 1, table)
    for i in range(9):
        c.line([(0, i / 8), (1, i / 8 + 0.02)], mix(table, BLACK, 0.15), 0.004)
    cx = c.uniform(0.4, 0.6)
    c.oval(cx, 0.55, 0.36, 0.32, (244, 240, 232))
    c.oval(cx, 0.55, 0.3, 0.26, mix((230, 170, 60), c.primary, 0.1))
    fish = (200, 150, 100)
    c.oval(cx, 0.56, 0.2, 0.08, fish)
    c.poly(
        [(cx + c.dx(0.18), 0.56), (cx + c.dx(0.28), 0.5), (cx + c.dx(0.28), 0.62)], fish
    )
    c.oval(cx - c.dx(0.12), 0.54, 0.015, 0.015, (60, 40, 30))
    for _ in range(6):
        c.oval(
            cx + c.dx(c.uniform(-0.2, 0.2)),
            0.55 + c.uniform(-0.15, 0.15),
            0.025,
            0.012,
            (60, 150, 60),
        )
        c.oval(
            cx + c.dx(c.uniform(-0.2, 0.2)),
            0.55 + c.uniform(-0.15, 0.15),
            0.015,
            0.015,
            (220, 60, 40),
        )
    side = c.rng.choice((-1, 1))
    rx = cx + side * c.dx(0.62)
    c.oval(rx, 0.35, 0.22, 0.2, (244, 240, 232))
    c.oval(rx, 0.35, 0.16, 0.14, WHITE)
    c.oval(cx - side * c.dx(0.55), 0.8, 0.1, 0.09, (244, 240, 232))
    c.oval(cx - side * c.dx(0.55), 0.8, 0.07, 0.06, (190, 40, 30))
    for i in range(3):
        c.oval(cx - side * c.dx(0.7) + c.dx(i * 0.08), 0.2, 0.04, 0.04, (120, 190, 60))
    c.poly([(0, 0.9), (0.3, 0.88), (0.2, 1), (0, 1)], mix(DEEP_LEAF, LEAF, 0.4))


def stadium(c: Canvas) -> None:
    """A sports complex: the stadium bowl under floodlights, a jogging track
    and the row of anjungan houses."""
    c.sky(0.55)
    c.sun(c.uniform(0.6, 0.9), 0.18, 0.05)
    c.clouds(2, bottom=0.3)
    _ground(c, 0.55)
    bowl = c.tint((200, 200, 204), 0.1)
    cx = c.uniform(0.35, 0.55)
    c.rect(cx - c.dx(0.6), 0.32, cx + c.dx(0.6), 0.6, bowl)
    for i in range(4):
        c.rect(
            cx - c.dx(0.6),
            0.36 + i * 0.05,
            cx + c.dx(0.6),
            0.375 + i * 0.05,
            mix(c.primary, bowl, 0.4),
        )
    for side in (-1, 1):
        x = cx + side * c.dx(0.72)
        c.line([(x, 0.6), (x, 0.12)], (120, 120, 126), 0.01)
        c.rect(x - c.dx(0.06), 0.1, x + c.dx(0.06), 0.16, (230, 230, 220))
    c.rect(0, 0.66, 1, 0.72, c.tint((190, 90, 70), 0.1))
    for i in range(5):
        x = 0.1 + i * 0.2
        wall = c.tint(mix((150, 96, 56), (120, 80, 50), i / 5), 0.15)
        c.stilt_house(x, 0.95, 0.16, wall, mix(wall, BLACK, 0.45))
    for _ in range(4):
        c.person(c.uniform(0, 1), 0.7, 0.06, c.tint((60, 60, 70), 0.3))
