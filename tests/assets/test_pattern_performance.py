"""Pattern performance (SPEC §7.2, §10) on hand-built histories in all three domains:
units in the 365-day window, Wilson bounds, scores, tiers and reruns.

AS_OF = 2026-06-01T00:00Z, so the window is [2025-06-01T00:00Z, AS_OF].
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from itertools import count
from uuid import UUID

import psycopg
import pytest
from dagster import DagsterInstance, materialize
from psycopg.rows import dict_row
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

from orchestration.assets.pattern_performance.assets import pattern_performance_records
from orchestration.assets.pattern_performance.checks import (
    pattern_performance_records_bounds_contain_rate,
    pattern_performance_records_sample_size_consistent,
)
from orchestration.lib.as_of import iso
from orchestration.lib.stats import tier, wilson_interval
from orchestration.resources import LearningSettings, PostgresResource
from tests.chain_builder import deployment_of

AS_OF = datetime(2026, 6, 1, tzinfo=timezone.utc)
DAY = timedelta(days=1)
WINDOW_START = AS_OF - 365 * DAY
IN_WINDOW = AS_OF - 100 * DAY
CHECKS = [pattern_performance_records_bounds_contain_rate, pattern_performance_records_sample_size_consistent]


class History:
    """Inserts rows with explicit timestamps and returns their ids."""

    def __init__(self, conn):
        self.conn = conn
        self.serial = count(1)
        self.hub = self._id("insert into hubs (slug, name, domain) values ('h', 'H', 'test') returning id", ())
        self.wave = None

    def _id(self, query: str, params: tuple):
        return self.conn.execute(query, params).fetchone()[0]

    # ihf
    def deployment(self, category: str, widget_type: str, deployed_at: datetime, signals=(), score=None,
                   evaluated_at: datetime | None = None, via_requirement: bool = False):
        """A widget, candidate, decision and deployment; signals are (type, observed_at)."""
        widget = self._id(
            "insert into widgets (hub_id, name, widget_type) values (%s, %s, %s) returning id",
            (self.hub, f"w{next(self.serial)}", widget_type),
        )
        candidate = self._id(
            "insert into requirement_candidates (title, description, source_widget_id, category)"
            " values ('c', 'c', %s, %s) returning id",
            (widget, category),
        )
        deployment = deployment_of(self.conn, candidate, deployed_at, via_requirement)
        for signal_type, observed_at in signals:
            self.conn.execute(
                "insert into outcome_signals (widget_id, deployment_id, signal_type, observed_at) values (%s, %s, %s, %s)",
                (widget, deployment, signal_type, observed_at),
            )
        if score is not None:
            self.conn.execute(
                "insert into change_evaluations (deployment_id, score, rationale, evaluated_at) values (%s, %s, 'r', %s)",
                (deployment, score, evaluated_at or deployed_at + DAY),
            )
        return deployment

    # foreman
    def builder(self, builder_id: str, backend_type: str) -> None:
        self.conn.execute(
            "insert into foreman.builders (builder_id, backend_type, state) values (%s, %s, 'idle')",
            (builder_id, backend_type),
        )

    def task(self, builder: str | None, state: str, started_at=None, completed_at=None, updated_at=IN_WINDOW,
             qa=()) -> UUID:
        """A task; qa is a sequence of (status, executed_at[, execution_id])."""
        if self.wave is None:
            program = self._id(
                "insert into foreman.programs (name, description, state) values ('p', 'p', 'in-progress') returning program_id", ()
            )
            self.wave = self._id(
                "insert into foreman.waves (program_id, name, sequence_number, state) values (%s, 'w', 1, 'in-progress')"
                " returning wave_id",
                (program,),
            )
        task = self._id(
            "insert into foreman.tasks (wave_id, name, architecture_reference, qa_suite_location, acceptance_criteria,"
            " assigned_builder, state, started_at, completed_at, updated_at)"
            " values (%s, %s, 'a', 'q', 'c', %s, %s, %s, %s, %s) returning task_id",
            (self.wave, f"t{next(self.serial)}", builder, state, started_at, completed_at, updated_at),
        )
        for status, executed_at, *execution_id in qa:
            self.conn.execute(
                "insert into foreman.qa_executions (execution_id, task_id, qa_suite_location, total_tests, passing_tests,"
                " failing_tests, skipped_tests, qa_status, executed_at)"
                " values (coalesce(%s, gen_random_uuid()), %s, 'q', 1, 1, 0, 0, %s, %s)",
                (execution_id[0] if execution_id else None, task, status, executed_at),
            )
        return task

    # scaffold
    def project(self, pattern_id: str, build_status: str | None, created_at: datetime = IN_WINDOW,
                status: str = "active", satisfaction=()) -> UUID:
        """A project; satisfaction is a sequence of (rating, submitted_at)."""
        project = self._id(
            "insert into scaffold.project_outcomes (project_name, project_path, pattern_id, pattern_name, status,"
            " last_build_status, created_at) values ('p', '/p', %s, %s, %s, %s, %s) returning id",
            (pattern_id, pattern_id.title(), status, build_status, created_at),
        )
        for rating, submitted_at in satisfaction:
            self.conn.execute(
                "insert into scaffold.user_feedback (project_outcome_id, overall_satisfaction, submitted_at)"
                " values (%s, %s, %s)",
                (project, rating, submitted_at),
            )
        return project


def run_patterns(db_url: str, as_of: datetime = AS_OF):
    result = materialize(
        [pattern_performance_records, *CHECKS],
        resources={"postgres": PostgresResource(url=db_url), "learning": LearningSettings(as_of=iso(as_of))},
        instance=DagsterInstance.ephemeral(),
    )
    assert result.success
    assert all(check.passed for check in result.get_asset_check_evaluations())
    return result


def records(conn, as_of: datetime = AS_OF) -> dict:
    """pattern_key → record of that as_of."""
    with conn.cursor(row_factory=dict_row) as cur:
        found = cur.execute("select * from pattern_performance_records where window_end = %s", (as_of,)).fetchall()
    return {r["pattern_key"]: r for r in found}


def without_computed_at(found: dict) -> dict:
    return {key: {**r, "computed_at": None} for key, r in found.items()}


def counts(record: dict) -> tuple:
    return tuple(record[k] for k in ("sample_size", "success_count", "failure_count", "neutral_count", "inconclusive_count"))


@pytest.fixture
def history(conn) -> History:
    return History(conn)


def test_wilson_interval_matches_statsmodels():
    # z = 1.96 exactly (SPEC §7); statsmodels takes alpha, so give it the alpha whose quantile is 1.96.
    alpha = 2 * norm.sf(1.96)
    for successes, n in [(7, 10), (0, 10), (10, 10), (1, 3), (13, 40)]:
        assert wilson_interval(successes, n) == pytest.approx(
            proportion_confint(successes, n, alpha=alpha, method="wilson"), abs=1e-12
        )
    # and within 1e-4 of the default 95% interval (z = 1.95996...)
    assert wilson_interval(7, 10) == pytest.approx(proportion_confint(7, 10, method="wilson"), abs=1e-4)
    assert wilson_interval(0, 0) == (None, None)


def test_ihf_units_outcomes_scores_and_wilson_bounds(history, conn, db_url):
    def deploy(signals, deployed_at=IN_WINDOW, **extra):
        return history.deployment("friction", "button", deployed_at, signals, **extra)

    s = IN_WINDOW + 5 * DAY
    # friction/button: 7 improved, 2 regressed, 1 neutral decisive units; 2 inconclusive
    deploy([("improved", s)], deployed_at=WINDOW_START, score=5)  # first instant of the window
    deploy([("improved", s), ("regressed", AS_OF + DAY)], score=4)  # the later signal is after as_of
    deploy([("regressed", s), ("improved", s + DAY), ("inconclusive", s + 2 * DAY)])
    for _ in range(4):
        deploy([("improved", s)])
    deploy([("improved", s), ("regressed", s + DAY)], score=1)
    deploy([("regressed", s)], score=2, evaluated_at=AS_OF + DAY)  # evaluation after as_of: no score
    deploy([("neutral", s), ("inconclusive", s + DAY)])
    deploy([("inconclusive", s)], score=3)
    deploy([("inconclusive", s), ("inconclusive", s + DAY)])
    # not units: deployed before the window or after as_of, no signal, only a signal after as_of
    deploy([("improved", s)], deployed_at=WINDOW_START - timedelta(seconds=1), score=1)
    deploy([("improved", AS_OF)], deployed_at=AS_OF + DAY)
    deploy([], score=1)
    deploy([("regressed", AS_OF + DAY)], score=1)
    # bug/chart through a requirement: one regressed unit; confusion/table: inconclusive only
    history.deployment("bug", "chart", IN_WINDOW, [("regressed", s)], via_requirement=True)
    history.deployment("confusion", "table", IN_WINDOW, [("inconclusive", s)])
    run_patterns(db_url)
    got = records(conn)
    assert set(got) == {"ihf:friction/button", "ihf:bug/chart", "ihf:confusion/table"}

    friction = got["ihf:friction/button"]
    assert counts(friction) == (10, 7, 2, 1, 2)
    assert friction["attributes"] == {"category": "friction", "widget_type": "button"}
    assert (friction["domain"], friction["window_start"], friction["window_end"]) == ("ihf", WINDOW_START, AS_OF)
    assert friction["success_rate"] == pytest.approx(0.7)
    assert friction["failure_rate"] == pytest.approx(0.2)
    # Wilson, z = 1.96, s = 7, n = 10: (7 + 1.9208 ∓ 1.96·√(2.1 + 0.9604)) / 13.8416 = (0.396773, 0.892211)
    assert (friction["success_ci_low"], friction["success_ci_high"]) == pytest.approx((0.396773, 0.892211), abs=1e-6)
    assert (friction["success_ci_low"], friction["success_ci_high"]) == pytest.approx(
        proportion_confint(7, 10, method="wilson"), abs=1e-4
    )
    # mean score over all units with an evaluation <= as_of, inconclusive included: (5 + 4 + 1 + 3) / 4
    assert friction["avg_score"] == pytest.approx(3.25)

    bug = got["ihf:bug/chart"]
    assert counts(bug) == (1, 0, 1, 0, 0)
    assert (bug["success_ci_low"], bug["success_ci_high"]) == pytest.approx(wilson_interval(0, 1), abs=1e-12)
    assert bug["success_ci_low"] == 0 and bug["avg_score"] is None

    confusion = got["ihf:confusion/table"]
    assert counts(confusion) == (0, 0, 0, 0, 1)
    assert (confusion["success_rate"], confusion["success_ci_low"], confusion["failure_rate"]) == (None, None, None)
    # pooled ihf rate = 7 / 11 = 0.636: inside every interval, and a record with sample 0 is typical
    assert {r["tier"] for r in got.values()} == {"typical"}


def test_foreman_units_qa_success_and_median_minutes(history, conn, db_url):
    history.builder("ui-builder", "local")
    history.builder("api-builder", "hosted")
    done = IN_WINDOW

    def completed(minutes, qa, builder="ui-builder", completed_at=done):
        started = None if minutes is None else completed_at - timedelta(minutes=minutes)
        return history.task(builder, "completed", started, completed_at, qa=qa)

    completed(30, [("RED", done), ("GREEN", done + DAY)])  # success
    completed(10, [("GREEN", done), ("RED", done + DAY), ("GREEN", AS_OF + DAY)])  # latest <= as_of is RED
    tie = done + DAY  # same executed_at: the larger execution_id is the latest
    completed(50, [("GREEN", tie, UUID(int=1)), ("PARTIAL", tie, UUID(int=2))])  # PARTIAL → failure
    completed(20, [])  # no QA execution → failure
    completed(None, [("GREEN", done)])  # success; no start time, so not in the median
    history.task("ui-builder", "failed", updated_at=WINDOW_START)  # failed in the window (first instant)
    # not units: failed before the window, completed after as_of, still running, no builder
    history.task("ui-builder", "failed", updated_at=WINDOW_START - timedelta(seconds=1))
    completed(5, [("GREEN", done)], completed_at=AS_OF + DAY)
    history.task("ui-builder", "in-progress", started_at=done)
    history.task(None, "completed", done - DAY, done)
    completed(15, [("GREEN", done)], builder="api-builder")
    run_patterns(db_url)
    got = records(conn)
    assert set(got) == {"foreman:ui-builder/local", "foreman:api-builder/hosted"}
    ui = got["foreman:ui-builder/local"]
    assert counts(ui) == (6, 2, 4, 0, 0)
    assert ui["attributes"] == {"builder": "ui-builder", "backend_type": "local"}
    # median of 10, 20, 30, 50 minutes (even count) = (20 + 30) / 2
    assert ui["avg_score"] == pytest.approx(25.0)
    assert (ui["success_ci_low"], ui["success_ci_high"]) == pytest.approx(wilson_interval(2, 6), abs=1e-12)
    api = got["foreman:api-builder/hosted"]
    assert counts(api) == (1, 1, 0, 0, 0) and api["avg_score"] == pytest.approx(15.0)
    assert api["success_ci_high"] == 1


def test_scaffold_units_satisfaction_and_tiers(history, conn, db_url):
    for i in range(20):
        history.project("always", "success", satisfaction=[(5, IN_WINDOW), (4, AS_OF)] if i == 0 else ())
        history.project("rarely", "success" if i < 2 else "failure")
        history.project("often", "success" if i < 10 else "failure")
    history.project("always", "success", satisfaction=[(1, AS_OF + DAY)])  # feedback after as_of: ignored
    # not units (their feedback does not count either)
    history.project("always", "failure", status="deleted", satisfaction=[(1, IN_WINDOW)])
    history.project("always", None, satisfaction=[(1, IN_WINDOW)])
    history.project("always", "failure", created_at=WINDOW_START - DAY)
    history.project("always", "failure", created_at=AS_OF + DAY)
    run_patterns(db_url)
    got = records(conn)
    assert counts(got["scaffold:always"]) == (21, 21, 0, 0, 0)
    assert counts(got["scaffold:rarely"]) == (20, 2, 18, 0, 0)
    assert counts(got["scaffold:often"]) == (20, 10, 10, 0, 0)
    assert got["scaffold:always"]["avg_score"] == pytest.approx(4.5)  # (5 + 4) / 2
    assert got["scaffold:rarely"]["avg_score"] is None
    assert got["scaffold:always"]["attributes"] == {"pattern_id": "always", "pattern_name": "Always"}
    # pooled = (21 + 2 + 10) / 61 = 0.540984
    # always: Wilson(21, 21) low = (22.9208 - 1.96·√0.9604) / 24.8416 = 21 / 24.8416 = 0.845356 > pooled
    #         → outperforming (high is exactly 1)
    # rarely: Wilson(2, 20) high = (3.9208 + 1.96·√(1.8 + 0.9604)) / 23.8416 = 0.301038 < pooled → underperforming
    # often:  Wilson(10, 20) = (11.9208 ∓ 1.96·√(5 + 0.9604)) / 23.8416 = (0.299295, 0.700705) → typical
    pooled = 33 / 61
    assert got["scaffold:always"]["success_ci_low"] == pytest.approx(0.845356, abs=1e-6)
    assert got["scaffold:rarely"]["success_ci_high"] == pytest.approx(0.301038, abs=1e-6)
    tiers = {key: r["tier"] for key, r in got.items()}
    assert tiers == {"scaffold:always": "outperforming", "scaffold:rarely": "underperforming", "scaffold:often": "typical"}
    assert tiers == {key: tier(*wilson_interval(r["success_count"], r["sample_size"]), pooled) for key, r in got.items()}


def test_pooled_rate_is_per_domain(history, conn, db_url):
    # ihf alone: 12 of 20 improved → pooled 0.6, Wilson(12, 20) = (0.386578, 0.781196) → typical.
    # If scaffold's 2 of 20 were pooled with it (14 / 40 = 0.35) the ihf pattern would be outperforming.
    for i in range(20):
        history.deployment("bug", "nav", IN_WINDOW, [("improved" if i < 12 else "regressed", IN_WINDOW + DAY)])
        history.project("weak", "success" if i < 2 else "failure")
    history.deployment("bug", "form", IN_WINDOW, [("inconclusive", IN_WINDOW + DAY)])
    run_patterns(db_url)
    got = records(conn)
    assert got["ihf:bug/nav"]["tier"] == "typical"
    assert got["ihf:bug/form"]["tier"] == "typical"  # sample 0
    assert got["scaffold:weak"]["tier"] == "typical"  # alone in its domain: pooled = its own rate


def test_rerun_replaces_records_of_its_as_of_only(history, conn, db_url):
    history.project("kept", "success")
    dropped = history.project("dropped", "failure")
    run_patterns(db_url, AS_OF - 30 * DAY)  # an older as_of: history
    run_patterns(db_url)
    first = records(conn)
    run_patterns(db_url)
    assert without_computed_at(records(conn)) == without_computed_at(first)  # same ids and values
    conn.execute("update scaffold.project_outcomes set status = 'deleted' where id = %s", (dropped,))
    run_patterns(db_url)
    assert set(records(conn)) == {"scaffold:kept"}
    assert set(records(conn, AS_OF - 30 * DAY)) == {"scaffold:kept", "scaffold:dropped"}
    total = conn.execute("select count(*) from pattern_performance_records").fetchone()[0]
    assert total == 3


@pytest.mark.slow
def test_planted_truth_is_recovered_at_medium(medium_history):
    url, truth = medium_history
    run_patterns(url)
    with psycopg.connect(url) as conn:
        got = records(conn)
    # ihf: P(improved | decisive) of every well-sampled pattern lies in its Wilson interval
    # for at least 90% of them (95% intervals).
    planted = truth["ihf.patterns"]
    sampled = [key for key in planted if key in got and got[key]["sample_size"] >= 30]
    assert len(sampled) >= 10
    covered = [
        key for key in sampled
        if got[key]["success_ci_low"] <= planted[key]["p_improved"] <= got[key]["success_ci_high"]
    ]
    assert len(covered) >= 0.9 * len(sampled), sorted(set(sampled) - set(covered))
    # foreman and scaffold: the planted best pattern outperforms its domain, the worst underperforms
    foreman = {builder["pattern_key"]: builder["p_success"] for builder in truth["foreman.builders"].values()}
    scaffold = {key: pattern["p_success"] for key, pattern in truth["scaffold.patterns"].items()}
    for p_success in (foreman, scaffold):
        best, worst = max(p_success, key=p_success.get), min(p_success, key=p_success.get)
        assert got[best]["tier"] == "outperforming", best
        assert got[worst]["tier"] == "underperforming", worst


@pytest.mark.bench
def test_bench_pattern_performance_at_medium(medium_history):
    url, _ = medium_history
    started = time.perf_counter()
    run_patterns(url)
    print(f"pattern_performance_records at medium: {time.perf_counter() - started:.2f} s (incl. checks)")
