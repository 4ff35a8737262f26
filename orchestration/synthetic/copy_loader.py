"""Streaming COPY of generated tables, with a progress bar per table.

A `Table` is a schema-qualified name, its column list and an iterator of
pre-formatted COPY text chunks `(rows, bytes)`. Chunks are produced lazily, so
a table is never held in memory as a whole; a background thread sends one
chunk while the next is generated, at most two chunks ahead.
Long tables are split into several COPY statements so the per-statement
queue of foreign-key checks stays bounded.

Tables of at least `BULK_ROWS` rows are loaded the way PostgreSQL's manual
("Populating a Database") advises: inside the load's transaction the empty
table's secondary indexes, its foreign keys and any primary/unique key no
other table references are dropped, the rows are copied, and then everything
is re-created from its own catalog definition: keys and indexes right after
the table's rows, foreign keys once every table is loaded (so the lineage
trigger's updates of decisions and candidates loaded earlier in the same
transaction queue no per-row foreign-key checks). Re-adding a foreign key
validates every row in one join, so the constraints hold exactly as if each
row had been checked on insert (a violation aborts the whole load), at a
third of the cost. CHECK constraints, NOT NULL and triggers stay in place
throughout.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from queue import Queue
from typing import Iterable, Iterator

import psycopg
from psycopg import sql
from orchestration.synthetic.rowfmt import BINARY_SIGNATURE, BINARY_TRAILER
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

Chunk = tuple[int, bytes]

BULK_ROWS = 10_000  # tables expected to be at least this long load with deferred indexes and keys

# The DDL that re-creates what `_DEFER_QUERY` drops, in re-creation order: keys first (foreign keys
# of other tables may need them), then plain indexes, then this table's own foreign keys (step 1,
# which the loader re-creates after the last table).
_DEFER_QUERY = """
with target as (select %(table)s::regclass as oid)
select 1 as step, format('alter table %%s drop constraint %%I', t.oid, c.conname),
       format('alter table %%s add constraint %%I %%s', t.oid, c.conname, pg_get_constraintdef(c.oid))
  from pg_constraint c, target t
 where c.conrelid = t.oid and c.contype = 'f'
union all
select 2, format('drop index %%s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
  from pg_index i, target t
 where i.indrelid = t.oid
   and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.conrelid = t.oid)
union all
select 3, format('alter table %%s drop constraint %%I', t.oid, c.conname),
       format('alter table %%s add constraint %%I %%s', t.oid, c.conname, pg_get_constraintdef(c.oid))
  from pg_constraint c, target t
 where c.conrelid = t.oid and c.contype in ('p', 'u')
   and not exists (select 1 from pg_constraint f
                    where f.contype = 'f' and f.confrelid = t.oid and f.conrelid <> t.oid)
order by 1, 2
"""


@dataclass
class Table:
    name: str  # schema.table
    columns: tuple[str, ...]
    chunks: Iterable[Chunk]
    expected_rows: int | None = None  # for the progress bar (None: unknown)
    after: list = field(default_factory=list)  # (sql, params) run after the COPY
    binary: bool = False  # chunks are rows of COPY's binary format (see rowfmt.binary_rows)


def single_chunk(data: bytes, rows: int) -> Iterator[Chunk]:
    yield rows, data


class _Sender:
    """Streams chunks to a COPY from a background thread (libpq I/O releases the GIL), at most
    `depth` chunks ahead of the generator, so memory stays bounded when the server is slower."""

    def __init__(self, copy, depth: int = 2):
        self._copy, self._queue = copy, Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while (data := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._copy.write(data)
                except BaseException as exc:  # re-raised in the generating thread
                    self._error = exc

    def send(self, data: bytes) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(data)

    def __enter__(self) -> "_Sender":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None and exc[0] is None:
            raise self._error


class CopyLoader:
    """Loads tables in the given order on one connection (one transaction)."""

    def __init__(self, conn: psycopg.Connection, progress: bool, statement_rows: int = 1_000_000):
        self.conn, self.statement_rows = conn, statement_rows
        self.stats: dict[str, dict[str, float]] = {}
        self.foreign_key_seconds = 0.0  # re-adding the deferred foreign keys, after the last table
        self._foreign_keys: list[str] = []
        self._progress = (
            Progress(TextColumn("{task.description:<40}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            if progress
            else None
        )

    def __enter__(self) -> "CopyLoader":
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, exc_type, *exc) -> None:
        try:
            if exc_type is None:
                self._restore_foreign_keys()
        finally:
            if self._progress is not None:
                self._progress.stop()

    def _restore_foreign_keys(self) -> None:
        task = None
        if self._progress is not None:
            task = self._progress.add_task("foreign keys (validated)", total=len(self._foreign_keys))
        started = time.perf_counter()
        with self.conn.cursor() as cur:
            for done, statement in enumerate(self._foreign_keys, 1):
                cur.execute(statement)
                if task is not None:
                    self._progress.update(task, completed=done)
        self._foreign_keys.clear()
        self.foreign_key_seconds = round(time.perf_counter() - started, 3)

    def load(self, table: Table) -> int:
        schema, name = table.name.split(".")
        statement = sql.SQL("COPY {} ({}) FROM STDIN {}").format(
            sql.Identifier(schema, name),
            sql.SQL(", ").join(map(sql.Identifier, table.columns)),
            sql.SQL("(FORMAT binary)" if table.binary else ""),
        )
        task = self._progress.add_task(table.name, total=table.expected_rows) if self._progress else None
        started, rows = time.perf_counter(), 0
        chunks = iter(table.chunks)
        pending = next(chunks, None)
        with self.conn.cursor() as cur:
            restore = self._defer_keys_and_indexes(cur, table) if (table.expected_rows or 0) >= BULK_ROWS else []
            while pending is not None:  # one COPY statement per `statement_rows` rows
                with cur.copy(statement) as copy, _Sender(copy) as sender:
                    if table.binary:
                        sender.send(BINARY_SIGNATURE)
                    in_statement = 0
                    while pending is not None and in_statement < self.statement_rows:
                        n, data = pending
                        if n:
                            sender.send(memoryview(data))
                            rows, in_statement = rows + n, in_statement + n
                            if task is not None:
                                self._progress.update(task, completed=rows)
                        pending = next(chunks, None)  # generated while the sender streams the last chunk
                    if table.binary:
                        sender.send(BINARY_TRAILER)
            for statement in restore:
                cur.execute(statement)
            for query, params in table.after:
                cur.execute(query, params)
        if task is not None:
            self._progress.update(task, completed=rows, total=rows)
        self.stats[table.name] = {"rows": rows, "seconds": round(time.perf_counter() - started, 3)}
        return rows

    def _defer_keys_and_indexes(self, cur: psycopg.Cursor, table: Table) -> list[str]:
        """Drop what `_DEFER_QUERY` lists for the (empty) table; return the statements that restore
        its keys and indexes, and queue those of its foreign keys for the end of the load."""
        plan = cur.execute(_DEFER_QUERY, {"table": table.name}).fetchall()
        for _, drop, _ in plan:
            cur.execute(drop)
        cur.execute("set local maintenance_work_mem = '1GB'")  # index builds sort in memory
        self._foreign_keys += [create for step, _, create in plan if step == 1]
        return [create for step, _, create in reversed(plan) if step != 1]
