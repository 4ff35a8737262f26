"""`ihf bench` (SPEC §11): the floor, full and incremental nightly runs, ratios.

    from orchestration.bench import run_benchmark
    figures = run_benchmark("medium")
    print("\n".join(figures.final_lines()))

`runner` orders the measurements, `measure` times the seed load and the
nightly runs (each in its own process), `floor` reads every source table
once, `databases` makes fresh databases and appends one more day of history,
`figures` turns the times into the ratios, `display` prints them.
"""

from orchestration.bench.runner import COMPARISON_SCALE, DEFAULT_SCALE, run_benchmark

__all__ = ["COMPARISON_SCALE", "DEFAULT_SCALE", "run_benchmark"]
