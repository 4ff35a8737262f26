"""The code location loads, and names the jobs and schedules the nightly run relies on."""

from datetime import datetime, timezone

from dagster import build_schedule_context

from orchestration.definitions import defs


def test_nightly_job_and_schedule_are_defined():
    job = defs.resolve_job_def("nightly_learning_job")
    schedule = defs.resolve_schedule_def("nightly_learning_job_schedule")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "UTC"
    assert schedule.job_name == job.name


def test_definitions_validate():
    # The same validation `dagster definitions validate` performs.
    defs.resolve_all_job_defs()
    assert defs.resolve_asset_graph().get_all_asset_keys()


def test_the_schedule_recomputes_everything_on_sundays_only():
    schedule = defs.resolve_schedule_def("nightly_learning_job_schedule")
    runs = {}
    for day in range(22, 29):  # Sunday 2026-11-22 to Saturday 2026-11-28
        instant = datetime(2026, 11, day, 2, tzinfo=timezone.utc)
        (request,) = schedule.evaluate_tick(build_schedule_context(scheduled_execution_time=instant)).run_requests
        runs[instant.strftime("%a")] = request.run_config["resources"]["learning"]["config"]
    assert {day: config["full_refresh"] for day, config in runs.items()} == {
        "Sun": True, "Mon": False, "Tue": False, "Wed": False, "Thu": False, "Fri": False, "Sat": False,
    }  # fmt: skip
    assert runs["Sun"]["as_of"] == "2026-11-22T02:00:00Z"
