"""The calendar's search: the live events whose text has a visitor's words,
as a filter on event ids that every statement of a page shares.

The words are matched once per request, before the statements are built, in
the site's own table of the live pages' text (core.search: FTS5 on SQLite, a
GIN-indexed tsvector on PostgreSQL), in one query. Then:

- up to LIST_MAX matching events (a rare or a common word): their ids;
- all but up to LIST_MAX events (a word in nearly every event): the ids of
  those that do not match, from the same query;
- anything between: the match as a subquery of each statement (about 30 ms
  for 50,000 matching events on SQLite).

So a word in every event costs what a rare one does. Handed a subquery,
PostgreSQL's planner guessed a few matches and walked every coming
occurrence (2 s at 100,000 events, for a word in 8 of them); handed the ids,
it reads them by index.
"""

from django.db.models import Q

from core import search

LIST_MAX = 1000


def event_filter(
    terms: str, live_events, field: str = "event_id", list_max: int = LIST_MAX
) -> Q:
    """A filter on `field` (an event id) for the events of `live_events`
    (a queryset of live events) whose text matches `terms`; up to `list_max`
    ids are given as a list."""
    if not terms:
        return Q(pk__in=[])
    models = [live_events.model]
    if not search.own_table():
        matched = live_events.search(terms, order_by_relevance=False)
        return Q(**{f"{field}__in": matched.get_queryset().order_by().values("pk")})
    ids, others = search.match_ids(terms, models, limit=list_max + 1)
    if len(ids) <= list_max:
        return Q(**{f"{field}__in": ids})
    if len(others) <= list_max:
        return ~Q(**{f"{field}__in": others})
    return Q(**{f"{field}__in": search.match_subquery(terms, models)})
