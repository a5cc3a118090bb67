"""Spreadsheets for the plan import's tests, written with openpyxl as Excel
or LibreOffice would save them."""

import io
from datetime import date, time

from openpyxl import Workbook

from events.exports import YEAR_COLUMNS

GOOD_ROWS = (
    {
        "title": "Festival Uji Impor Satu",
        "start_date": date(2028, 7, 2),
        "end_date": date(2028, 7, 4),
        "start_time": time(8, 0),
        "end_time": time(17, 0),
        "venue": "Lapangan Merdeka Pasar Liwa",
        "category": "culture",
        "summary": "Pawai budaya tiga hari di Liwa.",
        "organiser": "Dinas Pariwisata",
        "contact_email": "dispar@example.org",
        "contact_phone": "0728 21000",
        "website": "https://example.org/festival",
        "free_entry": True,
    },
    {
        "title": "Lomba Kopi Uji Impor",
        "date_precision": "month",
        "start_date": "2028-03",
        "category": "creative_economy",
        "summary": "Tanggal diumumkan kemudian.",
    },
    {
        "title": "Konser Uji Impor",
        "start_date": "2028-09-12",
        "start_time": "19.30",
        "category": "tourism",
        "summary": "Konser berbayar.",
        "free_entry": "false",
        "price": "Rp25.000",
    },
)


def xlsx(rows=GOOD_ROWS, columns=YEAR_COLUMNS) -> bytes:
    """A workbook whose first sheet holds `columns` and then `rows`."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def many_rows(count: int) -> bytes:
    """`count` small valid-looking rows, written in streaming mode."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["title", "start_date", "category", "summary"])
    for number in range(count):
        sheet.append([f"Acara {number}", date(2028, 5, 1), "culture", "Ringkas."])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
