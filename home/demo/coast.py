"""The coast the demo draws, one function each: beach, surf, rocky shore,
islands, bay (with bagan or dolphins) and Anak Krakatau in the sea. Each
takes a `Canvas` and composes its picture from the seed, so two places of
one kind still differ in layout."""

import math

from .paint import (
    BLACK,
    DEEP_LEAF,
    LEAF,
    ROCK,
    SAND,
    SEA,
    SHALLOW,
    WHITE,
    WOOD,
    Canvas,
    mix,
)


def beach(c: Canvas) -> None:
    """A sandy shore with surf and palms; the seed picks the shoreline
    (straight, slanting, or a cove under a green headland), where the palms
    stand, and what else is there: an island, rocks, huts, boats."""
    horizon = c.uniform(0.38, 0.52)
    c.sky(horizon)
    c.sun(c.uniform(0.3, 0.8), horizon * c.uniform(0.35, 0.6), 0.06)
    c.clouds(c.rng.randint(1, 3), bottom=horizon * 0.6)
    if c.rng.random() < 0.5:
        c.island(
            c.uniform(0.55, 0.85), horizon + 0.01, c.dx(0.25), 0.06, c.haze(LEAF, 0.5)
        )
    c.sea(horizon, 0.95)
    style = c.rng.choice(("straight", "slant", "cove"))
    left = c.uniform(0.66, 0.76) if style != "slant" else c.uniform(0.82, 0.92)
    right = c.uniform(0.66, 0.76) if style != "slant" else c.uniform(0.58, 0.66)
    if style == "cove":
        c.poly(
            [
                (1, horizon - c.uniform(0.08, 0.16)),
                (0.75, horizon),
                (0.55, horizon + 0.1),
                (0.7, right),
                (1, right),
            ],
            c.tint(mix(LEAF, DEEP_LEAF, 0.4), 0.08),
        )
    phase = c.uniform(0, 6)

    def shore(x: float) -> float:
        return left + (right - left) * x + 0.02 * math.sin(x * 7 + phase)

    c.poly(
        [(0, 1)] + [(i / 30, shore(i / 30) - 0.06) for i in range(31)] + [(1, 1)],
        c.tint(SHALLOW, 0.05),
    )
    c.poly(
        [(0, 1)] + [(i / 30, shore(i / 30) - 0.012) for i in range(31)] + [(1, 1)],
        mix(WHITE, SHALLOW, 0.15),
    )
    c.poly(
        [(0, 1)] + [(i / 30, shore(i / 30)) for i in range(31)] + [(1, 1)],
        c.tint(SAND, 0.08),
    )
    for i in range(3):
        x = c.uniform(0, 0.5)
        y = shore(x) - 0.03 - i * 0.025
        c.line(
            [(x, y), (x + c.uniform(0.2, 0.45), y + (right - left) * 0.3)],
            mix(WHITE, SHALLOW, 0.3),
            0.006,
        )
    if c.rng.random() < 0.4:
        for _ in range(c.rng.randint(2, 4)):
            x = c.uniform(0.55, 0.95)
            y = shore(x) - c.uniform(0.01, 0.05)
            c.oval(x, y, c.uniform(0.03, 0.06), 0.025, mix(ROCK, BLACK, 0.2))
    if c.rng.random() < 0.45:
        for i in range(c.rng.randint(1, 3)):
            x = c.uniform(0.3, 0.7) + i * c.dx(0.2)
            y = shore(x) + 0.1
            c.rect(x - c.dx(0.06), y - 0.07, x + c.dx(0.06), y, c.tint(WOOD, 0.1))
            c.poly(
                [(x - c.dx(0.09), y - 0.06), (x, y - 0.13), (x + c.dx(0.09), y - 0.06)],
                mix(WOOD, (210, 180, 110), 0.6),
            )
    layout = c.rng.choice(("one side", "one side", "both", "few"))
    side = c.rng.choice((-1, 1))
    heights = {"one side": (0.62, 0.5, 0.38), "both": (0.6, 0.45), "few": (0.4,)}[
        layout
    ]
    for i, height in enumerate(heights):
        s = side if layout != "both" or i % 2 == 0 else -side
        base = 0.1 if s == -1 else 0.9
        step = i if layout != "both" else i // 2
        c.palm(base - s * step * c.uniform(0.07, 0.11), 0.96 - step * 0.03, height, -s)
    if c.rng.random() < 0.7:
        x = c.uniform(0.35, 0.65)
        c.boat(x, shore(x) + 0.12, 0.12, c.tint((196, 72, 52), 0.3))
    if c.rng.random() < 0.5:
        c.boat(
            c.uniform(0.3, 0.7), horizon + 0.08, 0.05, mix(BLACK, SEA, 0.3), sail=True
        )


