"""The spreadsheet template of next year's plan (events.plan_import reads
it back): the year export's columns in their order, a note on each header,
the ignored columns greyed, Excel's own checks where it has them (lists of
the allowed values, dates), and a second sheet explaining every column with
an example. Written in the active language; the column names stay English,
like the export's."""

import io
from datetime import date, time

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .choices import EventCategory
from .exports import YEAR_COLUMNS
from .plan_import import (
    ALLOWED_VALUES,
    DATE_COLUMNS,
    FORM_FIELDS,
    IGNORED_COLUMNS,
    MAX_BYTES,
    MAX_ROWS,
    TIME_COLUMNS,
)

COLUMN_HELP = {
    "uid": gettext_lazy("Ignored: a new event gets its own identifier."),
    "title": gettext_lazy("Required. The event's name, on one line."),
    "month": gettext_lazy("Ignored: follows from the start date."),
    "date_precision": gettext_lazy(
        "“exact” (the default) or “month” while the day is not fixed: the "
        "start date then only gives the month (2028-07 or any day of it), "
        "without end date or times."
    ),
    "start_date": gettext_lazy(
        "Required. Year-month-day (2028-07-04) or an Excel date."
    ),
    "end_date": gettext_lazy(
        "For an event over several days; empty for one day. Not before the start date."
    ),
    "start_time": gettext_lazy("24-hour time, WIB (19:30); empty for all day."),
    "end_time": gettext_lazy("24-hour time, WIB; only with a start time."),
    "dates": gettext_lazy("Ignored: a repeating series is set up in the event editor."),
    "regency": gettext_lazy(
        "Ignored: the events go to the regency chosen on the upload page."
    ),
    "regency_code": gettext_lazy(
        "Ignored: the events go to the regency chosen on the upload page."
    ),
    "venue": gettext_lazy(
        "A venue's name as the admin lists it (“PKOR Way Halim · Anjungan "
        "Lampung Barat”); empty if none. A new venue is added in Venues first."
    ),
    "venue_address": gettext_lazy("Ignored: the venue's own address is used."),
    "category": gettext_lazy("Required. One of the values listed below."),
    "category_label": gettext_lazy("Ignored: follows from the category."),
    "status": gettext_lazy("Ignored: a new plan is scheduled."),
    "status_label": gettext_lazy("Ignored: follows from the status."),
    "summary": gettext_lazy(
        "Required. One or two sentences for listings, at most 300 characters."
    ),
    "organiser": gettext_lazy("Who organises it."),
    "contact_email": gettext_lazy("An e-mail address."),
    "contact_phone": gettext_lazy("A telephone number, typed as text."),
    "website": gettext_lazy("A web address (https://…)."),
    "free_entry": gettext_lazy(
        "“true” (the default when empty) or “false”; a paid event needs a price."
    ),
    "price": gettext_lazy("For paid events, e.g. “Rp25.000, children free”."),
    "edition": gettext_lazy("Ignored: the provincial staff keep it."),
    "ken_nominated": gettext_lazy("Ignored: the provincial staff decide it."),
    "anjungan_programme": gettext_lazy("Ignored: follows from the venue."),
    "url": gettext_lazy("Ignored: the event's address once published."),
}
EXAMPLE = {
    "title": "Festival Sekura Cakak Buah 2028",
    "date_precision": "exact",
    "start_date": date(2028, 7, 2),
    "end_date": date(2028, 7, 4),
    "start_time": time(8, 0),
    "end_time": time(17, 0),
    "venue": "Lapangan Merdeka Pasar Liwa",
    "category": EventCategory.CULTURE.value,
    "summary": "Pawai topeng sekura keliling Liwa.",
    "organiser": "Dinas Pariwisata Lampung Barat",
    "contact_email": "dispar@example.go.id",
    "contact_phone": "0728 21000",
    "website": "https://example.go.id/sekura",
    "free_entry": True,
    "price": "",
}


def template_xlsx() -> bytes:
    """The template: the export's columns with a note on each header (the
    ignored ones greyed), lists of the allowed values where Excel can check
    them, and a second sheet explaining every column with an example."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Events")
    sheet.freeze_panes = "A2"
    grey = PatternFill("solid", fgColor="DDDDDD")
    for number, column in enumerate(YEAR_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=number, value=column)
        cell.font = Font(
            bold=True, color="666666" if column in IGNORED_COLUMNS else None
        )
        cell.comment = Comment(str(COLUMN_HELP[column]), "Agenda Lampung")
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = min(max(len(column) + 2, 12), 40)
        if column in IGNORED_COLUMNS:
            cell.fill = grey
        area = f"{letter}2:{letter}{MAX_ROWS + 1}"
        if column in ALLOWED_VALUES:
            check = DataValidation(
                type="list",
                formula1='"{}"'.format(",".join(ALLOWED_VALUES[column])),
                allow_blank=True,
                showErrorMessage=True,
            )
            check.add(area)
            sheet.add_data_validation(check)
        elif column in DATE_COLUMNS:
            check = DataValidation(
                type="date", operator="greaterThan", formula1="36526", allow_blank=True
            )
            check.add(area)
            sheet.add_data_validation(check)
        if column in DATE_COLUMNS or column in TIME_COLUMNS:
            for row in range(2, MAX_ROWS + 2):
                sheet.cell(row=row, column=number).number_format = (
                    "yyyy-mm-dd" if column in DATE_COLUMNS else "hh:mm"
                )
        elif column == "contact_phone":
            for row in range(2, MAX_ROWS + 2):
                sheet.cell(row=row, column=number).number_format = "@"
    _help_sheet(workbook.create_sheet(_("Help")))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _help_sheet(sheet) -> None:
    heading = (_("column"), _("read on import"), _("what to enter"), _("example"))
    sheet.append(heading)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in YEAR_COLUMNS:
        text = str(COLUMN_HELP[column])
        if column in ALLOWED_VALUES:
            text += " " + ", ".join(ALLOWED_VALUES[column])
        example = EXAMPLE.get(column, "")
        sheet.append(
            [column, _("yes") if column in FORM_FIELDS else _("no"), text, example]
        )
        if isinstance(example, date):
            sheet.cell(row=sheet.max_row, column=4).number_format = "yyyy-mm-dd"
        elif isinstance(example, time):
            sheet.cell(row=sheet.max_row, column=4).number_format = "hh:mm"
    sheet.append([])
    sheet.append(
        [
            _(
                "One row per event on the first sheet, under the column names. "
                "At most %(rows)s rows and %(size)s MB. Every row is checked "
                "like the event form; if any row is wrong nothing is saved, "
                "and the upload page lists every problem with its row number."
            )
            % {"rows": MAX_ROWS, "size": MAX_BYTES // (1024 * 1024)}
        ]
    )
    for letter, width in zip("ABCD", (20, 16, 80, 32), strict=True):
        sheet.column_dimensions[letter].width = width
