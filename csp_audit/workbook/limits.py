"""Every limit on what csp-audit will read, in one place (SECURITY.md lists them).

A real partnership workbook is well under 1 MB and a few thousand rows. The limits sit far
above any real workbook and far below what would exhaust an ordinary laptop, so a hostile
or broken file is refused with a message instead of eating the machine. Sizes are in bytes.
"""

from __future__ import annotations

MB = 1024 * 1024

MAX_FILE_BYTES = 50 * MB
"""The .xlsx file itself, as stored on disk."""

MAX_ZIP_MEMBERS = 2_000
"""Parts inside the .xlsx zip (a workbook of 20 sheets has about 40)."""

MAX_MEMBER_BYTES = 150 * MB
"""Any one part once inflated, as the zip's central directory declares it."""

MAX_TOTAL_BYTES = 300 * MB
"""All parts together once inflated."""

MAX_COMPRESSION_RATIO = 200
"""Inflated size / compressed size of any part larger than RATIO_FLOOR_BYTES. Sheet XML
compresses 10 to 40 times; a zip bomb several hundred times."""

RATIO_FLOOR_BYTES = 1 * MB
"""Parts smaller than this may compress as well as they like."""

MAX_ROWS_PER_SHEET = 250_000
"""The last row a sheet may use (sheets of 100,000 rows load in seconds)."""

MAX_COLUMNS_PER_SHEET = 702
"""The last column a sheet may use: ZZ."""

MAX_CELLS_PER_SHEET = 5_000_000
"""Rows x columns of a sheet's used area, which calamine holds in memory as a grid."""

MAX_SHARED_EXPANSION_BYTES = 200 * MB
"""Shared text a sheet's cells refer to, counted once per reference: a string is stored
once in the file but read once per cell that uses it (a 1.5 MB file of one long string in
many cells expanded to 6.5 GB of memory)."""

MAX_CELL_CHARS = 32_767
"""Characters in one cell: Excel's own limit."""

MAX_PARSED_PART_BYTES = 10 * MB
"""Workbook parts that csp-audit parses itself (the sheet list and its relationships)."""

MAX_HEADER_CHARS = 200
"""Header cells are compared and quoted by their first 200 characters only."""

MAX_PROBLEMS_SHOWN = 200
"""Problems printed one a line for a workbook; the rest are counted by kind (severity,
sheet, column and message), so a sheet of a quarter of a million bad cells prints a few
hundred lines, not a quarter of a million."""

MAX_KINDS_SHOWN = 50
"""Kinds counted after the first problems; any more are counted together."""
