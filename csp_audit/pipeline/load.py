"""Validated workbooks into the database: the work behind `csp-audit load`.

Each workbook is validated first and loaded in its own transaction, so a refused workbook
leaves the database as it was and a reload replaces that partnership's records entirely.
This is where a workbook meets the rules: a waiver naming no rule that applies is warned of
here (`validate_fully`, which `validate` calls too), never refused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from csp_audit.model.errors import DatabaseError, Problem, UsageError, did_you_mean
from csp_audit.model.records import Waiver
from csp_audit.pipeline.parallel import started
from csp_audit.rules.input_warnings import RuleIds, waives_nothing
from csp_audit.store.sqlite import is_new_sqlite_file
from csp_audit.workbook.columns import LoadColumns
from csp_audit.workbook.rows import off_list_value
from csp_audit.workbook.sheets import cell_ref
from csp_audit.workbook.validate import Validation, validate_with_plan, validate_workbook

if TYPE_CHECKING:
    from csp_audit.store.connect import Engine


@dataclass(frozen=True)
class LoadOutcome:
    """What happened to one workbook: loaded (with rows per sheet) or refused, and why."""

    path: Path
    code: str | None
    ok: bool
    rows: dict[str, int] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    """Every error (when refused) and warning the workbook raised."""
    name: str | None = None
    replaced: bool = False
    """True when the load replaced records of the same code loaded before."""

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")


def validate_fully(path: Path, rule_ids: RuleIds | None) -> Validation:
    """The workbook checked against the input contract and, unless `rule_ids` is None, its
    waivers against the rules that would apply to it (warnings only)."""
    validation = validate_workbook(path)
    if rule_ids is not None:
        _against_checklists(validation, rule_ids)
    return validation


def _against_checklists(validation: Validation, rule_ids: RuleIds) -> None:
    """Waivers naming no rule are warned of; a topic or kind off the contract's list that the
    applying checklists declare is one a rule reads, so its warning is dropped, as is the
    warning that the partnership's own checklist is not shipped when a folder holds it."""
    if rule_ids.waivers:
        validation.problems += unknown_waiver_problems(validation, rule_ids)
    records = validation.records
    if records is not None and rule_ids.folders and records.partnership.checklist \
            and rule_ids.applying_to(records.partnership) is not None:
        # NOTE: the workbook's own checklist is not shipped, but a --checklists folder
        # holds it, so the warning's remedy ("pass --checklists DIR") has been taken.
        said = f"checklist '{records.partnership.checklist}' is not a shipped checklist."
        validation.problems = [p for p in validation.problems
                               if not (p.sheet == "Partnership" and p.message.startswith(said))]
    off_list = {id(p): value for p in validation.problems
                if (value := off_list_value(p)) is not None}
    if records is None or not off_list:
        return
    declared = rule_ids.declared_for(records.partnership)
    validation.problems = [p for p in validation.problems if id(p) not in off_list
                           or off_list[id(p)][1] not in declared.get(off_list[id(p)][0], ())]


def unknown_waiver_problems(validation: Validation, rule_ids: RuleIds) -> list[Problem]:
    """A warning for each waiver whose rule id none of the applying checklists holds
    (compared as the engine compares them: trimmed, ignoring case), naming its cell."""
    records = validation.records
    if records is None or not records.waivers:
        return []
    applying = rule_ids.applying_to(records.partnership)
    if applying is None:
        return []
    applied, known = applying
    column = validation.waiver_rule_column
    problems = []
    for waiver in _waiving_nothing(records.waivers, known):
        rule_id = waiver.rule_id.strip()
        problems.append(Problem(
            file=str(validation.path), severity="warning", sheet=waiver.place.sheet,
            cell=cell_ref(waiver.place.row, column) if column is not None else None,
            message=f"unknown waiver rule id '{rule_id}': none of the checklists that apply "
                    f"({', '.join(applied)}) has it, so it waives nothing"
                    f"{did_you_mean(rule_id, sorted(known))}"))
    return problems


def _waiving_nothing(waivers: tuple[Waiver, ...], known: frozenset[str]) -> list[Waiver]:
    return [waiver for waiver in waivers if waives_nothing(waiver, known)]


def _nothing_to_say(rule_ids: RuleIds, columns: LoadColumns) -> bool:
    """True when a workbook read column by column raises no warning against the rules
    either (a waiver of no rule is worded by the cell-by-cell reader)."""
    if not rule_ids.waivers:
        return True
    waivers = columns.waivers()
    applying = rule_ids.applying_to(columns.partnership) if waivers else None
    return applying is None or not _waiving_nothing(waivers, applying[1])


def validate_for_load(path: Path, rule_ids: RuleIds) -> Validation:
    """`validate_fully` as `load` asks it: a clean workbook comes back as plain columns
    (`Validation.columns`), any other as `validate_fully` gives it."""
    validation = validate_workbook(path, partial(_nothing_to_say, rule_ids))
    _against_checklists(validation, rule_ids)
    return validation


def _with_plan(path: Path, plan: Path, rule_ids: RuleIds | None) -> Validation:
    validation = validate_with_plan(path, plan)
    if rule_ids is not None:
        _against_checklists(validation, rule_ids)
    return validation


def _validate_for_load(rule_ids: RuleIds, path: Path) -> Validation:
    """`validate_for_load` as a worker calls it: the shared `rule_ids` first."""
    return validate_for_load(path, rule_ids)


