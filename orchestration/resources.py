"""Resources: the operational database, dbt, and the learning settings of a run."""

from __future__ import annotations

import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from datetime import datetime, timezone
from typing import Iterator

import psycopg
from dagster import ConfigurableResource, OpExecutionContext, RetryRequested
from dagster_dbt import DbtCliResource
from psycopg.conninfo import conninfo_to_dict
from pydantic import Field

from orchestration.lib import db
from orchestration.lib.as_of import parse_as_of
from orchestration.project import dbt_project

# Errors a rerun can cure: serialization failures, deadlocks, dropped connections.
TRANSIENT_ERRORS = (
    psycopg.errors.SerializationFailure,
    psycopg.errors.DeadlockDetected,
    psycopg.OperationalError,
)

DEFAULT_SEVERITY_WEIGHTS = {"low": 1.0, "medium": 2.0, "high": 4.0, "critical": 8.0}


class PostgresResource(ConfigurableResource):
    """The operational database; `url` unset means IHF_DATABASE_URL or the embedded server."""

    url: str | None = Field(default=None, description="libpq URI; unset = IHF_DATABASE_URL or embedded")

    def resolved_url(self) -> str:
        return self.url or db.database_url()

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection]:
        """One transaction: an asset's writes land together or not at all.

        A transient failure rolls back and asks Dagster to retry the step.
        """
        try:
            with db.transaction(self.resolved_url()) as conn:
                yield conn
        except TRANSIENT_ERRORS as exc:
            raise RetryRequested(max_retries=3, seconds_to_wait=2) from exc

    def dbt_env(self) -> dict[str, str]:
        """The IHF_PG_* variables dbt_project/profiles.yml reads."""
        params = conninfo_to_dict(self.resolved_url())
        # A URL with options=-c role=<role> (README, Roles) makes dbt switch role too.
        role = re.search(r"(?:^|\s)-c\s*role=(\S+)", str(params.get("options") or ""))
        return {
            "IHF_PG_ROLE": role.group(1) if role else str(params.get("user") or "postgres"),
            "IHF_PG_HOST": str(params.get("host") or "localhost"),
            "IHF_PG_PORT": str(params.get("port") or "5432"),
            "IHF_PG_USER": str(params.get("user") or "postgres"),
            "IHF_PG_PASSWORD": str(params.get("password") or ""),
            "IHF_PG_DBNAME": str(params.get("dbname") or "postgres"),
            # libpq reads PGOPTIONS when dbt connects (dbt-postgres passes no options of its own),
            # so dbt's marts and data tests hash and sort in memory: about 12 % less database time
            # per build at `large`. A work_mem already in PGOPTIONS wins.
            "PGOPTIONS": _with_work_mem(os.environ.get("PGOPTIONS", "")),
        }


def _with_work_mem(options: str) -> str:
    return options if "work_mem" in options else f"{options} -c work_mem={db.ANALYTIC_WORK_MEM}".strip()


class LearningSettings(ConfigurableResource):
    """Windows and weights of the learning computations (SPEC §7)."""

    as_of: str = Field(default="", description="ISO date/timestamp; empty = the run's start time")
    window_days: int = Field(default=30, ge=1)
    severity_weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_SEVERITY_WEIGHTS))
    category_weights: dict[str, float] = Field(default_factory=dict, description="missing categories weigh 1.0")
    full_refresh: bool = Field(
        default=False,
        description="recompute every row of the incremental assets, not only what changed since their last run "
        "(after late-arriving history)",
    )

    def as_of_instant(self, context: OpExecutionContext) -> datetime:
        """The run's as_of: configured, else the run's creation time (one instant for every asset)."""
        if self.as_of:
            return parse_as_of(self.as_of)
        record = context.instance.get_run_record_by_id(context.run_id)
        created = record.create_timestamp if record else datetime.now(timezone.utc)
        return created.astimezone(timezone.utc)


def dbt_executable() -> str:
    """The dbt installed beside this interpreter, so runs work without the venv on PATH (cron, .venv/bin/ihf)."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else "dbt"


def build_resources() -> dict[str, object]:
    return {
        "postgres": PostgresResource(),
        "learning": LearningSettings(),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
    }
