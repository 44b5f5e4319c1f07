"""A property over workbooks with arbitrary text (control characters, bidi overrides, very
long text, markup, formulas, restricted ids written any way) in every free-text field of
every sheet: `audit` exits with a verdict, never a traceback; every output it writes, in
both versions, is read by its own parser; no public output names a restricted case.

The PDF is the HTML laid out (test_public_redaction.py checks one planted PDF); here the
text formats, a bounded number of examples (`HYPOTHESIS_PROFILE=soak` runs more)."""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.builders import minimal_workbook_sheets, write_workbook
from support.commands import run
from support.outputs import RAW_CONTROL, reader_text

EXAMPLES = 200 if os.environ.get("HYPOTHESIS_PROFILE") == "soak" else 25
SENTINEL = re.compile(r"(dhr|asb)\W{0,3}202[34]\W{0,3}01", re.IGNORECASE)
HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "@SUM(A1)", "<script>alert(1)</script>",
           "]]></x>", "&P &N &&", "| a | b |", "line\r\nbreak\rhere", "\u202egnp.exe",
           "\u2066x\u2069", "_x001B_[2J", "_x0007_", "*[link](javascript:x)*", "# heading",
           "x" * 5000, "\u200b", "DHR-2023-01", "dhr-2023-01a", "ASB\u20132024\u201301",
           "DHR-2023-01/2"]
_EXCEL_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def as_cell(text: str) -> str:
    """`text` as a workbook can hold it: a control character in Excel's `_xHHHH_` escape
    (which openpyxl writes as it is and calamine reads back as the character)."""
    return _EXCEL_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


free_text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
            min_size=1, max_size=30),
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=4).map(" ".join),
).map(as_cell)


@st.composite
def workbooks(draw: st.DrawFn) -> dict[str, list[list[object]]]:
    sheets = minimal_workbook_sheets()
    for row in sheets["Partnership"]:
        if row[0] == "name":
            row[1] = "Testshire " + draw(free_text)
    for row in sheets["Members"][1:]:
        row[4], row[6] = draw(free_text), draw(free_text)
    sheets["Members"][-1][0] = "OPCC " + draw(free_text)
    for row in sheets["Meetings"][1:]:
        row[3] = draw(free_text)
    for row in sheets["Agenda"][1:]:
        row[1] = draw(free_text)
    for row in sheets["Documents"][1:]:
        row[2] = draw(free_text)
    sheets["Waivers"][1][1:3] = [draw(free_text), draw(free_text)]
    sheets["Waivers"].append([draw(st.sampled_from(["DHR-2023-01b", "NAT-DHR-DECISION",
                                                    "NAT-NOPE"])),
                              draw(free_text), draw(free_text), date(2024, 4, 10),
                              date(2025, 3, 31)])
    return sheets


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(workbooks())
def test_any_text_gives_well_formed_outputs_and_no_public_leak(
        tmp_path: Path, sheets: dict[str, list[list[object]]]) -> None:
    shutil.rmtree(tmp_path / "run", ignore_errors=True)
    folder = tmp_path / "run"
    source = write_workbook(folder / "any.xlsx", sheets)
    for public in (False, True):
        out = folder / ("public" if public else "officers")
        result = run("audit", source, "--db", folder / "audit.db", "--year", "2024-25",
                     "--as-of", "2025-03-31", "--out", out, "--fail-on", "never",
                     "--format", "html,json,md,junit,xlsx", *(["--public"] if public else []))
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception)
        assert result.exit_code in (0, 2), result.output
        if result.exit_code == 2:
            assert "Traceback" not in result.output
            continue
        for path in sorted(out.iterdir()):
            text = reader_text(path)
            assert not RAW_CONTROL.search(text), f"{path.name}: raw control character"
            if public:
                assert not SENTINEL.search(text), f"{path.name}: {SENTINEL.search(text)}"
