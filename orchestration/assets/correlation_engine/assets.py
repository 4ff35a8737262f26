"""The correlation engine (SPEC §7.1): one outcome_correlations row per (source
annotation, deployment), comparing friction on the deployment's widget before
and after it, with the deployment's outcome and a correlation type."""

from dagster import AssetExecutionContext, Definitions, MaterializeResult, asset

from orchestration.assets.correlation_engine.checks import (
    outcome_correlations_ci_contains_ratio,
    outcome_correlations_counts_non_negative,
    outcome_correlations_key_unique,
)
from orchestration.lib.as_of import iso
from orchestration.lib.learning_runs import describe_run, incremental_since, record_run, run_mode
from orchestration.lib.retracted_events import refresh_retracted_events
from orchestration.lib.sql_files import read_sql
from orchestration.resources import LearningSettings, PostgresResource

ASSET_NAME = "outcome_correlations"


@asset(
    group_name="correlation_engine",
    description=(
        "One row per (source annotation a in A(C), deployment d of C) with deployed_at <= as_of: "
        "pre/post friction windows of length L = min(W, as_of - deployed_at) on d's widget "
        "(annotations of a's category, interaction events), smoothed rate ratio with 95% CI, "
        "measured effect, deployment outcome, regression_detected and correlation_type. "
        "Point-in-time at as_of; the table holds the latest computation. Incremental: "
        "a run after the previous as_of (same W) recomputes only the deployments the "
        "time since then can change; `full_refresh` recomputes all."
    ),
)
def outcome_correlations(
    context: AssetExecutionContext, postgres: PostgresResource, learning: LearningSettings
) -> MaterializeResult:
    as_of = learning.as_of_instant(context)
    window_days = learning.window_days
    with postgres.transaction() as conn:
        markers = refresh_retracted_events(conn)
    with postgres.transaction() as conn:  # one transaction: readers see the old or the new table
        since = incremental_since(conn, ASSET_NAME, as_of, window_days, learning.full_refresh)
        deployments = conn.execute(
            read_sql(__file__, "create_affected_deployments.sql"),
            {"as_of": as_of, "since": since, "window_days": window_days},
        ).rowcount
        # Temp tables are never auto-analyzed; the joins below need their row counts.
        conn.execute("ANALYZE affected_deployments")
        conn.execute(
            read_sql(__file__, "create_deployment_windows.sql"), {"as_of": as_of, "window_days": window_days}
        )
        conn.execute("ANALYZE deployment_windows")
        conn.execute(
            read_sql(__file__, "create_computed_correlations.sql"), {"as_of": as_of, "all_deployments": since is None}
        )
        conn.execute("ANALYZE computed_correlations")
        removed = conn.execute(read_sql(__file__, "delete_stale_correlations.sql")).rowcount
        written = conn.execute(read_sql(__file__, "upsert_outcome_correlations.sql")).rowcount
        record_run(conn, ASSET_NAME, as_of, window_days)
        by_type = dict(conn.execute(read_sql(__file__, "summarize_outcome_correlations.sql")).fetchall())
    context.log.info(
        f"outcome_correlations for as_of {iso(as_of)} ({describe_run(since)}): "
        f"{deployments} deployments recomputed, {written} rows written, {removed} stale rows removed "
        f"({markers} retraction markers recorded or resolved first)"
    )
    return MaterializeResult(
        metadata={
            "as_of": iso(as_of),
            "window_days": window_days,
            "mode": run_mode(since),
            "deployments_recomputed": deployments,
            "rows": sum(by_type.values()),
            "rows_written": written,
            "stale_rows_removed": removed,
            **{f"rows_{kind}": count for kind, count in sorted(by_type.items())},
        }
    )


defs = Definitions(
    assets=[outcome_correlations],
    asset_checks=[
        outcome_correlations_ci_contains_ratio,
        outcome_correlations_counts_non_negative,
        outcome_correlations_key_unique,
    ],
)
