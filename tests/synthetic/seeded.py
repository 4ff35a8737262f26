"""Helpers for the synthetic-history tests: fresh databases, table lists, hashes."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterator

import psycopg
from psycopg import sql

from tests.conftest import create_database, drop_database

AS_OF = datetime(2026, 6, 1, tzinfo=timezone.utc)
LEARNING_TABLES = {
    "learning_runs",
    "outcome_correlation_values",
    "pattern_performance_records",
    "adaptive_threshold_configs",
    "institutional_knowledge_entries",
    "learning_insights",
    "retracted_events",  # derived from interaction_events (sql/0015), not seeded
}


@contextmanager
def fresh_database(admin_url: str, template: str) -> Iterator[str]:
    url = create_database(admin_url, template=template)
    try:
        yield url
    finally:
        drop_database(admin_url, url)


def source_tables(conn: psycopg.Connection) -> list[str]:
    """Every operational base table of sql/0001-0003 (IHF, foreman, scaffold), learning tables excluded."""
    rows = conn.execute(
        "select table_schema || '.' || table_name from information_schema.tables"
        " where table_type = 'BASE TABLE' and table_schema in ('public', 'foreman', 'scaffold')"
        " order by 1"
    ).fetchall()
    return [r[0] for r in rows if r[0].split(".")[1] not in LEARNING_TABLES]


def row_counts(conn: psycopg.Connection, tables: list[str]) -> dict[str, int]:
    return {
        t: conn.execute(sql.SQL("select count(*) from {}").format(sql.Identifier(*t.split(".")))).fetchone()[0]
        for t in tables
    }


def table_hashes(conn: psycopg.Connection, tables: list[str]) -> dict[str, str]:
    """An order-independent content hash per table (every column of every row)."""
    out = {}
    for t in tables:
        query = sql.SQL("select md5(coalesce(string_agg(r::text, '|' order by r::text), '')) from {} r").format(
            sql.Identifier(*t.split("."))
        )
        out[t] = conn.execute(query).fetchone()[0]
    return out
