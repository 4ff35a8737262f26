"""Timed pieces of the benchmark: the seed load and one nightly run.

A nightly run executes in a child process (`nightly_process`), like a run
worker, so its peak RSS is the pipeline's alone — not the generator's, which
runs in this process — and Dagster's and dbt's log lines go to a log file
instead of burying the figures.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from orchestration.bench.database_time import database_seconds
from orchestration.lib import db
from orchestration.lib.as_of import iso
from orchestration.synthetic import load_synthetic_history


def bench_home() -> Path:
    """Logs, planted truth, reports and a Dagster home of the benchmark's own (`.ihf/bench`)."""
    home = db.ihf_home() / "bench"
    home.mkdir(parents=True, exist_ok=True)
    return home


@dataclass
class SeedLoad:
    scale: str
    seconds: float
    tables: dict[str, dict[str, float]]  # schema.table → {"rows", "seconds"}
    foreign_key_seconds: float  # the deferred foreign keys, re-added (validated) after the last table
    peak_rss_kib: int  # this process's peak so far: the generator's

    @property
    def rows(self) -> int:
        return int(sum(t["rows"] for t in self.tables.values()))

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass
class NightlyRun:
    label: str
    as_of: datetime
    run_seconds: float  # the run itself: what a scheduled nightly pays each night
    database_seconds: float  # statement time of the run's sessions (database_time.py)
    load_seconds: float  # loading the code location in a fresh process (reported, not counted)
    steps: dict[str, float] = field(default_factory=dict)  # step key → seconds
    dbt_models: dict[str, float] = field(default_factory=dict)  # asset key → dbt execution seconds
    dbt_test_seconds: float = 0.0  # all dbt tests, summed over dbt's threads
    deployments_recomputed: int = 0  # by the correlation engine (its materialization metadata)
    peak_rss_kib: int = 0  # max of the process's own peak and its children's (dbt)
    log_path: Path | None = None

    @property
    def step_seconds(self) -> float:
        return sum(self.steps.values())

    @property
    def dbt_model_seconds(self) -> float:
        return sum(self.dbt_models.values())


def measure_seed(url: str, scale: str, seed: int, as_of: datetime, progress: bool) -> SeedLoad:
    started = time.perf_counter()
    report = load_synthetic_history(url, scale, seed, as_of, progress=progress, truth_dir=bench_home())
    seconds = time.perf_counter() - started
    return SeedLoad(
        scale=scale,
        seconds=seconds,
        tables=report["tables"],
        foreign_key_seconds=report["foreign_key_seconds"],
        peak_rss_kib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    )


def measure_nightly(url: str, as_of: datetime, label: str) -> NightlyRun:
    """Run nightly_learning_job for `as_of` on `url` in a child process; raise if the run failed."""
    home = bench_home()
    log_path = home / f"{label}.log"
    # The run's report files and Dagster home go under the benchmark's directory, not the user's.
    env = {**os.environ, "IHF_HOME": str(home), "DAGSTER_HOME": str(home / "dagster_home")}
    database_before = database_seconds(url)
    with tempfile.TemporaryDirectory(prefix="ihf-bench-") as scratch:
        result_path = Path(scratch) / "result.json"
        with log_path.open("w", encoding="utf-8") as log:
            command = [sys.executable, "-m", "orchestration.bench.nightly_process", url, iso(as_of), str(result_path)]
            subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, env=env, check=False)
        if not result_path.exists():
            raise RuntimeError(f"the nightly run {label!r} died before reporting; see {log_path}")
        outcome = json.loads(result_path.read_text(encoding="utf-8"))
    database_after = database_seconds(url)
    if "error" in outcome:
        raise RuntimeError(f"the nightly run {label!r} failed ({outcome['error']}); see {log_path}")
    return NightlyRun(
        label=label,
        as_of=as_of,
        run_seconds=outcome["run_seconds"],
        database_seconds=database_after - database_before,
        load_seconds=outcome["load_seconds"],
        steps=outcome["steps"],
        dbt_models=outcome["dbt_models"],
        dbt_test_seconds=outcome["dbt_test_seconds"],
        deployments_recomputed=outcome["deployments_recomputed"],
        peak_rss_kib=max(outcome["maxrss_self_kib"], outcome["maxrss_children_kib"]),
        log_path=log_path,
    )
