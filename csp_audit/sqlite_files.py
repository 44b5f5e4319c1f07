"""Which file SQLite opens for a --db: `check` and `report` refuse a database that does not
exist (a mistyped --db), and `load` makes a new one only once it has something to store.

Kept apart from `db` so the CLI can ask without importing the models.
"""

from __future__ import annotations

from pathlib import Path


def sqlite_file(db: str) -> str | None:
    """The file SQLite opens for --db; None for a server or an in-memory database.

    A plain path is the file itself (as `open_database` checks it). For a sqlite URL it is
    the name SQLAlchemy hands SQLite, read as SQLite reads it: with ?uri=true a `file:` name
    is a URI, whose path may be percent-encoded and whose query (mode=ro, mode=memory...)
    is not part of the file's name.
    """
    if "://" not in db:
        return db
    from urllib.parse import parse_qs, unquote, urlsplit

    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(db)
        if url.get_backend_name() != "sqlite":
            return None
        args, options = url.get_dialect()().create_connect_args(url)
    except (ArgumentError, ImportError, ValueError):
        return None  # open_database says plainly what is wrong with the URL
    name = args[0] if args else None
    if not name or name == ":memory:":
        return None
    if not (options.get("uri") and name.startswith("file:")):
        return name
    parts = urlsplit(name)
    path = unquote(parts.path)
    if (parts.netloc not in ("", "localhost") or path in ("", ":memory:")
            or "memory" in parse_qs(parts.query).get("mode", ())):
        return None  # no file here (SQLite itself refuses another host's)
    return path


def is_new_sqlite_file(db: str) -> bool:
    """True when --db names a SQLite file that does not exist yet (opening it would make it)."""
    path = sqlite_file(db)
    return path is not None and not Path(path).exists()
