"""`csp-audit --version`: the package's version, printed without importing a heavy library."""

from __future__ import annotations

from support.commands import run


def test_version_comes_from_the_package_metadata() -> None:
    from importlib.metadata import version

    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"csp-audit {version('csp-audit')}\n"


def test_version_imports_no_heavy_library() -> None:
    import subprocess
    import sys

    probe = ("import sys; sys.argv = ['csp-audit', '--version']\n"
             "from csp_audit.cli.app import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "heavy = {'sqlmodel', 'sqlalchemy', 'openpyxl', 'jinja2', 'weasyprint', 'yaml'}\n"
             "print(sorted({m.split('.')[0] for m in sys.modules} & heavy), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.startswith("csp-audit ")
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
