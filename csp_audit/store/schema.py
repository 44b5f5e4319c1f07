"""The tables: one per kind of record, the import history and stored audits.

Column names follow the record fields in `csp_audit.model.records` so that `records.py`
converts between rows and values without a hand-written mapping per field. Every record row keeps
`source_sheet` and `source_row`, the workbook place a finding cites as evidence.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, DateTime
from sqlmodel import Field, SQLModel


def _partnership_key() -> Any:
    return Field(foreign_key="partnership.id", ondelete="CASCADE", index=True)


class PartnershipRow(SQLModel, table=True):
    """One partnership; its id stays the same across reloads so import history survives."""

    __tablename__ = "partnership"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    name: str
    nation: str = "England"
    checklist: str | None = None
    year_start_month: int = 4
    year_start_day: int = 1
    tier: str = "unitary"
    attendance_recorded: str | None = None
    """None (a database from before the setting) reads as `everyone`."""
    registers: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    row_counts: dict[str, int] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    source_sheet: str = "Partnership"
    source_row: int | None = None


class MemberRow(SQLModel, table=True):
    __tablename__ = "member"

    id: int | None = Field(default=None, primary_key=True)
    partnership_id: int = _partnership_key()
    organisation: str
    role: str | None = None
    sector: str | None = None
    voting: bool | None = None
    representative: str | None = None
    senior: bool | None = None
    deputy: str | None = None
    joined: dt.date | None = None
    left: dt.date | None = None
    isp_contact: str | None = None
    source_sheet: str
    source_row: int


class MeetingRow(SQLModel, table=True):
    __tablename__ = "meeting"

    id: int | None = Field(default=None, primary_key=True)
    partnership_id: int = _partnership_key()
    meeting_id: str
    date: dt.date
    body: str
    title: str | None = None
    quorate: bool | None = None
    papers_circulated: dt.date | None = None
    minutes_circulated: dt.date | None = None
    minutes_published: dt.date | None = None
    open_to_public: bool | None = None
    chair_elected: bool | None = None
    restricted: bool = False
    group: str | None = None
    chair: str | None = None
    vice_chair: str | None = None
    vice_chair_elected: bool | None = None
    papers_published: dt.date | None = None
    source_sheet: str
    source_row: int


class AttendanceRow(SQLModel, table=True):
    __tablename__ = "attendance"

    id: int | None = Field(default=None, primary_key=True)
    partnership_id: int = _partnership_key()
    meeting_id: str
    organisation: str
    status: str
    senior: bool | None = None
    source_sheet: str
    source_row: int


class AgendaItemRow(SQLModel, table=True):
    __tablename__ = "agenda_item"

    id: int | None = Field(default=None, primary_key=True)
    partnership_id: int = _partnership_key()
    meeting_id: str
    item: str | None = None
    topic: str | None = None
    restricted: bool = False
    decision: bool | None = None
    group: str | None = None
    source_sheet: str
    source_row: int


class DocumentRow(SQLModel, table=True):
    __tablename__ = "document"

    id: int | None = Field(default=None, primary_key=True)
    partnership_id: int = _partnership_key()
    document_id: str
    kind: str
    title: str | None = None
    approved: dt.date | None = None
    reviewed: dt.date | None = None
    published: dt.date | None = None
    covers_from: dt.date | None = None
    covers_to: dt.date | None = None
    signatories: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sent_to_pcc: dt.date | None = None
    url: str | None = None
    restricted: bool = False
    group: str | None = None
    source_sheet: str
    source_row: int


class DhrCaseRow(SQLModel, table=True):
    __tablename__ = "dhr_case"

    id: int | None = Field(default=None, primary_key=True)
    partnership_id: int = _partnership_key()
    case_ref: str
    notified: dt.date | None = None
    decision: str | None = None
    decision_date: dt.date | None = None
    home_office_informed: dt.date | None = None
    chair_appointed: dt.date | None = None
    first_panel: dt.date | None = None
    submitted: dt.date | None = None
    qa_outcome: str | None = None
    published: dt.date | None = None
    sent_to_dac: dt.date | None = None
    restricted: bool = True
    source_sheet: str
    source_row: int


class AsbReviewRow(SQLModel, table=True):
    __tablename__ = "asb_case_review"

    id: int | None = Field(default=None, primary_key=True)
    partnership_id: int = _partnership_key()
    case_ref: str
    received: dt.date | None = None
    threshold_met: bool | None = None
    threshold_decided: dt.date | None = None
    review_completed: dt.date | None = None
    outcome_notified: dt.date | None = None
    restricted: bool = True
    source_sheet: str
    source_row: int


class SentReportRow(SQLModel, table=True):
    """One row of the optional Reports register: what went to another body, and when."""

    __tablename__ = "sent_report"

    id: int | None = Field(default=None, primary_key=True)
    partnership_id: int = _partnership_key()
    date: dt.date
    sent_to: str
    what: str | None = None
    topic: str | None = None
    restricted: bool = False
    source_sheet: str
    source_row: int


class WaiverRow(SQLModel, table=True):
    __tablename__ = "waiver"

    id: int | None = Field(default=None, primary_key=True)
    partnership_id: int = _partnership_key()
    rule_id: str
    reason: str
    expires: dt.date
    approved_by: str | None = None
    approved_on: dt.date | None = None
    source_sheet: str
    source_row: int


# The loop (issue 15): new tables only, so a database made before them gains them on open.
class ActionRow(SQLModel, table=True):
    __tablename__ = "action"

    id: int | None = Field(default=None, primary_key=True)
    partnership_id: int = _partnership_key()
    action_id: str
    action: str | None = None
    rule_id: str | None = None
    subject: str | None = None
    owner: str | None = None
    due: dt.date | None = None
    status: str = "open"
    done: dt.date | None = None
    notes: str | None = None
    rating: str | None = None
    restricted: bool = False
    source_sheet: str
    source_row: int


class DhrRecommendationRow(SQLModel, table=True):
    __tablename__ = "dhr_recommendation"

    id: int | None = Field(default=None, primary_key=True)
    partnership_id: int = _partnership_key()
    case_ref: str
    recommendation: str
    number: str | None = None
    sector: str | None = None
    due: dt.date | None = None
    status: str = "open"
    done: dt.date | None = None
    evidence: str | None = None
    restricted: bool = True
    source_sheet: str
    source_row: int


class RecommendationRow(SQLModel, table=True):
    __tablename__ = "recommendation"

    id: int | None = Field(default=None, primary_key=True)
    partnership_id: int = _partnership_key()
    recommendation_id: str
    recommendation: str
    made_by: str | None = None
    made_on: dt.date | None = None
    response_due: dt.date | None = None
    responded: dt.date | None = None
    accepted: bool | None = None
    reasons: str | None = None
    status: str = "open"
    done: dt.date | None = None
    restricted: bool = False
    source_sheet: str
    source_row: int


class ImportRow(SQLModel, table=True):
    """One successful load of a workbook: kept across reloads as the partnership's history."""

    __tablename__ = "import_record"

    id: int | None = Field(default=None, primary_key=True)
    partnership_id: int = _partnership_key()
    file_name: str
    sha256: str
    loaded_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    """In UTC; PostgreSQL keeps the zone, SQLite does not (`store` reads it back as UTC)."""
    rows: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    warnings: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )


