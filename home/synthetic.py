"""Synthetic events in bulk, for benchmarks (`load_demo --events N`,
`bench_events`): one-off events spread over the demo's regency folders.
"""

import random
from datetime import time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backends

from core.search import rebuild_text
from events.models import (
    EventCategory,
    EventFolderPage,
    EventPage,
    Occurrence,
    RegencyYearCount,
    Venue,
    refresh_statistics,
)
from events.pictures import ensure_fallback
from events.publishing import occurrence_rows
from events.records import render_ical
from events.versions import calendar_changed

from .demo.data import DemoDataError


def generate_events(count: int, seed: int = 2027, stdout=None) -> int:
    """Add `count` synthetic one-off events in bulk (for benchmarks).

    Pages are inserted with their tree paths computed here rather than one
    `add_child` and revision per page, which would take hours at 100,000.
    """
    if count <= 0:
        return 0
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    # Indonesian folders only: synthetic events are untranslated originals, and
    # every one of them belongs in the province feed being measured.
    folders = list(
        EventFolderPage.objects.filter(
            regency__isnull=False, locale=Locale.get_default()
        ).select_related("regency", "locale")
    )
    if not folders:
        raise DemoDataError("load the demo province before generating events")
    venues = list(Venue.objects.all())
    categories = EventCategory.values
    today = timezone.localdate()
    created = 0
    batch = 1000
    # Continue the numbering so a second call adds events instead of clashing slugs.
    numbered = EventPage.objects.filter(slug__startswith="acara-contoh-").count()
    for folder in folders:
        folder.refresh_from_db()
    while created < count:
        n = min(batch, count - created)
        with transaction.atomic():
            pages_by_folder: dict[int, list[EventPage]] = {}
            for i in range(n):
                folder = folders[(created + i) % len(folders)]
                start = today + timedelta(days=rng.randint(-60, 365))
                number = numbered + created + i + 1
                page = EventPage(
                    title=f"Acara contoh {number}",
                    slug=f"acara-contoh-{number}",
                    summary=f"Acara contoh nomor {number} di {folder.regency.short_name} untuk uji kinerja.",
                    description="<p>Acara contoh untuk uji kinerja.</p>",
                    category=rng.choice(categories),
                    start_date=start,
                    start_time=time(rng.choice([8, 9, 14, 19]), 0),
                    end_time=time(21, 30),
                    venue=rng.choice(venues) if venues else None,
                    is_free=rng.random() < 0.7,
                    price="Rp20.000",
                    locale_id=folder.locale_id,
                    regency=folder.regency,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=timezone.now(),
                    last_published_at=timezone.now(),
                )
                pages_by_folder.setdefault(folder.pk, []).append(page)
            occurrences = []
            for folder in folders:
                pages = pages_by_folder.get(folder.pk, [])
                for page in pages:
                    page.schedule_fingerprint = page.compute_fingerprint(exceptions=[])
                    # The stored VEVENT text that feeds join (events.publishing).
                    page.url_path = f"{folder.url_path}{page.slug}/"
                    page.locale = folder.locale
                    page.ical_component = render_ical(
                        page, uid=page.uid, tags=[], exceptions=[]
                    )
                if pages:
                    bulk_add_children(folder, pages)
                    search_index(pages)
                for page in pages:
                    occurrences.extend(occurrence_rows(page, exceptions=[]))
            Occurrence.objects.bulk_create(occurrences, batch_size=2000)
        created += n
        if stdout is not None:
            stdout.write(f"  {created}/{count} events")
    rebuild_text()
    RegencyYearCount.forget()
    calendar_changed()
    refresh_statistics()
    # Their feeds and shared links show the drawn picture of their category.
    for folder in folders:
        for category in categories:
            ensure_fallback(category, folder.regency)
    return created


def search_index(pages: list[EventPage]) -> None:
    """Add the pages to the search index in one batch, as publishing would
    one by one: search is measured on a database that finds them."""
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(EventPage, pages)


def bulk_add_children(parent: Page, pages: list[EventPage]) -> None:
    """Insert pages as the last children of `parent` without one save each."""
    parent.refresh_from_db()
    content_type = ContentType.objects.get_for_model(EventPage)
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    for page in pages:
        step += 1
        page.path = Page._get_path(parent.path, parent.depth + 1, step)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.draft_title = page.title
    base_fields = list(Page._meta.concrete_fields)
    Page.objects.bulk_create([_as_base_page(p, base_fields) for p in pages])
    paths = {p.path: p for p in pages}
    for pk, path in Page.objects.filter(path__in=paths).values_list("pk", "path"):
        paths[path].pk = paths[path].id = paths[path].page_ptr_id = pk
    local_fields = list(EventPage._meta.local_concrete_fields)
    # bulk_create refuses multi-table models; insert the child rows directly.
    EventPage.objects.all()._batched_insert(pages, local_fields, batch_size=500)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    parent.numchild += len(pages)


def _as_base_page(page: EventPage, fields) -> Page:
    base = Page()
    for f in fields:
        if f.primary_key:
            continue
        setattr(base, f.attname, getattr(page, f.attname))
    return base
