"""The printable Calendar of Events: a PDF booklet of the year, laid out by
WeasyPrint from an HTML template and a print stylesheet.

A booklet is never built in a visitor's request. The background run
(`python manage.py build_booklet --stale`, from cron every few minutes) builds
the booklets that may be out of date: those checked against an older calendar
version (events.versions, bumped by every publish, unpublish, move or
deletion) and those a visitor asked for that do not exist yet. It compares a
fingerprint of everything a booklet shows and lays it out again only when
that changed. Visitors get the last good copy (`StoredBooklet`), named by its
date, or a page saying it is being prepared.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, HttpResponseNotAllowed
from django.template.loader import get_template
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.http import http_date
from django.utils.translation import gettext as _

from wagtail.models import Site

from core.models import OrganisationSettings

from . import annual
from .models.booklets import StoredBooklet
from .models.occurrences import Occurrence
from .versions import version_row

TEMPLATE = "events/booklet.html"
# What TEMPLATE includes: a change to one of them changes the booklet too.
INCLUDED_TEMPLATES = ("components/year_entry.html",)
STYLESHEET = "css/booklet.css"
STORAGE_DIR = "booklets"
PAGE_PROGRESS_EVERY = 10
# What a visitor who finds no booklet yet is told to wait, in seconds: about
# one background run (site/deploy/crontab).
RETRY_AFTER = 300

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BookletData:
    """Everything one booklet shows."""

    year: int
    language: str
    entries: tuple[annual.YearEntry, ...]
    months: tuple[annual.MonthSection, ...]
    programmes: tuple[annual.Programme, ...]
    index: tuple[annual.IndexGroup, ...]
    organisation: tuple[str, str, str, str]
    calendar_url: str
    # The year's events in all: more than the booklet prints when the year
    # holds more than settings.BOOKLET_MAX_EVENTS.
    total_events: int = 0

    @property
    def event_count(self) -> int:
        """The events printed."""
        return len({entry.event_id for entry in self.entries})

    @property
    def left_out(self) -> int:
        """The year's events not printed (they are on the online calendar)."""
        return max(0, self.total_events - self.event_count)

    @property
    def major_count(self) -> int:
        """The events printed month by month (not as anjungan programmes)."""
        return self.event_count - len(self.programmes)


def collect(year: int, language: str, calendar_url: str = "") -> BookletData:
    """Read the year's public events in `language` (a constant number of
    queries); `calendar_url` is the calendar's address printed on the cover.
    Every event up to settings.BOOKLET_MAX_EVENTS; above, the major events
    and the anjungan programmes (events.annual), and how many are left out."""
    with translation.override(language):
        occurrences = Occurrence.objects.visible(language).in_year(year)
        total = annual.year_counts(occurrences, year).events
        if total > settings.BOOKLET_MAX_EVENTS:
            occurrences = annual.major_or_series(occurrences)
        entries = annual.year_entries(occurrences)
        programmes = annual.programmes_of(entries)
        months = tuple(
            m
            for m in annual.month_sections(year, entries)
            if m.dated or m.to_be_announced
        )
        index = tuple(annual.regency_index(entries, programmes))
    site = Site.objects.filter(is_default_site=True).first()
    organisation = OrganisationSettings.for_site(site) if site else None
    return BookletData(
        year=year,
        language=language,
        entries=tuple(entries),
        months=months,
        programmes=tuple(programmes),
        index=index,
        organisation=(
            organisation.organisation_name,
            organisation.address,
            organisation.email,
            organisation.phone,
        )
        if organisation
        else ("", "", "", ""),
        calendar_url=calendar_url,
        total_events=total,
    )


def _template_paths() -> list[Path]:
    return [
        Path(get_template(name).origin.name) for name in (TEMPLATE, *INCLUDED_TEMPLATES)
    ]


