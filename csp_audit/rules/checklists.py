"""Checklists: YAML files of rules, validated when loaded, resolved through `extends` and
`overrides`, and chosen for a partnership (docs/check-kinds.md).

A checklist that names an unknown kind or param, a workbook value no record can hold, or
extends itself in a cycle, is refused with every problem named by file, rule and field
(csp_audit/checklist_problems.py words them): a broken rule must never be skipped
silently, nor run to a red that only a typo caused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from pydantic import ValidationError

from csp_audit.model.errors import InputError, Problem, UsageError, did_you_mean
from csp_audit.model.findings import ChecklistRef, Source
from csp_audit.model.records import Partnership
from csp_audit.resources import checklists_dir
from csp_audit.rules.checklist_models import (
    AppliesModel,
    ChecklistModel,
    OverrideModel,
    RuleModel,
)
from csp_audit.rules.checklist_problems import (
    FIELD_HINTS,
    Declared,
    file_items,
    one_of,
    param_problems,
    problems_from,
    yaml_error_words,
)
from csp_audit.rules.checklist_yaml import SAFE_LOADER, declared_by, not_utf8
from csp_audit.rules.kinds import KINDS, Params


@dataclass(frozen=True)
class Rule:
    """One rule as the engine runs it, after extends and overrides."""

    id: str
    title: str
    statutory: bool
    area: str
    sources: tuple[Source, ...]
    kind: str
    params: Params
    guidance: str
    checklist: str
    applies: AppliesModel | None = None
    not_applicable: str | None = None
    basis: str | None = None
    """What a non-statutory rule rests on instead of the law (e.g. statutory guidance), so
    a report can say so where it sits among the statutory duties."""
    dated_params: tuple[tuple[date, Params], ...] = ()
    """Whole params taking effect on each day, in date order (`params` before the first)."""

    def params_on(self, day: date) -> Params:
        """The params in force on `day`: the law of the audited year, not today's."""
        chosen = self.params
        for since, params in self.dated_params:
            if since <= day:
                chosen = params
        return chosen


@dataclass(frozen=True)
class RetiredRule:
    """A rule id a checklist no longer ships, what replaced it, and why."""

    id: str
    checklist: str
    version: str
    replaced_by: tuple[str, ...]
    note: str

    def words(self) -> str:
        """`was retired in checklist national 2.0 (note); use X or Y instead`."""
        instead = (f"; use {' or '.join(self.replaced_by)} instead" if self.replaced_by
                   else "")
        return (f"was retired in checklist {self.checklist} {self.version} "
                f"({self.note.rstrip('.')}){instead}")


@dataclass(frozen=True)
class Checklist:
    model: ChecklistModel
    path: Path
    refused_rule_ids: tuple[str, ...] = ()
    """Ids of the file's rules refused for other mistakes: one repeating a parent's id is
    still told as a duplicate, so lint lists every mistake at once."""

    @property
    def ref(self) -> ChecklistRef:
        return ChecklistRef(self.model.id, self.model.version, self.model.title)


