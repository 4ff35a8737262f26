"""learning_runs: the as_of (and window) an incrementally maintained table was last
computed for, and whether the next run may start from it."""

from __future__ import annotations

from datetime import datetime

import psycopg

from orchestration.lib.as_of import iso
from orchestration.lib.sql_files import read_sql


def incremental_since(
    conn: psycopg.Connection, asset_name: str, as_of: datetime, window_days: int, full_refresh: bool
) -> datetime | None:
    """The previous run's as_of when this run may recompute only what changed since
    then (same window, as_of not earlier); None means recompute everything.

    Locks the asset's row until the transaction ends: runs of one asset queue."""
    previous = conn.execute(read_sql(__file__, "lock_learning_run.sql"), {"asset_name": asset_name}).fetchone()
    if full_refresh or previous is None:
        return None
    previous_as_of, previous_window_days = previous
    if previous_window_days != window_days or previous_as_of > as_of:
        return None
    return previous_as_of


def record_run(conn: psycopg.Connection, asset_name: str, as_of: datetime, window_days: int) -> None:
    conn.execute(
        read_sql(__file__, "record_learning_run.sql"),
        {"asset_name": asset_name, "as_of": as_of, "window_days": window_days},
    )


def run_mode(since: datetime | None) -> str:
    """The run's mode as the assets report it in their metadata."""
    return "full" if since is None else "incremental"


def describe_run(since: datetime | None) -> str:
    """The run's mode for a log line, e.g. `incremental since 2026-06-01T00:00:00Z`."""
    return run_mode(since) + (f" since {iso(since)}" if since else "")
