"""Claims about institutional_knowledge_entries after a run, with offending decision ids."""


from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetKey, asset_check

from orchestration.lib.sql_files import read_sql
from orchestration.resources import LearningSettings, PostgresResource

ENTRIES = AssetKey("institutional_knowledge_entries")
SAMPLE = 20  # offending ids listed in metadata; the count covers them all


def _result(offending: list, what: str) -> AssetCheckResult:
    ids = [str(row[0]) for row in offending]
    return AssetCheckResult(
        passed=not ids,
        metadata={"offending_count": len(ids), f"{what}_sample": ids[:SAMPLE]},
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
    description="Every entry's source_fingerprint equals a fresh composition of its decision's lineage.",
)
def institutional_knowledge_entries_fingerprints_current(
    context: AssetCheckExecutionContext, postgres: PostgresResource, learning: LearningSettings
) -> AssetCheckResult:
    as_of = learning.as_of_instant(context.op_execution_context)
    with postgres.transaction() as conn:
        # every decision, not only those the run recomposed: this also catches what an incremental run missed
        conn.execute(
            read_sql(__file__, "compose_entries.sql"),
            {"as_of": as_of, "since": None, "window_days": learning.window_days},
        )
        stale = conn.execute(read_sql(__file__, "find_stale_fingerprints.sql")).fetchall()
    return _result(stale, "stale_decisions")
