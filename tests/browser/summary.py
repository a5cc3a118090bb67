"""What the browser suite checked, for the closing summary in tests/conftest.py.

A plain module without imports of Django or Playwright, so the pytest hook can
read it without loading the suite (it is only filled when the suite ran).
"""

PAGES: set[str] = set()
JOURNEYS: list[str] = []
AXE = {"runs": 0, "violations": 0}
SKIPPED: list[str] = []
# Measured figures worth reading in the log, e.g. page weights.
FIGURES: dict[str, str] = {}


def lines() -> list[str]:
    """The summary lines, or none when no browser test ran."""
    if not (PAGES or JOURNEYS or SKIPPED):
        return []
    out = [
        f"pages checked: {len(PAGES)} (axe-core runs: {AXE['runs']}, "
        f"violations: {AXE['violations']})",
        f"journeys completed: {len(JOURNEYS)}"
        + (f" ({', '.join(JOURNEYS)})" if JOURNEYS else ""),
    ]
    out.extend(f"{name}: {value}" for name, value in sorted(FIGURES.items()))
    out.extend(f"not checked: {reason}" for reason in dict.fromkeys(SKIPPED))
    return out


def state() -> dict:
    """What was checked, to send from a test worker (pytest-xdist) to the main
    process."""
    return {
        "pages": sorted(PAGES),
        "journeys": list(JOURNEYS),
        "axe": dict(AXE),
        "skipped": list(SKIPPED),
        "figures": dict(FIGURES),
    }


def merge(other: dict) -> None:
    """Add what a worker checked (from state()) to this process's summary."""
    PAGES.update(other["pages"])
    JOURNEYS.extend(other["journeys"])
    for key, value in other["axe"].items():
        AXE[key] += value
    SKIPPED.extend(other["skipped"])
    FIGURES.update(other["figures"])
