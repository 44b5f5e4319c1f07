"""`csp-audit checklists lint`: every problem of every checklist file at once, each file
read and then resolved against the shipped checklists and its own folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from csp_audit.model.errors import InputError, Problem
from csp_audit.rules.checklists import EXTENDS_LACKS_RULE, Library, read_file


def lint_files(paths: Sequence[Path]) -> list[tuple[Path, int]]:
    """Validate checklist files and resolve each against the shipped checklists and its own
    folder; returns (file, rules after resolution), or raises InputError with every problem
    of every file: a file's valid rules are still resolved when others are wrong."""
    problems: list[Problem] = []
    counts: list[tuple[Path, int]] = []
    for path in paths:
        checklist, found = read_file(path)
        problems += found
        if checklist is None:
            continue
        # NOTE: siblings that fail to load are other files' problems, not this one's.
        library = Library([path.parent], strict=False)
        library.refused.pop(checklist.model.id, None)
        library.checklists[checklist.model.id] = checklist
        del library.checklists[checklist.model.id]
        known = [parent for parent in checklist.model.extends if parent in library.checklists]
        unknown = [library.unknown_parent(path, parent) for parent in checklist.model.extends
                   if parent not in known]
        problems += unknown
        library.checklists[checklist.model.id] = replace(
            checklist, model=checklist.model.model_copy(update={"extends": known}))
        try:
            resolved = library.resolve([checklist.model.id])
        except InputError as error:
            # NOTE: an override of a rule from a misspelt parent is that parent's problem.
            problems += [p for p in error.problems if not unknown
                         or EXTENDS_LACKS_RULE not in p.message]
            continue
        if not found and not unknown:
            counts.append((path, len(resolved.rules)))
    if problems:
        raise InputError(problems)
    return counts
