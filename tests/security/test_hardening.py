"""Hardening: login throttling with cool-off, admin session timeout, security
headers, password rules, and the 503 page when the database is lost."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from django.utils import timezone

from axes.models import AccessAttempt

from core.security import (
    content_security_policies,
    database_unavailable,
    server_error,
)

PASSWORD = "sandi-yang-benar-2027"


@override_settings(AXES_ENABLED=True)
class LoginThrottlingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_user("editor.uji", password=PASSWORD)
        cls.user.user_permissions.add(Permission.objects.get(codename="access_admin"))

    def attempt(self, password, address="203.0.113.7"):
        return self.client.post(
            "/admin/login/",
            {"username": "editor.uji", "password": password},
            REMOTE_ADDR=address,
        )

    def test_five_failures_lock_the_account_with_an_indonesian_message(self):
        """After 5 wrong passwords even the right one is refused, with HTTP 429
        and a message in Indonesian; nothing logs the user in."""
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.assertEqual(self.attempt("salah").status_code, 200)
        self.assertEqual(self.attempt("salah").status_code, 429)
        response = self.attempt(PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Akun dikunci sementara", status_code=429)
        self.assertContains(response, "15 menit", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_lock_lifts_by_itself_after_the_cool_off(self):
        """Once the cool-off has passed the right password works again."""
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.attempt("salah")
        self.assertEqual(self.attempt(PASSWORD).status_code, 429)
        AccessAttempt.objects.update(
            attempt_time=timezone.now()
            - settings.AXES_COOLOFF_TIME
            - timedelta(minutes=1)
        )
        response = self.attempt(PASSWORD)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.user.pk)

    def test_lock_is_per_username_and_address(self):
        """A colleague at another address (or the same person elsewhere) is not
        locked out by someone else's failures."""
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.attempt("salah", address="203.0.113.7")
        self.assertEqual(
            self.attempt(PASSWORD, address="198.51.100.9").status_code, 302
        )


class SessionTests(TestCase):
    def test_admin_session_ends_after_an_idle_hour(self):
        """The session cookie lasts one hour and is renewed on every request,
        so an idle admin is signed out after an hour."""
        user = User.objects.create_superuser("admin.uji", "a@example.org", PASSWORD)
        self.client.force_login(user)
        response = self.client.get("/admin/")
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        self.assertEqual(int(cookie["max-age"]), 3600)
        self.assertIs(bool(cookie["httponly"]), True)
        self.assertLessEqual(self.client.session.get_expiry_age(), 3600)


class PasswordRuleTests(SimpleTestCase):
    def test_passwords_need_twelve_characters(self):
        """Eleven characters are refused; twelve that are not common pass."""
        with self.assertRaises(ValidationError):
            validate_password("kopi-lampun")
        self.assertIsNone(validate_password("kopi-lampung-robusta"))


class HeaderTests(TestCase):
    def test_public_pages_get_the_strict_policy(self):
        """No inline script, no <style>, nothing framed, on public URLs."""
        response = self.client.get("/healthz")
        policy = response["Content-Security-Policy"]
        directives = dict(
            (part.split(" ", 1) + [""])[:2] for part in policy.split("; ")
        )
        self.assertEqual(directives["script-src"], "'self'")
        self.assertEqual(directives["style-src-elem"], "'self'")
        self.assertEqual(directives["style-src-attr"], "'unsafe-inline'")
        self.assertEqual(directives["frame-ancestors"], "'none'")
        self.assertEqual(directives["object-src"], "'none'")
        self.assertNotIn("unsafe-eval", policy)
        self.assertIn("camera=()", response["Permissions-Policy"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "same-origin")
        self.assertEqual(response["X-Frame-Options"], "DENY")

    def test_only_embeds_may_be_framed_by_other_sites(self):
        """/embed/ (partner sites' frames) says frame-ancestors * and sends
        no X-Frame-Options; the public pages around it still refuse."""
        embed = self.client.get("/embed/")
        self.assertIn("frame-ancestors *", embed["Content-Security-Policy"])
        self.assertIn("script-src 'self';", embed["Content-Security-Policy"])
        self.assertNotIn("X-Frame-Options", embed)
        for url in ("/", "/embeds/", "/events/rss/", "/api/events/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                policy = response["Content-Security-Policy"]
                self.assertIn("frame-ancestors 'none'", policy)
                self.assertEqual(response["X-Frame-Options"], "DENY")

    def test_admin_gets_its_own_looser_policy(self):
        """Wagtail's admin needs inline scripts; its pages may frame the preview."""
        response = self.client.get("/admin/login/")
        policy = response["Content-Security-Policy"]
        self.assertIn("script-src 'self' 'unsafe-inline'", policy)
        self.assertIn("frame-ancestors 'self'", policy)
        self.assertNotIn("unsafe-eval", policy)

    @override_settings(
        MEDIA_URL="https://media.example.org/agenda/",
        STATIC_URL="https://cdn.example.org/static/",
    )
    def test_remote_media_and_static_origins_are_allowed(self):
        """Images and assets from an object store or CDN are allowed by origin."""
        public, admin = content_security_policies()
        for policy in (public, admin):
            self.assertIn("https://media.example.org", policy)
            self.assertIn("https://cdn.example.org", policy)


class DatabaseDownPageTests(SimpleTestCase):
    def test_the_503_page_needs_no_database(self):
        """The bilingual 503 page with Retry-After renders in a test that may
        not touch the database at all. (The outage itself is exercised for
        real in test_faults.py.)"""
        response = database_unavailable()
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        html = response.content.decode()
        self.assertIn("Layanan sedang tidak tersedia", html)
        self.assertIn("Service temporarily unavailable", html)
        self.assertNotIn("<script", html)


class ServerErrorTests(TestCase):
    def test_a_malformed_query_with_the_database_up_stays_a_500(self):
        """Regression: SQLite reports a bad full-text query as OperationalError,
        which the handler took for an outage; with the database answering it
        is a bug and gets the 500 page."""
        request = RequestFactory().get("/search/")
        try:
            raise OperationalError("unterminated string")
        except OperationalError:
            response = server_error(request)
        self.assertEqual(response.status_code, 500)

    def test_other_errors_stay_a_500(self):
        request = RequestFactory().get("/agenda/")
        try:
            raise ValueError("a bug")
        except ValueError:
            response = server_error(request)
        self.assertEqual(response.status_code, 500)
