"""Make every rendition the live pages show that is not made yet."""

from django.core.management.base import BaseCommand

from wagtail.models import Page

from core.renditions import warm_page


class Command(BaseCommand):
    help = (
        "Make the image renditions every live page shows (core.renditions), so "
        "no visitor's request makes them. Run by setup_province and load_demo, "
        "and from cron after uploads; quick when there is nothing to make."
    )

    def handle(self, *args, **options):
        pages = 0
        for page in Page.objects.live().specific().iterator(chunk_size=200):
            warm_page(page)
            pages += 1
        self.stdout.write(f"Renditions ready for {pages} live pages.")
