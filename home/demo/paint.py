"""The drawing kit of the demo's illustrations: a canvas in unit coordinates
(x across the width, y down the height, both 0 to 1; sizes in heights) drawn
twice as large and reduced, so edges come out smooth, plus the shapes the
scenes are made of: sky, hills, sea, palms, boats, people, buildings.

Pure: a size, a brand colour and a seed in, an image out. Colours are natural
(blue sea, green forest) with a touch of the brand colour, so pictures of one
regency belong together without being one palette.
"""

import math
import random

from PIL import Image, ImageDraw

RGB = tuple[int, int, int]

WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)
SUPERSAMPLE = 2

# Sky gradients (top, horizon) by time of day.
MOODS: dict[str, tuple[RGB, RGB]] = {
    "day": ((92, 160, 214), (214, 234, 242)),
    "morning": ((128, 178, 222), (250, 226, 196)),
    "golden": ((236, 160, 104), (255, 226, 166)),
    "dusk": ((58, 62, 120), (246, 146, 108)),
    "night": ((18, 26, 58), (64, 72, 120)),
}
SEA: RGB = (36, 122, 170)
SHALLOW: RGB = (72, 190, 196)
SAND: RGB = (240, 218, 170)
LEAF: RGB = (46, 122, 72)
DEEP_LEAF: RGB = (22, 78, 52)
GRASS: RGB = (116, 170, 80)
ROCK: RGB = (104, 96, 92)
WOOD: RGB = (110, 72, 44)
GOLD: RGB = (242, 193, 78)


def rgb(hex_colour: str) -> RGB:
    """`#rrggbb` as an (r, g, b) tuple."""
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def mix(a: RGB, b: RGB, amount: float) -> RGB:
    """`a` moved towards `b` by `amount` (0 keeps `a`, 1 gives `b`)."""
    return tuple(round(x + (y - x) * amount) for x, y in zip(a, b, strict=True))


