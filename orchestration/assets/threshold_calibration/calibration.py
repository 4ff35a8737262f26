"""Adaptive friction-threshold calibration (SPEC §7.3, §10), one transaction per as_of.

Snapshots t_k = as_of − W − 7k days (k = 0..25) are scored in one SQL pass;
the F1-optimal threshold is searched in SQL with running sums over sorted scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import psycopg

from orchestration.assets.threshold_calibration.friction import (
    create_friction_snapshots,
    recorded_weights,
    weight_parameters,
)
from orchestration.lib.sql_files import read_sql
from orchestration.resources import LearningSettings

SNAPSHOT_COUNT = 26
MIN_SNAPSHOTS = 100
MIN_POSITIVES = 10
DEFAULT_THRESHOLD = 10.0


@dataclass(frozen=True)
class ScopeCalibration:
    scope_hub_id: str | None
    threshold: float
    status: str
    sample_size: int
    positives: int
    previous_threshold: float


def calibrate_thresholds(
    conn: psycopg.Connection, learning: LearningSettings, as_of: datetime
) -> list[ScopeCalibration]:
    """Write this as_of's rows (global first, then per hub) and re-derive the active row of every scope."""
    params = {
        **weight_parameters(learning),
        "as_of": as_of,
        "weights": recorded_weights(learning),
        "min_snapshots": MIN_SNAPSHOTS,
        "min_positives": MIN_POSITIVES,
        "default_threshold": DEFAULT_THRESHOLD,
    }
    conn.execute(read_sql(__file__, "lock_threshold_configs.sql"))
    create_friction_snapshots(conn, learning, as_of - timedelta(days=learning.window_days), SNAPSHOT_COUNT)
    conn.execute(read_sql(__file__, "create_calibration_results.sql"), params)
    conn.execute(read_sql(__file__, "upsert_threshold_configs.sql"), params)
    conn.execute(read_sql(__file__, "demote_superseded_thresholds.sql"))
    conn.execute(read_sql(__file__, "promote_latest_thresholds.sql"))
    rows = conn.execute(read_sql(__file__, "select_calibration_results.sql")).fetchall()
    return [ScopeCalibration(*row) for row in rows]
