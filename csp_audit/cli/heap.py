"""The cyclic garbage collector told once, after a bulk command's imports, that the modules
and their objects will live as long as the process: `gc.freeze()`.

Why: the GC otherwise rescans the whole heap of imported modules (SQLAlchemy, pydantic,
Jinja) each time it runs while records are read and written, about a tenth of the pipeline's
time (issue 17). Only the console script freezes (`main` enables it): a test process runs
many commands in one interpreter, and what it froze would never be collected.
"""

from __future__ import annotations

import gc

_state = {"enabled": False, "frozen": False}


def enable_freezing() -> None:
    """Called by the console script's `main`, before the command runs."""
    _state["enabled"] = True


def freeze_imports() -> None:
    """Freeze what has been imported so far, once per process; nothing without `main`."""
    if _state["enabled"] and not _state["frozen"]:
        gc.freeze()
        _state["frozen"] = True
