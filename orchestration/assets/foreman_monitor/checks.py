"""Claims about the monitor's output, checked right after each pass."""

from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetKey, asset_check

from orchestration.lib.checks import offenders_at_latest_run
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
    uncovered = offenders_at_latest_run(
        context, postgres, BUILDER_STALL_BLOCKERS, read_sql(__file__, "find_uncovered_stalls.sql"),
        params=lambda metadata: {"at": metadata["as_of"], "stall_minutes": metadata["stall_minutes"]},
    )
    if uncovered is None:
        return AssetCheckResult(passed=True, metadata={"skipped": "no monitor pass recorded yet"})
    return AssetCheckResult(
        passed=not uncovered,
        metadata={
            "uncovered_builder_ids": [builder_id for builder_id, _ in uncovered],
            "uncovered_task_ids": [str(task_id) for _, task_id in uncovered],
        },
    )
