"""Detect every insight of SPEC §7.5 at as_of and reconcile `learning_insights` with it.

Regressions are computed from the lineage here (SPEC §10), not read from
outcome_correlations, which has no rows for a deployment without source annotations.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import psycopg

from orchestration.assets.threshold_calibration.calibration import DEFAULT_THRESHOLD
from orchestration.assets.threshold_calibration.friction import create_friction_snapshots
from orchestration.lib.learning_runs import incremental_since
from orchestration.lib.sql_files import read_sql
from orchestration.resources import LearningSettings

REGRESSIONS_RUN = "learning_insights:regression"  # learning_runs row of the regression detection
MIN_PATTERN_SAMPLE = 10
MIN_THRESHOLD_SHIFT = Decimal("0.2")
DETECTORS = (
    "detect_regressions.sql",
    "detect_friction_insights.sql",
    "detect_pattern_insights.sql",
    "detect_threshold_shifts.sql",
)


def regressions_since(conn: psycopg.Connection, learning: LearningSettings, as_of: datetime) -> datetime | None:
    """The as_of of the previous run whose regression rows this run may start from (None: detect
    every deployment's). Locks the run's learning_runs row until the transaction ends."""
    since = incremental_since(conn, REGRESSIONS_RUN, as_of, learning.window_days, learning.full_refresh)
    if since is not None and conn.execute(read_sql(__file__, "find_later_insight_runs.sql"), {"since": since}).fetchone()[0]:
        return None
    return since


def reconcile_insights(
    conn: psycopg.Connection, learning: LearningSettings, as_of: datetime, since: datetime | None
) -> dict[str, int]:
    """Upsert what is detected at as_of, resolve what no longer is; returns detections per type.

    Regressions are detected only on the deployments the days after `since` can change; the
    previous run's other regressions carry over (since None: every deployment is examined)."""
    params = {
        "as_of": as_of,
        "since": since,
        "window_days": learning.window_days,
        "default_threshold": DEFAULT_THRESHOLD,
        "min_pattern_sample": MIN_PATTERN_SAMPLE,
        "min_threshold_shift": MIN_THRESHOLD_SHIFT,
    }
    create_friction_snapshots(conn, learning, as_of, snapshot_count=1)
    conn.execute(read_sql(__file__, "create_thresholds_in_force.sql"), params)
    conn.execute(read_sql(__file__, "create_detected_insights.sql"))
    conn.execute(read_sql(__file__, "create_changed_deployments.sql"), params)
    for detector in DETECTORS:
        conn.execute(read_sql(__file__, detector), params)
    if since is not None:
        conn.execute(read_sql(__file__, "carry_forward_regressions.sql"), params)
    detected = dict(conn.execute(read_sql(__file__, "count_detected_insights.sql")).fetchall())
    conn.execute(read_sql(__file__, "upsert_learning_insights.sql"), params)
    resolved = conn.execute(read_sql(__file__, "resolve_learning_insights.sql"), params).rowcount
    return {**detected, "resolved": resolved}