def _stylesheet_path() -> Path:
    found = finders.find(STYLESHEET)
    if not found:
        raise FileNotFoundError(STYLESHEET)
    return Path(found)


def fingerprint(data: BookletData) -> str:
    """Changes whenever anything printed in the booklet changes, including
    its template and stylesheet."""
    digest = hashlib.sha256()
    digest.update(repr(data).encode())
    for path in _template_paths():
        digest.update(path.read_bytes())
    digest.update(_stylesheet_path().read_bytes())
    return digest.hexdigest()


def render_html(data: BookletData) -> str:
    with translation.override(data.language):
        return get_template(TEMPLATE).render(
            {
                "data": data,
                "year": data.year,
                "language": data.language,
                "months": data.months,
                "programmes": data.programmes,
                "index": data.index,
                "organisation_name": data.organisation[0],
                "organisation_address": data.organisation[1],
                "organisation_email": data.organisation[2],
                "organisation_phone": data.organisation[3],
                "calendar_url": data.calendar_url,
                "updated": timezone.localdate(),
            }
        )


class _ProgressHandler(logging.Handler):
    """Passes WeasyPrint's progress steps on, one line per few pages."""

    def __init__(self, progress: Progress):
        super().__init__(logging.INFO)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "Creating layout - Page" in message:
            number = message.rsplit(" ", 1)[-1]
            if not number.isdigit() or int(number) % PAGE_PROGRESS_EVERY:
                return
            message = _("laid out %(pages)s pages") % {"pages": number}
        elif "Repagination" in message:
            message = _("laying out again for the page numbers of the contents")
        elif "Step" in message and " - " in message:
            message = message.split(" - ", 1)[1].split(" - ")[0]
        else:
            return
        self.progress(f"  {message}")


def _import_weasyprint():
    """WeasyPrint, imported without its process-wide side effect: importing it
    sets Pillow's LOAD_TRUNCATED_IMAGES, which would let a web worker that
    once built a booklet accept truncated image uploads. The booklet has no
    raster images, so Pillow's default is put back."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    import weasyprint

    ImageFile.LOAD_TRUNCATED_IMAGES = before
    return weasyprint


def write_pdf(html: str, progress: Progress | None = None) -> tuple[bytes, int]:
    """Lay out the booklet's HTML; returns the PDF and its page count."""
    weasyprint = _import_weasyprint()

    logger = logging.getLogger("weasyprint.progress")
    handler = _ProgressHandler(progress) if progress else None
    previous_level = logger.level
    if handler:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    try:
        document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render(
            stylesheets=[weasyprint.CSS(filename=str(_stylesheet_path()))]
        )
        pdf = document.write_pdf()
    finally:
        if handler:
            logger.removeHandler(handler)
            logger.setLevel(previous_level)
    return pdf, len(document.pages)


def build_booklet(
    year: int,
    language: str | None = None,
    progress: Progress | None = None,
    calendar_url: str = "",
) -> bytes:
    """The booklet of `year` as PDF bytes, built now (no cache). This is the
    entry point for benchmarks."""
    language = language or settings.LANGUAGE_CODE
    data = collect(year, language, calendar_url)
    pdf, _pages = write_pdf(render_html(data), progress)
    return pdf


# The stored copy.


def _prefix(year: int, language: str) -> str:
    return f"calendar-of-events-{year}-{language}-"


def storage_name(year: int, language: str, content_fingerprint: str) -> str:
    return (
        f"{STORAGE_DIR}/{year}/{_prefix(year, language)}{content_fingerprint[:24]}.pdf"
    )


def _stored_versions(year: int, language: str) -> list[str]:
    directory = f"{STORAGE_DIR}/{year}"
    try:
        _dirs, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return []
    prefix = _prefix(year, language)
    return [f"{directory}/{name}" for name in files if name.startswith(prefix)]


