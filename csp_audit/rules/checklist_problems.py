"""Checklist problems in plain English, for the person editing the YAML.

pydantic's own wording ("Input should be a valid integer", a documentation URL) is
rewritten as what is wrong and what was expected; and parameters that name a workbook
value (a meeting body, an agenda topic, a document kind, a member role, a sector) are
checked against the workbook contract, so a misspelt one is refused when the checklist is
read instead of turning every finding red when it runs.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, get_args

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from csp_audit.model import contract
from csp_audit.model.errors import Problem, did_you_mean
from csp_audit.rules.kinds import KINDS

CONTRACT_PARAMS: dict[str, tuple[str, str]] = {
    "body": ("Meetings", "body"),
    "topic": ("Agenda", "topic"),
    "when_topic": ("Agenda", "topic"),
    "topics": ("Agenda", "topic"),
    "agenda_topics": ("Agenda", "topic"),
    "kind": ("Documents", "kind"),
    "kinds": ("Documents", "kind"),
    "or_kinds": ("Documents", "kind"),
    "strategy_kind": ("Documents", "kind"),
    "assessment_kind": ("Documents", "kind"),
    "role": ("Members", "role"),
    "roles": ("Members", "role"),
    "from_body": ("Meetings", "body"),
    "each_meeting_of": ("Meetings", "body"),
    "after": ("Documents", "kind"),
    "sectors": ("Members", "sector"),
    "abolished": ("Members", "sector"),
}
"""Kind parameters that name a workbook value -> the contract (sheet, column) holding the
values a record can have; every kind's parameter of that name is checked the same way."""

FIELD_HINTS = {
    "id": "an id such as SEF-QUORUM: capital letters and digits in parts joined by hyphens",
    "checklist id": "lower-case letters, digits and hyphens, the file name without .yaml",
    "title": "a short title in words",
    "version": 'a version such as "1.0"',
    "sources": "a list of sources, each with cite (and url)",
    "cite": "the clause or section the rule comes from",
    "kind": "a check kind (docs/check-kinds.md)",
    "guidance": "a sentence or two saying what to do when the finding is not green",
    "params": "the check kind's parameters, such as {body: board, min: 4}",
    "area": "statutory, hallmarks or local",
    "extends": "a list of checklist ids, such as [national, hallmarks]",
    "topics": "agenda topics this checklist's rules read, each a slug with a one-line "
              "description, such as {vawg: violence against women and girls}",
    "document_kinds": "document kinds this checklist's rules read, each a slug with a "
                      "one-line description, such as {vawg_strategy: the VAWG strategy}",
}

_TYPE_WORDS = {
    "int": ("is not a whole number", "a whole number such as 12"),
    "float": ("is not a number", "a number such as 0.5"),
    "bool": ("is not yes or no", "true or false"),
    "string": ("is not text", "text"),
    "list": ("is not a list", "a list such as [a, b]"),
    "dict": ("is not a mapping", "keys and values such as {name: value}"),
    "model": ("is not a mapping", "keys and values such as {name: value}"),
    "date": ("is not a date", "a date as YYYY-MM-DD"),
}
_BOUNDS = {"greater_than_equal": ("is too small", "{ge} or more"),
           "greater_than": ("is too small", "more than {gt}"),
           "less_than_equal": ("is too large", "{le} or less"),
           "less_than": ("is too large", "less than {lt}")}
_UNION_TAGS = re.compile(r"^(str|int|float|bool|list\[.*\]|dict\[.*\]|function-\w+\[.*\]|"
                         r"tagged-union\[.*\]|nullable\[.*\]|[A-Z]\w*)$")


