"""The PDF's cost is proportional to the workbook, not to the length of its texts: each
text is cut to `clean.PDF_TEXT_CHARS` in the PDF, the cut said, while the HTML keeps the
whole (a 40 KB workbook of 32,767-character titles took WeasyPrint 182 s; now about as long
as an ordinary workbook)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from support.builders import minimal_workbook_sheets, write_workbook
from support.commands import run
from support.system_tools import need_program, need_weasyprint

from csp_audit.report.clean import PDF_TEXT_CHARS, pdf_text

LONG = ("word " * 7000)[:32_767]
UNBROKEN = "x" * 32_767


def long_titles(folder: Path) -> Path:
    sheets = minimal_workbook_sheets()
    for row in sheets["Meetings"][1:]:
        row[3] = LONG
    for row in sheets["Agenda"][1:]:
        row[1] = UNBROKEN
    for row in sheets["Documents"][1:]:
        row[2] = UNBROKEN
    sheets["Waivers"][1][1] = LONG
    return write_workbook(folder / "long.xlsx", sheets)


def test_long_texts_are_cut_in_the_pdf_and_whole_in_the_html(tmp_path: Path) -> None:
    need_weasyprint()
    started = time.monotonic()
    result = run("audit", long_titles(tmp_path), "--db", tmp_path / "audit.db", "--year",
                 "2024-25", "--as-of", "2025-03-31", "--out", tmp_path / "out",
                 "--format", "pdf,html", "--fail-on", "never")
    took = time.monotonic() - started
    assert result.exit_code == 0, result.output
    assert took < 60, f"the PDF took {took:.0f} s"
    pdf = subprocess.run([need_program("pdftotext"), str(tmp_path / "out" /
                                                        "testshire-2024-25.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    assert "more characters in the HTML report" in pdf
    html = (tmp_path / "out" / "testshire-2024-25.html").read_text("utf-8")
    assert LONG.strip() in html


def test_pdf_text_says_what_it_cut() -> None:
    assert pdf_text("short") == "short"
    cut = pdf_text("y" * (PDF_TEXT_CHARS + 500))
    assert cut.startswith("y" * PDF_TEXT_CHARS) and "500 more characters" in cut
