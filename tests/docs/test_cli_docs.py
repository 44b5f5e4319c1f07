"""The docs keep up with the code: docs/cli.md has a section for every command, naming
exactly the arguments and options it takes, and the README's layout table names only
folders that exist (and every folder of the package).

Why: the README was trimmed to the journey and the reference moved to docs/cli.md, so
nothing else would notice an option added, renamed or dropped (as sqlite-utils' test_docs).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer

from csp_audit.cli import app

ROOT = Path(__file__).resolve().parent.parent.parent
CLI_MD = ROOT / "docs" / "cli.md"
README = ROOT / "README.md"
PACKAGE = ROOT / "csp_audit"


def commands() -> dict[str, Any]:
    """Every command by its full name ("load", "checklists lint"), the app itself as "".
    (Typer's command classes, duck-typed: newer Typer no longer exposes click.)"""
    found: dict[str, Any] = {}

    def walk(name: str, command: Any) -> None:
        found[name] = command
        if hasattr(command, "commands"):
            for sub_name, sub in command.commands.items():
                walk(f"{name} {sub_name}".strip(), sub)

    walk("", typer.main.get_command(app))
    return found


def params_of(command: Any) -> set[str]:
    """Each option by its flags (`--db`), each argument by its metavar (`WORKBOOK...`)."""
    names: set[str] = set()
    for param in command.params:
        if param.param_type_name == "option":
            names.update(flag for flag in param.opts + param.secondary_opts if flag != "--help")
        else:
            name = param.metavar or param.name.upper()
            names.add(name if param.nargs == 1 or name.endswith("...") else f"{name}...")
    return names


def sections() -> dict[str, str]:
    """Section text of docs/cli.md by the command its heading names (`## \\`csp-audit load\\``)."""
    parts = re.split(r"^## `csp-audit ?([a-z ]*)`\n", CLI_MD.read_text("utf-8"), flags=re.M)
    pairs = zip(parts[1::2], parts[2::2], strict=True)
    return {name.strip(): text.split("\n## ")[0] for name, text in pairs}


def documented(section: str) -> set[str]:
    """What the section's table lists: the first cell's flag or metavar, before any value."""
    names = set()
    for line in section.splitlines():
        cells = line.replace("\\|", "/").strip().strip("|").split("|")
        first = cells[0].strip() if line.startswith("| `") else ""
        if match := re.fullmatch(r"`(--[a-z-]+|[A-Z][A-Za-z.]*)(?: [^`]*)?`", first):
            names.add(match.group(1))
    return names


COMMANDS = commands()


def test_the_cli_has_the_commands_this_test_expects() -> None:
    assert {"", "template", "validate", "load", "check", "report", "audit",
            "checklists list", "checklists show", "checklists lint"} <= set(COMMANDS)


@pytest.mark.parametrize("name", [name for name, command in COMMANDS.items()
                                  if not hasattr(command, "commands") or name == ""])
def test_every_command_has_a_section_listing_exactly_its_options(name: str) -> None:
    found = sections()
    assert name in found, f"docs/cli.md has no section for csp-audit {name}"
    assert documented(found[name]) == params_of(COMMANDS[name]), (
        f"csp-audit {name}: docs/cli.md lists {sorted(documented(found[name]))}, "
        f"the command takes {sorted(params_of(COMMANDS[name]))}")


def test_the_table_of_commands_links_every_command() -> None:
    table = CLI_MD.read_text("utf-8").split("\n## ")[0]
    leaves = [name for name, command in COMMANDS.items() if not hasattr(command, "commands")]
    assert [name for name in leaves
            if f"(#csp-audit-{name.replace(' ', '-')})" not in table] == []


def test_every_environment_variable_the_code_reads_is_documented() -> None:
    code = "\n".join(path.read_text("utf-8") for path in PACKAGE.rglob("*.py"))
    variables = set(re.findall(r"CSP_AUDIT_[A-Z_]+", code))
    assert variables, "the code reads no CSP_AUDIT_ variable: update this test"
    text = CLI_MD.read_text("utf-8")
    assert {v for v in variables if f"`{v}`" not in text} == set()


def layout_folders() -> list[str]:
    """The first column of the README's Layout table."""
    table = README.read_text("utf-8").split("## Layout\n")[1].split("\n## ")[0]
    return re.findall(r"^\| `([^`]+)` \|", table, flags=re.M)


def test_the_readme_layout_names_only_folders_that_exist() -> None:
    folders = layout_folders()
    assert len(folders) > 10
    assert [folder for folder in folders if not folder.endswith("/")] == []
    assert [folder for folder in folders if not (ROOT / folder).is_dir()] == []


def test_the_readme_layout_names_every_folder_of_the_package() -> None:
    package = {f"{path.relative_to(ROOT).as_posix()}/" for path in PACKAGE.rglob("*")
               if path.is_dir() and path.name != "__pycache__"}
    assert sorted(package - set(layout_folders())) == []


def test_the_readme_stays_short_and_links_only_to_files_that_exist() -> None:
    text = README.read_text("utf-8")
    assert len(text.splitlines()) <= 140
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text)
    assert links and [link for link in links if not (ROOT / link).exists()] == []


@pytest.mark.parametrize("page", sorted((ROOT / "docs").glob("*.md")) + [
    ROOT / "bench" / "README.md", ROOT / "CHANGELOG.md"], ids=lambda path: path.name)
def test_relative_links_in_the_docs_reach_a_file(page: Path) -> None:
    links = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text("utf-8"))
    assert [link for link in links if not (page.parent / link).exists()] == []


def test_nothing_cites_the_specification_outside_the_repository() -> None:
    """A user's clone has docs/, not the project's ../shared folder."""
    cited = []
    for folder in ("csp_audit", "checklists", "docs", "tests", "bench", "sample_data"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".py", ".md", ".yaml", ".j2"}:
                text = path.read_text("utf-8")
                if re.search(r"\.\./shared/|/work/shared|shared/spec", text) and path != Path(
                        __file__).resolve():
                    cited.append(path.relative_to(ROOT).as_posix())
    assert cited == []


def test_the_readme_layout_names_every_module_in_its_folder_and_none_that_is_gone() -> None:
    """The table's row for a package folder names each of its modules, so a newcomer finds
    a file by its folder's row; a module renamed or removed must leave the table too."""
    table = README.read_text("utf-8").split("## Layout\n")[1].split("\n## ")[0]
    rows = dict(re.findall(r"^\| `(csp_audit/[^`]*)` \| (.*) \|$", table, flags=re.M))
    assert rows
    for folder, text in rows.items():
        named = set(re.findall(r"`([\w]+\.py)`", text))
        modules = {path.name for path in (ROOT / folder).glob("*.py")
                   if path.name not in ("__init__.py", "__main__.py")}
        assert modules - named == set(), f"{folder}: the README does not name {modules - named}"
        assert named - modules == set(), f"{folder}: the README names {named - modules}"
