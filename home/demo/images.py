"""Generated demo imagery in a brand's colours: a picture of each kind of
place or event (drawn in `landscapes`, `landmarks` and `festivals`, chosen in
`scenes`), heroes with a tapis band, and round emblems with a siger crown.

Pure: colours, sizes and a seed in, JPEG bytes out. No Django, no clock, no
randomness beyond the seed, so the demo province looks the same every time.
"""

import io

from PIL import Image, ImageDraw, ImageFont, ImageOps

from .paint import BLACK, GOLD, Canvas, mix, rgb
from .scenes import SCENES

Size = tuple[int, int]
HERO_WIDENING = 1.4
# Where a hero's subject stands across it, after the cut: its focal point.
HERO_FOCUS = 0.68
RGB = tuple[int, int, int]


def _tapis_band(
    draw: ImageDraw.ImageDraw, size: Size, primary: RGB, y0: float, y1: float
):
    """A band of the zigzag and diamond motifs of Lampung's tapis cloth."""
    w = size[0]
    band = y1 - y0
    gold = GOLD
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


def scene(
    kind: str, primary_hex: str, size: Size, seed: str, band: bool = False
) -> bytes:
    """A JPEG picture of `size` of the kind of place or event `kind` (a key of
    `scenes.SCENES`), natural colours touched with the brand colour; `seed`
    varies the composition (and may mirror it), `band` adds a tapis band
    along the bottom, for heroes."""
    draw, _shows = SCENES.get(kind, SCENES["mountain"])
    # A hero is drawn wider and cut on the right, so what it shows stands to
    # the right of the brand's title card; it is never mirrored.
    wide = (round(size[0] * HERO_WIDENING), size[1]) if band else size
    canvas = Canvas(wide, rgb(primary_hex), f"{seed}:{kind}")
    canvas.right = size[0] / wide[0]
    draw(canvas)
    image = canvas.finish()
    if band:
        image = image.crop((0, 0, *size))
        _tapis_band(
            ImageDraw.Draw(image), size, rgb(primary_hex), size[1] * 0.93, size[1]
        )
    elif canvas.rng.random() < 0.5:
        image = ImageOps.mirror(image)
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
