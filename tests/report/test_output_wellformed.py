"""Every output stays well-formed whatever text a workbook holds: a control character
(`_x0001_` in a cell is U+0001, and calamine reads it so), a terminal escape, a bidi
override, a carriage return, a pipe, an ampersand and a name longer than Excel's header.

Each format is checked by a real reader: JUnit by ElementTree and defusedxml, the action
plan by openpyxl (and by LibreOffice headless where it is installed), JSON by json, and
Markdown by a CommonMark parser (markdown-it-py, with GFM tables) to the table shape the
report means: one row per finding, three cells a row."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import defusedxml.ElementTree as DET
import pytest
from openpyxl import load_workbook
from support.builders import minimal_workbook_sheets, write_workbook
from support.commands import run
from support.outputs import RAW_CONTROL, markdown_tables

from csp_audit.report.clean import excel_header, markdown_text, visible, xml_text

HOSTILE_NAME = ("Testshire_x0001_ CSP_x001B_[2J_x001B_]0;owned_x0007_ \u202egnp.exe & &P "
                "| pipe\r\nnext " + "long " * 60)
"""Controls by Excel's escape, a terminal escape, a bidi override, `&P` (Excel's page code),
a pipe, CRLF and 300 characters more than a header may hold."""


def hostile_sheets() -> dict[str, list[list[object]]]:
    sheets = minimal_workbook_sheets()
    for row in sheets["Partnership"]:
        if row[0] == "name":
            row[1] = HOSTILE_NAME
    for number, row in enumerate(sheets["Meetings"][1:]):
        row[3] = f"Board | {number}\rsecond line\r\n| --- |_x000B_\u2066"
    for row in sheets["Agenda"][1:]:
        row[1] = f"{row[1]}\r| a | b |"
    sheets["Waivers"][1][1] = "Reason with | pipes |\r\nand _x001B_[31mred_x001B_[0m"
    sheets["Waivers"][1][2] = "Chair & vice-chair &P &N"
    return sheets


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("wellformed")
    source = write_workbook(folder / "hostile.xlsx", hostile_sheets())
    result = run("audit", source, "--db", folder / "audit.db", "--year", "2024-25",
                 "--as-of", "2025-03-31", "--out", folder / "out", "--fail-on", "never",
                 "--format", "html,json,md,junit,xlsx")
    assert result.exit_code == 0, result.output
    return {path.name.split(".", 1)[1]: path for path in (folder / "out").iterdir()}


def test_junit_parses_as_xml(outputs: dict[str, Path]) -> None:
    root = ET.parse(outputs["junit.xml"]).getroot()
    DET.parse(outputs["junit.xml"])
    assert root.tag == "testsuites"
    text = outputs["junit.xml"].read_text("utf-8")
    assert "\u241b[31m" in text, "the planted escape reaches JUnit, made visible"
    assert int(root.get("tests")) == sum(1 for _ in root.iter("testcase"))


def test_json_parses_and_keeps_the_name_visible(outputs: dict[str, Path]) -> None:
    document = json.loads(outputs["json"].read_text("utf-8"))
    name = document["partnership"]["name"]
    assert not RAW_CONTROL.search(name)
    assert "\u2401" in name and "\u241b[2J" in name and "[U+202E]" in name


def test_the_action_plan_reopens_with_a_header_excel_accepts(outputs: dict[str, Path]) -> None:
    workbook = load_workbook(outputs["xlsx"])
    plan = workbook["Action plan"]
    header = plan.oddHeader
    codes = f"&C{header.center.text}&R{header.right.text}"
    assert len(codes) <= 255, len(codes)
    assert "&&P" in header.center.text, "a data ampersand must not become Excel's page code"
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and RAW_CONTROL.search(cell.value))


def test_the_action_plan_opens_in_libreoffice(outputs: dict[str, Path],
                                              tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    converted = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "csv", "--outdir", str(tmp_path), str(outputs["xlsx"])],
        capture_output=True, text=True, timeout=120)
    csv = tmp_path / outputs["xlsx"].with_suffix(".csv").name
    assert converted.returncode == 0 and csv.exists(), converted.stderr
    assert "Rule" in csv.read_text("utf-8", "replace")


def test_markdown_tables_keep_their_shape(outputs: dict[str, Path]) -> None:
    document = json.loads(outputs["json"].read_text("utf-8"))
    areas: dict[str, int] = {}
    for finding in document["findings"]:
        areas[finding["area"]] = areas.get(finding["area"], 0) + 1
    tables = markdown_tables(outputs["md"].read_text("utf-8"))
    counts, *finding_tables = tables
    assert counts == [2] * 6, "the counts table: a header and five statuses"
    assert [len(rows) - 1 for rows in finding_tables] == list(areas.values())
    assert all(cells == 3 for rows in finding_tables for cells in rows)


def test_no_output_holds_a_raw_control_character(outputs: dict[str, Path]) -> None:
    for suffix in ("html", "json", "md", "junit.xml"):
        text = outputs[suffix].read_text("utf-8")
        found = RAW_CONTROL.search(text)
        assert found is None, f"{suffix}: {found.group()!r}"


@pytest.mark.parametrize("text", ["a\x00b", "\x1b[2J", "x\u202ey", "a\r\nb\rc", "\ud800",
                                  "\ufffe", "ok"])
def test_each_cleaning_gives_text_its_format_accepts(text: str) -> None:
    ET.fromstring(f"<a b='{xml_text(text)}'>{xml_text(text)}</a>".replace("&", "&amp;"))
    assert not RAW_CONTROL.search(visible(text)) and "\r" not in visible(text)
    assert "\n" not in markdown_text(text) and "\r" not in markdown_text(text)
    assert len(excel_header(text * 200, 100)) <= 100
