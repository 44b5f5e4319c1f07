"""Check kinds over the registers that close the loop: actions carried from one audit to the
next, DHR recommendations and recommendations made to the partnership.

Each states the dated deadlines it judged (`Outcome.deadlines`): the same dates `due`
lists, so what falls due and what is rated never disagree.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from csp_audit.model.findings import Deadline, Evidence, Status
from csp_audit.model.periods import long_date
from csp_audit.model.records import Action, Recommendation
from csp_audit.model.wording import a_or_an, counted
from csp_audit.rules.kinds.base import (
    REGISTER_SHEETS,
    Context,
    Outcome,
    Params,
    cite,
    join,
    kind,
    sentence,
)

ACTION_REGISTERS = ("actions", "actionplan")


def action_name(action: Action) -> str:
    """`action ACT-3` or `the action for HM-TOR-REVIEW` (a row of the action plan)."""
    if action.rule_id and action.action_id == action.rule_id:
        return f"the action for {action.rule_id}"
    return f"action {action.action_id}"


def state_on(due: date, closed_on: date | None, closed: bool, as_of: date) -> str:
    """A deadline's state on as-of: met, missed (done late, or still open after it) or
    open (not done, not yet due)."""
    if closed:
        return "missed" if closed_on is not None and closed_on > due else "met"
    return "missed" if due < as_of else "open"


class ActionsFollowed(Params):
    overdue_days: int = Field(ge=0)
    """An open action this many days past its due date or more is red."""
    raised_by: list[Status] = Field(default_factory=lambda: ["red"])
    """The ratings whose actions must have an owner and a due date."""


@kind("actions_followed", ActionsFollowed)
def actions_followed(ctx: Context, params: ActionsFollowed) -> Outcome:
    """Every action raised by a red of the last audit has an owner and a due date, and no
    open action is more than `overdue_days` past its due date."""
    if not any(ctx.has(register) for register in ACTION_REGISTERS):
        missing = ctx.not_supplied("actions", "what was done about the last audit")
        assert missing is not None
        return missing
    actions = sorted(ctx.records.actions, key=lambda a: a.action_id)
    if not actions:
        return Outcome("not_applicable", "The Actions register records no action.",
                       (Evidence("no action in the Actions register", "Actions"),))
    deadlines = tuple(
        Deadline(a.due, state_on(a.due, a.done, a.closed, ctx.as_of),  # type: ignore[arg-type]
                 f"{a.action_id}: {a.action or a.subject or 'action'}", a.restricted)
        for a in actions if a.due is not None and a.status != "dropped")
    unowned = [a for a in actions if a.rating in params.raised_by and not a.closed
               and (not a.owner or a.due is None or not a.action)]
    late = [a for a in actions if not a.closed and a.due is not None
            and (ctx.as_of - a.due).days > params.overdue_days]
    overdue = [a for a in actions if not a.closed and a.due is not None and a.due < ctx.as_of]
    gaps = []
    if unowned:
        gaps.append(f"{join([action_name(a) for a in unowned])} (raised by "
                    f"{join(sorted({str(a.rating) for a in unowned}), 'or')}) "
                    f"{'has' if len(unowned) == 1 else 'have'} no "
                    f"{join(_missing_parts(unowned), 'or')}")
    if late:
        gaps.append(f"{join([f'{action_name(a)} (due {long_date(a.due)})' for a in late])} "  # type: ignore[arg-type]
                    f"{'is' if len(late) == 1 else 'are'} more than "
                    f"{counted(params.overdue_days, 'day')} overdue on {long_date(ctx.as_of)}")
    evidence = tuple(cite(a, f"{sentence(action_name(a))}: {_action_words(a)}")
                     for a in (*unowned, *[a for a in late if a not in unowned]))
    if gaps:
        return Outcome("red", sentence(f"{'; '.join(gaps)}."), evidence, None, deadlines)
    if overdue:
        return Outcome("amber", sentence(
            f"{join([action_name(a) for a in overdue])} {'is' if len(overdue) == 1 else 'are'} "
            f"past due on {long_date(ctx.as_of)}, within the checklist's "
            f"{counted(params.overdue_days, 'day')}."),
            tuple(cite(a, f"{sentence(action_name(a))}: {_action_words(a)}") for a in overdue),
            None, deadlines)
    still_open = sum(1 for a in actions if not a.closed)
    return Outcome("green", f"Of {counted(len(actions), 'action')} recorded, "
                   f"{still_open} {'is' if still_open == 1 else 'are'} open and none is overdue; "
                   "every action raised by a red rating has an owner and a due date.",
                   (Evidence(f"{counted(len(actions), 'action')} in the Actions register",
                             "Actions"),), None, deadlines)


def _missing_parts(actions: list[Action]) -> list[str]:
    parts = []
    if any(not a.owner for a in actions):
        parts.append("owner")
    if any(a.due is None for a in actions):
        parts.append("due date")
    if any(not a.action for a in actions):
        parts.append("action")
    return parts


def _action_words(action: Action) -> str:
    owner = f"owner {action.owner}" if action.owner else "no owner"
    due = f"due {long_date(action.due)}" if action.due else "no due date"
    return f"{action.status.replace('_', ' ')}, {owner}, {due}"


Unsupplied = Literal["not_applicable", "amber"]
"""What a recommendations rule gives a workbook without its sheet: not applicable (nothing
recorded, and the register is not one the law makes a partnership keep) or amber (a local
checklist that asks for the register)."""


def register_missing(ctx: Context, register: str, purpose: str, unsupplied: Unsupplied,
                     recorded: str, how: str) -> Outcome | None:
    """None when the sheet is there; else amber "not supplied", or not applicable saying
    that none is recorded and how to record them."""
    if unsupplied == "amber" or ctx.has(register):
        return ctx.not_supplied(register, purpose)
    sheet = REGISTER_SHEETS[register]
    return Outcome("not_applicable", f"The workbook has no {sheet} sheet, so no {recorded} "
                   f"is recorded; to have them rated, add {a_or_an(sheet)} {sheet} sheet "
                   f"{how}.", (Evidence(f"no {sheet} sheet in the workbook", sheet),))


class RecommendationsAnswered(Params):
    unsupplied: Unsupplied = "not_applicable"
    """A workbook without a Recommendations sheet: not applicable, or amber."""


@kind("recommendations_answered", RecommendationsAnswered)
def recommendations_answered(ctx: Context, params: RecommendationsAnswered) -> Outcome:
    """Each recommendation made to the partnership has a response by its response date,
    and a not-accepted one its reasons."""
    if missing := register_missing(
            ctx, "recommendations", "how recommendations were answered", params.unsupplied,
            "recommendation made to the partnership",
            "with one row per recommendation (who made it, when, the response due and the "
            "response date)"):
        return missing
    made = sorted(ctx.records.recommendations, key=lambda r: r.recommendation_id)
    if not made:
        return Outcome("not_applicable", "The Recommendations register records no "
                       "recommendation made to the partnership.",
                       (Evidence("no recommendation recorded", "Recommendations"),))
    deadlines = tuple(
        Deadline(r.response_due, state_on(r.response_due, r.responded, r.responded is not None,
                                          ctx.as_of),  # type: ignore[arg-type]
                 f"{r.recommendation_id}: response", r.restricted)
        for r in made if r.response_due is not None)
    unanswered = [r for r in made if r.responded is None and r.response_due is not None
                  and r.response_due < ctx.as_of]
    late = [r for r in made if r.responded is not None and r.response_due is not None
            and r.responded > r.response_due]
    no_reasons = [r for r in made if r.accepted is False and not r.reasons]
    if unanswered:
        return Outcome("red", sentence(f"{_ids(unanswered)} {_has(unanswered)} no response "
                       f"recorded, though {_its(unanswered)} response was due before "
                       f"{long_date(ctx.as_of)}."), _cited(unanswered), None, deadlines)
    if late or no_reasons:
        gaps = ([f"{_ids(late)} {_was(late)} answered after the response date"] if late else [])
        gaps += ([f"{_ids(no_reasons)} {_was(no_reasons)} not accepted without reasons "
                  "recorded"] if no_reasons else [])
        return Outcome("amber", sentence(f"{'; '.join(gaps)}."), _cited([*late, *no_reasons]),
                       None, deadlines)
    return Outcome("green", f"Every recommendation with a response date "
                   f"({counted(len(made), 'recommendation')} recorded) was answered on time.",
                   (Evidence(f"{counted(len(made), 'recommendation')} in the Recommendations "
                             "register", "Recommendations"),), None, deadlines)


def _ids(made: list[Recommendation]) -> str:
    return join([r.recommendation_id for r in made])


def _has(items: list[object]) -> str:
    return "has" if len(items) == 1 else "have"


def _was(items: list[object]) -> str:
    return "was" if len(items) == 1 else "were"


def _its(items: list[object]) -> str:
    return "its" if len(items) == 1 else "their"


def _cited(made: list[Recommendation]) -> tuple[Evidence, ...]:
    return tuple(cite(r, f"{r.recommendation_id}: response due "
                         f"{long_date(r.response_due) if r.response_due else 'not recorded'}"
                         f", responded {long_date(r.responded) if r.responded else 'not yet'}")
                 for r in dict.fromkeys(made))


class DhrRecommendationsDelivered(Params):
    unsupplied: Unsupplied = "not_applicable"
    """A workbook without a DHR recommendations sheet: not applicable, or amber."""
    agenda_topics: list[str] = Field(default_factory=lambda: ["dhr_action_plan"])
    """Agenda topics that show a board monitoring the DHR action plans."""


@kind("dhr_recommendations_delivered", DhrRecommendationsDelivered)
def dhr_recommendations_delivered(ctx: Context, params: DhrRecommendationsDelivered
                                  ) -> Outcome:
    """No DHR recommendation is past its due date undone, and a board agenda in the year
    monitored the action plans while any was open. Cases are restricted: the public reason
    gives counts only."""
    if missing := register_missing(
            ctx, "dhrrecommendations", "how DHR recommendations were acted on",
            params.unsupplied, "DHR recommendation",
            "with one row per recommendation of each review's action plan (case id, "
            "recommendation, agency, due date, status)"):
        return missing
    items = sorted(ctx.records.dhr_recommendations, key=lambda r: (r.case_ref, r.place.row))
    if not items:
        return Outcome("not_applicable", "The DHR recommendations register records no "
                       "recommendation.", (Evidence("no DHR recommendation recorded",
                                                    "DHR recommendations"),))
    deadlines = tuple(Deadline(r.due, state_on(r.due, r.done, r.closed, ctx.as_of),  # type: ignore[arg-type]
                               f"{r.ref}", r.restricted)
                      for r in items if r.due is not None and r.status != "dropped")
    overdue = [r for r in items if not r.closed and r.due is not None and r.due < ctx.as_of]
    still_open = [r for r in items if not r.closed]
    monitored = [item for meeting in ctx.meetings("board") for item in ctx.agenda_at(meeting)
                 if item.topic in params.agenda_topics]
    evidence = tuple(cite(r, f"{r.ref}: due {long_date(r.due)}, {r.status.replace('_', ' ')}")
                     for r in overdue if r.due is not None)
    if overdue:
        return Outcome("red", sentence(f"{join([r.ref for r in overdue])} "
                       f"{_was(overdue)} due before {long_date(ctx.as_of)} and "
                       f"{'is' if len(overdue) == 1 else 'are'} not done."), evidence,
                       f"{counted(len(overdue), 'DHR recommendation')} "
                       f"{_was(overdue)} due before {long_date(ctx.as_of)} and "
                       f"{'is' if len(overdue) == 1 else 'are'} not done.", deadlines)
    if still_open and not monitored:
        what = join(params.agenda_topics, "or")
        return Outcome("amber", f"{counted(len(still_open), 'DHR recommendation')} "
                       f"{'is' if len(still_open) == 1 else 'are'} open, and no board agenda "
                       f"in {ctx.year_words()} has an item with topic {what}.",
                       (Evidence(f"no board agenda item with topic {what}", "Agenda"),),
                       None, deadlines)
    return Outcome("green", f"No DHR recommendation is overdue "
                   f"({counted(len(items), 'recommendation')} recorded, "
                   f"{len(still_open)} open).", (), None, deadlines)
