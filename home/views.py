"""Site search across events, brand pages and venues."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from core.search import search_terms
from events.models import EventFolderPage, EventPage, Occurrence

MAX_QUERY = 100
RESULTS_PER_PAGE = 10


def search(request):
    """Full-text search over live public pages in the current language. Its
    events are the calendar's in that language (`OccurrenceQuerySet.visible`,
    the same as the calendar's `?q=`): those not translated yet are found in
    Indonesian, as the calendar lists them. Each event shows its next date (or
    its last, once over), place and category, as on the calendar."""
    query = request.GET.get("q", "").strip()
    error = ""
    if len(query) > MAX_QUERY:
        error = _("Use at most %(count)s characters.") % {"count": MAX_QUERY}
        query = query[:MAX_QUERY]
    results, entries = None, []
    if query:
        terms = search_terms(query)
        pages = Page.objects.none()
        if terms:
            event_ids = list(
                Occurrence.objects.visible()
                .matching(terms)
                .order_by()
                .values_list("event_id", flat=True)
                .distinct()
            )
            # Event folders only redirect to the calendar: never a result.
            not_events = ~Page.objects.type_q(EventPage, EventFolderPage)
            pages = (
                Page.objects.live()
                .public()
                .exclude(depth__lte=1)
                .filter(
                    Q(locale=Locale.get_active()) & not_events | Q(id__in=event_ids)
                )
                .specific()
                .search(terms)
            )
        results = Paginator(pages, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        shown = Occurrence.objects.shown_for_events(
            [page.pk for page in results if isinstance(page, EventPage)],
            timezone.now(),
        )
        entries = [(page, shown.get(page.pk)) for page in results]
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "results": results,
            "entries": entries,
            "error": error,
            "query_string": urlencode({"q": query}) if query else "",
        },
        status=400 if error else 200,
    )
