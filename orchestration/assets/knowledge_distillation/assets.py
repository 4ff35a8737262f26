"""Knowledge distillation (SPEC §7.4): one searchable entry per decision record,
rebuilt only when its lineage changed."""

from datetime import datetime

import psycopg
from dagster import AssetExecutionContext, Definitions, MaterializeResult, asset

from orchestration.assets.knowledge_distillation.checks import (
    institutional_knowledge_entries_cover_every_decision,
    institutional_knowledge_entries_fingerprints_current,
)
from orchestration.assets.knowledge_distillation.composition import compose_entries
from orchestration.lib.as_of import iso
from orchestration.lib.learning_runs import describe_run, incremental_since, record_run, run_mode
from orchestration.lib.sql_files import read_sql
from orchestration.resources import LearningSettings, PostgresResource

ASSET_NAME = "institutional_knowledge_entries"


@asset(
    group_name="knowledge_distillation",
    description=(
        "One knowledge entry per decision created <= as_of, composed from its whole lineage "
        "(requirement, candidate, source annotations, deployments, outcomes, evaluations, policy "
        "and implementation references) with a weighted tsvector; only entries whose lineage "
        "fingerprint changed are rewritten. Incremental: a run after the previous as_of composes only "
        "the decisions whose lineage changed since then; `full_refresh` composes all."
    ),
)
def institutional_knowledge_entries(
    context: AssetExecutionContext, postgres: PostgresResource, learning: LearningSettings
) -> MaterializeResult:
    as_of = learning.as_of_instant(context)
    with postgres.transaction() as conn:
        since = incremental_since(conn, ASSET_NAME, as_of, learning.window_days, learning.full_refresh)
        written = distil_entries(conn, as_of, since, learning.window_days)
        record_run(conn, ASSET_NAME, as_of, learning.window_days)
    context.log.info(
        f"knowledge entries for as_of {iso(as_of)} ({describe_run(since)}): "
        f"{written['inserted']} inserted, {written['updated']} updated, "
        f"{written['unchanged']} unchanged, {written['removed']} removed"
    )
    return MaterializeResult(
        metadata={
            "as_of": iso(as_of),
            "mode": run_mode(since),
            **{f"entries_{key}": value for key, value in written.items()},
        }
    )


def distil_entries(
    conn: psycopg.Connection, as_of: datetime, since: datetime | None, window_days: int
) -> dict[str, int]:
    """Compose the entries for `as_of` (of the decisions whose lineage changed after `since`; None:
    all) and write the changed ones, in the caller's transaction. `window_days` bounds the
    deployments whose windows still move (sql/0014)."""
    compose_entries(conn, as_of, since, window_days)
    # Temp tables are never auto-analyzed; the upsert's join plan needs row counts.
    conn.execute("ANALYZE composed_entries")
    inserted, updated, unchanged = conn.execute(read_sql(__file__, "upsert_entries.sql")).fetchone()
    removed = conn.execute(read_sql(__file__, "remove_entries_after_as_of.sql"), {"as_of": as_of}).rowcount
    total = conn.execute("SELECT count(*) FROM institutional_knowledge_entries").fetchone()[0]
    return {"inserted": inserted, "updated": updated, "unchanged": unchanged, "removed": removed, "total": total}


defs = Definitions(
    assets=[institutional_knowledge_entries],
    asset_checks=[
        institutional_knowledge_entries_cover_every_decision,
        institutional_knowledge_entries_fingerprints_current,
    ],
)
