"""Asset `learning_insights`: one row per (insight type, subject), open or resolved (SPEC §7.5)."""

from dagster import AssetExecutionContext, AssetKey, Definitions, MaterializeResult, asset

from orchestration.assets.learning_insights.checks import learning_insights_open_rows_detected_by_latest_run
from orchestration.assets.learning_insights.insights import reconcile_insights
from orchestration.lib.as_of import iso
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
        "Re-detection refreshes last_detected_at (and reopens); an insight no longer detected is resolved."
    ),
)
def learning_insights(
    context: AssetExecutionContext, postgres: PostgresResource, learning: LearningSettings
) -> MaterializeResult:
    as_of = learning.as_of_instant(context)
    with postgres.transaction() as conn:
        counts = reconcile_insights(conn, learning, as_of)
    return MaterializeResult(
        metadata={
            "as_of": iso(as_of),
            **{f"detected_{insight_type}": counts.get(insight_type, 0) for insight_type in INSIGHT_TYPES},
            "resolved": counts["resolved"],
        }
    )


defs = Definitions(assets=[learning_insights], asset_checks=[learning_insights_open_rows_detected_by_latest_run])
