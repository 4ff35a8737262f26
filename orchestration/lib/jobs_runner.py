"""Run a Dagster job against the Postgres-backed instance, as the daemon would (what the CLI does)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from dagster import JobExecutionResult, execute_job, reconstructable

from orchestration.lib import instance, schema
from orchestration.lib.as_of import iso


def nightly_learning_job():
    """The nightly job, resolved from the code location: step processes rebuild it from here."""
    from orchestration.definitions import defs  # parses dbt when the manifest is stale

    return defs.resolve_job_def("nightly_learning_job")


JOBS = {"nightly_learning_job": nightly_learning_job}
# What the Dagster daemon does with a scheduled run: each step in its own process, independent
# steps side by side. Forked from a server that has imported the code location once, so a step
# does not pay the imports and the dbt manifest load (~4 s) again.
EXECUTION = {
    "multiprocess": {
        "max_concurrent": 2,
        "start_method": {"forkserver": {"preload_modules": ["orchestration.definitions"]}},
    }
}


def run_job(job_name: str, url: str, as_of: datetime, learning: dict[str, Any] | None = None) -> JobExecutionResult:
    """Execute `job_name` for `as_of` on database `url`; raises on a failed run."""
    schema.require_current(url)
    learning_config = {"as_of": iso(as_of), **(learning or {})}
    run_config = {
        "resources": {
            "postgres": {"config": {"url": url}},
            "learning": {"config": learning_config},
        },
        "execution": {"config": EXECUTION},
    }
    return execute_job(  # events only: outputs would re-open the resources
        reconstructable(JOBS[job_name]),
        instance=instance.postgres_instance(url),
        run_config=run_config,
        tags={"ihf/as_of": iso(as_of)},
        raise_on_error=True,
    )


def materialization_counts(result: ExecuteInProcessResult) -> Counter:
    return Counter(
        event.asset_key.to_user_string() for event in result.get_asset_materialization_events()
    )
