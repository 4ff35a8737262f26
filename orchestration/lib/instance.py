"""Dagster instance storage on dagster-postgres, in schema `dagster` of the IHF database.

`ihf` commands and `dagster dev` share one DAGSTER_HOME (default `.ihf/dagster_home`)
whose dagster.yaml this module writes, so run history never lands in SQLite files.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from dagster import DagsterInstance

from orchestration.lib import db

DAGSTER_SCHEMA = "dagster"


def storage_url(url: str) -> str:
    """The IHF database URL with search_path pinned to the Dagster schema.

    psycopg2 explicitly: SQLAlchemy 2.1 defaults to psycopg 3, whose server-side
    parameter binding breaks dagster-postgres's event-log SQL.
    """
    base = db.to_url(url).replace("postgresql://", "postgresql+psycopg2://", 1)
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{DAGSTER_SCHEMA}"


def dagster_home() -> Path:
    return Path(os.environ.get("DAGSTER_HOME") or db.ihf_home() / "dagster_home").resolve()


def write_dagster_yaml(url: str) -> Path:
    """Point DAGSTER_HOME's dagster.yaml at `url` and return the home directory."""
    with db.connect(url, autocommit=True) as conn:
        conn.execute(f"create schema if not exists {DAGSTER_SCHEMA}")
    home = dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    config = {
        "storage": {"postgres": {"postgres_url": storage_url(url)}},
        "telemetry": {"enabled": False},
        "run_coordinator": {
            "module": "dagster.core.run_coordinator",
            "class": "DefaultRunCoordinator",
        },
    }
    (home / "dagster.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return home


def postgres_instance(url: str) -> DagsterInstance:
    home = write_dagster_yaml(url)
    os.environ["DAGSTER_HOME"] = str(home)
    return DagsterInstance.get()
