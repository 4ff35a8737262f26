"""Reading the dbt marts (schema `analytics`) into pandas frames for the report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

import pandas as pd
import psycopg
from psycopg import sql
from psycopg.types.numeric import FloatLoader

from orchestration.lib.sql_files import read_sql

MART_SCHEMA = "analytics"
# Columns that say when a mart's rows were computed, most telling first.
COMPUTED_COLUMNS = ("computed_at", "calibrated_at", "last_detected_at", "distilled_at")


class NoMartsError(ValueError):
    """The marts the report reads have never been built."""


@dataclass(frozen=True)
class Freshness:
    """When a mart was built for and computed, and the span of its own timestamps."""

    rows: int
    as_of: datetime | None
    computed_at: datetime | None
    span_start: datetime | None
    span_end: datetime | None


def existing_marts(conn: psycopg.Connection) -> dict[str, set[str]]:
    """Every table (or view) of schema `analytics` with its column names."""
    rows = conn.execute(read_sql(__file__, "select_mart_columns.sql"), {"schema": MART_SCHEMA}).fetchall()
    marts: dict[str, set[str]] = {}
    for table, column in rows:
        marts.setdefault(table, set()).add(column)
    return marts


def read_frame(conn: psycopg.Connection, query: str, params: dict | None = None) -> pd.DataFrame:
    """A query's rows as a frame; numerics arrive as floats so that plots and sorting treat them as numbers."""
    cursor = conn.cursor()
    # Loading numeric as float in psycopg, not Decimal converted per cell in pandas (seconds at `large`).
    cursor.adapters.register_loader("numeric", FloatLoader)
    cursor.execute(query, params or {})
    numeric = cursor.adapters.types["numeric"].oid
    columns = cursor.description
    frame = pd.DataFrame.from_records(cursor.fetchall(), columns=[column.name for column in columns])
    for column in columns:
        if column.type_code == numeric:
            frame[column.name] = frame[column.name].astype("float64")
    return frame


def mart_freshness(conn: psycopg.Connection, mart: str, columns: set[str], span_column: str | None) -> Freshness:
    """Row count, max(as_of), max(<computed column>) and min/max(span_column) of one mart."""
    computed = next((name for name in COMPUTED_COLUMNS if name in columns), None)

    def aggregate(function: str, column: str | None) -> sql.Composable:
        if column is None or column not in columns:
            return sql.SQL("null")
        return sql.SQL("{}({})").format(sql.SQL(function), sql.Identifier(column))

    query = sql.SQL("select count(*), {}, {}, {}, {} from {}").format(
        aggregate("max", "as_of"),
        aggregate("max", computed),
        aggregate("min", span_column),
        aggregate("max", span_column),
        sql.Identifier(MART_SCHEMA, mart),
    )
    rows, as_of, computed_at, span_start, span_end = conn.execute(query).fetchone()
    return Freshness(rows, as_of, computed_at, as_instant(span_start), as_instant(span_end))


def as_instant(value: datetime | date | None) -> datetime | None:
    """Dates as midnight UTC, so spans of different marts compare."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
