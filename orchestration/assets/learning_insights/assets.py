"""Asset `learning_insights`: one row per (insight type, subject), open or resolved (SPEC §7.5)."""

from dagster import AssetExecutionContext, AssetKey, Definitions, MaterializeResult, asset

from orchestration.assets.learning_insights.checks import learning_insights_open_rows_detected_by_latest_run
from orchestration.assets.learning_insights.insights import REGRESSIONS_RUN, reconcile_insights, regressions_since
from orchestration.lib.as_of import iso
from orchestration.lib.learning_runs import describe_run, record_run, run_mode
from orchestration.resources import LearningSettings, PostgresResource

INSIGHT_TYPES = (
    "regression",
    "recurring_friction",
    "friction_hotspot",
    "pattern_outperforming",
    "pattern_underperforming",
    "threshold_shift",
)


@asset(
    group_name="learning_insights",
    deps=[
        AssetKey("outcome_correlations"),
        AssetKey("pattern_performance_records"),
        AssetKey("adaptive_threshold_configs"),
    ],
    description=(
        "Learning insights at as_of: regressions after improvement, recurring friction, friction "
        "hotspots without an open candidate, out/underperforming patterns and threshold shifts. "
        "Re-detection refreshes last_detected_at (and reopens); an insight no longer detected is resolved. "
        "Incremental: after a run for an earlier as_of, regressions are re-examined only on the deployments "
        "the new days can change (sql/0014) and carried over for the others; `full_refresh` examines all."
    ),
)
def learning_insights(
    context: AssetExecutionContext, postgres: PostgresResource, learning: LearningSettings
) -> MaterializeResult:
    as_of = learning.as_of_instant(context)
    with postgres.transaction() as conn:
        since = regressions_since(conn, learning, as_of)
        counts = reconcile_insights(conn, learning, as_of, since)
        record_run(conn, REGRESSIONS_RUN, as_of, learning.window_days)
    context.log.info(f"regressions for as_of {iso(as_of)}: {describe_run(since)}")
    return MaterializeResult(
        metadata={
            "as_of": iso(as_of),
            "regressions_mode": run_mode(since),
            **{f"detected_{insight_type}": counts.get(insight_type, 0) for insight_type in INSIGHT_TYPES},
            "resolved": counts["resolved"],
        }
    )


defs = Definitions(assets=[learning_insights], asset_checks=[learning_insights_open_rows_detected_by_latest_run])
