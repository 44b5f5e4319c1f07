"""Check kinds over case registers (DHR, ASB case reviews): deadlines per stage and the
publication of reviews. Case records are restricted, so reasons that name cases come with a
public version that gives counts only."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from csp_audit.model.findings import SEVERITY, Deadline, Evidence, Status
from csp_audit.model.periods import add_months, long_date, months_and_days, nth_working_day_after
from csp_audit.model.records import AsbReview, DhrCase, field_names
from csp_audit.model.wording import counted
from csp_audit.rules.kinds.base import (
    Context,
    Outcome,
    Params,
    cite,
    kind,
    sentence,
    worst,
)


@dataclasses.dataclass(frozen=True)
class Register:
    """How to read one case register."""

    key: str
    sheet: str
    noun: str
    received: str
    record: type

    def cases(self, ctx: Context) -> tuple[Any, ...]:
        return ctx.records.dhr_cases if self.key == "dhr" else ctx.records.asb_reviews

    def closed(self, case: Any) -> date | None:
        """When the case ended: published, or decided not to go ahead."""
        if isinstance(case, DhrCase):
            return case.published or (case.decision_date
                                      if case.decision == "not_commissioned" else None)
        return case.outcome_notified or (case.threshold_decided
                                         if case.threshold_met is False else None)


REGISTERS = {
    "dhr": Register("dhr", "DHR", "DHR case", "notified", DhrCase),
    "asb": Register("asbcasereviews", "ASB case reviews", "ASB case review", "received",
                    AsbReview),
}

EVENT_NOUNS = {
    "notified": "notification", "decision_date": "the decision",
    "home_office_informed": "telling the Home Office", "chair_appointed": "appointing a chair",
    "first_panel": "the first panel meeting", "submitted": "submission of the report",
    "published": "publication", "received": "receipt of the application",
    "threshold_decided": "the threshold decision", "review_completed": "completion of the review",
    "outcome_notified": "telling the applicant the outcome",
    "sent_to_dac": "sending the report to the Domestic Abuse Commissioner",
}


def _dates(case: Any) -> list[date]:
    return [v for v in (getattr(case, name) for name in field_names(type(case)))
            if isinstance(v, date)]


def cases_in_scope(ctx: Context, register: Register) -> list[Any]:
    """Cases open at the start of the year, or with a dated event inside it (rules.md);
    worked out once an audit, as a dozen rules ask."""
    key = (cases_in_scope, register)
    if key not in ctx.worked_out:
        ctx.worked_out[key] = tuple(_cases_in_scope(ctx, register))
    return list(ctx.worked_out[key])


def _cases_in_scope(ctx: Context, register: Register) -> list[Any]:
    chosen = []
    for case in register.cases(ctx):
        received = getattr(case, register.received)
        closed = register.closed(case)
        open_at_start = (received is not None and received < ctx.period.start
                         and (closed is None or closed >= ctx.period.start))
        if open_at_start or any(ctx.in_year(d) for d in _dates(case)):
            chosen.append(case)
    return sorted(chosen, key=lambda c: c.case_ref)


def _describe(case: Any) -> str:
    events = [f"{EVENT_NOUNS.get(name, name)} {long_date(value)}"
              for name in field_names(type(case))
              if isinstance(value := getattr(case, name), date)]
    return f"{case.case_ref}: {', '.join(events) or 'no dates recorded'}"


def _no_cases(ctx: Context, register: Register) -> Outcome | None:
    """Amber when the register is missing, not_applicable when no case is in scope."""
    if missing := ctx.not_supplied(register.key, f"how {register.noun}s were handled"):
        return missing
    if cases_in_scope(ctx, register):
        return None
    return Outcome("not_applicable", f"No {register.noun} was open or active in "
                   f"{ctx.year_words()}.", (Evidence(f"no {register.noun} in scope in sheet "
                                                     f"{register.sheet}", register.sheet),))


class Within(Params):
    months: int | None = Field(default=None, ge=0)
    working_days: int | None = Field(default=None, ge=0)
    days: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_unit(self) -> Within:
        if sum(x is not None for x in (self.months, self.working_days, self.days)) != 1:
            raise ValueError("give exactly one of months, working_days or days")
        return self

    def after(self, day: date) -> date:
        if self.months is not None:
            return add_months(day, self.months)
        if self.working_days is not None:
            return nth_working_day_after(day, self.working_days)
        return day + timedelta(days=self.days or 0)

    def __str__(self) -> str:
        if self.months is not None:
            return counted(self.months, "month")
        if self.working_days is not None:
            return counted(self.working_days, "working day")
        return counted(self.days or 0, "day")


class Stage(Params):
    start: str
    end: str
    within: Within
    red_after: Within | None = None
    red_start: str | None = None
    only_if: str | None = None
    label: str | None = None


class CaseDeadline(Params):
    model_config = ConfigDict(populate_by_name=True)

    case_register: Literal["dhr", "asb"] = Field(alias="register")
    where: dict[str, str | bool] = Field(default_factory=dict)
    stages: list[Stage] = Field(min_length=1)

    @model_validator(mode="after")
    def _fields_exist(self) -> CaseDeadline:
        used = list(self.where)
        for stage in self.stages:
            used += [stage.start, stage.end] + [f for f in (stage.red_start, stage.only_if) if f]
        _known_fields(self.case_register, used)
        return self


def _known_fields(register: str, used: list[str]) -> None:
    """Refuse a checklist naming a field the register's records do not have."""
    names = {f.name for f in dataclasses.fields(REGISTERS[register].record)}
    unknown = sorted({f for f in used if f not in names})
    if unknown:
        raise ValueError(f"unknown {register} field(s) {', '.join(unknown)}; "
                         f"expected one of {', '.join(sorted(names - {'place'}))}")


