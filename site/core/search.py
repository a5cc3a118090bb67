"""Full-text search: visitors' input made safe for the search backends, and
matches found by the database, never as a list of every match in Python.

PostgreSQL matches with Wagtail's database backend, reading its index
entries through their GIN indexes (`matching`).

On SQLite the live pages' text is also kept in an FTS5 table of its own,
`search_text`, keyed by the page's id, with its content type as a word of
the `kind` column. Wagtail's own FTS table is keyed by index entry: reaching
100,000 events from it meant looking 100,000 entries up by key in every
statement of a page (120 ms each), and a site search for pages that are not
events matched every event first. Here one FTS5 query narrows by kind and
words at once (`match_ids`, `ranked_ids`). The rows are the text Wagtail
indexed when the page was saved, copied when it is published and dropped when
it is unpublished or deleted (`register`); `rebuild_text` writes them all
again (the bulk loaders, and the daily occurrence refresh in case anything
went round the signals).
"""

import re
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, transaction
from django.db.models import ExpressionWrapper, F, IntegerField, Q
from django.db.models.functions import Cast

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
    use as a subquery: on PostgreSQL read from the index entries through
    their GIN indexes (`_postgres_entries`); elsewhere as Wagtail's backend
    asks it (on SQLite the calendar reads `search_text` instead)."""
    if not terms:
        return queryset.none()
    results = queryset.search(terms, order_by_relevance=False)
    entries = _postgres_entries(results, terms)
    if entries is not None:
        return queryset.filter(pk__in=entries)
    return results.get_queryset().order_by()


def _postgres_entries(results, terms: str):
    """On PostgreSQL, the ids of the matching rows, read from the index
    entries through their GIN indexes: entries with any of the words in
    their title or text (two index scans), then those whose title and text
    together have all of them, as Wagtail's backend asks. The backend's own
    statement joins every entry of the model to its rows first (180 ms for a
    rare word at 100,000 events). None when the backend is another."""
    compiler = results.query_compiler
    if type(compiler).__name__ != "PostgresSearchQueryCompiler":
        return None
    config = results.backend.config
    every = compiler.build_tsquery(PlainText(terms, operator="and"), config=config)
    some = compiler.build_tsquery(PlainText(terms, operator="or"), config=config)
    both = ExpressionWrapper(
        F("title")._combine(F("body"), "||", False), output_field=SearchVectorField()
    )
    entries = (
        search_models.IndexEntry.objects.filter(
            content_type_id__in=get_descendants_content_types_pks(
                compiler.queryset.model
            )
        )
        .filter(Q(title=some) | Q(body=some))
        .annotate(pk_value=Cast("object_id", IntegerField()))
    )
    if len(terms.split()) > 1:
        # One word is in the title or the text; several may be split.
        entries = entries.annotate(text=both).filter(text=every)
    return entries.values("pk_value")


# The site's own FTS5 table (SQLite).


def own_table() -> bool:
    """Whether this database keeps the live pages' text in `search_text`: SQLite
    with FTS5, where the migration creates it (and nowhere else)."""
    return connection.vendor == "sqlite" and _fts5()


@cache
def _fts5() -> bool:
    from modelsearch.backends.database.sqlite.utils import fts5_available

    return fts5_available()


def _kinds(models) -> str:
    """The `kind` words of these page models (each model's own pages)."""
    types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    return " OR ".join(sorted(f"t{t.pk}" for t in types.values())) or "none"


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


def match_ids(*expressions: str, limit: int) -> list[list[int]]:
    """For each FTS5 query, the ids of up to `limit` pages it matches: in one
    statement, so a page asks the same number of queries whatever they find."""
    part = (
        "SELECT * FROM (SELECT %s, rowid FROM search_text "
        "WHERE search_text MATCH %s LIMIT %s)"
    )
    params = []
    for n, expression in enumerate(expressions):
        params += [n, expression, limit]
    found = [[] for _ in expressions]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([part] * len(expressions)), params)
        for n, pk in cursor.fetchall():
            found[n].append(pk)
    return found


def match_subquery(expression: str) -> tuple[str, list]:
    return "SELECT rowid FROM search_text WHERE search_text MATCH %s", [expression]


def ranked_ids(terms: str, models) -> list[int]:
    """The live pages of `models` matching `terms`, best first (BM25, the
    title counting twice the text, as in Wagtail's backend)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM search_text WHERE search_text MATCH %s "
            "ORDER BY bm25(search_text, 2.0, 1.0, 0.0), rowid",
            [match_expression(terms, models)],
        )
        return [row[0] for row in cursor.fetchall()]


def ranked(queryset, terms: str, models) -> list:
    """The pages of `queryset` (of the page `models`) matching `terms`, best
    first: on SQLite from `search_text`, narrowed to the models' kinds in the same
    FTS5 query; elsewhere through Wagtail's backend."""
    if not own_table():
        return list(queryset.search(terms))
    ids = ranked_ids(terms, models)
    rank = {pk: n for n, pk in enumerate(ids)}
    return sorted(queryset.filter(pk__in=ids), key=lambda page: rank[page.pk])


# Page first, then its entry by key (CROSS JOIN fixes that order in SQLite:
# the other way round, its planner looked every page of the content type up
# for each entry, and a rebuild at 100,000 events ran for minutes, not 0.5 s).
_COPY = (
    "INSERT INTO search_text(rowid, title, body, kind) "
    "SELECT p.id, e.title, COALESCE(e.body, ''), 't' || e.content_type_id "
    "FROM wagtailcore_page p CROSS JOIN wagtailsearch_indexentry e "
    "ON e.content_type_id = p.content_type_id AND e.object_id = CAST(p.id AS TEXT) "
    "AND p.live"
)


def store_text(page) -> None:
    """Keep the page's text, as Wagtail indexed it when the page was saved,
    if the page is live; drop it otherwise."""
    if not own_table():
        return
    forget_text([page.pk])
    with connection.cursor() as cursor:
        cursor.execute(_COPY + " WHERE p.id = %s", [page.pk])


def forget_text(page_ids) -> None:
    if not own_table():
        return
    ids = [int(pk) for pk in page_ids]
    with connection.cursor() as cursor:
        cursor.executemany(
            "DELETE FROM search_text WHERE rowid = %s", [(pk,) for pk in ids]
        )


def rebuild_text() -> int:
    """Write every live page's text again from Wagtail's index (about 1 s
    for 100,000 events). Returns how many pages it holds."""
    if not own_table():
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_text")
        cursor.execute(_COPY)
        cursor.execute("SELECT count(*) FROM search_text")
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
