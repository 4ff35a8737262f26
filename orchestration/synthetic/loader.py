"""`load_synthetic_history`: validate, generate, COPY in one transaction,
record the planted truth (table synthetic.planted_truth and a JSON file)."""

from __future__ import annotations

import numbers
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from orchestration.lib import db
from orchestration.synthetic import history, truth
from orchestration.synthetic.context import Context
from orchestration.synthetic.copy_loader import CopyLoader
from orchestration.synthetic.rowfmt import to_us
from orchestration.synthetic.scales import HISTORY_DAYS, Scale, get_scale

GENERATOR = "orchestration.synthetic v1"


def validate(scale: str, seed: int, as_of: datetime) -> Scale:
    """The scale's parameters; ValueError (one line) for bad input."""
    resolved = get_scale(scale)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    if not isinstance(as_of, datetime):
        raise ValueError(f"as_of must be a timezone-aware datetime, got {as_of!r}")
    if as_of.tzinfo is None or as_of.utcoffset() is None:
        raise ValueError("as_of must be timezone-aware (e.g. 2026-06-01T00:00:00Z), got a naive datetime")
    return resolved


def _check_empty(conn) -> None:
    if conn.execute("select to_regclass('public.hubs')").fetchone()[0] is None:
        raise db.DatabaseError("the database has no IHF schema; run `ihf db upgrade` first")
    if conn.execute("select exists (select 1 from public.hubs)").fetchone()[0]:
        raise ValueError("database already has data; seed into an empty database")


def load_synthetic_history(
    url: str, scale: str, seed: int, as_of: datetime, progress: bool = True, *, truth_dir: Path | None = None
) -> dict:
    """Load the deterministic synthetic history of `scale` for (`seed`, `as_of`) into an empty database.

    Returns {"scale", "seed", "as_of", "tables": {schema.table: {"rows", "seconds"}},
    "foreign_key_seconds", "total_rows", "seconds", "generate_seconds", "rows_per_second", "truth_path"}. The planted truth is written to
    synthetic.planted_truth and to `truth_dir` (default: the `.ihf/` directory) as
    planted_truth_<scale>_<seed>.json; see orchestration.synthetic.truth for its format.
    """
    resolved = validate(scale, seed, as_of)
    seed = int(seed)
    as_of = as_of.astimezone(timezone.utc)
    started = time.perf_counter()
    with db.connect(url, autocommit=True) as conn:
        _check_empty(conn)
        ctx = Context(resolved, seed, to_us(as_of))
        steps, planted = history.build(ctx)
        generated = time.perf_counter()
        with conn.transaction():
            conn.execute("set local timezone = 'UTC'")  # generated timestamps carry no offset
            conn.execute("lock table public.hubs in share row exclusive mode")
            _check_empty(conn)  # a concurrent seed may have won the race
            with CopyLoader(conn, progress, resolved.copy_statement_rows) as loader:
                for step in steps:
                    for table in step():
                        loader.load(table)
            planted["meta"] = {
                "scale": resolved.name,
                "seed": seed,
                "as_of": as_of.isoformat().replace("+00:00", "Z"),
                "history_start": (as_of - timedelta(days=HISTORY_DAYS)).isoformat().replace("+00:00", "Z"),
                "history_days": HISTORY_DAYS,
                "generator": GENERATOR,
            }
            planted["row_counts"] = {name: int(s["rows"]) for name, s in loader.stats.items()}
            truth.write_table(conn, planted)
    path = truth.write_json(planted, truth_dir if truth_dir is not None else db.ihf_home(), resolved.name, seed)
    seconds = time.perf_counter() - started
    total = sum(s["rows"] for s in loader.stats.values())
    return {
        "scale": resolved.name,
        "seed": seed,
        "as_of": planted["meta"]["as_of"],
        "tables": loader.stats,
        "foreign_key_seconds": loader.foreign_key_seconds,
        "total_rows": int(total),
        "seconds": round(seconds, 3),
        "generate_seconds": round(generated - started, 3),
        "rows_per_second": int(total / seconds) if seconds else 0,
        "truth_path": str(path),
    }
