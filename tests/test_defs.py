"""The code location loads, and names the jobs and schedules the nightly run relies on."""

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
