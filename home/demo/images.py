"""Generated demo imagery in a brand's colours: landscapes by destination
category, heroes with a tapis band, and round emblems with a siger crown.

Pure: colours, sizes and a seed in, JPEG bytes out. No Django, no clock, no
randomness beyond the seed, so the demo province looks the same every time.
"""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFont

Size = tuple[int, int]
RGB = tuple[int, int, int]

SCENES = (
    "hero",
    "beach",
    "mountain",
    "lake",
    "waterfall",
    "culture",
    "culinary",
    "heritage",
    "wildlife",
)


def rgb(hex_colour: str) -> RGB:
    """`#rrggbb` as an (r, g, b) tuple."""
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def mix(a: RGB, b: RGB, amount: float) -> RGB:
    """`a` moved towards `b` by `amount` (0 keeps `a`, 1 gives `b`)."""
    return tuple(round(x + (y - x) * amount) for x, y in zip(a, b, strict=True))


WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)


def _sky(draw: ImageDraw.ImageDraw, size: Size, primary: RGB, horizon: float) -> None:
    w, h = size
    top, bottom = mix(primary, WHITE, 0.55), mix(primary, WHITE, 0.2)
    limit = int(h * horizon)
    for y in range(limit):
        draw.line([(0, y), (w, y)], fill=mix(top, bottom, y / max(limit, 1)))


def _sun(draw: ImageDraw.ImageDraw, size: Size, primary: RGB, rng: random.Random):
    w, h = size
    r = h * rng.uniform(0.09, 0.13)
    cx, cy = w * rng.uniform(0.6, 0.82), h * rng.uniform(0.2, 0.32)
    draw.ellipse(
        (cx - r * 1.5, cy - r * 1.5, cx + r * 1.5, cy + r * 1.5),
        fill=mix(primary, WHITE, 0.7),
    )
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=mix(primary, WHITE, 0.9))


def _ridge(
    draw: ImageDraw.ImageDraw,
    size: Size,
    base: float,
    height: float,
    peaks: int,
    colour: RGB,
    rng: random.Random,
) -> None:
    """A mountain range: a jagged line of `peaks` across the image, filled below."""
    w, h = size
    points = [(0, h)]
    steps = peaks * 2
    for i in range(steps + 1):
        x = w * i / steps
        up = i % 2 == 1
        y = h * (
            base
            - (height * rng.uniform(0.6, 1.0) if up else height * rng.uniform(0, 0.25))
        )
        points.append((x, y))
    points.append((w, h))
    draw.polygon(points, fill=colour)


def _tapis_band(
    draw: ImageDraw.ImageDraw, size: Size, primary: RGB, y0: float, y1: float
):
    """A band of the zigzag and diamond motifs of Lampung's tapis cloth."""
    w = size[0]
    band = y1 - y0
    gold = (242, 193, 78)
    draw.rectangle((0, y0, w, y1), fill=mix(primary, BLACK, 0.55))
    step = band * 1.2
    x = 0.0
    while x < w + step:
        mid = (y0 + y1) / 2
        draw.polygon(
            [
                (x, mid),
                (x + step / 2, y0 + band * 0.15),
                (x + step, mid),
                (x + step / 2, y1 - band * 0.15),
            ],
            outline=gold,
            width=max(2, int(band * 0.06)),
        )
        r = band * 0.1
        draw.ellipse((x + step / 2 - r, mid - r, x + step / 2 + r, mid + r), fill=gold)
        x += step
    draw.line([(0, y0 + 2), (w, y0 + 2)], fill=gold, width=max(2, int(band * 0.05)))
    draw.line([(0, y1 - 3), (w, y1 - 3)], fill=gold, width=max(2, int(band * 0.05)))


def _palm(
    draw: ImageDraw.ImageDraw,
    x: float,
    ground: float,
    height: float,
    colour: RGB,
    lean: int = 1,
):
    """A coconut palm leaning right (`lean` 1) or left (-1)."""
    top = (x + lean * height * 0.15, ground - height)
    draw.line(
        [(x, ground), (x + lean * height * 0.08, ground - height * 0.5), top],
        fill=colour,
        width=max(3, int(height * 0.05)),
    )
    for angle in (200, 230, 260, 290, 320, 350):
        rad = math.radians(angle)
        end = (
            top[0] + lean * math.cos(rad) * height * 0.45,
            top[1] - math.sin(rad) * height * 0.25,
        )
        draw.line([top, end], fill=colour, width=max(2, int(height * 0.04)))


def _house(
    draw: ImageDraw.ImageDraw,
    cx: float,
    ground: float,
    width: float,
    colour: RGB,
    light: RGB,
):
    """A Lampung stilt house (rumah panggung): posts, walls, a steep roof."""
    body_h = width * 0.45
    floor = ground - width * 0.35
    for i in range(5):
        px = cx - width / 2 + width * 0.08 + i * width * 0.21
        draw.rectangle((px, floor, px + width * 0.04, ground), fill=colour)
    draw.rectangle((cx - width / 2, floor - body_h, cx + width / 2, floor), fill=colour)
    draw.polygon(
        [
            (cx - width * 0.62, floor - body_h),
            (cx, floor - body_h - width * 0.42),
            (cx + width * 0.62, floor - body_h),
        ],
        fill=mix(colour, BLACK, 0.3),
    )
    for i in range(3):
        wx = cx - width * 0.36 + i * width * 0.28
        draw.rectangle(
            (wx, floor - body_h * 0.75, wx + width * 0.16, floor - body_h * 0.3),
            fill=light,
        )