def surf(c: Canvas) -> None:
    """A big wave curling over from the left, a surfer on its face, surf
    camps under palms on the shore."""
    horizon = c.uniform(0.3, 0.36)
    c.sky(horizon)
    c.sun(c.uniform(0.6, 0.85), horizon * 0.45, 0.05)
    c.clouds(2, bottom=horizon * 0.7)
    c.sea(horizon, 1.0, colour=(28, 110, 160))
    deep, face = c.tint((20, 96, 130), 0.08), c.tint((56, 170, 180), 0.08)
    foam = (246, 252, 252)
    cx, cy, r = c.uniform(0.26, 0.34), c.uniform(0.5, 0.54), 0.19

    def crest(x: float) -> float:
        """The wave's shoulder, falling from the curl's top to the right."""
        t = max(0.0, (x - cx) / (1 - cx))
        return cy - r + (0.78 - cy + r) * t**0.7

    c.poly(
        [(cx, 0.95), (cx, cy - r)]
        + [(cx + (1 - cx) * i / 30, crest(cx + (1 - cx) * i / 30)) for i in range(31)]
        + [(1, 0.95)],
        face,
    )
    c.poly(
        [(cx, 0.95)]
        + [
            (cx + (1 - cx) * i / 30, crest(cx + (1 - cx) * i / 30) + 0.07)
            for i in range(31)
        ]
        + [(1, 0.95)],
        mix(face, deep, 0.4),
    )
    c.oval(cx, cy, r, r, face)
    c.oval(cx - c.dx(0.02), cy + 0.05, r * 0.62, r * 0.7, deep)
    c.draw.arc(
        (*c.p(cx - c.dx(r), cy - r), *c.p(cx + c.dx(r), cy + r)),
        150,
        300,
        fill=foam,
        width=round(0.045 * c.h),
    )
    c.line(
        [(x, crest(x)) for x in (cx + (1 - cx) * i / 20 for i in range(21))],
        foam,
        0.012,
    )
    for _ in range(16):
        a = c.uniform(math.pi * 0.9, math.pi * 1.6)
        d = r + c.uniform(0.03, 0.09)
        c.oval(
            cx + c.dx(math.cos(a) * d),
            cy + math.sin(a) * d,
            c.uniform(0.008, 0.018),
            0.01,
            foam,
        )
    for _ in range(30):
        x = c.uniform(-0.05, cx - c.dx(r * 0.4))
        c.oval(
            x,
            c.uniform(cy + 0.05, 0.9),
            c.uniform(0.03, 0.07),
            c.uniform(0.03, 0.05),
            mix(foam, face, c.uniform(0, 0.3)),
        )
    for i in range(24):
        c.oval(i / 23, 0.9 + c.uniform(-0.015, 0.015), 0.05, 0.03, foam)
    sx = cx + c.dx(r) + c.uniform(0.05, 0.12)
    sy = crest(sx) + 0.14
    c.line(
        [(sx - c.dx(0.07), sy + 0.01), (sx + c.dx(0.08), sy - 0.02)],
        mix(c.primary, WHITE, 0.25),
        0.02,
    )
    c.person(sx, sy - 0.005, 0.13, (36, 36, 44), arms_up=True)
    c.rect(0, 0.93, 1, 1, c.tint(SAND, 0.08))
    for x in (0.78, 0.9):
        c.rect(x - c.dx(0.05), 0.9, x + c.dx(0.05), 0.96, c.tint(WOOD, 0.1))
        c.poly(
            [(x - c.dx(0.07), 0.91), (x, 0.86), (x + c.dx(0.07), 0.91)],
            mix(WOOD, (200, 170, 100), 0.5),
        )
    c.palm(0.96, 0.97, 0.3, -1)
    c.palm(0.85, 0.97, 0.24, -1)


