"""Databases for the tests: each database test runs on a SQLite file and on PostgreSQL.

The PostgreSQL server is a throwaway cluster (tests/support/pg.py) started once per session, only
when a PostgreSQL case runs, and stopped at the end. Each test starts from empty tables in
one shared database, or, where it needs nothing at all, a database of its own.
Where no server can start, those cases skip with the reason, except in CI (CI=true), where
they fail.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.pg import Server, ServerUnavailable, database_name, start_server, stop_server
from support.system_tools import missing

from csp_audit.store.connect import open_database

DATABASES = ("sqlite", "postgresql")
_numbers = itertools.count(1)


@pytest.fixture(scope="session", autouse=True)
def template_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Compiled report templates go to a folder of the test session, never the user's
    ~/.cache; set in the environment so the commands the tests start as processes use it."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    try:
        server = start_server()
    except ServerUnavailable as error:
        missing(f"no PostgreSQL server for the tests: {error}")
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def postgres_shared(postgres_server: Server) -> str:
    """The database most PostgreSQL cases use, its tables created once: emptying it takes
    milliseconds where creating a database takes a few tenths of a second."""
    url = postgres_server.create_database("csp_audit_tests")
    open_database(url).dispose()
    return url


def _new_database(request: pytest.FixtureRequest, directory: Path, kind: str,
                  shared: bool = True) -> Iterator[str]:
    if kind == "sqlite":
        yield str(directory / "audit.db")
        return
    server: Server = request.getfixturevalue("postgres_server")
    if shared:
        url = request.getfixturevalue("postgres_shared")
        server.empty_database(url.rsplit("/", 1)[1])
        yield url
        return
    name = database_name(request.node.name, next(_numbers))
    yield server.create_database(name)
    server.drop_database(name)


@pytest.fixture(params=DATABASES)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database as `--db` takes it: a new SQLite file path (no file yet) or a
    PostgreSQL URL (the session's shared database, its tables emptied and anything a test
    added to them dropped)."""
    yield from _new_database(request, tmp_path, request.param)


@pytest.fixture(params=DATABASES)
def new_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it, not even the tool's tables (on PostgreSQL too)."""
    yield from _new_database(request, tmp_path, request.param, shared=False)


@pytest.fixture
def postgres_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new PostgreSQL database with nothing in it, for what only PostgreSQL does."""
    yield from _new_database(request, tmp_path, "postgresql", shared=False)


@pytest.fixture(scope="module", params=DATABASES)
def module_db(request: pytest.FixtureRequest,
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One database shared by a module's tests (property tests that save many examples)."""
    yield from _new_database(request, tmp_path_factory.mktemp("db"), request.param,
                             shared=False)
