"""The input contract (docs/workbook.md) as data.

One description of every sheet and column serves the reader, the validator, the
template writer and the Guide sheet, so they cannot drift apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

ColumnType = Literal["text", "date", "yesno", "enum", "list"]


def normalise_name(text: str) -> str:
    """Sheet names, headers and enumerations match ignoring case, spaces, `_` and `-`."""
    return re.sub(r"[\s_\-]+", "", str(text)).casefold()


@dataclass(frozen=True)
class Column:
    """One column of a sheet: how to read it and how to explain it."""

    name: str
    type: ColumnType = "text"
    required: bool = False
    unique: bool = False
    choices: tuple[str, ...] = ()
    synonyms: dict[str, str] = field(default_factory=dict)
    """Typed word (its `vocabulary_key`) -> the choice it stands for."""
    ambiguous: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Typed words read as a choice with a warning asking whether that was meant."""
    open: bool = False
    """A value off the list loads (as a slug, with a warning naming the nearest choice):
    topics and document kinds, which a local checklist may read beyond the shipped ones."""
    default: object = None
    guide: str = ""
    example: str = ""


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook; its first column is what marks the header row."""

    name: str
    columns: tuple[Column, ...]
    required: bool = False
    guide: str = ""

    @property
    def key(self) -> str:
        return normalise_name(self.name)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")
"""The words people type for each enumerated column, as data (shipped in the wheel)."""

_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
_PUNCTUATION = re.compile("[\\s_\\-\u2010-\u2015.,;:'\"\u2018\u2019\u201c\u201d()\\[\\]/]+")


def vocabulary_key(text: object) -> str:
    """How a typed word is compared with the vocabulary: case, spaces, `_`, hyphens and
    dashes, full stops, commas, quotes of any style, brackets, slashes and invisible
    characters do not matter, and `&` is `and` ("Fire & Rescue." is "fire and rescue")."""
    folded = _INVISIBLE.sub("", unicodedata.normalize("NFKC", str(text))).casefold()
    key = _PUNCTUATION.sub("", folded.replace("&", "and").replace("+", "and"))
    return key or folded.strip()


@dataclass(frozen=True)
class Vocabulary:
    """One enumerated column's words: synonyms (key -> value) and ambiguous words (key ->
    (value, the question a warning asks))."""

    synonyms: dict[str, str]
    ambiguous: dict[str, tuple[str, str]]


def _load_vocabulary() -> dict[str, Vocabulary]:
    # NOTE: libyaml's parser when PyYAML has it (the same safe constructor, a tenth of the
    # time): every command reads this file as it starts.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(VOCABULARY_FILE.read_text(encoding="utf-8"), Loader=loader)
    ambiguous = raw.pop("ambiguous", {}) or {}
    lists: dict[str, Vocabulary] = {}
    for name, values in raw.items():
        synonyms = {vocabulary_key(word): value for value, words in values.items()
                    for word in words or ()}
        asked = {vocabulary_key(word): (entry["reads_as"], entry.get("ask", ""))
                 for word, entry in (ambiguous.get(name) or {}).items()}
        lists[name] = Vocabulary(synonyms, asked)
    return lists


VOCABULARY = _load_vocabulary()
ROLE_SYNONYMS = VOCABULARY["role"].synonyms
SECTOR_SYNONYMS = VOCABULARY["sector"].synonyms
TOPIC_SYNONYMS = VOCABULARY["topic"].synonyms
DOCUMENT_SYNONYMS = VOCABULARY["document_kind"].synonyms
STATUS_SYNONYMS = VOCABULARY["status"].synonyms
BODY_SYNONYMS = VOCABULARY["body"].synonyms


def _words(name: str) -> dict[str, str]:
    return VOCABULARY[name].synonyms


def _asked(name: str) -> dict[str, tuple[str, str]]:
    return VOCABULARY[name].ambiguous


YEAR_START_DEFAULT = "01-04"

MEMBER_ROLES = ("responsible_authority", "co_opted", "invitee", "ex_officio", "officer")
SECTORS = (
    "council", "police", "fire", "health", "probation", "pcc", "police_authority",
    "youth_justice", "voluntary", "housing", "business", "other",
)
MEETING_BODIES = ("board", "executive", "public", "task_group", "scrutiny")
ATTENDANCE_STATUSES = ("present", "substitute", "apologies", "absent")
MATRIX_CODES = {"p": "present", "s": "substitute", "a": "apologies", "x": "absent"}
AGENDA_TOPICS = (
    "declarations_of_interest", "prevent", "domestic_abuse", "asb", "iom", "youth_justice",
    "hate_crime", "serious_violence", "performance", "finance", "risk", "resource_scanning",
    "skills_review", "membership_review", "terms_of_reference_review", "dhr_action_plan",
    "matters_arising", "dhr", "asb_case_review",
)
DOCUMENT_KINDS = (
    "strategic_assessment", "partnership_plan", "information_sharing_protocol",
    "terms_of_reference", "skills_assessment", "membership_review",
    "reducing_reoffending_strategy", "substance_misuse_strategy",
    "serious_violence_needs_assessment", "serious_violence_strategy",
    "community_consultation", "community_feedback", "annual_report",
    "asb_case_review_procedure", "asb_case_review_data", "county_agreement",
    "youth_justice_plan", "communications_strategy", "equality_impact_assessment",
    "risk_register", "membership_list", "action_plan", "other",
)
DHR_DECISIONS = ("commission", "not_commissioned", "pending")
QA_OUTCOMES = ("accepted", "resubmit", "pending")
ACTION_STATUSES = ("open", "in_progress", "done", "dropped")
ACTION_STATUS_SYNONYMS = {
    "notstarted": "open", "todo": "open", "new": "open", "started": "in_progress",
    "ongoing": "in_progress", "underway": "in_progress", "wip": "in_progress",
    "complete": "done", "completed": "done", "closed": "done", "finished": "done",
    "abandoned": "dropped", "withdrawn": "dropped", "cancelled": "dropped",
    "superseded": "dropped",
}
RATINGS = ("red", "amber", "green", "waived", "not_applicable")
RECOMMENDERS = ("pcc", "scrutiny", "inspection", "other")
NATIONS = ("England", "Wales")
TIERS = ("unitary", "district", "county")
ATTENDANCE_RECORDED = ("everyone", "apologies_only")

PARTNERSHIP_FIELDS = (
    Column("name", required=True, guide="The partnership's name.",
           example="Sefton Safer Communities Partnership"),
    Column("code", required=True,
           guide="A short slug, unique in the database: letters, digits and hyphens.",
           example="sefton"),
    Column("nation", "enum", choices=NATIONS, default="England",
           synonyms=_words("nation"),
           guide="England (the default) or Wales: it decides which national duties apply."),
    Column("checklist", guide="The local checklist applied besides the national one.",
           example="sefton"),
    Column("year_start", default=YEAR_START_DEFAULT,
           guide="First day and month of the reporting year, as DD-MM (default 01-04).",
           example="01-04"),
    Column("tier", "enum", choices=TIERS, default="unitary",
           synonyms=_words("tier"),
           guide="unitary (default), district, or county (a two-tier county group)."),
    Column("attendance_recorded", "enum", choices=ATTENDANCE_RECORDED, default="everyone",
           guide="everyone (default): the Attendance sheet lists who was present as well as "
           "apologies and absences; apologies_only: it lists apologies and absences only, as "
           "minutes that name no one present do, so a member with no row at a meeting that "
           "has rows was present, and one with only apologies or absences there is not "
           "known (another of its people may have come)."),
)

# Who chairs, sub-groups and reporting on (issue 14): optional columns and one optional
# sheet, kept together so a workbook written before them loads unchanged.
MEETING_ADDITIONS = (
    Column("group", guide="Which sub-group met, for a task_group or executive meeting (e.g. "
           "'Violence Against Women and Girls'); blank for the board itself.",
           example="Domestic Abuse Task Group"),
    Column("chair", guide="The organisation of the person who chaired the meeting, as named "
           "in Members.", example="Exampleshire Police"),
    Column("vice_chair", guide="The organisation of the vice-chair, as named in Members."),
    Column("vice_chair_elected", "yesno", guide="Yes when the vice-chair was elected or "
           "appointed at this meeting."),
    Column("papers_published", "date", guide="Date the agenda and papers were made public."),
)
AGENDA_ADDITIONS = (
    Column("decision", "yesno", guide="Yes when the item asked the meeting to decide "
           "something (e.g. to approve funding), not only to note a report."),
    Column("group", guide="The sub-group whose report this item is, named as in Meetings' "
           "group column.", example="Domestic Abuse Task Group"),
)
DOCUMENT_ADDITIONS = (
    Column("group", guide="The sub-group the document belongs to (its own terms of reference "
           "or action plan), named as in Meetings' group column; blank = the partnership's."),
)
REPORTS_SHEET = Sheet("Reports", (
    Column("date", "date", required=True, guide="Date the report or minutes went to the "
           "other body.", example="2024-07-15"),
    Column("to", required=True, guide="The body it went to, e.g. Health and Wellbeing Board, "
           "Local Strategic Partnership, Safeguarding Children Partnership.",
           example="Health and Wellbeing Board"),
    Column("what", guide="What was sent: minutes, performance report, annual report ..."),
    Column("topic", "enum", choices=AGENDA_TOPICS, synonyms=TOPIC_SYNONYMS,
           guide="A topic slug, as on Agenda (blank = none)."),
    Column("restricted", "yesno", default=False,
           guide="Yes to keep this row out of public reports."),
), guide="Reports, minutes and plans the partnership sent to other bodies (reporting on).")

# The loop (issue 15): actions carried between audits and recommendations answered.
ACTION_STATUS = Column(
    "status", "enum", choices=ACTION_STATUSES, synonyms=ACTION_STATUS_SYNONYMS, default="open",
    guide="open (the default), in_progress, done or dropped.")
LOOP_SHEETS: tuple[Sheet, ...] = (
    Sheet("Actions", (
        Column("action_id", required=True, unique=True, guide="The partnership's own "
               "reference for the action.", example="ACT-2025-01"),
        Column("rule_id", guide="The rule the action answers (a rule id from a checklist); "
               "blank for an action on another subject."),
        Column("subject", guide="What the action is about, when it answers no rule."),
        Column("action", required=True, guide="What will be done."),
        Column("owner", guide="Who is responsible, as a role or organisation (never a "
               "person's name).", example="Community Safety Manager"),
        Column("due", "date", guide="The date it is due."),
        ACTION_STATUS,
        Column("done", "date", guide="The date it was done (or dropped)."),
        Column("notes", guide="Progress, or why it was dropped."),
        Column("rating", "enum", choices=RATINGS, synonyms={"na": "not_applicable"},
               guide="The rule's rating in the audit that raised the action (red or amber); "
               "the action plan csp-audit writes fills it in."),
        Column("restricted", "yesno", default=False,
               guide="Yes to keep this action out of public reports."),
    ), guide="Actions carried from one audit to the next: owner, due date and progress. "
       "Instead of typing it, you may copy the Action plan sheet of last year's xlsx report "
       "(filled in) into this workbook, or pass it to load with --actions."),
    Sheet("DHR recommendations", (
        Column("case_ref", required=True, guide="Must match a case_ref in the DHR sheet."),
        Column("number", guide="The recommendation's number in the review's action plan.",
               example="3"),
        Column("recommendation", required=True, guide="The recommendation, as in the "
               "review's action plan."),
        Column("sector", "enum", choices=SECTORS, synonyms=SECTOR_SYNONYMS,
               guide="The sector of the agency that must act: council, police, health, ..."),
        Column("due", "date", guide="The date the action plan gives for it."),
        ACTION_STATUS,
        Column("done", "date", guide="The date it was done (or dropped)."),
        Column("evidence", guide="What shows it was done."),
        Column("restricted", "yesno", default=True,
               guide="Yes (the default): like their cases, these rows never appear in "
               "public reports."),
    ), guide="The recommendations of each domestic homicide review and their progress."),
    Sheet("Recommendations", (
        Column("recommendation_id", required=True, unique=True, guide="A unique reference.",
               example="PCC-2024-02"),
        Column("made_by", "enum", choices=RECOMMENDERS, synonyms={
            "policeandcrimecommissioner": "pcc", "opcc": "pcc",
            "crimeanddisordercommittee": "scrutiny", "overviewandscrutiny": "scrutiny",
            "hmicfrs": "inspection", "inspectorate": "inspection",
        }, guide="pcc, scrutiny (the crime and disorder committee), inspection or other."),
        Column("made_on", "date", guide="The date it was made to the partnership."),
        Column("recommendation", required=True, guide="The recommendation."),
        Column("response_due", "date", guide="The date a response is due."),
        Column("responded", "date", guide="The date the partnership responded."),
        Column("accepted", "yesno", guide="Yes when the partnership accepted it."),
        Column("reasons", guide="The reasons, when it was not accepted."),
        ACTION_STATUS,
        Column("done", "date", guide="The date the accepted recommendation was carried out."),
        Column("restricted", "yesno", default=False,
               guide="Yes to keep this recommendation out of public reports."),
    ), guide="Recommendations made to the partnership by the police and crime commissioner, "
       "the crime and disorder committee or an inspection, and the partnership's response."),
)

ACTION_PLAN = Sheet("Action plan", (
    Column("rule", guide="The rule id (written by csp-audit)."),
    Column("title", guide="Written by csp-audit; not read back."),
    Column("area", guide="Written by csp-audit; not read back."),
    Column("status", "enum", choices=RATINGS, synonyms={"na": "not_applicable"},
           guide="The rule's rating (written by csp-audit)."),
    Column("reason", guide="Written by csp-audit; not read back."),
    Column("source", guide="Written by csp-audit; not read back."),
    Column("evidence", guide="Written by csp-audit; not read back."),
    Column("guidance", guide="Written by csp-audit; not read back."),
    Column("owner", guide="Who is responsible, as a role."),
    Column("action", guide="What will be done."),
    Column("due_date", "date", guide="The date it is due."),
    Column("progress", "enum", choices=ACTION_STATUSES, synonyms=ACTION_STATUS_SYNONYMS,
           default="open", guide="Not started, In progress or Done."),
), guide="The action plan sheet of a csp-audit xlsx report, filled in by the partnership: "
   "read back by rule id as the Actions register.")
"""Not a template sheet: csp-audit writes it (report/xlsx.py) and reads it back as Actions."""

SHEETS: tuple[Sheet, ...] = (
    Sheet("Partnership", (
        Column("field", required=True, guide="The name of a setting (see the rows below)."),
        Column("value", guide="Its value."),
    ), required=True, guide="Who the partnership is: one row per setting (field, value)."),
    Sheet("Members", (
        Column("organisation", required=True, unique=True,
               guide="The member organisation.", example="Merseyside Police"),
        Column("role", "enum", choices=MEMBER_ROLES, synonyms=ROLE_SYNONYMS,
               ambiguous=_asked("role"),
               guide="responsible_authority, co_opted, invitee, ex_officio or officer."),
        Column("sector", "enum", choices=SECTORS, synonyms=SECTOR_SYNONYMS,
               ambiguous=_asked("sector"),
               guide="The kind of body: council, police, fire, health, probation, pcc, ..."),
        Column("voting", "yesno", guide="Yes when the organisation has a vote."),
        Column("representative", guide="Job title of the member (never a person's name).",
               example="Chief Superintendent"),
        Column("senior", "yesno", guide="Yes when the representative holds a senior "
               "position (chief officer level or delegated authority)."),
        Column("deputy", guide="Job title of the named substitute."),
        Column("from", "date", guide="Date the organisation joined (blank = throughout)."),
        Column("to", "date", guide="Date the organisation left (blank = still a member)."),
        Column("isp_contact", guide="Job title of the person a responsible authority "
               "nominated to facilitate information sharing under the protocol (SI 2007/1830 "
               "reg 4(3))."),
        Column("aliases", "list", guide="Other names the organisation goes by in minutes and "
               "attendance lists, separated by ';' (e.g. RBC; Riverside Council)."),
    ), required=True, guide="One row per member organisation of the strategy group."),
    Sheet("Meetings", (
        Column("meeting_id", required=True, unique=True,
               guide="The partnership's own reference for the meeting.", example="B-2024-06"),
        Column("date", "date", required=True, guide="The date of the meeting."),
        Column("body", "enum", choices=MEETING_BODIES, required=True,
               synonyms=BODY_SYNONYMS, ambiguous=_asked("body"),
               guide="board, executive, public, task_group or scrutiny."),
        Column("title", guide="Free text."),
        Column("quorate", "yesno", guide="Quorate as recorded in the minutes (blank = not "
               "recorded)."),
        Column("papers_circulated", "date", guide="Date agenda and papers went to members."),
        Column("minutes_circulated", "date", guide="Date draft minutes went to members."),
        Column("minutes_published", "date", guide="Date minutes were made public."),
        Column("open_to_public", "yesno", guide="Yes when the public could attend."),
        Column("chair_elected", "yesno", guide="Yes when the chair (and vice-chair) were "
               "elected or re-confirmed at this meeting."),
        Column("restricted", "yesno", default=False,
               guide="Yes to keep this meeting out of public reports."),
        *MEETING_ADDITIONS,
    ), required=True, guide="One row per meeting of any body of the partnership."),
    Sheet("Attendance", (
        Column("meeting_id", required=True, guide="Must match a meeting_id in Meetings."),
        Column("organisation", required=True, guide="Must match an organisation in Members."),
        Column("status", "enum", choices=ATTENDANCE_STATUSES, required=True,
               synonyms=STATUS_SYNONYMS, ambiguous=_asked("status"),
               guide="present, substitute (the deputy attended), apologies or absent."),
        Column("senior", "yesno", guide="Yes when the attendee held a senior position (a "
               "substitute: came with delegated authority to decide); blank = the Members "
               "sheet's senior when present, no for a substitute."),
    ), guide="One row per organisation per meeting (or a matrix: organisations down, "
       "meeting ids across, cells P, S, A or X)."),
    Sheet("Agenda", (
        Column("meeting_id", required=True, guide="Must match a meeting_id in Meetings."),
        Column("item", guide="The agenda item, as on the agenda."),
        Column("topic", "enum", choices=AGENDA_TOPICS, synonyms=TOPIC_SYNONYMS,
               ambiguous=_asked("topic"), open=True,
               guide="A topic slug the checklists refer to (blank = none)."),
        Column("restricted", "yesno", default=False,
               guide="Yes to keep this item out of public reports."),
        *AGENDA_ADDITIONS,
    ), guide="One row per agenda item."),
    Sheet("Documents", (
        Column("document_id", required=True, unique=True, guide="A unique reference."),
        Column("kind", "enum", choices=DOCUMENT_KINDS, required=True,
               synonyms=DOCUMENT_SYNONYMS, ambiguous=_asked("document_kind"), open=True,
               guide="What the document is."),
        Column("title", guide="Free text."),
        Column("approved", "date", guide="Date the partnership approved or agreed it."),
        Column("reviewed", "date", guide="Date of its latest review."),
        Column("published", "date", guide="Date it was made public."),
        Column("covers_from", "date", guide="First day of the period it covers."),
        Column("covers_to", "date", guide="Last day of the period it covers."),
        Column("signatories", "list", guide="Organisations that signed it, separated by ';'."),
        Column("sent_to_pcc", "date", guide="Date a copy went to the police and crime "
               "commissioner."),
        Column("url", guide="Where it is published."),
        Column("restricted", "yesno", default=False,
               guide="Yes to keep this document out of public reports."),
        *DOCUMENT_ADDITIONS,
    ), guide="Strategies, plans, protocols, reviews and reports."),
    Sheet("DHR", (
        Column("case_ref", required=True, unique=True, guide="The case reference.",
               example="DHR-2024-01"),
        Column("notified", "date", guide="Date the partnership was notified of the death."),
        Column("decision", "enum", choices=DHR_DECISIONS, synonyms=_words("dhr_decision"),
               guide="commission, not_commissioned or pending."),
        Column("decision_date", "date", guide="Date the chair decided whether to commission."),
        Column("home_office_informed", "date", guide="Date the Home Office was told."),
        Column("chair_appointed", "date", guide="Date an independent chair was appointed."),
        Column("first_panel", "date", guide="Date of the first review panel meeting."),
        Column("submitted", "date", guide="Date the final report went to the Home Office "
               "quality assurance panel."),
        Column("qa_outcome", "enum", choices=QA_OUTCOMES, synonyms=_words("qa_outcome"),
               guide="accepted, resubmit or pending."),
        Column("published", "date", guide="Date the report was published."),
        Column("sent_to_dac", "date", guide="Date a copy of the report went to the Domestic "
               "Abuse Commissioner (a duty since 1 November 2021)."),
        Column("restricted", "yesno", default=True,
               guide="Yes (the default): case rows never appear in public reports."),
    ), guide="Domestic homicide reviews (domestic abuse related death reviews)."),
    Sheet("ASB case reviews", (
        Column("case_ref", required=True, unique=True, guide="The case reference."),
        Column("received", "date", guide="Date the application was received."),
        Column("threshold_met", "yesno", guide="Yes when the threshold for a review was met."),
        Column("threshold_decided", "date", guide="Date the applicant was told whether the "
               "threshold was met."),
        Column("review_completed", "date", guide="Date the review ended."),
        Column("outcome_notified", "date", guide="Date the applicant was told the outcome."),
        Column("restricted", "yesno", default=True,
               guide="Yes (the default): case rows never appear in public reports."),
    ), guide="ASB case reviews (the community trigger)."),
    REPORTS_SHEET,
    Sheet("Waivers", (
        Column("rule_id", required=True, guide="A rule id from a checklist."),
        Column("reason", required=True, guide="Why the rule is waived."),
        Column("approved_by", guide="Role of the approver."),
        Column("approved_on", "date", guide="Date approved."),
        Column("expires", "date", required=True, guide="The date the waiver ends."),
    ), guide="Approved exceptions: the rule shows as waived, with its reason, until it "
       "expires."),
    *LOOP_SHEETS,
)

SHEETS_BY_KEY: dict[str, Sheet] = {sheet.key: sheet for sheet in (*SHEETS, ACTION_PLAN)}
SHEET_ALIASES = {"asbcasereview": "asbcasereviews", "asb": "asbcasereviews",
                 "communitytrigger": "asbcasereviews", "dhrs": "dhr",
                 "domestichomicidereviews": "dhr", "member": "members", "meeting": "meetings",
                 "waiver": "waivers", "document": "documents", "agendaitems": "agenda",
                 "action": "actions",
                 "dhrrecommendation": "dhrrecommendations",
                 "recommendation": "recommendations",
                 "reportssent": "reports", "reportingon": "reports", "report": "reports"}

COLUMN_ALIASES = {
    "organization": "organisation", "agency": "organisation",
    "partnerorganisation": "organisation", "meetingref": "meetingid",
    "meetingreference": "meetingid", "meetingdate": "date", "dateofmeeting": "date",
    "paperssent": "paperscirculated", "papersissued": "paperscirculated",
    "documentref": "documentid", "documentreference": "documentid",
    "casereference": "caseref", "ruleref": "ruleid",
}
"""Header variants seen in real workbooks -> the normalised contract column they stand for.
Only names that cannot mean another column of any sheet belong here."""

NOTE_COLUMNS = frozenset({"notes", "note", "comments", "comment", "remarks", "notesandcomments"})
"""Free-text columns people keep beside the records: read quietly and not loaded."""

TOOL_SHEETS = ("Guide", "Lists")
"""Sheets `csp-audit template` adds for people (the Guide) and for its drop-downs (Lists):
the reader skips them silently rather than warning about unknown sheets."""


def is_tool_sheet(name: str) -> bool:
    return normalise_name(name) in {normalise_name(sheet) for sheet in TOOL_SHEETS}


def sheet_for(name: str) -> Sheet | None:
    """The contract sheet a workbook sheet name stands for, if any."""
    key = normalise_name(name)
    key = SHEET_ALIASES.get(key, key)
    return SHEETS_BY_KEY.get(key)


def partnership_field(name: str) -> Column:
    for column in PARTNERSHIP_FIELDS:
        if column.name == name:
            return column
    raise KeyError(name)
