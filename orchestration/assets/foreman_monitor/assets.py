"""Foreman builder-stall monitor: its asset, its own 5-minute job and schedule.

Group `foreman_monitoring` keeps it out of the nightly job (orchestration/jobs.py).
"""

from dagster import (
    AssetExecutionContext,
    AssetSelection,
    Config,
    Definitions,
    MaterializeResult,
    RunRequest,
    ScheduleEvaluationContext,
    asset,
    define_asset_job,
    schedule,
)
from pydantic import Field

from orchestration.assets.foreman_monitor.checks import builder_stall_blockers_cover_every_stall
from orchestration.assets.foreman_monitor.stalls import DEFAULT_STALL_MINUTES, run_monitor_pass
from orchestration.lib.as_of import iso
from orchestration.resources import LearningSettings, PostgresResource

MONITOR_GROUP = "foreman_monitoring"


class ForemanMonitorConfig(Config):
    stall_minutes: int = Field(
        default=DEFAULT_STALL_MINUTES, ge=1, description="an active builder silent longer than this is stalled"
    )


@asset(
    group_name=MONITOR_GROUP,
    description=(
        "Unresolved `builder_stall` blockers in foreman.blockers: one per task whose active builder "
        "has sent no heartbeat for stall_minutes at as_of, resolved (heartbeat_resumed) when it beats "
        "again; every change leaves a foreman.evidence_trail row."
    ),
)
def builder_stall_blockers(
    context: AssetExecutionContext,
    config: ForemanMonitorConfig,
    postgres: PostgresResource,
    learning: LearningSettings,
) -> MaterializeResult:
    at = learning.as_of_instant(context)
    with postgres.transaction() as conn:
        monitor_pass = run_monitor_pass(conn, at, config.stall_minutes)
    for change in monitor_pass.opened:
        context.log.warning(f"builder_stall opened: {change.builder_id} on task {change.task_id} ({change.blocker_id})")
    return MaterializeResult(
        metadata={
            "as_of": iso(at),
            "stall_minutes": config.stall_minutes,
            "opened": len(monitor_pass.opened),
            "resolved": len(monitor_pass.resolved),
            "opened_blocker_ids": [str(c.blocker_id) for c in monitor_pass.opened],
            "resolved_blocker_ids": [str(c.blocker_id) for c in monitor_pass.resolved],
            "opened_builder_ids": [c.builder_id or "" for c in monitor_pass.opened],
            "resolved_builder_ids": [c.builder_id or "" for c in monitor_pass.resolved],
        }
    )


foreman_monitor_job = define_asset_job(
    "foreman_monitor_job",
    selection=AssetSelection.groups(MONITOR_GROUP),
    description="Builder-stall monitor (SPEC §7.6): opens and resolves builder_stall blockers.",
)


@schedule(job=foreman_monitor_job, cron_schedule="*/5 * * * *", execution_timezone="UTC")
def foreman_monitor_job_schedule(context: ScheduleEvaluationContext):
    at = iso(context.scheduled_execution_time)
    run_config = {"resources": {"learning": {"config": {"as_of": at}}}}
    return RunRequest(run_key=at, run_config=run_config, tags={"ihf/as_of": at})


defs = Definitions(
    assets=[builder_stall_blockers],
    asset_checks=[builder_stall_blockers_cover_every_stall],
    jobs=[foreman_monitor_job],
    schedules=[foreman_monitor_job_schedule],
)
