"""Claims about the insights table, checked after each run."""

from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetKey, asset_check

from orchestration.lib.checks import latest_run_metadata
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
    metadata = latest_run_metadata(context, LEARNING_INSIGHTS)
    if "as_of" not in metadata:
        return AssetCheckResult(passed=True, metadata={"skipped": "no insight run recorded yet"})
    with postgres.transaction() as conn:
        stale = conn.execute(
            read_sql(__file__, "find_stale_open_insights.sql"), {"as_of": metadata["as_of"]}
        ).fetchall()
    return AssetCheckResult(
        passed=not stale,
        metadata={
            "stale_insight_ids": [insight_id for insight_id, _, _ in stale],
            "stale_subjects": [f"{insight_type}:{subject}" for _, insight_type, subject in stale],
        },
    )
