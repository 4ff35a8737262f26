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


def run_nightly(as_of) -> None:
    from orchestration.lib.jobs_runner import materialization_counts, run_job

    instant = as_of or parse_as_of(None)
    result = run_job("nightly_learning_job", db.database_url(), instant)
    counts = materialization_counts(result)
    out.print(
        f"nightly_learning_job succeeded for as_of {iso(instant)}: "
        f"{sum(counts.values())} assets materialized (run {result.run_id})"
    )


@click.command()
@as_of_option()
def nightly(as_of) -> None:
    """Run the nightly learning job through Dagster and print a summary."""
    run_nightly(as_of)


@click.command()
def demo() -> None:
    """Embedded database, upgrade, small synthetic history, nightly run; then where to look."""
    schema.upgrade(db.database_url())
    out.print("schema upgraded")
    run_nightly(None)
    out.print(
        "Next: `uv run dagster dev -w workspace.yaml` opens the Dagster UI; "
        "`uv run dbt docs generate --profiles-dir dbt_project && uv run dbt docs serve --profiles-dir dbt_project` the mart docs."
    )


COMMANDS = [db_group, nightly, demo]
