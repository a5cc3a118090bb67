"""The pages that hold and show events: the provincial calendar with its
routes (list, month, year, booklet, feed, subscribing), the regencies' event
folders, and PKOR Way Halim's venue page with its anjungan."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject, Substr
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from core.models import BasePage, PlanningSettings, Regency
from core.provincial_fields import ProvincialFieldsPageForm

from .. import dates
from ..annual import year_context
from ..booklet import serve_booklet
from ..feeds import FeedQuery, serve_feed, subscribe_help, subscribe_links
from ..views import (
    EVENT_PAGE_RELATIONS,
    calendar_context,
    pavilion_context,
    venue_context,
)
from .event import EventPage
from .venues import Venue

# A folder's tree row: what the breadcrumbs and `get_parent` need of it.
FOLDER_ROW = (
    "id",
    "path",
    "depth",
    "numchild",
    "title",
    "draft_title",
    "slug",
    "url_path",
    "live",
    "locale_id",
    "content_type_id",
    "translation_key",
)


class EventIndexPage(RoutablePageMixin, BasePage):
    """The shared provincial calendar. Its children are one event folder per
    regency and one for province-level events."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventFolderPage"]
    max_count_per_parent = 1

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    # On the way to an event, routing reads only this page's tree fields
    # (HomePage.route); its own routes load it in full (`route`).
    route_without_fields = True

    class Meta:
        verbose_name = _("calendar")

    @classmethod
    def for_language(cls, language: str) -> "EventIndexPage | None":
        """The live calendar in `language`, else the first one."""
        pages = list(cls.objects.live().select_related("locale").order_by("pk"))
        matching = (p for p in pages if p.locale.language_code == language)
        return next(matching, None) or next(iter(pages), None)

    @classmethod
    def feed_links(
        cls, request, params: dict, language: str, name: str = "", calendar=None
    ) -> dict:
        """The addresses of a feed's "Subscribe" menu (events.feeds), with the
        help page on subscribing of `calendar` (a calendar page, plain or
        specific) when given."""
        links = subscribe_links(request, params, language, name=name)
        if calendar is not None:
            help_path = cls.get_resolver().reverse("subscribe_help")
            links["help"] = calendar.get_url(request) + help_path
        return links

    @classmethod
    def year_links(cls, request, calendar) -> dict:
        """The addresses of the year's Calendar of Events on `calendar` (a
        calendar page, plain or specific): its year view and booklet, for the
        year being planned, else this year (`PlanningSettings.calendar_year`).
        No booklet for a year too far ahead to have one."""
        today = timezone.localdate()
        year = PlanningSettings.read_for_request(request).calendar_year(today)
        base, resolver = calendar.get_url(request), cls.get_resolver()
        booklet = dates.EARLIEST_YEAR <= year <= today.year + dates.LATEST_YEAR_AHEAD
        return {
            "year": year,
            "url": base + resolver.reverse("year", year),
            "booklet_url": base + resolver.reverse("booklet", year) if booklet else "",
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if kwargs.get("view") == "year":
            context.update(year_context(self, request, kwargs["year"]))
            return context
        context.update(
            calendar_context(self, request, kwargs.get("view", "list"), kwargs)
        )
        context["year_links"] = self.year_links(request, self)
        return context

    def route(self, request, path_components):
        """The calendar's own routes (list, month, year, …), else a folder
        and one of its events. On the way to an event neither the calendar's
        nor the folder's own fields are read, and the event comes with what
        its page shows in one query (`EventFolderPage.route_to_event`)."""
        if self.live:
            sub_path = "/" + "".join(f"{part}/" for part in path_components)
            try:
                self.resolve_subpage(sub_path)
            except Http404:
                pass
            else:
                # The view is bound to the page it was resolved on.
                page = self.in_full()
                return RouteResult(page, args=page.resolve_subpage(sub_path))
        if not path_components:
            return super().route(request, path_components)
        if len(path_components) > 1:
            event = self.find_event(*path_components[:2])
            if event is not None:
                return event.route(request, path_components[2:])
        child = self.get_children().filter(slug=path_components[0]).first()
        if child is None:
            raise Http404
        child._cached_parent_obj = self
        remaining = path_components[1:]
        if remaining and child.specific_class is EventFolderPage:
            return EventFolderPage.route_to_event(child, request, remaining)
        return child.specific.route(request, remaining)

    def find_event(self, folder_slug: str, event_slug: str):
        """The event at `folder_slug/event_slug/` below this calendar when
        its folder is live, found in one query with what its page shows and
        its folder's tree row (for the breadcrumbs), or None."""
        folder = Page.objects.filter(
            path=Substr(OuterRef("path"), 1, (self.depth + 1) * Page.steplen),
            slug=folder_slug,
            live=True,
            content_type=ContentType.objects.get_for_model(EventFolderPage),
        )
        event = (
            EventPage.objects.filter(
                path__startswith=self.path, depth=self.depth + 2, slug=event_slug
            )
            .annotate(
                folder_row=Subquery(
                    folder.values(row=JSONObject(**{f: f for f in FOLDER_ROW}))[:1]
                )
            )
            .filter(folder_row__isnull=False)
            .with_restriction_check()
            .select_related(*EVENT_PAGE_RELATIONS)
            .first()
        )
        if event is None:
            return None
        row = event.folder_row
        # A partly loaded page, its values in field order (Model.from_db).
        names = [f.attname for f in Page._meta.concrete_fields if f.attname in row]
        folder_page = Page.from_db(None, names, [row[name] for name in names])
        folder_page._cached_parent_obj = self
        event._cached_parent_obj = folder_page
        return event

    def in_full(self) -> "EventIndexPage":
        """This calendar with its own fields, when routing passed it without."""
        if not self.get_deferred_fields():
            return self
        page = type(self).objects.get(pk=self.pk)
        page._cached_parent_obj = self.__dict__.get("_cached_parent_obj")
        return page

    @path("", name="upcoming")
    def upcoming_view(self, request):
        return self.render(request, view="list")

    @path("past/", name="past")
    def past_view(self, request):
        return self.render(request, view="past")

    @path("month/", name="this_month")
    def this_month_view(self, request):
        today = timezone.localdate()
        url = self.url + self.reverse_subpage("month", args=[today.year, today.month])
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url)

    @path("<int:year>/<int:month>/", name="month")
    def month_view(self, request, year, month):
        if not (1 <= month <= 12 and dates.EARLIEST_YEAR <= year <= 2100):
            raise Http404
        return self.render(request, view="month", year=year, month=month)

    @path("<int:year>/", name="year")
    def year_view(self, request, year):
        if not dates.EARLIEST_YEAR <= year <= 2100:
            raise Http404
        return self.render(request, view="year", year=year, template="events/year.html")

    @path("<int:year>/booklet/", name="booklet")
    def booklet_view(self, request, year):
        latest = timezone.localdate().year + dates.LATEST_YEAR_AHEAD
        if not dates.EARLIEST_YEAR <= year <= latest:
            raise Http404
        return serve_booklet(request, year, self)

    @path("ical/", name="ical")
    def ical_view(self, request):
        """The iCal feed of the calendar's filters (also at events:feed)."""
        feed = FeedQuery.from_request(request.GET, language=get_language())
        return serve_feed(request, feed, EventIndexPage.for_language)

    @path("langganan/", name="subscribe_help")
    def subscribe_help_view(self, request):
        return subscribe_help(self, request)

    def month_url(self, day: date) -> str:
        return self.url + self.reverse_subpage("month", args=[day.year, day.month])


