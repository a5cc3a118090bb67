"""Full-text search: visitors' input made safe for the search backends, and
matches found by the database, never as a list of every match in Python.

The live pages' text is kept in a table of the site's own, keyed by the
page's id, with its content type (its kind):

- on SQLite an FTS5 table, `search_text`, the kind a word of its `kind`
  column;
- on PostgreSQL `search_vector` (`PageText`): the title and text as one
  `tsvector` under a GIN index.

Wagtail's own table is keyed by index entry, with a title, a text and an
autocomplete vector per row. Reaching 100,000 events from it meant looking
100,000 entries up by key in every statement of a page (120 ms each on
SQLite), and PostgreSQL read each matching entry's wide row twice (1 s for a
word in every event). Here one query narrows by kind and words at once
(`match_ids`, `match_subquery`, `ranked_ids`). The rows are the text Wagtail
indexed when the page was saved, copied when it is published and dropped
when it is unpublished or deleted (`register`); `rebuild_text` writes them
all again (the bulk loaders, and the daily occurrence refresh in case
anything went round the signals).
"""

import re
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F, IntegerField, Value
from django.db.models.expressions import RawSQL

from wagtail.search.backends import get_search_backend

from modelsearch.backends.database.postgres.query import Lexeme

from .models import PageText

# ts_rank's weights of lexemes D, C, B and A: the title (A) counts twice.
TITLE_TWICE = [0.5, 0.5, 0.5, 1.0]
_NOT_A_WORD = re.compile(r"[^\w\s-]+")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def search_terms(query: str) -> str:
    """The words of a visitor's query, without the punctuation and control
    characters that full-text backends read as syntax: a lone `"` is an
    unterminated string to SQLite FTS5, and PostgreSQL refuses NUL bytes.
    Both used to turn a search into a server error, and so did a query of
    hyphens only on PostgreSQL (no word left to look for): a word keeps its
    hyphens, hyphens alone are dropped."""
    words = _NOT_A_WORD.sub(" ", query.replace("\x00", " ")).split()
    return " ".join(word for word in words if _LETTER_OR_DIGIT.search(word))


def own_table() -> bool:
    """Whether this database keeps the live pages' text in a table of the
    site's own: PostgreSQL, and SQLite with FTS5 (the migration creates it
    there and nowhere else)."""
    if connection.vendor == "postgresql":
        return True
    return connection.vendor == "sqlite" and _fts5()


def _postgres() -> bool:
    return connection.vendor == "postgresql"


@cache
def _fts5() -> bool:
    from modelsearch.backends.database.sqlite.utils import fts5_available

    return fts5_available()


def _kind_ids(models) -> list[int]:
    """The content type ids of these page models (each model's own pages)."""
    types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    return sorted(t.pk for t in types.values())


def _kinds(models) -> str:
    """The `kind` words of these page models in `search_text`."""
    return " OR ".join(f"t{pk}" for pk in _kind_ids(models)) or "none"


def match_expression(terms: str, models, invert: bool = False) -> str:
    """The FTS5 query for live pages of `models` whose title or text has
    every word of `terms` (search_terms: words and hyphens only), as
    Wagtail's backend asks it of its own table; or, `invert`, those that do
    not."""
    words = " ".join(f'"{word}"' for word in terms.split())
    kind = f"kind : ({_kinds(models)})"
    if invert:
        return f"{kind} NOT ({{title body}} : ({words}))"
    return f"{kind} AND ({{title body}} : ({words}))"


def _tsquery(terms: str) -> SearchQuery:
    """Every word of `terms`, as Wagtail's PostgreSQL backend asks it of its
    own entries (words split at spaces and hyphens, none a prefix)."""
    words = [word for word in re.split(r"[\s\-]+", terms) if word]
    lexemes = Lexeme(words[-1])
    for word in words[:-1]:
        lexemes &= Lexeme(word)
    return SearchQuery(lexemes, search_type="raw", config=get_search_backend().config)


def _vectors(terms: str, models, invert: bool = False):
    rows = PageText.objects.filter(kind__in=_kind_ids(models))
    if invert:
        return rows.exclude(text=_tsquery(terms))
    return rows.filter(text=_tsquery(terms))


def match_ids(terms: str, models, limit: int) -> tuple[list[int], list[int]]:
    """The ids of up to `limit` live pages of `models` whose text has every
    word of `terms`, and of up to `limit` that do not: in one statement, so
    a page asks the same number of queries whatever they find."""
    found = ([], [])
    if _postgres():
        parts = [
            _vectors(terms, models, invert)
            .order_by()
            .annotate(n=Value(int(invert), output_field=IntegerField()))
            .values_list("n", "page_id")[:limit]
            for invert in (False, True)
        ]
        rows = parts[0].union(parts[1], all=True)
    else:
        part = (
            "SELECT * FROM (SELECT %s, rowid FROM search_text "
            "WHERE search_text MATCH %s LIMIT %s)"
        )
        params = []
        for invert in (False, True):
            params += [int(invert), match_expression(terms, models, invert), limit]
        with connection.cursor() as cursor:
            cursor.execute(f"{part} UNION ALL {part}", params)
            rows = cursor.fetchall()
    for n, pk in rows:
        found[n].append(pk)
    return found


