"""One nightly run in a process of its own, the way Dagster's run launcher
starts a run worker (and `ihf nightly` runs one):

    python -m orchestration.bench.nightly_process URL AS_OF RESULT_JSON

Loading the code location (imports, dbt manifest) is timed apart from the
run, and Dagster's storage tables are created before the clock starts, so
`run_seconds` is what every nightly run pays. The result file holds the
times, each step's duration from its STEP_SUCCESS event, each dbt model's
and the dbt tests' execution time (dagster-dbt's "Execution Duration"
metadata; the dbt step runs several nodes at once), the deployments the
correlation engine recomputed, and this process's peak
RSS (its own, not what it inherited from the process that started it) and
that of its children (the dbt subprocess), in KiB.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import traceback
from pathlib import Path

DBT_DURATION = "Execution Duration"  # dagster-dbt's per-node metadata key


def _step_seconds(result) -> dict[str, float]:
    from dagster import DagsterEventType

    return {
        event.step_key: event.event_specific_data.duration_ms / 1000
        for event in result.all_events
        if event.event_type == DagsterEventType.STEP_SUCCESS
    }


def _execution_seconds(metadata) -> float | None:
    value = metadata.get(DBT_DURATION)
    return None if value is None else float(getattr(value, "value", value))


def _dbt_model_seconds(result) -> dict[str, float]:
    models = {}
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization
        seconds = _execution_seconds(materialization.metadata)
        if seconds is not None:
            models[materialization.asset_key.to_user_string()] = seconds
    return models


def deployments_recomputed(result) -> int:
    """How many deployments the correlation engine recomputed in this run (its materialization's
    metadata): all of them on a full run, those the new day reaches on an incremental one."""
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization
        if materialization.asset_key.to_user_string() == "outcome_correlations":
            return int(materialization.metadata["deployments_recomputed"].value)
    return 0


def _dbt_test_seconds(result) -> float:
    """dbt tests arrive as check evaluations, or as observations when no check is declared."""
    metadata = [evaluation.metadata for evaluation in result.get_asset_check_evaluations()]
    metadata += [
        event.event_specific_data.asset_observation.metadata for event in result.get_asset_observation_events()
    ]
    return sum(seconds for m in metadata if (seconds := _execution_seconds(m)) is not None)


def own_peak_rss_kib() -> int:
    """This process's peak RSS since it started, in KiB (VmHWM).

    Not ru_maxrss: Linux carries the spawning process's resident set over fork and exec into it, so
    a nightly started by `ihf bench` after a `large` seed would report the seed loader's memory.
    The children's ru_maxrss (dbt) is fine: what they inherit is this process's, at most its peak.
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="utf-8")
    except OSError:  # not Linux: the inherited figure is all there is
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))


def main(argv: list[str]) -> int:
    url, as_of_text, result_path = argv
    started = time.perf_counter()
    import orchestration.definitions  # noqa: F401  (the code location: Dagster, dbt manifest)
    from orchestration.lib import instance
    from orchestration.lib.as_of import parse_as_of
    from orchestration.lib.jobs_runner import run_job

    loaded = time.perf_counter()
    instance.postgres_instance(url)  # creates Dagster's run storage in a fresh database
    prepared = time.perf_counter()
    outcome: dict = {"load_seconds": loaded - started, "prepare_seconds": prepared - loaded}
    try:
        result = run_job("nightly_learning_job", url, parse_as_of(as_of_text))
    except Exception as exc:
        traceback.print_exc()
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        outcome["error"] = f"{type(exc).__name__}: {first_line}"
    else:
        outcome["run_seconds"] = time.perf_counter() - prepared
        outcome["steps"] = _step_seconds(result)
        outcome["dbt_models"] = _dbt_model_seconds(result)
        outcome["dbt_test_seconds"] = _dbt_test_seconds(result)
        outcome["deployments_recomputed"] = deployments_recomputed(result)
    outcome["maxrss_self_kib"] = own_peak_rss_kib()
    outcome["maxrss_children_kib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    Path(result_path).write_text(json.dumps(outcome), encoding="utf-8")
    return 1 if "error" in outcome else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
