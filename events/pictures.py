"""Each event's picture where a channel needs a file: its own image, or, when
it has none, a drawn picture for its category in its regency's colours.

Pages and cards draw their fallback in HTML and CSS; the JSON-LD, Open Graph
tags, RSS/Atom, the API and iCal need an image address, so the same idea is
drawn once here as a JPEG per (category, theme), stored in the media storage
under a name that says what it shows. At most categories x themes files; the
publishing pipeline makes the one an event needs when it is published, and
those of a regency's events when its colours change.
"""

from __future__ import annotations

import io
import math

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from PIL import Image, ImageDraw

from core.colours import DEFAULT_THEME, PALETTE, Theme

from .choices import EventCategory

# Raise when the drawing changes: a new name, so caches never serve the old one.
VERSION = 1
SIZE = (1200, 675)
FOLDER = "event-pictures"
SCALE = 2  # drawn at twice the size, then reduced: smooth edges


def theme_of(regency) -> Theme:
    slug = getattr(regency, "theme", None) or DEFAULT_THEME
    return PALETTE.get(slug) or PALETTE[DEFAULT_THEME]


def fallback_name(category: str, regency) -> str:
    return f"{FOLDER}/{category}-{theme_of(regency).slug}-v{VERSION}.jpg"


def fallback_url(category: str, regency) -> str:
    """The stored picture's URL (relative to the site when storage is local)."""
    return default_storage.url(fallback_name(category, regency))


def ensure_fallback(category: str, regency) -> str:
    """Draw and store the picture for this category and regency unless it is
    there already; its storage name."""
    name = fallback_name(category, regency)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(draw(category, theme_of(regency))))
    return name


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def _mix(a, b, amount: float) -> tuple[int, ...]:
    return tuple(round(x + (y - x) * amount) for x, y in zip(a, b, strict=True))


def draw(category: str, theme: Theme) -> bytes:
    """The picture: the theme's colour, a lattice of tapis diamonds, and the
    category's sign in a medallion. No words, so it suits every language."""
    w, h = SIZE[0] * SCALE, SIZE[1] * SCALE
    primary, ink = _rgb(theme.primary), _rgb(theme.on_primary)
    image = Image.new("RGB", (w, h), primary)
    draw = ImageDraw.Draw(image)
    for y in range(h):  # darker towards the bottom
        draw.line([(0, y), (w, y)], fill=_mix(primary, (0, 0, 0), 0.25 * y / h))
    faint = _mix(primary, ink, 0.12)
    step = 120 * SCALE
    for row in range(-1, h // step + 2):
        for col in range(-1, w // step + 2):
            cx = col * step + (step // 2 if row % 2 else 0)
            cy = row * step
            r = step * 0.32
            draw.polygon(
                [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)],
                outline=faint,
                width=3 * SCALE,
            )
    # The medallion and the sign.
    cx, cy, r = w / 2, h / 2, h * 0.3
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_mix(primary, ink, 0.18))
    draw.ellipse(
        (cx - r, cy - r, cx + r, cy + r), outline=_mix(primary, ink, 0.6), width=8
    )
    SIGNS.get(category, _diamonds)(draw, cx, cy, r * 0.62, ink)
    image = image.resize(SIZE, Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


def _siger(d, cx, cy, r, ink):
    """Culture and custom: the siger crown of Lampung's brides."""
    peaks = 7
    points = [(cx - r, cy + r * 0.5)]
    for i in range(peaks):
        x0 = cx - r + 2 * r * i / peaks
        height = r * (0.55 + 0.45 * math.sin(math.pi * (i + 0.5) / peaks))
        points += [(x0 + r / peaks, cy + r * 0.5 - height), (x0 + 2 * r / peaks, cy)]
    points += [(cx + r, cy + r * 0.5)]
    d.polygon(points, fill=ink)
    d.rectangle((cx - r, cy + r * 0.5, cx + r, cy + r * 0.7), fill=ink)


def _mountain(d, cx, cy, r, ink):
    """Tourism: a peak under the sun."""
    d.ellipse((cx + r * 0.2, cy - r, cx + r * 0.8, cy - r * 0.4), fill=ink)
    d.polygon(
        [(cx - r, cy + r * 0.7), (cx - r * 0.25, cy - r * 0.5), (cx + r, cy + r * 0.7)],
        fill=ink,
    )


def _diamonds(d, cx, cy, r, ink):
    """Creative economy: the nested diamond of tapis cloth."""
    for k, width in ((1.0, 14), (0.66, 14), (0.33, 0)):
        points = [
            (cx, cy - r * k),
            (cx + r * k, cy),
            (cx, cy + r * k),
            (cx - r * k, cy),
        ]
        if width:
            d.polygon(points, outline=ink, width=width)
        else:
            d.polygon(points, fill=ink)


def _trophy(d, cx, cy, r, ink):
    """Sport tourism: a winner's cup."""
    d.chord((cx - r * 0.6, cy - r * 1.0, cx + r * 0.6, cy + r * 0.2), 0, 180, fill=ink)
    d.rectangle((cx - r * 0.6, cy - r * 0.8, cx + r * 0.6, cy - r * 0.4), fill=ink)
    for side in (-1, 1):
        x = cx + side * r * 0.75
        d.ellipse(
            (x - r * 0.22, cy - r * 0.75, x + r * 0.22, cy - r * 0.2),
            outline=ink,
            width=14,
        )
    d.rectangle((cx - r * 0.08, cy + r * 0.15, cx + r * 0.08, cy + r * 0.55), fill=ink)
    d.rounded_rectangle(
        (cx - r * 0.45, cy + r * 0.55, cx + r * 0.45, cy + r * 0.75), radius=8, fill=ink
    )


def _outline(cx, cy, r, half_width, tip_power, angle):
    """A pointed, lens-like outline along a line turned by `angle` radians."""
    points = []
    for side in (1, -1):
        for i in range(41):
            t = i / 40 if side == 1 else 1 - i / 40
            x = -r + 2 * r * t
            y = side * half_width * math.sin(math.pi * t) ** tip_power
            points.append(
                (
                    cx + x * math.cos(angle) - y * math.sin(angle),
                    cy + x * math.sin(angle) + y * math.cos(angle),
                )
            )
    return points


def _leaf(d, cx, cy, r, ink):
    """Education and environment: a leaf on its stem."""
    d.polygon(
        _outline(cx + r * 0.1, cy - r * 0.1, r * 0.85, r * 0.42, 0.9, -math.pi / 4),
        fill=ink,
    )
    d.line(
        [(cx - r * 0.8, cy + r * 0.8), (cx - r * 0.4, cy + r * 0.4)], fill=ink, width=14
    )


def _lamp(d, cx, cy, r, ink):
    """Religious: the flame of an oil lamp (pelita), shared by every faith."""
    d.polygon(
        _outline(cx, cy - r * 0.45, r * 0.5, r * 0.28, 1.6, -math.pi / 2), fill=ink
    )
    d.chord((cx - r * 0.9, cy - r * 0.1, cx + r * 0.9, cy + r * 0.9), 0, 180, fill=ink)


SIGNS = {
    EventCategory.CULTURE: _siger,
    EventCategory.TOURISM: _mountain,
    EventCategory.CREATIVE_ECONOMY: _diamonds,
    EventCategory.SPORT_TOURISM: _trophy,
    EventCategory.EDUCATION_ENVIRONMENT: _leaf,
    EventCategory.RELIGIOUS: _lamp,
}
