"""Screenshots: every run keeps full-page PNGs in artifacts/screenshots/;
with UPDATE_SCREENSHOTS=1 a small copy of each also goes to docs/screenshots/
(the set shown in the README)."""

import os
from pathlib import Path

from django.conf import settings

from PIL import Image

DOCS_SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
# The docs show the top of long pages: what a visitor sees first.
MAX_HEIGHT = {390: 2400, 1366: 1600}
COLOURS = 96


def updating() -> bool:
    return os.environ.get("UPDATE_SCREENSHOTS") == "1"


def publish(source: Path, width: int) -> Path:
    """Write a cropped, palette-quantised copy of a screenshot to the docs;
    the flat colours of the site survive 96 colours without visible loss."""
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = DOCS_SCREENSHOTS / source.name
    with Image.open(source) as picture:
        picture = picture.convert("RGB")
        height = min(picture.height, MAX_HEIGHT.get(width, 2000))
        picture = picture.crop((0, 0, picture.width, height))
        small = picture.quantize(
            colors=COLOURS,
            method=Image.Quantize.MEDIANCUT,
            dither=Image.Dither.NONE,
        )
        small.save(target, "PNG", optimize=True)
    return target
