"""The members mapping file: who at a committee stands for which organisation.

People are never recorded. A small CSV file maps a ModernGov member id, or a role
description (such as `Chief Superintendent`), to the organisation, its sector and whether
that seat is senior. An attendee it does not map is counted and dropped, so a name can
never reach the workbook, and neither can a member id.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from csp_audit.model.contract import SECTOR_SYNONYMS, SECTORS, normalise_name
from csp_audit.model.errors import InputError, Problem, did_you_mean

HEADER = ("member", "organisation", "sector", "senior")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


@dataclass(frozen=True)
class Seat:
    """What one attendee's seat stands for."""

    organisation: str
    sector: str | None
    senior: bool | None


@dataclass(frozen=True)
class MembersMap:
    by_member: dict[str, Seat]

    def seat(self, member_id: str, role: str, representing: str) -> Seat | None:
        """The member id first, then the role description, then whom they represent."""
        for key in (member_id, role, representing):
            if key and (seat := self.by_member.get(normalise_name(key))):
                return seat
        return None


def read_members(path: Path) -> MembersMap:
    """Read the CSV file (Excel's 'CSV UTF-8' included), or refuse naming the line."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as error:
        detail = getattr(error, "strerror", None) or error
        raise _refuse(path, f"cannot be read as a CSV file: {detail}") from None
    if not rows or [normalise_name(cell) for cell in rows[0][:4]] != list(HEADER):
        raise _refuse(path, "its first line must be the header member,organisation,sector,"
                      "senior (member: a ModernGov member id or a role description)")
    seats: dict[str, Seat] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = [cell.strip() for cell in row] + [""] * 4
        member, organisation, sector, senior = cells[:4]
        if not any(cells):
            continue
        if not member or not organisation:
            raise _refuse(path, f"line {number}: member and organisation are both needed")
        key = normalise_name(member)
        if key in seats:
            raise _refuse(path, f"line {number}: {member!r} is mapped twice")
        seats[key] = Seat(organisation, _sector(path, number, sector),
                          _senior(path, number, senior))
    return MembersMap(seats)


def _sector(path: Path, number: int, text: str) -> str | None:
    if not text:
        return None
    key = normalise_name(text)
    for sector in SECTORS:
        if normalise_name(sector) == key:
            return sector
    if key in SECTOR_SYNONYMS:
        return SECTOR_SYNONYMS[key]
    raise _refuse(path, f"line {number}: sector {text!r} is not one of "
                  f"{', '.join(SECTORS)}{did_you_mean(text, SECTORS)}")


def _senior(path: Path, number: int, text: str) -> bool | None:
    word = text.casefold()
    if not word:
        return None
    if word in YES | NO:
        return word in YES
    raise _refuse(path, f"line {number}: senior {text!r} is not yes or no")


ATTENDED, SUBSTITUTE, APOLOGIES, ABSENT = "present", "substitute", "apologies", "absent"
RANK = {ATTENDED: 3, SUBSTITUTE: 2, APOLOGIES: 1, ABSENT: 0}
"""When several attendees stand for one organisation, the best attendance is its own."""


def attendance_status(value: str) -> str | None:
    """ModernGov's attendance value as the contract's status; None while it is still
    `Expected` (the council has not recorded who came) or says nothing known."""
    word = value.casefold()
    if "apolog" in word:
        return APOLOGIES
    if "substitut" in word or "deputis" in word:
        return SUBSTITUTE
    if "absent" in word or "not present" in word or "did not attend" in word:
        return ABSENT
    if any(sign in word for sign in ("present", "attend", "virtual", "remote")):
        return ATTENDED
    return None


def _refuse(path: Path, message: str) -> InputError:
    return InputError([Problem(str(path), message)])
