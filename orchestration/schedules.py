"""The nightly schedule: 02:00 UTC, as_of = the scheduled instant."""

from dagster import RunRequest, ScheduleEvaluationContext, schedule

from orchestration.jobs import nightly_learning_job
from orchestration.lib.as_of import iso


def nightly_run_config(as_of: str) -> dict:
    return {"resources": {"learning": {"config": {"as_of": as_of}}}}


@schedule(job=nightly_learning_job, cron_schedule="0 2 * * *", execution_timezone="UTC")
def nightly_learning_job_schedule(context: ScheduleEvaluationContext):
    as_of = iso(context.scheduled_execution_time)
    return RunRequest(run_key=as_of, run_config=nightly_run_config(as_of), tags={"ihf/as_of": as_of})
