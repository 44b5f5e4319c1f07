"""`csp-audit checklists list | show | lint`: which checklists there are, their rules, and
whether a checklist file is valid."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csp_audit.cli.options import (
    ChecklistsOption,
)
from csp_audit.cli.printing import (
    counted,
    echo,
    fail,
    print_library,
    print_rules,
    report_input_error,
)
from csp_audit.model.errors import CspAuditError, InputError


def checklists_list(checklists: ChecklistsOption = None) -> None:
    """List the shipped checklists (and your own with --checklists).

    Example: csp-audit checklists list
    """
    from csp_audit.rules.checklists import Library

    try:
        print_library(Library(checklists or ()))
    except InputError as error:
        raise report_input_error(error, "nothing was listed") from None


def checklists_show(
    checklist_id: Annotated[str, typer.Argument(metavar="ID", help="A checklist id.")],
    checklists: ChecklistsOption = None,
) -> None:
    """Show every rule a checklist applies, with those it inherits.

    Example: csp-audit checklists show sefton
    """
    from csp_audit.rules.checklists import Library

    try:
        library = Library(checklists or ())
        checklist = library.get(checklist_id)
        print_rules(f"{checklist.model.id} {checklist.model.version}: {checklist.model.title}",
                    library.resolve([checklist_id]))
    except InputError as error:
        raise report_input_error(error, "nothing was shown") from None
    except CspAuditError as error:
        raise fail(f"error: {error}") from None


def checklists_lint(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Checklist files.")],
) -> None:
    """Check checklist files against the schema, the kinds and what they extend.

    Exit 0 when every file is valid, 2 otherwise.

    Example: csp-audit checklists lint my-partnership.yaml
    """
    from csp_audit.rules.lint import lint_files

    try:
        counts = lint_files(files)
    except InputError as error:
        raise report_input_error(error, "the checklists are not valid") from None
    for path, count in counts:
        echo(f"{path}: valid ({counted(count, 'rule')} after extends and overrides)")