def _tree(
    draw: ImageDraw.ImageDraw, x: float, ground: float, height: float, colour: RGB
):
    draw.rectangle(
        (x - height * 0.04, ground - height * 0.35, x + height * 0.04, ground),
        fill=mix(colour, BLACK, 0.3),
    )
    draw.ellipse(
        (x - height * 0.3, ground - height, x + height * 0.3, ground - height * 0.3),
        fill=colour,
    )


def scene(kind: str, primary_hex: str, size: Size, seed: str) -> bytes:
    """A JPEG landscape of `size` in shades of the brand colour, drawn for the
    destination category `kind` (one of SCENES); `seed` varies the details."""
    if kind not in SCENES:
        kind = "mountain"
    rng = random.Random(f"{seed}:{kind}")  # noqa: S311 - repeatable artwork, not security
    primary = rgb(primary_hex)
    w, h = size
    image = Image.new("RGB", size, mix(primary, WHITE, 0.3))
    draw = ImageDraw.Draw(image)
    dark, darker, darkest = (mix(primary, BLACK, a) for a in (0.25, 0.45, 0.65))
    light = mix(primary, WHITE, 0.75)
    if kind == "culture":
        draw.rectangle((0, 0, w, h), fill=mix(primary, BLACK, 0.35))
        rows = 5
        for i in range(rows):
            y0, y1 = h * i / rows, h * (i + 1) / rows
            _tapis_band(
                draw,
                size,
                primary if i % 2 else mix(primary, WHITE, 0.15),
                y0 + h * 0.02,
                y1 - h * 0.02,
            )
        return _jpeg(image)
    _sky(draw, size, primary, 0.75)
    _sun(draw, size, primary, rng)
    if kind in ("hero", "mountain", "heritage", "wildlife", "lake", "waterfall"):
        _ridge(draw, size, 0.62, 0.3, rng.randint(2, 4), mix(primary, WHITE, 0.1), rng)
        _ridge(draw, size, 0.75, 0.22, rng.randint(3, 5), dark, rng)
    if kind == "hero":
        _ridge(draw, size, 0.86, 0.12, rng.randint(4, 7), darker, rng)
        _tapis_band(draw, size, primary, h * 0.88, h)
    elif kind == "mountain":
        _ridge(draw, size, 0.92, 0.18, rng.randint(2, 4), darker, rng)
    elif kind == "beach":
        sea = mix(primary, BLACK, 0.2)
        draw.rectangle((0, h * 0.55, w, h * 0.78), fill=sea)
        for i in range(6):
            y = h * (0.58 + i * 0.035)
            x0 = w * rng.uniform(0, 0.5)
            draw.line(
                [(x0, y), (x0 + w * rng.uniform(0.15, 0.4), y)],
                fill=mix(sea, WHITE, 0.35),
                width=max(2, h // 150),
            )
        if rng.random() < 0.6:
            ix = w * rng.uniform(0.45, 0.8)
            draw.chord(
                (ix - w * 0.12, h * 0.47, ix + w * 0.12, h * 0.63), 180, 360, fill=dark
            )
        if rng.random() < 0.6:
            bx, by = w * rng.uniform(0.4, 0.8), h * rng.uniform(0.64, 0.72)
            draw.polygon(
                [
                    (bx, by),
                    (bx + w * 0.08, by),
                    (bx + w * 0.065, by + h * 0.025),
                    (bx + w * 0.015, by + h * 0.025),
                ],
                fill=darkest,
            )
        draw.polygon(
            [(0, h * 0.8), (w * 0.5, h * 0.74), (w, h * 0.79), (w, h), (0, h)],
            fill=mix(primary, WHITE, 0.6),
        )
        lean = rng.choice((1, -1))
        base = w * rng.uniform(0.08, 0.2) if lean == 1 else w * rng.uniform(0.8, 0.92)
        _palm(draw, base, h * 0.95, h * rng.uniform(0.6, 0.75), darkest, lean)
        _palm(draw, base + lean * w * 0.1, h * 0.97, h * 0.5, darker, lean)
    elif kind == "lake":
        water = mix(primary, WHITE, 0.45)
        draw.rectangle((0, h * 0.72, w, h), fill=water)
        for i in range(8):
            y = h * (0.75 + i * 0.03)
            x0 = w * rng.uniform(0, 0.8)
            draw.line(
                [(x0, y), (x0 + w * 0.15, y)],
                fill=mix(water, WHITE, 0.5),
                width=max(2, h // 160),
            )
        bx = w * rng.uniform(0.05, 0.75)
        draw.polygon(
            [
                (bx, h * 0.85),
                (bx + w * 0.15, h * 0.85),
                (bx + w * 0.13, h * 0.88),
                (bx + w * 0.02, h * 0.88),
            ],
            fill=darkest,
        )
    elif kind == "waterfall":
        left = w * rng.uniform(0.3, 0.55)
        right = left + w * rng.uniform(0.08, 0.18)
        top = h * rng.uniform(0.2, 0.4)
        draw.polygon(
            [(0, top - h * 0.05), (left, top), (left + w * 0.03, h), (0, h)],
            fill=darker,
        )
        draw.polygon(
            [
                (w, top - h * 0.08),
                (right, top + h * 0.01),
                (right - w * 0.02, h),
                (w, h),
            ],
            fill=darker,
        )
        draw.rectangle((left, top, right, h * 0.85), fill=mix(primary, WHITE, 0.85))
        x = left + w * 0.01
        while x < right - w * 0.005:
            draw.line(
                [(x, top + h * 0.02), (x, h * 0.84)],
                fill=mix(primary, WHITE, 0.6),
                width=max(1, w // 400),
            )
            x += w * 0.022
        middle = (left + right) / 2
        draw.ellipse(
            (middle - w * 0.2, h * 0.8, middle + w * 0.2, h * 1.02),
            fill=mix(primary, WHITE, 0.55),
        )
    elif kind == "culinary":
        draw.rectangle((0, h * 0.62, w, h), fill=darker)
        cx, cy = w * 0.5, h * 0.72
        draw.ellipse(
            (cx - w * 0.3, cy - h * 0.08, cx + w * 0.3, cy + h * 0.12), fill=light
        )
        draw.chord(
            (cx - w * 0.18, cy - h * 0.3, cx + w * 0.18, cy + h * 0.1),
            0,
            180,
            fill=mix(primary, BLACK, 0.1),
        )
        draw.ellipse(
            (cx - w * 0.18, cy - h * 0.14, cx + w * 0.18, cy - h * 0.06),
            fill=mix(primary, WHITE, 0.5),
        )
        for i in (-1, 0, 1):
            x = cx + i * w * 0.07
            draw.arc(
                (x - w * 0.03, h * 0.25, x + w * 0.03, h * 0.45),
                90,
                270,
                fill=WHITE,
                width=max(2, h // 120),
            )
    elif kind == "heritage":
        _house(
            draw,
            w * rng.uniform(0.35, 0.65),
            h * 0.9,
            w * rng.uniform(0.32, 0.42),
            darkest,
            mix(primary, WHITE, 0.6),
        )
        draw.rectangle((0, h * 0.9, w, h), fill=darker)
    elif kind == "wildlife":
        draw.rectangle((0, h * 0.82, w, h), fill=darker)
        for i in range(9):
            x = w * (i + rng.uniform(0.1, 0.9)) / 9
            _tree(
                draw,
                x,
                h * 0.86,
                h * rng.uniform(0.35, 0.6),
                darkest if i % 2 else darker,
            )
        for _bird in range(3):
            bx, by = w * rng.uniform(0.3, 0.8), h * rng.uniform(0.15, 0.35)
            s = h * 0.03
            draw.line(
                [(bx - s, by), (bx, by + s * 0.6), (bx + s, by)],
                fill=darkest,
                width=max(2, h // 200),
            )
    return _jpeg(image)


def emblem(
    initials: str, primary_hex: str, on_primary_hex: str, size: int = 256
) -> bytes:
    """A round emblem: the regency's initials under a siger, Lampung's crown,
    in the brand colours (on_primary is the validated text colour)."""
    primary, on_primary = rgb(primary_hex), rgb(on_primary_hex)
    image = Image.new("RGB", (size, size), primary)
    draw = ImageDraw.Draw(image)
    s = size
    draw.ellipse(
        (s * 0.04, s * 0.04, s * 0.96, s * 0.96),
        outline=on_primary,
        width=max(2, s // 40),
    )
    draw.ellipse(
        (s * 0.1, s * 0.1, s * 0.9, s * 0.9),
        outline=mix(primary, on_primary, 0.5),
        width=max(1, s // 90),
    )
    # The siger: seven points rising to the middle, on a curved base.
    peaks = 7
    left, right, base = s * 0.26, s * 0.74, s * 0.38
    points = [(left, base)]
    for i in range(peaks * 2 + 1):
        x = left + (right - left) * i / (peaks * 2)
        rise = 1 - abs(i - peaks) / peaks
        y = base - (s * (0.06 + 0.1 * rise) if i % 2 else s * 0.03)
        points.append((x, y))
    points.append((right, base))
    draw.polygon(points, fill=on_primary)
    draw.rectangle((left, base, right, base + s * 0.03), fill=on_primary)
    font = ImageFont.load_default(size=int(s * 0.26))
    draw.text((s / 2, s * 0.63), initials, fill=on_primary, font=font, anchor="mm")
    return _jpeg(image)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()
