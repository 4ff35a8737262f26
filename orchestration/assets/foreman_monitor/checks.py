"""Claims about the monitor's output, checked right after each pass."""

from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetKey, asset_check

from orchestration.lib.checks import latest_run_metadata
from orchestration.lib.sql_files import read_sql
from orchestration.resources import PostgresResource

BUILDER_STALL_BLOCKERS = AssetKey("builder_stall_blockers")


@asset_check(
    asset=BUILDER_STALL_BLOCKERS,
    description="Every builder stalled at the pass's as_of has an open builder_stall blocker on its task.",
)
def builder_stall_blockers_cover_every_stall(
    context: AssetCheckExecutionContext, postgres: PostgresResource
) -> AssetCheckResult:
    # Judge the pass by its own instant and threshold, read from its materialization.
    metadata = latest_run_metadata(context, BUILDER_STALL_BLOCKERS)
    if "as_of" not in metadata:
        return AssetCheckResult(passed=True, metadata={"skipped": "no monitor pass recorded yet"})
    params = {"at": metadata["as_of"], "stall_minutes": metadata["stall_minutes"]}
    with postgres.transaction() as conn:
        uncovered = conn.execute(read_sql(__file__, "find_uncovered_stalls.sql"), params).fetchall()
    return AssetCheckResult(
        passed=not uncovered,
        metadata={
            "uncovered_builder_ids": [builder_id for builder_id, _ in uncovered],
            "uncovered_task_ids": [str(task_id) for _, task_id in uncovered],
        },
    )
