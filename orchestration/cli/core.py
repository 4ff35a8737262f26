"""Core commands: schema upgrade, the nightly job, the demo."""

from __future__ import annotations

import click

from orchestration.cli.options import as_of_option, out
from orchestration.lib import db, schema
from orchestration.lib.as_of import iso, parse_as_of


@click.group("db", help="Operational schema.")
def db_group() -> None:
    pass


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Apply the sql/ migrations in order (idempotent)."""
    before, after = schema.upgrade(db.database_url())
    note = " (already current)" if before == after else f" (was {before or 'empty'})"
    out.print(f"schema at revision {after}{note}")


def run_nightly(as_of, full_refresh: bool = False) -> None:
    from orchestration.lib.jobs_runner import materialization_counts, run_job

    instant = as_of or parse_as_of(None)
    result = run_job("nightly_learning_job", db.database_url(), instant, {"full_refresh": full_refresh})
    counts = materialization_counts(result)
    out.print(
        f"nightly_learning_job succeeded for as_of {iso(instant)}: "
        f"{sum(counts.values())} assets materialized (run {result.run_id})"
    )
    failed_checks = [e.asset_check_key.to_user_string() for e in result.get_asset_check_evaluations() if not e.passed]
    if failed_checks:
        out.print(f"asset checks that did not pass: {', '.join(sorted(failed_checks))}")
    for event in result.get_asset_materialization_events():
        if event.asset_key.to_user_string() == "learning_report":
            out.print(f"learning report: {event.materialization.metadata['path'].value}")


@click.command()
@as_of_option()
@click.option(
    "--full",
    "full_refresh",
    is_flag=True,
    help="Recompute every row, not only what changed since the last run (after late-arriving history).",
)
def nightly(as_of, full_refresh) -> None:
    """Run the nightly learning job through Dagster and print a summary."""
    run_nightly(as_of, full_refresh)


@click.command()
def demo() -> None:
    """Embedded database, upgrade, small synthetic history, nightly run; then where to look."""
    from orchestration.cli.seed import seed_history, today_utc

    url = db.database_url()
    schema.upgrade(url)
    out.print(f"schema upgraded ({url})")
    if db.has_rows(url, "public.hubs"):
        out.print("history already loaded; keeping it (remove .ihf/ to start over)")
    else:
        seed_history("small", 1, today_utc())
    run_nightly(today_utc())
    out.print(
        "Next: `uv run dagster dev -w workspace.yaml` opens the Dagster UI; "
        "`uv run dbt docs generate --profiles-dir dbt_project && uv run dbt docs serve --profiles-dir dbt_project` the mart docs."
    )


COMMANDS = [db_group, nightly, demo]
