"""`ihf bench`: the pieces on a tiny history, the ratios by hand, and the
whole command at small/tiny ending with the five machine-read lines (SPEC §11)."""

import io
import os
import re
import subprocess
import sys
from datetime import timedelta

import psycopg
import pytest
from dagster import DagsterInstance, materialize
from rich.console import Console

from orchestration.assets.correlation_engine.assets import outcome_correlations
from orchestration.bench import display
from orchestration.bench.database_time import database_seconds
from orchestration.bench.databases import append_one_day
from orchestration.bench.figures import Figures, ScaleRun
from orchestration.bench.floor import Floor, TableRead, measure_floor
from orchestration.bench.measure import NightlyRun, SeedLoad
from orchestration.bench.nightly_process import deployments_recomputed
from orchestration.bench.runner import AS_OF
from orchestration.lib import db
from orchestration.lib.as_of import iso
from orchestration.resources import LearningSettings, PostgresResource
from orchestration.synthetic import load_synthetic_history
from tests.chain_builder import candidate_for, deployment_of, hub_and_widget, signal

FINAL_LINES = [
    r"ratio full/floor = \d+\.\d{2}",
    r"ratio incremental/full = \d+\.\d{3}",
    r"ratio incremental_large/incremental_medium = \d+\.\d{2}",
    r"peak_rss_mib = \d+",
    r"seed_rows_per_s = \d+",
]


def nightly(label: str, times: tuple[float, float], rss_kib: int = 512_000) -> NightlyRun:
    """A run taking (wall seconds, database seconds)."""
    wall, database = times
    return NightlyRun(label=label, as_of=AS_OF, run_seconds=wall, database_seconds=database, load_seconds=9.0,
                      peak_rss_kib=rss_kib)  # fmt: skip


def scale_run(scale: str, full: tuple, incremental: tuple, floor: Floor | None = None) -> ScaleRun:
    load = SeedLoad(
        scale=scale, seconds=4.0, tables={"public.interaction_events": {"rows": 10_000, "seconds": 3.0}},
        foreign_key_seconds=0.5, peak_rss_kib=0,
    )
    return ScaleRun(f"ihf_bench_{scale}", load, nightly("full", full), {}, nightly("incremental", incremental), floor)


def test_final_lines_are_ratios_of_times_net_of_the_overhead():
    floor = Floor(seconds=5.0, database_seconds=8.0,
                  tables={"public.interaction_events": TableRead(rows=10_000, bytes=1, seconds=5.0)})  # fmt: skip
    figures = Figures(
        overheads=(nightly("empty", (9.0, 2.0), rss_kib=700_000), nightly("empty", (11.0, 4.0))),
        main=scale_run("medium", full=(40.0, 27.0), incremental=(12.0, 4.5), floor=floor),
        comparison=scale_run("small", full=(20.0, 5.0), incremental=(11.0, 3.75)),
    )
    # full/floor in wall time: overhead (9 + 11) / 2 = 10, full net 40 − 10 = 30, / floor 5 = 6;
    # the others in database time: overhead (2 + 4) / 2 = 3, full net 27 − 3 = 24, incremental net
    # 4.5 − 3 = 1.5, 1.5 / 24 = 0.0625, 1.5 / (3.75 − 3) = 2 (in wall time: 2 / 30 = 0.067, 2 / 1 = 2);
    # 700 000 KiB / 1024 = 683.6 → 684 MiB; 10 000 rows / 4 s = 2500 rows/s.
    assert figures.final_lines() == [
        "ratio full/floor = 6.00",
        "ratio incremental/full = 0.062",
        "ratio incremental_large/incremental_medium = 2.00",
        "peak_rss_mib = 684",
        "seed_rows_per_s = 2500",
    ]


def test_incremental_work_is_shown_per_recomputed_deployment():
    floor = Floor(seconds=5.0, database_seconds=8.0, tables={})
    main = scale_run("medium", full=(40.0, 27.0), incremental=(12.0, 4.5), floor=floor)
    comparison = scale_run("small", full=(20.0, 5.0), incremental=(11.0, 3.75))
    main.incremental.deployments_recomputed, main.full.deployments_recomputed = 300, 3_000
    comparison.incremental.deployments_recomputed, comparison.full.deployments_recomputed = 50, 1_000
    figures = Figures(overheads=(nightly("empty", (9.0, 2.0)), nightly("empty", (11.0, 4.0))), main=main,
                      comparison=comparison)  # fmt: skip
    out = io.StringIO()
    display.summary(Console(file=out, width=400), figures)
    # net incremental database time 4.5 − 3 = 1.5 s over 300 = 5 ms; 3.75 − 3 = 0.75 s over 50 = 15 ms
    assert (
        "incremental work: medium recomputed 300 of 3,000 deployments (10.0%), 5.00 ms of net database time each; "
        "small recomputed 50 of 1,000 deployments (5.0%), 15.00 ms of net database time each; "
        "per deployment medium/small = 0.33"
    ) in out.getvalue()
    assert figures.final_lines()[2] == "ratio incremental_large/incremental_medium = 2.00"  # unchanged: whole nights


