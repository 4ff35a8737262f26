"""`ihf bench`: the benchmark of SPEC §11 (never part of the test run)."""

from __future__ import annotations

import click

from orchestration.cli.options import out

LARGE = "large"
SKIPPED_LARGE_SCALE = "medium"


@click.command()
@click.option("--scale", default=LARGE, show_default=True, help="Main scale: tiny, small, medium or large.")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the synthetic history.")
@click.option("--skip-large", is_flag=True, help="Never load large: a large main scale becomes medium.")
@click.option("--comparison-scale", default=None, hidden=True, help="Override the comparison scale (tests).")
def bench(scale: str, seed: int, skip_large: bool, comparison_scale: str | None) -> None:
    """Seed, floor, full and incremental nightly runs on fresh ihf_bench_* databases; ratios at the end.

    The comparison scale is the next smaller one (large → medium, medium → small),
    so with --scale medium the "incremental_large/incremental_medium" ratio
    compares medium with small.
    """
    from orchestration.bench import run_benchmark

    if skip_large and scale == LARGE:
        scale = SKIPPED_LARGE_SCALE
    figures = run_benchmark(scale, seed, comparison_scale=comparison_scale, console=out)
    for line in figures.final_lines():
        click.echo(line)


COMMANDS = [bench]
