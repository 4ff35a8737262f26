"""Cross-domain pattern performance (SPEC §7.2): for ihf deployments, Foreman tasks
and scaffolded projects over the 365 days up to as_of, one record per pattern
with its Wilson-bounded success rate, average score and tier."""

from dagster import AssetExecutionContext, Definitions, MaterializeResult, asset

from orchestration.assets.pattern_performance.checks import (
    pattern_performance_records_bounds_contain_rate,
    pattern_performance_records_sample_size_consistent,
)
from orchestration.lib.as_of import iso
from orchestration.lib.sql_files import read_sql
from orchestration.resources import LearningSettings, PostgresResource

PATTERN_WINDOW_DAYS = 365  # window [as_of - 365 d, as_of] (SPEC §10)


@asset(
    group_name="pattern_performance",
    description=(
        "One record per (domain, pattern_key, window_end = as_of) for domains ihf "
        "(ihf:<candidate category>/<widget type>), foreman (foreman:<builder>/<backend type>) and "
        "scaffold (scaffold:<pattern id>) over [as_of - 365 d, as_of]: success / failure / neutral / "
        "inconclusive counts, success rate with Wilson 95% bounds, failure rate, average score and "
        "the tier against the domain's pooled rate. Reruns for an as_of replace its records."
    ),
)
def pattern_performance_records(
    context: AssetExecutionContext, postgres: PostgresResource, learning: LearningSettings
) -> MaterializeResult:
    as_of = learning.as_of_instant(context)
    params = {"as_of": as_of, "pattern_window_days": PATTERN_WINDOW_DAYS}
    with postgres.transaction() as conn:
        conn.execute(read_sql(__file__, "create_pattern_units.sql"), params)
        # Temp tables are never auto-analyzed; the aggregation's plan needs row counts.
        conn.execute("ANALYZE pattern_units")
        conn.execute(read_sql(__file__, "create_pattern_records.sql"), params)
        removed = conn.execute(read_sql(__file__, "delete_stale_pattern_records.sql"), {"as_of": as_of}).rowcount
        written = conn.execute(read_sql(__file__, "upsert_pattern_records.sql")).rowcount
        domains = conn.execute(read_sql(__file__, "summarize_computed_records.sql")).fetchall()
    metadata = {"as_of": iso(as_of), "records": written, "stale_records_removed": removed}
    for domain, records, units, pooled, outperforming, underperforming in domains:
        metadata |= {
            f"{domain}_records": records,
            f"{domain}_units": int(units),
            f"{domain}_pooled_success_rate": float(pooled) if pooled is not None else None,
            f"{domain}_outperforming": outperforming,
            f"{domain}_underperforming": underperforming,
        }
    context.log.info(f"pattern_performance_records for as_of {iso(as_of)}: {written} records, {removed} stale removed")
    return MaterializeResult(metadata=metadata)


defs = Definitions(
    assets=[pattern_performance_records],
    asset_checks=[pattern_performance_records_bounds_contain_rate, pattern_performance_records_sample_size_consistent],
)