def rocks(c: Canvas) -> None:
    """A rocky shore of jagged teeth in the surf, at sunrise."""
    c.mood = "morning"
    horizon = c.uniform(0.45, 0.52)
    c.sky(horizon)
    sx = c.uniform(0.3, 0.7)
    c.sun(sx, horizon - 0.05, 0.06, always=True)
    c.sea(horizon, 1.0)
    c.reflection(sx, horizon, horizon + 0.2, c.dx(0.06), (255, 236, 200))
    dark = mix(ROCK, BLACK, 0.35)
    for _ in range(c.rng.randint(7, 10)):
        x, base = c.uniform(0, 1), c.uniform(0.62, 1.0)
        h, w = c.uniform(0.12, 0.32) * base, c.dx(c.uniform(0.05, 0.12))
        tip = x + c.uniform(-w, w) * 0.4
        c.poly([(x - w, base), (tip, base - h), (x + w, base)], dark)
        c.poly(
            [(tip, base - h), (x + w, base), (x + w * 0.2, base)], mix(dark, BLACK, 0.3)
        )
        c.oval(x, base, w * 1.5 * c.w / c.h, 0.015, mix(WHITE, SHALLOW, 0.2))
    c.poly([(0, 0.92), (0.4, 0.9), (0.6, 1), (0, 1)], mix(ROCK, BLACK, 0.5))


