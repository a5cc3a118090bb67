"""The demo province: the province as `setup_province` builds it (`home.setup`)
with imagery, events, English pages and logins, loaded from the facts file
`home/data/province.json` by `python manage.py load_demo`.

Loading is idempotent: what exists (matched by slug or title) is left as it
is, so a second run creates nothing and overwrites no editor's work. The
roles come from `core.roles`, applied by `home.province` like on the real
province; synthetic events for benchmarks are in `home.synthetic`.
"""

from .data import DATA_FILE, DemoDataError, read_data
from .loader import DemoLoader, Report

__all__ = ["DATA_FILE", "DemoDataError", "DemoLoader", "Report", "read_data"]
