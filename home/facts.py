"""The province facts file (`home/data/province.json`, or another province's
with `--data`): where it is and reading it, checked before anything is
written. `setup_province` builds the province from it (regencies, PKOR and
its anjungan, festival venues); the demo also takes its festivals and the
anjungan's weekly activities from it."""

import json
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "province.json"
EVENT_CATEGORIES = {
    "culture",
    "tourism",
    "creative_economy",
    "sport_tourism",
    "education_environment",
    "religious",
}
# Without these the province cannot be set up; the rest is optional.
REQUIRED = ("province", "regencies", "pkor", "pavilions")
OPTIONAL_LISTS = ("festivals", "pavilion_activities")


class ProvinceDataError(ValueError):
    """The facts file is unusable; the message names the problem in one line."""


def read_data(path: Path = DATA_FILE) -> dict:
    """Read and check the facts file before anything is written."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ProvinceDataError(f"data file not found: {path}") from error
    except json.JSONDecodeError as error:
        raise ProvinceDataError(
            f"{path}: not valid JSON (line {error.lineno}: {error.msg})"
        ) from error
    if not isinstance(data, dict):
        raise ProvinceDataError(f"{path}: expected an object at the top level")
    for key in REQUIRED:
        if key not in data:
            raise ProvinceDataError(f"{path}: missing key {key!r}")
    for key in OPTIONAL_LISTS:
        data.setdefault(key, [])
    slugs = set()
    for i, regency in enumerate(data["regencies"]):
        for key in ("slug", "name", "short_name", "kind", "seat", "code", "lat", "lon"):
            if key not in regency:
                raise ProvinceDataError(f"{path}: regencies[{i}] lacks {key!r}")
        if regency["kind"] not in ("kabupaten", "kota"):
            raise ProvinceDataError(
                f"{path}: regencies[{i}].kind must be kabupaten or kota"
            )
        slugs.add(regency["slug"])
    for key in ("name", "address", "regency", "lat", "lon"):
        if key not in data["pkor"]:
            raise ProvinceDataError(f"{path}: pkor lacks {key!r}")
    if data["pkor"]["regency"] not in slugs:
        raise ProvinceDataError(
            f"{path}: pkor names unknown regency {data['pkor']['regency']!r}"
        )
    for section in ("festivals", "pavilion_activities", "pavilions"):
        for i, item in enumerate(data[section]):
            if item.get("regency") not in slugs:
                raise ProvinceDataError(
                    f"{path}: {section}[{i}] names unknown regency {item.get('regency')!r}"
                )
            if "category" in item and item["category"] not in EVENT_CATEGORIES:
                raise ProvinceDataError(
                    f"{path}: {section}[{i}] has unknown category {item['category']!r}"
                )
    return data
