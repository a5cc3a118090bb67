"""Shared pytest hooks for the whole suite."""

import sys


def pytest_terminal_summary(terminalreporter):
    """After the run, what the browser suite checked (tests/browser/)."""
    browser_summary = sys.modules.get("tests.browser.summary")
    lines = browser_summary.lines() if browser_summary else []
    if lines:
        terminalreporter.write_sep("-", "browser suite (Chromium)")
        for line in lines:
            terminalreporter.write_line(line)
