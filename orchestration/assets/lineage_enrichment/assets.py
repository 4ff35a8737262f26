"""Daily-partitioned backfill of outcome summaries, and the check that the
trigger-maintained values equal a fresh batch computation (SPEC §6 invariant)."""

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetExecutionContext,
    Definitions,
    MaterializeResult,
    asset,
    asset_check,
)

from orchestration.assets.lineage_enrichment.backfill import backfill_outcome_summaries
from orchestration.lib.sql_files import read_sql
from orchestration.partitions import signal_days
from orchestration.resources import PostgresResource

# Above this many decisions the check compares a deterministic 1-in-N sample.
FULL_CHECK_LIMIT = 200_000


@asset(
    partitions_def=signal_days,
    group_name="lineage_backfill",
    description="Recomputes decision and candidate outcome_summary for signals observed on the partition's day.",
)
def lineage_backfill(context: AssetExecutionContext, postgres: PostgresResource) -> MaterializeResult:
    window = context.partition_time_window
    with postgres.transaction() as conn:
        decisions = backfill_outcome_summaries(conn, window.start, window.end)
    context.log.info(f"recomputed outcome summaries of {decisions} decisions for {window.start:%Y-%m-%d}")
    return MaterializeResult(metadata={"decisions_recomputed": decisions})


@asset_check(asset=lineage_backfill, description="Trigger-maintained outcome_summary equals a fresh batch computation.")
def outcome_summaries_match_batch(context: AssetCheckExecutionContext, postgres: PostgresResource) -> AssetCheckResult:
    with postgres.transaction() as conn:
        decisions = conn.execute("select count(*) from decision_records").fetchone()[0]
        modulus = max(1, -(-decisions // FULL_CHECK_LIMIT))
        stale = conn.execute(read_sql(__file__, "find_stale_outcome_summaries.sql"), {"sample_modulus": modulus}).fetchall()
    return AssetCheckResult(
        passed=not stale,
        metadata={
            "stale_rows": len(stale),
            "sample": "all decisions" if modulus == 1 else f"1 in {modulus} decisions",
            "first_stale": [f"{kind}:{row_id}" for kind, row_id in stale[:20]],
        },
    )


defs = Definitions(assets=[lineage_backfill], asset_checks=[outcome_summaries_match_batch])
