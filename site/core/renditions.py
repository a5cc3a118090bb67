"""The image sizes the public pages show, defined once, and made before a
visitor asks for them.

Templates name a use (`{% rendition page.hero_image "brand_hero" … %}`)
instead of writing filter specs, so the sizes a page shows and the sizes made
in advance come from this one table. Page models say which use each of their
images has (`rendition_uses`); `warm_page` makes those renditions when the
page is published, and `manage.py warm_renditions` (run by `setup_province`,
`load_demo` and cron) makes every missing one. Wagtail makes a rendition once
and keeps it, so warming an image twice costs one query.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction

from wagtail.fields import StreamField
from wagtail.images.models import Filter

from .storage import is_storage_fault

logger = logging.getLogger(__name__)

# Use → filter specs as Wagtail's image tags take them (with `{a,b}`
# expansion). One `{% picture %}` (several specs) or `{% image %}` (one).
USES: dict[str, tuple[str, ...]] = {
    "home_hero": ("format-{webp,jpeg}", "fill-{480x600-c75,960x640-c75,1600x700-c75}"),
    "brand_hero": ("format-{webp,jpeg}", "fill-{480x320-c75,960x480-c75,1600x600-c75}"),
    "brand_logo": ("format-{webp,png}", "fill-{96x96,192x192}"),
    "brand_card_logo": ("format-{webp,png}", "fill-{64x64,128x128}"),
    "destination": ("format-{webp,jpeg}", "fill-{400x260-c50,800x520-c50}"),
    "pkor_teaser": ("format-{webp,jpeg}", "fill-{480x270-c75,960x540-c75}"),
    # WebP with a JPEG fallback: AVIF saved a few kilobytes a picture but
    # took about a second of encoding each, at every upload and publish.
    "venue": ("format-{webp,jpeg}", "fill-{480x200,960x400}"),
    "pavilion": ("format-{webp,jpeg}", "fill-{480x270,960x400}"),
    "event_page": ("format-{webp,jpeg}", "width-{400,800,1200}"),
    "event_card": ("format-{webp,jpeg}", "fill-{320x200,640x400}"),
    "event_card_lead": ("format-{webp,jpeg}", "fill-{400x250,800x500}"),
    "gallery": ("format-{webp,jpeg}", "fill-{320x240-c50,640x480-c50}"),
    "captioned": ("format-{webp,jpeg}", "width-{400,800,1200}"),
    # Open Graph and Twitter cards; the feeds', API's and JSON-LD's picture.
    "social": ("fill-1200x630-c50", "format-jpeg"),
    "feed": ("fill-1200x675", "format-jpeg"),
}


def filters(use: str) -> list[Filter]:
    """The use's renditions as Wagtail filters, one per size and format."""
    return [Filter(spec=spec) for spec in Filter.expand_spec(list(USES[use]))]


def spec(use: str) -> str:
    """The one filter spec of a single-size use (for `get_rendition`)."""
    (only,) = Filter.expand_spec(list(USES[use]))
    return only


def warm(image, uses: Iterable[str]) -> None:
    """Make the image's renditions for these uses, if not made yet. A file
    that cannot be read is logged and left for the page to fall back on."""
    wanted = [f for use in dict.fromkeys(uses) for f in filters(use)]
    if image is None or not wanted:
        return
    try:
        image.get_renditions(*wanted)
    except Exception as error:
        # A missing or broken file, or a store that cannot take files now,
        # must not stop a publish.
        if not cannot_be_made(error):
            raise
        logger.exception("Could not make the renditions of image %s", image.pk)


def cannot_be_made(error: BaseException) -> bool:
    """Whether a rendition failed for its file or its store (logged, and
    left out), rather than for a bug (raised)."""
    return isinstance(error, OSError) or is_storage_fault(error)


def rendition_url(image, filter_spec: str) -> str:
    """The URL of the image's rendition, or "" while it cannot be made (its
    file unreadable, the media store unreachable or full)."""
    try:
        return image.get_rendition(filter_spec).url
    except Exception as error:
        if not cannot_be_made(error):
            raise
        logger.warning("Rendition of image %s left out: %r", image.pk, error)
        return ""


def stream_images(value) -> Iterable[tuple[object, str]]:
    """(image, use) for each image block in a StreamField value, at any depth:
    the use is the `rendition_use` of the nearest block that declares one."""

    def walk(block, data, use):
        use = getattr(getattr(block, "meta", None), "rendition_use", None) or use
        child_blocks = getattr(block, "child_blocks", None)
        if hasattr(data, "get_rendition"):
            if use:
                yield data, use
        elif hasattr(data, "stream_block"):  # StreamValue
            for child in data:
                yield from walk(child.block, child.value, use)
        elif child_blocks is not None and hasattr(data, "items"):  # StructValue
            for name, child in data.items():
                yield from walk(child_blocks[name], child, use)
        elif hasattr(block, "child_block"):  # ListBlock
            for child in data:
                yield from walk(block.child_block, child, use)
        elif hasattr(data, "image"):  # ImageBlock's value wraps an image
            yield from walk(None, data.image, use)

    yield from walk(None, value, None)


def page_images(page) -> Iterable[tuple[object, tuple[str, ...]]]:
    """(image, uses) for every image the page shows: its image fields as its
    model's `rendition_uses` names them (`relation.field` for images of
    inline children), and the images in its StreamFields."""
    for path, uses in getattr(page, "rendition_uses", {}).items():
        relation, _, field = path.rpartition(".")
        owners = getattr(page, relation).all() if relation else [page]
        for owner in owners:
            if getattr(owner, f"{field}_id", None):
                yield getattr(owner, field), tuple(uses)
    for model_field in page._meta.get_fields():
        if isinstance(model_field, StreamField):
            for image, use in stream_images(getattr(page, model_field.name)):
                yield image, (use,)


def warm_page(page) -> None:
    """Make every rendition the page shows (and its cards elsewhere show)."""
    by_image: dict[int, tuple[object, list[str]]] = {}
    for image, uses in page_images(page):
        by_image.setdefault(image.pk, (image, []))[1].extend(uses)
    for image, uses in by_image.values():
        warm(image, uses)


def warm_references(image) -> None:
    """Make the renditions of every live page that shows this image (after
    its file or focal point changed, which drops the old ones)."""
    from wagtail.models import Page, ReferenceIndex

    for source, _references in ReferenceIndex.get_references_to(
        image
    ).group_by_source_object():
        if isinstance(source, Page) and source.live:
            warm_page(source.specific)


def _page_published(sender, instance, **kwargs) -> None:
    # robust: a storage fault is logged and the publish stays done; the
    # hourly warm_renditions job makes what is missing.
    transaction.on_commit(lambda: warm_page(instance), robust=True)


def register() -> None:
    """Make a page's renditions when it is published, once the publish commits."""
    from wagtail.signals import page_published

    page_published.connect(_page_published, dispatch_uid="core.renditions.publish")
