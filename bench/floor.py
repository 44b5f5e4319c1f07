"""The floor: the least any tool must do with these workbooks. Every cell read with
python-calamine, and the same rows inserted with raw `sqlite3.executemany`, one transaction
per workbook, into a WAL-mode SQLite file as csp-audit's. No validation, no records.

Usage: python bench/floor.py DB WORKBOOK... (prints the number of records inserted)
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import python_calamine


def read_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every worksheet's data rows (below the header), each cell touched once."""
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    sheets = {}
    for name in workbook.sheet_names:
        rows = workbook.get_sheet_by_name(name).to_python()
        sheets[name] = [tuple(cell for cell in row) for row in rows[1:]]
    workbook.close()
    return sheets


def insert(connection: sqlite3.Connection, sheets: dict[str, list[tuple[object, ...]]],
           known: set[str]) -> int:
    count = 0
    with connection:
        for name, rows in sheets.items():
            if not rows:
                continue
            width = max(len(row) for row in rows)
            table = "t_" + "".join(c if c.isalnum() else "_" for c in name)
            if (table, width) not in known:
                columns = ", ".join(f"c{i}" for i in range(width))
                connection.execute(f"CREATE TABLE IF NOT EXISTS {table}_{width} "
                                   f"(id INTEGER PRIMARY KEY, {columns})")
                known.add((table, width))
            marks = ", ".join("?" * width)
            connection.executemany(
                f"INSERT INTO {table}_{width} ({', '.join(f'c{i}' for i in range(width))}) "
                f"VALUES ({marks})",
                [tuple(str(v) if not isinstance(v, int | float | str | type(None)) else v
                       for v in row) + (None,) * (width - len(row)) for row in rows])
            count += len(rows)
    return count


def main(argv: list[str]) -> None:
    database, *workbooks = argv
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    known: set = set()
    records = sum(insert(connection, read_rows(Path(path)), known) for path in workbooks)
    connection.close()
    print(records)


if __name__ == "__main__":
    main(sys.argv[1:])
