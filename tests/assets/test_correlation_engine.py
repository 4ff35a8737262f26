"""Correlation engine (SPEC §7.1, §10) on hand-built histories: every correlation_type
rule, the rate ratio and its CI by hand, point-in-time reruns and retractions.

Every history deploys at a known instant before AS_OF = 2026-06-01T00:00Z with
W = 30 days, so L = min(30, AS_OF - deployed_at) days and the windows are
pre [d - L, d), post [d, d + L). Annotation and event counts are placed inside
those windows by hand; the expected ratios are worked out in the comments.
"""

from __future__ import annotations

import math
import time
from datetime import datetime, timedelta, timezone
from itertools import count

import psycopg
import pytest
from tests.conftest import create_database, drop_database
from dagster import DagsterInstance, materialize
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from orchestration.assets.correlation_engine.assets import outcome_correlations
from orchestration.assets.correlation_engine.checks import (
    outcome_correlations_ci_contains_ratio,
    outcome_correlations_counts_non_negative,
    outcome_correlations_key_unique,
)
from orchestration.lib.as_of import iso
from orchestration.lib.stats import measured_effect, rate_ratio_interval
from orchestration.resources import LearningSettings, PostgresResource
from tests.chain_builder import deployment_of

AS_OF = datetime(2026, 6, 1, tzinfo=timezone.utc)
DAY = timedelta(days=1)
D = AS_OF - 40 * DAY  # default deployment instant: L = 30 days
CHECKS = [outcome_correlations_ci_contains_ratio, outcome_correlations_counts_non_negative, outcome_correlations_key_unique]


class History:
    """One hub; inserts rows with explicit timestamps and returns their ids."""

    def __init__(self, conn: psycopg.Connection):
        self.conn = conn
        self.serial = count(1)
        self.hub = self._id("insert into hubs (slug, name, domain) values ('h', 'H', 'test') returning id", ())

    def _id(self, query: str, params: tuple):
        return self.conn.execute(query, params).fetchone()[0]

    def widget(self, widget_type: str = "button"):
        return self._id(
            "insert into widgets (hub_id, name, widget_type) values (%s, %s, %s) returning id",
            (self.hub, f"w{next(self.serial)}", widget_type),
        )

    def thread(self, widget):
        return self._id("insert into annotation_threads (widget_id, title) values (%s, 't') returning id", (widget,))

    def annotation(self, widget, at: datetime, category="friction", severity="medium", retracted_at=None, thread=None):
        return self._id(
            "insert into annotations (widget_id, body, category, severity, thread_id, created_at, retracted_at)"
            " values (%s, 'a', %s, %s, %s, %s, %s) returning id",
            (widget, category, severity, thread, at, retracted_at),
        )

    def annotations(self, widget, start: datetime, n: int, category="friction", **extra) -> list:
        """n annotations one hour apart from `start`."""
        return [self.annotation(widget, start + i * timedelta(hours=1), category, **extra) for i in range(n)]

    def candidate(self, widget, source_annotation=None, thread=None, category="friction"):
        return self._id(
            "insert into requirement_candidates (title, description, source_widget_id, source_annotation_id,"
            " source_thread_id, category) values ('c', 'c', %s, %s, %s, %s) returning id",
            (widget, source_annotation, thread, category),
        )

    def deployment(self, candidate, deployed_at: datetime = D, via_requirement: bool = False):
        """A decision on the candidate (or on a requirement promoted from it) and its deployment."""
        return deployment_of(self.conn, candidate, deployed_at, via_requirement)

    def chain(self, widget_type="button", category="friction", deployed_at: datetime = D, **deploy):
        """Widget, source annotation (40 days before the deployment: outside both windows),
        candidate and deployment."""
        widget = self.widget(widget_type)
        source = self.annotation(widget, deployed_at - 40 * DAY, category)
        deployment = self.deployment(self.candidate(widget, source, category=category), deployed_at, **deploy)
        return widget, source, deployment

    def signal(self, deployment, widget, signal_type: str, at: datetime):
        return self._id(
            "insert into outcome_signals (widget_id, deployment_id, signal_type, observed_at)"
            " values (%s, %s, %s, %s) returning id",
            (widget, deployment, signal_type, at),
        )

    def events(self, widget, start: datetime, end: datetime, n: int) -> None:
        """n click events spread evenly over [start, end)."""
        self.conn.execute(
            "insert into interaction_events (widget_id, event_type, occurred_at)"
            " select %s, 'click', %s + (%s - %s) * i / %s from generate_series(0, %s - 1) as i",
            (widget, start, end, start, n, n),
        )

    def event(self, widget, at: datetime, event_type="click", metadata=None):
        return self._id(
            "insert into interaction_events (widget_id, event_type, occurred_at, metadata)"
            " values (%s, %s, %s, %s) returning id",
            (widget, event_type, at, Jsonb(metadata or {})),
        )

    def busy(self, widget, deployed_at: datetime = D, pre: int = 100, post: int = 100, half_window=30 * DAY):
        """`pre` events in the pre window and `post` in the post window."""
        self.events(widget, deployed_at - half_window, deployed_at, pre)
        self.events(widget, deployed_at, deployed_at + half_window, post)