def shown(value: Any) -> str:
    """A YAML value as the reader wrote it, cut short when long."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def one_of(options: Sequence[str], wanted: object = None) -> str:
    """`one of a, b or c; did you mean 'b'?`: what is allowed, and the nearest to `wanted`."""
    listed = options[0] if len(options) == 1 else f"{', '.join(options[:-1])} or {options[-1]}"
    near = did_you_mean(wanted, options) if isinstance(wanted, str) else ""
    return f"one of {listed}{near}"


def place(loc: Iterable[int | str]) -> str:
    """`sources item 2, cite`: a location inside one rule, counted from 1 as people do."""
    words: list[str] = []
    for part in loc:
        if isinstance(part, int):
            words[-1:] = [f"{words[-1]} item {part + 1}" if words else f"item {part + 1}"]
        elif not _UNION_TAGS.match(part):
            words.append(part)
    return ", ".join(words)


def plain(error: ErrorDetails, unknown: str = "not a field known here",
          allowed: Sequence[str] = ()) -> tuple[str, str | None]:
    """(what is wrong, what was expected) for one pydantic error, in the reader's words;
    `unknown` says what a misspelt key is not (`not a parameter of kind quorum`)."""
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    name = next((p for p in reversed(error["loc"]) if isinstance(p, str)
                 and not _UNION_TAGS.match(p)), "")
    if kind == "missing":
        return "missing", FIELD_HINTS.get(name)
    if kind == "extra_forbidden":
        return unknown, one_of(allowed, name) if allowed else None
    if kind in _BOUNDS:
        what, expected = _BOUNDS[kind]
        bounds = {key: int(v) if isinstance(v, float) and v.is_integer() else v
                  for key, v in ctx.items()}
        return f"{shown(value)} {what}", expected.format(**bounds)
    if kind in ("too_short", "string_too_short"):
        if kind == "string_too_short" or not value:
            return "is empty", FIELD_HINTS.get(name, "something here")
        return "has too few items", f"at least {ctx.get('min_length')}"
    if kind == "too_long":
        return "has too many items", f"at most {ctx.get('max_length')}"
    if kind == "string_pattern_mismatch":
        return f"{shown(value)} is not in the right form", FIELD_HINTS.get(name)
    if kind in ("literal_error", "enum"):
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"{shown(value)} is not allowed", one_of(options, value)
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"])), None
    for prefix, (what, expected) in _TYPE_WORDS.items():
        if kind.startswith(prefix):
            return f"{shown(value)} {what}", expected
    message = re.sub(r"^Input should be ", "", error["msg"])
    return f"{shown(value)} is not valid", message


def problems_from(path: Path, where: str, error: ValidationError, model: type[BaseModel],
                  unknown: str) -> list[Problem]:
    """One Problem per pydantic error, each `FILE: WHERE: PLACE: what (expected ...)`.

    Errors pydantic repeats for each member of a union (`str` or `bool`) are told once."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for detail in error.errors(include_url=False):
        at = place(detail["loc"])
        if at in seen:
            continue
        seen.add(at)
        parent = model_at(model, detail["loc"][:-1])
        if detail["type"] == "extra_forbidden" and parent is not model:
            unknown_here = "not a field known here"
            if parent is not None:
                unknown_here = f"not a {parent.__name__.removesuffix('Model').lower()} field"
        else:
            unknown_here = unknown
        allowed = ([f.alias or n for n, f in parent.model_fields.items()]
                   if parent is not None else [])
        problems.append(problem(path, where, at, *plain(detail, unknown_here, allowed)))
    return problems


def model_at(model: type[BaseModel], loc: Sequence[int | str]) -> type[BaseModel] | None:
    """The pydantic model that holds the field at `loc` (list items followed), if any."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None:
            return None
        field = next((f for n, f in fields.items() if part in (n, f.alias)), None)
        if field is None:
            return None
        current = _model_in(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _model_in(annotation: Any) -> Any:
    """`Stage` for `list[Stage]`, `Within | None` -> `Within`; None when no model."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def problem(path: Path, where: str, at: str, what: str, expected: str | None) -> Problem:
    parts = [p for p in (where, at) if p]
    return Problem(str(path), ": ".join([*parts, what]), expected=expected)


def contract_values(column: tuple[str, str]) -> tuple[str, ...]:
    sheet = contract.sheet_for(column[0])
    assert sheet is not None, column
    return sheet.column(column[1]).choices


def is_open(column: tuple[str, str]) -> bool:
    """An agenda topic or document kind: a checklist may declare more of them."""
    sheet = contract.sheet_for(column[0])
    assert sheet is not None, column
    return sheet.column(column[1]).open


DECLARES = {"topic": "topics", "kind": "document_kinds"}
"""An open column -> the checklist field that declares more of its values."""

Declared = Mapping[str, Collection[str]]
"""An open column's name (topic, kind) -> the values the checklists in force declare."""


def contract_problems(path: Path, where: str, params: Mapping[str, Any],
                      names: Iterable[str], declared: Declared | None = None) -> list[Problem]:
    """Each value of a parameter in `names` that no workbook record can hold: a topic or
    document kind off the contract's list is allowed when `declared` holds it (the
    checklist or one it extends declares it)."""
    problems: list[Problem] = []
    for name in names:
        if name not in CONTRACT_PARAMS or params.get(name) is None:
            continue
        sheet, column = CONTRACT_PARAMS[name]
        open_column = is_open((sheet, column))
        extra = tuple((declared or {}).get(column, ())) if open_column else ()
        allowed = contract_values((sheet, column)) + tuple(sorted(extra))
        value = params[name]
        if isinstance(value, Mapping):
            items = [(name, key) for key in value]
        elif isinstance(value, list):
            items = [(f"{name} item {index}", item) for index, item in enumerate(value, 1)]
        else:
            items = [(name, value)]
        for at, item in items:
            if item in allowed:
                continue
            expected = one_of(allowed, item)
            if open_column:
                expected = (f"{one_of(allowed)}, or declared under {DECLARES[column]}: in "
                            "this checklist or one it extends, with a one-line description"
                            f"{did_you_mean(item, allowed) if isinstance(item, str) else ''}")
            problems.append(problem(
                path, where, at, f"{shown(item)} is not a {column} the {sheet} sheet "
                f"allows", expected))
    return problems


