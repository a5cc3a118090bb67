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
