"""Print the URL tables of the load test (a Lua file for wrk) from the seeded
database: event, brand and venue pages; calendar lists, months and filters;
feeds. With --warm, first render each URL once. Run by scripts/loadtest.sh
with the production settings."""

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Locale, Page  # noqa: E402

from core.models import Regency  # noqa: E402
from events.models import (  # noqa: E402
    EventCategory,
    EventFolderPage,
    EventIndexPage,
    EventPage,
)

FEED_COPY = "/static/loadtest/province-feed-copy.ics"
rng = random.Random(2027)  # noqa: S311 - a reproducible sample, not security
locale = Locale.get_default()
events = list(
    EventPage.objects.live().filter(locale=locale).values_list("url_path", flat=True)
)
root = Page.objects.get(depth=2, locale=locale).url_path


def public(url_path: str) -> str:
    return "/" + url_path.removeprefix(root)


pages = [public(p) for p in rng.sample(events, min(400, len(events)))]
pages += [
    p.url
    for p in Page.objects.live()
    .filter(locale=locale, depth__lte=4)
    .exclude(depth=1)
    .not_type(EventIndexPage, EventFolderPage)
    .specific()
    if p.url
]
calendar = EventIndexPage.objects.live().get(locale=locale)
today = timezone.localdate()
views = [calendar.url, calendar.url + "?page=2", calendar.url + "past/"]
for months in range(12):
    year, month = (
        today.year + (today.month + months - 1) // 12,
        (today.month + months - 1) % 12 + 1,
    )
    views.append(calendar.url + calendar.reverse_subpage("month", args=[year, month]))
regencies = list(Regency.objects.values_list("slug", flat=True))
views += [f"{calendar.url}?regency={slug}" for slug in regencies]
views += [f"{calendar.url}?category={c}" for c in EventCategory.values]
feeds = [reverse("events:feed")]
feeds += [reverse("events:regency_feed", args=[slug]) for slug in regencies]
feeds += [reverse("events:category_feed", args=[c]) for c in EventCategory.values]
feed = reverse("events:feed")
etag = Client(HTTP_HOST="127.0.0.1").get(feed).get("ETag", "")


if "--warm" in sys.argv:
    # Render every URL once in this process, before gunicorn starts: image
    # renditions (AVIF/WebP, slow to encode) are made here, not inside a
    # worker's 30 s timeout, and a broken URL stops the load test early.
    client = Client(HTTP_HOST="127.0.0.1")
    for path in sorted({*pages, *views, *feeds}):
        started = time.perf_counter()
        status = client.get(path).status_code
        sys.stderr.write(f"{status} {time.perf_counter() - started:6.2f} s  {path}\n")
        if status != 200:
            sys.exit(f"loadtest: {path} answered {status}")
    # The province feed's bytes as a static file: the physical limit for a
    # response of the feed's size (served by WhiteNoise, then by nginx).
    copy = Path(settings.STATIC_ROOT) / FEED_COPY.removeprefix(settings.STATIC_URL)
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(client.get(feeds[0]).content)


def lua(values) -> str:
    return "{\n" + "".join(f"  {v!r},\n".replace("'", '"') for v in values) + "}"


sys.stdout.write(
    f"pages = {lua(pages)}\ncalendar = {lua(views)}\nfeeds = {lua(feeds)}\n"
    f"feed_path = {feed!r}\nfeed_etag = {etag!r}\n"
    f"static_path = '/static/css/site.css'\nfeed_copy_path = {FEED_COPY!r}\n"
)
