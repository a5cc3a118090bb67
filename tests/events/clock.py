"""Freeze the clock for view tests: listings depend on "now"."""

from contextlib import contextmanager
from datetime import datetime
from unittest import mock


@contextmanager
def frozen(moment: datetime):
    """Every `django.utils.timezone.now()` (and so `localdate()`) returns
    `moment` inside the block. Used only around public page requests."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield
