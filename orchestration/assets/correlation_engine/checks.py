"""Claims about outcome_correlations after a run, each listing the offending keys."""

from dagster import AssetCheckResult, AssetKey, asset_check

from orchestration.lib.checks import offending_rows_result
from orchestration.lib.sql_files import read_sql
from orchestration.resources import PostgresResource

OUTCOME_CORRELATIONS = AssetKey("outcome_correlations")


def _offending(postgres: PostgresResource, sql_file: str) -> AssetCheckResult:
    with postgres.transaction() as conn:
        return offending_rows_result(conn, read_sql(__file__, sql_file), "annotation_deployment")


@asset_check(
    asset=OUTCOME_CORRELATIONS,
    description="Every row's friction_rate_ratio lies within [rate_ratio_ci_low, rate_ratio_ci_high].",
)
def outcome_correlations_ci_contains_ratio(postgres: PostgresResource) -> AssetCheckResult:
    return _offending(postgres, "find_ratios_outside_ci.sql")


@asset_check(
    asset=OUTCOME_CORRELATIONS,
    description="Window lengths and pre/post annotation and event counts are never negative.",
)
def outcome_correlations_counts_non_negative(postgres: PostgresResource) -> AssetCheckResult:
    return _offending(postgres, "find_negative_counts.sql")


@asset_check(
    asset=OUTCOME_CORRELATIONS,
    description="(annotation_id, deployment_id) identifies one row.",
)
def outcome_correlations_key_unique(postgres: PostgresResource) -> AssetCheckResult:
    return _offending(postgres, "find_duplicate_keys.sql")
