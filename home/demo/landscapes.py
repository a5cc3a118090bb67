"""The inland places the demo draws, one function each: crater, mountain,
waterfall, lake, river, forest with elephants, coffee and pepper hills, rice
fields, megaliths, village. Each takes a `Canvas` and composes its picture
from the seed, so two places of one kind still differ in layout. The coast
is in `coast`, towns and buildings in `landmarks`.
"""

import math

from PIL import Image

from .paint import (
    BLACK,
    DEEP_LEAF,
    GRASS,
    LEAF,
    ROCK,
    WHITE,
    WOOD,
    Canvas,
    mix,
)


def crater(c: Canvas) -> None:
    """A geothermal valley: steaming turquoise pools among green hills."""
    c.sky(0.5)
    c.mountain(c.uniform(0.2, 0.4), 0.55, c.dx(1.3), 0.3, c.haze(LEAF, 0.5))
    c.mountain(c.uniform(0.6, 0.85), 0.55, c.dx(1.1), 0.22, c.haze(LEAF, 0.4))
    c.rect(0, 0.54, 1, 0.64, c.tint(LEAF, 0.1))
    c.hills(0.62, 0.08, c.tint(LEAF, 0.1), waves=2)
    c.rect(0, 0.62, 1, 1, mix((196, 186, 150), c.primary, 0.08))
    pools = [
        (c.uniform(0.1, 0.9), c.uniform(0.68, 0.92), c.uniform(0.04, 0.09))
        for _ in range(c.rng.randint(3, 5))
    ]
    for x, y, r in pools:
        c.oval(x, y, r * 2.4, r * 0.7, mix((210, 200, 120), WHITE, 0.2))
        c.oval(x, y, r * 2.0, r * 0.55, (88, 190, 170))
    drift = c.uniform(-0.04, 0.04)
    for x, y, r in pools:
        for _ in range(10):
            rise = c.uniform(0, 1) ** 1.5
            c.mist(
                x + c.dx(drift * rise * 6 + c.uniform(-r, r) * 0.8),
                y - 0.02 - rise * r * 4,
                r * (0.5 + rise * 1.2) * c.uniform(0.7, 1.2),
                r * (0.3 + rise * 0.5),
                round(90 - 50 * rise),
            )
    for _ in range(6):
        c.tree(
            c.rng.choice((c.uniform(0, 0.15), c.uniform(0.85, 1))),
            c.uniform(0.9, 1.0),
            c.uniform(0.12, 0.2),
            DEEP_LEAF,
        )


def mountain(c: Canvas) -> None:
    """A forested peak (or twin peaks) behind hazy ridges; in front the
    forest, a campsite with tents, or a lookout with walkers."""
    c.sky(0.7)
    c.sun(c.uniform(0.1, 0.3), 0.2, 0.05)
    c.clouds(2, bottom=0.3)
    c.ridge(0.55, 0.16, c.rng.randint(3, 5), c.haze(LEAF, 0.65))
    green = c.tint(mix(LEAF, DEEP_LEAF, 0.4), 0.1)
    cx = c.uniform(0.35, 0.65)
    if c.rng.random() < 0.4:
        c.mountain(
            cx - c.dx(0.35), 0.78, c.dx(1.1), c.uniform(0.4, 0.5), c.haze(green, 0.2)
        )
        c.mountain(cx + c.dx(0.3), 0.78, c.dx(1.2), c.uniform(0.45, 0.58), green)
    else:
        c.mountain(cx, 0.78, c.dx(c.uniform(1.2, 1.6)), c.uniform(0.5, 0.62), green)
    c.clouds(1, top=0.45, bottom=0.5)
    c.hills(0.8, 0.1, mix(LEAF, GRASS, 0.4), waves=3)
    front = c.rng.choice(("forest", "camp", "lookout"))
    if front == "forest":
        for i in range(9):
            c.jungle_tree(i / 8 + c.uniform(-0.04, 0.04), 1.0, c.uniform(0.15, 0.3))
        return
    c.rect(0, 0.86, 1, 1, c.tint(GRASS, 0.06))
    for x in (0.04, 0.96):
        c.jungle_tree(x, 1.0, 0.35)
    if front == "camp":
        colours = [(230, 110, 40), (240, 200, 60), (60, 120, 190)]
        for i in range(c.rng.randint(2, 3)):
            x, y, s = c.uniform(0.2, 0.8), c.uniform(0.9, 0.97), c.uniform(0.08, 0.12)
            c.poly([(x - c.dx(s), y), (x, y - s), (x + c.dx(s), y)], colours[i])
            c.poly(
                [(x - c.dx(s * 0.2), y), (x, y - s * 0.6), (x + c.dx(s * 0.2), y)],
                mix(colours[i], BLACK, 0.5),
            )
    else:
        x = c.uniform(0.3, 0.7)
        c.rect(x - c.dx(0.2), 0.86, x + c.dx(0.2), 0.88, WOOD)
        for k in range(5):
            c.line(
                [
                    (x - c.dx(0.2) + c.dx(0.1) * k, 0.86),
                    (x - c.dx(0.2) + c.dx(0.1) * k, 0.8),
                ],
                WOOD,
                0.006,
            )
        c.line([(x - c.dx(0.2), 0.8), (x + c.dx(0.2), 0.8)], WOOD, 0.006)
        for k in range(3):
            c.person(
                x - c.dx(0.1) + c.dx(0.1) * k,
                0.86,
                0.12,
                c.tint(((200, 60, 60), (60, 90, 170), (240, 180, 40))[k], 0.2),
            )


