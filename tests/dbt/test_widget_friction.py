"""widget_friction and the learning / antifragility dashboard marts (SPEC §7.3, §8) on a
hand-built history, after the learning_insights asset: values computed by hand below,
and the mart's friction scores equal the Python friction score. dbt runs once for the module."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from dagster import DagsterInstance, materialize

from orchestration.assets.learning_insights.assets import learning_insights
from orchestration.assets.threshold_calibration.friction import (
    create_friction_snapshots,
)
from orchestration.lib.as_of import iso
from orchestration.resources import LearningSettings, PostgresResource
from tests.assets.ihf_history import AS_OF, DAY, History
from tests.conftest import create_database, drop_database
from tests.dbt_runner import run_dbt

REPO_ROOT = Path(__file__).resolve().parents[2]
MARTS = (
    "widget_friction", "learning_dashboard_open_insights", "learning_dashboard_threshold_history",
    "learning_dashboard_correlations_by_category", "learning_dashboard_pattern_tiers", "antifragility_by_hub",
)


def build_history(conn) -> dict:
    """north (own threshold 6, was 5: +20 % → shift) and south (global 5, was 10 → shift).

    widget  annotations in (as_of − 30 d, as_of]            score  threshold  flagged  open cand.  action
    n1      critical + low                                   8+1=9  6 (hub)    yes      no          open_candidate
    n2      high + 'urgent' (unknown → medium)               4+2=6  6 (hub)    yes      accepted    expedite_open_cand.
    s1      high (after d's improved signal: a regression)   4      5 (global) no       no          watch (4 ≥ 0.8·5)
    s2      critical retracted before as_of; low at −30 d    0      5 (global) no       no          none
    """
    h = History(conn)
    north, south = h.hub("north"), h.hub("south")
    h.threshold(None, 5.0, AS_OF - 30 * DAY, previous_threshold=10.0)
    h.threshold(north, 6.0, AS_OF - 30 * DAY, previous_threshold=5.0)
    ids = {"north": north, "south": south}
    ids["n1"], ids["n2"], ids["s1"], ids["s2"] = (h.widget(hub, name) for hub, name in (
        (north, "n1"), (north, "n2"), (south, "s1"), (south, "s2")))
    h.annotation(ids["n1"], AS_OF - DAY, "critical")
    h.annotation(ids["n1"], AS_OF - DAY, "low")
    h.annotation(ids["n2"], AS_OF - 2 * DAY, "high")
    h.annotation(ids["n2"], AS_OF - 2 * DAY, "urgent")
    h.candidate(ids["n2"], AS_OF - DAY, status="accepted")
    source = h.annotation(ids["s1"], AS_OF - 60 * DAY, "medium", category="bug")
    ids["d"] = d = h.deployment(h.candidate(ids["s1"], AS_OF - 50 * DAY, status="promoted", source_annotation=source),
                                AS_OF - 40 * DAY)
    h.signal(d, ids["s1"], "improved", AS_OF - 20 * DAY)
    h.annotation(ids["s1"], AS_OF - 10 * DAY, "high")
    h.annotation(ids["s2"], AS_OF - 5 * DAY, "critical", retracted_at=AS_OF - DAY)
    h.annotation(ids["s2"], AS_OF - 30 * DAY, "low")
    conn.execute(
        "insert into change_evaluations (deployment_id, score, rationale, evaluated_at) values (%s, 4, 'ok', %s)",
        (d, AS_OF - 15 * DAY),
    )
    # two correlation rows of one (deployment, category): counted twice, rate ratio once
    for _ in range(2):
        conn.execute(
            "insert into outcome_correlations (annotation_id, deployment_id, decision_id, candidate_id, widget_id,"
            " hub_id, annotation_category, annotation_severity, signal_outcome, window_days, pre_annotations,"
            " post_annotations,"
            " pre_events, post_events, friction_rate_ratio, rate_ratio_ci_low, rate_ratio_ci_high, measured_effect,"
            " regression_detected, correlation_type)"
            " select %s, l.deployment_id, l.decision_id, l.candidate_id, l.widget_id, l.hub_id, 'bug', 'medium',"
            " 'improved', 30, 4, 2, 100, 100, 0.5, 0.3, 0.9, 'reduced', true, 'negative'"
            " from deployment_lineage l where l.deployment_id = %s",
            (h.annotation(ids["s1"], AS_OF - 45 * DAY, "low", category="bug"), d),
        )
    conn.execute(
        "insert into learning_runs (asset_name, as_of, window_days) values ('outcome_correlations', %s, 30)", (AS_OF,)
    )
    for key, tier, successes in (("ihf:bug/button", "outperforming", 12), ("ihf:friction/button", "typical", 5)):
        conn.execute(
            "insert into pattern_performance_records (domain, pattern_key, window_start, window_end, sample_size,"
            " success_count, failure_count, neutral_count, inconclusive_count, success_rate, tier)"
            " values ('ihf', %s, %s, %s, %s, %s, 0, 0, 0, 1, %s)",
            (key, AS_OF - 365 * DAY, AS_OF, successes, successes, tier),
        )
    return ids


@pytest.fixture(scope="module")
def marts(pg_admin_url, template_database, tmp_path_factory):
    url = create_database(pg_admin_url, template=template_database)
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            ids = build_history(conn)
            result = materialize(
                [learning_insights],
                resources={"postgres": PostgresResource(url=url), "learning": LearningSettings(as_of=iso(AS_OF))},
                instance=DagsterInstance.ephemeral(),
            )
            assert result.success
            built = run_dbt(
                url, tmp_path_factory.mktemp("dbt"), "build", "--select", *(f"+{mart}" for mart in MARTS),
                "--indirect-selection", "cautious", as_of=AS_OF,
            )
            assert built.returncode == 0, built.stdout[-4000:]
            conn.row_factory = psycopg.rows.dict_row
            yield conn, ids
    finally:
        drop_database(pg_admin_url, url)


def by_key(rows: list[dict], key: str) -> dict:
    return {row[key]: row for row in rows}


def test_widget_friction_scores_thresholds_and_routes(marts):
    conn, ids = marts
    rows = by_key(conn.execute("select * from analytics.widget_friction").fetchall(), "widget_id")
    columns = ("friction_score", "threshold", "threshold_scope", "flagged", "has_open_candidate", "recommended_action")
    assert {name: tuple(rows[ids[name]][c] for c in columns) for name in ("n1", "n2", "s1", "s2")} == {
        "n1": (9, 6, "hub", True, False, "open_candidate"),
        "n2": (6, 6, "hub", True, True, "expedite_open_candidate"),
        "s1": (4, 5, "global", False, False, "watch"),
        "s2": (0, 5, "global", False, False, "none"),
    }


def test_widget_friction_scores_like_the_calibration(marts):
    conn, _ = marts
    with conn.transaction():
        create_friction_snapshots(conn, LearningSettings(), AS_OF, snapshot_count=1)
        python_scores = {r["widget_id"]: r["friction_score"] for r in conn.execute("select * from friction_snapshots")}
    mart_scores = {r["widget_id"]: r["friction_score"] for r in conn.execute("select * from analytics.widget_friction")}
    assert mart_scores == python_scores


def test_learning_dashboard_panels(marts):
    conn, ids = marts
    open_insights = {(r["insight_type"], r["subject_key"]): r for r in conn.execute(
        "select * from analytics.learning_dashboard_open_insights")}
    assert set(open_insights) == {
        ("regression", str(ids["d"])), ("friction_hotspot", str(ids["n1"])),
        ("threshold_shift", "global"), ("threshold_shift", str(ids["north"])),
        ("pattern_outperforming", "ihf:bug/button"),
    }
    assert open_insights[("regression", str(ids["d"]))]["severity_rank"] == 1
    history = conn.execute("select scope_label, is_in_force, is_threshold_shift, relative_change"
                           " from analytics.learning_dashboard_threshold_history order by scope_label").fetchall()
    assert [tuple(r.values()) for r in history] == [("global", True, True, -0.5), ("north", True, True, 0.2)]
    (category,) = conn.execute("select * from analytics.learning_dashboard_correlations_by_category").fetchall()
    assert (category["annotation_category"], category["correlation_count"], category["deployment_count"],
            category["reduced_deployments"], category["negative_share"]) == ("bug", 2, 1, 1, 1.0)
    assert category["geomean_rate_ratio"] == pytest.approx(0.5)
    tiers = {r["tier"]: r for r in conn.execute("select * from analytics.learning_dashboard_pattern_tiers")}
    assert {t: (r["pattern_count"], r["sample_size"]) for t, r in tiers.items()} == {
        "outperforming": (1, 12), "typical": (1, 5), "underperforming": (0, 0)}


def test_antifragility_by_hub(marts):
    conn, ids = marts
    hubs = by_key(conn.execute("select * from analytics.antifragility_by_hub").fetchall(), "hub_id")
    columns = ("widget_count", "flagged_widgets", "hotspot_widgets", "friction_threshold", "deployment_count",
               "improved_deployments", "regression_detected_deployments", "evaluated_deployments",
               "mean_evaluation_score", "max_cycle_count", "open_insights", "open_critical_insights")
    assert {hub: tuple(hubs[ids[hub]][c] for c in columns) for hub in ("north", "south")} == {
        # north: hotspot n1 + its threshold shift are open
        "north": (2, 2, 1, 6, 0, 0, 0, 0, None, 0, 2, 0),
        # south: d improved, then regressed (high annotation 10 days after the signal), evaluated 4
        "south": (2, 0, 0, 5, 1, 1, 1, 1, 4, 1, 1, 1),
    }
