"""Full-text search: visitors' input made safe for the search backends, and
matches found by the database as a subquery, never as a list in Python."""

import re

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
    # The database backends' results are a queryset underneath; ordering is
    # the caller's (the calendar's is by date).
    return results.get_queryset().order_by()
