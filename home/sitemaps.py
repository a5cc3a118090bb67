"""sitemap.xml: every live public page in every language."""

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from events.models import EventFolderPage


class PageSitemap(Sitemap):
    """Wagtail's sitemap, widened from the site root's language tree to the
    trees of all its translations, without the event folders (they only
    redirect to the calendar)."""

    def items(self):
        root = self.get_wagtail_site().root_page
        trees = Q()
        for home in root.get_translations(inclusive=True):
            trees |= Q(path__startswith=home.path)
        return (
            Page.objects.filter(trees)
            .live()
            .public()
            .not_type(EventFolderPage)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