def _stage_status(ctx: Context, case: Any, stage: Stage
                  ) -> tuple[Status, str, Deadline] | None:
    """The status of one stage of one case, the clause saying why when not green, and the
    deadline as judged (for the report's timeline)."""
    if stage.only_if and not getattr(case, stage.only_if):
        return None
    started: date | None = getattr(case, stage.start)
    if started is None:
        return None
    ended: date | None = getattr(case, stage.end)
    if ended is not None and ended < ctx.period.start:
        # NOTE: done before the year began, so judged in the year it was done, not again.
        return None
    due = stage.within.after(started)
    end_noun = stage.label or EVENT_NOUNS.get(stage.end, stage.end)
    start_noun = EVENT_NOUNS.get(stage.start, stage.start)
    since = f"{stage.within} from {start_noun} on {long_date(started)}"
    text = f"{case.case_ref}: {end_noun} within {stage.within} of {start_noun}"
    if ended is not None:
        if ended <= due:
            return "green", "", Deadline(due, "met", text, case.restricted)
        return "amber", (f"in {case.case_ref} {end_noun} came on {long_date(ended)}, after the "
                         f"deadline of {long_date(due)} ({since})"
                         ), Deadline(due, "missed", text, case.restricted)
    if ctx.as_of <= due:
        return "green", "", Deadline(due, "open", text, case.restricted)
    red_from: date | None = getattr(case, stage.red_start) if stage.red_start else started
    red_due = (stage.red_after or stage.within).after(red_from or started)
    status: Status = "red" if ctx.as_of > red_due else "amber"
    return status, (f"in {case.case_ref} {end_noun} is still outstanding "
                    f"{months_and_days(started, ctx.as_of)} after {start_noun} on "
                    f"{long_date(started)} (deadline {long_date(due)})"
                    ), Deadline(due, "missed", text, case.restricted)


def _matches(case: Any, where: dict[str, str | bool]) -> bool:
    return all(getattr(case, name) == value for name, value in where.items())


def _case_outcome(ctx: Context, register: Register, cases: list[Any],
                  problems: list[tuple[Status, str, Any]], good: str, bad: str,
                  deadlines: tuple[Deadline, ...] = (), timed: bool = True) -> Outcome:
    """One outcome over many cases: worst first, with a public version giving counts only."""
    evidence = tuple(cite(c, _describe(c)) for c in cases)
    if not problems:
        return Outcome("green", sentence(f"{counted(len(cases), register.noun)} in scope in "
                       f"{ctx.year_words()}: {good}."), evidence, deadlines=deadlines)
    problems.sort(key=lambda p: (-SEVERITY[p[0]], p[2].case_ref))
    status = worst(p[0] for p in problems)
    affected = {p[2].case_ref for p in problems}
    red = len({p[2].case_ref for p in problems if p[0] == "red"})
    count = f"{len(affected)} of {counted(len(cases), register.noun)} in scope {bad}"
    detail = problems[0][1] if len(problems) == 1 else f"{count}; the worst: {problems[0][1]}"
    public = sentence(f"{count} ({red} overdue or unresolved, {len(affected) - red} late)."
                      if timed else f"{count}.")
    restricted = any(p[2].restricted for p in problems)
    return Outcome(status, sentence(f"{detail}."), evidence, public if restricted else None,
                   deadlines)