class AuditRunRow(SQLModel, table=True):
    """One audit; keyed by partnership code, not id, so it outlives a reload of the records."""

    __tablename__ = "audit_run"

    id: int | None = Field(default=None, primary_key=True)
    partnership_code: str = Field(index=True)
    partnership_name: str
    year: str = Field(index=True)
    period_start: dt.date
    period_end: dt.date
    as_of: dt.date
    checklists: list[dict[str, str]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    tool_version: str
    created_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    overall: str
    summary: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    warnings: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    """Warnings about the input (AuditResult.warnings), for the reports of the run; None in
    a run stored before they were kept."""


class FindingRow(SQLModel, table=True):
    __tablename__ = "finding"

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="audit_run.id", ondelete="CASCADE", index=True)
    position: int
    rule_id: str
    title: str
    status: str
    reason: str
    public_reason: str | None = None
    sources: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    evidence: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    guidance: str = ""
    statutory: bool = True
    area: str = "statutory"
    basis: str | None = None
    checklist: str = ""
    kind: str = ""
    waiver: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    deadlines: list[dict[str, Any]] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    """The dated deadlines the rule judged, for the report's timeline; None in a run
    stored before they were kept."""


RECORD_TABLES = (
    MemberRow, MeetingRow, AttendanceRow, AgendaItemRow, DocumentRow, DhrCaseRow,
    AsbReviewRow, WaiverRow, ActionRow, DhrRecommendationRow, RecommendationRow, SentReportRow,
)
"""The tables a reload replaces, children of `partnership`."""


class SchemaVersionRow(SQLModel, table=True):
    """The one row saying which version of these tables the database holds
    (csp_audit/store/versions.py): an older csp-audit refuses a newer database rather than
    alter it, and a newer one migrates an older database forward."""

    __tablename__ = "schema_version"

    version: int = Field(primary_key=True)


def sqlite_ddl_source() -> str:
    """The text of `store/sqlite_ddl.py`: these tables as SQLAlchemy creates them in SQLite
    and each table's columns, so
    a SQLite command creates and checks its tables without importing SQLModel or
    SQLAlchemy. tests/store/test_sqlite_ddl.py compares it with the file, and says how to
    rewrite the file."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable, sort_tables_and_constraints

    dialect = sqlite.dialect()
    statements: list[str] = []
    columns: list[str] = []
    # NOTE: in the order create_all creates them (each table's indexes after it, by name).
    ordered = sort_tables_and_constraints(list(SQLModel.metadata.tables.values()))
    for table in (table for table, _ in ordered if table is not None):
        statements.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        statements.extend(str(CreateIndex(index).compile(dialect=dialect)).strip()
                          for index in sorted(table.indexes, key=lambda index: str(index.name)))
        columns.append(f"    {table.name!r}: (")
        columns.extend(_wrapped([repr(c.name) + "," for c in table.columns], "        "))
        columns.append("    ),")
    lines = [
        '"""Generated by `csp_audit.store.schema.sqlite_ddl_source()` from the SQLModel tables',
        "of schema.py, the one source of the schema; never edit it by hand (see",
        'tests/store/test_sqlite_ddl.py)."""',
        "",
        "DDL: tuple[str, ...] = (",
        *(line for statement in statements for line in _statement_lines(statement)),
        ")",
        '"""What `SQLModel.metadata.create_all` runs on a new SQLite database."""',
        "",
        "COLUMNS: dict[str, tuple[str, ...]] = {",
        *columns,
        "}",
        '"""Each table\'s columns in order."""',
        "",
    ]
    return "\n".join(lines)


def _statement_lines(statement: str) -> list[str]:
    """One statement as implicitly joined string literals, a line of SQL to a line."""
    parts = statement.splitlines(keepends=True)
    return [f"    {part!r}" for part in parts[:-1]] + [f"    {parts[-1]!r},"]


def _wrapped(items: list[str], indent: str, width: int = 92) -> list[str]:
    lines = [indent]
    for item in items:
        if len(lines[-1]) + len(item) + 1 > width and lines[-1].strip():
            lines.append(indent)
        lines[-1] += ("" if not lines[-1].strip() else " ") + item
    return lines