def waterfall(c: Canvas, width: float, tiers: int, split: bool) -> None:
    """A waterfall between cliffs, falling into a pool; `width` of the fall,
    `tiers` steps, `split` for one that divides around a rock."""
    top = c.uniform(0.15, 0.3)
    c.sky(0.6)
    c.hills(0.3, 0.1, c.haze(LEAF, 0.4))
    cliff = c.tint(mix((132, 120, 100), LEAF, 0.3), 0.06)
    cx = c.uniform(0.42, 0.58)
    half = c.dx(width / 2)
    c.poly(
        [(0, top - 0.05), (cx - half, top), (cx - half - 0.02, 0.85), (0, 0.85)], cliff
    )
    c.poly(
        [(1, top - 0.08), (cx + half, top), (cx + half + 0.02, 0.85), (1, 0.85)],
        mix(cliff, BLACK, 0.15),
    )
    c.rect(cx - half - 0.01, top, cx + half + 0.01, 0.85, mix(cliff, BLACK, 0.3))
    for _ in range(14):
        y = c.uniform(top + 0.03, 0.8)
        x = c.rng.choice(
            (c.uniform(0, cx - half - 0.03), c.uniform(cx + half + 0.03, 1))
        )
        c.line(
            [(x, y), (x + c.uniform(0.04, 0.12), y + c.uniform(-0.01, 0.01))],
            mix(cliff, BLACK, 0.2),
            0.006,
        )
    for _ in range(16):
        x = c.rng.choice(
            (c.uniform(0, cx - half - 0.02), c.uniform(cx + half + 0.02, 1))
        )
        c.oval(
            x,
            c.uniform(top, 0.8),
            c.uniform(0.02, 0.05),
            c.uniform(0.015, 0.03),
            mix(LEAF, DEEP_LEAF, c.uniform(0, 1)),
        )
    water, foam = (196, 226, 236), (246, 252, 252)
    step = (0.78 - top) / tiers
    for t in range(tiers):
        y0 = top + t * step
        shrink = c.dx(0.02) * t
        c.rect(cx - half + shrink, y0, cx + half - shrink, y0 + step, water)
        x = cx - half + shrink + 0.005
        while x < cx + half - shrink:
            c.line([(x, y0 + 0.01), (x, y0 + step)], foam, 0.004)
            x += c.dx(0.025)
        c.rect(
            cx - half - c.dx(0.02),
            y0 + step - 0.015,
            cx + half + c.dx(0.02),
            y0 + step + 0.005,
            mix(cliff, BLACK, 0.2),
        )
    if split:
        c.poly(
            [(cx - c.dx(0.05), 0.85), (cx, top + 0.05), (cx + c.dx(0.05), 0.85)],
            mix(ROCK, BLACK, 0.3),
        )
    for side in (-1, 1):
        for _ in range(4):
            c.jungle_tree(
                cx + side * (half + c.uniform(0.02, 0.3)),
                top + c.uniform(-0.02, 0.02),
                c.uniform(0.12, 0.2),
            )
    c.rect(0, 0.8, 1, 1, c.tint((70, 150, 150), 0.08))
    c.oval(cx, 0.82, c.w / c.h * half * 1.6, 0.05, foam)
    for _ in range(8):
        c.mist(
            cx + c.uniform(-half, half) * 1.3,
            0.78 + c.uniform(-0.04, 0.02),
            c.uniform(0.05, 0.1),
            c.uniform(0.03, 0.06),
            110,
        )
    for _ in range(5):
        c.oval(
            cx + c.uniform(-half, half),
            0.8 + c.uniform(-0.03, 0.02),
            c.uniform(0.03, 0.06),
            0.03,
            mix(foam, water, 0.4),
        )
    for side in (-1, 1):
        x = 0.08 if side == -1 else 0.92
        c.oval(x, 0.97, c.uniform(0.1, 0.2), 0.08, mix(ROCK, DEEP_LEAF, 0.5))