def match_subquery(terms: str, models):
    """The ids of the live pages of `models` whose text has every word of
    `terms`, as a subquery for `pk__in`."""
    if _postgres():
        return _vectors(terms, models).values("page_id")
    # A constant statement; the words are its parameter.
    return RawSQL(
        "SELECT rowid FROM search_text WHERE search_text MATCH %s",
        [match_expression(terms, models)],
    )


def ranked_ids(terms: str, models) -> list[int]:
    """The live pages of `models` matching `terms`, best first, the title
    counting twice the text as in Wagtail's backend (BM25 on SQLite, the
    title's lexemes weighted A on PostgreSQL)."""
    if _postgres():
        rank = SearchRank(F("text"), _tsquery(terms), weights=TITLE_TWICE)
        return list(
            _vectors(terms, models)
            .annotate(rank=rank)
            .order_by("-rank", "page_id")
            .values_list("page_id", flat=True)
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM search_text WHERE search_text MATCH %s "
            "ORDER BY bm25(search_text, 2.0, 1.0, 0.0), rowid",
            [match_expression(terms, models)],
        )
        return [row[0] for row in cursor.fetchall()]


def ranked(queryset, terms: str, models) -> list:
    """The pages of `queryset` (of the page `models`) matching `terms`, best
    first, from the site's own table, narrowed to the models' kinds in the
    same query (Wagtail's backend where there is none)."""
    if not own_table():
        return list(queryset.search(terms))
    ids = ranked_ids(terms, models)
    rank = {pk: n for n, pk in enumerate(ids)}
    return sorted(queryset.filter(pk__in=ids), key=lambda page: rank[page.pk])


# Page first, then its entry by key (CROSS JOIN fixes that order in SQLite:
# the other way round, its planner looked every page of the content type up
# for each entry, and a rebuild at 100,000 events ran for minutes, not 0.5 s).
_COPY = {
    "sqlite": (
        "INSERT INTO search_text(rowid, title, body, kind) "
        "SELECT p.id, e.title, COALESCE(e.body, ''), 't' || e.content_type_id "
        "FROM wagtailcore_page p CROSS JOIN wagtailsearch_indexentry e "
        "ON e.content_type_id = p.content_type_id "
        "AND e.object_id = CAST(p.id AS TEXT) AND p.live"
    ),
    "postgresql": (
        "INSERT INTO search_vector(page_id, kind, text) "
        "SELECT p.id, e.content_type_id, "
        "setweight(COALESCE(e.title, ''::tsvector), 'A') "
        "|| COALESCE(e.body, ''::tsvector) "
        "FROM wagtailcore_page p JOIN wagtailsearch_indexentry e "
        "ON e.content_type_id = p.content_type_id "
        "AND e.object_id = CAST(p.id AS TEXT) AND p.live"
    ),
}
_FORGET = {
    "sqlite": "DELETE FROM search_text WHERE rowid = %s",
    "postgresql": "DELETE FROM search_vector WHERE page_id = %s",
}
_CLEAR = {
    "sqlite": "DELETE FROM search_text",
    "postgresql": "DELETE FROM search_vector",
}
_COUNT = {
    "sqlite": "SELECT count(*) FROM search_text",
    "postgresql": "SELECT count(*) FROM search_vector",
}


def store_text(page) -> None:
    """Keep the page's text, as Wagtail indexed it when the page was saved,
    if the page is live; drop it otherwise."""
    if not own_table():
        return
    forget_text([page.pk])
    with connection.cursor() as cursor:
        cursor.execute(_COPY[connection.vendor] + " WHERE p.id = %s", [page.pk])


def forget_text(page_ids) -> None:
    if not own_table():
        return
    ids = [int(pk) for pk in page_ids]
    with connection.cursor() as cursor:
        cursor.executemany(_FORGET[connection.vendor], [(pk,) for pk in ids])


def rebuild_text() -> int:
    """Write every live page's text again from Wagtail's index (about 1 s
    for 100,000 events). Returns how many pages it holds."""
    if not own_table():
        return 0
    vendor = connection.vendor
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_CLEAR[vendor])
        cursor.execute(_COPY[vendor])
        cursor.execute(_COUNT[vendor])
        return cursor.fetchone()[0]


# Kept by Wagtail's page signals: whatever published, unpublished or deleted
# the page (the editor, a workflow's approval, scheduled publishing, a move).


def _published(sender, instance, **kwargs) -> None:
    store_text(instance)


def _gone(sender, instance, **kwargs) -> None:
    forget_text([instance.pk])


def register() -> None:
    from django.db.models.signals import post_delete

    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(_published, dispatch_uid="core.search.published")
    page_unpublished.connect(_gone, dispatch_uid="core.search.unpublished")
    post_delete.connect(_gone, sender=Page, dispatch_uid="core.search.deleted")