@kind("case_deadline", CaseDeadline)
def case_deadline(ctx: Context, params: CaseDeadline) -> Outcome:
    """Each stage of each case in scope done within its deadline (calendar or working days)."""
    register = REGISTERS[params.case_register]
    if empty := _no_cases(ctx, register):
        return empty
    cases = [c for c in cases_in_scope(ctx, register) if _matches(c, params.where)]
    if not cases:
        return Outcome("not_applicable", f"No {register.noun} in {ctx.year_words()} matches "
                       f"this rule ({', '.join(f'{k} = {v}' for k, v in params.where.items())}).",
                       (Evidence(f"no matching {register.noun} in sheet {register.sheet}",
                                 register.sheet),))
    problems: list[tuple[Status, str, Any]] = []
    deadlines: list[Deadline] = []
    for case in cases:
        for stage in params.stages:
            found = _stage_status(ctx, case, stage)
            if found is None:
                continue
            deadlines.append(found[2])
            if found[0] != "green":
                problems.append((found[0], found[1], case))
    return _case_outcome(ctx, register, cases, problems,
                         "every deadline was met or is not yet due", "missed a deadline",
                         tuple(sorted(deadlines, key=lambda d: (d.due, d.text))))


class CasePublication(Params):
    accepted_months: int = Field(default=6, ge=1)


@kind("case_publication", CasePublication)
def case_publication(ctx: Context, params: CasePublication) -> Outcome:
    """A DHR published only after the Home Office panel accepted it, and then not left
    unpublished."""
    register = REGISTERS["dhr"]
    if empty := _no_cases(ctx, register):
        return empty
    cases = cases_in_scope(ctx, register)
    problems: list[tuple[Status, str, Any]] = []
    for case in cases:
        if case.published is not None and case.qa_outcome != "accepted":
            problems.append(("red", f"{case.case_ref} was published on "
                             f"{long_date(case.published)} although the Home Office quality "
                             f"assurance panel had not accepted it "
                             f"(outcome {case.qa_outcome or 'not recorded'})", case))
        elif (case.published is None and case.qa_outcome == "accepted"
              and case.submitted is not None
              and add_months(case.submitted, params.accepted_months) < ctx.as_of):
            problems.append(("amber", f"{case.case_ref} was accepted by the Home Office but is "
                             f"still unpublished more than {params.accepted_months} months "
                             f"after submission on {long_date(case.submitted)}", case))
    return _case_outcome(ctx, register, cases, problems,
                         "none was published before acceptance or left unpublished",
                         "had a publication problem")


class Step(Params):
    after: str
    step: str
    only_if: str | None = None
    since: date | None = None
    """Only cases whose `after` event came on or after this day: the duty began then."""
    label: str | None = None


class CaseStepRecorded(Params):
    model_config = ConfigDict(populate_by_name=True)

    case_register: Literal["dhr", "asb"] = Field(alias="register")
    where: dict[str, str | bool] = Field(default_factory=dict)
    steps: list[Step] = Field(min_length=1)
    timing: str = "the law sets no time limit for it"
    """What the law says of when the step is due, for the reason: it fixes no day, so an
    outstanding step is said to be outstanding, never late."""

    @model_validator(mode="after")
    def _fields_exist(self) -> CaseStepRecorded:
        used = list(self.where)
        for step in self.steps:
            used += [step.after, step.step] + ([step.only_if] if step.only_if else [])
        _known_fields(self.case_register, used)
        return self


@kind("case_step_recorded", CaseStepRecorded)
def case_step_recorded(ctx: Context, params: CaseStepRecorded) -> Outcome:
    """Each step the law requires after an event is recorded as done, for a duty whose law
    fixes no number of days ("as soon as reasonably practicable", or nothing at all): a
    step not yet recorded is outstanding (amber), never late or red. How soon is a
    checklist's default, for a `case_deadline` rule that says so."""
    register = REGISTERS[params.case_register]
    if empty := _no_cases(ctx, register):
        return empty
    cases = [c for c in cases_in_scope(ctx, register) if _matches(c, params.where)]
    problems: list[tuple[Status, str, Any]] = []
    judged = []
    for case in cases:
        for step in params.steps:
            started: date | None = getattr(case, step.after)
            if (started is None or (step.since is not None and started < step.since)
                    or (step.only_if and not getattr(case, step.only_if))):
                continue
            done: date | None = getattr(case, step.step)
            if done is not None and done < ctx.period.start:
                continue
            judged.append(case)
            if done is None:
                noun = step.label or EVENT_NOUNS.get(step.step, step.step)
                problems.append(("amber", f"in {case.case_ref} {noun} is not recorded, "
                                 f"{months_and_days(started, ctx.as_of)} after "
                                 f"{EVENT_NOUNS.get(step.after, step.after)} on "
                                 f"{long_date(started)}; {params.timing}, so it is "
                                 f"outstanding rather than late", case))
    judged = sorted(set(judged), key=lambda c: c.case_ref)
    if not judged:
        return Outcome("not_applicable", f"No {register.noun} in {ctx.year_words()} has "
                       f"reached a step this rule checks.",
                       (Evidence(f"no {register.noun} at a step checked in sheet "
                                 f"{register.sheet}", register.sheet),))
    return _case_outcome(ctx, register, judged, problems, "every step is recorded",
                         "had a step outstanding", timed=False)
