"""Brand colour palette and WCAG contrast arithmetic. Pure: no Django, no clock."""

from __future__ import annotations

import re
from dataclasses import dataclass

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WCAG_AA_NORMAL = 4.5


@dataclass(frozen=True)
class Theme:
    """A brand theme: a strong colour and the text colour that reads on it."""

    slug: str
    primary: str
    on_primary: str


PALETTE: dict[str, Theme] = {
    t.slug: t
    for t in (
        Theme("siger-red", "#9b1c1c", "#ffffff"),
        Theme("tapis-gold", "#f2c14e", "#1f1300"),
        Theme("krakatau-ember", "#b23a0e", "#ffffff"),
        Theme("ocean-teal", "#0f6e6e", "#ffffff"),
        Theme("forest-green", "#1e5631", "#ffffff"),
        Theme("lake-blue", "#1d4f91", "#ffffff"),
        Theme("coffee-brown", "#5b3a29", "#ffffff"),
        Theme("pepper-black", "#1c1c1c", "#f5e6c8"),
        Theme("orchid-purple", "#5e2b7e", "#ffffff"),
        Theme("sunset-orange", "#f59e42", "#1f1300"),
        Theme("river-navy", "#14284b", "#ffffff"),
        Theme("rice-olive", "#4f5d1c", "#ffffff"),
        Theme("coral-pink", "#f7a1a1", "#3b0a0a"),
        Theme("elephant-slate", "#44505c", "#ffffff"),
        Theme("dolphin-cyan", "#7dd3e8", "#06252e"),
    )
}
DEFAULT_THEME = "siger-red"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of a `#rrggbb` colour."""
    if not HEX_COLOUR.match(hex_colour):
        raise ValueError(f"not a #rrggbb colour: {hex_colour!r}")
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours, from 1.0 to 21.0."""
    lighter, darker = sorted(
        (relative_luminance(first), relative_luminance(second)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def passes_aa(foreground: str, background: str) -> bool:
    """True when the pair meets WCAG AA for normal-size text (4.5:1)."""
    return contrast_ratio(foreground, background) >= WCAG_AA_NORMAL
