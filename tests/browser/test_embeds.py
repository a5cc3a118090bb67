"""Embeds on a partner's page, for real: docs/embed-example.html served from
another origin frames two embeds; Chromium shows them, embed-resize.js fits
each frame to its content, a message from anywhere else changes nothing, a
public page in a frame is refused, and the embeds pass axe-core."""

import functools
import shutil
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.conf import settings
from django.core.servers.basehttp import WSGIRequestHandler

from wagtail.models import Site

import pytest

from . import screenshots, summary
from .base import SCREENSHOTS, BrowserTestCase, SerialLiveServerThread

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "embed-example.html"
# Where the example expects the site (`make run`); replaced by the live server.
EXAMPLE_SITE = "http://127.0.0.1:8000"
FRAME_HEIGHTS = """() => Array.from(document.querySelectorAll("iframe"), f =>
  Math.round(f.getBoundingClientRect().height))"""
CONTENT_HEIGHT = "() => Math.ceil(document.body.getBoundingClientRect().height)"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class PatientHandler(WSGIRequestHandler):
    """Drops a connection that sends no request within seconds: Chromium
    opens spare connections to the frames' origin, and the suite's server,
    serving one connection at a time, would otherwise wait on one forever."""

    timeout = 3

    def log_message(self, *args):
        pass


class PartnerLiveServerThread(SerialLiveServerThread):
    def _create_server(self, connections_override=None):
        return self.server_class(
            (self.host, self.port), PatientHandler, allow_reuse_address=False
        )


pytestmark = pytest.mark.browser


class EmbedOnPartnerPageTests(BrowserTestCase):
    server_thread_class = PartnerLiveServerThread

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        folder = Path(tempfile.mkdtemp(prefix="agenda-partner-"))
        cls.addClassCleanup(shutil.rmtree, folder, ignore_errors=True)
        html = EXAMPLE.read_text().replace(EXAMPLE_SITE, cls.live_server_url)
        (folder / "index.html").write_text(html)
        (folder / "framing-a-page.html").write_text(
            f'<!doctype html><html lang="id"><title>x</title><iframe title="x" '
            f'src="{cls.live_server_url}/agenda/"></iframe></html>'
        )
        handler = functools.partial(QuietHandler, directory=str(folder))
        # Another port is another origin: the frames are cross-origin.
        cls.partner = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=cls.partner.serve_forever, daemon=True).start()
        cls.addClassCleanup(cls.partner.server_close)
        cls.addClassCleanup(cls.partner.shutdown)
        cls.partner_url = f"http://127.0.0.1:{cls.partner.server_address[1]}"

    def open_partner_page(self, width):
        context = self.new_context(width)
        page, watch = self.new_page(context)
        watch.origin = self.partner_url  # the partner's page, then the frames
        page.goto(self.partner_url + "/index.html", wait_until="domcontentloaded")
        page.wait_for_function(
            "() => document.querySelectorAll('iframe').length === 2"
            " && window.performance.getEntriesByType('resource')"
            ".some(e => e.name.includes('embed-resize.js'))"
        )
        for frame in self.frames(page):
            frame.wait_for_selector("main h1")
        return page, watch

    def frames(self, page):
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('iframe'))"
            ".every(f => f.contentWindow)"
        )
        for _ in range(100):
            frames = [frame for frame in page.frames if "/embed/" in frame.url]
            if len(frames) == 2:
                return frames
            page.wait_for_timeout(100)
        return frames

    def test_frames_show_the_events_and_fit_their_content(self):
        """At 390 and 1366 px both frames load from the site, list events
        linked to the site in a new tab, and end as tall as their content
        (not the 600 px of the snippet); nothing else is requested from
        elsewhere and no console error (a refused frame is one)."""
        for width in (390, 1366):
            with self.subTest(width=width):
                page, watch = self.open_partner_page(width)
                frames = self.frames(page)
                self.assertEqual(len(frames), 2)
                root = Site.objects.get(is_default_site=True).root_url
                for frame in frames:
                    links = frame.locator(".embed-item__title a, .embed__list a")
                    self.assertGreater(links.count(), 0, frame.url)
                    self.assertEqual(links.first.get_attribute("target"), "_blank")
                    self.assertTrue(
                        links.first.get_attribute("href").startswith(root + "/")
                    )
                content = [frame.evaluate(CONTENT_HEIGHT) for frame in frames]
                page.wait_for_function(
                    f"() => ({FRAME_HEIGHTS})().join() === {content!r}.join()".replace(
                        "'", '"'
                    ),
                    timeout=10_000,
                )
                self.assertNotIn(600, page.evaluate(FRAME_HEIGHTS))
                self.assertEqual(watch.console_errors, [], "console errors")
                self.assertEqual(watch.failed, [], "failed requests")
                if width == 1366 or screenshots.updating():
                    self.screenshot(page, width)
                summary.PAGES.add("embed on a partner page")

    def test_a_message_from_elsewhere_changes_no_frame(self):
        """The partner page (or a script on it) posting the same message is
        ignored: only the site's frames set their own height."""
        page, _watch = self.open_partner_page(390)
        page.wait_for_function(f"() => !({FRAME_HEIGHTS})().includes(600)")
        before = page.evaluate(FRAME_HEIGHTS)
        page.evaluate(
            "() => window.postMessage({type: 'agenda-lampung:height', height: 5}, '*')"
        )
        page.wait_for_timeout(300)
        self.assertEqual(page.evaluate(FRAME_HEIGHTS), before)

    def test_a_public_page_is_not_shown_in_a_frame(self):
        """The calendar itself refuses to be framed by another site."""
        context = self.new_context(390)
        page = context.new_page()
        page.goto(self.partner_url + "/framing-a-page.html", wait_until="load")
        page.wait_for_timeout(500)
        framed = [f for f in page.frames if f != page.main_frame]
        self.assertEqual(len(framed), 1)
        self.assertEqual(framed[0].locator("main").count(), 0)

    def test_embeds_pass_axe_at_narrow_and_wide_frames(self):
        """Each kind of embed, 320 and 800 px wide, has no axe-core violation
        and no horizontal scrolling."""
        for width in (320, 800):
            context = self.browser.new_context(
                viewport={"width": width, "height": 600}, bypass_csp=True
            )
            self.addCleanup(context.close)
            page = context.new_page()
            for path in (
                "/embed/",
                "/en/embed/month/",
                "/embed/regency/lampung-barat/",
                "/embed/anjungan/anjungan-tanggamus/",
                "/embed/regency/tidak-ada/",
            ):
                with self.subTest(path=path, width=width):
                    page.goto(self.url(path), wait_until="load")
                    self.assertEqual(self.axe(page), [], path)
                    overflow = page.evaluate(
                        "() => document.documentElement.scrollWidth"
                        " - document.documentElement.clientWidth"
                    )
                    self.assertLessEqual(overflow, 0, path)

    def screenshot(self, page, width):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"embed-partner-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        if screenshots.updating():
            screenshots.publish(target, width)