@dataclass(frozen=True)
class ChecklistSet:
    """The checklists applied in one audit and their resolved rules, in order."""

    checklists: tuple[ChecklistRef, ...]
    rules: tuple[Rule, ...]
    retired: tuple[RetiredRule, ...] = ()
    declared: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Topics and document kinds beyond the contract's that these checklists declare, by
    open column (`topic`, `kind`): a workbook value among them is one a rule reads."""


def _problem(path: Path, message: str, field: str | None = None,
             expected: str | None = None) -> Problem:
    return Problem(str(path), f"{field}: {message}" if field else message, expected=expected)


def load_file(path: Path, folders: Sequence[Path] = ()) -> Checklist:
    """Read and validate one checklist file; InputError lists every problem in it.
    `folders` (after the shipped one) are where the checklists it extends are looked for."""
    checklist, problems = read_file(path, folders)
    if problems or checklist is None:
        raise InputError(problems)
    return checklist


def read_file(path: Path, folders: Sequence[Path] | None = None
              ) -> tuple[Checklist | None, list[Problem]]:
    """The checklist with its valid rules and overrides, and every problem of the file at
    once: each rule is checked on its own, so one mistake does not hide the next.

    A topic or kind its rules read may be declared by the file or a checklist it extends,
    looked for in the shipped folder and `folders` (by default the file's own)."""
    try:
        raw = path.read_bytes()
        data = yaml.load(raw.decode("utf-8"), Loader=SAFE_LOADER)
    except OSError as error:
        return None, [_problem(path, f"cannot read: {error.strerror or error}")]
    except UnicodeDecodeError as error:
        return None, [_problem(path, not_utf8(raw, error.start))]
    except yaml.YAMLError as error:
        return None, [_problem(path, yaml_error_words(error))]
    if not isinstance(data, dict):
        return None, [_problem(path, "is not a checklist",
                               expected="a mapping with id, title, version and rules")]
    problems: list[Problem] = []
    top = {key: value for key, value in data.items() if key not in ("rules", "overrides")}
    model: ChecklistModel | None = None
    try:
        model = ChecklistModel.model_validate(top)
    except ValidationError as error:
        problems += [_checklist_id_hint(p) for p in problems_from(
            path, "", error, ChecklistModel, "not a checklist field")]
        # NOTE: without its wrong keys the file may still say what it extends, so the
        # problems of its rules' resolution can be listed now rather than after a fix.
        wrong = {e["loc"][0] for e in error.errors() if e["loc"]}
        try:
            model = ChecklistModel.model_validate(
                {k: v for k, v in top.items() if k not in wrong})
        except ValidationError:
            model = None
    owner = top.get("id") if isinstance(top.get("id"), str) else path.stem
    declared = declared_by(top, [checklists_dir(), *(
        (path.parent,) if folders is None else folders)])
    rules, refused = file_items(path, data.get("rules"), "rule", RuleModel, problems, owner,
                                declared)
    overrides, _ = file_items(path, data.get("overrides"), "override", OverrideModel, problems,
                              owner, declared)
    if model is None:
        return None, problems
    if model.id != path.stem:
        problems.append(_problem(path, f"{model.id!r} does not match the file name", "id",
                                 expected=repr(path.stem)))
    model = model.model_copy(update={"rules": rules, "overrides": overrides})
    return Checklist(model, path, refused), problems


def _checklist_id_hint(found: Problem) -> Problem:
    """The top-level id's form is a checklist id's, not a rule id's."""
    if found.message.startswith("id: ") and found.expected == FIELD_HINTS["id"]:
        return Problem(found.file, found.message, expected=FIELD_HINTS["checklist id"])
    return found


EXTENDS_LACKS_RULE = "no checklist it extends defines this rule"


class Library:
    """Every checklist found in the shipped folder and the user's folders (later wins)."""

    def __init__(self, extra_dirs: Iterable[Path] = (), shipped: Path | None = None,
                 strict: bool = True) -> None:
        self.checklists: dict[str, Checklist] = {}
        self.refused: dict[str, Path] = {}
        """Files that could not be loaded, by name: a checklist extending one is told so."""
        self._resolved: dict[tuple[object, ...], tuple[ChecklistSet, tuple[Checklist, ...]]] = {}
        """`resolve`'s sets, by the ids asked and the checklists then held: a national
        check asks for the same few sets once per partnership."""
        problems: list[Problem] = []
        extra_dirs = list(extra_dirs)
        for folder in [shipped or checklists_dir(), *extra_dirs]:
            if not folder.is_dir():
                problems.append(Problem(str(folder), "checklists folder not found"))
                continue
            for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
                try:
                    checklist = load_file(path, [*([shipped] if shipped else []), *extra_dirs])
                except InputError as error:
                    problems += error.problems
                    self.refused[path.stem] = path
                    continue
                self.checklists[checklist.model.id] = checklist
        if problems and strict:
            raise InputError(problems)

    def get(self, checklist_id: str) -> Checklist:
        if checklist_id not in self.checklists:
            known = ", ".join(sorted(self.checklists)) or "none"
            raise UsageError(f"unknown checklist {checklist_id!r} (known: {known})"
                             f"{did_you_mean(checklist_id, self.checklists)}")
        return self.checklists[checklist_id]

    def unknown_parent(self, path: Path, parent: str) -> Problem:
        """`extends` names a checklist that is not there, or could not be loaded."""
        if parent in self.refused:
            return _problem(path, f"{parent!r} could not be loaded: {self.refused[parent]} "
                            f"has problems of its own", "extends")
        return _problem(path, f"{parent!r} is not a checklist", "extends",
                        expected=one_of(sorted(self.checklists), parent))

    def order(self, ids: Iterable[str]) -> list[Checklist]:
        """`ids` and all they extend, parents before children; a cycle is an error."""
        ordered: list[Checklist] = []
        state: dict[str, str] = {}

        def visit(checklist_id: str, chain: list[str]) -> None:
            if state.get(checklist_id) == "done":
                return
            if state.get(checklist_id) == "visiting":
                cycle = " -> ".join([*chain[chain.index(checklist_id):], checklist_id])
                path = self.checklists[checklist_id].path
                raise InputError([_problem(path, f"forms a cycle: {cycle}",
                                           "extends")])
            if checklist_id not in self.checklists and chain:
                raise InputError([self.unknown_parent(self.checklists[chain[-1]].path,
                                                      checklist_id)])
            checklist = self.get(checklist_id)
            state[checklist_id] = "visiting"
            for parent in checklist.model.extends:
                visit(parent, [*chain, checklist_id])
            state[checklist_id] = "done"
            ordered.append(checklist)

        for checklist_id in ids:
            visit(checklist_id, [])
        return ordered

    def resolve(self, ids: Sequence[str]) -> ChecklistSet:
        """The rules of `ids` with their parents': own rules added, overrides merged (the
        same set each time the same ids are asked of the same checklists)."""
        key = (tuple(ids), *((name, id(c)) for name, c in self.checklists.items()))
        if key not in self._resolved:
            # NOTE: the checklists are kept with the set, so no id in a key is reused.
            self._resolved[key] = (self._resolve(ids), tuple(self.checklists.values()))
        return self._resolved[key][0]

    def _resolve(self, ids: Sequence[str]) -> ChecklistSet:
        ordered = self.order(ids)
        rules: dict[str, Rule] = {}
        retired: dict[str, RetiredRule] = {}
        problems: list[Problem] = []
        chains: dict[str, Declared] = {}
        for checklist in ordered:
            model = checklist.model
            declared = chains[model.id] = _declared_in_chain(model, chains)
            retired.update((r.id, RetiredRule(r.id, model.id, model.version,
                                              tuple(r.replaced_by), r.note))
                           for r in model.retired)
            problems += [_duplicate(checklist.path, rule_id, rules[rule_id])
                         for rule_id in dict.fromkeys(checklist.refused_rule_ids)
                         if rule_id in rules]
            for rule in model.rules:
                if rule.id in rules:
                    problems.append(_duplicate(checklist.path, rule.id, rules[rule.id]))
                    continue
                params_model = KINDS[rule.kind].params
                rules[rule.id] = Rule(
                    rule.id, rule.title, rule.statutory, rule.area or model.area,
                    unique_sources(Source(s.cite, s.url) for s in rule.sources), rule.kind,
                    params_model.model_validate(rule.params), rule.guidance,
                    model.id, rule.applies, basis=rule.basis,
                    dated_params=tuple(
                        (step.from_, params_model.model_validate({**rule.params,
                                                                   **step.params}))
                        for step in rule.dated_params))
            for override in model.overrides:
                if override.id not in rules and override.id in retired:
                    problems.append(_problem(
                        checklist.path, retired[override.id].words(),
                        f"override {override.id}",
                        expected="an override of the rule that replaced it"))
                    continue
                if override.id not in rules:
                    problems.append(_problem(
                        checklist.path, EXTENDS_LACKS_RULE,
                        f"override {override.id}", expected="the id of a rule in "
                        f"{', '.join(model.extends) or 'a checklist it extends'}"
                        f"{did_you_mean(override.id, rules)}"))
                    continue
                merged = _override(checklist.path, rules[override.id], override, problems,
                                   declared)
                if merged is not None:
                    rules[override.id] = merged
        if problems:
            raise InputError(problems)
        return ChecklistSet(tuple(c.ref for c in ordered), tuple(rules.values()),
                            tuple(r for r in retired.values() if r.id not in rules),
                            _declared_in_chain(None, chains))


def _declared_in_chain(model: ChecklistModel | None,
                       chains: Mapping[str, Declared]) -> dict[str, frozenset[str]]:
    """The topics and kinds `model` declares with those of every checklist it extends (its
    parents' chains are in `chains` already: `order` puts parents first); with `model`
    None, those of every chain."""
    parents = model.extends if model is not None else list(chains)
    merged: dict[str, frozenset[str]] = {
        "topic": frozenset(model.topics if model else ()),
        "kind": frozenset(model.document_kinds if model else ())}
    for parent in parents:
        for column, values in chains.get(parent, {}).items():
            merged[column] = merged[column] | frozenset(values)
    return merged


def _duplicate(path: Path, rule_id: str, first: Rule) -> Problem:
    return _problem(path, f"is already defined in checklist {first.checklist}",
                    f"rule {rule_id}", expected="a new id, or an override to change that rule")


def _override(path: Path, rule: Rule, override: OverrideModel,
              problems: list[Problem], declared: Declared) -> Rule | None:
    params = {**rule.params.model_dump(by_alias=True, exclude_unset=True), **override.params}
    found = param_problems(path, f"override {override.id}", rule.kind, params,
                           override.params, declared)
    if found:
        problems.extend(found)
        return None
    params_model = KINDS[rule.kind].params
    dated = tuple((since, params_model.model_validate(
        {**step.model_dump(by_alias=True, exclude_unset=True), **override.params}))
        for since, step in rule.dated_params)
    return Rule(
        rule.id, override.title or rule.title,
        rule.statutory if override.statutory is None else override.statutory,
        override.area or rule.area,
        unique_sources((() if override.replace_sources and override.sources else rule.sources)
                       + tuple(Source(s.cite, s.url) for s in override.sources)), rule.kind,
        KINDS[rule.kind].params.model_validate(params), override.guidance or rule.guidance,
        rule.checklist, override.applies or rule.applies,
        override.not_applicable or rule.not_applicable, override.basis or rule.basis, dated)


def unique_sources(sources: Iterable[Source]) -> tuple[Source, ...]:
    """Each cite once, first place kept: a child checklist's override appends its sources, so
    one that repeats a parent's cite would otherwise print it twice. A repeat that carries a
    URL lends it to the first when that had none."""
    kept: dict[str, Source] = {}
    for source in sources:
        key = " ".join(source.cite.split()).casefold()
        first = kept.get(key)
        if first is None:
            kept[key] = source
        elif first.url is None and source.url:
            kept[key] = Source(first.cite, source.url)
    return tuple(kept.values())


def checklist_ids_for(partnership: Partnership) -> list[str]:
    """national (or national-wales), hallmarks, and the partnership's own checklist."""
    ids = ["national-wales" if partnership.nation.casefold() == "wales" else "national",
           "hallmarks"]
    if partnership.checklist and partnership.checklist not in ids:
        ids.append(partnership.checklist)
    return ids


def checklists_for(partnership: Partnership, extra_dirs: Iterable[Path] = (),
                   library: Library | None = None) -> ChecklistSet:
    library = library or Library(extra_dirs)
    own = partnership.checklist
    if own and own not in library.checklists:
        known = ", ".join(sorted(library.checklists)) or "none"
        raise UsageError(f"{partnership.code}: the Partnership sheet's checklist field names "
                         f"'{own}', which is not a checklist (known: {known}); correct "
                         f"the workbook, or pass --checklists DIR holding {own}.yaml"
                         f"{did_you_mean(own, library.checklists)}")
    return library.resolve(checklist_ids_for(partnership))
