"""docs/workbook.md and the template's Guide sheet both say what issue 11 made the reader
accept: the vocabulary, aliases, placeholders, .ods and CSV folders, and the date
warnings."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from csp_audit.workbook.template import write_template

DOCS = Path(__file__).resolve().parents[2] / "docs" / "workbook.md"
TOPICS = {
    "vocabulary": ("apols", "did you mean"),
    "ambiguous words": ("public health",),
    "aliases": ("aliases", "rbc; riverside council"),
    "placeholders": ("tbc", "not yet"),
    "ods": (".ods",),
    "csv folders": ("csv", "meetings.csv"),
    "date warnings": ("papers", "locale", "tools > options > language settings"),
    "notes columns": ("notes",),
}


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_docs_and_guide_say_the_same(topic: str, tmp_path: Path) -> None:
    docs = " ".join(DOCS.read_text(encoding="utf-8").split()).casefold()
    write_template(tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    guide = " ".join(str(c.value) for row in book["Guide"].iter_rows() for c in row
                     if c.value).casefold()
    for words in TOPICS[topic]:
        assert words in docs, f"docs/workbook.md does not mention {words!r} ({topic})"
        assert words in guide, f"the Guide sheet does not mention {words!r} ({topic})"
