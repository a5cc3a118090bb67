"""Site search across events, brand pages and venues."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from core.search import search_terms
from events.models import EventFolderPage

MAX_QUERY = 100
RESULTS_PER_PAGE = 10


def search(request):
    """Full-text search over live public pages in the current language."""
    query = request.GET.get("q", "").strip()
    error = ""
    if len(query) > MAX_QUERY:
        error = _("Use at most %(count)s characters.") % {"count": MAX_QUERY}
        query = query[:MAX_QUERY]
    results = None
    if query:
        terms = search_terms(query)
        pages = (
            Page.objects.none()
            if not terms
            else Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .exclude(depth__lte=1)
            # Event folders only redirect to the calendar: never a result.
            .not_type(EventFolderPage)
            .specific()
            .search(terms)
        )
        results = Paginator(pages, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "results": results,
            "error": error,
            "query_string": urlencode({"q": query}) if query else "",
        },
        status=400 if error else 200,
    )
