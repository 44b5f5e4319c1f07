"""`csp-audit import moderngov`: one call from a folder of saved responses to a workbook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from csp_audit.importers.convert import ImportedRows, build_rows
from csp_audit.importers.keywords import TOPIC_WORDS, read_topics
from csp_audit.importers.members import read_members
from csp_audit.importers.moderngov import CommitteeListing, SavedResponses, read_folder
from csp_audit.importers.sheets import Written, write_rows
from csp_audit.model.contract import MEETING_BODIES
from csp_audit.model.errors import InputError, Problem, UsageError, did_you_mean
from csp_audit.model.wording import counted


@dataclass
class Imported:
    rows: ImportedRows
    written: Written

    def lines(self) -> list[str]:
        """What the command prints: the workbook, then each sheet's rows."""
        done = "Wrote" if self.written.created else "Updated"
        lines = [f"{done} {self.written.path} from {self.rows.committee_title} "
                 f"(ModernGov committee {self.rows.committee_id})"]
        for sheet in ("Meetings", "Agenda", "Documents", "Attendance", "Members"):
            added = self.written.added.get(sheet, 0)
            updated = self.written.updated.get(sheet, 0)
            lines.append(f"  {sheet}: {added} added, {updated} updated")
        if self.written.removed:
            lines.append(f"  {counted(self.written.removed, 'row')} of meetings now cancelled "
                         "taken out")
        if self.written.backup:
            lines.append(f"  the workbook as it was is kept as {self.written.backup}")
        if self.written.created:
            lines.append("  fill in its Partnership sheet (name, code, nation, checklist) and "
                         "Members (role), then: csp-audit validate " + str(self.written.path))
        return lines


def import_moderngov(folder: Path, body: str, out: Path, committee: str | None = None,
                     members: Path | None = None, topics: Path | None = None) -> Imported:
    """Read every input first, then write: a refusal leaves `out` as it was."""
    if body not in MEETING_BODIES:
        raise UsageError(f"--body {body!r} is not one of {', '.join(MEETING_BODIES)}"
                         f"{did_you_mean(body, MEETING_BODIES)}")
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"--out {out}: the workbook is an Excel file; give a name ending "
                         ".xlsx")
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder of saved ModernGov responses")
    seats = read_members(members) if members else None
    words = read_topics(topics) if topics else TOPIC_WORDS
    saved = read_folder(folder)
    rows = build_rows(saved, choose_committee(folder, saved, committee), body, seats, words)
    return Imported(rows, write_rows(out, rows))


def choose_committee(folder: Path, saved: SavedResponses,
                     committee: str | None) -> CommitteeListing:
    listings = {listing.committee_id: listing for listing in saved.listings}
    if not listings:
        raise InputError([Problem(str(folder), "holds no GetMeetings response, which says "
                                  "which meetings are the committee's; save GetMeetings?"
                                  "lCommitteeId=ID&sFromDate=..&sToDate=.. there too")])
    if committee is None:
        if len(listings) == 1:
            return next(iter(listings.values()))
        raise UsageError(f"{folder} holds meetings of several committees: choose one with "
                         f"--committee ({_named(listings)})")
    if committee not in listings:
        raise UsageError(f"--committee {committee}: {folder} holds no GetMeetings response "
                         f"for it (it has {_named(listings)})")
    return listings[committee]


def _named(listings: dict[str, CommitteeListing]) -> str:
    return ", ".join(f"{key} {listing.title}" for key, listing in sorted(listings.items()))