def lake(c: Canvas, fields: bool = False, weir: bool = False) -> None:
    """Hills mirrored in still water, a boat; `fields` puts rice fields in
    front, `weir` a dam with water spilling over it."""
    shore = c.uniform(0.5, 0.58)
    c.sky(shore)
    c.sun(c.uniform(0.2, 0.8), shore * 0.35, 0.05)
    if c.rng.random() < 0.5:
        c.mountain(c.uniform(0.3, 0.7), shore, c.dx(1.3), 0.3, c.haze(LEAF, 0.45))
    c.hills(shore, 0.14, c.tint(LEAF, 0.1), waves=c.rng.randint(2, 4))
    c.hills(shore + 0.005, 0.05, mix(LEAF, DEEP_LEAF, 0.5), waves=5)
    cut = round(shore * c.h)
    above = c.image.crop((0, max(0, 2 * cut - c.h), c.w, cut)).transpose(
        Image.Transpose.FLIP_TOP_BOTTOM
    )
    water = Image.new("RGB", above.size, c.tint((96, 160, 190), 0.1))
    c.image.paste(Image.blend(above, water, 0.45), (0, cut))
    for _ in range(10):
        y, x = c.uniform(shore + 0.03, 0.95), c.uniform(0, 0.85)
        c.line(
            [(x, y), (x + c.uniform(0.05, 0.15), y)],
            mix(WHITE, (96, 160, 190), 0.3),
            0.003,
        )
    extra = c.rng.choice(("boat", "huts", "pedal boats", "palms"))
    if extra == "boat":
        c.boat(c.uniform(0.2, 0.8), c.uniform(0.7, 0.8), 0.09, c.tint(WOOD, 0.2))
    elif extra == "huts":
        for i in range(c.rng.randint(2, 3)):
            x, y = c.uniform(0.15, 0.85), shore + 0.1 + i * 0.06
            c.rect(
                x - c.dx(0.07),
                y - 0.01,
                x + c.dx(0.07),
                y + 0.01,
                mix(WOOD, WHITE, 0.2),
            )
            c.rect(
                x - c.dx(0.05),
                y - 0.07,
                x + c.dx(0.05),
                y - 0.01,
                c.tint((180, 130, 80), 0.1),
            )
            c.poly(
                [(x - c.dx(0.08), y - 0.06), (x, y - 0.12), (x + c.dx(0.08), y - 0.06)],
                mix(WOOD, BLACK, 0.2),
            )
    elif extra == "pedal boats":
        for i in range(c.rng.randint(2, 4)):
            x, y = c.uniform(0.1, 0.9), c.uniform(shore + 0.1, 0.78)
            colour = ((240, 240, 236), (240, 200, 60), (220, 90, 70))[i % 3]
            c.oval(x, y, 0.05, 0.022, colour)
            c.oval(x + c.dx(0.035), y - 0.04, 0.012, 0.035, colour)
            c.oval(x + c.dx(0.045), y - 0.07, 0.018, 0.014, colour)
    else:
        for _ in range(c.rng.randint(3, 6)):
            c.palm(
                c.uniform(0, 1),
                shore + 0.01,
                c.uniform(0.12, 0.22),
                c.rng.choice((-1, 1)),
            )
    if weir:
        y = c.uniform(0.78, 0.82)
        c.rect(0, y, 1, y + 0.03, (196, 194, 186))
        c.rect(0, y + 0.03, 1, y + 0.12, (226, 240, 244))
        for i in range(60):
            x = i / 60
            c.line([(x, y + 0.035), (x + 0.004, y + 0.115)], (170, 206, 216), 0.004)
        c.rect(0, y + 0.12, 1, 1, c.tint((80, 150, 160), 0.1))
        for i in range(40):
            c.oval(i / 39, y + 0.125, 0.03, 0.018, (240, 248, 250))
    if fields:
        for i in range(5):
            y = 0.85 + i * 0.03
            c.rect(0, y, 1, y + 0.03, mix(GRASS, (190, 200, 80), i % 2 * 0.4))
        for _ in range(3):
            c.palm(c.uniform(0.05, 0.95), 0.9, 0.22)


