"""Next year's plan from a spreadsheet: the XLSX template a regency fills in,
and the upload that turns its rows into draft events submitted for
moderation.

The template has the year export's columns (`exports.YEAR_COLUMNS`, in the
same order), so last year's export, with new dates, is a filled template too.
The columns an editor types on the event form are read; the others (the
event's identity, its address, labels, the regency, what the province sets)
are ignored. Each row is checked by the event editor's own form (required
fields, lengths, control characters, choices, e-mail and URL shapes, the
schedule rules of `events.dates`), so the upload and the editor never
disagree; the file's cells are only turned into what that form would have
received.

Reading is all or nothing: a file that is not a workbook, too large or with
any invalid row is reported and nothing is saved. A duplicate (the same title
and start date twice in the file, or already in the regency's folder) is an
invalid row, so uploading the same file twice creates nothing the second time.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.utils.translation import gettext as _

from defusedxml.common import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from . import dates
from .choices import EventCategory
from .drafts import add_draft, existing_keys, free_slug, submit_for_review, venue_names
from .exports import YEAR_COLUMNS
from .models import EventFolderPage, EventPage

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
# What the workbook's parts may unpack to: a few megabytes of XML for 2,000
# rows; a zip bomb declares (and is cut at) far more.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
# Columns read at most: the template's, and a few more to name as unknown.
MAX_COLUMNS = len(YEAR_COLUMNS) + 20
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# The columns read on import, each to the event form's field of the same
# name (`free_entry` is the form's `is_free`); every other column of the
# template is ignored.
FORM_FIELDS = {
    "title": "title",
    "date_precision": "date_precision",
    "start_date": "start_date",
    "end_date": "end_date",
    "start_time": "start_time",
    "end_time": "end_time",
    "venue": "venue",
    "category": "category",
    "summary": "summary",
    "organiser": "organiser",
    "contact_email": "contact_email",
    "contact_phone": "contact_phone",
    "website": "website",
    "free_entry": "is_free",
    "price": "price",
}
IMPORTED_COLUMNS = tuple(c for c in YEAR_COLUMNS if c in FORM_FIELDS)
IGNORED_COLUMNS = tuple(c for c in YEAR_COLUMNS if c not in FORM_FIELDS)
REQUIRED_COLUMNS = ("title", "start_date", "category", "summary")
DATE_COLUMNS = ("start_date", "end_date")
TIME_COLUMNS = ("start_time", "end_time")
TRUE_WORDS = {"true", "ya", "yes", "1", "benar"}
FALSE_WORDS = {"false", "tidak", "no", "0", "salah"}
# What the event form gets for the fields the spreadsheet has no column for:
# a new plan is a scheduled, one-off (or multi-day) event.
FORM_DEFAULTS = {
    "status": "scheduled",
    "recurrence_frequency": "",
    "recurrence_interval": "1",
    "recurrence_monthly_by": dates.MonthlyBy.DAY_OF_MONTH.value,
    "exceptions-TOTAL_FORMS": "0",
    "exceptions-INITIAL_FORMS": "0",
    "exceptions-MIN_NUM_FORMS": "0",
    "exceptions-MAX_NUM_FORMS": "1000",
}

ALLOWED_VALUES = {
    "category": [c.value for c in EventCategory],
    "date_precision": [p.value for p in dates.DatePrecision],
    "free_entry": ["true", "false"],
}


class PlanFileError(Exception):
    """The file as a whole cannot be read: not a workbook, too large, no rows."""


@dataclass
class PlanRow:
    """One row of the sheet: its number in the spreadsheet, the event form
    bound to what the cells say, and what is wrong with it."""

    number: int
    form: object = None
    key: tuple = ()
    errors: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """The rows of an upload, checked; `errors` holds every problem found,
    each "Row N: column — reason" in the active language."""

    rows: list[PlanRow]
    errors: list[str]

    @property
    def is_valid(self) -> bool:
        return not self.errors


# Reading an upload.


def read_rows(data: bytes) -> list[tuple[int, dict]]:
    """The header row's column names checked, then every non-empty row as
    (row number, {column: cell}) with the cells of the template's columns.
    Raises PlanFileError with the reason the file cannot be read."""
    workbook = _open_workbook(data)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(max_col=MAX_COLUMNS)
        header = next(rows, None)
        columns = _header(header or ())
        found = []
        for number, cells in enumerate(rows, start=2):
            values = {}
            for cell, column in zip(cells, columns, strict=False):
                if column is not None and cell.value not in (None, ""):
                    values[column] = cell
            if not values:
                continue
            if len(found) == MAX_ROWS:
                raise PlanFileError(
                    _("The file has more than %(rows)s events: split it in two.")
                    % {"rows": MAX_ROWS}
                )
            found.append((number, values))
    except PlanFileError:
        raise
    except _BROKEN as error:
        raise PlanFileError(_broken_message()) from error
    finally:
        workbook.close()
    if not found:
        raise PlanFileError(
            _(
                "The file has no events: fill in one row per event under the column names."
            )
        )
    return found


_BROKEN = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    InvalidFileException,
    DefusedXmlException,
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    NotImplementedError,  # a compression method zipfile does not know
    OSError,
    EOFError,
    SyntaxError,  # xml.etree's ParseError
)


def _broken_message() -> str:
    return _(
        "The file could not be read as an Excel workbook (.xlsx). Save it "
        "again from Excel or LibreOffice as “Excel workbook (.xlsx)”."
    )


def too_large_message() -> str:
    return _("The file is larger than %(size)s MB: split it in two.") % {
        "size": MAX_BYTES // (1024 * 1024)
    }


def _open_workbook(data: bytes):
    """The workbook in read-only mode (rows streamed, formulas kept as their
    text, never evaluated), after checking the bytes are one."""
    if not data:
        raise PlanFileError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise PlanFileError(too_large_message())
    if data.startswith(OLE2_SIGNATURE):
        raise PlanFileError(
            _(
                "This is an old Excel file (.xls) or a workbook with a password: "
                "save it as “Excel workbook (.xlsx)” without a password."
            )
        )
    stream = io.BytesIO(data)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise PlanFileError(
            _(
                "This is not an Excel workbook (.xlsx); a CSV or another file "
                "renamed .xlsx is not one. Download the template and fill it in."
            )
        ) from error
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise PlanFileError(_broken_message())
    if unpacked > MAX_UNPACKED_BYTES:
        raise PlanFileError(
            _("The workbook unpacks to more than %(size)s MB: it cannot be a plan.")
            % {"size": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
    try:
        return load_workbook(stream, read_only=True, data_only=False)
    except _BROKEN as error:
        raise PlanFileError(_broken_message()) from error


def _header(cells) -> list[str | None]:
    """The column of each position of the header row, None where the header
    cell is empty. Unknown or repeated names, or missing required ones, stop
    the upload: a misspelt column would lose its values silently."""
    names = [str(c.value).strip() if c.value is not None else "" for c in cells]
    while names and not names[-1]:
        names.pop()
    unknown = [n for n in names if n and n not in YEAR_COLUMNS]
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    problems = []
    if unknown:
        problems.append(
            _("unknown columns: %(names)s") % {"names": ", ".join(unknown[:5])}
        )
    if repeated:
        problems.append(
            _("repeated columns: %(names)s") % {"names": ", ".join(repeated)}
        )
    if missing:
        problems.append(_("missing columns: %(names)s") % {"names": ", ".join(missing)})
    if problems:
        raise PlanFileError(
            _(
                "The first row must hold the template's column names (%(problems)s). "
                "Download the template and copy the rows into it."
            )
            % {"problems": "; ".join(problems)}
        )
    return [n if n in FORM_FIELDS else None for n in names]


# Checking the rows.


def check_plan(data: bytes, folder: EventFolderPage, user) -> Plan:
    """Every row of the upload checked for `folder`, as `user` would be on
    the event form. Raises PlanFileError when the file cannot be read."""
    found = read_rows(data)
    form_class = EventPage.get_edit_handler().get_form_class()
    venues = venue_names(folder.regency_id)
    slugs = set(folder.get_children().values_list("slug", flat=True))
    rows = []
    for number, cells in found:
        row = PlanRow(number)
        values, unreadable = {}, set()
        for column, cell in cells.items():
            try:
                values[column] = _cell_value(column, cell, venues)
            except ValueError as error:
                row.errors.append(_row_error(number, column, str(error)))
                unreadable.add(FORM_FIELDS[column])
        # The form checks the rest of the row too, so that one upload lists
        # every problem; an unreadable cell is not reported twice.
        form_data = _form_data(values)
        form_data["slug"] = free_slug(values.get("title", ""), slugs)
        row.form = form_class(
            form_data,
            instance=EventPage(locale_id=folder.locale_id),
            parent_page=folder,
            for_user=user,
        )
        if not row.form.is_valid():
            row.errors.extend(_form_errors(number, row.form, unreadable))
        elif not row.errors:
            cleaned = row.form.cleaned_data
            row.key = (cleaned["title"].casefold(), cleaned["start_date"])
        rows.append(row)
    _mark_duplicates(rows, folder)
    errors = [error for row in rows for error in row.errors]
    return Plan(rows, errors)


def _row_error(number: int, column: str, reason: str) -> str:
    if column:
        return _("Row %(row)s: %(column)s — %(reason)s") % {
            "row": number,
            "column": column,
            "reason": reason,
        }
    return _("Row %(row)s: %(reason)s") % {"row": number, "reason": reason}


def _form_errors(number: int, form, unreadable: set[str]) -> list[str]:
    columns = {f: c for c, f in FORM_FIELDS.items()}
    errors = []
    for name, messages in form.errors.items():
        if name in unreadable:
            continue
        column = "" if name == "__all__" else columns.get(name, name)
        if name == "category" and form.data.get(name):
            # Django's "not one of the available choices" does not say which
            # are: the template's list does, and so does the message.
            allowed = ", ".join(EventCategory.values)
            messages = [_("Use one of: %(values)s.") % {"values": allowed}]
        errors.extend(_row_error(number, column, m) for m in messages)
    for formset in form.formsets.values():
        for message in formset.non_form_errors():
            errors.append(_row_error(number, "", message))
    return errors


def _cell_value(column: str, cell, venues: dict) -> str:
    """What the event form would receive for one cell, typed as text."""
    if cell.data_type == "f":
        raise ValueError(_("formulas are not read: type the value itself."))
    if cell.data_type == "e":
        raise ValueError(
            _("the cell shows an error (%(value)s).") % {"value": cell.value}
        )
    value = cell.value
    if column in DATE_COLUMNS:
        return _date_text(value)
    if column in TIME_COLUMNS:
        return _time_text(value)
    if column == "free_entry":
        return _boolean_text(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if column == "venue":
        return _venue_id(text, venues)
    if column in ALLOWED_VALUES:
        return text.lower()
    return text


def _date_text(value) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    for pattern, length in (("%Y-%m-%d", 10), ("%Y-%m", 7)):
        try:
            day = datetime.strptime(text, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
        # "2028-07": only a month, which the form takes for "month only".
        return day.isoformat()[:length]
    raise ValueError(
        _("write the date as year-month-day (2028-07-04) or as an Excel date.")
    )


def _time_text(value) -> str:
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    text = str(value).strip().replace(".", ":")
    for pattern in ("%H:%M", "%H:%M:%S"):
        try:
            return datetime.strptime(text, pattern).strftime("%H:%M")  # noqa: DTZ007
        except ValueError:
            continue
    raise ValueError(_("write the time as hours:minutes, 24-hour (19:30)."))


def _boolean_text(value) -> str:
    """The form's checkbox: "on" when ticked, empty when not."""
    if isinstance(value, bool):
        return "on" if value else ""
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return "on"
    if text in FALSE_WORDS:
        return ""
    raise ValueError(_("write true or false."))


