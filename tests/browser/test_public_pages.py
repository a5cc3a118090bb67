"""Every public page type in Chromium at phone and laptop widths: axe-core
(WCAG 2.2 A/AA), page quality budgets and screenshots."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import NoReverseMatch

from wagtail.models import Page

import pytest

from brands.models import BrandIndexPage, BrandPage, DestinationIndexPage
from events.models import EventIndexPage, EventPage, PavilionPage, VenuePage

from . import screenshots, summary
from .base import (
    CLS_OBSERVER,
    PAGE_FACTS,
    SCREENSHOTS,
    SCROLL_THROUGH,
    BrowserTestCase,
    photo_like_image,
)

pytestmark = pytest.mark.browser

KB = 1024
HOME_BUDGET = 500 * KB
EVENT_BUDGET = 300 * KB
# "About zero": a shift of a pixel row or two from font metrics is tolerated,
# an image pushing content down is not.
MAX_LAYOUT_SHIFT = 0.01


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    status: int = 200
    budget: int | None = None


def next_month(today: date) -> date:
    return date(today.year + today.month // 12, today.month % 12 + 1, 1)


class PublicPageTests(BrowserTestCase):
    """The public page types, found in the demo province."""

    def page_types(self) -> tuple[list[PageType], list[str]]:
        """The page types to check, and why some cannot be checked yet."""

        def live(model):
            return model.objects.live().filter(
                locale__language_code=settings.LANGUAGE_CODE
            )

        calendar = live(EventIndexPage).get()
        month = next_month(self.today)
        event = (
            live(EventPage)
            .filter(regency__slug="lampung-barat", recurrence_frequency="weekly")
            .first()
        )
        if event.image_id is None:
            # Demo events carry no picture; an editor's photo makes the
            # event page budget an honest one.
            image = photo_like_image("Kelas seduh kopi")
            EventPage.objects.filter(pk=event.pk).update(image=image)
        # A festival with many facts (venue, organiser, long web address).
        festival = (
            live(EventPage).exclude(website="").order_by("-end_date", "pk").first()
        )
        cancelled = live(EventPage).filter(status="cancelled").first()
        pages = [
            PageType("home", "/", budget=HOME_BUDGET),
            PageType("regency-index", live(BrandIndexPage).get().url),
            PageType(
                "brand-page",
                live(BrandPage).get(regency__slug="lampung-barat").url,
            ),
            PageType("destinations", live(DestinationIndexPage).get().url),
            PageType("calendar-list", calendar.url),
            PageType(
                "calendar-month",
                calendar.url
                + calendar.reverse_subpage("month", args=(month.year, month.month)),
            ),
            PageType(
                "calendar-filtered",
                calendar.url + "?regency=lampung-barat&category=creative_economy",
            ),
            PageType("event", event.url, budget=EVENT_BUDGET),
            PageType("event-festival", festival.url),
            PageType("event-cancelled", cancelled.url),
            PageType("pkor", live(VenuePage).get().url),
            PageType(
                "anjungan",
                live(PavilionPage).get(regency__slug="lampung-barat").url,
            ),
            PageType("search-results", "/search/?q=festival"),
            PageType("not-found", "/halaman-yang-tidak-ada/", status=404),
        ]
        missing = []
        try:
            year = calendar.reverse_subpage("year", args=(self.today.year,))
        except NoReverseMatch:
            missing.append("year view: the calendar has no 'year' route yet")
        else:
            pages.append(PageType("calendar-year", calendar.url + year))
        english_home = Page.objects.live().filter(depth=2, locale__language_code="en")
        if english_home.exists():
            pages.append(PageType("home-en", english_home.first().url))
            english_event = EventPage.objects.live().filter(locale__language_code="en")
            if english_event.exists():
                pages.append(PageType("event-en", english_event.first().url))
        else:
            missing.append("English pages: the demo province has no English home yet")
        return pages, missing

    def test_every_public_page_type_passes_axe_and_the_quality_budgets(self):
        """At 390 and 1366 px every page type has no axe-core violation for
        WCAG 2.0-2.2 A/AA, no console error, no failed or off-site request,
        sized images, no layout shift, no sideways scrolling, and the home
        and event pages stay within their transfer budgets."""
        pages, missing = self.page_types()
        summary.SKIPPED.extend(missing)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for width in (390, 1366):
            # Quality pass: the site's own headers (CSP included) apply and
            # the cache is off, so every page is weighed as on a first visit.
            quality = self.new_context(width)
            quality.add_init_script(CLS_OBSERVER)
            quality_page, watch = self.new_page(quality)
            quality.new_cdp_session(quality_page).send(
                "Network.setCacheDisabled", {"cacheDisabled": True}
            )
            # axe pass: axe-core is injected as an inline script, which a
            # strict Content-Security-Policy would (rightly) refuse.
            audit = self.new_context(width, bypass_csp=True)
            audit_page = audit.new_page()
            for spec in pages:
                with self.subTest(page=spec.name, width=width):
                    self.check_quality(quality_page, watch, spec, width)
                    self.check_axe(audit_page, spec)
                    summary.PAGES.add(spec.name)

    def check_quality(self, page, watch, spec, width):
        url = self.url(spec.path)
        watch.reset({url: spec.status} if spec.status != 200 else None)
        response = page.goto(url, wait_until="load")
        self.assertEqual(response.status, spec.status, spec.path)
        at_load = page.evaluate(PAGE_FACTS)
        page.evaluate(SCROLL_THROUGH)
        facts = page.evaluate(PAGE_FACTS)
        shot = SCREENSHOTS / f"{spec.name}-{width}.png"
        page.screenshot(path=shot, full_page=True)
        if screenshots.updating():
            screenshots.publish(shot, width)
        what = f"{spec.name} at {width}px"
        summary.FIGURES[f"transfer {spec.name} {width}px"] = (
            f"{at_load['transfer'] / KB:.0f} KB at load, "
            f"{facts['transfer'] / KB:.0f} KB scrolled through"
        )
        self.assert_clean(watch, what)
        self.assertEqual(watch.fonts, [], f"{what}: web fonts (system fonts only)")
        self.assertEqual(facts["fontsFailed"], [], f"{what}: fonts failed")
        self.assertEqual(facts["imagesWithoutSize"], [], f"{what}: <img> sizes")
        self.assertEqual(facts["brokenImages"], [], f"{what}: broken images")
        self.assertLess(
            facts["layoutShift"],
            MAX_LAYOUT_SHIFT,
            f"{what}: layout shift from {facts['layoutShiftSources']}",
        )
        self.assertLessEqual(facts["overflow"], 0, f"{what}: sideways scrolling")
        if spec.name == "calendar-month" and width == 390:
            # On a phone the month is a list of days, not a table to scroll.
            grid = page.locator(".month-grid-wrap")
            self.assertLessEqual(
                grid.evaluate("box => box.scrollWidth - box.clientWidth"),
                0,
                f"{what}: the month grid scrolls sideways",
            )
            first_day = page.locator("td[data-day] .month-grid__day").first
            self.assertRegex(first_day.inner_text(), r"^\w+, 1 \w+ \d{4}$")
        if spec.budget is not None:
            self.assertGreater(facts["transfer"], 0, f"{what}: nothing measured")
            self.assertLess(facts["transfer"], spec.budget, f"{what}: page weight")

    def check_axe(self, page, spec):
        page.goto(self.url(spec.path), wait_until="load")
        self.assertEqual(self.axe(page), [], f"axe-core on {spec.name}")

    def test_every_brand_theme_keeps_text_readable(self):
        """Each regency's brand page, in its own theme colours, passes axe-core's
        colour contrast rules (AA), at laptop width."""
        context = self.new_context(1366, bypass_csp=True)
        page = context.new_page()
        brands = (
            BrandPage.objects.live()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .order_by("slug")
        )
        self.assertEqual(brands.count(), 15)
        for brand in brands:
            with self.subTest(brand=brand.slug, theme=brand.theme):
                page.goto(self.url(brand.url), wait_until="load")
                violations = self.axe(page, rules=["color-contrast"])
                self.assertEqual(violations, [], f"contrast on {brand.url}")
        summary.FIGURES["brand themes checked for contrast"] = str(brands.count())
