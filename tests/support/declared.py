"""A partnership's own checklist folder declaring a topic and a document kind (VAWG), and a
workbook whose agendas and documents use them, as the tests of declared vocabularies build
them in rules/ and cli/."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from support.builders import minimal_workbook_sheets, write_workbook

VAWG_RULE = """\
  - id: MYT-VAWG
    title: Violence against women and girls at every board
    statutory: false
    sources: [{cite: "Mytown ToR (2024), para 4"}]
    kind: agenda_topic_each_meeting
    params: {body: board, topic: vawg}
    guidance: Put VAWG on every board agenda.
  - id: MYT-VAWG-STRATEGY
    title: A VAWG strategy approved
    statutory: false
    sources: [{cite: "Mytown ToR (2024), para 5"}]
    kind: document_in_year
    params: {kinds: [vawg_strategy]}
    guidance: Approve the VAWG strategy each year.
"""

DECLARES = """\
topics:
  vawg: Violence against women and girls, a standing item of the board
document_kinds:
  vawg_strategy: The partnership's VAWG strategy
"""


def mytown(folder: Path, declares: str = DECLARES, rules: str = VAWG_RULE,
           name: str = "mytown", extends: str = "[national, hallmarks]") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(f'id: {name}\ntitle: "Mytown CSP"\nversion: "1"\nextends: {extends}\n'
                    f"{declares}rules:\n{rules}", encoding="utf-8")
    return path


def vawg_workbook(folder: Path, checklist: str = "mytown") -> Path:
    """Board agendas typed from minutes: 'VAWG' as the topic, and a 'VAWG strategy'."""
    sheets = minimal_workbook_sheets()
    for row in sheets["Partnership"]:
        if row[0] == "checklist":
            row[1] = checklist
    sheets["Agenda"] += [["B-2024-06", "Violence against women and girls", "VAWG", None],
                         ["B-2024-09", "VAWG update", "VAWG", None]]
    sheets["Documents"].append(["VAWG-2024", "VAWG strategy", "VAWG strategy 2024-27",
                                date(2024, 7, 1), None, None, None, None, None, None, None,
                                None])
    return write_workbook(folder / "testshire.xlsx", sheets)


def off_list(warnings: list[str]) -> list[str]:
    return [w for w in warnings if "is not one the shipped checklists read" in w]
