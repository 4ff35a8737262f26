"""Claims about the insights table, checked after each run."""

from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetKey, asset_check

from orchestration.lib.checks import offenders_at_latest_run
from orchestration.lib.sql_files import read_sql
from orchestration.resources import PostgresResource

LEARNING_INSIGHTS = AssetKey("learning_insights")


@asset_check(
    asset=LEARNING_INSIGHTS,
    description="Every insight still open was detected by the latest run (re-detected ones carry its as_of).",
)
def learning_insights_open_rows_detected_by_latest_run(
    context: AssetCheckExecutionContext, postgres: PostgresResource
) -> AssetCheckResult:
    stale = offenders_at_latest_run(
        context, postgres, LEARNING_INSIGHTS, read_sql(__file__, "find_stale_open_insights.sql")
    )
    if stale is None:
        return AssetCheckResult(passed=True, metadata={"skipped": "no insight run recorded yet"})
    return AssetCheckResult(
        passed=not stale,
        metadata={
            "stale_insight_ids": [insight_id for insight_id, _, _ in stale],
            "stale_subjects": [f"{insight_type}:{subject}" for _, insight_type, subject in stale],
        },
    )
