"""Query helpers for pages that several apps list."""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length, Substr

from wagtail.models import PageViewRestriction


def not_restricted(path_field: str = "path") -> Q:
    """A filter keeping pages outside every view restriction (private,
    password, groups): no restriction sits on the page at `path_field` or an
    ancestor, whose path is a prefix of it. It is a subquery of the listing's
    own query, where Wagtail's `public()` first reads all restrictions."""
    restricted = PageViewRestriction.objects.annotate(
        prefix_length=Length("page__path")
    ).filter(page__path=Substr(OuterRef(path_field), 1, F("prefix_length")))
    return Q(~Exists(restricted))


def analyze(*models, using: str = DEFAULT_DB_ALIAS) -> None:
    """Have the database gather its planner's statistics of these models'
    tables (`ANALYZE`). PostgreSQL's autovacuum does so as tables change;
    SQLite never does unless told, and without them its planner cannot tell
    a rare search word or a rare kind of occurrence from a common one: at
    100,000 events, the calendar's search for a rare word read every
    occurrence to come (354 ms) instead of those of the few events it
    matched (1 ms). Only the tables named: statistics for Wagtail's page
    tree make SQLite scan it to check view restrictions (+20 ms a page)."""
    with connections[using].cursor() as cursor:
        for model in models:
            cursor.execute(
                f"ANALYZE {connections[using].ops.quote_name(model._meta.db_table)}"
            )


def analyze_all(using: str = DEFAULT_DB_ALIAS) -> None:
    """Statistics of every table (`ANALYZE` of the whole database): for
    PostgreSQL, where they help every plan and autovacuum may lag."""
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")
