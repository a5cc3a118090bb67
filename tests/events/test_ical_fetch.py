"""Fetching a calendar by its address (events.ical_fetch): nothing inside a
private network is reachable (SSRF), and a real fetch from a local server.

No test reaches the internet. The refusals use addresses that are never
public (127.0.0.1, 10.x, 169.254.169.254, [::1], localhost). The fetches
from a server of the test's own on 127.0.0.1 allow exactly that network
with `CALENDAR_IMPORT_ALLOWED_NETWORKS=["127.0.0.1/32"]`, the one narrow
switch the fetcher has; a redirect from there to another private address
is still refused.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

from django.contrib.auth.models import User
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from core.models import Regency
from events import ical_fetch, ical_reader
from events.models import CalendarSource, ImportedEvent

from ..demo import load_demo_province
from .ics_files import GOOGLE

LOCAL_ONLY = override_settings(CALENDAR_IMPORT_ALLOWED_NETWORKS=["127.0.0.1/32"])


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        port = self.server.server_address[1]
        routes = {
            "/cal.ics": lambda: self.send(200, GOOGLE),
            "/to-metadata": lambda: self.redirect(
                "http://169.254.169.254/latest/meta-data/"
            ),
            "/to-loopback6": lambda: self.redirect(f"http://[::1]:{port}/cal.ics"),
            "/to-cal": lambda: self.redirect("/cal.ics"),
            "/huge": self.huge,
            "/slow": self.slow,
            "/missing": lambda: self.send(404, b"no"),
        }
        routes.get(self.path, lambda: self.send(404, b"no"))()

    def send(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "text/calendar")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def huge(self):
        # No Content-Length: the size limit must hold while reading.
        self.send_response(200)
        self.end_headers()
        chunk = b"X" * 65536
        try:
            for _i in range(ical_reader.MAX_BYTES // len(chunk) + 2):
                self.wfile.write(chunk)
        except OSError:
            pass

    def slow(self):
        time.sleep(2)
        self.send(200, GOOGLE)

    def log_message(self, *args):
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The fetcher hangs up on the slow and huge answers: that is the test.
        pass


class LocalServer:
    def __enter__(self):
        self.server = _QuietServer(("127.0.0.1", 0), _Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class RefusedAddressTests(SimpleTestCase):
    def test_private_loopback_link_local_and_reserved_addresses_are_refused(self):
        for url in (
            "http://127.0.0.1/cal.ics",
            "http://127.1/cal.ics",
            "http://10.1.2.3/cal.ics",
            "http://192.168.1.1/cal.ics",
            "http://172.16.0.1/cal.ics",
            "http://100.64.0.1/cal.ics",
            "http://169.254.169.254/latest/meta-data/",
            "http://0.0.0.0/cal.ics",
            "http://240.0.0.1/cal.ics",
            "http://[::1]/cal.ics",
            "http://[::ffff:127.0.0.1]/cal.ics",
            "http://[fe80::1]/cal.ics",
            "http://[fd00::1]/cal.ics",
            "http://localhost/cal.ics",
            "https://localhost:8443/cal.ics",
        ):
            with self.subTest(url), self.assertRaises(ical_fetch.FetchError) as caught:
                ical_fetch.check_url(url)
            self.assertIn("private", str(caught.exception))

    def test_other_schemes_and_credentials_are_refused(self):
        for url, words in (
            ("file:///etc/passwd", "file"),
            ("ftp://example.org/cal.ics", "ftp"),
            ("gopher://example.org/", "gopher"),
            ("http://user:secret@example.org/cal.ics", "kata sandi"),
            ("https://token@example.org/cal.ics", "kata sandi"),
            ("http:///cal.ics", "tidak valid"),
            ("http://[::1/cal.ics", "tidak valid"),
            # Without a scheme: asked for the whole address, not told the
            # empty scheme "“”" is not allowed.
            ("kalender.lampungbaratkab.go.id/agenda.ics", "https://"),
            ("x" * 3000, "https://"),
        ):
            with self.subTest(url), self.assertRaises(ical_fetch.FetchError) as caught:
                ical_fetch.check_url(url)
            self.assertIn(words, str(caught.exception))

    def test_webcal_is_read_as_https(self):
        self.assertEqual(
            ical_fetch.parse_url("webcal://calendar.example.org/x.ics?k=1"),
            ("https", "calendar.example.org", 443, "/x.ics?k=1"),
        )

    def test_local_server_is_refused_without_the_test_switch(self):
        with LocalServer() as base, self.assertRaises(ical_fetch.FetchError):
            ical_fetch.fetch(base + "/cal.ics")


@LOCAL_ONLY
class LocalFetchTests(SimpleTestCase):
    def test_fetches_the_calendar(self):
        with LocalServer() as base:
            self.assertEqual(ical_fetch.fetch(base + "/cal.ics"), GOOGLE)
            self.assertEqual(ical_fetch.fetch(base + "/to-cal"), GOOGLE)

    def test_redirect_to_a_private_address_is_refused(self):
        with LocalServer() as base:
            for path in ("/to-metadata", "/to-loopback6"):
                with (
                    self.subTest(path),
                    self.assertRaises(ical_fetch.FetchError) as caught,
                ):
                    ical_fetch.fetch(base + path)
                self.assertIn("private", str(caught.exception))

    def test_connects_to_the_checked_address_never_resolving_again(self):
        """The connection goes to the address that was checked: a host
        name that resolves nowhere (as a rebinding DNS answer would change
        it) is only sent as the Host header."""
        with LocalServer() as base:
            port = int(base.rsplit(":", 1)[1])
            target = ical_fetch.Target(
                "http", "calendar.invalid", port, "/cal.ics", "127.0.0.1"
            )
            status, _location, body = ical_fetch._get(target, time.monotonic() + 10)
        self.assertEqual((status, body), (200, GOOGLE))

    def test_size_limit_holds_without_content_length(self):
        with LocalServer() as base, self.assertRaises(ical_fetch.FetchError) as caught:
            ical_fetch.fetch(base + "/huge")
        self.assertIn("MB", str(caught.exception))

    def test_time_limit(self):
        with (
            mock.patch.object(ical_fetch, "TIMEOUT_SECONDS", 0.5),
            LocalServer() as base,
            self.assertRaises(ical_fetch.FetchError) as caught,
        ):
            ical_fetch.fetch(base + "/slow")
        self.assertIn("0.5", str(caught.exception))

    def test_error_status_is_reported(self):
        with LocalServer() as base, self.assertRaises(ical_fetch.FetchError) as caught:
            ical_fetch.fetch(base + "/missing")
        self.assertIn("404", str(caught.exception))


@LOCAL_ONLY
class RunNowTests(TestCase):
    """ "Run now" in the admin fetches the source's address and imports it."""

    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        cls.editor = User.objects.get(username="editor.lampung-barat")

    def test_run_now_imports_from_the_address_and_shows_the_log(self):
        with LocalServer() as base:
            source = CalendarSource.objects.create(
                name="Kalender Dinas",
                regency=Regency.objects.get(slug="lampung-barat"),
                url=base + "/cal.ics",
                created_by=self.editor,
            )
            self.client.force_login(self.editor)
            response = self.client.post(
                reverse("events_calendar_source_run", args=[source.pk]), follow=True
            )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(ImportedEvent.objects.filter(source=source).count(), 2)
        self.assertContains(response, "Festival Skala Brak")
        self.assertContains(response, 'id="import-counts"')
