"""The floor: the least work any full recomputation must do — read every
source table once.

Each operational table (schemas public, foreman and scaffold; not the
learning tables the pipeline writes) is streamed with
`COPY (SELECT * FROM t) TO STDOUT` into a null sink: psycopg hands over the
chunks and they are counted and dropped, so the figure is the server's read
and send cost plus the client's receive, with nothing kept in memory.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from psycopg import sql

from orchestration.bench.database_time import database_seconds
from orchestration.lib import db

SOURCE_SCHEMAS = ("public", "foreman", "scaffold")
# Written by the nightly job (sql/0004, 0013, 0015), so not its input.
LEARNING_TABLES = (
    "learning_runs",
    "outcome_correlation_values",
    "retracted_events",
    "pattern_performance_records",
    "adaptive_threshold_configs",
    "institutional_knowledge_entries",
    "learning_insights",
)


@dataclass
class TableRead:
    rows: int
    bytes: int
    seconds: float


@dataclass
class Floor:
    seconds: float  # wall
    database_seconds: float  # statement time (database_time.py)
    tables: dict[str, TableRead] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables.values())

    @property
    def bytes(self) -> int:
        return sum(t.bytes for t in self.tables.values())


def source_tables(conn) -> list[tuple[str, str]]:
    """(schema, table) of every operational base table, learning tables excluded."""
    rows = conn.execute(
        """
        select n.nspname, c.relname
          from pg_class as c
          join pg_namespace as n on n.oid = c.relnamespace
         where c.relkind = 'r'
           and n.nspname = any(%(schemas)s)
           and not (n.nspname = 'public' and c.relname = any(%(learning)s))
         order by 1, 2
        """,
        {"schemas": list(SOURCE_SCHEMAS), "learning": list(LEARNING_TABLES)},
    ).fetchall()
    return [(schema, table) for schema, table in rows]


def _read_table(conn, schema: str, table: str) -> TableRead:
    query = sql.SQL("copy (select * from {}) to stdout").format(sql.Identifier(schema, table))
    started = time.perf_counter()
    received = 0
    with conn.cursor() as cursor:
        with cursor.copy(query) as copy:
            for chunk in copy:
                received += len(chunk)
        rows = cursor.rowcount
    return TableRead(rows=rows, bytes=received, seconds=time.perf_counter() - started)


def measure_floor(url: str) -> Floor:
    """Read every source table once, on one connection; wall and database seconds over all of them."""
    database_before = database_seconds(url)
    with db.connect(url, autocommit=True) as conn:
        tables = source_tables(conn)
        started = time.perf_counter()
        reads = {f"{schema}.{table}": _read_table(conn, schema, table) for schema, table in tables}
        seconds = time.perf_counter() - started
    return Floor(seconds=seconds, database_seconds=database_seconds(url) - database_before, tables=reads)
