"""The calendar's search: the live events whose text has a visitor's words,
as a filter on event ids that every statement of a page shares.

The words are matched once per request, before the statements are built: on
SQLite in the site's own FTS5 table (core.search), in one query; on
PostgreSQL by Wagtail's backend through its GIN indexes, in two. Then:

- up to LIST_MAX matching events (a rare or a common word): their ids;
- all but up to LIST_MAX events (a word in nearly every event): the ids of
  those that do not match, from the same table in one FTS5 query;
- anything between: the FTS5 query as a subquery of each statement (about
  30 ms for 50,000 matching events on SQLite).

So a word in every event costs what a rare one does. Handed a subquery,
PostgreSQL's planner guessed a few matches and walked every coming
occurrence (2 s at 100,000 events, for a word in 8 of them); handed the ids,
it reads them by index.
"""

from django.db.models import Q
from django.db.models.expressions import RawSQL

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
    if search.own_table():
        models = [live_events.model]
        expression = search.match_expression(terms, models)
        ids, others = search.match_ids(
            expression,
            search.match_expression(terms, models, invert=True),
            limit=list_max + 1,
        )
        sql, params = search.match_subquery(expression)
        # A constant statement; the words are its parameter.
        subquery = RawSQL(sql, params)  # noqa: S611
    else:
        subquery = search.matching(live_events, terms).values("pk")
        ids = list(subquery.values_list("pk", flat=True)[: list_max + 1])
        others = list(
            live_events.exclude(pk__in=subquery)
            .order_by()
            .values_list("pk", flat=True)[: list_max + 1]
        )
    if len(ids) <= list_max:
        return Q(**{f"{field}__in": ids})
    if len(others) <= list_max:
        return ~Q(**{f"{field}__in": others})
    return Q(**{f"{field}__in": subquery})
