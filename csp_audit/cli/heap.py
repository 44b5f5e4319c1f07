"""The cyclic garbage collector told once, after a bulk command's imports, that the modules
and their objects will live as long as the process (`gc.freeze()`), and to run its youngest
generation after 50,000 new container objects rather than 700.

Why: the GC otherwise rescans the whole heap of imported modules (SQLAlchemy, pydantic,
Jinja) each time it runs while records are read and written, about a tenth of the pipeline's
time (issue 17). A bulk command makes hundreds of thousands of short-lived rows, tuples and
dicts, nearly none in cycles: at the default threshold the collector runs every 700 of them
and finds almost nothing (the profile measured freeze plus 50,000 together: 0.17 s of every
75 partnerships' check). Only the console script does this (`main` enables it): a test
process runs many commands in one interpreter, and what it froze would never be collected.
"""

from __future__ import annotations

import gc

YOUNGEST_THRESHOLD = 50_000
"""New container objects between two collections of the youngest generation (Python: 700)."""

_state = {"enabled": False, "frozen": False}


def enable_freezing() -> None:
    """Called by the console script's `main`, before the command runs."""
    _state["enabled"] = True


def freeze_imports() -> None:
    """Freeze what has been imported so far and raise the youngest generation's threshold,
    once per process; nothing without `main`."""
    if _state["enabled"] and not _state["frozen"]:
        gc.freeze()
        _, middle, oldest = gc.get_threshold()
        gc.set_threshold(YOUNGEST_THRESHOLD, middle, oldest)
        _state["frozen"] = True
