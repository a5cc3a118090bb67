"""Shared pytest hooks for the whole suite."""

import importlib
import os
import sys

import pytest

# The closing summaries of what some suites checked (CI does not run pytest
# with -s, so the counts go to pytest's terminal summary): plain modules the
# tests fill, each with lines(), and state() and merge() for workers.
SUMMARIES = {
    "tests.security.report": "security suite",
    "tests.browser.summary": "browser suite (Chromium)",
}


@pytest.fixture(scope="session", autouse=True)
def _demo_provinces_shared_between_workers(tmp_path_factory):
    """With workers (pytest-xdist), each demo province is built by one of
    them and left for the others in the run's temporary folder (tests/demo.py)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        from tests import demo

        # Each worker's folder is in the run's own, which pytest removes
        # after a few more runs.
        demo.SHARED_FOLDER = tmp_path_factory.getbasetemp().parent / "demo-provinces"


def pytest_sessionfinish(session):
    """On a worker (pytest-xdist): send the summaries to the main process."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["summaries"] = {
            name: sys.modules[name].state() for name in SUMMARIES if name in sys.modules
        }


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """In the main process: add a finished worker's summaries to its own."""
    summaries = getattr(node, "workeroutput", {}).get("summaries", {})
    for name, state in summaries.items():
        importlib.import_module(name).merge(state)


def pytest_terminal_summary(terminalreporter):
    """After the run, what the security suite (tests/security/) and the
    browser suite (tests/browser/) checked."""
    for name, title in SUMMARIES.items():
        module = sys.modules.get(name)
        lines = module.lines() if module else []
        if lines:
            terminalreporter.write_sep("-", title)
            for line in lines:
                terminalreporter.write_line(line)
