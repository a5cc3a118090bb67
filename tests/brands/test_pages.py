"""Regency brand pages, the regency index and the destinations page: where
they may be created, what they show, which images and links they carry, the
regency's upcoming events, editing by regency editors, and query counts."""

import json
from datetime import date, datetime, time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.defaultfilters import capfirst, floatformat
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page, PageViewRestriction, Revision
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    streamfield,
)

from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from brands.models import (
    BrandIndexPage,
    BrandPage,
    Destination,
    DestinationCategory,
    DestinationIndexPage,
)
from core.colours import PALETTE
from core.models import Regency
from events.models import EventFolderPage
from home.models import HomePage
from tests.demo import load_demo_province
from tests.events.clock import frozen
from tests.events.factories import draft_event, folder_of, live_event

WIB = timezone.get_default_timezone()
# The demo province's festivals and weekly activities are all over by then.
LATER = datetime(2028, 6, 1, 9, tzinfo=WIB)
VIDEO_URL = "https://www.youtube.com/watch?v=lampung2027"
# Two of them prepare the upcoming events' query: the hidden (restricted or
# unpublished) pages, and the earliest start of what began on an earlier day
# and is still running.
QUERY_BUDGET = 17


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def brand(slug: str, language: str = "id") -> BrandPage:
    return BrandPage.objects.get(regency__slug=slug, locale__language_code=language)


def full_body(images) -> str:
    """A body with one block of every kind a brand page offers."""
    first, second, third = images[:3]
    return json.dumps(
        [
            {
                "type": "heading",
                "value": {"text": "Negeri di Atas Awan", "level": "h2"},
            },
            {
                "type": "paragraph",
                "value": "<p>Liwa berada di <b>ketinggian 900 meter</b>.</p>",
            },
            {
                "type": "image",
                "value": {
                    "image": {
                        "image": first.pk,
                        "decorative": False,
                        "alt_text": "Perahu nelayan di Danau Ranau",
                    },
                    "caption": "Pagi di tepi Danau Ranau",
                    "credit": "Dinas Pariwisata",
                },
            },
            {
                "type": "gallery",
                "value": {
                    "title": "Galeri",
                    "images": [
                        {
                            "type": "item",
                            "id": "5b0d3a1e-0000-4000-8000-000000000001",
                            "value": {
                                "image": second.pk,
                                "decorative": False,
                                "alt_text": "Kawah Nirwana berasap",
                            },
                        },
                        {
                            "type": "item",
                            "id": "5b0d3a1e-0000-4000-8000-000000000002",
                            "value": {
                                "image": third.pk,
                                "decorative": True,
                                "alt_text": "",
                            },
                        },
                    ],
                },
            },
            {
                "type": "quote",
                "value": {"quote": "Beguai Jejama", "attribution": "Semboyan"},
            },
            {"type": "video", "value": {"video": VIDEO_URL, "caption": "Sekura"}},
            {
                "type": "call_to_action",
                "value": {
                    "text": "Pesan paket wisata",
                    "page": None,
                    "url": "https://example.org/paket",
                },
            },
            {"type": "destinations", "value": {"heading": "Destinasi pilihan"}},
        ]
    )


def snapshot(page: BrandPage) -> dict:
    """What must not change when an edit is refused."""
    page = BrandPage.objects.get(pk=page.pk)
    return {
        "tagline": page.tagline,
        "regency": page.regency_id,
        "custom": (page.custom_primary, page.custom_on_primary),
        "latest_revision": page.latest_revision_id,
        "revisions": Revision.page_revisions.filter(object_id=str(page.pk)).count(),
        "live": page.live,
        "has_unpublished_changes": page.has_unpublished_changes,
    }


