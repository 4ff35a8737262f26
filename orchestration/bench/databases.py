"""The benchmark's databases: fresh ones on one server, settled after a load,
and one more day of history appended for the incremental run.

The synthetic generator builds a whole history at once and has no "one more
day" entry point, so `append_one_day` writes the day here with set-based SQL:
the last day's interaction events, annotations and outcome signals before
`as_of` are copied one day later with new ids. That is the scale's own daily
rate and shape (same widgets, event types, severities, deployments), and it
goes through the tables' constraints and triggers like any insert
(`trg_enrich_lineage` refreshes the outcome summaries of the signals'
decisions). Candidates, decisions and deployments are not appended: about a
hundred a day at `large`, they are noise beside the three high-volume tables.
"""

from __future__ import annotations

import time
from datetime import datetime

from psycopg import sql

from orchestration.lib import db, schema
from orchestration.lib.sql_files import read_sql

APPENDED_TABLES = ("interaction_events", "annotations", "outcome_signals")


def server_url() -> str:
    """A URL on the server `ihf` uses (IHF_DATABASE_URL's, else the embedded one)."""
    return db.with_database(db.database_url(), "postgres")


def fresh_database(server: str, name: str) -> str:
    """Drop `name` if it exists (a previous benchmark's), create it empty and migrate it."""
    identifier = sql.Identifier(name)
    with db.connect(db.with_database(server, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(identifier))
        conn.execute(sql.SQL("create database {}").format(identifier))
    url = db.with_database(server, name)
    schema.upgrade(url)
    return url


def settle(url: str) -> float:
    """VACUUM ANALYZE after a bulk load, as autovacuum would have done before a nightly run.

    Without it the first reader of each page pays for setting hint bits, which would
    be charged to whichever measurement happens to come first. Returns seconds.
    """
    started = time.perf_counter()
    with db.connect(url, autocommit=True) as conn:
        conn.execute("vacuum (analyze)")
    return time.perf_counter() - started


def append_one_day(url: str, as_of: datetime) -> dict[str, int]:
    """Insert the day (as_of, as_of + 1 day] in one transaction; rows per table."""
    counts = {}
    with db.transaction(url) as conn:
        for table in APPENDED_TABLES:
            cursor = conn.execute(read_sql(__file__, f"append_{table}.sql"), {"as_of": as_of})
            counts[table] = cursor.rowcount
    return counts
