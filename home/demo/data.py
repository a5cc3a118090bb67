"""The small conversions the demo loader applies to the facts file's values
(the file itself is read by `home.facts`)."""

from datetime import date, time

from ..facts import DATA_FILE, ProvinceDataError, read_data

# The demo's name for the facts file's error (its command and tests use it).
DemoDataError = ProvinceDataError

__all__ = [
    "DATA_FILE",
    "DemoDataError",
    "next_date",
    "parse_time",
    "read_data",
]


def next_date(month: int, day: int, today: date) -> date:
    """The next (month, day) on or after today, so demo festivals fall in the coming 12 months."""
    candidate = date(today.year, month, day)
    return candidate if candidate >= today else date(today.year + 1, month, day)


def parse_time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None
