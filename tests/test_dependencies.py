"""The virtual environment's own tools: setuptools pinned to a release without the known
vulnerabilities of the one Python 3.11's venv brings (65.5.0: CVE-2022-40897, CVE-2024-6345,
CVE-2025-47273), and `make audit` running pip-audit on the installed packages."""

import re
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PINNED = re.search(r'"setuptools==([0-9.]+)"', (ROOT / "pyproject.toml").read_text()).group(1)


def _release(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_setuptools_is_the_pinned_release_without_the_known_vulnerabilities():
    assert version("setuptools") == PINNED
    assert _release(PINNED) >= (78, 1, 1)  # the fix of CVE-2025-47273, the newest of the three


def test_a_new_venv_gets_the_pinned_setuptools_at_once():
    assert "setuptools" in (ROOT / "scripts/make-venv.sh").read_text()


def test_make_audit_runs_pip_audit_on_the_project_venv():
    plan = subprocess.run(
        [shutil.which("make"), "-n", "audit"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "scripts/audit.sh" in plan
    script = (ROOT / "scripts/audit.sh").read_text()
    assert "pip-audit" in script and "PIPAPI_PYTHON_LOCATION" in script and "--strict" in script
