"""Foreman marts (SPEC §8) against a small hand-built program: every number
below is computed by hand in a comment. dbt runs once for the module."""

import uuid
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from orchestration.assets.foreman_monitor.stalls import run_monitor_pass
from orchestration.lib import db
from tests.dbt_runner import run_dbt

REPO_ROOT = Path(__file__).resolve().parents[2]
AS_OF = datetime(2026, 6, 1, tzinfo=timezone.utc)  # a Monday
MARTS = ("program_progress", "qa_health", "qa_pass_rate_trend", "builder_utilisation")


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def add(conn, table: str, **values) -> object:
    columns = sql.SQL(", ").join(map(sql.Identifier, values))
    placeholders = sql.SQL(", ").join(sql.Placeholder() * len(values))
    query = sql.SQL("insert into {} ({}) values ({}) returning 1").format(sql.Identifier("foreman", table), columns, placeholders)
    conn.execute(query, list(values.values()))
    return next(iter(values.values()))


def build_history(conn) -> dict[str, uuid.UUID]:
    ids = {name: uuid.uuid4() for name in ("P", "Q", "W1", "W2", "W3", "T1", "T2", "T3", "T4", "T5")}
    created = ts("2026-01-01T00:00:00")
    add(conn, "programs", program_id=ids["P"], name="P", description="d", state="in-progress", created_at=created)
    add(conn, "programs", program_id=ids["Q"], name="Q", description="d", state="planned", created_at=ts("2026-07-01T00:00:00"))
    for wave, seq, state in (("W1", 1, "completed"), ("W2", 2, "in-progress"), ("W3", 3, "planned")):
        add(conn, "waves", wave_id=ids[wave], program_id=ids["P"], name=wave, sequence_number=seq, state=state, created_at=created)
    for task, wave, state, progress in (
        ("T1", "W1", "completed", 100), ("T2", "W1", "completed", 100),
        ("T3", "W2", "in-progress", 50), ("T4", "W2", "blocked", 20), ("T5", "W2", "planned", 0),
    ):
        add(conn, "tasks", task_id=ids[task], wave_id=ids[wave], name=task, architecture_reference="a", qa_suite_location="q",
            acceptance_criteria="c", state=state, progress_percentage=progress, assigned_builder="api-builder", created_at=created)
    for kind, entity, classification, detected, resolved in (
        ("wave", "W2", "repeated_failures", "2026-05-01T00:00:00", "2026-06-15T00:00:00"),  # resolved after as_of: open
        ("program", "P", "protected_path", "2026-04-01T00:00:00", "2026-05-01T00:00:00"),  # resolved before: closed
        ("task", "T5", "architecture_qa_mismatch", "2026-06-10T00:00:00", None),  # raised after as_of: not yet
        ("task", "T4", "constitutional_violation", "2026-05-15T00:00:00", None),  # open, T4 already blocked
    ):
        add(conn, "blockers", entity_type=kind, entity_id=ids[entity], classification=classification, description="x",
            detected_at=ts(detected), resolved_at=ts(resolved) if resolved else None)
    for execution, task, status, total, passing, debt, at in (
        (1, "T1", "RED", 10, 6, 0, "2026-05-10T12:00:00"),
        (2, "T1", "GREEN", 10, 10, 0, "2026-05-20T12:00:00"),
        (3, "T2", "GREEN", 8, 8, 3, "2026-05-25T12:00:00"),
        (4, "T2", "RED", 8, 0, 0, "2026-06-05T12:00:00"),  # after as_of: ignored
        (5, "T3", "PARTIAL", 5, 4, 0, "2026-05-28T12:00:00"),
        (6, "T3", "RED", 5, 1, 0, "2026-05-28T12:00:00"),  # same instant as 5, greater id: latest
    ):
        add(conn, "qa_executions", execution_id=uuid.UUID(int=execution), task_id=ids[task], qa_suite_location="q",
            total_tests=total, passing_tests=passing, failing_tests=total - passing, skipped_tests=0,
            test_debt_count=debt, qa_status=status, executed_at=ts(at))
    for builder, state, task, last in (
        ("api-builder", "active", "T3", "2026-05-31T23:40:00"),  # 20 min silent: stalled
        ("ui-builder", "idle", None, "2026-05-31T20:00:00"),
        ("qa-builder", "active", "T5", "2026-05-31T23:50:00"),  # 10 min: fine
    ):
        add(conn, "builders", builder_id=builder, backend_type="local", state=state, last_heartbeat=ts(last),
            current_task_id=ids[task] if task else None, created_at=created)
    for builder, at in (
        ("api-builder", "2026-04-01T00:00:00"),  # before the 30-day window
        ("api-builder", "2026-05-31T23:00:00"), ("api-builder", "2026-05-31T23:05:00"), ("api-builder", "2026-05-31T23:40:00"),
        ("api-builder", "2026-06-01T00:10:00"),  # after as_of
    ):
        add(conn, "heartbeats", builder_id=builder, timestamp=ts(at), status="active", task_id=ids["T3"])
    ids["stall"] = run_monitor_pass(conn, AS_OF).opened[0].blocker_id  # api-builder on T3
    return ids