def param_problems(path: Path, where: str, kind: str, params: dict[str, Any],
                   given: dict[str, Any], declared: Declared | None = None) -> list[Problem]:
    """Problems of a kind's params: its model's, then each of `given` (the keys this file
    wrote) that names a workbook value no record can hold (`declared` as for
    `contract_problems`)."""
    model = KINDS[kind].params
    found: list[Problem] = []
    try:
        model.model_validate(params)
    except ValidationError as error:
        found = problems_from(path, where, error, model, f"not a parameter of kind {kind}")
    fields = {f.alias or n for n, f in model.model_fields.items()} | set(model.model_fields)
    named = {p.message.split(": ")[1] for p in found}
    return found + contract_problems(path, where, given, [
        name for name in given if name in fields and name not in named], declared)


def yaml_error_words(error: yaml.YAMLError) -> str:
    """`line 3, column 3: not valid YAML: did not find expected key (while parsing a block
    mapping that started at line 1, column 1)`: the parser's words, with its places as
    line and column of the file, not of its internal "<unicode string>"."""
    if not isinstance(error, yaml.MarkedYAMLError) or error.problem_mark is None:
        return f"not valid YAML: {error}"
    mark = error.problem_mark
    what = error.problem or "cannot be read"
    if error.context and error.context_mark is not None:
        started = error.context_mark
        what += (f" ({error.context} that started at line {started.line + 1}, column "
                 f"{started.column + 1})")
    elif error.context:
        what += f" ({error.context})"
    return f"line {mark.line + 1}, column {mark.column + 1}: not valid YAML: {what}"


Item = TypeVar("Item", bound=BaseModel)


def file_items(path: Path, items: object, noun: str, model: type[Item],
               problems: list[Problem], owner: str, declared: Declared | None = None
               ) -> tuple[list[Item], tuple[str, ...]]:
    """The valid rules (or overrides) of a file, and the ids of those refused; the problems
    of the others added to `problems`, each named by its id, or by its place when it has
    none. An id used twice in the file is a problem whatever else is wrong with either."""
    if items is None:
        return [], ()
    if not isinstance(items, list):
        problems.append(Problem(str(path), f"{noun}s: is not a list",
                                expected=f"a list of {noun}s, each starting '- id:'"))
        return [], ()
    valid: list[Item] = []
    refused: list[str] = []
    seen: set[str] = set()
    for number, item in enumerate(items, 1):
        rule_id = item.get("id") if isinstance(item, dict) else None
        where = (f"{noun} {rule_id}" if isinstance(rule_id, str) and rule_id
                 else f"{noun} {number} (no id)")
        if not isinstance(item, dict):
            problems.append(Problem(str(path), f"{where}: is not a mapping",
                                    expected="id, title, sources, kind, params, guidance"))
            continue
        found: list[Problem] = []
        if isinstance(rule_id, str) and rule_id in seen:
            found.append(Problem(
                str(path), f"{where}: is already defined in checklist {owner}",
                expected="a new id, or an override to change that rule" if noun == "rule"
                else "one override for each rule"))
        elif isinstance(rule_id, str):
            seen.add(rule_id)
        try:
            checked = model.model_validate(item)
        except ValidationError as error:
            found += problems_from(path, where, error, model, f"not {noun} field")
            checked = None
        kind = item.get("kind")
        if noun == "rule" and isinstance(kind, str) and kind in KINDS:
            params = item.get("params") or {}
            if isinstance(params, dict):
                found += param_problems(path, where, kind, params, params, declared)
                found += _dated_param_problems(path, where, kind, params,
                                               item.get("dated_params"), declared)
        problems += found
        if checked is not None and not found:
            valid.append(checked)
        elif isinstance(rule_id, str) and rule_id:
            refused.append(rule_id)
    return valid, tuple(refused)


def _dated_param_problems(path: Path, where: str, kind: str, params: dict[str, Any],
                          steps: object, declared: Declared | None) -> list[Problem]:
    """Each dated step's params over the rule's own, checked as the rule's are."""
    found: list[Problem] = []
    for step in steps if isinstance(steps, list) else []:
        given = step.get("params") if isinstance(step, dict) else None
        if isinstance(given, dict):
            found += param_problems(path, f"{where} dated_params from {step.get('from')}",
                                    kind, {**params, **given}, given, declared)
    return found
