"""Every command's --help: a description, and arguments named by readable metavars
(WORKBOOK..., DIR), never by type codes."""

from __future__ import annotations

from typer.testing import CliRunner

from csp_audit.cli.app import app

runner = CliRunner()


def all_commands() -> list[list[str]]:
    """Every command's words, e.g. ['checklists', 'lint'], found from the app itself."""
    from typer.main import get_command

    root = get_command(app)
    found = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            found += [[name, sub] for sub in subcommands]
        else:
            found.append([name])
    return found


def test_every_command_has_help_and_readable_metavars() -> None:
    """Like sqlite-utils' test_docs: no command without help, and no type codes such as
    `{workbooks}...` or `<list[Path]>` where a reader expects WORKBOOK... or DIR."""
    commands = all_commands()
    assert ["checklists", "lint"] in commands and ["audit"] in commands
    for words in commands:
        result = runner.invoke(app, [*words, "--help"], terminal_width=100)
        assert result.exit_code == 0, words
        text = result.output
        description = text.split("\n\n")[1].strip()
        assert description and not description.startswith(("Arguments", "Options")), words
        for code in ("<list[", "<str>", "<path>", "{"):
            assert code not in text, f"{' '.join(words)} --help shows {code}:\n{text}"


def test_usage_names_arguments_by_metavar() -> None:
    usage = runner.invoke(app, ["validate", "--help"]).output.splitlines()[0]
    assert usage.endswith("validate [OPTIONS] WORKBOOK...")
    usage = runner.invoke(app, ["template", "--help"]).output.splitlines()[0]
    assert usage.endswith("template [OPTIONS] OUT.xlsx")