def ensure_booklet(
    year: int,
    language: str | None = None,
    progress: Progress | None = None,
    force: bool = False,
    calendar_url: str = "",
) -> StoredBooklet:
    """The year's up-to-date booklet, built and stored first if its content
    changed since the last build (or if `force`). Run in the background
    only (the build_booklet command)."""
    language = language or settings.LANGUAGE_CODE
    say = progress or (lambda message: None)
    # Read before the events: a change made while building leaves the
    # booklet marked as needing another look.
    version = version_row()[0]
    say(_("Collecting the events of %(year)s…") % {"year": year})
    data = collect(year, language, calendar_url)
    say(
        _("%(events)s events, %(programmes)s anjungan programmes, %(months)s months")
        % {
            "events": data.event_count,
            "programmes": len(data.programmes),
            "months": len(data.months),
        }
    )
    copy, _created = StoredBooklet.objects.get_or_create(year=year, language=language)
    name = storage_name(year, language, fingerprint(data))
    if copy.name == name and default_storage.exists(name) and not force:
        say(_("Unchanged since the last build: %(name)s") % {"name": name})
    else:
        copy.name, copy.pages, copy.size = _store(data, name, say)
        copy.built_at = timezone.now()
    copy.checked_version = version
    copy.save()
    return copy


def _store(data: BookletData, name: str, say: Progress) -> tuple[str, int, int]:
    """Lay the booklet out and store it under `name`, replacing the older
    copies once it is stored; returns the name, pages and size."""
    say(_("Laying out the pages…"))
    pdf, pages = write_pdf(render_html(data), say)
    if default_storage.exists(name):
        default_storage.delete(name)
    stored = default_storage.save(name, ContentFile(pdf))
    say(
        _("Stored %(name)s: %(pages)s pages, %(size)s KB")
        % {"name": stored, "pages": pages, "size": len(pdf) // 1024}
    )
    for old in _stored_versions(data.year, data.language):
        if old != stored:
            default_storage.delete(old)
    return stored, pages, len(pdf)


def stale(years: tuple[int, ...] = (), every: bool = False) -> list[StoredBooklet]:
    """The booklets the background run should look at: each one checked
    against an older calendar version or never built (or, with `every`, all),
    and those of `years` (the planning year) in every language, created when
    missing."""
    for year in years:
        for language, _name in settings.LANGUAGES:
            StoredBooklet.objects.get_or_create(year=year, language=language)
    copies = StoredBooklet.objects.order_by("year", "language")
    if not every:
        copies = copies.filter(Q(checked_version__lt=version_row()[0]) | Q(name=""))
    return list(copies)


def serve_booklet(request, year: int, calendar):
    """GET: the year's last built booklet as a PDF download, named by its
    date; never built here. Without one yet, a page saying it is being
    prepared, and the year is put on the background run's list.
    `calendar` is the calendar page serving it (for the year view's link)."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    language = translation.get_language() or settings.LANGUAGE_CODE
    copy = StoredBooklet.objects.built(year, language)
    if copy is not None:
        if default_storage.exists(copy.name):
            return _pdf_response(copy)
        # The file went missing (storage restored without it, deleted by
        # hand): forget it, so the background run builds it again.
        StoredBooklet.objects.filter(pk=copy.pk).update(name="")
    StoredBooklet.objects.get_or_create(year=year, language=language)
    response = TemplateResponse(
        request,
        "events/booklet_pending.html",
        {
            "page": calendar,
            "year": year,
            "year_url": calendar.get_url(request)
            + calendar.reverse_subpage("year", args=[year]),
        },
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def _pdf_response(copy: StoredBooklet) -> FileResponse:
    built = timezone.localdate(copy.built_at)
    response = FileResponse(
        default_storage.open(copy.name, "rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"agenda-lampung-{copy.year}-{built:%Y-%m-%d}.pdf",
    )
    response["Cache-Control"] = "public, max-age=300"
    response["Last-Modified"] = http_date(copy.built_at.timestamp())
    return response
