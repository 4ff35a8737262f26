"""Jobs are asset selections; the nightly job is everything but the Foreman
monitor (its own 5-minute job) and the partitioned lineage backfill."""

from dagster import AssetSelection, define_asset_job

NIGHTLY_EXCLUDED_GROUPS = ("foreman_monitoring", "lineage_backfill")

nightly_learning_job = define_asset_job(
    "nightly_learning_job",
    selection=AssetSelection.all() - AssetSelection.groups(*NIGHTLY_EXCLUDED_GROUPS),
    description="Nightly learning recomputation: dbt models and every learning asset for one as_of.",
)
