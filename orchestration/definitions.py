"""The `orchestration` code location: merges each capability's defs with the shared
jobs, schedules and resources. Nothing is defined here."""

from dagster import Definitions

from orchestration.assets import dbt_marts
from orchestration.assets.correlation_engine import assets as correlation_engine
from orchestration.assets.foreman_monitor import assets as foreman_monitor
from orchestration.assets.knowledge_distillation import assets as knowledge_distillation
from orchestration.assets.learning_insights import assets as learning_insights
from orchestration.assets.lineage_enrichment import assets as lineage_enrichment
from orchestration.assets.nightly_report import assets as nightly_report
from orchestration.assets.pattern_performance import assets as pattern_performance
from orchestration.assets.threshold_calibration import assets as threshold_calibration
from orchestration.jobs import nightly_learning_job
from orchestration.resources import build_resources
from orchestration.schedules import nightly_learning_job_schedule

CAPABILITIES = [
    dbt_marts,
    lineage_enrichment,
    correlation_engine,
    pattern_performance,
    threshold_calibration,
    learning_insights,
    knowledge_distillation,
    foreman_monitor,
    nightly_report,
]

defs = Definitions.merge(
    *(capability.defs for capability in CAPABILITIES),
    Definitions(
        jobs=[nightly_learning_job],
        schedules=[nightly_learning_job_schedule],
        resources=build_resources(),
    ),
)
