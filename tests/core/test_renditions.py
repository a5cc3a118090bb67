"""Renditions are made before visitors ask for them: on publishing, after an
image's file changes, and by `warm_renditions`; after which no public page
makes one in a visitor's request."""

import io
from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template import Context, Template, TemplateSyntaxError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.blocks import StreamBlock
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from core import renditions
from core.blocks import GalleryBlock
from events.models import EventIndexPage
from home.models import HomePage
from tests.demo import TODAY, load_demo_province
from tests.events.clock import frozen

from .test_images import png

Image = get_image_model()
Rendition = Image.get_rendition_model()
NOW = datetime.combine(TODAY, time(12), timezone.get_default_timezone())


def new_image(title: str) -> Image:
    return Image.objects.create(
        title=title,
        description=title,
        file=SimpleUploadedFile(f"{title}.png", png((1800, 1000))),
        collection=Collection.get_first_root_node(),
    )


def made(image) -> set[str]:
    return set(image.renditions.values_list("filter_spec", flat=True))


def expected(*uses: str) -> set[str]:
    return {f.spec for use in uses for f in renditions.filters(use)}


class NoRenditionInARequestTests(TestCase):
    """Crawls the demo province after `warm_renditions`: every live page in
    both languages and the calendar's routes make no rendition."""

    @classmethod
    def setUpTestData(cls):
        load_demo_province(with_users=False)
        call_command("warm_renditions", stdout=io.StringIO())

    def urls(self) -> list[str]:
        urls = [p.url for p in Page.objects.live().specific() if p.url]
        for calendar in EventIndexPage.objects.live():
            base = calendar.url
            urls += [
                base + calendar.reverse_subpage("past"),
                base + calendar.reverse_subpage("month", args=[2027, 3]),
                base + calendar.reverse_subpage("year", args=[2027]),
            ]
        return urls + ["/search/?q=festival", "/en/search/?q=festival"]

    def test_crawl_makes_no_rendition(self):
        before = Rendition.objects.count()
        self.assertGreater(before, 100)
        shown = 0
        with frozen(NOW):
            for url in self.urls():
                response = self.client.get(url, follow=True)
                self.assertEqual(response.status_code, 200, url)
                shown += response.content.count(b"/media/images/")
        self.assertGreater(shown, 100)
        self.assertEqual(Rendition.objects.count(), before)


class WarmingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(depth=2, locale__language_code="id")

    def test_publishing_makes_the_pages_renditions(self):
        hero, social = new_image("hero"), new_image("social")
        self.home.hero_image, self.home.social_image = hero, social
        revision = self.home.save_revision()
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            revision.publish()
        self.assertEqual(made(hero), set(), "made before the publish commits")
        for callback in callbacks:
            callback()
        self.assertEqual(made(hero), expected("home_hero", "social"))
        self.assertEqual(made(social), expected("social"))

    def test_stream_field_images_are_warmed_by_their_block(self):
        first, second = new_image("one"), new_image("two")
        stream = StreamBlock([("gallery", GalleryBlock())]).to_python(
            [
                {
                    "type": "gallery",
                    "value": {"title": "", "images": [first.pk, second.pk]},
                }
            ]
        )
        found = list(renditions.stream_images(stream))
        self.assertEqual(
            [(image.pk, use) for image, use in found],
            [(first.pk, "gallery"), (second.pk, "gallery")],
        )

    def test_a_new_file_warms_the_pages_that_show_it(self):
        hero = new_image("hero")
        self.home.hero_image = hero
        self.home.save_revision().publish()
        hero.renditions.all().delete()
        admin = get_user_model().objects.create_superuser("root", "r@x.id", "pw")
        self.client.force_login(admin)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("wagtailimages:edit", args=[hero.pk]),
                {
                    "title": "hero",
                    "description": "A new hero",
                    "collection": hero.collection_id,
                    "file": SimpleUploadedFile("new.png", png((1700, 900))),
                    "tags": "",
                    "focal_point_x": "",
                    "focal_point_y": "",
                    "focal_point_width": "",
                    "focal_point_height": "",
                },
            )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.assertEqual(made(hero), expected("home_hero", "social"))

    def test_unknown_use_is_a_template_error(self):
        with self.assertRaisesMessage(TemplateSyntaxError, "unknown use 'hero'"):
            Template('{% load core_tags %}{% rendition image "hero" %}')

    def test_tag_renders_the_uses_sizes(self):
        image = new_image("card")
        html = Template(
            '{% load core_tags %}{% rendition image "destination" alt="x" %}'
        ).render(Context({"image": image}))
        self.assertEqual(html.count("<source"), 1)  # webp; jpeg is the <img>
        self.assertIn('width="400"', html)
        self.assertEqual(made(image), expected("destination"))
