"""Streaming COPY of generated tables, with a progress bar per table.

A `Table` is a schema-qualified name, its column list and an iterator of
pre-formatted COPY text chunks `(rows, bytes)`. Chunks are produced lazily, so
a table is never held in memory as a whole; a background thread sends one
chunk while the next is generated, at most two chunks ahead.
Long tables are split into several COPY statements so the per-statement
queue of foreign-key checks stays bounded. Everything goes through the
table's constraints and triggers.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from queue import Queue
from typing import Iterable, Iterator

import psycopg
from psycopg import sql
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

Chunk = tuple[int, bytes]


@dataclass
class Table:
    name: str  # schema.table
    columns: tuple[str, ...]
    chunks: Iterable[Chunk]
    expected_rows: int | None = None  # for the progress bar (None: unknown)
    after: list = field(default_factory=list)  # (sql, params) run after the COPY


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
        self._progress = (
            Progress(TextColumn("{task.description:<40}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            if progress
            else None
        )

    def __enter__(self) -> "CopyLoader":
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()

    def load(self, table: Table) -> int:
        schema, name = table.name.split(".")
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(schema, name), sql.SQL(", ").join(map(sql.Identifier, table.columns))
        )
        task = self._progress.add_task(table.name, total=table.expected_rows) if self._progress else None
        started, rows = time.perf_counter(), 0
        chunks = iter(table.chunks)
        pending = next(chunks, None)
        with self.conn.cursor() as cur:
            while pending is not None:  # one COPY statement per `statement_rows` rows
                with cur.copy(statement) as copy, _Sender(copy) as sender:
                    in_statement = 0
                    while pending is not None and in_statement < self.statement_rows:
                        n, data = pending
                        if n:
                            sender.send(memoryview(data))
                            rows, in_statement = rows + n, in_statement + n
                            if task is not None:
                                self._progress.update(task, completed=rows)
                        pending = next(chunks, None)  # generated while the sender streams the last chunk
            for query, params in table.after:
                cur.execute(query, params)
        if task is not None:
            self._progress.update(task, completed=rows, total=rows)
        self.stats[table.name] = {"rows": rows, "seconds": round(time.perf_counter() - started, 3)}
        return rows
