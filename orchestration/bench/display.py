"""Tables the benchmark prints as it goes: seed rates, the floor, and each
nightly run's steps beside the empty-database run, so one can see what
dominates and what is fixed cost."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from orchestration.bench.figures import Figures, ScaleRun
from orchestration.bench.floor import Floor
from orchestration.bench.measure import NightlyRun, SeedLoad


def seed_table(load: SeedLoad) -> Table:
    table = Table(
        title=f"seed {load.scale}: {load.rows:,} rows in {load.seconds:.1f} s = {load.rows_per_second:,.0f} rows/s"
    )
    for column in ("table", "rows", "seconds", "rows/s"):
        table.add_column(column, justify="left" if column == "table" else "right")
    loaded = sorted(load.tables.items(), key=lambda item: -item[1]["rows"])
    for name, stats in loaded:
        if stats["rows"]:
            rate = stats["rows"] / stats["seconds"] if stats["seconds"] else 0.0
            table.add_row(name, f"{int(stats['rows']):,}", f"{stats['seconds']:.2f}", f"{rate:,.0f}")
    table.add_row("foreign keys (validated)", "", f"{load.foreign_key_seconds:.2f}", "")
    return table


def floor_table(floor: Floor) -> Table:
    mib = floor.bytes / 2**20
    table = Table(title=f"floor: read {floor.rows:,} rows ({mib:,.0f} MiB) in {floor.seconds:.2f} s")
    for column in ("table", "rows", "MiB", "seconds"):
        table.add_column(column, justify="left" if column == "table" else "right")
    for name, read in sorted(floor.tables.items(), key=lambda item: -item[1].bytes):
        if read.rows:
            table.add_row(name, f"{read.rows:,}", f"{read.bytes / 2**20:,.1f}", f"{read.seconds:.2f}")
    return table


def steps_table(run: ScaleRun, overhead: NightlyRun) -> Table:
    """Seconds per step: empty database, full run, incremental run."""
    table = Table(title=f"nightly steps at {run.scale} (seconds)")
    table.add_column("step", overflow="fold")
    for column in ("empty DB", "full", "incremental"):
        table.add_column(column, justify="right")
    runs = (overhead, run.full, run.incremental)
    keys = sorted({key for r in runs for key in r.steps}, key=lambda key: -run.full.steps.get(key, 0.0))
    for key in keys:
        table.add_row(key, *(f"{r.steps[key]:.2f}" if key in r.steps else "-" for r in runs))
    table.add_row("[b]sum of steps[/b]", *(f"{r.step_seconds:.2f}" for r in runs))
    table.add_row("[b]run wall[/b]", *(f"{r.run_seconds:.2f}" for r in runs))
    return table


def dbt_models_table(run: ScaleRun, overhead: NightlyRun, top: int = 12) -> Table:
    """The slowest dbt models of the full run; dbt runs several at once, so they overlap."""
    table = Table(title=f"slowest dbt models at {run.scale} (seconds of dbt execution)")
    table.add_column("model", overflow="fold")
    for column in ("empty DB", "full", "incremental"):
        table.add_column(column, justify="right")
    runs = (overhead, run.full, run.incremental)
    slowest = sorted(run.full.dbt_models, key=lambda key: -run.full.dbt_models[key])[:top]
    for key in slowest:
        table.add_row(key, *(f"{r.dbt_models[key]:.2f}" if key in r.dbt_models else "-" for r in runs))
    table.add_row(f"[b]all {len(run.full.dbt_models)} models[/b]", *(f"{r.dbt_model_seconds:.2f}" for r in runs))
    table.add_row("[b]all dbt tests[/b]", *(f"{r.dbt_test_seconds:.2f}" for r in runs))
    return table


def nightly_line(run: NightlyRun, net_seconds: float | None) -> str:
    net = "" if net_seconds is None else f", {net_seconds:.2f} s beyond the first empty run"
    return (
        f"nightly {run.label} (as_of {run.as_of:%Y-%m-%d}): {run.run_seconds:.2f} s wall{net}, "
        f"database time {run.database_seconds:.2f} s, "
        f"steps {run.step_seconds:.2f} s (dbt models {run.dbt_model_seconds:.1f} s, "
        f"dbt tests {run.dbt_test_seconds:.1f} s summed over dbt threads), code location load {run.load_seconds:.1f} s (not counted), "
        f"peak RSS {run.peak_rss_kib / 1024:.0f} MiB; log {run.log_path}"
    )


def _net(figures: Figures, run: NightlyRun) -> str:
    if run.run_seconds <= figures.overhead_seconds:
        return "≤ 0 s net (within the noise of the overhead)"
    return f"{figures.net(run):.2f} s net"


def summary(console: Console, figures: Figures) -> None:
    first, last = (run.run_seconds for run in figures.overheads)
    console.print(
        f"fixed overhead (nightly on an empty migrated database) = {figures.overhead_seconds:.2f} s "
        f"(mean of {first:.2f} s before and {last:.2f} s after; spread {figures.overhead_spread:.2f} s)"
    )
    first_db, last_db = (run.database_seconds for run in figures.overheads)
    console.print(
        f"fixed overhead in database time = {figures.overhead_database_seconds:.2f} s "
        f"(mean of {first_db:.2f} s and {last_db:.2f} s)"
    )
    console.print(
        f"floor ({figures.main.scale}) = {figures.floor.seconds:.2f} s wall, "
        f"{figures.floor.database_seconds:.2f} s database time"
    )
    for run in (figures.main, figures.comparison):
        console.print(
            f"{run.scale}: full {run.full.run_seconds:.2f} s raw, {_net(figures, run.full)} "
            f"(steps {run.full.step_seconds:.2f} s, dbt models {run.full.dbt_model_seconds:.1f} s); "
            f"incremental {run.incremental.run_seconds:.2f} s raw, {_net(figures, run.incremental)} "
            f"(steps {run.incremental.step_seconds:.2f} s, dbt models {run.incremental.dbt_model_seconds:.1f} s)"
        )
        console.print(
            f"{run.scale} database time: full {run.full.database_seconds:.2f} s, "
            f"{figures.net_database(run.full):.2f} s net; incremental {run.incremental.database_seconds:.2f} s, "
            f"{figures.net_database(run.incremental):.2f} s net"
        )
    per_deployment = [figures.incremental_ms_per_recomputed_deployment(run) for run in (figures.main, figures.comparison)]
    if None not in per_deployment:
        console.print(
            "incremental work: " + "; ".join(
                f"{run.scale} recomputed {run.recomputed_deployments:,} of {run.deployments:,} deployments "
                f"({run.recomputed_deployments / max(run.deployments, 1):.1%}), {ms:.2f} ms of net database time each"
                for run, ms in zip((figures.main, figures.comparison), per_deployment)
            )
            + f"; per deployment {figures.main.scale}/{figures.comparison.scale} = {per_deployment[0] / per_deployment[1]:.2f}"
        )
    console.print(
        f"peak RSS: pipeline {figures.peak_rss_mib} MiB (nightly process or its dbt child), "
        f"seed loader {figures.main.seed.peak_rss_kib / 1024:.0f} MiB (the generator, not counted)"
    )
    if figures.comparison.scale != "medium" or figures.main.scale != "large":
        console.print(
            f"note: 'incremental_large/incremental_medium' compares {figures.main.scale} "
            f"with {figures.comparison.scale} in this run"
        )