class EventFolderPage(BasePage):
    """Holds the events of one regency (or of the province when no regency is
    set). Permissions on this folder decide who may add events."""

    regency = models.ForeignKey(
        Regency,
        verbose_name=_("regency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_folders",
        help_text=_("Leave empty for the province's own events."),
    )

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = ["events.EventPage"]
    unique_per_locale = ["regency"]
    # Its editors may rename the folder, never clear or change its regency:
    # that would make their events another regency's, or the province's.
    provincial_fields = ["regency"]
    base_form_class = ProvincialFieldsPageForm

    content_panels = [*BasePage.content_panels, FieldPanel("regency")]

    class Meta:
        verbose_name = _("event folder")

    def route(self, request, path_components):
        # Unpublished on its own, a folder hides its events, which stay live.
        if not self.live:
            raise Http404
        return super().route(request, path_components)

    @staticmethod
    def route_to_event(folder: Page, request, path_components):
        """Route below `folder` (a folder's tree row, without its own fields):
        an event with its regency, venue, images and locale in one query,
        where Wagtail's route takes two and the page three more."""
        if not folder.live:
            raise Http404
        event = (
            EventPage.objects.child_of(folder)
            .filter(slug=path_components[0])
            .with_restriction_check()
            .select_related(*EVENT_PAGE_RELATIONS)
            .first()
        )
        if event is None:
            # Another kind of child (an alias, a page moved here): Wagtail's way.
            return folder.specific.route(request, path_components)
        event._cached_parent_obj = folder
        return event.route(request, path_components[1:])

    def serve(self, request, *args, **kwargs):
        calendar = self.get_parent()
        query = (
            f"?regency={self.regency.slug}" if self.regency_id else "?regency=provinsi"
        )
        return redirect(calendar.url + query)


class VenuePage(BasePage):
    """The page of a venue with pavilions, i.e. PKOR Way Halim: a board of what
    is on at every anjungan today and in the 7 days from today, then the
    programme of each anjungan."""

    rendition_uses = BasePage.rendition_uses | {"image": ("venue", "pkor_teaser")}

    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="pages"
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("about"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.PavilionPage"]
    unique_per_locale = ["venue"]

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("venue"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("venue page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(venue_context(self, request))
        return context


class PavilionPage(BasePage):
    """A regency's anjungan at PKOR Way Halim. Maintained by that regency's
    editors: its description and its programme of activities."""

    rendition_uses = BasePage.rendition_uses | {"image": ("pavilion",)}

    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        on_delete=models.PROTECT,
        related_name="pavilion_pages",
    )
    regency = models.ForeignKey(
        Regency,
        verbose_name=_("regency"),
        on_delete=models.PROTECT,
        related_name="pavilions",
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("about"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=150, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    parent_page_types = ["events.VenuePage"]
    subpage_types: list[str] = []
    unique_per_locale = ["venue", "regency"]
    # Which regency holds which anjungan is the province's to decide.
    provincial_fields = ["regency", "venue"]
    base_form_class = ProvincialFieldsPageForm

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("regency"),
        FieldPanel("venue"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("opening_hours"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("pavilion (anjungan)")
        verbose_name_plural = _("pavilions (anjungan)")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(pavilion_context(self, request))
        return context