def run_engine(db_url: str, as_of: datetime = AS_OF):
    result = materialize(
        [outcome_correlations, *CHECKS],
        resources={"postgres": PostgresResource(url=db_url), "learning": LearningSettings(as_of=iso(as_of))},
        instance=DagsterInstance.ephemeral(),
    )
    assert result.success
    assert all(check.passed for check in result.get_asset_check_evaluations())
    return result


def rows(conn) -> dict:
    """(annotation_id, deployment_id) → row, without computed_at."""
    with conn.cursor(row_factory=dict_row) as cur:
        found = cur.execute("select * from outcome_correlations").fetchall()
    return {(r["annotation_id"], r["deployment_id"]): {k: v for k, v in r.items() if k != "computed_at"} for r in found}


def row(conn, annotation, deployment) -> dict:
    return rows(conn)[(annotation, deployment)]


@pytest.fixture
def history(conn) -> History:
    return History(conn)


# Rule 1: a regressed outcome is negative, even when friction measurably fell.
def test_regressed_outcome_is_negative(history, conn, db_url):
    widget, source, deployment = history.chain()
    history.busy(widget)
    history.annotations(widget, D - 20 * DAY, 10)  # pre: 10 friction annotations
    history.annotations(widget, D + 2 * DAY, 1)  # post: 1 → measured 'reduced' (see the fall-through test)
    history.signal(deployment, widget, "improved", D + 5 * DAY)
    history.signal(deployment, widget, "regressed", D + 10 * DAY)
    history.signal(deployment, widget, "inconclusive", D + 20 * DAY)  # never the outcome while a decisive one exists
    run_engine(db_url)
    got = row(conn, source, deployment)
    assert (got["signal_outcome"], got["measured_effect"], got["regression_detected"]) == ("regressed", "reduced", False)
    assert got["correlation_type"] == "negative"


