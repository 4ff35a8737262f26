"""dbt models as Dagster assets: staging → intermediate → marts, built with `dbt build`."""

import json
import os
from typing import Any, Mapping

from dagster import AssetExecutionContext, AssetKey, Definitions
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.lib.as_of import iso
from orchestration.project import dbt_project
from orchestration.resources import LearningSettings, PostgresResource


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
    # The same weights as the calibration, so widget_friction scores agree with it.
    dbt_vars = {
        "as_of": iso(learning.as_of_instant(context)),
        "window_days": learning.window_days,
        "severity_weights": learning.severity_weights,
        "category_weights": learning.category_weights,
    }
    yield from dbt.cli(["build", "--vars", json.dumps(dbt_vars)], context=context).stream()


defs = Definitions(assets=[ihf_dbt_models])
