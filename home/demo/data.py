"""The demo province's data file: where it is, reading and checking it, and
the small conversions the loader applies to its values."""

import json
from datetime import date, time
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "province.json"
EVENT_CATEGORIES = {
    "culture",
    "tourism",
    "creative_economy",
    "sport_tourism",
    "education_environment",
    "religious",
}


class DemoDataError(ValueError):
    """The data file is unusable; the message names the problem in one line."""


def read_data(path: Path = DATA_FILE) -> dict:
    """Read and check the data file before anything is written."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise DemoDataError(f"data file not found: {path}") from error
    except json.JSONDecodeError as error:
        raise DemoDataError(
            f"{path}: not valid JSON (line {error.lineno}: {error.msg})"
        ) from error
    if not isinstance(data, dict):
        raise DemoDataError(f"{path}: expected an object at the top level")
    for key in (
        "province",
        "regencies",
        "pkor",
        "pavilions",
        "festivals",
        "pavilion_activities",
    ):
        if key not in data:
            raise DemoDataError(f"{path}: missing key {key!r}")
    slugs = set()
    for i, regency in enumerate(data["regencies"]):
        for key in ("slug", "name", "short_name", "kind", "seat", "code", "lat", "lon"):
            if key not in regency:
                raise DemoDataError(f"{path}: regencies[{i}] lacks {key!r}")
        if regency["kind"] not in ("kabupaten", "kota"):
            raise DemoDataError(
                f"{path}: regencies[{i}].kind must be kabupaten or kota"
            )
        slugs.add(regency["slug"])
    for section in ("festivals", "pavilion_activities", "pavilions"):
        for i, item in enumerate(data[section]):
            if item.get("regency") not in slugs:
                raise DemoDataError(
                    f"{path}: {section}[{i}] names unknown regency {item.get('regency')!r}"
                )
            if "category" in item and item["category"] not in EVENT_CATEGORIES:
                raise DemoDataError(
                    f"{path}: {section}[{i}] has unknown category {item['category']!r}"
                )
    return data


def next_date(month: int, day: int, today: date) -> date:
    """The next (month, day) on or after today, so demo festivals fall in the coming 12 months."""
    candidate = date(today.year, month, day)
    return candidate if candidate >= today else date(today.year + 1, month, day)


def parse_time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None
