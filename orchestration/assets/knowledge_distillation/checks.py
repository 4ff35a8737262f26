"""Claims about institutional_knowledge_entries after a run, with offending decision ids."""

from datetime import datetime

import psycopg
from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetKey, asset_check

from orchestration.assets.knowledge_distillation.composition import compose_entries
from orchestration.lib.sql_files import read_sql
from orchestration.resources import LearningSettings, PostgresResource

ENTRIES = AssetKey("institutional_knowledge_entries")
SAMPLE = 20  # offending ids listed in metadata; the count covers them all
# Recomposing every entry costs as much as a full distillation (7 s at `large`); an incremental
# night verifies a seventh, and Sunday's full refresh all of them.
CHECK_SLICES = 7


def _result(offending: list, what: str, **metadata) -> AssetCheckResult:
    ids = [str(row[0]) for row in offending]
    return AssetCheckResult(
        passed=not ids,
        metadata={"offending_count": len(ids), f"{what}_sample": ids[:SAMPLE], **metadata},
    )


@asset_check(asset=ENTRIES, description="Every decision created <= as_of has a knowledge entry.")
def institutional_knowledge_entries_cover_every_decision(
    context: AssetCheckExecutionContext, postgres: PostgresResource, learning: LearningSettings
) -> AssetCheckResult:
    as_of = learning.as_of_instant(context.op_execution_context)
    with postgres.transaction() as conn:
        missing = conn.execute(read_sql(__file__, "find_decisions_without_entry.sql"), {"as_of": as_of}).fetchall()
    return _result(missing, "decisions_without_entry")


@asset_check(
    asset=ENTRIES,
    description=(
        "Every entry's source_fingerprint equals a fresh composition of its decision's lineage: all "
        f"entries on full-refresh runs, one of {CHECK_SLICES} slices (by as_of's day) on incremental "
        f"ones, so {CHECK_SLICES} consecutive nights verify every entry."
    ),
)
def institutional_knowledge_entries_fingerprints_current(
    context: AssetCheckExecutionContext, postgres: PostgresResource, learning: LearningSettings
) -> AssetCheckResult:
    as_of = learning.as_of_instant(context.op_execution_context)
    index, count = verified_slice(as_of, learning.full_refresh)
    with postgres.transaction() as conn:
        stale, verified = stale_fingerprints(conn, as_of, learning.window_days, index, count)
    return _result(stale, "stale_decisions", slice=f"{index} of {count}", entries_verified=verified)


def verified_slice(as_of: datetime, full_refresh: bool) -> tuple[int, int]:
    """(index, count) of the slice of entries the fingerprint check verifies for as_of."""
    return (0, 1) if full_refresh else (as_of.toordinal() % CHECK_SLICES, CHECK_SLICES)


def stale_fingerprints(
    conn: psycopg.Connection, as_of: datetime, window_days: int, slice_index: int, slice_count: int
) -> tuple[list, int]:
    """Decisions of the slice whose stored fingerprint differs from a fresh composition, and how many
    entries the slice composed. Every decision of the slice, not only those the run recomposed: this
    also catches what an incremental run missed."""
    compose_entries(conn, as_of, None, window_days, slice_index, slice_count)
    stale = conn.execute(read_sql(__file__, "find_stale_fingerprints.sql")).fetchall()
    return stale, conn.execute("SELECT count(*) FROM composed_entries").fetchone()[0]
