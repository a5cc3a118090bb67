"""Shared pytest hooks for the whole suite."""

import os
import sys

import pytest


@pytest.fixture(scope="session", autouse=True)
def _demo_provinces_shared_between_workers(tmp_path_factory):
    """With workers (pytest-xdist), each demo province is built by one of
    them and left for the others in the run's temporary folder (tests/demo.py)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        from tests import demo

        # Each worker's folder is in the run's own, which pytest removes
        # after a few more runs.
        demo.SHARED_FOLDER = tmp_path_factory.getbasetemp().parent / "demo-provinces"


def pytest_terminal_summary(terminalreporter):
    """After the run, what the browser suite checked (tests/browser/)."""
    browser_summary = sys.modules.get("tests.browser.summary")
    lines = browser_summary.lines() if browser_summary else []
    if lines:
        terminalreporter.write_sep("-", "browser suite (Chromium)")
        for line in lines:
            terminalreporter.write_line(line)
