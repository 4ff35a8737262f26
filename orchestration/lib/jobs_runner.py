"""Run a Dagster job in-process against the Postgres-backed instance (what the CLI does)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from dagster import ExecuteInProcessResult

from orchestration.lib import instance, schema
from orchestration.lib.as_of import iso


def run_job(job_name: str, url: str, as_of: datetime, learning: dict[str, Any] | None = None) -> ExecuteInProcessResult:
    """Execute `job_name` for `as_of` on database `url`; raises on a failed run."""
    schema.require_current(url)
    from orchestration.definitions import defs  # parses dbt when the manifest is stale

    learning_config = {"as_of": iso(as_of), **(learning or {})}
    run_config = {
        "resources": {
            "postgres": {"config": {"url": url}},
            "learning": {"config": learning_config},
        }
    }
    job = defs.resolve_job_def(job_name)
    return job.execute_in_process(
        run_config=run_config,
        instance=instance.postgres_instance(url),
        tags={"ihf/as_of": iso(as_of)},
        raise_on_error=True,
    )


def materialization_counts(result: ExecuteInProcessResult) -> Counter:
    return Counter(
        event.asset_key.to_user_string() for event in result.get_asset_materialization_events()
    )
