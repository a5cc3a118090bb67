"""CSV and XLSX downloads for provincial staff.

The column names are a contract (listed in the README): spreadsheets,
mail merges and the national curation's scripts rely on them, so columns are
only ever added at the end, never renamed or reordered. Dates are ISO 8601
(2027-07-04), times 24-hour (19:30, WIB), booleans `true`/`false`.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .annual import PROVINCE_CODE, YearEntry
from .formatting import plain_text
from .planning import RegencyStatus

# One row per event and month: the rows of the public year view.
YEAR_COLUMNS = (
    "uid",
    "title",
    "month",
    "date_precision",
    "start_date",
    "end_date",
    "start_time",
    "end_time",
    "dates",
    "regency",
    "regency_code",
    "venue",
    "venue_address",
    "category",
    "category_label",
    "status",
    "status_label",
    "summary",
    "organiser",
    "contact_email",
    "contact_phone",
    "website",
    "free_entry",
    "price",
    "edition",
    "ken_nominated",
    "anjungan_programme",
    "url",
)

# The proposal list for Kharisma Event Nusantara: what the national curation asks for.
KEN_COLUMNS = (
    "uid",
    "name",
    "regency",
    "regency_code",
    "date_precision",
    "start_date",
    "end_date",
    "venue",
    "venue_address",
    "category",
    "edition",
    "description",
    "organiser",
    "contact_email",
    "contact_phone",
    "website",
    "url",
)

# One row per regency (and the province's own events), then the totals.
PLANNING_COLUMNS = (
    "regency",
    "regency_code",
    "year",
    "submitted",
    "approved",
    "pending",
    "rejected",
    "drafts",
    "month_only",
    "last_submission",
    "nothing_submitted",
    "past_events",
    "outcomes_recorded",
    "held",
    "cancelled",
    "visitors",
)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Excel splits a CSV line on the list separator of the reader's regional
# settings: "," in English, ";" in Indonesian; tab when pasted. Any piece of a
# cell that starts (after spaces) with a formula trigger could become a cell
# of its own that runs.
_FORMULA_AFTER_SEPARATOR = re.compile(r"(^|[,;\t\r\n])([ ]*)(?=[=+\-@])")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def date_cell(span) -> str:
    """One date of the `dates` column: "2027-01-24 (moved from 2027-01-23)",
    "2027-01-16 (cancelled)"; fixed English words, like the column names."""
    text = span.start.date().isoformat()
    if span.cancelled:
        return text + " (cancelled)"
    if span.moved and span.original_start is not None:
        return f"{text} (moved from {span.original_start.date().isoformat()})"
    return text


def year_rows(entries: list[YearEntry]) -> list[dict]:
    """The year view's entries as export rows (YEAR_COLUMNS)."""
    rows = []
    for entry in entries:
        first = entry.spans[0]
        exact = not entry.month_only
        timed = exact and not first.all_day
        rows.append(
            {
                "uid": entry.uid,
                "title": entry.title,
                "month": f"{entry.month:%Y-%m}",
                "date_precision": "exact" if exact else "month",
                # A month-only event has no day yet: no fake first of the month.
                "start_date": entry.first_day if exact else None,
                "end_date": entry.last_day if exact else None,
                "start_time": first.start.time() if timed else None,
                "end_time": first.end.time()
                if timed and first.end > first.start
                else None,
                "dates": "; ".join(date_cell(span) for span in entry.spans)
                if exact
                else "",
                "regency": entry.regency_name,
                "regency_code": entry.regency_code,
                "venue": entry.venue,
                "venue_address": entry.venue_address,
                "category": entry.category,
                "category_label": entry.category_label,
                "status": entry.status,
                "status_label": entry.status_label,
                "summary": entry.summary,
                "organiser": entry.organiser,
                "contact_email": entry.contact_email,
                "contact_phone": entry.contact_phone,
                "website": entry.website,
                "free_entry": entry.is_free,
                "price": entry.price,
                "edition": entry.edition,
                "ken_nominated": entry.ken_nominated,
                "anjungan_programme": entry.programme,
                "url": entry.full_url,
            }
        )
    return rows


def ken_rows(events, request=None) -> list[dict]:
    """Nominated events (EventPage objects) as KEN_COLUMNS rows."""
    province = _("Province of Lampung")
    rows = []
    for event in events:
        exact = not event.month_only
        rows.append(
            {
                "uid": str(event.uid),
                "name": event.title,
                "regency": event.regency.name if event.regency_id else province,
                "regency_code": event.regency.code
                if event.regency_id
                else PROVINCE_CODE,
                "date_precision": "exact" if exact else "month",
                "start_date": event.start_date if exact else None,
                "end_date": (
                    event.recurrence_until or event.end_date or event.start_date
                )
                if exact
                else None,
                "venue": str(event.venue) if event.venue_id else "",
                "venue_address": event.venue.address if event.venue_id else "",
                "category": str(event.get_category_display()),
                "edition": event.edition,
                "description": plain_text(event.description) or event.summary,
                "organiser": event.organiser,
                "contact_email": event.contact_email,
                "contact_phone": event.contact_phone,
                "website": event.website,
                "url": event.get_full_url(request) or "",
            }
        )
    return rows


def planning_rows(
    year: int, statuses: list[RegencyStatus], total: RegencyStatus | None = None
) -> list[dict]:
    """The planning report as PLANNING_COLUMNS rows, the total last."""
    rows = []
    for status in [*statuses, *([total] if total else [])]:
        rows.append(
            {
                "regency": str(status.name),
                "regency_code": status.code,
                "year": year,
                "submitted": status.submitted,
                "approved": status.approved,
                "pending": status.pending,
                "rejected": status.rejected,
                "drafts": status.drafts,
                "month_only": status.month_only,
                "last_submission": timezone.localtime(status.last_submission)
                if status.last_submission
                else None,
                "nothing_submitted": status.nothing_submitted,
                "past_events": status.past_events,
                "outcomes_recorded": status.outcomes,
                "held": status.held,
                "cancelled": status.cancelled,
                "visitors": status.visitors,
            }
        )
    return rows


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    text = str(value)
    # Spreadsheet programs run a cell starting like this as a formula...
    if text.startswith(FORMULA_PREFIXES):
        text = "'" + text
    # ...and a piece after a separator, when Excel splits on it.
    return _FORMULA_AFTER_SEPARATOR.sub(r"\1\2'", text)


def to_csv(columns: tuple[str, ...], rows: list[dict]) -> bytes:
    """UTF-8 with a byte order mark, so Excel reads the Indonesian text right."""
    buffer = io.StringIO()
    # Every field quoted: a separator inside a value stays inside it.
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_value(row.get(column)) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(columns: tuple[str, ...], rows: list[dict], title: str) -> bytes:
    """One sheet, a bold header row kept in view, typed dates and numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = min(
            max(len(column) + 2, 12), 40
        )
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(row.get(column)))
            value = row.get(column)
            if isinstance(value, str):
                # Text stays text, even when it starts with "=".
                cell.data_type = "s"
            elif isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, time):
                cell.number_format = "hh:mm"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    if isinstance(value, datetime):
        # Excel has no time zones: local (WIB) wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
    return value


def download(
    columns: tuple[str, ...], rows: list[dict], filename: str, fmt: str, title: str
) -> HttpResponse:
    """A CSV or XLSX attachment named `filename`.csv/.xlsx."""
    if fmt == "xlsx":
        body = to_xlsx(columns, rows, title)
    else:
        fmt = "csv"
        body = to_csv(columns, rows)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
