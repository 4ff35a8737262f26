"""The nightly schedule: 02:00 UTC, as_of = the scheduled instant; Sunday's run is a full recompute."""

from dagster import RunRequest, ScheduleEvaluationContext, schedule

from orchestration.jobs import nightly_learning_job
from orchestration.lib.as_of import iso

# Incremental runs miss what leaves no timestamp in (previous as_of, as_of]: late rows, edited
# decisions. One full run a week bounds how long such a change can go unseen.
FULL_REFRESH_WEEKDAY = 6  # Sunday (datetime.weekday)


def nightly_run_config(as_of: str, full_refresh: bool) -> dict:
    return {"resources": {"learning": {"config": {"as_of": as_of, "full_refresh": full_refresh}}}}


@schedule(job=nightly_learning_job, cron_schedule="0 2 * * *", execution_timezone="UTC")
def nightly_learning_job_schedule(context: ScheduleEvaluationContext):
    as_of = iso(context.scheduled_execution_time)
    full_refresh = context.scheduled_execution_time.weekday() == FULL_REFRESH_WEEKDAY
    return RunRequest(
        run_key=as_of,
        run_config=nightly_run_config(as_of, full_refresh),
        tags={"ihf/as_of": as_of, "ihf/full_refresh": str(full_refresh).lower()},
    )