@dataclass(frozen=True)
class LoadRun:
    """Every workbook's outcome, and what the load found and did to a SQLite --db: the CLI
    says what a refusal left behind without asking the file system again."""

    outcomes: list[LoadOutcome]
    database_was_new: bool
    """--db named a SQLite file that did not exist when the load began."""
    database_made: bool
    """... and the load made it (a valid workbook was stored)."""


def load_workbooks(paths: list[Path], db: str,
                   on_loaded: Callable[[LoadOutcome], None] | None = None,
                   check_waivers: bool = True,
                   action_plan: Path | None = None,
                   checklist_folders: Sequence[Path] = ()) -> list[LoadOutcome]:
    """Each workbook's outcome of `load_run`: what a library caller needs."""
    return load_run(paths, db, on_loaded, check_waivers, action_plan,
                    checklist_folders).outcomes


def load_run(paths: list[Path], db: str,
             on_loaded: Callable[[LoadOutcome], None] | None = None,
             check_waivers: bool = True,
             action_plan: Path | None = None,
             checklist_folders: Sequence[Path] = ()) -> LoadRun:
    """Validate and load each workbook; DatabaseError if `db` cannot be opened at all.

    `on_loaded` hears of each workbook as it is done (the CLI's progress bar);
    `check_waivers` warns of a waiver whose rule id no applying shipped checklist has;
    `action_plan` (one workbook only) is a filled-in csp-audit action plan read as its
    Actions register; `checklist_folders` hold local checklists whose declared topics and
    kinds quieten the warning for those values.

    A new SQLite file is made only when the first valid workbook is stored, so a load that
    refuses every workbook leaves no database behind; an existing database or a server is
    opened before any workbook is stored or reported, so a bad one is said first (worker
    processes already reading workbooks are stopped)."""
    loaded_from: dict[str, Path] = {}
    rule_ids = RuleIds(checklist_folders, waivers=check_waivers)
    outcomes = []
    paths = [Path(path) for path in paths]
    # NOTE: several workbooks are validated in worker processes (each with its own copy of
    # `rule_ids`), set going before the database is opened so that importing its driver
    # and opening it overlap their work; each is loaded here in order, a clean one crossing
    # the pipe as plain columns, not records.
    with started(_validate_for_load, [] if action_plan else paths, rule_ids) as validations:
        database = _Database(db)
        try:
            if action_plan is not None:
                if len(paths) != 1:
                    raise UsageError("--actions goes with one workbook: the partnership whose "
                                     "action plan it is")
                validations = iter([_with_plan(paths[0], action_plan, rule_ids)])
            for path, validation in zip(paths, validations, strict=True):
                outcome = _load_one(database, path, validation, loaded_from)
                if outcome.ok and outcome.code is not None:
                    loaded_from[outcome.code] = path
                outcomes.append(outcome)
                if on_loaded is not None:
                    on_loaded(outcome)
        finally:
            database.dispose()
    return LoadRun(outcomes, database.was_new, database.made)


class _Database:
    """The database of one load, opened at once unless opening would make a new file."""

    def __init__(self, db: str) -> None:
        # NOTE: the database code is imported here, not above, so `validate` (which
        # calls `validate_fully`) starts without SQLAlchemy.
        from csp_audit.store.connect import check_database

        check_database(db)
        self.db = db
        self.was_new = is_new_sqlite_file(db)
        self._engine = None if self.was_new else self._open()

    @property
    def made(self) -> bool:
        """The load made the new SQLite file: opened only once a workbook is stored."""
        return self.was_new and self._engine is not None

    def _open(self) -> Engine:
        from csp_audit.store.connect import open_database

        return open_database(self.db)

    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = self._open()
        return self._engine

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _load_one(database: _Database, path: Path, validation: Validation,
              loaded_from: dict[str, Path]) -> LoadOutcome:
    from csp_audit.store.records import ImportInfo, record_columns, save_columns

    problems = tuple(validation.problems)
    partnership = validation.partnership
    if partnership is not None and partnership.code in loaded_from:
        code = partnership.code
        problems += (Problem(
            file=str(path), severity="warning",
            message=f"partnership code '{code}' was also loaded from {loaded_from[code]} "
                    "in this run; this workbook replaces those records",
            sheet="Partnership", found=code, expected="a code used by one workbook only"),)
    records, columns = validation.records, validation.columns
    if not validation.ok or partnership is None or (records is None and columns is None):
        code = partnership.code if partnership is not None else None
        return LoadOutcome(path, code, ok=False, problems=problems)
    row_counts = columns.row_counts if columns is not None else records.row_counts
    tables = columns.tables if columns is not None else record_columns(records)
    info = ImportInfo(file_name=path.name, sha256=validation.sha256,
                      warnings=tuple(p for p in problems if p.severity == "warning"))
    try:
        saved = save_columns(database.engine(), partnership, row_counts, tables, info)
    except DatabaseError as error:
        refusal = Problem(file=str(path), message=f"not loaded: {error}")
        return LoadOutcome(path, partnership.code, ok=False, problems=(*problems, refusal),
                           name=partnership.name)
    return LoadOutcome(path, partnership.code, ok=True, rows=dict(row_counts),
                       problems=problems, name=partnership.name, replaced=saved.replaced)
