"""A throwaway PostgreSQL server for the database tests, started from Debian's `postgresql`.

One cluster per test session in a temporary directory: trust authentication, listening on
127.0.0.1 at a free port only, durability off (it is thrown away), stopped and deleted at the
end. PostgreSQL refuses to run as root, so under root the cluster belongs to the `postgres`
system user (or `nobody`) and its programs run through `runuser`.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

USER = "csp_audit"
"""The cluster's superuser, the one the tests connect as."""

SERVER_SETTINGS = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=60")
"""Safe only because the cluster is deleted afterwards: the tests check behaviour, not
durability."""


class ServerUnavailable(Exception):
    """No server could be started here; the message says why."""


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    directory: Path
    run_as: str | None

    def url(self, database: str) -> str:
        """The `--db` URL of one database on this server."""
        return f"postgresql+psycopg://{USER}@{self.host}:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user=USER, dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def empty_database(self, name: str) -> None:
        """Put database `name` back as the tool's first opening leaves it: disconnect
        everyone else, drop the triggers and functions a test added, delete every row but
        the schema version's and restart the ids (DELETE, not TRUNCATE: quicker on a few
        rows)."""
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user=USER, dbname=name,
                             autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = current_database() AND pid <> pg_backend_pid()")
            statements = [f'DROP TRIGGER "{trigger}" ON {table}' for trigger, table in
                          conn.execute("SELECT tgname, tgrelid::regclass::text FROM pg_trigger "
                                       "WHERE NOT tgisinternal")]
            statements += [f"DROP FUNCTION {function}" for (function,) in conn.execute(
                "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
                "ON n.oid = p.pronamespace WHERE n.nspname = 'public'")]
            statements += [f"DELETE FROM {table}" for (table,) in conn.execute(
                "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'schema_version'")]
            statements += [f"ALTER SEQUENCE {sequence} RESTART" for (sequence,) in conn.execute(
                "SELECT quote_ident(sequencename) FROM pg_sequences "
                "WHERE schemaname = 'public'")]
            with conn.transaction():
                # NOTE: replica role skips foreign key checks, so tables empty in any order.
                conn.execute("SET LOCAL session_replication_role = replica")
                for statement in statements:
                    conn.execute(statement)  # type: ignore[arg-type]

    def create_database(self, name: str, template: str = "template1") -> str:
        """A new database, a copy of `template` (which nobody may be connected to)."""
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_programs(installed: Path = Path("/usr/lib/postgresql")) -> Path:
    """The newest installed PostgreSQL's bin directory (initdb, pg_ctl)."""
    found = sorted(installed.glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                   else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise ServerUnavailable("PostgreSQL is not installed (no initdb; Debian package "
                            "`postgresql`)")


def _unprivileged_user() -> str | None:
    """Who runs the server: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise ServerUnavailable("running as root and there is no postgres or nobody user to run "
                            "the server as")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(program: Path, arguments: list[str], run_as: str | None) -> None:
    command = [str(program), *arguments]
    if run_as is not None:
        command = ["runuser", "-u", run_as, "--", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip().splitlines()
        last = output[-1] if output else f"exit code {done.returncode}"
        raise ServerUnavailable(f"{program.name} failed: {last}")


def _start(programs: Path, directory: Path, run_as: str | None, attempts: int = 3) -> int:
    """Start the cluster on a free port; another program may take the port first, so try
    again on a new one."""
    for attempt in range(1, attempts + 1):
        port = _free_port()
        options = f"-k {directory} -c listen_addresses=127.0.0.1 -p {port} {SERVER_SETTINGS}"
        try:
            _run(programs / "pg_ctl", ["-D", str(directory / "data"), "-l",
                                       str(directory / "server.log"), "-w", "-t", "30",
                                       "-o", options, "start"], run_as)
        except ServerUnavailable:
            if attempt == attempts:
                raise
        else:
            return port
    raise ServerUnavailable("no attempt to start PostgreSQL was made")


def start_server() -> Server:
    """Create a cluster in a new temporary directory and start it; ServerUnavailable if not."""
    programs = server_programs()
    run_as = _unprivileged_user()
    directory = Path(tempfile.mkdtemp(prefix="csp-audit-pg-"))
    try:
        if run_as is not None:
            entry = pwd.getpwnam(run_as)
            os.chown(directory, entry.pw_uid, entry.pw_gid)
        data = directory / "data"
        _run(programs / "initdb", ["-D", str(data), "-U", USER, "-A", "trust",
              "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"], run_as)
        port = _start(programs, directory, run_as)
    except (ServerUnavailable, OSError, subprocess.SubprocessError) as error:
        shutil.rmtree(directory, ignore_errors=True)
        if isinstance(error, ServerUnavailable):
            raise
        raise ServerUnavailable(f"cannot start PostgreSQL: {error}") from error
    return Server("127.0.0.1", port, directory, run_as)


def stop_server(server: Server) -> None:
    """Stop the server at once (its data is about to be deleted) and delete the cluster."""
    programs = server_programs()
    try:
        _run(programs / "pg_ctl", ["-D", str(server.directory / "data"), "-m",
              "immediate", "-w", "stop"], server.run_as)
    finally:
        shutil.rmtree(server.directory, ignore_errors=True)


def database_name(test_name: str, number: int) -> str:
    """A database of its own for one test, named after it (PostgreSQL allows 63 bytes)."""
    return f"t{number}_" + re.sub(r"[^a-z0-9]+", "_", test_name.lower())[:50].strip("_")
