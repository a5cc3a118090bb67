import threading
from datetime import date, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.models import Page

from events.models import EventIndexPage, EventPage
from tests.demo import load_demo_province


class PurgeRecorder(BaseHTTPRequestHandler):
    """A stand-in reverse proxy on the loopback: records each PURGE it gets."""

    received: list[tuple[str, str]] = []

    def do_PURGE(self):
        self.received.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


class EventPurgeTests(TestCase):
    """Publishing, unpublishing, moving or deleting an event sends PURGE
    requests for every page and feed the event shows on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.proxy = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
        threading.Thread(target=cls.proxy.serve_forever, daemon=True).start()
        port = cls.proxy.server_address[1]
        cls.purge_settings = override_settings(
            WAGTAILFRONTENDCACHE={
                "proxy": {
                    "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                    "LOCATION": f"http://127.0.0.1:{port}",
                }
            }
        )
        cls.purge_settings.enable()

    @classmethod
    def tearDownClass(cls):
        cls.purge_settings.disable()
        cls.proxy.shutdown()
        cls.proxy.server_close()
        super().tearDownClass()

    @classmethod
    def setUpTestData(cls):
        load_demo_province(with_users=False)
        cls.calendar = EventIndexPage.objects.live().first()

    def setUp(self):
        PurgeRecorder.received.clear()
        self.event = (
            EventPage.objects.live()
            .filter(regency__isnull=False, recurrence_frequency="", venue__isnull=False)
            .first()
        )

    def purged_paths(self):
        return {path for _host, path in PurgeRecorder.received}

    def month_path(self, day):
        return self.calendar.url + self.calendar.reverse_subpage(
            "month", args=[day.year, day.month]
        )

    def publish(self, page):
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()

    def test_publishing_purges_the_event_its_lists_months_and_related_pages(self):
        """The event page, the calendar's lists, its month, the home page, the
        regency's brand pages and the province, regency, category and event
        feeds are all purged."""
        self.publish(self.event)
        paths = self.purged_paths()
        brands = Page.objects.live().filter(brandpage__regency=self.event.regency)
        expected = {
            self.event.url,
            self.calendar.url,
            self.calendar.url + "past/",
            self.month_path(self.event.start_date),
            "/",
            *(brand.url for brand in brands),
            reverse("events:feed"),
            reverse("events:regency_feed", args=[self.event.regency.slug]),
            reverse("events:category_feed", args=[self.event.category]),
            reverse("events:event_ics", args=[self.event.uid]),
        }
        self.assertEqual(len(brands), 2)  # Indonesian and English
        self.assertLessEqual(expected, paths)
        self.assertIs(all(h == "testserver" for h, _p in PurgeRecorder.received), True)

    def test_publishing_purges_the_embeds_it_shows_on(self):
        """Partner sites' embeds (cached by the proxy like public pages) are
        purged too: the upcoming list, this month, the event's month, its
        regency's and its anjungan's, in both languages."""
        at_anjungan = (
            EventPage.objects.live()
            .filter(venue__parent__isnull=False, regency__isnull=False)
            .select_related("venue", "regency")
            .first()
        )
        self.publish(at_anjungan)
        paths = self.purged_paths()
        day = at_anjungan.start_date
        for prefix in ("", "/en"):
            with self.subTest(prefix=prefix):
                self.assertLessEqual(
                    {
                        f"{prefix}/embed/",
                        f"{prefix}/embed/month/",
                        f"{prefix}/embed/{day.year}/{day.month}/",
                        f"{prefix}/embed/regency/{at_anjungan.regency.slug}/",
                        f"{prefix}/embed/anjungan/{at_anjungan.venue.slug}/",
                    },
                    paths,
                )

    def test_changing_dates_purges_the_old_and_the_new_month(self):
        """A date moved to another month purges both months' grids."""
        old_day = self.event.start_date
        new_day = date(old_day.year + 1, (old_day.month % 12) + 1, 10)
        self.event.start_date = new_day
        self.event.end_date = None
        self.event.start_time, self.event.end_time = time(9), time(12)
        self.publish(self.event)
        paths = self.purged_paths()
        self.assertIn(self.month_path(old_day), paths)
        self.assertIn(self.month_path(new_day), paths)

    def test_unpublishing_purges_the_event_and_its_month(self):
        """An unpublished event disappears from the cached month grid too."""
        month = self.month_path(self.event.start_date)
        with self.captureOnCommitCallbacks(execute=True):
            self.event.unpublish()
        paths = self.purged_paths()
        self.assertIn(self.event.url, paths)
        self.assertIn(month, paths)

    def test_deleting_a_live_event_purges_its_listings(self):
        """Deleting a live event (no unpublish signal) still purges its lists."""
        month = self.month_path(self.event.start_date)
        with self.captureOnCommitCallbacks(execute=True):
            self.event.delete()
        self.assertLessEqual({self.calendar.url, month}, self.purged_paths())

    def test_moving_an_event_purges_its_old_url(self):
        """After a move to another regency's folder, the old URL is purged."""
        old_url = self.event.url
        folder = (
            self.calendar.get_children().exclude(pk=self.event.get_parent().pk).first()
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.event.move(folder, pos="last-child")
        self.assertIn(old_url, self.purged_paths())

    def test_a_new_booklet_purges_its_download_and_year_view(self):
        """When the background run stores a new booklet, the download and
        the year view naming its date are purged in every language; a run
        that finds nothing changed purges nothing."""
        year = 2035
        with self.captureOnCommitCallbacks(execute=True):
            call_command("build_booklet", "--year", str(year), stdout=StringIO())
        self.assertLessEqual(
            {f"/agenda/{year}/", f"/agenda/{year}/booklet/"}, self.purged_paths()
        )
        self.assertIn(f"/en/agenda/{year}/booklet/", self.purged_paths())
        PurgeRecorder.received.clear()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("build_booklet", "--year", str(year), stdout=StringIO())
        self.assertEqual(PurgeRecorder.received, [])

    def test_nothing_is_sent_without_a_configured_proxy(self):
        """With no WAGTAILFRONTENDCACHE (development, tests), no request is made."""
        with override_settings(WAGTAILFRONTENDCACHE={}):
            self.publish(self.event)
        self.assertEqual(PurgeRecorder.received, [])
