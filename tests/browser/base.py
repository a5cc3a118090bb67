"""Shared machinery of the browser suite: one live server with the demo
province and one Debian Chromium, driven by Playwright, per test class.

Playwright never downloads a browser here: it launches /usr/bin/chromium.
axe-core comes from node_modules (`npm ci`), injected into the page under test.
"""

import io
import os
import shutil
import tempfile
import unittest
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test import override_settings
from django.test.testcases import LiveServerThread
from django.utils import timezone

from wagtail.images import get_image_model

from PIL import Image, ImageDraw

from tests.demo import load_demo_province

from . import summary

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
# Phone first: the public browses on phones; 1366 px is the common office laptop.
VIEWPORTS = {390: {"width": 390, "height": 844}, 1366: {"width": 1366, "height": 768}}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 20_000
# A page's first view renders its image renditions (AVIF, WebP, JPEG): the
# destinations page makes hundreds, which takes a while on a busy machine.
NAVIGATION_TIMEOUT_MS = 240_000

# Sums layout shifts from the first paint on (buffered), ignoring those caused
# by input, the way Core Web Vitals count CLS.
CLS_OBSERVER = """
window.__layoutShift = 0;
window.__layoutShiftSources = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__layoutShift += entry.value;
    for (const source of entry.sources || []) {
      const node = source.node;
      window.__layoutShiftSources.push(node && node.outerHTML ? node.outerHTML.slice(0, 120) : String(node));
    }
  }
}).observe({type: "layout-shift", buffered: true});
"""

AXE_RUN = """
async (options) => {
  const result = await axe.run(document, options);
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": " + n.failureSummary),
  }));
}
"""

# Scrolls through the page so lazy images load (as a visitor scrolling would),
# then back to the top, and waits until every image shown has loaded. A lazy
# image that is not rendered (the home page's fourth highlight on a phone) is
# never fetched, as it should not be: waiting for it would wait for ever.
SCROLL_THROUGH = """
async () => {
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
    window.scrollTo(0, y);
    await pause(30);
  }
  window.scrollTo(0, 0);
  const shown = [...document.images].filter((img) => img.checkVisibility());
  await Promise.all(shown.map((img) => img.complete ? null :
    new Promise((resolve) => { img.addEventListener("load", resolve); img.addEventListener("error", resolve); })));
  await document.fonts.ready;
}
"""

PAGE_FACTS = """
() => {
  const resources = performance.getEntriesByType("resource");
  const navigation = performance.getEntriesByType("navigation")[0];
  return {
    transfer: resources.reduce((sum, r) => sum + r.transferSize, navigation ? navigation.transferSize : 0),
    layoutShift: window.__layoutShift || 0,
    layoutShiftSources: window.__layoutShiftSources || [],
    imagesWithoutSize: [...document.images]
      .filter((img) => !img.getAttribute("width") || !img.getAttribute("height"))
      .map((img) => img.outerHTML.slice(0, 120)),
    brokenImages: [...document.images]
      .filter((img) => img.complete && img.naturalWidth === 0)
      .map((img) => img.currentSrc || img.src),
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    fontsFailed: [...document.fonts].filter((f) => f.status === "error").map((f) => f.family),
  };
}
"""


def missing_prerequisite() -> str | None:
    """Why the suite cannot run on this machine, or None when it can."""
    if not os.access(CHROMIUM, os.X_OK):
        return f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -r requirements-dev.txt)"
    if not AXE_JS.is_file():
        return f"axe-core is missing at {AXE_JS} (run `npm ci` at the repository root)"
    return None


