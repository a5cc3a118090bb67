"""The project layout holds: `site/` is a path entry, not a package."""

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.test import SimpleTestCase

import config
import core

ROOT = Path(__file__).resolve().parents[1]


class LayoutTests(SimpleTestCase):
    def test_config_and_core_load_from_site_folder(self):
        """`config` and `core` come from site/, which is never a package."""
        self.assertEqual(Path(config.__file__).parent, ROOT / "site" / "config")
        self.assertEqual(Path(core.__file__).parent, ROOT / "site" / "core")
        self.assertIs((ROOT / "site" / "__init__.py").exists(), False)

    def test_base_dir_is_repository_root(self):
        self.assertEqual(settings.BASE_DIR, ROOT)

    def test_every_template_compiles(self):
        """Each template under templates/ parses with the project's tag libraries."""
        engine = engines["django"]
        templates = sorted((ROOT / "templates").rglob("*.html"))
        self.assertGreater(len(templates), 20)
        for path in templates:
            with self.subTest(template=str(path.relative_to(ROOT))):
                engine.get_template(str(path.relative_to(ROOT / "templates")))

    def test_language_and_time_zone(self):
        self.assertEqual(settings.LANGUAGE_CODE, "id")
        self.assertEqual(settings.TIME_ZONE, "Asia/Jakarta")
        self.assertIs(settings.USE_TZ, True)
