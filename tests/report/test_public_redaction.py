"""The public version is redacted by construction: every free text of every sheet that
names a restricted record (in any case, with a suffix, with an invisible character inside)
is withheld in every public format, and the version says how many texts it withheld.

A workbook is planted with sentinels naming its two restricted cases (DHR-2023-01 and
ASB-2024-01, restricted by default) in every free-text field of every sheet; the whole
`audit --public` run writes every format, and no sentinel survives in the text a reader of
each file sees (the PDF's text by pdftotext, the workbook's cells by openpyxl)."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from support import outputs
from support.builders import minimal_workbook_sheets, write_workbook
from support.commands import run
from support.system_tools import need_program, need_weasyprint

from csp_audit.model.restricted import names_in
from csp_audit.report.redact import redact

SENTINEL = re.compile(r"(dhr|asb)\W{0,3}202[34]\W{0,3}01", re.IGNORECASE)
"""Either restricted case, however written (zero-width spaces and other dashes included)."""


@pytest.mark.parametrize("text", [
    "Panel for DHR-2023-01", "panel for dhr-2023-01", "see DHR-2023-01a", "DHR-2023-01/2",
    "(DHR-2023-01)", "DHR\u200b-2023-01", "DHR\u20132023\u201301", "Dhr-2023-01B notes",
])
def test_a_restricted_id_is_found_however_it_is_written(text: str) -> None:
    assert names_in(text, {"DHR-2023-01"}) == ["DHR-2023-01"]


@pytest.mark.parametrize("text", ["SA-2024-25", "XDHR-2023-01", "DHR-2023-01-2", "DHR-2023-0"])
def test_a_longer_id_is_another_record(text: str) -> None:
    """Only a hyphen and more of an id make another id: `SA-2024` is not `SA-2024-25`."""
    assert names_in(text, {"DHR-2023-01", "SA-2024"}) == []


def test_redaction_withholds_every_free_text_and_counts_them() -> None:
    context = {"title": "Panel for dhr-2023-01a", "rule_id": "NAT-X",
               "waiver": {"reason": "DHR-2023-01/2 pending", "approved_by": "Chair",
                          "sheet": "Waivers"},
               "sources": [{"cite": "Minutes on DHR-2023-01", "url": "https://x/DHR-2023-01"}],
               "name_lines": ["Review panel for DHR-", "2023-01"]}
    redacted, count = redact(context, {"DHR-2023-01"})
    assert count == 5
    assert not SENTINEL.search(json.dumps(redacted))
    assert redacted["rule_id"] == "NAT-X" and redacted["waiver"]["approved_by"] == "Chair"
    assert redacted["sources"][0]["url"] is None


def planted_sheets() -> dict[str, list[list[object]]]:
    """The minimal workbook with a sentinel in every free-text field of every sheet."""
    sheets = minimal_workbook_sheets()
    for row in sheets["Partnership"]:
        if row[0] == "name":
            row[1] = "Testshire CSP (dhr-2023-01 host)"
    members = sheets["Members"]
    members[0].append("isp_contact")
    for row in members[1:]:
        row.append("Named contact for ASB-2024-01b")
        row[4] = "Lead for DHR-2023-01/2"
        row[6] = "Deputy on dhr\u200b-2023-01"
    members[-1][0] = "OPCC liaison for DHR-2023-01"
    for row in sheets["Meetings"][1:]:
        row[3] = f"{row[3]}: panel for DHR-2023-01a"
    for row in sheets["Agenda"][1:]:
        row[1] = f"{row[1]} (asb-2024-01)"
    for row in sheets["Documents"][1:]:
        row[2] = f"{row[2]} after DHR\u20132023\u201301"
        row[10] = "https://example.org/DHR-2023-01"
    sheets["Waivers"] = [
        sheets["Waivers"][0],
        ["NAT-PUBLIC-MEETING", "Held back until DHR-2023-01 is published",
         "Chair of the ASB-2024-01 panel", date(2024, 4, 10), date(2025, 3, 31)],
        ["NAT-DHR-DECISION", "dhr-2023-01: decision recorded late", "DHR-2023-01 chair",
         date(2024, 4, 10), date(2025, 3, 31)],
        ["DHR-2023-01a", "A waiver naming a case, not a rule", "Chair", date(2024, 4, 10),
         date(2025, 3, 31)],
    ]
    return sheets


def reader_text(path: Path) -> str:
    if path.suffix == ".pdf":
        return subprocess.run([need_program("pdftotext"), str(path), "-"],
                              capture_output=True, text=True, check=True).stdout
    return outputs.reader_text(path)


def audit_public(tmp_path: Path, formats: str) -> list[Path]:
    source = write_workbook(tmp_path / "planted.xlsx", planted_sheets())
    out = tmp_path / "out"
    result = run("audit", source, "--db", tmp_path / "audit.db", "--year", "2024-25",
                 "--as-of", "2025-03-31", "--out", out, "--public", "--format", formats,
                 "--fail-on", "never")
    assert result.exit_code == 0, result.output
    return sorted(out.iterdir())


def test_no_sentinel_survives_in_any_public_text_format(tmp_path: Path) -> None:
    paths = audit_public(tmp_path, "html,json,md,junit,xlsx")
    assert {p.suffix for p in paths} == {".html", ".json", ".md", ".xml", ".xlsx"}
    for path in paths:
        text = reader_text(path)
        leaked = SENTINEL.findall(text)
        assert not leaked, f"{path.name} names a restricted case: {leaked}"
    document = json.loads((tmp_path / "out" / "testshire-2024-25-public.json").read_text())
    assert document["texts_withheld"] > 0
    assert "[withheld: names a restricted record]" in json.dumps(document)
    html = (tmp_path / "out" / "testshire-2024-25-public.html").read_text("utf-8")
    assert "texts name a restricted record and are withheld" in html


def test_no_sentinel_survives_in_the_public_pdf(tmp_path: Path) -> None:
    need_weasyprint()
    [pdf] = audit_public(tmp_path, "pdf")
    text = reader_text(pdf)
    assert "Public version" in text, "pdftotext should read the report"
    assert not SENTINEL.findall(text)


def test_the_sentinels_are_in_the_officers_version(tmp_path: Path) -> None:
    """The check above could pass by never showing the planted fields at all."""
    source = write_workbook(tmp_path / "planted.xlsx", planted_sheets())
    result = run("audit", source, "--db", tmp_path / "audit.db", "--year", "2024-25",
                 "--as-of", "2025-03-31", "--out", tmp_path / "out", "--format", "html",
                 "--fail-on", "never")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "testshire-2024-25.html").read_text("utf-8")
    for planted in ("panel for DHR-2023-01a", "Held back until DHR-2023-01 is published",
                    "Chair of the ASB-2024-01 panel"):
        assert planted in html