@dataclass
class Watch:
    """What one browser tab did: console errors, failed and foreign requests."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)
    expected_status: dict[str, int] = field(default_factory=dict)

    def attach(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"{error}"))
        page.on("requestfailed", self._request_failed)
        page.on("request", self._request)
        page.on("response", self._response)

    def reset(self, expected_status=None):
        self.console_errors.clear()
        self.failed.clear()
        self.foreign.clear()
        self.fonts.clear()
        self.expected_status = expected_status or {}

    def _console(self, message):
        if message.type != "error":
            return
        # The browser reports an error status of the document itself (the
        # 404 page) as a console error; that one is expected.
        if message.location.get("url") in self.expected_status:
            return
        self.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def _request(self, request):
        url = request.url
        if url.startswith(("data:", "blob:")):
            return
        if not url.startswith(self.origin + "/"):
            self.foreign.append(url)
        if request.resource_type == "font":
            self.fonts.append(url)

    def _request_failed(self, request):
        # Aborted is not failed: a download ends the navigation request on
        # purpose, and a visitor who follows a link before every image of a
        # page has arrived makes the browser cancel the rest (seen in the
        # journeys on a busy machine). Errors and refusals still count.
        if request.failure == "net::ERR_ABORTED":
            return
        self.failed.append(f"{request.url}: {request.failure}")

    def _response(self, response):
        expected = self.expected_status.get(response.url)
        if response.status >= 400 and response.status != expected:
            self.failed.append(f"{response.url}: HTTP {response.status}")


class SerialWSGIServer(WSGIServer):
    """Answers one request at a time (each connection is closed after its
    response, so the browser's parallel requests simply queue)."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


class SerialLiveServerThread(LiveServerThread):
    # On SQLite the live server shares the test's in-memory database
    # connection; two request threads using it at once broke an editor's
    # submission in CI (a sibling's slug check ran inside another request's
    # failed transaction). One request at a time, as a WSGI worker does.
    server_class = SerialWSGIServer


class BrowserTestCase(StaticLiveServerTestCase):
    """A live server on 127.0.0.1, a headless Debian Chromium and the demo
    province for the class (the live server needs committed data, so these
    are transactional tests; the data is kept across the tests of a class)."""

    host = "127.0.0.1"
    server_thread_class = SerialLiveServerThread
    # Restores the rows the migrations create (root page, locales, site)
    # if an earlier transactional test flushed them.
    serialized_rollback = True

    @classmethod
    def setUpClass(cls):
        reason = missing_prerequisite()
        if reason is not None:
            if os.environ.get("CI") == "true":
                raise RuntimeError(f"The browser suite must run in CI: {reason}")
            summary.SKIPPED.append(f"{cls.__name__}: {reason}")
            raise unittest.SkipTest(f"browser suite skipped: {reason}")
        media = tempfile.mkdtemp(prefix="agenda-browser-media-")
        cls.addClassCleanup(shutil.rmtree, media, ignore_errors=True)
        cls.enterClassContext(override_settings(MEDIA_ROOT=media))
        super().setUpClass()
        # Playwright's sync API keeps an asyncio loop running in this thread.
        # Django would take that for an async context: it would refuse ORM
        # calls from the test itself, and its thread-critical connection
        # storage would hand out new connections (without the test database's
        # serialized contents, and not the one the live server shares). So
        # allow the calls and keep the very same connection objects.
        previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        cls.addClassCleanup(cls._restore_async_unsafe, previous)
        originals = {alias: connections[alias] for alias in connections}
        from playwright.sync_api import sync_playwright

        cls.playwright = sync_playwright().start()
        cls.addClassCleanup(cls.playwright.stop)
        for alias, connection in originals.items():
            connections[alias] = connection
        cls.browser = cls.playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        cls.addClassCleanup(cls.browser.close)
        # The demo province, loaded once for the class: building it and the
        # image renditions its pages need is the slow part of the suite.
        # Dated from today: the live server shows "upcoming" by the real clock.
        cls.today = timezone.localdate()
        load_demo_province(today=cls.today)
        cls._demo_loaded = True
        cls.addClassCleanup(cls._restore_database)

    @classmethod
    def _fixture_setup(cls):
        # Before the first test only (Django runs it in setUpClass): later
        # tests of the class share the demo province.
        if not getattr(cls, "_demo_loaded", False):
            super()._fixture_setup()

    def _fixture_teardown(self):
        """The database is flushed once, after the class (_restore_database)."""

    @classmethod
    def _restore_database(cls):
        """Leave the database as the migrations left it, as Django's
        serialized rollback would after each test."""
        cls._demo_loaded = False
        for alias in cls._databases_names(include_mirrors=False):
            contents = getattr(connections[alias], "_test_serialized_contents", None)
            call_command(
                "flush",
                verbosity=0,
                interactive=False,
                database=alias,
                # As Django's own teardown: with the sequences reset,
                # PostgreSQL would hand the restored rows' ids out again.
                reset_sequences=False,
                inhibit_post_migrate=contents is not None,
            )
            if contents is not None:
                connections[alias].creation.deserialize_db_from_string(contents)

    @staticmethod
    def _restore_async_unsafe(previous):
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous

    # Browser helpers.

    def new_context(self, width=1366, **options):
        context = self.browser.new_context(
            viewport=VIEWPORTS[width],
            locale="id-ID",
            timezone_id="Asia/Jakarta",
            **options,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        self.addCleanup(context.close)
        return context

    def new_page(self, context):
        page = context.new_page()
        watch = Watch(origin=self.live_server_url)
        watch.attach(page)
        return page, watch

    def url(self, path):
        return self.live_server_url + path

    def path_of(self, page):
        parts = urlsplit(page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def axe(self, page, rules=None):
        """axe-core's violations on the page: every WCAG 2.x A/AA rule, or
        only the named rules."""
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE_JS))
        if rules:
            options = {"runOnly": {"type": "rule", "values": list(rules)}}
        else:
            options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        violations = page.evaluate(AXE_RUN, options)
        summary.AXE["runs"] += 1
        summary.AXE["violations"] += len(violations)
        return violations

    def assert_clean(self, watch, what):
        """No console error, no failed request, no request off the site."""
        self.assertEqual(watch.console_errors, [], f"{what}: console errors")
        self.assertEqual(watch.failed, [], f"{what}: failed requests")
        self.assertEqual(watch.foreign, [], f"{what}: requests to other hosts")


def photo_like_image(title, size=(1600, 1000)):
    """A generated photograph stand-in: a landscape with fine grain, 1600 px
    wide like an editor's upload, so the event page is weighed with a real
    picture (its renditions are AVIF/WebP/JPEG as for any upload)."""
    width, height = size
    picture = Image.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        # Sky from deep blue to a hazy horizon.
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=(int(40 + 160 * t), int(110 + 110 * t), int(190 + 50 * t)),
        )
    draw.ellipse(
        (width * 0.7, height * 0.12, width * 0.82, height * 0.31), fill=(255, 226, 150)
    )
    draw.polygon(
        [
            (0, height),
            (0, height * 0.62),
            (width * 0.3, height * 0.45),
            (width * 0.62, height * 0.66),
            (width, height * 0.5),
            (width, height),
        ],
        fill=(46, 104, 58),
    )
    draw.polygon(
        [
            (0, height),
            (0, height * 0.8),
            (width * 0.45, height * 0.7),
            (width, height * 0.86),
            (width, height),
        ],
        fill=(88, 62, 40),
    )
    noise = Image.effect_noise(size, 24).convert("RGB")
    picture = Image.blend(picture, noise, 0.12)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    image = get_image_model()(
        title=title,
        description=f"{title} (foto contoh)",
        file=ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.jpg"),
    )
    image.save()
    return image


def png_bytes(size=(1200, 800), colour=(20, 110, 90)):
    """A small PNG for uploads through the admin's image chooser."""
    picture = Image.new("RGB", size, colour)
    Image.Image.paste(picture, (240, 200, 60), (100, 100, size[0] // 2, size[1] // 2))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()