# Rule 1, second half: an improved signal followed within W by a high/critical annotation.
def test_regression_detected_after_improved_signal_is_negative(history, conn, db_url):
    s = D + 5 * DAY  # the improved signal of every deployment below
    cases = {
        "high 5 days after": dict(at=s + 5 * DAY, severity="high"),
        "critical exactly W after": dict(at=s + 30 * DAY, severity="critical"),
        "high retracted after as_of": dict(at=s + 5 * DAY, severity="high", retracted_at=AS_OF + DAY),
        "critical 31 days after": dict(at=s + 31 * DAY, severity="critical"),
        "high at the signal instant": dict(at=s, severity="high"),
        "high retracted before as_of": dict(at=s + 5 * DAY, severity="high", retracted_at=s + 6 * DAY),
        "unknown severity": dict(at=s + 5 * DAY, severity="urgent"),
        "high after as_of": dict(at=AS_OF + DAY, severity="high"),
    }
    deployments = {}
    for name, annotation in cases.items():
        widget, source, deployment = history.chain()
        history.signal(deployment, widget, "improved", s)
        history.annotation(widget, annotation.pop("at"), category="bug", **annotation)
        deployments[name] = (source, deployment)
    # an improved signal observed after as_of does not count either
    widget, source, deployment = history.chain()
    history.signal(deployment, widget, "neutral", s)
    history.signal(deployment, widget, "improved", AS_OF + DAY)
    history.annotation(widget, AS_OF - DAY, category="bug", severity="critical")
    deployments["improved signal after as_of"] = (source, deployment)
    run_engine(db_url)
    got = {name: row(conn, *key) for name, key in deployments.items()}
    detected = {name for name, r in got.items() if r["regression_detected"]}
    assert detected == {"high 5 days after", "critical exactly W after", "high retracted after as_of"}
    for name, r in got.items():
        expected = "negative" if name in detected else ("neutral" if name == "improved signal after as_of" else "positive")
        assert r["correlation_type"] == expected, name


# Rule 2: improved is positive, even when friction measurably rose.
def test_improved_outcome_is_positive(history, conn, db_url):
    widget, source, deployment = history.chain()
    history.busy(widget)
    history.annotations(widget, D - 20 * DAY, 1)
    history.annotations(widget, D + 2 * DAY, 10)  # measured 'increased'
    history.signal(deployment, widget, "inconclusive", D + 3 * DAY)
    history.signal(deployment, widget, "improved", D + 5 * DAY)
    history.signal(deployment, widget, "inconclusive", D + 9 * DAY)
    run_engine(db_url)
    got = row(conn, source, deployment)
    assert (got["signal_outcome"], got["measured_effect"], got["correlation_type"]) == ("improved", "increased", "positive")


# Rule 3: neutral is neutral; the latest decisive signal wins, ties on observed_at go to the larger id.
def test_neutral_outcome_is_neutral(history, conn, db_url):
    widget, source, deployment = history.chain()
    history.busy(widget)
    history.annotations(widget, D - 20 * DAY, 10)
    history.annotations(widget, D + 2 * DAY, 1)  # measured 'reduced'
    history.signal(deployment, widget, "regressed", D + 5 * DAY)
    history.signal(deployment, widget, "neutral", D + 8 * DAY)
    history.signal(deployment, widget, "inconclusive", D + 9 * DAY)
    history.signal(deployment, widget, "regressed", AS_OF + DAY)  # after as_of: ignored
    tied_widget, tied_source, tied = history.chain()
    first = history.signal(tied, tied_widget, "improved", D + 5 * DAY)
    second = history.signal(tied, tied_widget, "neutral", D + 5 * DAY)
    run_engine(db_url)
    got = row(conn, source, deployment)
    assert (got["signal_outcome"], got["measured_effect"], got["correlation_type"]) == ("neutral", "reduced", "neutral")
    expected_tie = "neutral" if str(second) > str(first) else "improved"
    assert row(conn, tied_source, tied)["signal_outcome"] == expected_tie


def assert_ratio(got: dict, ratio: float, low: float, high: float) -> None:
    assert got["friction_rate_ratio"] == pytest.approx(ratio, rel=1e-9)
    assert got["rate_ratio_ci_low"] == pytest.approx(low, rel=1e-9)
    assert got["rate_ratio_ci_high"] == pytest.approx(high, rel=1e-9)
    stats = rate_ratio_interval(got["pre_annotations"], got["pre_events"], got["post_annotations"], got["post_events"])
    assert stats == pytest.approx((ratio, low, high), rel=1e-9)


# Rule 4: without a decisive outcome, the measured effect decides.
def test_measured_effect_decides_without_decisive_outcome(history, conn, db_url):
    cases = {}

    # reduced → positive (only an inconclusive signal): pre 10, post 1 annotations, 100/100 events.
    # RR = (1.5/100.5)/(10.5/100.5) = 1/7; half width = 1.96·√(1/1.5 + 1/10.5) = 1.96·√0.761905 = 1.710828
    # CI = (1/7)·e^∓1.710828 = (0.025817, 0.790506): high < 1 → reduced.
    widget, source, deployment = history.chain()
    history.busy(widget)
    history.annotations(widget, D - 20 * DAY, 10)
    history.annotations(widget, D + 2 * DAY, 1)
    history.signal(deployment, widget, "inconclusive", D + 5 * DAY)
    cases["reduced"] = (source, deployment)

    # increased → negative (no signal): pre 1, post 10 → RR = 7, CI = 7·e^∓1.710828 = (1.265012, 38.7348): low > 1.
    widget, source, deployment = history.chain()
    history.busy(widget)
    history.annotations(widget, D - 20 * DAY, 1)
    history.annotations(widget, D + 2 * DAY, 10)
    cases["increased"] = (source, deployment)

    # unchanged → neutral: 3 and 3 annotations but 200 pre / 50 post events.
    # RR = (3.5/50.5)/(3.5/200.5) = 200.5/50.5 = 3.970297; half width = 1.96·√(2/3.5) = 1.481621
    # CI = 3.970297·e^∓1.481621 = (0.902326, 17.4696): contains 1 → unchanged.
    widget, source, deployment = history.chain()
    history.busy(widget, pre=200, post=50)
    history.annotations(widget, D - 20 * DAY, 3)
    history.annotations(widget, D + 2 * DAY, 3)
    cases["unchanged"] = (source, deployment)

    # insufficient, L < 7: deployed 5 days before as_of (L = 5), 10 pre / 1 post annotations.
    d5 = AS_OF - 5 * DAY
    widget, source, deployment = history.chain(deployed_at=d5)
    history.annotations(widget, d5 - 4 * DAY, 10)
    history.annotations(widget, d5 + DAY, 1)
    cases["insufficient: L < 7"] = (source, deployment)

    # insufficient, fewer than 5 annotations: 2 + 2 = 4 with L = 30.
    widget, source, deployment = history.chain()
    history.annotations(widget, D - 20 * DAY, 2)
    history.annotations(widget, D + 2 * DAY, 2)
    cases["insufficient: 4 annotations"] = (source, deployment)

    # the bounds themselves are sufficient: L = 7 exactly and 4 + 1 = 5 annotations, no events.
    # RR = (1.5/0.5)/(4.5/0.5) = 1/3; half width = 1.96·√(1/1.5 + 1/4.5) = 1.847906
    # CI = (1/3)·e^∓1.847906 = (0.052522, 2.115505) → unchanged.
    d7 = AS_OF - 7 * DAY
    widget, source, deployment = history.chain(deployed_at=d7)
    history.annotations(widget, d7 - 6 * DAY, 4)
    history.annotations(widget, d7 + DAY, 1)
    cases["unchanged: L = 7, 5 annotations"] = (source, deployment)

    run_engine(db_url)
    got = {name: row(conn, *key) for name, key in cases.items()}
    summary = {name: (r["signal_outcome"], r["measured_effect"], r["correlation_type"]) for name, r in got.items()}
    assert summary == {
        "reduced": ("inconclusive", "reduced", "positive"),
        "increased": (None, "increased", "negative"),
        "unchanged": (None, "unchanged", "neutral"),
        "insufficient: L < 7": (None, "insufficient", "inconclusive"),
        "insufficient: 4 annotations": (None, "insufficient", "inconclusive"),
        "unchanged: L = 7, 5 annotations": (None, "unchanged", "neutral"),
    }
    for name, r in got.items():  # the Python reference ladder agrees with the SQL
        effect = measured_effect(r["window_days"], r["pre_annotations"], r["post_annotations"],
                                 r["rate_ratio_ci_low"], r["rate_ratio_ci_high"])
        assert effect == r["measured_effect"], name
    counts = {name: (r["pre_annotations"], r["post_annotations"], r["pre_events"], r["post_events"]) for name, r in got.items()}
    assert counts["reduced"] == (10, 1, 100, 100)
    assert counts["unchanged"] == (3, 3, 200, 50)
    assert counts["insufficient: L < 7"] == (10, 1, 0, 0)
    assert got["insufficient: L < 7"]["window_days"] == pytest.approx(5.0)
    assert got["unchanged: L = 7, 5 annotations"]["window_days"] == pytest.approx(7.0)

    half = 1.96 * math.sqrt(1 / 1.5 + 1 / 10.5)
    assert half == pytest.approx(1.710828, abs=1e-6)
    assert_ratio(got["reduced"], 1 / 7, math.exp(-half) / 7, math.exp(half) / 7)
    assert got["reduced"]["rate_ratio_ci_high"] == pytest.approx(0.790506, abs=1e-6)
    assert_ratio(got["increased"], 7, 7 * math.exp(-half), 7 * math.exp(half))
    assert got["increased"]["rate_ratio_ci_low"] == pytest.approx(1.265012, abs=1e-6)
    half = 1.96 * math.sqrt(2 / 3.5)
    assert_ratio(got["unchanged"], 200.5 / 50.5, 200.5 / 50.5 * math.exp(-half), 200.5 / 50.5 * math.exp(half))
    assert got["unchanged"]["rate_ratio_ci_low"] == pytest.approx(0.902326, abs=1e-6)
    half = 1.96 * math.sqrt(1 / 1.5 + 1 / 4.5)
    assert_ratio(got["unchanged: L = 7, 5 annotations"], 1 / 3, math.exp(-half) / 3, math.exp(half) / 3)
    assert got["unchanged: L = 7, 5 annotations"]["rate_ratio_ci_high"] == pytest.approx(2.115505, abs=1e-6)


