"""Hostile files, round 2 (issue 12): a small file whose shared strings are referenced many
times (each reference is read as its own copy of the text) is refused before calamine reads
it, in-process and in a subprocess under the corpus's time and memory limits; macros,
external links and embedded objects are warnings naming what was found (never run)."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from support import hostile
from support.commands import run

from csp_audit.workbook import limits

AGENDA = "xl/worksheets/sheet5.xml"
LONG = 32_000
REFERENCES = limits.MAX_SHARED_EXPANSION_BYTES // LONG + 500
MEMORY_BYTES = 1536 * 1024 * 1024


def shared_string_bomb(folder: Path) -> Path:
    """One 32,000-character shared string, referenced by a few thousand Agenda cells: a
    file of a few hundred KB that reads as hundreds of MB of text."""
    parts = hostile.parts_of(hostile.valid(folder, "base.xlsx"))
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org'
        b'/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>' + b"y" * LONG
        + b"</t></si></sst>")
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>B-2024-06</t></is></c>'
        b'<c r="B%d" t="s"><v>0</v></c></row>' % (n, n, n) for n in range(5, 5 + REFERENCES))
    parts[AGENDA] = parts[AGENDA].replace(b"</sheetData>", rows + b"</sheetData>")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxml'
        b'formats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    path = hostile.rezip(folder / "shared-bomb.xlsx", parts)
    assert path.stat().st_size < 1024 * 1024
    return path


def test_a_shared_string_bomb_is_refused_naming_the_sheet(tmp_path: Path) -> None:
    result = run("validate", shared_string_bomb(tmp_path))
    assert result.exit_code == 2, result.output
    assert "Agenda: the sheet's cells repeat its shared text" in result.output
    assert f"at most {limits.MAX_SHARED_EXPANSION_BYTES // limits.MB} MB" in result.output


def test_the_same_text_referenced_within_the_limit_loads(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit counts references: the same file with a limit above its expansion reads."""
    path = shared_string_bomb(tmp_path)
    monkeypatch.setattr(limits, "MAX_SHARED_EXPANSION_BYTES", 10 * limits.MAX_MEMBER_BYTES)
    result = run("validate", path)
    assert "repeat its shared text" not in result.output


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def test_a_shared_string_bomb_in_bounded_time_and_memory(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "csp_audit.cli", "validate",
                           str(shared_string_bomb(tmp_path))], capture_output=True, text=True,
                          timeout=20, preexec_fn=_limit_memory, check=False)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "repeat its shared text" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def with_extra_parts(folder: Path, name: str, extra: dict[str, bytes],
                     content_types: bytes = b"") -> Path:
    parts = hostile.parts_of(hostile.valid(folder, f"base-{name}"))
    parts.update(extra)
    if content_types:
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", content_types + b"</Types>")
    return hostile.rezip(folder / name, parts)


ODD = {
    "macro-enabled renamed .xlsx": (
        {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 not run"},
        b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
        "holds macros (VBA); they are never read or run"),
    "external links": (
        {"xl/externalLinks/externalLink1.xml": b'<?xml version="1.0"?><externalLink/>'},
        b"", "links to 1 other workbook(s) (external links)"),
    "embedded OLE object": (
        {"xl/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0 never opened"}, b"",
        "holds 1 embedded object(s) (OLE or ActiveX); they are never opened"),
}


@pytest.mark.parametrize("case", ODD)
def test_what_a_workbook_holds_but_is_never_run_is_a_warning(tmp_path: Path,
                                                              case: str) -> None:
    extra, types, says = ODD[case]
    result = run("validate", with_extra_parts(tmp_path, "odd.xlsx", extra, types))
    assert result.exit_code == 0, result.output
    assert f"warning: {tmp_path / 'odd.xlsx'}: the workbook {says}" in result.output
