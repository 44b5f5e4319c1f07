"""Work on several workbooks or partnerships spread over the machine's cores, each result
handed back in input order, so what a command prints and stores is the same as one
process would make it.

A single item, a single core, a system without fork (workers are forked, so they start
with every module and the checklists already loaded) or `CSP_AUDIT_WORKERS=1` runs in this
process: no pool is started for it. At most two items per worker are in flight, so memory
stays flat however many items there are. Forking copies no other thread: nothing here may
run one while workers start (the load progress bar refreshes only when told to).

Workers never outlive the command: each asks the kernel to kill it when its parent dies
(`prctl(PR_SET_PDEATHSIG)`, so even a SIGKILLed command leaves no worker blocked on a pipe
no one reads), and while a pool runs a SIGTERM to the command stops the workers and ends
the command as SIGTERM would, after its clean-up (staged report files removed).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
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


def in_order(function: Callable[..., Result], items: Iterable[Item], shared: Any = None,
             on_fork: Callable[[Any], None] | None = None) -> Iterator[Result]:
    """`function` of each item, in the items' order; in worker processes when there are
    several items and cores, else here.

    With `shared` (a frozen job value: what every item needs), `function` is called as
    `function(shared, item)`. A forked worker inherits `shared` (it is not copied through a
    pipe) and runs `on_fork(shared)` once as it starts, e.g. to take over the parent's
    database engine; `function` must be a module's top-level function, sent by name."""
    items = list(items)
    workers = worker_count(len(items))
    pool = _pool(workers, _start, (shared, on_fork, os.getpid())) if workers else None
    if pool is None:
        yield from _here(function, items, shared)
        return
    finished = False
    try:
        with stopped_by_sigterm():
            yield from _from_workers(pool, function, *_submitted(pool, function, items,
                                                                 workers))
        finished = True
    finally:
        _close(pool, finished)


@contextlib.contextmanager
def started(function: Callable[..., Result], items: Iterable[Item],
            shared: Any = None) -> Iterator[Iterator[Result]]:
    """`in_order` with its workers set going at once, so what the caller does before it
    reads the first result (opening a database, importing its driver) overlaps their work;
    when the block ends, however it ends, no worker is left running."""
    items = list(items)
    workers = worker_count(len(items))
    pool = _pool(workers, _start, (shared, None, os.getpid())) if workers else None
    if pool is None:
        yield _here(function, items, shared)
        return
    finished = False
    try:
        with stopped_by_sigterm():
            yield _from_workers(pool, function, *_submitted(pool, function, items, workers))
        finished = True
    finally:
        _close(pool, finished)


def _here(function: Callable[..., Result], items: list[Any], shared: Any) -> Iterator[Result]:
    if shared is None:
        return map(function, items)
    return (function(shared, item) for item in items)


def _submitted(pool: Any, function: Callable[..., Result], items: list[Any], workers: int
               ) -> tuple[deque[Future[Result]], Iterator[Any]]:
    """The first items given to the pool (which forks its workers then), at most two per
    worker, and the items still waiting."""
    waiting = iter(items)
    pending = deque(pool.submit(_call, function, item)
                    for item in islice(waiting, workers * IN_FLIGHT_PER_WORKER))
    return pending, waiting


def _from_workers(pool: Any, function: Callable[..., Result],
                  pending: deque[Future[Result]], waiting: Iterator[Any]) -> Iterator[Result]:
    """The results of the pool's work, in order, an item handed on as each comes back."""
    while pending:
        result = pending.popleft().result()
        for item in islice(waiting, 1):
            pending.append(pool.submit(_call, function, item))
        yield result


def _close(pool: Any, finished: bool) -> None:
    if not finished:
        _stop_workers(pool)
    pool.shutdown(wait=True, cancel_futures=True)


class Terminated(SystemExit):
    """SIGTERM arrived while a pool ran: the command ends as SIGTERM would (exit 143)."""


@contextlib.contextmanager
def stopped_by_sigterm() -> Iterator[None]:
    """While the pool runs, SIGTERM raises `Terminated` here, so the clean-up of whatever is
    running (the pool's workers, staged files) happens before the command ends; the handler
    that was there before is put back. Only the main thread can take a signal."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: Any) -> None:
        raise Terminated(128 + signum)

    before = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _stop_workers(pool: Any) -> None:
    """Kill the pool's workers at once: the command is failing or being stopped, and a
    worker halfway through an item would otherwise be waited for."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, AttributeError):
            process.kill()


_slot: dict[str, Any] = {}
"""The one per-worker slot: the shared job value this worker was forked with."""


PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this worker when its parent dies; if the parent is already
    gone (it died before this ran), end now."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _start(shared: Any, on_fork: Callable[[Any], None] | None, parent: int) -> None:
    """A worker's first act: die with its parent, keep the job it inherited, and let the
    step adopt it."""
    _die_with_parent(parent)
    if on_fork is not None:
        on_fork(shared)
    _slot["shared"] = shared


def _call(function: Callable[..., Result], item: Any) -> Result:
    shared = _slot.get("shared")
    return function(item) if shared is None else function(shared, item)


def _pool(workers: int, setup: Callable[..., None], setup_args: tuple[Any, ...]) -> Any:
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
