"""Composing knowledge entries (compose_entries.sql), shared by the asset and its fingerprint check."""

from datetime import datetime

import psycopg

from orchestration.lib.sql_files import read_sql


def compose_entries(
    conn: psycopg.Connection,
    as_of: datetime,
    since: datetime | None,
    window_days: int,
    slice_index: int = 0,
    slice_count: int = 1,
) -> None:
    """Temp table composed_entries: the entries at as_of of the decisions whose lineage changed after
    `since` (None: all), within slice `slice_index` of `slice_count` (0 of 1: every decision)."""
    params = {
        "as_of": as_of,
        "since": since,
        "window_days": window_days,
        "slice_index": slice_index,
        "slice_count": slice_count,
        # A(C) probed per candidate unless every entry is composed (see the SQL)
        "probe_candidates": since is not None or slice_count > 1,
    }
    conn.execute(read_sql(__file__, "compose_entries.sql"), params)
