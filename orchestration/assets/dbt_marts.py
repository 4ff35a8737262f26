"""dbt models as Dagster assets: staging → intermediate → marts, built with `dbt build`."""

import json
import os
import shutil
from pathlib import Path
from typing import Any, Mapping

from dagster import AssetExecutionContext, AssetKey, Definitions
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.lib.as_of import iso
from orchestration.lib.learning_runs import incremental_since, record_run
from orchestration.project import dbt_project
from orchestration.resources import LearningSettings, PostgresResource

PARSE_STATE = "partial_parse.msgpack"
# dagster-dbt gives every invocation its own directory under target/ (20-33 MB whatever the data:
# the manifest and compiled SQL); the newest are kept for debugging, older ones are removed.
RUN_TARGETS_KEPT = 14


class IhfDbtTranslator(DagsterDbtTranslator):
    """Groups follow the dbt folders; sources written by Python assets keep those assets' keys."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] != "model":
            return super().get_group_name(dbt_resource_props)
        folders = dbt_resource_props["fqn"][1:-1]
        return "dbt_" + "_".join(folders[:2]) if folders else "dbt"

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        asset_key = dbt_resource_props.get("meta", {}).get("dagster", {}).get("asset_key")
        if asset_key:
            return AssetKey(asset_key)
        return super().get_asset_key(dbt_resource_props)


@dbt_assets(manifest=dbt_project.manifest_path, dagster_dbt_translator=IhfDbtTranslator())
def ihf_dbt_models(
    context: AssetExecutionContext,
    dbt: DbtCliResource,
    postgres: PostgresResource,
    learning: LearningSettings,
):
    os.environ.update(postgres.dbt_env())
    as_of = learning.as_of_instant(context)
    # as_of changes every night, so it travels as an environment variable (see macros/as_of.sql);
    # the vars stay the same from night to night and keep dbt's partial parsing valid.
    os.environ["IHF_AS_OF"] = iso(as_of)
    # The same weights as the calibration, so widget_friction scores agree with it.
    dbt_vars = {
        "window_days": learning.window_days,
        "severity_weights": learning.severity_weights,
        "category_weights": learning.category_weights,
    }
    incremental = [run_name for key, run_name in _incremental_models().items() if key in context.selected_asset_keys]
    with postgres.transaction() as conn:  # holds the models' learning_runs rows: dbt builds queue
        previous = [
            incremental_since(conn, run_name, as_of, learning.window_days, learning.full_refresh)
            for run_name in incremental
        ]
        # The earliest previous as_of: what changed since then includes what changed since the later ones.
        since = None if None in previous else min(previous, default=None)
        os.environ["IHF_INCREMENTAL_SINCE"] = iso(since) if since else ""
        refresh = [] if since else ["--full-refresh"]
        context.log.info(
            f"dbt incremental models {', '.join(incremental) or '(none selected)'}: "
            + (f"rows changed since {iso(since)}" if since else "full refresh")
        )
        # Unit tests (fixed inputs) run in CI (tests/dbt/test_unit_tests.py), not every night.
        build = ["build", "--exclude-resource-type", "unit_test", "--vars", json.dumps(dbt_vars), *refresh]
        invocation = dbt.cli(build, context=context)
        yield from invocation.stream()
        for run_name in incremental:
            record_run(conn, run_name, as_of, learning.window_days)
    _keep_parse_state(invocation.target_path)
    _remove_old_run_targets(invocation.target_path, RUN_TARGETS_KEPT)


def _incremental_models() -> dict[AssetKey, str]:
    """Asset key → learning_runs name of every incremental dbt model (their rows depend on the previous run)."""
    manifest = json.loads(dbt_project.manifest_path.read_text())
    translator = IhfDbtTranslator()
    return {
        translator.get_asset_key(node): f"dbt:{node['name']}"
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"]["materialized"] == "incremental"
    }


def _keep_parse_state(run_target: Path) -> None:
    """Leave this run's parse state where dagster-dbt seeds the next run's target directory from.

    The next run against the same database with the same vars then re-parses only the files
    that changed (and those reading IHF_AS_OF) instead of the whole project (~10 s).
    """
    shared = dbt_project.project_dir / dbt_project.target_path / PARSE_STATE
    staged = shared.with_name(f"{PARSE_STATE}.{os.getpid()}")
    shutil.copyfile(run_target / PARSE_STATE, staged)
    os.replace(staged, shared)  # atomic: a concurrent run reads the old file or the new one


def _remove_old_run_targets(run_target: Path, keep: int) -> list[Path]:
    """Remove all but the `keep` newest run directories of this dbt step (by modification time),
    never `run_target` itself; returns the removed ones. An unattended nightly would otherwise
    leave one directory per night."""
    step = run_target.name.split("-", 1)[0]  # dagster-dbt names them <step>-<run id>-<suffix>
    runs = []
    for path in run_target.parent.glob(f"{step}-*"):
        try:
            if path.is_dir() and path != run_target:
                runs.append((path.stat().st_mtime, path))
        except FileNotFoundError:  # a concurrent run removed it first
            continue
    removed = [path for _, path in sorted(runs, reverse=True)[max(keep - 1, 0) :]]
    for old in removed:
        shutil.rmtree(old, ignore_errors=True)
    return removed


defs = Definitions(assets=[ihf_dbt_models])
