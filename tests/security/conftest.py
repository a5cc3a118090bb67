"""The security suite's closing summary: how many permission-matrix cells,
exposure checks and hostile inputs were tried, and how many failed. CI does not
run pytest with -s, so the counts go to pytest's terminal summary."""

from tests.security import report


def pytest_terminal_summary(terminalreporter):
    lines = report.lines()
    if lines:
        terminalreporter.write_sep("-", "security suite")
        for line in lines:
            terminalreporter.write_line(line)