def test_windows_are_half_open_and_count_the_annotation_category(history, conn, db_url):
    widget = history.widget()
    thread = history.thread(widget)
    source = history.annotation(widget, D - 40 * DAY, "friction")
    bug = history.annotation(widget, D - 45 * DAY, "bug", thread=thread)  # A(C) via the thread
    deployment = history.deployment(history.candidate(widget, source, thread), via_requirement=True)
    second = history.deployment(history.candidate(widget, source), D + 10 * DAY)  # another candidate, same source
    history.annotation(widget, D - 30 * DAY)  # = d - L: first instant of pre
    history.annotation(widget, D - 30 * DAY - timedelta(seconds=1))  # before pre
    history.annotation(widget, D - timedelta(seconds=1))  # last second of pre
    history.annotation(widget, D)  # = d: first instant of post
    history.annotation(widget, D + 30 * DAY)  # = d + L: after post
    history.annotations(widget, D + DAY, 2, "bug")
    history.annotation(widget, D + DAY, "confusion")  # a category no source annotation has
    history.event(widget, D - 30 * DAY)
    history.event(widget, D + 30 * DAY - timedelta(seconds=1))
    history.event(widget, D + 30 * DAY)
    run_engine(db_url)
    got = rows(conn)
    assert set(got) == {(source, deployment), (bug, deployment), (source, second)}
    friction, bugs = got[(source, deployment)], got[(bug, deployment)]
    assert (friction["annotation_category"], friction["pre_annotations"], friction["post_annotations"]) == ("friction", 2, 1)
    assert (bugs["annotation_category"], bugs["pre_annotations"], bugs["post_annotations"]) == ("bug", 0, 2)
    assert (friction["pre_events"], friction["post_events"]) == (1, 1)
    # lineage through the requirement: the decision has no candidate_id of its own
    decision, candidate = conn.execute(
        "select d.id, r.source_candidate_id from deployment_records dep join decision_records d on d.id = dep.decision_id"
        " join requirements r on r.id = d.requirement_id where dep.id = %s",
        (deployment,),
    ).fetchone()
    assert (friction["decision_id"], friction["candidate_id"], friction["widget_id"], friction["hub_id"]) == (
        decision, candidate, widget, history.hub,
    )
    # the second deployment (d2 = D + 10 days): L = 30, pre [D - 20, D + 10), post [D + 10, D + 40)
    # friction pre: D - 1s, D; post: D + 30 → (2, 1); events pre: none, post: D + 30 - 1s, D + 30 → (0, 2)
    later = got[(source, second)]
    assert (later["pre_annotations"], later["post_annotations"], later["pre_events"], later["post_events"]) == (2, 1, 0, 2)


