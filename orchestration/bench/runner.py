"""`run_benchmark`: the whole of SPEC §11 in one run, on fresh databases of one server.

1. the fixed overhead: the nightly job on an empty migrated database (`ihf_bench_empty`),
   run first and again last (the mean is the overhead, the difference its noise);
2. the main scale (`ihf_bench_<scale>`): seed load (rows/s), VACUUM ANALYZE, the floor
   (every source table read once), a full nightly run for the seed's as_of, one more
   day appended, an incremental nightly run for as_of + 1 day;
3. the comparison scale, the next smaller one (large → medium, medium → small,
   small → tiny), through the same seed / full / append / incremental steps, to show
   whether the incremental cost grows with the history.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from rich.console import Console

from orchestration.bench import display
from orchestration.bench.databases import append_one_day, fresh_database, server_url, settle
from orchestration.bench.figures import Figures, ScaleRun
from orchestration.bench.floor import measure_floor
from orchestration.bench.measure import NightlyRun, measure_nightly, measure_seed
from orchestration.synthetic import validate

AS_OF = datetime(2026, 6, 1, tzinfo=timezone.utc)  # the seed's as_of; fixed so runs compare
DEFAULT_SCALE = "large"
COMPARISON_SCALE = {"large": "medium", "medium": "small", "small": "tiny", "tiny": "tiny"}
EMPTY_DATABASE = "ihf_bench_empty"


class _Narrator:
    """Progress lines stamped with the time since the benchmark started."""

    def __init__(self, console: Console):
        self.console, self.started = console, time.perf_counter()

    def say(self, message: str) -> None:
        self.console.print(f"[dim]{time.perf_counter() - self.started:8.1f}s[/dim] {message}", highlight=False)

    def nightly(self, url: str, as_of: datetime, label: str, overhead: NightlyRun | None) -> NightlyRun:
        self.say(f"nightly {label} for as_of {as_of:%Y-%m-%d} …")
        with self.console.status(f"nightly {label}"):
            run = measure_nightly(url, as_of, label)
        net = None if overhead is None else run.run_seconds - overhead.run_seconds
        self.say(display.nightly_line(run, net))
        return run


def _scale_run(
    server: str,
    name: str,
    scale: str,
    seed: int,
    overhead: NightlyRun,
    with_floor: bool,
    narrator: _Narrator,
    progress: bool,
) -> ScaleRun:
    narrator.say(f"{scale}: fresh database {name}, seeding …")
    url = fresh_database(server, name)
    load = measure_seed(url, scale, seed, AS_OF, progress)
    narrator.console.print(display.seed_table(load))
    narrator.say(f"{scale}: VACUUM ANALYZE after the load took {settle(url):.1f} s (not counted)")
    floor = None
    if with_floor:
        floor = measure_floor(url)
        narrator.console.print(display.floor_table(floor))
    full = narrator.nightly(url, AS_OF, f"{name}_full", overhead)
    next_day = AS_OF + timedelta(days=1)
    appended = append_one_day(url, AS_OF)
    narrator.say(
        f"{scale}: appended one day up to {next_day:%Y-%m-%d}: " + ", ".join(f"{t} +{n:,}" for t, n in appended.items())
    )
    incremental = narrator.nightly(url, next_day, f"{name}_incremental", overhead)
    run = ScaleRun(database=name, seed=load, full=full, appended_rows=appended, incremental=incremental, floor=floor)
    narrator.console.print(display.steps_table(run, overhead))
    narrator.console.print(display.dbt_models_table(run, overhead))
    return run


def run_benchmark(
    scale: str = DEFAULT_SCALE,
    seed: int = 1,
    *,
    comparison_scale: str | None = None,
    server: str | None = None,
    console: Console | None = None,
    progress: bool = True,
) -> Figures:
    """Measure everything on `server` (default: the one `ihf` uses) and return the figures."""
    validate(scale, seed, AS_OF)  # before any database is dropped
    comparison_scale = comparison_scale or COMPARISON_SCALE[scale]
    validate(comparison_scale, seed, AS_OF)
    narrator = _Narrator(console or Console())
    server = server or server_url()
    narrator.say(f"benchmark: main scale {scale}, comparison scale {comparison_scale}, seed {seed}")
    empty_url = fresh_database(server, EMPTY_DATABASE)
    overhead = narrator.nightly(empty_url, AS_OF, f"{EMPTY_DATABASE}_before", None)
    main = _scale_run(server, f"ihf_bench_{scale}", scale, seed, overhead, True, narrator, progress)
    comparison_name = f"ihf_bench_{comparison_scale}" + ("_comparison" if comparison_scale == scale else "")
    comparison = _scale_run(server, comparison_name, comparison_scale, seed, overhead, False, narrator, progress)
    overhead_again = narrator.nightly(empty_url, AS_OF, f"{EMPTY_DATABASE}_after", overhead)
    figures = Figures(overheads=(overhead, overhead_again), main=main, comparison=comparison)
    display.summary(narrator.console, figures)
    return figures
