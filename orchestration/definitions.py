"""The `orchestration` code location: merges each capability's defs with the shared
jobs, schedules and resources. Nothing is defined here."""

from dagster import Definitions

from orchestration.assets import dbt_marts
from orchestration.assets.lineage_enrichment import assets as lineage_enrichment
from orchestration.jobs import nightly_learning_job
from orchestration.resources import build_resources
from orchestration.schedules import nightly_learning_job_schedule

CAPABILITIES = [dbt_marts, lineage_enrichment]

defs = Definitions.merge(
    *(capability.defs for capability in CAPABILITIES),
    Definitions(
        jobs=[nightly_learning_job],
        schedules=[nightly_learning_job_schedule],
        resources=build_resources(),
    ),
)
