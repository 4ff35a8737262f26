"""What one benchmark run measured, and the ratios SPEC §11 asks for.

Every nightly time is counted net of the fixed overhead: the same job on an
empty migrated database (Dagster run start, dbt start-up and parsing, one
query per model and test on empty tables, every asset's round trips). What
is left is the work that grows with the data. The empty run is made before
and after the others and the overhead is their mean; their difference shows
how much of a net time is noise on a shared machine.

Each ratio uses the measure issue #11 states its target in: full/floor
compares wall time net of the overhead ("excluding fixed start-up overhead")
with the floor's wall time; incremental/full compares database time
(database_time.py) net of the empty runs' database time ("the full run's
database time"); incremental large/medium, about whether the cost grows with
history, compares database time too, since the wall-time noise of Dagster's
and dbt's Python work swamps a whole incremental night at `medium`. Both
measures are printed for every run.
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.bench.floor import Floor
from orchestration.bench.measure import NightlyRun, SeedLoad

# A net time at or below zero means "lost in the noise of the overhead";
# a millisecond keeps the ratios finite and says so.
NOISE_FLOOR_SECONDS = 0.001


@dataclass
class ScaleRun:
    """One scale on its own database: seed, full nightly, one more day, incremental nightly."""

    database: str
    seed: SeedLoad
    full: NightlyRun
    appended_rows: dict[str, int]
    incremental: NightlyRun
    floor: Floor | None = None

    @property
    def scale(self) -> str:
        return self.seed.scale

    @property
    def recomputed_deployments(self) -> int:
        """The deployments the incremental run recomputed (sql/0014's rules)."""
        return self.incremental.deployments_recomputed

    @property
    def deployments(self) -> int:
        """Every deployment: the full run recomputes them all (no deployment is appended)."""
        return self.full.deployments_recomputed


@dataclass
class Figures:
    overheads: tuple[NightlyRun, NightlyRun]  # the nightly job on an empty database, first and last
    main: ScaleRun  # the `--scale` run, with the floor
    comparison: ScaleRun  # the next smaller scale: does the incremental cost grow with history?

    @property
    def overhead_seconds(self) -> float:
        return sum(run.run_seconds for run in self.overheads) / len(self.overheads)

    @property
    def overhead_spread(self) -> float:
        return max(run.run_seconds for run in self.overheads) - min(run.run_seconds for run in self.overheads)

    def net(self, run: NightlyRun) -> float:
        return max(run.run_seconds - self.overhead_seconds, NOISE_FLOOR_SECONDS)

    @property
    def overhead_database_seconds(self) -> float:
        return sum(run.database_seconds for run in self.overheads) / len(self.overheads)

    def net_database(self, run: NightlyRun) -> float:
        return max(run.database_seconds - self.overhead_database_seconds, NOISE_FLOOR_SECONDS)

    @property
    def floor(self) -> Floor:
        assert self.main.floor is not None
        return self.main.floor

    @property
    def full_over_floor(self) -> float:
        return self.net(self.main.full) / max(self.floor.seconds, NOISE_FLOOR_SECONDS)

    @property
    def incremental_over_full(self) -> float:
        return self.net_database(self.main.incremental) / self.net_database(self.main.full)

    @property
    def incremental_main_over_comparison(self) -> float:
        return self.net_database(self.main.incremental) / self.net_database(self.comparison.incremental)

    def incremental_ms_per_recomputed_deployment(self, run: ScaleRun) -> float | None:
        """Net database time of the incremental night per deployment it recomputed: the new day's work
        comes in deployments whose windows or inputs it reaches, however long the history behind them."""
        if not run.recomputed_deployments:
            return None
        return 1000 * self.net_database(run.incremental) / run.recomputed_deployments

    @property
    def nightly_runs(self) -> list[NightlyRun]:
        scale_runs = [self.main.full, self.main.incremental, self.comparison.full, self.comparison.incremental]
        return [*self.overheads, *scale_runs]

    @property
    def peak_rss_mib(self) -> int:
        """The pipeline's peak: the largest nightly process or dbt child, in MiB (measured in KiB)."""
        return round(max(run.peak_rss_kib for run in self.nightly_runs) / 1024)

    @property
    def seed_rows_per_s(self) -> int:
        return int(self.main.seed.rows_per_second)

    def final_lines(self) -> list[str]:
        """The machine-read ending of `ihf bench` (SPEC §11), exactly."""
        return [
            f"ratio full/floor = {self.full_over_floor:.2f}",
            f"ratio incremental/full = {self.incremental_over_full:.3f}",
            f"ratio incremental_large/incremental_medium = {self.incremental_main_over_comparison:.2f}",
            f"peak_rss_mib = {self.peak_rss_mib}",
            f"seed_rows_per_s = {self.seed_rows_per_s}",
        ]