@pytest.fixture(scope="module")
def marts(pg_admin_url, template_database, tmp_path_factory):
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("create database {} template {}").format(sql.Identifier(name), sql.Identifier(template_database)))
    url = db.with_database(pg_admin_url, name)
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            ids = build_history(conn)
            selection = [f"+{mart}" for mart in MARTS]
            # the staging models' own tests belong to their suite; here only the marts' run
            result = run_dbt(
                url, tmp_path_factory.mktemp("dbt"), "build", "--select", *selection, "--indirect-selection",
                "cautious", "--exclude", "path:dbt_project/models/staging,resource_type:test", as_of=AS_OF,
            )
            assert result.returncode == 0, result.stdout[-4000:]
            conn.row_factory = psycopg.rows.dict_row
            yield conn, ids
    finally:
        with psycopg.connect(pg_admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


def rows(conn, query: str) -> list[dict]:
    return conn.execute(query).fetchall()


def test_program_progress(marts):
    conn, ids = marts
    [program] = rows(conn, "select * from analytics.program_progress")  # Q was created after as_of
    assert program["program_id"] == ids["P"]
    # W1 = avg(100, 100) = 100; W2 = round(avg(50, 20, 0) = 23.33) = 23; W3 (no tasks) = 0;
    # program = round(avg(100, 23, 0) = 41.0) = 41.
    assert program["progress_percentage"] == 41
    assert (program["wave_count"], program["waves_completed"], program["waves_in_progress"], program["waves_planned"]) == (3, 1, 1, 1)
    assert (program["task_count"], program["tasks_completed"], program["tasks_in_progress"], program["tasks_blocked"],
            program["tasks_planned"], program["tasks_assigned"], program["tasks_failed"]) == (5, 2, 1, 1, 1, 0, 0)
    assert program["task_progress_mean"] == Decimal("54.00")  # (100 + 100 + 50 + 20 + 0) / 5
    assert program["task_completion_percentage"] == Decimal("40.00")  # 2 / 5
    # Open at as_of: W2 repeated_failures (resolved later), T4 constitutional_violation, T3 builder_stall
    # (opened by the monitor at as_of); the protected_path one was resolved, the T5 one is later.
    assert program["open_blocker_count"] == 3
    assert (program["open_repeated_failures_blockers"], program["open_constitutional_violation_blockers"],
            program["open_builder_stall_blockers"], program["open_protected_path_blockers"],
            program["open_architecture_qa_mismatch_blockers"]) == (1, 1, 1, 0, 0)
    assert program["blocked_task_count"] == 2  # T3 (stall blocker) and T4 (state and blocker), once each


def test_program_progress_equals_the_trigger_roll_up(marts):
    conn, _ = marts
    [row] = rows(conn, """
        select p.progress_percentage as mart, (select round(avg(w.progress_percentage))::int from foreman.waves w) as waves
        from analytics.program_progress p""")
    assert row["mart"] == row["waves"] == 41


def test_qa_health(marts):
    conn, ids = marts
    health = {row["task_id"]: row for row in rows(conn, "select * from analytics.qa_health")}
    assert len(health) == 5
    t1, t2, t3 = health[ids["T1"]], health[ids["T2"]], health[ids["T3"]]
    # T1: runs 1 (RED 6/10) and 2 (GREEN 10/10): latest 2; cumulative 16/20.
    assert (t1["latest_execution_id"], t1["qa_health_status"], t1["execution_count"]) == (uuid.UUID(int=2), "green", 2)
    assert (t1["green_execution_rate"], t1["cumulative_pass_rate"], t1["latest_pass_rate"]) == (
        Decimal("0.5000"), Decimal("0.8000"), Decimal("1.0000"))
    # T2: run 4 is after as_of; run 3 is GREEN with 3 debt.
    assert (t2["latest_execution_id"], t2["qa_health_status"], t2["test_debt_count"], t2["execution_count"]) == (
        uuid.UUID(int=3), "green_with_debt", 3, 1)
    # T3: runs 5 and 6 at the same instant: the greater id (6, RED 1/5) is latest; cumulative 5/10.
    assert (t3["latest_execution_id"], t3["latest_qa_status"], t3["qa_health_status"]) == (uuid.UUID(int=6), "RED", "failing")
    assert (t3["cumulative_pass_rate"], t3["latest_pass_rate"]) == (Decimal("0.5000"), Decimal("0.2000"))
    for task in ("T4", "T5"):
        assert (health[ids[task]]["qa_health_status"], health[ids[task]]["execution_count"]) == ("untested", 0)


def test_qa_pass_rate_trend(marts):
    conn, _ = marts
    weeks = {row["week_start"].date().isoformat(): row for row in rows(conn, "select * from analytics.qa_pass_rate_trend")}
    assert len(weeks) == 12 and min(weeks) == "2026-03-16" and max(weeks) == "2026-06-01"
    # 05-04 week: run 1 (Sun 05-10), 6/10. 05-18 week: run 2, 10/10. 05-25 week: runs 3, 5, 6:
    # (8 + 4 + 1) / (8 + 5 + 5) = 13/18 = 0.7222, change 0.7222 - 1.0000.
    summary = {week: (r["execution_count"], r["green_execution_count"], r["test_pass_rate"], r["test_pass_rate_change"])
               for week, r in weeks.items() if r["execution_count"]}
    assert summary == {
        "2026-05-04": (1, 0, Decimal("0.6000"), None),
        "2026-05-18": (1, 1, Decimal("1.0000"), None),
        "2026-05-25": (3, 1, Decimal("0.7222"), Decimal("-0.2778")),
    }
    assert weeks["2026-05-25"]["tasks_executed"] == 2
    assert weeks["2026-06-01"]["is_complete_week"] is False and weeks["2026-05-25"]["is_complete_week"] is True


def test_builder_utilisation(marts):
    conn, ids = marts
    builders = {row["builder_id"]: row for row in rows(conn, "select * from analytics.builder_utilisation")}
    api, ui, qa = builders["api-builder"], builders["ui-builder"], builders["qa-builder"]
    # api: beats 23:00, 23:05, 23:40 in the window (04-01 before it, 00:10 after as_of): gaps 5 and 35.
    assert (api["minutes_since_last_heartbeat"], api["is_stalled"], api["open_stall_blocker_id"]) == (
        Decimal("20.00"), True, ids["stall"])
    assert (api["window_heartbeat_count"], api["max_heartbeat_gap_minutes"], api["avg_heartbeat_gap_minutes"]) == (
        3, Decimal("35.00"), Decimal("20.00"))
    assert (ui["builder_state"], ui["minutes_since_last_heartbeat"], ui["is_stalled"], ui["max_heartbeat_gap_minutes"]) == (
        "idle", Decimal("240.00"), False, None)
    assert (qa["minutes_since_last_heartbeat"], qa["is_stalled"], qa["open_stall_blocker_id"]) == (Decimal("10.00"), False, None)
