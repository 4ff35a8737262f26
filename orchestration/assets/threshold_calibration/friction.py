"""The friction score of SPEC §7.3, shared by the calibration and the learning insights.

The default weights are defined once per language: Python in
`orchestration.resources.DEFAULT_SEVERITY_WEIGHTS` (LearningSettings), dbt in the
`severity_weights` / `category_weights` vars read by the `widget_friction` mart.
"""

from __future__ import annotations

from datetime import datetime

import psycopg
from psycopg.types.json import Jsonb

from orchestration.lib import db
from orchestration.lib.sql_files import read_sql
from orchestration.resources import LearningSettings

SEVERITIES = ("low", "medium", "high", "critical")


def weight_parameters(learning: LearningSettings) -> dict[str, object]:
    """The weights and window as SQL parameters; unusable weights are refused before any write."""
    missing = [severity for severity in SEVERITIES if severity not in learning.severity_weights]
    if missing:
        raise ValueError(
            f"severity_weights lacks {', '.join(missing)}: give a weight for each of {', '.join(SEVERITIES)}"
        )
    weights = {**learning.severity_weights, **learning.category_weights}
    negative = sorted(name for name, weight in weights.items() if weight < 0)
    if negative:
        raise ValueError(f"negative friction weights for {', '.join(negative)}: weights must be >= 0")
    return {
        "severity_weights": Jsonb(dict(learning.severity_weights)),
        "category_weights": Jsonb(dict(learning.category_weights)),
        "window_days": learning.window_days,
    }


def recorded_weights(learning: LearningSettings) -> Jsonb:
    """What a calibration row stores in `weights`: everything its scores depended on."""
    return Jsonb(
        {
            "severity": dict(learning.severity_weights),
            "category": dict(learning.category_weights),
            "unknown_severity_as": "medium",
            "window_days": learning.window_days,
        }
    )


def create_friction_snapshots(
    conn: psycopg.Connection, learning: LearningSettings, latest_instant: datetime, snapshot_count: int
) -> None:
    """Temp table `friction_snapshots (snapshot_at, widget_id, hub_id, friction_score)`, dropped at commit.

    One row per widget existing at each instant latest_instant − 7k days, k < snapshot_count.
    """
    params = {**weight_parameters(learning), "latest_instant": latest_instant, "snapshot_count": snapshot_count}
    # The (snapshot, widget) sums are one hash aggregate in memory instead of a sort of the
    # annotations by widget (measured at `large`: 7.4 s -> 4.7 s); for this transaction only.
    conn.execute(f"SET LOCAL work_mem = '{db.ANALYTIC_WORK_MEM}'")
    conn.execute(read_sql(__file__, "create_friction_snapshots.sql"), params)
    conn.execute(read_sql(__file__, "analyze_friction_snapshots.sql"))
