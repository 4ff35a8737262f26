"""One pass of the builder-stall monitor (SPEC §7.6), shared by the asset and `ihf foreman monitor`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import psycopg

from orchestration.lib.sql_files import read_sql

DEFAULT_STALL_MINUTES = 15


@dataclass(frozen=True)
class StallChange:
    """A builder_stall blocker the pass opened or resolved."""

    blocker_id: UUID
    builder_id: str | None
    task_id: UUID


@dataclass(frozen=True)
class MonitorPass:
    at: datetime
    stall_minutes: int
    opened: list[StallChange]
    resolved: list[StallChange]


def validate_stall_minutes(stall_minutes: int) -> int:
    if isinstance(stall_minutes, bool) or not isinstance(stall_minutes, int) or stall_minutes < 1:
        raise ValueError(f"stall minutes must be a whole number >= 1, got {stall_minutes!r}")
    return stall_minutes


def run_monitor_pass(conn: psycopg.Connection, at: datetime, stall_minutes: int = DEFAULT_STALL_MINUTES) -> MonitorPass:
    """Resolve stalls that ended, then open stalls that began, at instant `at`.

    Runs inside the caller's transaction: the advisory lock is held until it
    commits, so overlapping passes take turns and never open a blocker twice.
    """
    if at.tzinfo is None:
        raise ValueError("the monitor instant needs a time zone (use an ISO-8601 timestamp with Z or an offset)")
    params = {"at": at, "stall_minutes": validate_stall_minutes(stall_minutes)}
    conn.execute(read_sql(__file__, "lock_monitor.sql"))
    resolved = conn.execute(read_sql(__file__, "resolve_stalls.sql"), params).fetchall()
    opened = conn.execute(read_sql(__file__, "open_stalls.sql"), params).fetchall()
    return MonitorPass(
        at=at,
        stall_minutes=stall_minutes,
        opened=[StallChange(*row) for row in opened],
        resolved=[StallChange(*row) for row in resolved],
    )