def test_retractions_count_only_when_visible_at_as_of(history, conn, db_url):
    widget = history.widget()
    thread = history.thread(widget)
    source = history.annotation(widget, D - 40 * DAY, severity="urgent")  # unknown severity is stored as medium
    retracted = history.annotation(widget, D - 41 * DAY, thread=thread, retracted_at=D)
    retracted_later = history.annotation(widget, D - 41 * DAY, "bug", thread=thread, retracted_at=AS_OF + DAY)
    created_later = history.annotation(widget, AS_OF + DAY, thread=thread)
    deployment = history.deployment(history.candidate(widget, source, thread))
    history.deployment(history.candidate(widget, source), AS_OF + DAY)  # deployed after as_of: no rows
    history.annotation(widget, D - 5 * DAY, retracted_at=D - DAY)  # retracted before as_of: not counted
    history.annotation(widget, D + 5 * DAY, retracted_at=AS_OF + timedelta(seconds=1))  # still counted
    history.events(widget, D - 30 * DAY, D, 10)
    history.events(widget, D, D + 30 * DAY, 10)
    marked_pre = history.event(widget, D - 10 * DAY)
    marked_post = history.event(widget, D + 10 * DAY)
    marked_later = history.event(widget, D + 11 * DAY)
    history.event(widget, D + 12 * DAY, "retracted", {"retracted_event_id": str(marked_pre)})
    history.event(widget, D + 12 * DAY, "retracted", {"retracted_event_id": f" {str(marked_post).upper()} "})
    history.event(widget, D + 12 * DAY, "retracted", {"retracted_event_id": "not-a-uuid"})
    history.event(widget, AS_OF + DAY, "retracted", {"retracted_event_id": str(marked_later)})  # after as_of
    run_engine(db_url)
    got = rows(conn)
    assert set(got) == {(source, deployment), (retracted_later, deployment)}
    assert created_later not in {annotation for annotation, _ in got} and retracted not in {a for a, _ in got}
    r = got[(source, deployment)]
    assert r["annotation_severity"] == "medium"
    assert (r["pre_annotations"], r["post_annotations"]) == (0, 1)
    # 10 + 10 spread events, plus marked_later (its marker is after as_of); markers never count
    assert (r["pre_events"], r["post_events"]) == (10, 11)


def snapshot(conn, with_ids: bool = True) -> list:
    """The whole table as sorted tuples, computed_at left out."""
    return sorted(tuple(v for k, v in sorted(r.items()) if with_ids or k != "id") for r in rows(conn).values())


def test_rerun_for_an_as_of_reproduces_its_table(history, conn, db_url):
    widget, source, deployment = history.chain()
    history.busy(widget)
    history.annotations(widget, D - 20 * DAY, 4)
    history.annotations(widget, D + 2 * DAY, 3)
    mutable = history.annotation(widget, D + 3 * DAY)
    history.signal(deployment, widget, "improved", D + 5 * DAY)
    run_engine(db_url)
    first, first_without_ids = snapshot(conn), snapshot(conn, with_ids=False)
    assert len(first) == 1
    run_engine(db_url)
    assert snapshot(conn) == first  # ids kept, only computed_at moved

    # The world moves on after as_of; the answer for as_of must not.
    conn.execute("update annotations set retracted_at = %s where id = %s", (AS_OF + DAY, mutable))
    history.annotation(widget, AS_OF + DAY, severity="critical")  # would be a regression
    history.signal(deployment, widget, "regressed", AS_OF + 2 * DAY)
    history.event(widget, D + DAY, "retracted", {"retracted_event_id": "x"})  # a marker inside post
    history.deployment(history.candidate(widget, source), AS_OF + DAY)
    run_engine(db_url)
    assert snapshot(conn) == first

    later = AS_OF + 10 * DAY
    run_engine(db_url, later)
    moved = rows(conn)
    assert len(moved) == 2 and {r["as_of"] for r in moved.values()} == {later}
    assert moved[(source, deployment)]["correlation_type"] == "negative"
    run_engine(db_url)  # back to as_of: the row is rewritten as it was (its id may differ)
    assert snapshot(conn, with_ids=False) == first_without_ids


