"""The test run is quiet: a warning raised from the project's code fails it
(pyproject.toml's filterwarnings), and the settings raise none of their own."""

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_a_warning_from_project_code_fails_the_run():
    with tempfile.TemporaryDirectory(dir=REPO / "tests") as folder:
        Path(folder, "__init__.py").touch()
        Path(folder, "test_warns.py").write_text(
            "import warnings\n\n\ndef test_warns():\n"
            "    warnings.warn('from project code', UserWarning)\n"
        )
        run = subprocess.run(  # noqa: S603 - our own interpreter and tests
            [sys.executable, "-m", "pytest", "-q", "-n", "0", folder],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
    assert run.returncode == 1, run.stdout
    assert "UserWarning: from project code" in run.stdout