def _venue_id(text: str, venues: dict) -> str:
    found = venues.get(" ".join(text.split()).casefold(), [])
    if not found:
        raise ValueError(
            _(
                "no venue is called “%(name)s”: write it as the Venues list "
                "shows it, add it there first, or leave the cell empty."
            )
            % {"name": text[:80]}
        )
    if len(found) > 1:
        raise ValueError(
            _(
                "several venues are called “%(name)s”: write the one meant as "
                "the Venues list shows it (with the venue it is inside)."
            )
            % {"name": text[:80]}
        )
    return str(found[0].pk)


def _form_data(values: dict) -> dict:
    data = dict(FORM_DEFAULTS)
    data["date_precision"] = dates.DatePrecision.EXACT.value
    # An empty cell is a free event, as on the form.
    data["is_free"] = "on"
    for column, value in values.items():
        data[FORM_FIELDS[column]] = value
    start = data.get("start_date", "")
    if data["date_precision"] == dates.DatePrecision.MONTH and start:
        # The month's first day stands for "some day this month".
        data["start_date"] = start[:7] + "-01"
    if not data["is_free"]:
        data.pop("is_free")
    return data


def _mark_duplicates(rows: list[PlanRow], folder: EventFolderPage) -> None:
    """The same title and start date twice in the file, or already in the
    folder (live, draft or submitted; its latest title counts too)."""
    keyed = [row for row in rows if row.key]
    first_seen: dict[tuple, int] = {}
    for row in keyed:
        if row.key in first_seen:
            row.errors.append(
                _row_error(
                    row.number,
                    "title",
                    _("the same event (title and start date) as row %(row)s.")
                    % {"row": first_seen[row.key]},
                )
            )
        else:
            first_seen.setdefault(row.key, row.number)
    if not keyed:
        return
    existing = existing_keys(folder, [row.key[1] for row in keyed])
    for row in keyed:
        if row.key in existing:
            row.errors.append(
                _row_error(
                    row.number,
                    "title",
                    _(
                        "an event with this title and start date is already "
                        "in the regency's folder."
                    ),
                )
            )


# Saving.


@transaction.atomic
def save_plan(plan: Plan, folder: EventFolderPage, user) -> list[EventPage]:
    """Each row of a valid plan as a draft event in `folder`, owned and
    saved by `user`, submitted to the moderation workflow. All or none."""
    if not plan.is_valid:
        raise ValueError("an invalid plan is never saved")
    events = []
    for row in plan.rows:
        events.append(add_draft(row.form.save(commit=False), folder, user))
    submit_for_review(events, user)
    return events
