"""Claims about pattern_performance_records after a run, each listing the offending records."""

from dagster import AssetCheckResult, AssetKey, asset_check

from orchestration.lib.checks import offending_rows_result
from orchestration.lib.sql_files import read_sql
from orchestration.resources import PostgresResource

PATTERN_PERFORMANCE_RECORDS = AssetKey("pattern_performance_records")


def _offending(postgres: PostgresResource, sql_file: str) -> AssetCheckResult:
    with postgres.transaction() as conn:
        return offending_rows_result(conn, read_sql(__file__, sql_file), "records")


@asset_check(
    asset=PATTERN_PERFORMANCE_RECORDS,
    description="success_rate lies within its Wilson bounds, inside [0, 1]; all three are NULL exactly when the sample is 0.",
)
def pattern_performance_records_bounds_contain_rate(postgres: PostgresResource) -> AssetCheckResult:
    return _offending(postgres, "find_rates_outside_bounds.sql")


@asset_check(
    asset=PATTERN_PERFORMANCE_RECORDS,
    description=(
        "sample_size = success + failure + neutral, the rates are those counts over the sample, "
        "and foreman records have no neutral or inconclusive units."
    ),
)
def pattern_performance_records_sample_size_consistent(postgres: PostgresResource) -> AssetCheckResult:
    return _offending(postgres, "find_inconsistent_samples.sql")
