"""Database time: the seconds a database's sessions spent executing statements
(`pg_stat_database.active_time`, PostgreSQL 14 and later), summed over every
connection, whatever process opened it.

Issue #11 states the incremental target in it, and the benchmark's incremental
ratios use it (figures.py): unlike wall time it leaves out Dagster's and dbt's Python work per node,
which on a shared 2-core machine varies between runs by more than a whole
incremental night's queries at `medium`.
"""

from __future__ import annotations

import time

import psycopg

SETTLE_SECONDS = 10.0  # how long to wait for a finished run's sessions to end
OTHER_SESSIONS = """
select count(*) from pg_stat_activity
where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
"""
ACTIVE_SECONDS = "select active_time / 1000.0 from pg_stat_database where datname = current_database()"


def database_seconds(url: str) -> float:
    """The database's active time so far, in seconds. A session adds its time to the counter
    when it ends (and at most once a second while it lives), so this first waits until no
    other session is connected."""
    with psycopg.connect(url, autocommit=True) as conn:
        deadline = time.monotonic() + SETTLE_SECONDS
        while conn.execute(OTHER_SESSIONS).fetchone()[0] and time.monotonic() < deadline:
            time.sleep(0.1)
        conn.execute("select pg_stat_clear_snapshot()")
        return float(conn.execute(ACTIVE_SECONDS).fetchone()[0])