def river(c: Canvas, houses: bool = False) -> None:
    """A river winding from the horizon, a perahu on it; `houses` lines the
    bank with stilt houses."""
    horizon = c.uniform(0.38, 0.45)
    c.sky(horizon)
    c.sun(c.uniform(0.2, 0.8), horizon * 0.5, 0.06)
    c.hills(horizon + 0.02, 0.05, c.haze(LEAF, 0.5))
    for _ in range(int(30 * c.wide / 1.5)):
        c.oval(
            c.uniform(0, 1),
            horizon + 0.03,
            c.uniform(0.02, 0.05),
            0.035,
            c.haze(DEEP_LEAF, 0.3),
        )
    c.rect(0, horizon + 0.02, 1, 1, c.tint(mix(GRASS, LEAF, 0.4), 0.08))
    for i in range(8):
        y = horizon + 0.06 + i * 0.06
        c.line(
            [(c.uniform(0, 0.3), y), (c.uniform(0.6, 1), y)],
            c.tint(mix(GRASS, (170, 190, 90), 0.4), 0.05),
            0.008,
        )
    phase, bend = c.uniform(0, math.tau), c.uniform(0.12, 0.22)
    left, right = [], []
    for i in range(31):
        t = i / 30
        y = horizon + 0.02 + (1 - horizon) * t**1.3
        centre = 0.5 + bend * math.sin(phase + t * 4.5) * (0.4 + t)
        half = c.dx(0.01 + 0.5 * t**1.5)
        left.append((centre - half, y))
        right.append((centre + half, y))
    water = c.tint((88, 150, 176), 0.1)
    c.poly(left + right[::-1], water)
    for i in range(6, 30, 3):
        (x0, y), (x1, _) = left[i], right[i]
        c.line(
            [(x0 + (x1 - x0) * 0.3, y), (x0 + (x1 - x0) * 0.55, y)],
            mix(water, WHITE, 0.35),
            0.003,
        )
    x0, y = left[22]
    x1, _ = right[22]
    c.boat((x0 + x1) / 2, y, 0.14, c.tint(WOOD, 0.2))
    c.person((x0 + x1) / 2 + c.dx(0.03), y - 0.015, 0.09, (60, 50, 44))
    c.line(
        [((x0 + x1) / 2 + c.dx(0.05), y - 0.07), ((x0 + x1) / 2 + c.dx(0.1), y + 0.02)],
        WOOD,
        0.005,
    )
    if houses:
        # On the bank that will be seen: a hero's right part is cut off.
        bank, away = (left, -1) if c.right == 1 else (right, 1)
        for i in range(3):
            x, yb = bank[8 + i * 5]
            c.stilt_house(
                x + away * c.dx(0.08 + i * 0.04),
                yb + 0.02,
                0.08 + i * 0.04,
                c.tint((150, 100, 60), 0.1),
                mix(WOOD, BLACK, 0.4),
            )
    reed = c.tint((90, 140, 60), 0.05)
    for i in range(8, 31, 2):
        for bank, away in ((left, -1), (right, 1)):
            bx, by = bank[i]
            for k in range(4):
                x = bx + away * c.dx(0.01 + k * 0.012)
                c.line(
                    [
                        (x, by),
                        (
                            x + c.dx(c.uniform(-0.01, 0.01)),
                            by - c.uniform(0.02, 0.05) * (0.5 + i / 30),
                        ),
                    ],
                    reed,
                    0.003,
                )
    for _ in range(6):
        side = c.rng.choice((0, -1))
        px, py = (left if side == 0 else right)[c.rng.randint(12, 28)]
        c.palm(
            px + (-c.dx(0.15) if side == 0 else c.dx(0.15)),
            py,
            c.uniform(0.15, 0.3),
            1 if side else -1,
        )


