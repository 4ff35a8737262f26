"""Benchmark of `load_synthetic_history` (not part of the test run).

    uv run python -m orchestration.synthetic.bench --scale medium

Seeds a fresh, upgraded database on the server of `IHF_DATABASE_URL` (or the
embedded one), then prints rows/s, wall and CPU seconds (this process and
the PostgreSQL backend) and the peak RSS of this process, sampled while the
load runs. `bench_seed` is the reusable part for `ihf bench`.
"""

from __future__ import annotations

import argparse
import threading
import uuid
from datetime import datetime, timezone

import psutil
import psycopg
from psycopg import sql

from orchestration.lib import db, schema
from orchestration.lib.as_of import parse_as_of
from orchestration.synthetic.loader import load_synthetic_history


class _PeakRss:
    """Samples this process's resident set size in a background thread."""

    def __init__(self, interval: float = 0.05):
        self.interval, self.peak = interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            self.peak = max(self.peak, me.memory_info().rss)
            self._stop.wait(self.interval)

    def __enter__(self) -> "_PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, psutil.Process().memory_info().rss)


def _backend_cpu(url: str) -> float:
    """CPU seconds used so far by all backends connected to the database of `url` (same host only)."""
    name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    with psycopg.connect(url, autocommit=True) as conn:
        pids = [
            r[0]
            for r in conn.execute(
                "select pid from pg_stat_activity where datname = %s and pid <> pg_backend_pid()", (name,)
            )
        ]
    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system
        except (psutil.Error, OSError):
            pass
    return total


def bench_seed(url: str, scale: str, seed: int = 1, as_of: datetime | None = None, progress: bool = True) -> dict:
    """Seed `url` (empty, upgraded) and measure: the loader's report plus peak_rss_mib and CPU seconds."""
    as_of = as_of or datetime(2026, 6, 1, tzinfo=timezone.utc)
    me = psutil.Process()
    cpu_before = sum(me.cpu_times()[:2])
    backend_cpu = {"seconds": 0.0}
    stop = threading.Event()

    def watch_backend() -> None:  # the loading backend exits with its connection: sample until then
        while not stop.is_set():
            try:
                backend_cpu["seconds"] = max(backend_cpu["seconds"], _backend_cpu(url))
            except psycopg.Error:
                pass
            stop.wait(0.5)

    watcher = threading.Thread(target=watch_backend, daemon=True)
    watcher.start()
    with _PeakRss() as rss:
        report = load_synthetic_history(url, scale, seed, as_of, progress=progress)
    stop.set()
    watcher.join()
    report.pop("tables")
    return {
        **report,
        "peak_rss_mib": round(rss.peak / 2**20),
        "python_cpu_seconds": round(sum(me.cpu_times()[:2]) - cpu_before, 1),
        "backend_cpu_seconds": round(backend_cpu["seconds"], 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="medium")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2026-06-01")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args(argv)
    server = db.database_url()
    name = f"ihf_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    url = db.with_database(server, name)
    try:
        schema.upgrade(url)
        result = bench_seed(url, args.scale, args.seed, parse_as_of(args.as_of))
        for key, value in result.items():
            print(f"{key} = {value}")
        print(f"seed_rows_per_s = {result['rows_per_second']}")
        print(f"peak_rss_mib = {result['peak_rss_mib']}")
    finally:
        if not args.keep:
            with psycopg.connect(server, autocommit=True) as conn:
                conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


if __name__ == "__main__":
    main()
