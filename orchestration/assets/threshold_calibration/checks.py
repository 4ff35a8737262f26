"""Claims about the calibration history, checked after each calibration."""

from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetKey, asset_check

from orchestration.lib.checks import offenders_at_latest_run
from orchestration.lib.sql_files import read_sql
from orchestration.resources import PostgresResource

ADAPTIVE_THRESHOLD_CONFIGS = AssetKey("adaptive_threshold_configs")


@asset_check(
    asset=ADAPTIVE_THRESHOLD_CONFIGS,
    description="The latest calibration wrote a row for the global scope and for every hub existing at its as_of.",
)
def adaptive_threshold_configs_every_scope_calibrated(
    context: AssetCheckExecutionContext, postgres: PostgresResource
) -> AssetCheckResult:
    missing = offenders_at_latest_run(
        context, postgres, ADAPTIVE_THRESHOLD_CONFIGS, read_sql(__file__, "find_uncalibrated_scopes.sql")
    )
    if missing is None:
        return AssetCheckResult(passed=True, metadata={"skipped": "no calibration recorded yet"})
    return AssetCheckResult(
        passed=not missing, metadata={"uncalibrated_scopes": [hub_id or "global" for (hub_id,) in missing]}
    )


@asset_check(
    asset=ADAPTIVE_THRESHOLD_CONFIGS,
    description="Every scope's active threshold row is its latest calibrated row (superseded rows are older).",
)
def adaptive_threshold_configs_active_row_is_latest(postgres: PostgresResource) -> AssetCheckResult:
    with postgres.transaction() as conn:
        stale = conn.execute(read_sql(__file__, "find_stale_active_rows.sql")).fetchall()
    return AssetCheckResult(passed=not stale, metadata={"stale_scopes": [scope for (scope,) in stale]})
