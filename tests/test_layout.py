"""The project layout holds: `site/` is a path entry, not a package, and
the project's modules depend on each other one way."""

import ast
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


# The layers, lowest first: a module may import its own layer and those below
# (`config` wires them all together: settings and URLs).
LAYERS = ("core", "events", "brands", "home", "config")
MAX_LINES = 700
MAX_INNER_IMPORTS = 5


def project_modules() -> dict[str, Path]:
    """Dotted name -> file of every project module, migrations aside."""
    files = [*(ROOT / "site").rglob("*.py")]
    for app in ("events", "brands", "home"):
        files += (ROOT / app).rglob("*.py")
    modules = {}
    for path in files:
        if "migrations" in path.parts:
            continue
        base = ROOT / "site" if path.is_relative_to(ROOT / "site") else ROOT
        parts = path.relative_to(base).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def imported(name: str, path: Path, node, modules) -> set[str]:
    """The project modules an import statement names."""
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            package = name.split(".")
            if path.name != "__init__.py":
                package = package[:-1]
            package = package[: len(package) - node.level + 1]
            base = ".".join([*package, *([node.module] if node.module else [])])
        candidates = [f"{base}.{alias.name}" for alias in node.names] + [base]
    else:
        candidates = [alias.name for alias in node.names]
    found = set()
    for candidate in candidates:
        while candidate and candidate not in modules:
            candidate = candidate.rpartition(".")[0]
        if candidate and candidate != name:
            found.add(candidate)
    return found


class ImportGraphTests(SimpleTestCase):
    """Read from the code itself (imports inside functions count: they are
    still dependencies)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.modules = project_modules()
        cls.edges = {name: set() for name in cls.modules}
        cls.inner = []
        for name, path in cls.modules.items():
            tree = ast.parse(path.read_text(encoding="utf-8"))
            in_functions = {
                id(node)
                for function in ast.walk(tree)
                if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
                for node in ast.walk(function)
            }
            for node in ast.walk(tree):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    targets = imported(name, path, node, cls.modules)
                    cls.edges[name] |= targets
                    if targets and id(node) in in_functions:
                        cls.inner.append(f"{path.relative_to(ROOT)}:{node.lineno}")

    def test_layers_depend_one_way(self):
        """core <- events <- brands <- home: nothing imports a layer above."""
        for name, targets in self.edges.items():
            if name.split(".")[0] not in LAYERS:
                continue  # site/deploy/: gunicorn's settings file, never imported
            layer = LAYERS.index(name.split(".")[0])
            for target in targets:
                with self.subTest(module=name, imports=target):
                    self.assertLessEqual(LAYERS.index(target.split(".")[0]), layer)

    def test_no_import_circles(self):
        """Depth-first search for a module that reaches itself."""
        state: dict[str, str] = {}

        def visit(name, trail):
            state[name] = "open"
            for target in sorted(self.edges[name]):
                if state.get(target) == "open":
                    cycle = trail[trail.index(target) :] + [target]
                    self.fail("import circle: " + " -> ".join(cycle))
                if target not in state:
                    visit(target, [*trail, target])
            state[name] = "done"

        for name in sorted(self.modules):
            if name not in state:
                visit(name, [name])

    def test_imports_inside_functions_are_few(self):
        """Only the `AppConfig.ready()` hooks import project modules late."""
        self.assertLessEqual(len(self.inner), MAX_INNER_IMPORTS, self.inner)

    def test_no_module_is_over_700_lines(self):
        for name, path in self.modules.items():
            with self.subTest(module=name):
                lines = path.read_text(encoding="utf-8").count("\n")
                self.assertLessEqual(lines, MAX_LINES)
