"""Counts of what the security suites tried, printed after the run by
tests/conftest.py (CI does not use pytest -s, so tests cannot print)."""

import functools
import unittest
from collections import Counter
from contextlib import contextmanager

LABELS = {
    "matrix": "permission matrix",
    "exposure": "public exposure",
    "hostile": "hostile input",
}
tried: Counter = Counter()
failed: Counter = Counter()
# The fault suite (issue 21): (fault, what must hold, what was observed, held).
faults: list[tuple[str, str, str, bool]] = []


def tally(kind: str, ok: bool, n: int = 1) -> None:
    """Record `n` checks of `kind`, passed or not."""
    tried[kind] += n
    if not ok:
        failed[kind] += n


@contextmanager
def fault(name: str, must_hold: str, observed: str = "held"):
    """Record one injected fault: what must hold, and what the test saw
    (`observed`, or what it sets in `seen["observed"]` from its figures).
    A failing check records the failure."""
    seen = {"observed": observed}
    try:
        yield seen
    except unittest.SkipTest:
        raise
    except BaseException as error:
        first = (str(error).splitlines() or [type(error).__name__])[0]
        faults.append((name, must_hold, f"FAILED: {first[:160]}", False))
        raise
    faults.append((name, must_hold, seen["observed"], True))


def holds(name: str, must_hold: str, observed: str = "held"):
    """A test method as one fault (see `fault`); it may set
    self.seen["observed"]."""

    def decorate(test):
        @functools.wraps(test)
        def run(self, *args, **kwargs):
            with fault(name, must_hold, observed) as seen:
                self.seen = seen
                return test(self, *args, **kwargs)

        return run

    return decorate


def lines() -> list[str]:
    """One line per suite that ran, e.g. "permission matrix: 412 cells, 0 failed",
    then the fault tally, one line per fault."""
    units = {"matrix": "cells", "exposure": "checks", "hostile": "inputs"}
    result = [
        f"{LABELS[kind]}: {tried[kind]} {units[kind]}, {failed[kind]} failed"
        for kind in LABELS
        if tried[kind]
    ]
    if faults:
        broken = sum(1 for *_rest, held in faults if not held)
        result.append(f"faults: {len(faults)} injected, {broken} not holding")
        for name, must_hold, observed, held in sorted(faults):
            mark = "holds" if held else "BROKEN"
            result.append(
                f"  [{mark}] {name} | must hold: {must_hold} | observed: {observed}"
            )
    return result


def state() -> dict:
    """The counts, to send from a test worker (pytest-xdist) to the main process."""
    return {"tried": dict(tried), "failed": dict(failed), "faults": faults}


def merge(other: dict) -> None:
    """Add a worker's counts (from state()) to this process's."""
    tried.update(other["tried"])
    failed.update(other["failed"])
    faults.extend(tuple(row) for row in other.get("faults", []))