def forest(c: Canvas, elephants: bool = False, flowers: bool = False) -> None:
    """Layered rainforest with hornbills; `elephants` walking in a clearing,
    `flowers` for a garden's beds."""
    c.sky(0.6)
    c.sun(c.uniform(0.6, 0.9), 0.2, 0.05)
    c.hills(0.45, 0.12, c.haze(DEEP_LEAF, 0.5), waves=3)
    for i in range(14):
        c.jungle_tree(
            i / 13 + c.uniform(-0.03, 0.03),
            0.72,
            c.uniform(0.35, 0.5),
            c.haze(DEEP_LEAF, 0.25),
        )
    c.hills(0.72, 0.06, mix(LEAF, DEEP_LEAF, 0.3), waves=4)
    ground = c.tint(mix(GRASS, (196, 170, 100), 0.3), 0.06)
    c.rect(0, 0.74, 1, 1, ground)
    if elephants:
        herd = c.rng.randint(2, 3)
        start = c.uniform(0.18, 0.4) if c.right == 1 else c.right * c.uniform(0.5, 0.6)
        facing = c.rng.choice((-1, 1))
        for i in range(herd):
            size = 0.26 if i == 0 else c.uniform(0.13, 0.2)
            elephant(c, start + i * c.dx(0.42), 0.93 - i * 0.02, size, facing)
    if flowers:
        for row in range(4):
            y = 0.8 + row * 0.05
            colour = ((232, 84, 110), (250, 200, 60), (240, 130, 40), (190, 90, 200))[
                row
            ]
            for i in range(40):
                c.oval(i / 40 + (row % 2) * 0.012, y, 0.012, 0.01, colour)
    for side in (0.04, 0.96):
        c.tree(side, 1.02, c.uniform(0.4, 0.55), DEEP_LEAF)
    c.birds(3)


def elephant(c: Canvas, x: float, ground: float, size: float, facing: int) -> None:
    """A Sumatran elephant in profile, `size` heights tall."""
    skin = (112, 108, 112)
    shade = mix(skin, BLACK, 0.25)
    f = facing

    def at(dx: float, dy: float) -> tuple[float, float]:
        return (x + c.dx(f * dx * size), ground - dy * size)

    for leg, colour in ((-0.32, shade), (0.22, shade), (-0.22, skin), (0.32, skin)):
        c.poly(
            [
                at(leg - 0.07, 0.5),
                at(leg + 0.07, 0.5),
                at(leg + 0.07, 0),
                at(leg - 0.07, 0),
            ],
            colour,
        )
    cx, cy = at(0, 0.62)
    c.oval(cx, cy, size * 0.5, size * 0.3, skin)
    hx, hy = at(0.5, 0.75)
    c.oval(hx, hy, size * 0.2, size * 0.2, skin)
    trunk = [at(0.62, 0.75), at(0.72, 0.5), at(0.74, 0.25), at(0.68, 0.12)]
    c.line(trunk, skin, size * 0.09)
    ex, ey = at(0.42, 0.72)
    c.oval(ex, ey, size * 0.13, size * 0.17, shade)
    eye = at(0.57, 0.8)
    c.oval(*eye, size * 0.02, size * 0.02, (30, 30, 30))
    c.line([at(-0.48, 0.7), at(-0.56, 0.4)], shade, size * 0.03)


