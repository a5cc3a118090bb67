"""Counts of what the security suites tried, printed after the run by
tests/conftest.py (CI does not use pytest -s, so tests cannot print)."""

from collections import Counter

LABELS = {
    "matrix": "permission matrix",
    "exposure": "public exposure",
    "hostile": "hostile input",
}
tried: Counter = Counter()
failed: Counter = Counter()


def tally(kind: str, ok: bool, n: int = 1) -> None:
    """Record `n` checks of `kind`, passed or not."""
    tried[kind] += n
    if not ok:
        failed[kind] += n


def lines() -> list[str]:
    """One line per suite that ran, e.g. "permission matrix: 412 cells, 0 failed"."""
    units = {"matrix": "cells", "exposure": "checks", "hostile": "inputs"}
    return [
        f"{LABELS[kind]}: {tried[kind]} {units[kind]}, {failed[kind]} failed"
        for kind in LABELS
        if tried[kind]
    ]


def state() -> dict:
    """The counts, to send from a test worker (pytest-xdist) to the main process."""
    return {"tried": dict(tried), "failed": dict(failed)}


def merge(other: dict) -> None:
    """Add a worker's counts (from state()) to this process's."""
    tried.update(other["tried"])
    failed.update(other["failed"])
