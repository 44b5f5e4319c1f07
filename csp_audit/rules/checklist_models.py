"""The checklist file's format as pydantic models: what a rule, an override, a dated step of
params and a retired id may say. Unknown keys are errors, so a typo is refused when the file
is read (csp_audit/rules/checklist_problems.py words the problems)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from csp_audit.rules.checklist_problems import one_of
from csp_audit.rules.kinds import KINDS

Area = Literal["statutory", "hallmarks", "local"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class SourceModel(_Model):
    cite: str = Field(min_length=1)
    url: str | None = None


class AppliesModel(_Model):
    nation: list[str] | None = None
    tier: list[str] | None = None
    from_: date | None = Field(default=None, alias="from")
    until: date | None = None


class DatedParamsModel(_Model):
    """Params that take effect on a day: the law changed then (a body became, or ceased to
    be, a responsible authority), so a year before it is rated by the earlier params."""

    from_: date = Field(alias="from")
    params: dict[str, Any] = Field(min_length=1)
    because: str = Field(min_length=1)


class RetiredModel(_Model):
    """A rule id no longer shipped: its meaning changed, so it gave way to new ids, and a
    waiver or override naming it is told so rather than silently ignored."""

    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
    replaced_by: list[str] = Field(default_factory=list)
    note: str = Field(min_length=1)


class RuleModel(_Model):
    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
    title: str = Field(min_length=1)
    statutory: bool = True
    basis: str | None = Field(default=None, min_length=1)
    area: Area | None = None
    sources: list[SourceModel] = Field(min_length=1)
    kind: str
    params: dict[str, Any] = Field(default_factory=dict)
    dated_params: list[DatedParamsModel] = Field(default_factory=list)
    applies: AppliesModel | None = None
    guidance: str = Field(min_length=1)

    @field_validator("dated_params")
    @classmethod
    def _in_date_order(cls, value: list[DatedParamsModel]) -> list[DatedParamsModel]:
        days = [step.from_ for step in value]
        if days != sorted(set(days)):
            raise ValueError("the dated params must be in date order, one step a day")
        return value

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in KINDS:
            raise ValueError(f"{value!r} is not a check kind (expected "
                             f"{one_of(sorted(KINDS), value)})")
        return value


class OverrideModel(_Model):
    id: str
    title: str | None = None
    statutory: bool | None = None
    basis: str | None = Field(default=None, min_length=1)
    area: Area | None = None
    sources: list[SourceModel] = Field(default_factory=list)
    replace_sources: bool = False
    params: dict[str, Any] = Field(default_factory=dict)
    applies: AppliesModel | None = None
    guidance: str | None = None
    not_applicable: str | None = None


SLUG = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")


def _declared(value: dict[str, str]) -> dict[str, str]:
    """Each declared topic or document kind is a slug (as the workbook loads an off-list
    value: `VAWG` -> `vawg`) with a one-line description of what it is."""
    for slug, description in value.items():
        if not SLUG.match(slug):
            raise ValueError(f"{slug!r} is not a slug (expected lower-case words joined by _, "
                             "as the workbook loads the value: VAWG -> vawg)")
        if not isinstance(description, str) or not description.strip() \
                or "\n" in description.strip():
            raise ValueError(f"{slug!r} needs a one-line description")
    return value


class ChecklistModel(_Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    version: str
    extends: list[str] = Field(default_factory=list)
    area: Area = "local"
    source_document: str | None = None
    rules: list[RuleModel] = Field(default_factory=list)
    overrides: list[OverrideModel] = Field(default_factory=list)
    retired: list[RetiredModel] = Field(default_factory=list)
    topics: dict[str, str] = Field(default_factory=dict)
    """Agenda topics beyond the contract's that this checklist's rules (and its children's)
    read: a local standing item such as `vawg: violence against women and girls`."""
    document_kinds: dict[str, str] = Field(default_factory=dict)
    """Document kinds beyond the contract's, declared the same way."""

    @field_validator("topics", "document_kinds")
    @classmethod
    def _slugs(cls, value: dict[str, str]) -> dict[str, str]:
        return _declared(value)

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value
