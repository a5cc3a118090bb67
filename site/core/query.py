"""Query helpers for pages that several apps list."""

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
