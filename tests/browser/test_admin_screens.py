"""The administrator's add-staff form in Chromium: Indonesian, accessible
(axe), and the account it makes; its screenshot goes to the docs."""

from django.contrib.auth import get_user_model
from django.core import mail

import pytest

from . import screenshots
from .base import SCREENSHOTS, BrowserTestCase

pytestmark = pytest.mark.browser


class AddStaffFormTests(BrowserTestCase):
    def test_an_administrator_adds_a_regency_editor(self):
        context = self.new_context(1366, bypass_csp=True)
        page, _watch = self.new_page(context)
        page.goto(self.url("/admin/login/"))
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", "admin-lampung-2027")
        with page.expect_navigation():
            page.click("form button[type=submit]")
        page.goto(self.url("/admin/staff/add/"))
        self.assertEqual(page.locator("h1").first.inner_text().strip(), "Tambah staf")
        page.fill("input[name=name]", "Siti Rahmawati")
        page.fill("input[name=email]", "siti.rahmawati@lampungbaratkab.go.id")
        page.select_option("select[name=role]", label="Kabupaten Lampung Barat")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / "admin-add-staff-1366.png"
        page.screenshot(path=shot, full_page=True)
        if screenshots.updating():
            screenshots.publish(shot, 1366)
        violations = self.axe(page)
        self.assertEqual(violations, [], violations)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        self.assertEqual(self.path_of(page), "/admin/staff/")
        user = get_user_model().objects.get(
            email="siti.rahmawati@lampungbaratkab.go.id"
        )
        self.assertEqual([g.name for g in user.groups.all()], ["Editor Lampung Barat"])
        self.assertEqual(len(mail.outbox), 1)
