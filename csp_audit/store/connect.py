"""Connections to the database: a forked worker's own pool."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

_parents_pools: list[Any] = []
"""The pools a forked worker took over from its parent, kept referenced for its life."""


def adopt_after_fork(engine: Engine) -> None:
    """Make `engine`, inherited by a forked worker, open connections of its own.

    The parent's connections are left to the parent (SQLAlchemy's advice after a fork):
    their pool is kept referenced here, so no garbage collection closes (and checkpoints) a
    SQLite connection the parent still uses. The worker opens its own, and closes them when
    it ends."""
    from multiprocessing.util import Finalize

    _parents_pools.append(engine.pool)
    engine.dispose(close=False)
    Finalize(engine, engine.dispose, exitpriority=10)