def islands(c: Canvas) -> None:
    horizon = c.uniform(0.38, 0.46)
    c.sky(horizon)
    c.sun(c.uniform(0.1, 0.9), horizon * 0.45, 0.06)
    c.clouds(c.rng.randint(2, 3), bottom=horizon * 0.7)
    c.sea(horizon, 1.0)
    for _ in range(c.rng.randint(2, 4)):
        far = c.uniform(0.05, c.right - 0.05)
        c.island(
            far, horizon + 0.005, c.dx(c.uniform(0.12, 0.3)), 0.03, c.haze(LEAF, 0.6)
        )
    count = c.rng.randint(2, 4) + int(c.wide // 2)
    spots = sorted(
        (c.uniform(0.08, c.right - 0.08), c.uniform(0, 1)) for _ in range(count)
    )
    for i, (x, depth) in enumerate(spots):
        y = horizon + 0.05 + depth * 0.3
        size = 0.06 + depth * 0.12
        c.oval(
            x,
            y + size * 0.15,
            c.dx(size * 1.9) * c.w / c.h,
            size * 0.35,
            c.tint(SHALLOW, 0.05),
        )
        c.island(
            x,
            y,
            c.dx(size * 3.2),
            size * 0.8,
            c.haze(LEAF, 0.4 * (1 - depth)),
            palms=1 + i % 3 if depth > 0.3 else 0,
        )
    c.boat(
        c.uniform(0.2, 0.8),
        c.uniform(0.82, 0.92),
        0.1,
        c.tint((220, 200, 60), 0.3),
        facing=c.rng.choice((-1, 1)),
    )


def bay(c: Canvas, dolphins: bool = False) -> None:
    """A bay between green headlands, with bagan platforms and boats (or,
    for Kiluan, dolphins leaping)."""
    horizon = c.uniform(0.42, 0.5)
    c.sky(horizon)
    c.sun(c.uniform(0.4, 0.6), horizon * 0.4, 0.06)
    if not dolphins:
        c.mountain(
            c.uniform(0.35, 0.65), horizon + 0.02, c.dx(1.4), 0.28, c.haze(LEAF, 0.55)
        )
    c.sea(horizon, 1.0)
    for side in (-1, 1):
        x0 = 0 if side == -1 else 1
        reach = c.uniform(0.2, 0.38)
        top = horizon - c.uniform(0.08, 0.16)
        c.poly(
            [
                (x0, top),
                (x0 - side * reach * 0.5, top + 0.04),
                (x0 - side * reach, horizon + 0.07),
                (x0, horizon + 0.12),
            ],
            c.tint(mix(LEAF, DEEP_LEAF, 0.3 + 0.3 * side), 0.1),
        )
    if dolphins:
        for _ in range(c.rng.randint(3, 4)):
            x, y, s = c.uniform(0.2, 0.85), c.uniform(0.6, 0.85), c.uniform(0.05, 0.09)
            body = mix((90, 110, 130), c.primary, 0.1)
            c.draw.chord(
                (*c.p(x - c.dx(s), y - s * 0.9), *c.p(x + c.dx(s), y + s * 0.5)),
                190,
                350,
                fill=body,
            )
            c.poly(
                [
                    (x, y - s * 0.95),
                    (x - c.dx(s * 0.2), y - s * 1.2),
                    (x - c.dx(s * 0.25), y - s * 0.9),
                ],
                body,
            )
            c.oval(
                x + c.dx(s), y + s * 0.15, s * 0.5, s * 0.08, mix(WHITE, SHALLOW, 0.2)
            )
        c.boat(c.uniform(0.3, 0.7), 0.95, 0.12, c.tint((40, 120, 190), 0.2), facing=-1)
    else:
        for i in range(c.rng.randint(2, 4)):
            c.bagan(c.uniform(0.15, 0.85), horizon + 0.1 + i * 0.07, 0.07 + i * 0.03)
        for _ in range(2):
            c.boat(
                c.uniform(0.1, 0.9),
                c.uniform(0.8, 0.95),
                0.1,
                c.tint((200, 80, 60), 0.3),
                sail=c.rng.random() < 0.5,
            )


def volcano(c: Canvas) -> None:
    """Anak Krakatau smoking in the sea, the old caldera's islands around it."""
    horizon = c.uniform(0.6, 0.66)
    c.sky(horizon)
    c.clouds(1, bottom=0.2)
    cx = c.uniform(0.4, 0.6)
    height, half = c.uniform(0.3, 0.36), c.dx(0.42)
    c.poly(
        [
            (cx - c.dx(1.1), horizon),
            (cx - c.dx(0.8), horizon - 0.2),
            (cx - c.dx(0.45), horizon),
        ],
        c.haze(LEAF, 0.45),
    )
    ash = c.tint((86, 82, 84), 0.08)
    crater = horizon - height
    c.poly(
        [
            (cx - half, horizon),
            (cx - c.dx(0.07), crater),
            (cx + c.dx(0.07), crater),
            (cx + half, horizon),
        ],
        ash,
    )
    c.poly(
        [
            (cx + c.dx(0.02), crater),
            (cx + c.dx(0.07), crater),
            (cx + half, horizon),
            (cx + half * 0.3, horizon),
        ],
        mix(ash, BLACK, 0.25),
    )
    for i in range(4):
        x = cx - c.dx(0.05) + c.dx(0.03) * i
        c.line(
            [(x, crater + 0.01), (x - c.dx(0.05) + c.dx(0.04) * i, crater + 0.12)],
            (214, 96, 40),
            0.006,
        )
    c.smoke(cx, crater - 0.05, 0.06, (222, 218, 212), drift=c.rng.choice((-1, 1)))
    c.poly(
        [
            (cx - half - c.dx(0.3), horizon),
            (cx - half - c.dx(0.05), horizon - 0.06),
            (cx - half + c.dx(0.1), horizon),
        ],
        mix(LEAF, DEEP_LEAF, 0.5),
    )
    c.sea(horizon, 1.0)
    c.boat(
        c.uniform(0.15, 0.35) if cx > 0.5 else c.uniform(0.65, 0.85),
        0.86,
        0.1,
        c.tint((230, 230, 220), 0.2),
    )
