"""The stages are a contract, not a habit: import-linter's contracts in pyproject.toml hold
for the package, and an import that crosses a wall breaks them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports run in `root` (a checkout or a copy), on the package found there."""
    if not LINT_IMPORTS.exists():
        pytest.fail(f"lint-imports is not beside {sys.executable}: pip install -e '.[test]'")
    command = [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(root / "pyproject.toml")]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


def test_the_package_keeps_every_contract() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BROKEN" not in done.stdout, done.stdout


@pytest.mark.parametrize(("module", "planted", "contract"), [
    ("report/context.py", "import csp_audit.store.records", "Stages"),
    ("model/findings.py", "import csp_audit.rules.engine", "Stages"),
    ("workbook/cells.py", "import csp_audit.cli", "Stages"),
    ("rules/engine.py", "import sqlalchemy", "Only store/ speaks SQL"),
])
def test_an_import_across_a_wall_breaks_a_contract(tmp_path: Path, module: str, planted: str,
                                                   contract: str) -> None:
    copy = tmp_path / "checkout"
    copy.mkdir()
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    shutil.copytree(ROOT / "csp_audit", copy / "csp_audit",
                    ignore=shutil.ignore_patterns("__pycache__", "_data"))
    target = copy / "csp_audit" / module
    target.write_text(target.read_text("utf-8") + f"\n{planted}  # noqa\n", "utf-8")
    done = lint_imports(copy)
    assert done.returncode != 0, done.stdout
    broken = [line for line in done.stdout.splitlines() if line.endswith("BROKEN")]
    assert [line for line in broken if line.startswith(contract)], done.stdout
