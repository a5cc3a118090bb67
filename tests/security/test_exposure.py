"""Public exposure: content that is not public never appears on any public
channel. Each hidden item carries a unique marker word; every channel is
fetched anonymously and must not contain any marker, while a live control
event proves the channel does list events."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.test import TestCase
from django.utils import timezone

from wagtail.models import Locale, PageViewRestriction

from brands.models import BrandPage
from core.wagtail_hooks import move_to_bin
from events.models import EventFolderPage, EventIndexPage, EventPage, PavilionPage
from tests.demo import load_demo_province
from tests.security import report

CONTROL = "KONTROLTERBUKA"
HIDDEN = {
    "draft": "RAHASIADRAF",
    "pending": "RAHASIAMODERASI",
    "unpublished_changes": "RAHASIAREVISI",
    "scheduled": "RAHASIAJADWAL",
    "private": "RAHASIAPRIVAT",
    "unpublished": "RAHASIADITARIK",
    "binned": "RAHASIASAMPAH",
}


class ExposureTests(TestCase):
    """Anonymous requests on every public channel, for every kind of hidden event."""

    @classmethod
    def setUpTestData(cls):
        load_demo_province()
        locale = Locale.get_default()
        cls.folder = EventFolderPage.objects.get(
            regency__slug="lampung-barat", locale=locale
        )
        editor = User.objects.get(username="editor.lampung-barat")
        admin = User.objects.get(username="admin")
        day = timezone.localdate() + timedelta(days=10)
        cls.day = day
        cls.events = {}

        def event(key, title, publish=True):
            page = EventPage(
                title=f"Festival Paparan {title}",
                slug=title.lower().replace(" ", "-"),
                summary=f"Ringkasan {title} untuk uji paparan.",
                description=f"<p>Deskripsi {title}.</p>",
                category="culture",
                start_date=day,
                owner=editor,
                live=False,
            )
            cls.folder.add_child(instance=page)
            revision = page.save_revision(user=editor)
            if publish:
                revision.publish()
            cls.events[key] = page
            return page

        event("control", CONTROL)
        event("draft", HIDDEN["draft"], publish=False)
        pending = event("pending", HIDDEN["pending"], publish=False)
        pending.get_workflow().start(pending, editor)
        changed = event("unpublished_changes", "Revisi Terbit")
        changed.title = f"Festival {HIDDEN['unpublished_changes']}"
        changed.summary = f"Ringkasan {HIDDEN['unpublished_changes']}."
        changed.save_revision(user=editor)
        scheduled = event("scheduled", HIDDEN["scheduled"], publish=False)
        scheduled.go_live_at = timezone.now() + timedelta(days=3)
        scheduled.save_revision(user=admin).publish(user=admin)
        private = event("private", HIDDEN["private"])
        PageViewRestriction.objects.create(
            page=private, restriction_type="password", password="rahasia-2027"
        )
        unpublished = event("unpublished", HIDDEN["unpublished"])
        EventPage.objects.get(pk=unpublished.pk).unpublish(user=admin)
        binned = event("binned", HIDDEN["binned"])
        move_to_bin(binned, admin)
        cls.calendar = EventIndexPage.objects.get(locale=locale)
        cls.brand = BrandPage.objects.get(regency__slug="lampung-barat", locale=locale)
        cls.pavilion = PavilionPage.objects.get(
            regency__slug="lampung-barat", locale=locale
        )
        cls.urls = {key: page.url_path for key, page in cls.events.items()}

    def channels(self):
        """Every public URL that lists or shows events."""
        calendar = self.calendar.url
        month = f"{calendar}{self.day.year}/{self.day.month:02d}/"
        return {
            "home page": "/",
            "calendar": calendar,
            "calendar filtered": f"{calendar}?regency=lampung-barat&category=culture",
            "calendar search": f"{calendar}?q=Paparan",
            "month grid": month,
            "month grid filtered": f"{month}?regency=lampung-barat",
            "past events": f"{calendar}past/",
            "english calendar": f"/en{calendar}",
            "site search": "/search/?q=Paparan",
            "brand page": self.brand.url,
            "anjungan page": self.pavilion.url,
            "sitemap": "/sitemap.xml",
            "iCal province": "/events/lampung.ics",
            "iCal regency": "/events/regency/lampung-barat.ics",
            "iCal category": "/events/category/culture.ics",
            "RSS": "/events/rss/",
            "RSS regency": "/events/rss/lampung-barat/",
            "Atom": "/events/atom/",
            "JSON API": "/api/events/?regency=lampung-barat",
            "JSON API search": "/api/events/?q=Paparan",
            "embed": "/embed/?category=culture",
            "embed month": f"/embed/{self.day.year}/{self.day.month}/",
            "embed regency": "/embed/regency/lampung-barat/",
            "embed search": "/en/embed/?q=Paparan",
        }

    def fetch(self, url):
        response = self.client.get(url, follow=True)
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        return response.status_code, body.decode("utf-8", "replace")

    def test_no_hidden_event_appears_on_any_public_channel(self):
        """Drafts, pending submissions, unpublished changes, scheduled,
        private, unpublished and binned events are absent from listings, the
        month grid, search, sitemap, iCal, RSS, Atom and JSON; the live
        control event is present on each channel that lists it."""
        for channel, url in self.channels().items():
            status, body = self.fetch(url)
            with self.subTest(channel=channel):
                self.assertEqual(status, 200, url)
            for key, marker in HIDDEN.items():
                with self.subTest(channel=channel, hidden=key):
                    ok = marker.lower() not in body.lower()
                    report.tally("exposure", ok)
                    self.assertIs(ok, True, f"{key} leaks through {channel} ({url})")
            if channel not in (
                "home page",  # lists highlights only
                "past events",
                "anjungan page",
                "english calendar",
            ):
                with self.subTest(channel=channel, control=True):
                    self.assertIn(
                        CONTROL.lower(),
                        body.lower(),
                        f"the control is missing from {channel}",
                    )

    def test_hidden_event_urls_do_not_serve_the_content(self):
        """The page URL and the single-event .ics of each hidden event answer
        404, or (private) a password form without the event's content."""
        for key, marker in HIDDEN.items():
            page = EventPage.objects.get(pk=self.events[key].pk)
            url = "/" + "/".join(self.urls[key].strip("/").split("/")[1:]) + "/"
            for label, address in (("page", url), ("ics", f"/events/{page.uid}.ics")):
                with self.subTest(hidden=key, channel=label):
                    status, body = self.fetch(address)
                    ok = marker not in body and (
                        status == 404
                        or (key == "private" and label == "page")
                        # The live version is served; the marker is only in a draft.
                        or key == "unpublished_changes"
                    )
                    report.tally("exposure", ok)
                    self.assertIs(ok, True, f"{key} {label}: {status}")

    def test_previews_need_a_login(self):
        """Draft views and previews of every hidden event send an anonymous
        visitor to the login page and show nothing of the draft."""
        for key, marker in HIDDEN.items():
            pk = self.events[key].pk
            for url in (
                f"/admin/pages/{pk}/view_draft/",
                f"/admin/pages/{pk}/edit/preview/",
                f"/admin/pages/{pk}/revisions/compare/earliest...latest/",
                f"/admin/api/main/pages/{pk}/",
            ):
                with self.subTest(hidden=key, url=url):
                    response = self.client.get(url)
                    ok = response.status_code in (302, 401, 403) and (
                        marker.encode() not in response.content
                    )
                    report.tally("exposure", ok)
                    self.assertIs(ok, True, f"{url}: {response.status_code}")

    def test_public_pages_carry_no_inline_script_or_style_element(self):
        """Every <script> on a public page loads a file or is JSON-LD data,
        no element has an on* event handler, and there is no <style>
        element: the strict Content-Security-Policy would block them."""
        import re

        pages = [
            "/",
            self.calendar.url,
            self.brand.url,
            self.pavilion.url,
            self.events["control"].url,
            "/search/?q=Paparan",
            "/embed/",
            "/en/embed/month/",
            "/halaman-yang-tidak-ada/",
        ]
        for url in pages:
            with self.subTest(url=url):
                response = self.client.get(url)
                html = response.content.decode()
                for tag in re.findall(r"<script\b[^>]*>", html):
                    self.assertTrue(
                        "src=" in tag or 'type="application/ld+json"' in tag, tag
                    )
                self.assertIsNone(re.search(r"<style\b", html))
                self.assertIsNone(re.search(r"<[^>]+\son[a-z]+\s*=", html))
                self.assertIn("script-src 'self'", response["Content-Security-Policy"])