def test_ci_check_reports_a_ratio_outside_its_interval(history, conn, db_url):
    widget, source, deployment = history.chain()
    run_engine(db_url)  # every check passes on the engine's own output
    conn.execute("update outcome_correlations set rate_ratio_ci_low = friction_rate_ratio * 2")
    result = outcome_correlations_ci_contains_ratio(postgres=PostgresResource(url=db_url))
    assert not result.passed
    assert result.metadata["annotation_deployment_sample"].value == [f"{source}|{deployment}"]


def test_rows_go_with_their_lineage(history, conn, db_url):
    """A row goes when its candidate, deployment or annotation is deleted; its decision,
    widget and hub (whose keys sql/0017 dropped) cannot be deleted while it exists."""
    chains = {name: history.chain() for name in ("candidate", "deployment", "annotation")}
    run_engine(db_url)
    assert {deployment for _, deployment in rows(conn)} == {d for _, _, d in chains.values()}

    widget, _, deployment = chains["candidate"]
    decision, candidate = conn.execute(
        "select d.id, d.candidate_id from deployment_records r join decision_records d on d.id = r.decision_id"
        " where r.id = %s", (deployment,),
    ).fetchone()
    for table, key in (("decision_records", decision), ("widgets", widget), ("hubs", history.hub)):
        with pytest.raises(psycopg.errors.RestrictViolation):
            conn.execute(f"delete from {table} where id = %s", (key,))

    conn.execute("delete from requirement_candidates where id = %s", (candidate,))
    conn.execute("delete from deployment_records where id = %s", (chains["deployment"][2],))
    conn.execute("delete from annotations where id = %s", (chains["annotation"][1],))
    assert rows(conn) == {}


def seeded_database(admin_url: str, template: str, scale: str, truth_dir):
    """A new database holding the synthetic history of `scale` as of AS_OF."""
    from orchestration.synthetic import load_synthetic_history

    url = create_database(admin_url, template=template)
    load_synthetic_history(url, scale, 7, AS_OF, progress=False, truth_dir=truth_dir)
    return url


@pytest.fixture(scope="module")
def small_url(pg_admin_url, template_database, tmp_path_factory):
    url = seeded_database(pg_admin_url, template_database, "small", tmp_path_factory.mktemp("truth"))
    yield url
    drop_database(pg_admin_url, url)


@pytest.mark.slow
def test_synthetic_history_passes_the_checks_and_reruns_identically(small_url):
    run_engine(small_url)
    with psycopg.connect(small_url) as conn:
        first = snapshot(conn)
        kinds = {row[0] for row in conn.execute("select distinct correlation_type from outcome_correlations")}
    assert len(first) > 1000
    assert kinds == {"positive", "negative", "neutral", "inconclusive"}
    run_engine(small_url)
    with psycopg.connect(small_url) as conn:
        assert snapshot(conn) == first


@pytest.mark.bench
def test_bench_outcome_correlations_at_medium(medium_history):
    medium_url = medium_history[0]
    started = time.perf_counter()
    run_engine(medium_url)
    print(f"outcome_correlations at medium: {time.perf_counter() - started:.2f} s (incl. checks)")
