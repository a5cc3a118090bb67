"""Full-text search: visitors' input made safe for the search backends, and
matches found by the database as a subquery, never as a list in Python."""

import re
import sys

from wagtail.search import models as search_models

from modelsearch.query import PlainText
from modelsearch.utils import get_descendants_content_types_pks

_NOT_A_WORD = re.compile(r"[^\w\s-]+")


def search_terms(query: str) -> str:
    """The words of a visitor's query, without the punctuation and control
    characters that full-text backends read as syntax: a lone `"` is an
    unterminated string to SQLite FTS5, and PostgreSQL refuses NUL bytes.
    Both used to turn a search into a server error."""
    return " ".join(_NOT_A_WORD.sub(" ", query.replace("\x00", " ")).split())


def matching(queryset, terms: str):
    """`queryset` narrowed to the rows whose search index entry matches
    `terms`, unranked, as a queryset the caller can filter, count, page or
    use as a subquery. Wagtail's database backend matches with PostgreSQL's
    full-text search (GIN indexes on the index entries) or SQLite's FTS5
    table, inside the same SQL statement: a query that matches every event
    costs the database a join, not a list of 100,000 ids in Python."""
    if not terms:
        return queryset.none()
    results = queryset.search(terms, order_by_relevance=False)
    entries = _fts5_entries(results.query_compiler)
    if entries is not None:
        return queryset.filter(pk__in=entries)
    # PostgreSQL: the backend's results are a queryset underneath, filtered
    # through the GIN indexes; ordering is the caller's (the calendar's is by
    # date).
    return results.get_queryset().order_by()


def _fts5_entries(compiler):
    """On SQLite, the matching index entries' object ids, FTS5 first: the
    backend's own statement joins the entries of the model's content types to
    the FTS table, and SQLite then runs the MATCH once per entry (122 ms for
    a rare word at 10,000 events, in every query of a page). Asked the other
    way round, the MATCH runs once and the entries are looked up by key
    (3.5 ms). None when the backend is not SQLite's FTS5 one."""
    fts = getattr(search_models, "SQLiteFTSIndexEntry", None)
    if fts is None or type(compiler).__name__ != "SQLiteSearchQueryCompiler":
        return None
    # The backend's module (loaded by Wagtail once the apps are ready) has
    # the pieces that write FTS5's query syntax.
    backend = sys.modules[type(compiler).__module__]
    query = backend.normalize(compiler.query)
    if not isinstance(query, PlainText):
        return None
    match = backend.MatchExpression(
        compiler.fields or compiler.FTS_TABLE_FIELDS,
        compiler.build_search_query(query),
    )
    return search_models.IndexEntry.objects.filter(
        id__in=fts.objects.filter(match).values("index_entry_id"),
        content_type_id__in=get_descendants_content_types_pks(compiler.queryset.model),
    ).values("object_id")