def coffee(c: Canvas) -> None:
    """Terraced rows of coffee bushes on rolling hills, a volcano behind."""
    c.sky(0.5)
    c.sun(c.uniform(0.2, 0.8), 0.18, 0.05)
    c.mountain(c.uniform(0.3, 0.7), 0.5, c.dx(1.2), 0.26, c.haze(LEAF, 0.55))
    bush = c.tint((40, 110, 60), 0.06)
    for layer, (base, colour) in enumerate(
        ((0.52, mix(GRASS, LEAF, 0.3)), (0.68, mix(GRASS, LEAF, 0.5)), (0.84, GRASS))
    ):
        amp = 0.1 + layer * 0.03
        phase = c.uniform(0, math.tau)

        def crest(x, base=base, amp=amp, phase=phase):
            return base - amp * (0.5 + 0.5 * math.sin(x * 5 + phase))

        c.poly(
            [(0, 1)] + [(i / 40, crest(i / 40)) for i in range(41)] + [(1, 1)],
            c.tint(colour, 0.06),
        )
        size = 0.012 + layer * 0.01
        for row in range(5):
            count = int(60 / (layer + 1))
            for i in range(count):
                x = (i + 0.5 * (row % 2)) / count
                y = crest(x) + 0.02 + row * size * 2.1
                c.oval(x, y, size * 1.2, size, bush)
                if layer == 2 and i % 3 == 0:
                    c.oval(
                        x + c.dx(size * 0.5), y, size * 0.25, size * 0.25, (196, 40, 40)
                    )
    c.tree(c.uniform(0.05, 0.2), 0.98, 0.35, DEEP_LEAF)


def megaliths(c: Canvas) -> None:
    """Standing stones on a grassy terrace, trees behind."""
    c.sky(0.6)
    c.sun(c.uniform(0.6, 0.85), 0.22, 0.06)
    c.hills(0.55, 0.1, c.haze(LEAF, 0.45))
    for i in range(7):
        c.tree(
            i / 6 + c.uniform(-0.04, 0.04),
            0.64,
            c.uniform(0.18, 0.28),
            c.haze(DEEP_LEAF, 0.2),
        )
    c.poly(
        [(0, 0.66), (0.3, 0.62), (0.7, 0.63), (1, 0.66), (1, 1), (0, 1)],
        c.tint(GRASS, 0.08),
    )
    c.poly([(0, 0.82), (1, 0.8), (1, 1), (0, 1)], c.tint(mix(GRASS, LEAF, 0.4), 0.08))
    stone = c.tint((128, 124, 116), 0.05)
    count = c.rng.randint(4, 7)
    for i in range(count):
        x = 0.15 + 0.7 * (i + c.uniform(-0.2, 0.2)) / (count - 1)
        ground = c.uniform(0.76, 0.86)
        h = c.uniform(0.15, 0.38)
        w = c.dx(c.uniform(0.035, 0.06))
        c.poly(
            [
                (x - w, ground),
                (x - w * 0.8, ground - h * 0.85),
                (x, ground - h),
                (x + w * 0.7, ground - h * 0.9),
                (x + w, ground),
            ],
            stone,
        )
        c.poly(
            [
                (x, ground - h),
                (x + w * 0.7, ground - h * 0.9),
                (x + w, ground),
                (x + w * 0.2, ground),
            ],
            mix(stone, BLACK, 0.25),
        )
    if c.rng.random() < 0.6:
        x = c.uniform(0.3, 0.7)
        c.rect(x - c.dx(0.1), 0.88, x + c.dx(0.1), 0.91, mix(stone, BLACK, 0.1))
        for leg in (-0.07, 0.07):
            c.rect(
                x + c.dx(leg) - c.dx(0.015),
                0.91,
                x + c.dx(leg) + c.dx(0.015),
                0.95,
                mix(stone, BLACK, 0.3),
            )


def village(c: Canvas) -> None:
    """A row of wooden stilt houses among palms."""
    c.sky(0.6)
    c.sun(c.uniform(0.1, 0.9), 0.18, 0.05)
    c.hills(0.55, 0.12, c.haze(LEAF, 0.5))
    c.rect(0, 0.6, 1, 1, c.tint(mix(GRASS, (190, 170, 110), 0.3), 0.06))
    for _ in range(5):
        c.palm(
            c.uniform(0.02, 0.98), 0.66, c.uniform(0.25, 0.35), c.rng.choice((-1, 1))
        )
    count = c.rng.randint(2, 3)
    for i in range(count):
        x = (i + 0.5) / count + c.uniform(-0.05, 0.05)
        wall = c.tint(mix((150, 96, 56), (120, 80, 50), i / 3), 0.12)
        c.stilt_house(
            x, 0.86 + 0.04 * (i % 2), c.uniform(0.3, 0.4), wall, mix(wall, BLACK, 0.45)
        )
    c.rect(0, 0.95, 1, 1, mix(GRASS, LEAF, 0.5))