class Canvas:
    """A picture being drawn: unit coordinates, a seeded random source, the
    brand colour and the time of day (`mood`)."""

    def __init__(self, size: tuple[int, int], primary: RGB, seed: str, mood=None):
        self.size = size
        self.w, self.h = size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE
        self.rng = random.Random(seed)  # noqa: S311 - repeatable artwork
        self.primary = primary
        self.mood = mood or self.rng.choice(("day", "day", "morning", "golden"))
        top, bottom = MOODS[self.mood]
        self.sky_top = mix(top, primary, 0.18)
        self.sky_low = mix(bottom, primary, 0.1)
        self.image = Image.new("RGB", (self.w, self.h), self.sky_low)
        self.draw = ImageDraw.Draw(self.image)
        # For see-through things: smoke, steam, spray.
        self.glass = ImageDraw.Draw(self.image, "RGBA")
        self.wide = size[0] / size[1]
        # How far across the picture will be seen (a hero's right part is
        # cut off, see `images.scene`).
        self.right = 1.0

    # Coordinates and colours.

    def p(self, x: float, y: float) -> tuple[float, float]:
        return (x * self.w, y * self.h)

    def dx(self, size: float) -> float:
        """A length in heights as a fraction of the width."""
        return size * self.h / self.w

    def tint(self, colour: RGB, amount: float = 0.15) -> RGB:
        return mix(colour, self.primary, amount)

    def haze(self, colour: RGB, amount: float) -> RGB:
        """`colour` seen through `amount` of air: far things fade to the horizon."""
        return mix(colour, self.sky_low, amount)

    def uniform(self, a: float, b: float) -> float:
        return self.rng.uniform(a, b)

    # Plain shapes in unit coordinates.

    def poly(self, points, fill: RGB) -> None:
        self.draw.polygon([self.p(x, y) for x, y in points], fill=fill)

    def rect(self, x0, y0, x1, y1, fill: RGB) -> None:
        """A rectangle between two corners, given in any order."""
        (a, b), (c, d) = self.p(x0, y0), self.p(x1, y1)
        self.draw.rectangle((min(a, c), min(b, d), max(a, c), max(b, d)), fill=fill)

    def oval(self, cx, cy, rx, ry, fill: RGB) -> None:
        """An ellipse centred on (cx, cy) with radii in heights."""
        x, y = self.p(cx, cy)
        self.draw.ellipse(
            (x - rx * self.h, y - ry * self.h, x + rx * self.h, y + ry * self.h),
            fill=fill,
        )

    def line(self, points, fill: RGB, width: float) -> None:
        """A polyline `width` heights thick."""
        self.draw.line(
            [self.p(x, y) for x, y in points],
            fill=fill,
            width=max(1, round(width * self.h)),
            joint="curve",
        )

    def finish(self) -> Image.Image:
        return self.image.reduce(SUPERSAMPLE)

    # Landscape layers.

    def sky(self, horizon: float = 1.0) -> None:
        """The sky's gradient down to `horizon`, in bands too thin to see."""
        limit = int(self.h * horizon)
        band = 3 * SUPERSAMPLE
        for y in range(0, limit, band):
            self.draw.rectangle(
                (0, y, self.w, min(y + band, limit)),
                fill=mix(self.sky_top, self.sky_low, y / max(limit, 1)),
            )

    def sun(self, x: float, y: float, r: float, always: bool = False) -> None:
        """The sun (most of the time: some skies are overcast or it is out
        of the picture, unless `always`)."""
        if not always and self.rng.random() < 0.3:
            return
        core = (255, 250, 224) if self.mood != "night" else (240, 240, 226)
        for step, amount in ((1.7, 0.75), (1.3, 0.45)):
            self.oval(x, y, r * step, r * step, mix(core, self.sky_low, amount))
        self.oval(x, y, r, r, core)

    def clouds(self, count: int, top: float = 0.08, bottom: float = 0.35) -> None:
        colour = mix(WHITE, self.sky_low, 0.25)
        for _ in range(count):
            x, y, s = (
                self.uniform(0.05, 0.95),
                self.uniform(top, bottom),
                self.uniform(0.03, 0.06),
            )
            for ox, oy, r in ((-1.6, 0.3, 0.8), (0, 0, 1.2), (1.5, 0.25, 0.9)):
                self.oval(x + self.dx(ox * s), y + oy * s, r * s * 1.4, r * s, colour)
            self.rect(
                x - self.dx(2.6 * s),
                y + 0.2 * s,
                x + self.dx(2.5 * s),
                y + 1.1 * s,
                colour,
            )

    def birds(self, count: int, colour: RGB | None = None) -> None:
        colour = colour or mix(self.sky_top, BLACK, 0.5)
        for _ in range(count):
            x, y, s = (
                self.uniform(0.15, 0.85),
                self.uniform(0.1, 0.3),
                self.uniform(0.012, 0.022),
            )
            self.line(
                [
                    (x - self.dx(s), y - s * 0.3),
                    (x, y + s * 0.3),
                    (x + self.dx(s), y - s * 0.3),
                ],
                colour,
                0.004,
            )

    def hills(self, base: float, amp: float, colour: RGB, waves: int = 3) -> None:
        """Rolling hills: a smooth crest around `base`, `amp` high, filled below."""
        phases = [self.uniform(0, math.tau) for _ in range(3)]
        freqs = [waves * f for f in (1, 2.3, 4.1)]
        points = [(0, 1.0)]
        for i in range(81):
            x = i / 80
            wave = sum(
                math.sin(x * f * math.pi + ph) / (k + 1)
                for k, (f, ph) in enumerate(zip(freqs, phases, strict=True))
            )
            points.append((x, base - amp * (0.5 + wave / 3.2)))
        points.append((1, 1.0))
        self.poly(points, colour)

    def mountain(
        self, cx: float, base: float, width: float, height: float, colour: RGB
    ) -> None:
        """A peak with a lit and a shaded flank (the light comes from the left)."""
        top = (cx + self.uniform(-0.02, 0.02), base - height)
        left, right = (cx - width / 2, base), (cx + width / 2, base)
        self.poly([left, top, right], colour)
        fold = (cx + width * self.uniform(0.02, 0.12), base)
        self.poly([top, fold, right], mix(colour, BLACK, 0.18))

    def ridge(self, base: float, amp: float, peaks: int, colour: RGB) -> None:
        """A mountain range: jagged crests across the picture."""
        points = [(0, 1.0)]
        for i in range(peaks * 2 + 1):
            up = i % 2 == 1
            y = base - amp * (
                self.uniform(0.65, 1.0) if up else self.uniform(0.05, 0.3)
            )
            points.append(
                (
                    i / (peaks * 2)
                    + (self.uniform(-0.03, 0.03) if 0 < i < peaks * 2 else 0),
                    y,
                )
            )
        points.append((1, 1.0))
        self.poly(points, colour)

    def sea(self, top: float, bottom: float = 1.0, colour: RGB = SEA) -> RGB:
        colour = self.tint(colour, 0.1)
        far = self.haze(colour, 0.35)
        steps = 24
        for i in range(steps):
            y0 = top + (bottom - top) * i / steps
            self.rect(
                0,
                y0,
                1,
                y0 + (bottom - top) / steps + 0.002,
                mix(far, colour, i / steps),
            )
        light = mix(colour, WHITE, 0.45)
        for _ in range(int(12 * (bottom - top) / 0.3) + 3):
            y = self.uniform(top + 0.02, bottom - 0.01)
            x = self.uniform(0, 0.9)
            length = 0.03 + 0.12 * (y - top) / max(bottom - top, 0.01)
            self.line([(x, y), (x + length, y)], light, 0.004)
        return colour

    def reflection(
        self, x: float, top: float, bottom: float, width: float, colour: RGB
    ) -> None:
        """Glints of the sun on water, below it."""
        y = top + 0.01
        while y < bottom:
            half = width * (0.3 + self.uniform(0, 0.7))
            self.line([(x - half, y), (x + half, y)], colour, 0.006)
            y += 0.025

    # Things in the landscape.

    def palm(
        self,
        x: float,
        ground: float,
        height: float,
        lean: int = 1,
        colour: RGB = DEEP_LEAF,
    ) -> None:
        """A coconut palm leaning right (`lean` 1) or left (-1)."""
        bend = lean * self.dx(height * 0.28)
        trunk = [
            (x + bend * (t**2), ground - height * t) for t in (0, 0.25, 0.5, 0.75, 1)
        ]
        self.line(trunk, mix(WOOD, colour, 0.3), height * 0.045)
        top = trunk[-1]
        for angle in (15, 45, 80, 110, 140, 170, 200):
            a = math.radians(angle + lean * 8)
            length = height * self.uniform(0.42, 0.55)
            droop = height * 0.22
            points = []
            for t in (0, 0.33, 0.66, 1):
                points.append(
                    (
                        top[0] + self.dx(math.cos(a) * length * t),
                        top[1] - math.sin(a) * length * t * 0.6 + droop * t * t,
                    )
                )
            self.line(
                points, colour, height * 0.05 * (1.2 if angle in (80, 110) else 1)
            )
        for i in range(3):
            self.oval(
                top[0] + self.dx((i - 1) * height * 0.03),
                top[1] + height * 0.03,
                height * 0.025,
                height * 0.025,
                WOOD,
            )

    def tree(self, x: float, ground: float, height: float, colour: RGB = LEAF) -> None:
        self.rect(
            x - self.dx(height * 0.03),
            ground - height * 0.4,
            x + self.dx(height * 0.03),
            ground,
            mix(WOOD, colour, 0.4),
        )
        self.oval(x, ground - height * 0.62, height * 0.28, height * 0.34, colour)
        self.oval(
            x - self.dx(height * 0.07),
            ground - height * 0.7,
            height * 0.14,
            height * 0.16,
            mix(colour, WHITE, 0.12),
        )

    def jungle_tree(
        self, x: float, ground: float, height: float, colour: RGB = DEEP_LEAF
    ) -> None:
        """A tall rainforest tree: a bare trunk and a flat, layered crown."""
        self.line(
            [(x, ground), (x, ground - height * 0.8)],
            mix(WOOD, colour, 0.5),
            height * 0.035,
        )
        for i, (w, y) in enumerate(((0.34, 0.82), (0.26, 0.92), (0.16, 1.0))):
            self.oval(
                x,
                ground - height * y,
                w * height,
                height * 0.08,
                mix(colour, WHITE, 0.06 * i),
            )

    def boat(
        self,
        x: float,
        y: float,
        size: float,
        colour: RGB,
        sail: bool = False,
        facing: int = 1,
    ) -> None:
        """A jukung: a slim hull with upturned ends and bamboo outriggers."""
        half = self.dx(size / 2)
        self.poly(
            [
                (x - half * 1.1, y - size * 0.12),
                (x + half * 1.1, y - size * 0.12),
                (x + half * 0.8, y),
                (x - half * 0.8, y),
            ],
            colour,
        )
        self.rect(
            x - half * 0.9,
            y - size * 0.14,
            x + half * 0.9,
            y - size * 0.11,
            mix(colour, WHITE, 0.5),
        )
        self.line(
            [(x - half * 0.9, y + size * 0.05), (x + half * 0.9, y + size * 0.05)],
            mix(WOOD, BLACK, 0.3),
            size * 0.02,
        )
        if sail:
            mast = x + facing * half * 0.1
            self.line(
                [(mast, y - size * 0.12), (mast, y - size * 0.9)], WOOD, size * 0.02
            )
            self.poly(
                [
                    (mast, y - size * 0.88),
                    (mast + facing * half * 0.9, y - size * 0.2),
                    (mast, y - size * 0.2),
                ],
                mix(self.primary, WHITE, 0.55),
            )

    def bagan(self, x: float, y: float, size: float) -> None:
        """A bagan: a fishing platform on poles with a small hut and lamp poles."""
        wood = mix(WOOD, self.sky_low, 0.15)
        half = self.dx(size / 2)
        for i in range(5):
            px = x - half + 2 * half * i / 4
            self.line([(px, y), (px, y - size * 0.45)], wood, size * 0.02)
        self.line(
            [(x - half * 1.1, y - size * 0.45), (x + half * 1.1, y - size * 0.45)],
            wood,
            size * 0.03,
        )
        self.line([(x - half, y), (x + half, y - size * 0.45)], wood, size * 0.012)
        self.line([(x + half, y), (x - half, y - size * 0.45)], wood, size * 0.012)
        self.rect(
            x - half * 0.25, y - size * 0.7, x + half * 0.25, y - size * 0.45, wood
        )
        self.poly(
            [
                (x - half * 0.35, y - size * 0.7),
                (x, y - size * 0.85),
                (x + half * 0.35, y - size * 0.7),
            ],
            mix(wood, BLACK, 0.3),
        )

    def island(
        self,
        cx: float,
        y: float,
        width: float,
        height: float,
        colour: RGB,
        palms: int = 0,
    ) -> None:
        x0, x1 = cx - width / 2, cx + width / 2
        self.draw.chord(
            (*self.p(x0, y - height), *self.p(x1, y + height)), 180, 360, fill=colour
        )
        self.draw.chord(
            (
                *self.p(x0 + width * 0.04, y - height * 0.15),
                *self.p(x1 - width * 0.04, y + height * 0.15),
            ),
            180,
            360,
            fill=mix(SAND, self.sky_low, 0.2),
        )
        for i in range(palms):
            px = cx + (i - (palms - 1) / 2) * width / (palms + 1)
            self.palm(
                px,
                y - height * 0.6,
                height * 1.1,
                1 if i % 2 else -1,
                mix(colour, BLACK, 0.2),
            )

    def smoke(
        self, x: float, y: float, size: float, colour: RGB, drift: float = 1
    ) -> None:
        """A plume rising from (x, y) and drifting sideways, thinning out."""
        for i in range(9):
            r = size * (0.35 + i * 0.16)
            cx, cy = self.p(x + self.dx(drift * size * i * 0.45), y - size * i * 0.5)
            for dx, dy, k in ((0, 0, 1.0), (-0.5, 0.3, 0.7), (0.55, 0.25, 0.75)):
                rx, ry = r * 1.1 * k * self.h, r * 0.8 * k * self.h
                ox, oy = dx * r * self.h, dy * r * self.h
                self.glass.ellipse(
                    (cx + ox - rx, cy + oy - ry, cx + ox + rx, cy + oy + ry),
                    fill=(*colour, max(40, 210 - i * 20)),
                )

    def mist(self, x: float, y: float, rx: float, ry: float, alpha: int = 120) -> None:
        """A see-through white cloud of spray or steam."""
        cx, cy = self.p(x, y)
        self.glass.ellipse(
            (cx - rx * self.h, cy - ry * self.h, cx + rx * self.h, cy + ry * self.h),
            fill=(250, 252, 252, alpha),
        )

    def person(
        self, x: float, ground: float, height: float, colour: RGB, arms_up: bool = False
    ) -> None:
        """A simple figure: head, a tapering body and, raised, arms."""
        head = height * 0.11
        self.oval(x, ground - height + head, head, head, mix(colour, BLACK, 0.35))
        shoulders = ground - height + head * 2.2
        self.poly(
            [
                (x - self.dx(height * 0.11), shoulders),
                (x + self.dx(height * 0.11), shoulders),
                (x + self.dx(height * 0.16), ground),
                (x - self.dx(height * 0.16), ground),
            ],
            colour,
        )
        if arms_up:
            for side in (-1, 1):
                self.line(
                    [
                        (x + side * self.dx(height * 0.1), shoulders + height * 0.03),
                        (x + side * self.dx(height * 0.22), shoulders - height * 0.2),
                    ],
                    colour,
                    height * 0.05,
                )

    def crowd(self, ground: float, rows: int, size: float, colours: list[RGB]) -> None:
        """Heads and shoulders of an audience, back rows first."""
        for row in range(rows):
            y = ground + row * size * 0.35
            count = int(1.2 * self.w / self.h / size) + 2
            for i in range(count):
                x = (i + self.uniform(-0.3, 0.3) + (row % 2) * 0.5) / count
                self.person(
                    x,
                    y + size * 0.6,
                    size,
                    self.rng.choice(colours),
                    arms_up=self.rng.random() < 0.12,
                )

    def umbrella(self, x: float, y: float, size: float, colour: RGB) -> None:
        """A ceremonial payung: a round canopy with a gold fringe on a pole."""
        self.line([(x, y), (x, y + size * 1.6)], WOOD, size * 0.06)
        box = (
            *self.p(x - self.dx(size), y - size * 0.6),
            *self.p(x + self.dx(size), y + size * 0.6),
        )
        self.draw.chord(box, 180, 360, fill=colour)
        self.rect(
            x - self.dx(size), y - size * 0.03, x + self.dx(size), y + size * 0.1, GOLD
        )
        for i in range(7):
            fx = x - self.dx(size) + self.dx(2 * size) * (i + 0.5) / 7
            self.oval(fx, y + size * 0.14, size * 0.06, size * 0.08, GOLD)

    def bunting(self, y: float, colours: list[RGB], size: float = 0.04) -> None:
        """A string of little triangular flags across the top."""
        sag = 0.05
        count = int(self.w / self.h / size * 0.6)
        self.line(
            [(i / 20, y + sag * math.sin(i / 20 * math.pi)) for i in range(21)],
            WOOD,
            0.003,
        )
        for i in range(count):
            t0, t1 = i / count, (i + 0.8) / count
            y0, y1 = (y + sag * math.sin(t * math.pi) for t in (t0, t1))
            self.poly(
                [(t0, y0), (t1, y1), ((t0 + t1) / 2, (y0 + y1) / 2 + size)],
                colours[i % len(colours)],
            )

    def siger(
        self, cx: float, base: float, width: float, height: float, colour: RGB
    ) -> None:
        """The siger, Lampung's crown: points rising to the middle on a band."""
        left, right = cx - self.dx(width / 2), cx + self.dx(width / 2)
        peaks = 7
        points = [(left, base)]
        for i in range(peaks * 2 + 1):
            x = left + (right - left) * i / (peaks * 2)
            rise = 1 - abs(i - peaks) / peaks
            y = base - (height * (0.35 + 0.65 * rise) if i % 2 else height * 0.15)
            points.append((x, y))
        points.append((right, base))
        self.poly(points, colour)
        self.rect(left, base, right, base + height * 0.15, mix(colour, BLACK, 0.2))

    def stilt_house(
        self, cx: float, ground: float, width: float, wall: RGB, roof: RGB
    ) -> None:
        """A Lampung rumah panggung: posts, a plank wall, a steep roof."""
        w = self.dx(width)
        floor = ground - width * 0.32
        body = width * 0.38
        for i in range(5):
            px = cx - w / 2 + w * (0.06 + i * 0.22)
            self.rect(px, floor, px + w * 0.035, ground, mix(wall, BLACK, 0.4))
        self.rect(cx - w / 2, floor - body, cx + w / 2, floor, wall)
        for i in range(1, 6):
            y = floor - body * i / 6
            self.line([(cx - w / 2, y), (cx + w / 2, y)], mix(wall, BLACK, 0.15), 0.002)
        self.poly(
            [
                (cx - w * 0.62, floor - body),
                (cx - w * 0.3, floor - body - width * 0.36),
                (cx + w * 0.3, floor - body - width * 0.36),
                (cx + w * 0.62, floor - body),
            ],
            roof,
        )
        for i in range(3):
            wx = cx - w * 0.36 + i * w * 0.28
            self.rect(
                wx,
                floor - body * 0.75,
                wx + w * 0.14,
                floor - body * 0.3,
                mix(wall, BLACK, 0.45),
            )
        self.line(
            [(cx + w * 0.5, ground), (cx + w * 0.3, floor)],
            mix(wall, BLACK, 0.3),
            0.006,
        )
