"""Work on several workbooks or partnerships spread over the machine's cores, each result
handed back in input order, so what a command prints and stores is the same as one
process would make it.

A single item, a single core, a system without fork (workers are forked, so they start
with every module and the checklists already loaded) or `CSP_AUDIT_WORKERS=1` runs in this
process: no pool is started for it. At most two items per worker are in flight, so memory
stays flat however many items there are. Forking copies no other thread: nothing here may
run one while workers start (the load progress bar refreshes only when told to).
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from itertools import islice
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

WORKERS_ENV = "CSP_AUDIT_WORKERS"
IN_FLIGHT_PER_WORKER = 2


def cores() -> int:
    """Cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count(items: int) -> int:
    """Worker processes for `items` items: 0 (run here) for one item or one core."""
    wanted = os.environ.get(WORKERS_ENV, "").strip()
    limit = int(wanted) if wanted.isdigit() else cores()
    workers = min(limit, items)
    return workers if workers >= 2 else 0


def in_order(function: Callable[[Item], Result], items: Iterable[Item],
             setup: Callable[..., None] | None = None,
             setup_args: tuple[Any, ...] = ()) -> Iterator[Result]:
    """`function` of each item, in the items' order; in worker processes when there are
    several items and cores, else here. `setup(*setup_args)` runs once in each worker
    (here, before the first item, when no pool runs); the arguments are inherited by the
    forked worker, not copied through a pipe."""
    items = list(items)
    workers = worker_count(len(items))
    pool = _pool(workers, setup, setup_args) if workers else None
    if pool is None:
        if setup is not None:
            setup(*setup_args)
        yield from map(function, items)
        return
    pending: deque[Future[Result]] = deque()
    waiting = iter(items)
    try:
        pending.extend(pool.submit(function, item)
                       for item in islice(waiting, workers * IN_FLIGHT_PER_WORKER))
        while pending:
            result = pending.popleft().result()
            for item in islice(waiting, 1):
                pending.append(pool.submit(function, item))
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _pool(workers: int, setup: Callable[..., None] | None, setup_args: tuple[Any, ...]) -> Any:
    """A pool of forked workers, or None where this system has no fork or cannot start a
    pool (no working semaphores): the work then runs in this process."""
    import multiprocessing

    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return None
    try:
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=setup, initargs=setup_args)
    except (ImportError, OSError, NotImplementedError):
        return None
