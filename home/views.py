"""Site search across events, brand pages and venues."""

from collections.abc import Sequence
from functools import cached_property
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page, get_page_models

from core.search import ranked, search_terms
from events.models import EventFolderPage, EventIndexPage, EventPage, Occurrence

MAX_QUERY = 100
RESULTS_PER_PAGE = 10
# Pages found as calendar entries, not as pages of their own.
EVENT_PAGES = (EventPage, EventFolderPage)


class SearchResults(Sequence):
    """What a search found, as one list to page through: the matching pages
    that are not events (brand pages, destinations, venues), by relevance,
    then the matching events as the calendar lists them, each once at its
    next date, soonest first. The events are counted by the database and a
    page of them is read in date order up to that page (`next_starts_slice`),
    so a word that matches every event costs what a rare one does."""

    def __init__(self, pages, occurrences, now):
        self.pages = pages
        self.now = now
        self.occurrences = occurrences

    @cached_property
    def page_count(self) -> int:
        return len(self.pages)

    @cached_property
    def event_count(self) -> int:
        return self.occurrences.count_events_to_come(self.now)

    def __len__(self) -> int:
        return self.page_count + self.event_count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop or len(self)
        split = self.page_count
        found = [(page, None) for page in self.pages[start : min(stop, split)]]
        if stop > split:
            rows = self.occurrences.next_starts_slice(
                self.now, max(start - split, 0), stop - split
            )
            found += [(o.event, o) for o in self.occurrences.at_starts(rows)]
        return found


def search(request):
    """Full-text search over live public pages in the current language. Its
    events are the calendar's in that language (`OccurrenceQuerySet.visible`,
    the same as the calendar's `?q=`): those not translated yet are found in
    Indonesian, as the calendar lists them. Each event shows its next date,
    place and category, as on the calendar; events that are over are found
    in the calendar's past events, which the page links with the same words."""
    query = request.GET.get("q", "").strip()
    error = ""
    if len(query) > MAX_QUERY:
        error = _("Use at most %(count)s characters.") % {"count": MAX_QUERY}
        query = query[:MAX_QUERY]
    results, past_url = None, ""
    terms = search_terms(query)
    if terms:
        # The pages that are not events are few: ranked by relevance. Event
        # folders only redirect to the calendar: never a result.
        pages = ranked(
            Page.objects.live()
            .public()
            .exclude(depth__lte=1)
            .filter(locale=Locale.get_active())
            .exclude(Page.objects.type_q(*EVENT_PAGES))
            .specific(),
            terms,
            [m for m in get_page_models() if not issubclass(m, EVENT_PAGES)],
        )
        found = SearchResults(
            pages,
            Occurrence.objects.visible().matching(terms),
            timezone.now(),
        )
        results = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        calendar = EventIndexPage.for_language(get_language())
        if calendar is not None:
            past_url = (
                calendar.get_url(request)
                + calendar.reverse_subpage("past")
                + "?"
                + urlencode({"q": query})
            )
    elif query:
        results = Paginator([], RESULTS_PER_PAGE).get_page(1)
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "results": results,
            "entries": results.object_list if results else [],
            "past_url": past_url,
            "error": error,
            "query_string": urlencode({"q": query}) if query else "",
        },
        status=400 if error else 200,
    )
