"""The deployment check of the site's address (core/checks.py): in production
the default Site must be at SITE_URL, https, in ALLOWED_HOSTS, never localhost."""

from django.conf import settings
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase, TestCase, override_settings

from wagtail.models import Page, Site

from core.site_url import SiteAddress, apply_site_url, site_address

ADDRESS = "https://agenda.lampungprov.go.id"
PRODUCTION = {
    "DEBUG": False,
    "SITE_URL": ADDRESS,
    "ALLOWED_HOSTS": ["agenda.lampungprov.go.id"],
}


def site_errors() -> list[str]:
    """The ids of the site-address errors `check --deploy` reports."""
    return sorted(
        message.id
        for message in run_checks(include_deployment_checks=True)
        if message.id and message.id.startswith("core.")
    )


def move_site(hostname: str, port: int = 443) -> None:
    Site.objects.filter(is_default_site=True).update(hostname=hostname, port=port)


@override_settings(**PRODUCTION)
class SiteAddressCheckTests(TestCase):
    def test_the_first_migrations_localhost_fails(self):
        """A fresh database's Site (localhost:80) fails the deploy checks."""
        self.assertEqual(site_errors(), ["core.E004", "core.E006"])

    def test_a_site_at_site_url_passes(self):
        apply_site_url(Page.get_first_root_node())
        self.assertEqual(site_errors(), [])

    def test_a_host_outside_allowed_hosts_fails(self):
        move_site("agenda.example.org")
        self.assertEqual(site_errors(), ["core.E005", "core.E006"])

    def test_plain_http_fails(self):
        with self.settings(SITE_URL="http://agenda.lampungprov.go.id"):
            apply_site_url(Page.get_first_root_node())
            self.assertEqual(site_errors(), ["core.E002"])

    def test_a_malformed_site_url_fails(self):
        with self.settings(SITE_URL="agenda.lampungprov.go.id"):
            self.assertEqual(site_errors(), ["core.E001"])

    def test_not_checked_in_development(self):
        with self.settings(DEBUG=True):
            self.assertEqual(site_errors(), [])


class ApplySiteUrlTests(TestCase):
    def test_sets_host_and_port_once(self):
        """The default Site takes SITE_URL's host and port; again: no change."""
        home = Page.get_first_root_node()
        with self.settings(SITE_URL=ADDRESS):
            site, changed = apply_site_url(home)
            self.assertIs(changed, True)
            self.assertEqual(site.root_url, ADDRESS)
            self.assertIs(apply_site_url(home)[1], False)
        with self.settings(SITE_URL="http://127.0.0.1:8000"):
            site, _changed = apply_site_url(home)
            self.assertEqual(site.root_url, "http://127.0.0.1:8000")
        self.assertEqual(Site.objects.count(), 1)

    def test_makes_the_default_site_when_there_is_none(self):
        home = Site.objects.get().root_page
        Site.objects.all().delete()
        with self.settings(SITE_URL=ADDRESS):
            site, changed = apply_site_url(home)
        self.assertIs(changed, True)
        self.assertEqual((site.is_default_site, site.root_page), (True, home))


class SiteAddressTests(SimpleTestCase):
    def test_parses_scheme_host_and_port(self):
        cases = {
            "https://agenda.lampungprov.go.id": SiteAddress(
                "https", "agenda.lampungprov.go.id", 443
            ),
            "http://127.0.0.1:8000/": SiteAddress("http", "127.0.0.1", 8000),
            "http://testserver": SiteAddress("http", "testserver", 80),
        }
        for url, expected in cases.items():
            with self.subTest(url):
                self.assertEqual(site_address(url), expected)

    def test_refuses_what_is_not_a_site_root(self):
        for url in ("agenda.lampungprov.go.id", "ftp://x.org", "https://x.org/agenda/"):
            with self.subTest(url), self.assertRaises(ImproperlyConfigured):
                site_address(url)

    def test_admin_links_follow_site_url(self):
        """Wagtail's e-mails link to WAGTAILADMIN_BASE_URL, derived from SITE_URL."""
        self.assertEqual(settings.WAGTAILADMIN_BASE_URL, settings.SITE_URL)