def _rows(c: Canvas, horizon: float, count: int, colours) -> None:
    """Fields in perspective: strips converging on a point on the horizon."""
    vanish = c.uniform(0.3, 0.7)
    for i in range(count):
        x0, x1 = -1 + 3 * i / count, -1 + 3 * (i + 1) / count
        c.poly([(vanish, horizon), (x0, 1.0), (x1, 1.0)], colours[i % len(colours)])


def rice(c: Canvas) -> None:
    """Rice paddies in rows to the horizon, farmers in conical hats, a hut."""
    horizon = c.uniform(0.45, 0.52)
    c.sky(horizon)
    c.sun(c.uniform(0.2, 0.8), horizon * 0.45, 0.05)
    c.clouds(2, bottom=horizon * 0.7)
    c.mountain(c.uniform(0.2, 0.8), horizon, c.dx(1.5), 0.22, c.haze(LEAF, 0.5))
    c.hills(horizon, 0.04, c.haze(DEEP_LEAF, 0.3), waves=6)
    young, ripe = c.tint((120, 186, 70), 0.05), c.tint((170, 196, 70), 0.05)
    _rows(
        c,
        horizon,
        18,
        [young, mix(young, ripe, 0.5), ripe, mix(young, (90, 150, 170), 0.3)],
    )
    for _ in range(6):
        c.palm(
            c.uniform(0, 1),
            horizon + 0.02,
            c.uniform(0.08, 0.14),
            c.rng.choice((-1, 1)),
        )
    hx = c.uniform(0.1, 0.3) if c.rng.random() < 0.5 else c.uniform(0.7, 0.9)
    for side in (-1, 1):
        c.rect(
            hx + side * c.dx(0.08),
            0.62,
            hx + side * c.dx(0.08) + c.dx(0.012),
            0.74,
            WOOD,
        )
    c.rect(hx - c.dx(0.1), 0.64, hx + c.dx(0.1), 0.66, mix(WOOD, WHITE, 0.2))
    c.poly(
        [(hx - c.dx(0.14), 0.62), (hx, 0.52), (hx + c.dx(0.14), 0.62)], (200, 170, 100)
    )
    for _ in range(c.rng.randint(2, 4)):
        x, y = c.uniform(0.15, 0.85), c.uniform(0.72, 0.92)
        size = 0.1 + (y - 0.7) * 0.5
        c.person(x, y, size, c.tint((60, 90, 130), 0.2))
        c.poly(
            [
                (x - c.dx(size * 0.3), y - size * 0.8),
                (x, y - size * 1.08),
                (x + c.dx(size * 0.3), y - size * 0.8),
            ],
            (226, 196, 120),
        )


def pepper(c: Canvas) -> None:
    """Pepper vines climbing their posts in rows across the hills, forested
    ridges behind."""
    c.sky(0.5)
    c.sun(c.uniform(0.2, 0.8), 0.2, 0.05)
    c.ridge(0.45, 0.14, 4, c.haze(DEEP_LEAF, 0.45))
    c.hills(0.58, 0.1, c.tint(mix(LEAF, GRASS, 0.5), 0.06), waves=2)
    c.rect(0, 0.6, 1, 1, c.tint(mix(GRASS, (170, 150, 90), 0.3), 0.05))
    vine, berry = c.tint((40, 110, 56), 0.06), (200, 40, 40)
    for row in range(4):
        y = 0.64 + row * 0.1
        size = 0.1 + row * 0.07
        count = int(c.wide * 14 / (row + 1)) + 2
        for i in range(count):
            x = (i + 0.5 * (row % 2)) / count
            c.rect(
                x - c.dx(size * 0.03),
                y - size,
                x + c.dx(size * 0.03),
                y,
                mix(WOOD, WHITE, 0.1),
            )
            c.oval(x, y - size * 0.5, size * 0.16, size * 0.48, vine)
            if row >= 2:
                for _ in range(4):
                    c.oval(
                        x + c.dx(size * c.uniform(-0.1, 0.1)),
                        y - size * c.uniform(0.2, 0.8),
                        size * 0.025,
                        size * 0.025,
                        berry,
                    )
