"""Asset `adaptive_threshold_configs`: the friction-threshold calibration history (SPEC §7.3)."""

from dagster import AssetExecutionContext, Definitions, MaterializeResult, asset

from orchestration.assets.threshold_calibration.calibration import calibrate_thresholds
from orchestration.assets.threshold_calibration.checks import (
    adaptive_threshold_configs_active_row_is_latest,
    adaptive_threshold_configs_every_scope_calibrated,
)
from orchestration.lib.as_of import iso
from orchestration.resources import LearningSettings, PostgresResource


@asset(
    group_name="threshold_calibration",
    description=(
        "Append-only friction-threshold calibrations: at each as_of one row for the global scope and one "
        "per hub, with the F1-optimal threshold over 26 weekly snapshots (or `insufficient_data` keeping "
        "the previous threshold); a new calibration supersedes its scope's active row."
    ),
)
def adaptive_threshold_configs(
    context: AssetExecutionContext, postgres: PostgresResource, learning: LearningSettings
) -> MaterializeResult:
    as_of = learning.as_of_instant(context)
    with postgres.transaction() as conn:
        results = calibrate_thresholds(conn, learning, as_of)
    global_result = results[0]
    return MaterializeResult(
        metadata={
            "as_of": iso(as_of),
            "global_threshold": global_result.threshold,
            "global_status": global_result.status,
            "global_sample_size": global_result.sample_size,
            "global_positives": global_result.positives,
            "scopes": len(results),
            "active_scopes": sum(r.status == "active" for r in results),
            "insufficient_scopes": sum(r.status == "insufficient_data" for r in results),
        }
    )


defs = Definitions(
    assets=[adaptive_threshold_configs],
    asset_checks=[adaptive_threshold_configs_every_scope_calibrated, adaptive_threshold_configs_active_row_is_latest],
)
