"""Files written by LibreOffice Calc, as a manager who keeps the workbook in Calc has them.

`soffice --headless --convert-to` rewrites a file the way Calc saves it (its own styles,
shared strings, date cells, .ods); where LibreOffice is not installed the test skips with the
reason (and fails in CI: scripts/system-deps.sh installs libreoffice-calc-nogui).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from support.system_tools import need_program

CONVERT_SECONDS = 120


CSV_EVERY_SHEET = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'
"""Calc's CSV filter saving every sheet as its own `BOOK-Sheet.csv` (the -1 at the end)."""


def convert(source: Path, target_format: str, out_dir: Path, lang: str = "en_GB.UTF-8"
            ) -> Path:
    """`source` converted by LibreOffice to `target_format` (xlsx, ods, csv...) in `out_dir`,
    as a Calc set to `lang` writes it; the path of the (first) file it wrote."""
    soffice = need_program("soffice")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        # NOTE: a profile of its own, so a test never meets a user's running LibreOffice.
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", target_format, "--outdir", str(out_dir), str(source)],
            check=True, capture_output=True, timeout=CONVERT_SECONDS,
            env={**os.environ, "HOME": profile, "LANG": lang, "LC_ALL": lang})
    if target_format == CSV_EVERY_SHEET:
        return out_dir
    written = out_dir / f"{source.stem}.{target_format.split(':')[0]}"
    assert written.exists(), f"LibreOffice wrote no {written.name}"
    return written


def resave_through_libreoffice(path: Path) -> Path:
    """Open `path` in LibreOffice and save it over itself in its own format (xlsx stays
    xlsx), as a person does with File > Save in Calc."""
    with tempfile.TemporaryDirectory(prefix="lo-out-") as scratch:
        written = convert(path, path.suffix.lstrip("."), Path(scratch))
        shutil.copyfile(written, path)
    return path
