"""What a workbook holds beside its cells that csp-audit never reads or runs, but that a
reader should be told of: macros, links to other workbooks, embedded objects.

Found from the zip's part names (and the content types) alone: their content is never
opened, so a macro-enabled workbook renamed .xlsx loads its cells and says what else it
holds instead of loading without a word.
"""

from __future__ import annotations

import zipfile
from pathlib import Path


def what_is_odd(path: Path) -> list[str]:
    """What a workbook holds that csp-audit never reads or runs but a reader should know
    of, in words (one warning each): macros, links to other workbooks, embedded objects.
    From the zip's part names alone: their content is never opened."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names \
                else b""
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return []
    found = []
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in types:
        found.append("the workbook holds macros (VBA); they are never read or run, but "
                     "save it as an Excel Workbook (.xlsx) without them")
    links = sum(1 for n in names if n.startswith("xl/externalLinks/") and n.endswith(".xml"))
    if links:
        found.append(f"the workbook links to {links} other workbook(s) (external links); "
                     "only the values saved in this file are read, never the linked files")
    embedded = sum(1 for n in names if n.startswith(("xl/embeddings/", "xl/activeX/"))
                   and not n.endswith(".rels"))
    if embedded:
        found.append(f"the workbook holds {embedded} embedded object(s) (OLE or ActiveX); "
                     "they are never opened")
    return found
