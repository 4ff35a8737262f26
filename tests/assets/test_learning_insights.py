"""Learning insights (SPEC §7.5, §10): every insight type from a purpose-built case,
absent when its condition fails, refreshed on re-detection, resolved when its cause
is gone and reopened when it returns. Thresholds are hand-inserted calibration rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from dagster import DagsterInstance, materialize

from orchestration.assets.learning_insights.assets import learning_insights
from orchestration.assets.learning_insights.checks import learning_insights_open_rows_detected_by_latest_run
from orchestration.lib.as_of import iso
from orchestration.resources import LearningSettings, PostgresResource
from tests.assets.ihf_history import AS_OF, DAY, History

NEXT_DAY = AS_OF + DAY


def detect(db_url: str, as_of=AS_OF) -> None:
    result = materialize(
        [learning_insights, learning_insights_open_rows_detected_by_latest_run],
        resources={"postgres": PostgresResource(url=db_url), "learning": LearningSettings(as_of=iso(as_of))},
        instance=DagsterInstance.ephemeral(),
    )
    assert result.success
    assert all(check.passed for check in result.get_asset_check_evaluations())


def insights(conn) -> dict[tuple[str, str], dict]:
    cur = conn.execute("select * from learning_insights")
    names = [column.name for column in cur.description]
    rows = [dict(zip(names, row)) for row in cur.fetchall()]
    return {(row["insight_type"], row["subject_key"]): row for row in rows}


def pattern_record(conn, pattern_key: str, window_end, tier: str, successes: int, failures: int) -> None:
    sample = successes + failures
    conn.execute(
        "insert into pattern_performance_records (domain, pattern_key, window_start, window_end, sample_size,"
        " success_count, failure_count, neutral_count, inconclusive_count, success_rate, failure_rate, tier)"
        " values (split_part(%s, ':', 1), %s, %s, %s, %s, %s, %s, 0, 0, %s, %s, %s)",
        (pattern_key, pattern_key, window_end - timedelta(days=365), window_end, sample, successes, failures,
         successes / sample, failures / sample, tier),
    )


@pytest.fixture
def world(conn):
    h = History(conn)
    hub_a, hub_b, hub_c, hub_d = (h.hub(name) for name in ("hub-a", "hub-b", "hub-c", "hub-d"))
    ids = {"hub_b": hub_b}
    # thresholds in force at as_of: global 5 (moved from 10: −50 % → shift), hub_b 3 (from 2.5:
    # exactly +20 % → shift, inclusive), hub_c 11.9 (from 10: +19 % → no shift)
    ids["global_row"] = h.threshold(None, 5.0, AS_OF - 30 * DAY, previous_threshold=10.0)
    h.threshold(hub_b, 3.0, AS_OF - 30 * DAY, previous_threshold=2.5)
    h.threshold(hub_c, 11.9, AS_OF - 30 * DAY, previous_threshold=10.0)

    # regression: d1 improved at −20 d, then a 'high' annotation at −10 d (within W); its
    # candidate has no source annotation, so no outcome_correlations row would exist.
    ids["w1"] = w1 = h.widget(hub_a, "Search box")
    ids["d1"] = d1 = h.deployment(h.candidate(w1, AS_OF - 50 * DAY, status="closed"), AS_OF - 40 * DAY)
    h.signal(d1, w1, "improved", AS_OF - 20 * DAY)
    ids["w1_high"] = h.annotation(w1, AS_OF - 10 * DAY, "high")  # friction 4 < 5: no friction insight
    # no regression: every annotation after d2's improved signal s (−60 d) misses a condition
    w2 = h.widget(hub_a, "Date picker")
    d2 = h.deployment(h.candidate(w2, AS_OF - 90 * DAY, status="closed"), AS_OF - 80 * DAY)
    s2 = AS_OF - 60 * DAY
    h.signal(d2, w2, "improved", s2)
    h.annotation(w2, s2, "critical")  # at s itself: the interval (s, s + W] is open on the left
    h.annotation(w2, s2 + 31 * DAY, "high")  # later than s + W
    h.annotation(w2, s2 + 5 * DAY, "medium")  # not high/critical
    h.annotation(w2, s2 + 6 * DAY, "urgent")  # unknown severity reads as medium
    h.annotation(w2, s2 + 10 * DAY, "critical", retracted_at=AS_OF - DAY)  # retracted at as_of
    h.signal(d2, w2, "improved", AS_OF + 3 * DAY)  # after as_of: invisible
    h.annotation(w2, AS_OF + 3 * DAY + timedelta(hours=1), "critical")

    # w3: friction 8 ≥ 5, deployments at −100 d and −10 d, no open candidate (an open one
    # created after as_of does not count) → recurring_friction and friction_hotspot
    ids["w3"] = w3 = h.widget(hub_a, "Checkout button")
    h.annotation(w3, AS_OF - DAY, "critical")
    c3 = h.candidate(w3, AS_OF - 120 * DAY, status="closed")
    h.deployment(c3, AS_OF - 100 * DAY)
    h.deployment(c3, AS_OF - 10 * DAY)
    h.candidate(w3, AS_OF + timedelta(hours=1), status="open")
    # w4: friction 8, but one of its two deployments is exactly 180 d old (excluded) and it has
    # a triaged (open) candidate → nothing
    w4 = h.widget(hub_a, "Export menu")
    h.annotation(w4, AS_OF - DAY, "critical")
    c4 = h.candidate(w4, AS_OF - 200 * DAY, status="triaged")
    h.deployment(c4, AS_OF - 180 * DAY)
    h.deployment(c4, AS_OF - 5 * DAY)
    # w5 (hub_b, threshold 3): friction 4 → hotspot, though under the global 5
    ids["w5"] = w5 = h.widget(hub_b, "Filter panel")
    h.annotation(w5, AS_OF - 2 * DAY, "high")
    # w6 (hub_c, threshold 11.9): friction 8 + 2 + 1 = 11 → nothing, though over the global 5
    w6 = h.widget(hub_c, "Sidebar")
    for severity in ("critical", "medium", "low"):
        h.annotation(w6, AS_OF - 3 * DAY, severity)
    # w7 (hub_d, no row of its own → global 5): friction 4 + 1 = 5, at the threshold → hotspot
    ids["w7"] = w7 = h.widget(hub_d, "Upload form")
    h.annotation(w7, AS_OF - 4 * DAY, "high")
    h.annotation(w7, AS_OF - 4 * DAY, "low")

    # patterns at window_end = as_of: outperforming (12 units) and underperforming (10) are
    # insights; an outperforming one with 9 units, a typical one and one of another day are not
    pattern_record(conn, "ihf:friction/button", AS_OF, "outperforming", 11, 1)
    pattern_record(conn, "foreman:ui-builder/local", AS_OF, "underperforming", 2, 8)
    pattern_record(conn, "scaffold:spa", AS_OF, "outperforming", 9, 0)
    pattern_record(conn, "ihf:bug/form", AS_OF, "typical", 30, 20)
    pattern_record(conn, "scaffold:cli-tool", AS_OF - DAY, "outperforming", 40, 0)
    return h, ids


def test_every_insight_type_is_detected_from_its_case(db_url, conn, world):
    _, ids = world
    detect(db_url)

    found = insights(conn)
    assert set(found) == {
        ("regression", str(ids["d1"])),
        ("recurring_friction", str(ids["w3"])),
        ("friction_hotspot", str(ids["w3"])),
        ("friction_hotspot", str(ids["w5"])),
        ("friction_hotspot", str(ids["w7"])),
        ("pattern_outperforming", "ihf:friction/button"),
        ("pattern_underperforming", "foreman:ui-builder/local"),
        ("threshold_shift", "global"),
        ("threshold_shift", str(ids["hub_b"])),
    }
    for row in found.values():
        assert (row["status"], row["first_detected_at"], row["last_detected_at"], row["resolved_at"]) == (
            "open", AS_OF, AS_OF, None)
    regression = found[("regression", str(ids["d1"]))]
    assert (regression["severity"], regression["subject_type"]) == ("critical", "deployment")
    assert regression["detail"]["regressing_annotations"] == 1
    recurring = found[("recurring_friction", str(ids["w3"]))]
    assert (recurring["severity"], recurring["detail"]["deployments_180d"]) == ("warning", 2)
    assert recurring["detail"]["friction_score"] == 8 and recurring["detail"]["threshold"] == 5
    assert found[("friction_hotspot", str(ids["w5"]))]["detail"]["threshold_scope"] == "hub"
    assert found[("friction_hotspot", str(ids["w7"]))]["detail"]["threshold_scope"] == "global"
    assert found[("pattern_outperforming", "ihf:friction/button")]["severity"] == "info"
    shift = found[("threshold_shift", str(ids["hub_b"]))]
    assert (shift["subject_type"], shift["hub_id"], shift["detail"]["relative_change"]) == ("hub", ids["hub_b"], 0.2)


def test_rerunning_the_same_as_of_leaves_the_same_rows(db_url, conn, world):
    detect(db_url)
    first = insights(conn)
    detect(db_url)
    assert insights(conn) == first


def test_insights_are_refreshed_resolved_and_reopened(db_url, conn, world):
    h, ids = world
    detect(db_url)
    # the day after: d1's regressing annotation is retracted, w3 gets an open candidate, the
    # global threshold is recalibrated 5 → 5.5 (+10 %: no shift; w7's 5 is now under it) and
    # the foreman pattern is typical
    retract = "update annotations set retracted_at = %s where id = %s"
    conn.execute(retract, (AS_OF + timedelta(hours=12), ids["w1_high"]))
    h.candidate(ids["w3"], AS_OF + timedelta(hours=12), status="open")
    conn.execute("update adaptive_threshold_configs set status = 'superseded' where id = %s", (ids["global_row"],))
    h.threshold(None, 5.5, AS_OF + timedelta(hours=12), previous_threshold=5.0)
    pattern_record(conn, "ihf:friction/button", NEXT_DAY, "outperforming", 11, 1)
    pattern_record(conn, "foreman:ui-builder/local", NEXT_DAY, "typical", 5, 5)
    detect(db_url, NEXT_DAY)

    found = insights(conn)
    state = {key: (row["status"], row["first_detected_at"], row["last_detected_at"], row["resolved_at"])
             for key, row in found.items()}
    refreshed = ("open", AS_OF, NEXT_DAY, None)
    resolved = ("resolved", AS_OF, AS_OF, NEXT_DAY)
    assert state == {
        ("regression", str(ids["d1"])): resolved,
        ("recurring_friction", str(ids["w3"])): refreshed,
        ("friction_hotspot", str(ids["w3"])): resolved,
        ("friction_hotspot", str(ids["w5"])): refreshed,
        ("friction_hotspot", str(ids["w7"])): resolved,
        ("pattern_outperforming", "ihf:friction/button"): refreshed,
        ("pattern_underperforming", "foreman:ui-builder/local"): resolved,
        ("threshold_shift", "global"): resolved,
        ("threshold_shift", str(ids["hub_b"])): refreshed,
    }
    assert found[("recurring_friction", str(ids["w3"]))]["detail"]["threshold"] == 5.5

    # two days after: the foreman pattern underperforms again → the same row reopens
    later = AS_OF + 2 * DAY
    pattern_record(conn, "foreman:ui-builder/local", later, "underperforming", 1, 9)
    detect(db_url, later)
    reopened = insights(conn)[("pattern_underperforming", "foreman:ui-builder/local")]
    lifecycle = ("status", "first_detected_at", "last_detected_at", "resolved_at")
    assert tuple(reopened[column] for column in lifecycle) == ("open", AS_OF, later, None)
    assert reopened["id"] == found[("pattern_underperforming", "foreman:ui-builder/local")]["id"]