def test_the_engine_reports_the_deployments_it_recomputed(db_url):
    """The count the benchmark reads from a run: all deployments on the full run, and on the
    incremental one the young ones and those the new day's signals reach."""
    next_day = AS_OF + timedelta(days=1)
    with psycopg.connect(db_url, autocommit=True) as conn:
        _, widget = hub_and_widget(conn)
        deployment_of(conn, candidate_for(conn, widget), AS_OF - timedelta(days=10))  # young: windows hold the day
        deployment_of(conn, candidate_for(conn, widget), AS_OF - timedelta(days=100))  # closed, nothing new
        signalled = deployment_of(conn, candidate_for(conn, widget), AS_OF - timedelta(days=100))
        signal(conn, signalled, widget, "improved", AS_OF + timedelta(hours=6))  # observed in the new day
        deployment_of(conn, candidate_for(conn, widget), next_day + timedelta(days=1))  # after as_of: neither
    recomputed = [
        deployments_recomputed(materialize(
            [outcome_correlations],
            resources={"postgres": PostgresResource(url=db_url), "learning": LearningSettings(as_of=iso(as_of))},
            instance=DagsterInstance.ephemeral(),
        ))
        for as_of in (AS_OF, next_day)
    ]  # fmt: skip
    assert recomputed == [3, 2]  # three deployed by as_of; the young and the signalled, of three


def test_a_nightly_process_reports_its_own_peak_not_its_parents():
    ballast = bytearray(600 * 1024 * 1024)
    ballast[:: 4096] = b"x" * len(range(0, len(ballast), 4096))  # touch every page: 600 MiB resident
    child = subprocess.run(
        [sys.executable, "-c", "import resource; from orchestration.bench.nightly_process import own_peak_rss_kib;"
         " print(own_peak_rss_kib(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    own, inherited = map(int, child.stdout.split())
    assert inherited >= 600 * 1024  # Linux hands the parent's resident set on through fork and exec
    assert 0 < own < 400 * 1024  # the interpreter and the benchmark's imports (~200 MiB)
    del ballast


def test_database_time_counts_the_statements_of_sessions_that_ended(db_url):
    before = database_seconds(db_url)
    with psycopg.connect(db_url, autocommit=True) as other:
        other.execute("select pg_sleep(0.6)")
    spent = database_seconds(db_url) - before
    assert 0.6 <= spent < 1.6


def test_floor_reads_every_source_table_and_the_day_is_appended(db_url):
    load_synthetic_history(db_url, "tiny", 3, AS_OF, progress=False)
    floor = measure_floor(db_url)
    with psycopg.connect(db_url) as conn:
        learning = conn.execute("select count(*) from public.learning_insights").fetchone()[0]
        events = conn.execute("select count(*) from public.interaction_events").fetchone()[0]
        last_day = {
            table: conn.execute(
                f"select count(*) from public.{table} where {column} > %(t)s - interval '1 day' and {column} <= %(t)s",
                {"t": AS_OF},
            ).fetchone()[0]
            for table, column in (
                ("interaction_events", "occurred_at"),
                ("annotations", "created_at"),
                ("outcome_signals", "observed_at"),
            )
        }
    assert "public.learning_insights" not in floor.tables and learning == 0
    assert {"foreman.tasks", "scaffold.project_outcomes", "public.widgets"} <= set(floor.tables)
    assert floor.tables["public.interaction_events"].rows == events
    assert floor.rows > events and floor.bytes > 0

    appended = append_one_day(db_url, AS_OF)
    assert appended == last_day and appended["interaction_events"] > 0
    with psycopg.connect(db_url) as conn:
        new_events = conn.execute(
            "select count(*), min(occurred_at) > %(t)s, max(occurred_at) <= %(next)s from public.interaction_events where occurred_at > %(t)s",
            {"t": AS_OF, "next": AS_OF + timedelta(days=1)},
        ).fetchone()
    assert new_events == (last_day["interaction_events"], True, True)


def run_ihf(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "orchestration", *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )


def test_unknown_scale_is_one_line():
    result = run_ihf(
        "bench", "--scale", "huge", env={**os.environ, "IHF_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    )
    assert result.returncode == 2
    assert [line for line in result.stderr.splitlines() if line.strip()] == [
        "ihf: error: unknown scale 'huge': choose one of tiny, small, medium, large"
    ]


@pytest.mark.bench  # ~12 min: seven nightly runs
@pytest.mark.timeout(1800)
def test_bench_ends_with_the_five_figures(pg_admin_url, tmp_path):
    """Six nightly runs (empty twice, small and tiny full and incremental): about 12 minutes, hence slow."""
    env = {**os.environ, "IHF_DATABASE_URL": db.with_database(pg_admin_url, "postgres"), "IHF_HOME": str(tmp_path)}
    result = run_ihf("bench", "--scale", "small", "--comparison-scale", "tiny", env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-5:]
    for line, pattern in zip(last, FINAL_LINES, strict=True):
        assert re.fullmatch(pattern, line), line
    # The ratios may round to 0 at these sizes (net times within the noise); memory and rate may not.
    *_, peak_rss_mib, seed_rows_per_s = (float(line.split(" = ")[1]) for line in last)
    assert peak_rss_mib > 0 and seed_rows_per_s > 0
    assert "fixed overhead" in result.stdout and "nightly steps at small" in result.stdout
    assert "incremental work: small recomputed" in result.stdout
