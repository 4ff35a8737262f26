"""Knowledge distillation (SPEC §7.4, §10): entry composition, point in time, and
rebuilding only what changed. Search ranking: test_knowledge_search_ranking.py."""

from datetime import timedelta

import pytest

from orchestration.assets.knowledge_distillation.checks import stale_fingerprints, verified_slice
from tests.knowledge_history import History, at, counts, distil


@pytest.fixture
def history(conn):
    """D1 on billing/Pay button via its candidate, D2 on support/Help panel via its
    requirement only, D3 created after as_of (2026-06-01; day 31 = June 1)."""
    h = History(conn)
    billing, support = h.hub("billing"), h.hub("support")
    pay, panel = h.widget(billing, "Pay button"), h.widget(support, "Help panel", "panel")
    d1 = h.decision_chain(pay, "Enlarge the pay button", annotation="button too small on mobile")
    h.annotation(pay, "the spinner flickers", d1["thread"], day=2)
    h.annotation(pay, "zanzibar complaint", d1["thread"], day=2, retracted_at=at(3))  # retracted before as_of
    h.annotation(pay, "quokka complaint", d1["thread"], day=40)  # created after as_of
    v1 = h.deployment(d1["decision"], "v1.0", day=10)
    h.signal(pay, v1, "improved", day=12)
    h.signal(pay, v1, "inconclusive", day=13)  # later, but inconclusive: outcome stays improved
    h.deployment(d1["decision"], "v2.0", day=35)  # deployed after as_of
    h.insert("change_evaluations", deployment_id=v1, score=4, rationale="clicks went up", evaluated_at=at(14))
    h.insert("policy_references", decision_id=d1["decision"], policy_scope="accessibility",
             constraint_note="WCAG target size", created_at=at(6))
    h.insert("implementation_change_references", decision_id=d1["decision"], work_item_ref="PR-42", linked_at=at(7))
    d2 = h.decision_chain(panel, "Simplify the help panel", annotation="wombat results are confusing",
                          category="Usability", outcome="Deferred", via_requirement=True)
    h.signal(panel, h.deployment(d2["decision"], "v3.1", day=8), "regressed", day=9)
    d3 = h.decision_chain(pay, "A decision made in June", day=40)
    return {"billing": billing, "support": support, "pay": pay, "panel": panel, "d1": d1, "d2": d2, "d3": d3}


def entries(conn) -> dict[str, dict]:
    rows = conn.execute(
        "select decision_id::text, hub_id::text, widget_id::text, title, summary, body, tags, "
        "xmin::text as xmin, distilled_at from institutional_knowledge_entries"
    ).fetchall()
    names = ("decision_id", "hub_id", "widget_id", "title", "summary", "body", "tags", "xmin", "distilled_at")
    return {row[0]: dict(zip(names, row)) for row in rows}


def test_entry_is_composed_from_the_lineage_as_of(db_url, conn, history):
    result = distil(db_url)
    assert counts(result) == {"entries_inserted": 2, "entries_updated": 0, "entries_unchanged": 0,
                              "entries_removed": 0, "entries_total": 2}
    assert all(check.passed for check in result.get_asset_check_evaluations())
    found = entries(conn)
    assert set(found) == {history["d1"]["decision"], history["d2"]["decision"]}  # D3 is after as_of

    d1 = found[history["d1"]["decision"]]
    assert (d1["hub_id"], d1["widget_id"]) == (history["billing"], history["pay"])
    assert d1["title"] == "Enlarge the pay button"
    assert d1["summary"] == "Outcome: approved. users asked for it. Deployment outcomes: improved."
    for text in ("Widget: Pay button (button) in hub billing", "requirement for Enlarge the pay button",
                 "- button too small on mobile\n- the spinner flickers",
                 "- v1.0 deployed 2026-05-11T00:00:00Z (improved)",
                 "2 signals over 1 deployments - 1 improved, 0 regressed, 0 neutral, 1 inconclusive",
                 "- v1.0 scored 4/5: clicks went up", "- accessibility: WCAG target size", "- github PR-42"):
        assert text in d1["body"]
    for absent in ("zanzibar", "quokka", "v2.0"):
        assert absent not in d1["body"]
    assert d1["tags"] == ["approved", "billing", "button", "friction", "improved"]

    d2 = found[history["d2"]["decision"]]  # candidate resolved through the requirement (§5)
    assert (d2["hub_id"], d2["widget_id"]) == (history["support"], history["panel"])
    assert "wombat results are confusing" in d2["body"]
    assert d2["tags"] == ["deferred", "panel", "regressed", "support", "usability"]