class BrandPageTypeRulesTests(WagtailPageTestCase):
    """Where each page of the brands and home apps may be created."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get()
        cls.home.add_child(
            instance=BrandIndexPage(title="Kabupaten dan Kota", slug="kabupaten-kota")
        )

    def test_brand_pages_sit_under_the_regency_index_and_have_no_children(self):
        """A brand page goes under the regency index and nowhere else."""
        self.assertAllowedParentPageTypes(BrandPage, {BrandIndexPage})
        self.assertAllowedSubpageTypes(BrandPage, set())
        self.assertAllowedSubpageTypes(BrandIndexPage, {BrandPage})
        self.assertCanCreateAt(BrandIndexPage, BrandPage)
        for parent in (HomePage, DestinationIndexPage, BrandPage, Page):
            with self.subTest(parent=parent.__name__):
                self.assertCanNotCreateAt(parent, BrandPage)

    def test_index_pages_sit_under_the_home_page(self):
        """The regency index and the destinations page belong to the home page;
        the destinations page has no children."""
        self.assertAllowedParentPageTypes(BrandIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(DestinationIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(DestinationIndexPage, set())
        self.assertCanCreateAt(HomePage, BrandIndexPage)
        self.assertCanCreateAt(HomePage, DestinationIndexPage)
        self.assertCanNotCreateAt(BrandIndexPage, DestinationIndexPage)

    def test_home_page_sits_at_the_root_once(self):
        """The home page is created under the root only, and only once."""
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertIs(HomePage.can_create_at(Page.get_first_root_node()), False)

    def test_one_regency_index_per_home_page(self):
        """A second regency index cannot be added next to the first."""
        self.assertIs(BrandIndexPage.can_create_at(self.home), False)
        self.assertIs(DestinationIndexPage.can_create_at(self.home), True)


class BrandPageTests(WagtailPageTestCase):
    """The demo province with its editors, moderators and workflow, and
    Lampung Barat's brand page filled with every kind of block, contact
    details and social links. Rendering every page once here makes the
    renditions all tests use."""

    @classmethod
    def setUpTestData(cls):
        load_demo_province(with_users=True)
        cls.editor = get_user_model().objects.get(username="editor.lampung-barat")
        cls.own = brand("lampung-barat")
        cls.other = brand("pesisir-barat")
        cls.page = brand("lampung-barat")
        images = [d.image for d in cls.page.destinations.select_related("image")]
        cls.page.body = full_body(images)
        cls.page.office_address = "Jl. Raden Intan No. 1, Liwa"
        cls.page.contact_email = "pariwisata@lampungbaratkab.example"
        cls.page.contact_phone = "+62 728 21000"
        cls.page.website = "https://lampungbaratkab.example"
        cls.page.instagram_url = "https://instagram.com/pesonalambar.example"
        cls.page.youtube_url = "https://youtube.com/@pesonalambar.example"
        cls.page.save_revision().publish()
        # The embed as Wagtail stores it after fetching it once from YouTube.
        Embed.objects.create(
            url=VIDEO_URL,
            hash=get_embed_hash(VIDEO_URL),
            type="video",
            html='<iframe title="Sekura Cakak Buah" '
            'src="https://www.youtube-nocookie.com/embed/lampung2027"></iframe>',
            provider_name="YouTube",
            width=480,
            height=270,
        )
        client = Client()
        for page in Page.objects.live().type(
            BrandPage, BrandIndexPage, DestinationIndexPage, HomePage
        ):
            client.get(page.url)

    def get_brand(self, slug="lampung-barat", prefix=""):
        response = self.client.get(f"{prefix}/kabupaten-kota/{slug}/")
        self.assertEqual(response.status_code, 200)
        return response

    def test_every_page_of_the_province_renders(self):
        """Every live brand page, regency index, destinations page and home
        page of the demo province renders, in both languages."""
        pages = Page.objects.live().type(
            BrandPage, BrandIndexPage, DestinationIndexPage, HomePage
        )
        self.assertGreaterEqual(pages.count(), 15 + 13 + 6)
        for page in pages.specific():
            with self.subTest(page=page.url):
                self.assertPageIsRenderable(page)

    def test_brand_and_home_pages_can_be_previewed(self):
        """The editor's preview of a brand page (with its destinations from
        the form) and of the home page renders."""
        # Wagtail's assertPageIsPreviewable logs in through the first backend,
        # django-axes' one, which cannot load users: the same steps by hand.
        self.client.force_login(get_user_model().objects.get(username="admin"))
        for page in (
            brand("way-kanan"),
            HomePage.objects.get(locale__language_code="id"),
            BrandIndexPage.objects.get(locale__language_code="id"),
        ):
            with self.subTest(page=page.url):
                edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
                html = self.client.get(edit).content.decode()
                data = querydict_from_html(html, form_id="page-edit-form")
                if hasattr(page, "body"):
                    # The browser's script writes the body's fields; none here.
                    data.update(nested_form_data({"body": streamfield([])}))
                preview = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
                response = self.client.post(preview, data)
                self.assertJSONEqual(
                    response.content, {"is_valid": True, "is_available": True}
                )
                response = self.client.get(preview)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, page.title)

    def test_brand_page_shows_identity_facts_contact_and_anjungan(self):
        """Official name and kind, brand name, tagline, logo, credit, intro,
        key facts, contact, official social links and the regency's anjungan."""
        response = self.get_brand()
        regency = self.page.regency
        with translation.override("id"):
            kind = capfirst(regency.get_kind_display())
            area = floatformat(regency.area_km2, "0g")
            population = floatformat(regency.population, "0g")
        for text in (
            "Kabupaten Lampung Barat",
            kind,
            "Pesona Lampung Barat",
            "The Origin of Lampung",
            "Agenda Lampung (ilustrasi)",
            regency.seat,
            f"{area} km²",
            population,
            "24 September 1991",
            '<i lang="ljp">Beguai Jejama</i>',
            "Jl. Raden Intan No. 1, Liwa",
            'href="mailto:pariwisata@lampungbaratkab.example"',
            'href="tel:+6272821000"',
            'href="https://lampungbaratkab.example"',
            'href="https://instagram.com/pesonalambar.example"',
            'href="https://youtube.com/@pesonalambar.example"',
            'href="/pkor-way-halim/anjungan-lampung-barat/"',
        ):
            with self.subTest(text=text):
                self.assertContains(response, text, html=False)
        self.assertContains(response, self.page.intro[:60])
        logo = soup_of(response).select_one("img.brand-hero__logo")
        self.assertEqual(logo["alt"], "Emblem Lampung Barat (ilustrasi)")

    def test_body_renders_every_kind_of_block(self):
        """Heading, rich text, captioned image, gallery, quote, video embed
        with a plain link, call to action and the destinations list."""
        response = self.get_brand()
        soup = soup_of(response)
        self.assertEqual(soup.find("h2", string="Negeri di Atas Awan").name, "h2")
        self.assertContains(response, "<b>ketinggian 900 meter</b>", html=False)
        caption = soup.select_one("figure.figure figcaption").get_text(" ", strip=True)
        self.assertEqual(caption, "Pagi di tepi Danau Ranau (Dinas Pariwisata)")
        self.assertEqual(
            soup.select_one("figure.figure img")["alt"], "Perahu nelayan di Danau Ranau"
        )
        gallery = soup.select("section.gallery img")
        self.assertEqual([img["alt"] for img in gallery], ["Kawah Nirwana berasap", ""])
        self.assertEqual(
            soup.select_one(".quote blockquote").get_text(strip=True), "Beguai Jejama"
        )
        self.assertIsNotNone(soup.select_one("figure.video iframe[title]"))
        self.assertEqual(
            soup.select_one("figure.video figcaption a")["href"], VIDEO_URL
        )
        self.assertEqual(soup.select_one(".cta a")["href"], "https://example.org/paket")
        self.assertEqual(
            soup.select_one(".destinations h2").get_text(), "Destinasi pilihan"
        )
        self.assertEqual(
            len(soup.select(".destinations li.destination")),
            self.page.destinations.count(),
        )

    def test_destinations_are_listed_after_the_body_without_a_destinations_block(self):
        """An editor who leaves the destinations block out still gets the list."""
        page = brand("way-kanan")
        page.body = json.dumps(
            [{"type": "heading", "value": {"text": "Air terjun", "level": "h2"}}]
        )
        page.save_revision().publish()
        soup = soup_of(self.get_brand("way-kanan"))
        self.assertEqual(len(soup.select("li.destination")), page.destinations.count())

    def test_every_image_is_a_responsive_modern_rendition(self):
        """Every image is a rendition in a <picture> with a WebP source and a
        JPEG or PNG fallback, srcset and sizes, and has width, height and an
        alt attribute; the hero loads first, the images further down lazily."""
        soup = soup_of(self.get_brand())
        images = soup.select("main img")
        self.assertGreaterEqual(len(images), 10)
        for img in images:
            with self.subTest(src=img["src"]):
                self.assertTrue(img["src"].startswith("/media/images/"))
                self.assertIn("alt", img.attrs)
                self.assertTrue(img["width"].isdigit() and img["height"].isdigit())
                picture = img.find_parent("picture")
                types = {s["type"] for s in picture.find_all("source")}
                self.assertEqual(types, {"image/webp"})
                self.assertRegex(img["src"], r"\.(jpg|png)$")
                for source in picture.find_all("source"):
                    self.assertTrue(source["srcset"] and source["sizes"])
                self.assertTrue(img["srcset"] and img["sizes"])
        hero = soup.select_one("img.brand-hero__image")
        self.assertEqual(hero.get("fetchpriority"), "high")
        self.assertNotIn("loading", hero.attrs)
        self.assertEqual(hero["alt"], self.page.hero_image.description)
        for img in soup.select("img.destination__image, section.gallery img"):
            self.assertEqual(img["loading"], "lazy")

    def test_theme_colours_come_from_the_palette_or_the_own_pair(self):
        """The page carries its palette theme, or the editor's own colours."""
        page = brand("pesisir-barat")
        theme = PALETTE[page.theme]
        response = self.get_brand("pesisir-barat")
        self.assertContains(
            response, f"--brand:{theme.primary};--on-brand:{theme.on_primary};"
        )
        page.custom_primary, page.custom_on_primary = "#003366", "#ffffff"
        page.full_clean()
        page.save_revision().publish()
        response = self.get_brand("pesisir-barat")
        self.assertContains(response, "--brand:#003366;--on-brand:#ffffff;")

    def test_own_colours_failing_contrast_are_refused_naming_the_ratio(self):
        """A grey on white (4.48:1) is refused with the ratio in the message;
        a bad format and a single colour are refused too."""
        page = brand("pesisir-barat")
        cases = {
            ("#777777", "#ffffff"): ("custom_on_primary", "4.48:1"),
            ("#fff", "#000000"): ("custom_primary", "#rrggbb"),
            ("#003366", ""): ("custom_on_primary", "both colours"),
        }
        for (primary, on_primary), (field, text) in cases.items():
            with self.subTest(primary=primary, on_primary=on_primary):
                page.custom_primary, page.custom_on_primary = primary, on_primary
                with translation.override("en"):
                    with self.assertRaises(ValidationError) as raised:
                        page.full_clean()
                    messages = " ".join(raised.exception.message_dict[field])
                self.assertIn(text, messages)

    def test_palette_and_passing_own_colours_are_accepted(self):
        """Dark blue on white (12.6:1) passes; no own colours uses the palette."""
        page = brand("pesisir-barat")
        page.custom_primary, page.custom_on_primary = "#003366", "#ffffff"
        page.full_clean()
        page.custom_primary = page.custom_on_primary = ""
        page.full_clean()
        self.assertEqual(page.colours, PALETTE[page.theme])

    def test_destinations_link_to_map_apps_and_openstreetmap(self):
        """Each destination has a geo: link and an OpenStreetMap link."""
        soup = soup_of(self.get_brand())
        for destination in self.page.destinations.all():
            with self.subTest(destination=destination.name):
                lat, lon = destination.latitude, destination.longitude
                self.assertIsNotNone(soup.find("a", href=f"geo:{lat},{lon}"))
                osm = f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=14/{lat}/{lon}"
                self.assertIsNotNone(soup.find("a", href=osm))

    def test_destinations_page_filters_by_category_with_plain_links(self):
        """?category=beach lists only beaches, marks the current link, and
        every category is a plain link (no script, no form)."""
        response = self.client.get("/destinasi/?category=beach")
        soup = soup_of(response)
        nav = soup.select_one("nav.category-filter")
        links = nav.find_all("a")
        self.assertEqual(len(links), len(DestinationCategory.values) + 1)
        current = nav.select('a[aria-current="page"]')
        self.assertEqual([a["href"] for a in current], ["/destinasi/?category=beach"])
        names = {h.get_text() for h in soup.select("li.destination h3")}
        beaches = set(
            Destination.objects.filter(
                category="beach", page__locale__language_code="id"
            ).values_list("name", flat=True)
        )
        self.assertEqual(names, beaches)
        self.assertGreaterEqual(len(beaches), 5)

    def test_destinations_page_fetches_its_first_picture_first(self):
        """The first destination's picture opens the page: fetched at once
        with high priority; every other one lazily, on brand pages too."""
        images = soup_of(self.client.get("/destinasi/")).select(
            "img.destination__image"
        )
        self.assertGreater(len(images), 10)
        self.assertEqual(images[0].get("fetchpriority"), "high")
        self.assertNotIn("loading", images[0].attrs)
        for img in images[1:]:
            self.assertEqual(img["loading"], "lazy")
            self.assertNotIn("fetchpriority", img.attrs)

    def test_unknown_category_shows_every_destination(self):
        """A category that does not exist is ignored, not an error."""
        response = self.client.get("/destinasi/?category=volcano%3Cscript%3E")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<script>")
        shown = len(soup_of(response).select("li.destination"))
        self.assertEqual(
            shown, Destination.objects.filter(page__locale__language_code="id").count()
        )

    def test_destinations_of_unpublished_and_private_brand_pages_are_hidden(self):
        """The destinations page lists live, public brand pages only."""
        brand("metro").unpublish()
        PageViewRestriction.objects.create(
            page=brand("mesuji"), restriction_type=PageViewRestriction.LOGIN
        )
        response = self.client.get("/destinasi/")
        hidden = Destination.objects.filter(
            page__regency__slug__in=["metro", "mesuji"]
        ).values_list("name", flat=True)
        for name in hidden:
            self.assertNotContains(response, name)
        self.assertContains(response, "Danau Ranau")

    def test_english_pages_list_untranslated_regencies_in_indonesian(self):
        """The English destinations page also lists the destinations of the
        regencies whose brand page has no English version yet."""
        untranslated = Regency.objects.exclude(
            brand_pages__locale__language_code="en"
        ).values_list("slug", flat=True)
        self.assertEqual(len(untranslated), 2)
        response = self.client.get("/en/destinasi/")
        for slug in untranslated:
            first = brand(slug).destinations.first()
            self.assertContains(response, escape(first.name))

    def test_upcoming_events_are_this_regencys_live_future_ones(self):
        """The block lists the regency's live coming events, each once, soonest
        first; never a past event, a draft or another regency's event. It links
        to the regency's calendar and offers its iCal feed."""
        folder = folder_of("lampung-barat")
        live_event(folder, title="Festival Kopi", start_date=date(2028, 6, 20))
        live_event(folder, title="Lomba Perahu", start_date=date(2028, 6, 10))
        live_event(
            folder,
            title="Kelas Tapis Mingguan",
            start_date=date(2028, 6, 3),
            recurrence_frequency="weekly",
            recurrence_weekdays="5",
            recurrence_until=date(2028, 8, 26),
        )
        live_event(folder, title="Festival Lama", start_date=date(2028, 5, 1))
        live_event(folder, title="Festival Terakhir", start_date=date(2028, 7, 30))
        draft_event(folder, title="Draf Rahasia", start_date=date(2028, 6, 5))
        live_event(
            folder_of("pesisir-barat"),
            title="Krui Surfing",
            start_date=date(2028, 6, 4),
        )
        with frozen(LATER):
            response = self.get_brand()
        soup = soup_of(response)
        section = soup.select_one("section.upcoming")
        titles = [a.get_text() for a in section.select(".event-card__title a")]
        self.assertEqual(
            titles, ["Kelas Tapis Mingguan", "Lomba Perahu", "Festival Kopi"]
        )
        links = section.select_one(".upcoming__links")
        self.assertEqual(
            links.select_one("a.button")["href"], "/agenda/?regency=lampung-barat"
        )
        feed = soup.find("link", type="text/calendar")["href"]
        self.assertIn("regency=lampung-barat", feed)
        self.assertIn(feed, section.select_one(".subscribe input")["value"])

    def test_upcoming_events_block_renders_nothing_without_events(self):
        """With nothing scheduled the page renders without the block."""
        with frozen(LATER):
            response = self.get_brand("pesisir-barat")
        self.assertIsNone(soup_of(response).select_one("section.upcoming"))

    def test_sharing_tags_use_the_brand_image(self):
        """Title, description, canonical URL, OpenGraph and Twitter card from
        the hero image, breadcrumbs with their structured data."""
        response = self.get_brand()
        soup = soup_of(response)
        self.assertEqual(
            soup.title.get_text(),
            "Pesona Lampung Barat: wisata Kabupaten Lampung Barat · Agenda Lampung",
        )
        meta = {
            tag.get("property") or tag.get("name"): tag.get("content")
            for tag in soup.find_all("meta")
        }
        self.assertEqual(meta["description"], self.page.search_description)
        canonical = soup.find("link", rel="canonical")["href"]
        self.assertEqual(canonical, "http://testserver/kabupaten-kota/lampung-barat/")
        self.assertEqual(meta["og:url"], canonical)
        self.assertRegex(
            meta["og:image"],
            r"^http://testserver/media/images/.+fill-1200x630-c50.format-jpeg.jpg$",
        )
        width, height = int(meta["og:image:width"]), int(meta["og:image:height"])
        self.assertAlmostEqual(width / height, 1200 / 630, places=2)
        self.assertEqual(meta["twitter:card"], "summary_large_image")
        self.assertEqual(meta["twitter:image"], meta["og:image"])
        crumbs = [a["href"] for a in soup.select("nav.breadcrumbs a")]
        self.assertEqual(crumbs, ["/", "/kabupaten-kota/"])
        structured = [
            json.loads(s.string)
            for s in soup.find_all("script", type="application/ld+json")
        ]
        trail = next(d for d in structured if d["@type"] == "BreadcrumbList")
        self.assertEqual(trail["itemListElement"][-1]["item"], canonical)

    def test_brand_page_query_budget_does_not_grow(self):
        """A demo brand page takes at most 15 queries, and the same number
        after its regency gains destinations and events and the province a
        sixteenth regency; the page with every kind of block stays within 15."""
        url = "/kabupaten-kota/lampung-selatan/"
        before = self.count_queries(url)
        self.assertLessEqual(before, QUERY_BUDGET)
        page = brand("lampung-selatan")
        for i in range(3):
            page.destinations.add(
                Destination(
                    name=f"Destinasi baru {i}",
                    category="beach",
                    description="Pantai baru.",
                    latitude=Decimal("-5.1"),
                    longitude=Decimal("104.1"),
                    image=ImageFactory(description="Pantai baru"),
                )
            )
        page.save_revision().publish()
        folder = folder_of("lampung-selatan")
        for day in range(2, 8):
            live_event(
                folder,
                title=f"Acara baru {day}",
                start_date=date(2028, 6, day),
                start_time=time(9),
                image=ImageFactory(description="Acara"),
            )
        add_regency("tanjung-harapan", "Kabupaten Tanjung Harapan", "18.99")
        self.assertEqual(self.count_queries(url), before)
        self.assertLessEqual(
            self.count_queries("/kabupaten-kota/lampung-barat/"), QUERY_BUDGET
        )

    def edit_url(self, page) -> str:
        return reverse("wagtailadmin_pages:edit", args=[page.pk])

    def form_data(self, page, **changes):
        """The edit form as the browser would send it: the fields read from
        the edit page, plus the body, which the browser's script builds."""
        # Back to a demo body, whose blocks hold plain text the test can post.
        blocks = [
            ("destinations", {"heading": "Destinasi unggulan"}),
            ("quote", {"quote": "Beguai Jejama", "attribution": "Semboyan"}),
        ]
        page.body = blocks
        page.save_revision().publish()
        self.client.force_login(self.editor)
        response = self.client.get(self.edit_url(page))
        self.assertEqual(response.status_code, 200)
        data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
        data.update(nested_form_data({"body": streamfield(blocks)}))
        for name, value in changes.items():
            data[name] = value
        return data

    def test_editor_submits_own_brand_page_for_moderation(self):
        """Submitting starts the moderation workflow; the live page keeps its
        published text until a moderator approves."""
        data = self.form_data(self.own, tagline="Negeri Sekala Bekhak")
        data["action-submit"] = "1"
        response = self.client.post(self.edit_url(self.own), data)
        self.assertEqual(response.status_code, 302)
        page = BrandPage.objects.get(pk=self.own.pk)
        self.assertEqual(page.tagline, "The Origin of Lampung")
        self.assertEqual(
            page.get_latest_revision_as_object().tagline, "Negeri Sekala Bekhak"
        )
        state = page.current_workflow_state
        self.assertEqual(state.status, "in_progress")
        self.assertEqual(state.workflow.name, "Persetujuan moderator provinsi")
        self.assertEqual(state.requested_by, self.editor)
        public = self.client.get("/kabupaten-kota/lampung-barat/")
        self.assertNotContains(public, "Negeri Sekala Bekhak")

    def test_editor_cannot_publish_own_brand_page(self):
        """The publish button does not publish for an editor."""
        data = self.form_data(self.own, tagline="Langsung tayang")
        data["action-publish"] = "1"
        self.client.post(self.edit_url(self.own), data)
        page = BrandPage.objects.get(pk=self.own.pk)
        self.assertEqual(page.tagline, "The Origin of Lampung")
        self.assertNotContains(
            self.client.get("/kabupaten-kota/lampung-barat/"), "Langsung tayang"
        )

    def test_editor_is_refused_another_regencys_brand_page(self):
        """Opening or saving another regency's page is refused (403 or a
        redirect away) and changes nothing."""
        data = self.form_data(self.own, tagline="Diambil alih")
        data["title"] = self.other.title
        data["slug"] = self.other.slug
        data["regency"] = str(self.other.regency_id)
        before = snapshot(self.other)
        response = self.client.get(self.edit_url(self.other))
        self.assertIn(response.status_code, (302, 403))
        if response.status_code == 302:
            self.assertEqual(response["Location"], reverse("wagtailadmin_home"))
        for action in ("action-submit", "action-publish", ""):
            with self.subTest(action=action or "save draft"):
                posted = data.copy()
                if action:
                    posted[action] = "1"
                response = self.client.post(self.edit_url(self.other), posted)
                self.assertIn(response.status_code, (302, 403))
                self.assertEqual(snapshot(self.other), before)

    def test_failing_colours_are_refused_with_the_ratio(self):
        """Own colours below WCAG AA are refused on save with the ratio in
        the message; nothing is saved."""
        data = self.form_data(
            self.own, custom_primary="#777777", custom_on_primary="#ffffff"
        )
        before = snapshot(self.own)
        response = self.client.post(self.edit_url(self.own), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "4.48:1")
        self.assertEqual(snapshot(self.own), before)

    def test_editor_cannot_move_the_page_to_another_regency(self):
        """The regency field is locked for editors: a posted change is ignored."""
        data = self.form_data(self.own, regency=str(self.other.regency_id))
        response = self.client.post(self.edit_url(self.own), data)
        self.assertEqual(response.status_code, 302)
        revision = BrandPage.objects.get(pk=self.own.pk).get_latest_revision_as_object()
        self.assertEqual(revision.regency_id, self.own.regency_id)

    def count_queries(self, url: str) -> int:
        """Queries of a request after a first one has made the renditions and
        filled Wagtail's caches, as on a running site."""
        with frozen(LATER):
            self.assertEqual(self.client.get(url).status_code, 200)
            with CaptureQueriesContext(connection) as queries:
                self.client.get(url)
        return len(queries.captured_queries)


def add_regency(slug: str, name: str, code: str) -> BrandPage:
    """A new regency with an event folder and a published brand page."""
    regency = Regency.objects.create(
        slug=slug,
        name=name,
        short_name=name.removeprefix("Kabupaten "),
        kind="kabupaten",
        seat="Harapan",
        code=code,
        latitude=Decimal("-5.2"),
        longitude=Decimal("105.0"),
    )
    calendar = folder_of("lampung-barat").get_parent()
    calendar.add_child(instance=EventFolderPage(title=name, slug=slug, regency=regency))
    index = BrandIndexPage.objects.get(locale__language_code="id")
    page = BrandPage(
        title=name,
        slug=slug,
        regency=regency,
        brand_name=f"Pesona {regency.short_name}",
        intro="Kabupaten baru.",
        logo=ImageFactory(description="Emblem"),
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page
