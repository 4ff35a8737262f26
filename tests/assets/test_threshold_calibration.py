"""Friction score and adaptive threshold calibration (SPEC §7.3, §10), on hand-built
histories whose scores, labels and F1-optimal thresholds are computed by hand below."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import psycopg
import pytest
from dagster import DagsterInstance, materialize

from orchestration.assets.threshold_calibration.assets import adaptive_threshold_configs
from orchestration.assets.threshold_calibration.checks import (
    adaptive_threshold_configs_active_row_is_latest,
    adaptive_threshold_configs_every_scope_calibrated,
)
from orchestration.assets.threshold_calibration.friction import create_friction_snapshots
from orchestration.lib.as_of import iso
from orchestration.resources import LearningSettings, PostgresResource
from tests.assets.ihf_history import AS_OF, DAY, History, threshold_config as config

W = timedelta(days=30)
CONFIG_COLUMNS = (
    "id, scope_hub_id, threshold, weights, precision, recall, f1, sample_size, positives,"
    " status, previous_threshold, as_of, calibrated_at"
)


def snapshot_at(k: int, as_of=AS_OF):
    return as_of - W - timedelta(days=7 * k)


def friction_scores(db_url: str, learning: LearningSettings, instant, count: int = 1) -> dict:
    with psycopg.connect(db_url) as conn:
        create_friction_snapshots(conn, learning, instant, count)
        rows = conn.execute("select snapshot_at, widget_id, friction_score from friction_snapshots").fetchall()
    return {(at, widget): score for at, widget, score in rows}


def calibrate(db_url: str, as_of=AS_OF, **settings) -> None:
    result = materialize(
        [adaptive_threshold_configs, adaptive_threshold_configs_every_scope_calibrated,
         adaptive_threshold_configs_active_row_is_latest],
        resources={
            "postgres": PostgresResource(url=db_url),
            "learning": LearningSettings(as_of=iso(as_of), **settings),
        },
        instance=DagsterInstance.ephemeral(),
    )
    assert result.success
    assert len(result.get_asset_check_evaluations()) == 2
    assert all(check.passed for check in result.get_asset_check_evaluations())


def configs(conn, where: str = "true", params: tuple = ()) -> list[tuple]:
    return conn.execute(
        f"select {CONFIG_COLUMNS} from adaptive_threshold_configs where {where}"
        " order by as_of, scope_hub_id nulls first", params
    ).fetchall()


def test_friction_score_counts_the_window_weights_and_retractions(db_url, conn):
    h = History(conn)
    hub = h.hub()
    widget, quiet = h.widget(hub), h.widget(hub)
    h.widget(hub, created_at=AS_OF + DAY)  # created after t: not scored at all
    t = AS_OF
    h.annotation(widget, t - timedelta(hours=1), "low")  # 1
    h.annotation(widget, t, "critical")  # 8: t itself is in (t − W, t]
    h.annotation(widget, t - W, "critical")  # excluded: t − W is not
    h.annotation(widget, t - W + timedelta(seconds=1), "medium")  # 2
    h.annotation(widget, t - DAY, "urgent")  # unknown severity weighs as medium: 2
    h.annotation(widget, t - DAY, "high", retracted_at=t - timedelta(hours=1))  # retracted before t: excluded
    h.annotation(widget, t - DAY, "high", retracted_at=t)  # retracted_at ≤ t: excluded
    h.annotation(widget, t - DAY, "high", retracted_at=t + timedelta(hours=1))  # retracted later: 4
    h.annotation(widget, t + timedelta(seconds=1), "critical")  # after t: excluded
    h.annotation(widget, t - DAY, "low", category="bug")  # 1 × category weight 1.5 = 1.5
    learning = LearningSettings(category_weights={"bug": 1.5})

    scores = friction_scores(db_url, learning, t)

    # 1 + 8 + 2 + 2 + 4 + 1.5 = 18.5; the quiet widget scores 0; the future widget has no row
    assert scores == {(t, widget): pytest.approx(18.5), (t, quiet): 0}
    assert scores[(t, widget)] == Decimal("18.5")  # numeric: exact, so equal scores tie
    # A week earlier only the 'critical' at t − W (now inside (t − 37d, t − 7d]) and the
    # 'medium' at t − W + 1s count: 8 + 2 = 10.
    earlier = friction_scores(db_url, learning, t, count=2)
    assert earlier[(t - timedelta(days=7), widget)] == 10


def score_every_snapshot(h: History, widget, severities: tuple[str, ...], snapshots=range(26)) -> None:
    """Annotations that count at snapshot t_k only: created at t_k, retracted a day later."""
    for k in snapshots:
        for severity in severities:
            h.annotation(widget, snapshot_at(k), severity, retracted_at=snapshot_at(k) + DAY)


def label_every_snapshot(h: History, widget, via: str = "candidate") -> None:
    """A label event a day after every t_k, i.e. inside every (t_k, t_k + W]."""
    if via == "regressed":
        deployment = h.deployment(h.candidate(widget, snapshot_at(30)), snapshot_at(29))
    for k in range(26):
        if via == "candidate":
            h.candidate(widget, snapshot_at(k) + DAY, status="closed")
        else:
            h.signal(deployment, widget, "regressed", snapshot_at(k) + DAY)


@pytest.fixture
def planted_history(conn):
    """Hubs whose widgets keep one (score, label) at all 26 snapshots t_k = as_of − 30 − 7k days.

    hub_1 (6 widgets × 26 = 156 snapshots, 52 positives):
        widget  score  label        τ=8: TP 1·26, flagged 1·26 → F1 = 2·26/(26+52)  = 2/3
        A       8      1 (signal)   τ=4: TP 2·26, flagged 4·26 → F1 = 2·52/(104+52) = 2/3  (tie → 4)
        B       4      1            τ=1: TP 2·26, flagged 5·26 → F1 = 104/(130+52)  = 4/7
        C, D    4      0            ⇒ τ = 4, precision 52/104 = 0.5, recall 1, F1 2/3
        E       1      0
        F       0      0            (score 0 is no candidate τ)
    hub_2 (4 widgets, 104 snapshots, 52 positives):
        G 6/1, H 6/0, I 3/1, J 0/0  τ=6: F1 = 2·26/(52+52) = 1/2; τ=3: 2·52/(78+52) = 4/5
                                    ⇒ τ = 3, precision 2/3, recall 1
    hub_3: one widget K (5/1): 26 snapshots < 100 → insufficient_data
    hub_4: widgets L 0/1, M 0/0, N 0/0, O 0/0: 104 snapshots, 26 positives, no τ > 0 → insufficient_data
    global (all 15 widgets, 390 snapshots, 156 positives: A B G I K L, i.e. P = 6 widgets):
        τ=8: flagged A           TP 1 → 2/(1+6)   = 0.286
        τ=6: + G H               TP 2 → 4/(3+6)   = 0.444
        τ=5: + K                 TP 3 → 6/(4+6)   = 0.6
        τ=4: + B C D             TP 4 → 8/(7+6)   = 0.615
        τ=3: + I                 TP 5 → 10/(8+6)  = 0.714   ⇒ τ = 3, precision 5/8, recall 5/6, F1 5/7
        τ=1: + E                 TP 5 → 10/(9+6)  = 0.667
    """
    h = History(conn)
    hubs = {name: h.hub(name) for name in ("hub_1", "hub_2", "hub_3", "hub_4")}
    plan = {
        "hub_1": [("A", ("critical",), "regressed"), ("B", ("high",), "candidate"), ("C", ("high",), None),
                  ("D", ("high",), None), ("E", ("low",), None), ("F", (), None)],
        "hub_2": [("G", ("high", "medium"), "candidate"), ("H", ("high", "medium"), None),
                  ("I", ("medium", "low"), "candidate"), ("J", (), None)],
        "hub_3": [("K", ("high", "low"), "candidate")],
        "hub_4": [("L", (), "candidate"), ("M", (), None), ("N", (), None), ("O", (), None)],
    }
    widgets = {}
    for hub_name, rows in plan.items():
        for name, severities, label in rows:
            widgets[name] = widget = h.widget(hubs[hub_name], name)
            score_every_snapshot(h, widget, severities)
            if label:
                label_every_snapshot(h, widget, label)
    return h, hubs, widgets


def test_calibration_picks_the_f1_optimal_threshold_per_scope(db_url, conn, planted_history):
    _, hubs, _ = planted_history
    calibrate(db_url)

    assert config(conn, None) == {
        "threshold": 3, "precision": 5 / 8, "recall": pytest.approx(5 / 6), "f1": pytest.approx(5 / 7),
        "sample_size": 390, "positives": 156, "status": "active", "previous_threshold": 10,
    }
    assert config(conn, hubs["hub_1"]) == {
        "threshold": 4, "precision": 0.5, "recall": 1, "f1": pytest.approx(2 / 3),
        "sample_size": 156, "positives": 52, "status": "active", "previous_threshold": 10,
    }
    assert config(conn, hubs["hub_2"]) | {"precision": 0} == {
        "threshold": 3, "precision": 0, "recall": 1, "f1": pytest.approx(0.8),
        "sample_size": 104, "positives": 52, "status": "active", "previous_threshold": 10,
    }
    assert config(conn, hubs["hub_2"])["precision"] == pytest.approx(2 / 3)
    for hub, sample, positives in ((hubs["hub_3"], 26, 26), (hubs["hub_4"], 104, 26)):
        assert config(conn, hub) == {
            "threshold": 10, "precision": None, "recall": None, "f1": None,
            "sample_size": sample, "positives": positives, "status": "insufficient_data", "previous_threshold": 10,
        }


def test_insufficient_scope_keeps_its_previous_threshold_and_supersedes_nothing(db_url, conn, planted_history):
    h, hubs, _ = planted_history
    earlier = AS_OF - W
    old_global = h.threshold(None, 7.0, earlier)
    old_hub_3 = h.threshold(hubs["hub_3"], 5.0, earlier)

    calibrate(db_url)

    # global: newly calibrated, previous = the global row in force before the run
    assert config(conn, None) | {"precision": 0, "recall": 0, "f1": 0} == {
        "threshold": 3, "precision": 0, "recall": 0, "f1": 0, "sample_size": 390, "positives": 156,
        "status": "active", "previous_threshold": 7,
    }
    # hub_1 has no row of its own before: previous = the global row before this run (7), not the new 3
    assert config(conn, hubs["hub_1"])["previous_threshold"] == 7
    # insufficient scopes keep their effective threshold: hub_3 its own 5, hub_4 the global 7
    assert {k: config(conn, hubs["hub_3"])[k] for k in ("threshold", "status", "previous_threshold")} == {
        "threshold": 5, "status": "insufficient_data", "previous_threshold": 5,
    }
    assert {k: config(conn, hubs["hub_4"])[k] for k in ("threshold", "status", "previous_threshold")} == {
        "threshold": 7, "status": "insufficient_data", "previous_threshold": 7,
    }
    statuses = dict(
        conn.execute("select id, status from adaptive_threshold_configs where as_of = %s", (earlier,)).fetchall()
    )
    assert statuses == {old_global: "superseded", old_hub_3: "active"}


def test_a_new_as_of_supersedes_the_previous_calibration_and_keeps_it(db_url, conn, planted_history):
    _, hubs, _ = planted_history
    later = AS_OF + timedelta(days=7)
    calibrate(db_url)
    first = configs(conn)
    calibrate(db_url, as_of=later)

    rows = configs(conn)
    assert len(rows) == 10  # 5 scopes × 2 calibrations, nothing deleted
    # the first calibration's rows are unchanged but for active → superseded
    assert [r[:9] + r[10:] for r in rows[:5]] == [r[:9] + r[10:] for r in first]
    assert sorted(r[9] for r in rows[:5]) == ["insufficient_data"] * 2 + ["superseded"] * 3
    # At as_of + 7 d the snapshots are t_0..t_24 of the first run plus an empty one: hub_1 still
    # ties τ=8 (2·25/(25+50)) with τ=4 (2·50/(100+50)) → 4, previous = the first run's 4.
    assert config(conn, hubs["hub_1"], later) | {"f1": 0} == {
        "threshold": 4, "precision": 0.5, "recall": 1, "f1": 0, "sample_size": 156, "positives": 50,
        "status": "active", "previous_threshold": 4,
    }
    assert config(conn, None, later)["status"] == "active"
    assert config(conn, None, later)["previous_threshold"] == 3


def test_rerunning_an_as_of_leaves_exactly_the_same_rows(db_url, conn, planted_history):
    h, _, _ = planted_history
    h.threshold(None, 7.0, AS_OF - W)
    calibrate(db_url)
    once = configs(conn)
    calibrate(db_url)
    assert configs(conn) == once  # same ids, values, statuses and calibrated_at

    calibrate(db_url, as_of=AS_OF + timedelta(days=7))
    both = configs(conn)
    calibrate(db_url)  # rerun the older day: the newer calibration stays in force
    assert configs(conn) == both


def status_of(conn, config_id) -> str:
    return conn.execute("select status from adaptive_threshold_configs where id = %s", (config_id,)).fetchone()[0]


def test_rerun_that_no_longer_calibrates_restores_the_superseded_row(db_url, conn, planted_history):
    h, _, _ = planted_history
    old_global = h.threshold(None, 7.0, AS_OF - W)
    calibrate(db_url)
    assert status_of(conn, old_global) == "superseded"

    conn.execute("delete from annotations")  # every score is now 0: no candidate τ anywhere
    calibrate(db_url)

    assert status_of(conn, old_global) == "active"
    assert {k: config(conn, None)[k] for k in ("threshold", "status", "previous_threshold")} == {
        "threshold": 7, "status": "insufficient_data", "previous_threshold": 7,
    }