def test_second_run_without_change_rewrites_nothing(db_url, conn, history):
    distil(db_url)
    before = entries(conn)
    result = distil(db_url)
    assert counts(result)["entries_unchanged"] == 2
    assert counts(result)["entries_inserted"] == counts(result)["entries_updated"] == 0
    assert entries(conn) == before  # same xmin: no new row version; same distilled_at


def test_lineage_change_redistils_exactly_the_affected_decisions(db_url, conn, history):
    h = History(conn)
    a = h.decision_chain(history["pay"], "Decision A")
    b = h.decision_chain(history["pay"], "Decision B")
    moved = h.annotation(history["pay"], "a second voice", a["thread"], day=3)
    distil(db_url)
    before = entries(conn)

    # the annotation leaves A(C_a) and joins A(C_b)
    conn.execute("update annotations set thread_id = %s where id = %s", (b["thread"], moved))
    deployment = conn.execute("select id from deployment_records where version_ref = 'v1.0'").fetchone()[0]
    h.signal(history["pay"], str(deployment), "regressed", day=20)  # D1's outcome and summary change
    affected = {a["decision"], b["decision"], history["d1"]["decision"]}

    with conn.transaction():  # the fingerprint check sees exactly these as stale
        stale, verified = stale_fingerprints(conn, at(31), 30, 0, 1)
    assert {str(row[0]) for row in stale} == affected and verified == 4
    # on incremental nights it verifies one slice each: seven consecutive as_of days find each exactly once
    found = []
    for day in range(7):
        index, count = verified_slice(at(31) + timedelta(days=day), full_refresh=False)
        with conn.transaction():
            found += [str(row[0]) for row in stale_fingerprints(conn, at(31), 30, index, count)[0]]
    assert sorted(found) == sorted(affected)
    assert verified_slice(at(31), full_refresh=True) == (0, 1)

    # the changes rewrite history before as_of: an incremental run for the same as_of recomposes
    # only D1, whose deployment is younger than W; a full run rewrites A and B too
    assert counts(distil(db_url))["entries_updated"] == 1
    result = distil(db_url, full_refresh=True)
    assert counts(result)["entries_updated"] == 2 and counts(result)["entries_unchanged"] == 2  # D1, D2
    after = entries(conn)
    rewritten = {d for d in after if after[d]["xmin"] != before[d]["xmin"]}
    assert rewritten == affected
    assert all(after[d]["distilled_at"] > before[d]["distilled_at"] for d in affected)
    assert "a second voice" in after[b["decision"]]["body"] and "a second voice" not in after[a["decision"]]["body"]
    assert "regressed" in after[history["d1"]["decision"]]["tags"]


def test_later_as_of_adds_entries_and_earlier_rerun_removes_them(db_url, conn, history):
    distil(db_url)
    june = entries(conn)
    later = distil(db_url, as_of="2026-07-01")
    assert counts(later)["entries_inserted"] == 1  # D3
    assert counts(later)["entries_updated"] == 1  # D1 gains v2.0 and the quokka annotation
    assert "quokka complaint" in entries(conn)[history["d1"]["decision"]]["body"]
    rerun = distil(db_url)
    assert counts(rerun)["entries_removed"] == 1 and counts(rerun)["entries_updated"] == 1
    assert {d: e["body"] for d, e in entries(conn).items()} == {d: e["body"] for d, e in june.items()}


def test_incremental_run_recomposes_a_decision_without_deployments_whose_sources_grew(db_url, conn, history):
    h = History(conn)
    chain = h.decision_chain(history["pay"], "Decision R", via_requirement=True)  # no deployment
    h.annotation(history["pay"], "a late voice", chain["thread"], day=40)  # after AS_OF, before July
    distil(db_url)
    assert "a late voice" not in entries(conn)[chain["decision"]]["body"]
    later = distil(db_url, as_of="2026-07-01")
    assert counts(later)["entries_updated"] >= 1
    assert "a late voice" in entries(conn)[chain["decision"]]["body"]
