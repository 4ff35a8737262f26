"""Builder-stall monitor (SPEC §7.6): one open builder_stall blocker per stalled
task, never two (repeated and racing passes), resolved when heartbeats resume."""

import os
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone

import psycopg
import pytest
from dagster import DagsterInstance, build_schedule_context, materialize

from orchestration.assets.foreman_monitor.assets import builder_stall_blockers, foreman_monitor_job_schedule
from orchestration.assets.foreman_monitor.checks import builder_stall_blockers_cover_every_stall
from orchestration.assets.foreman_monitor.stalls import run_monitor_pass
from orchestration.lib.as_of import iso
from orchestration.resources import LearningSettings, PostgresResource

AT = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


def minutes_before(minutes: float, at: datetime = AT) -> datetime:
    return at - timedelta(minutes=minutes)


def add_task(conn, name: str) -> str:
    program = conn.execute(
        "insert into foreman.programs (name, description, state) values (%s, 'p', 'in-progress')"
        " on conflict (name) do update set name = excluded.name returning program_id",
        ("program",),
    ).fetchone()[0]
    wave = conn.execute(
        "insert into foreman.waves (program_id, name, sequence_number, state) values (%s, 'w', 1, 'in-progress')"
        " on conflict (program_id, sequence_number) do update set name = excluded.name returning wave_id",
        (program,),
    ).fetchone()[0]
    return conn.execute(
        "insert into foreman.tasks (wave_id, name, architecture_reference, qa_suite_location, acceptance_criteria, state)"
        " values (%s, %s, 'arch.md', 'qa/', 'ok', 'in-progress') returning task_id",
        (wave, name),
    ).fetchone()[0]


def add_builder(conn, builder_id: str, state: str, last_heartbeat: datetime, task_id=None) -> None:
    conn.execute(
        "insert into foreman.builders (builder_id, backend_type, current_task_id, state, last_heartbeat, provenance)"
        " values (%s, 'local', %s, %s, %s, '{\"model\": \"m1\"}')",
        (builder_id, task_id, state, last_heartbeat),
    )


def stall_blockers(conn) -> list[tuple]:
    return conn.execute(
        "select entity_type, entity_id, resolved_at, resolution_action from foreman.blockers"
        " where classification = 'builder_stall' order by detected_at, blocker_id"
    ).fetchall()


def evidence(conn, action: str) -> list[tuple]:
    return conn.execute(
        "select entity_type, entity_id, actor, context ->> 'builder_id', (context ->> 'blocker_id')::uuid, timestamp"
        " from foreman.evidence_trail where action = %s order by timestamp",
        (action,),
    ).fetchall()


def run_asset(db_url: str, at: datetime, stall_minutes: int | None = None):
    run_config = {"ops": {"builder_stall_blockers": {"config": {"stall_minutes": stall_minutes}}}} if stall_minutes else None
    result = materialize(
        [builder_stall_blockers, builder_stall_blockers_cover_every_stall],
        resources={"postgres": PostgresResource(url=db_url), "learning": LearningSettings(as_of=iso(at))},
        run_config=run_config,
        instance=DagsterInstance.ephemeral(),
    )
    assert result.success
    assert all(check.passed for check in result.get_asset_check_evaluations())
    return result.asset_materializations_for_node("builder_stall_blockers")[0].metadata


def test_stalled_builder_gets_one_blocker_across_three_runs(db_url, conn):
    task = add_task(conn, "t1")
    add_builder(conn, "api-builder", "active", minutes_before(20), task)  # silent 20 min > 15

    first = run_asset(db_url, AT)
    assert first["opened"].value == 1 and first["resolved"].value == 0
    assert first["opened_builder_ids"].value == ["api-builder"]
    for later in (AT + timedelta(minutes=5), AT + timedelta(minutes=10)):
        assert run_asset(db_url, later)["opened"].value == 0

    [(entity_type, entity_id, resolved_at, _)] = stall_blockers(conn)
    assert (entity_type, entity_id, resolved_at) == ("task", task, None)
    [(ev_type, ev_entity, actor, builder, blocker_id, at)] = evidence(conn, "builder_stall_detected")
    assert (ev_type, ev_entity, actor, builder, at) == ("task", task, "foreman", "api-builder", AT)
    assert str(blocker_id) == first["opened_blocker_ids"].value[0]


def test_racing_passes_open_one_blocker(db_url, conn):
    task = add_task(conn, "t1")
    add_builder(conn, "api-builder", "active", minutes_before(30), task)

    # Pass 1 holds its transaction open; pass 2 starts meanwhile and must wait
    # on the advisory lock, then find the blocker pass 1 committed.
    second_result = {}
    with psycopg.connect(db_url) as first, psycopg.connect(db_url) as second:
        first_pass = run_monitor_pass(first, AT)

        def run_second():
            second_result["pass"] = run_monitor_pass(second, AT)
            second.commit()

        racer = threading.Thread(target=run_second)
        racer.start()
        deadline = time.monotonic() + 10
        while not conn.execute(
            "select exists (select 1 from pg_locks where locktype = 'advisory' and not granted"
            " and database = (select oid from pg_database where datname = current_database()))"
        ).fetchone()[0]:
            assert time.monotonic() < deadline, "the second pass never waited for the lock"
            time.sleep(0.05)
        first.commit()
        racer.join(timeout=10)
    assert len(first_pass.opened) == 1
    assert second_result["pass"].opened == []
    assert len(stall_blockers(conn)) == 1


def test_many_simultaneous_passes_open_one_blocker(db_url, conn):
    task = add_task(conn, "t1")
    add_builder(conn, "ui-builder", "active", minutes_before(45), task)
    start = threading.Barrier(4)
    opened = []

    def run_pass():
        with psycopg.connect(db_url) as own:
            start.wait()
            opened.extend(run_monitor_pass(own, AT).opened)

    threads = [threading.Thread(target=run_pass) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert len(opened) == 1
    assert len(stall_blockers(conn)) == 1
    assert len(evidence(conn, "builder_stall_detected")) == 1


def test_resumed_heartbeats_resolve_the_blocker(db_url, conn):
    task = add_task(conn, "t1")
    add_builder(conn, "schema-builder", "active", minutes_before(16), task)
    opened = run_asset(db_url, AT)["opened_blocker_ids"].value

    later = AT + timedelta(minutes=5)
    conn.execute("update foreman.builders set last_heartbeat = %s", (later - timedelta(minutes=1),))
    metadata = run_asset(db_url, later)
    assert metadata["resolved_blocker_ids"].value == opened
    assert metadata["resolved_builder_ids"].value == ["schema-builder"]
    assert stall_blockers(conn) == [("task", task, later, "heartbeat_resumed")]
    [(ev_type, ev_entity, actor, builder, blocker_id, at)] = evidence(conn, "builder_stall_resolved")
    assert (ev_type, ev_entity, actor, builder, str(blocker_id), at) == (
        "task", task, "foreman", "schema-builder", opened[0], later,
    )
    # Resolving is idempotent; a new silence opens a new blocker.
    assert run_asset(db_url, later)["resolved"].value == 0
    assert run_asset(db_url, later + timedelta(minutes=20))["opened"].value == 1
    assert [row[2] for row in stall_blockers(conn)] == [later, None]


def test_builder_leaving_active_resolves_the_blocker(db_url, conn):
    task = add_task(conn, "t1")
    add_builder(conn, "qa-builder", "active", minutes_before(60), task)
    run_monitor_pass(conn, AT)
    conn.execute("update foreman.builders set state = 'failed'")
    resolved = run_monitor_pass(conn, AT + timedelta(minutes=5)).resolved
    assert [(c.builder_id, c.task_id) for c in resolved] == [("qa-builder", task)]
    assert stall_blockers(conn)[0][3] == "heartbeat_resumed"


def test_idle_and_taskless_builders_never_get_a_blocker(db_url, conn):
    task = add_task(conn, "t1")
    add_builder(conn, "ui-builder", "idle", minutes_before(600), task)  # idle: never stalled
    add_builder(conn, "api-builder", "active", minutes_before(600))  # no current task
    add_builder(conn, "qa-builder", "blocked", minutes_before(600), task)
    add_builder(conn, "integration-builder", "active", minutes_before(15), task)  # exactly 15 min: not older
    metadata = run_asset(db_url, AT)
    assert metadata["opened"].value == 0
    assert stall_blockers(conn) == []
    assert evidence(conn, "builder_stall_detected") == []


def test_two_stalled_builders_on_one_task_make_one_blocker(conn):
    task = add_task(conn, "t1")
    add_builder(conn, "ui-builder", "active", minutes_before(20), task)
    add_builder(conn, "api-builder", "active", minutes_before(40), task)
    [change] = run_monitor_pass(conn, AT).opened
    assert change.builder_id == "api-builder"  # the longest silent one
    assert len(stall_blockers(conn)) == 1


def test_stall_minutes_is_configurable(db_url, conn):
    task = add_task(conn, "t1")
    add_builder(conn, "api-builder", "active", minutes_before(20), task)
    assert run_asset(db_url, AT, stall_minutes=30)["opened"].value == 0  # 20 min silent < 30
    assert run_asset(db_url, AT, stall_minutes=10)["opened"].value == 1
    with pytest.raises(ValueError, match="stall minutes"):
        run_monitor_pass(conn, AT, 0)


def test_monitor_job_and_schedule_are_defined():
    from orchestration.definitions import defs

    job = defs.resolve_job_def("foreman_monitor_job")
    schedule = defs.resolve_schedule_def("foreman_monitor_job_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone, schedule.job_name) == ("*/5 * * * *", "UTC", job.name)
    assert [key.to_user_string() for key in job.asset_layer.selected_asset_keys] == ["builder_stall_blockers"]
    request = foreman_monitor_job_schedule(build_schedule_context(scheduled_execution_time=AT))
    assert (request.run_key, request.run_config) == (
        "2026-06-01T12:00:00Z", {"resources": {"learning": {"config": {"as_of": "2026-06-01T12:00:00Z"}}}},
    )
    nightly = defs.resolve_job_def("nightly_learning_job")
    assert "builder_stall_blockers" not in {key.to_user_string() for key in nightly.asset_layer.selected_asset_keys}


def run_ihf(db_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "IHF_DATABASE_URL": db_url}
    return subprocess.run(
        [sys.executable, "-m", "orchestration", "foreman", "monitor", *args],
        capture_output=True, text=True, env=env, timeout=300,
    )


def test_cli_prints_what_it_opened_and_resolved(db_url, conn):
    stalled_task, resumed_task = add_task(conn, "t1"), add_task(conn, "t2")
    add_builder(conn, "api-builder", "active", minutes_before(16), stalled_task)
    add_builder(conn, "ui-builder", "active", minutes_before(20), resumed_task)
    # At AT - 1 min: ui-builder silent 19 min (stalled), api-builder exactly 15 (not yet).
    run_monitor_pass(conn, AT - timedelta(minutes=1))
    conn.execute("update foreman.builders set last_heartbeat = %s where builder_id = 'ui-builder'", (AT,))
    [resumed_blocker] = conn.execute("select blocker_id from foreman.blockers").fetchone()

    result = run_ihf(db_url, "--at", iso(AT))
    assert result.returncode == 0, result.stderr
    [stalled_blocker] = conn.execute("select blocker_id from foreman.blockers where resolved_at is null").fetchone()
    assert result.stdout.splitlines() == [
        f"opened builder_stall blocker {stalled_blocker}: builder api-builder, task {stalled_task}",
        f"resolved builder_stall blocker {resumed_blocker}: builder ui-builder, task {resumed_task}",
        "foreman monitor at 2026-06-01T12:00:00Z (stall after 15 min): opened 1, resolved 1",
    ]


@pytest.mark.parametrize("args", [["--at", "noon"], ["--stall-minutes", "0"]])
def test_cli_bad_input_is_one_line_and_writes_nothing(db_url, conn, args):
    add_builder(conn, "api-builder", "active", minutes_before(20), add_task(conn, "t1"))
    result = run_ihf(db_url, *args)
    assert result.returncode == 2
    assert [line for line in result.stderr.splitlines() if line.strip()][0].startswith("ihf: error:")
    assert stall_blockers(conn) == []


def test_planted_stalls_are_found_and_nothing_else(db_url, conn, tmp_path):
    from orchestration.synthetic import load_synthetic_history

    seed_as_of = datetime(2026, 6, 1, tzinfo=timezone.utc)
    load_synthetic_history(db_url, "tiny", seed=3, as_of=seed_as_of, progress=False, truth_dir=tmp_path)
    planted = conn.execute("select value from synthetic.planted_truth where key = 'foreman.stalled_builders'").fetchone()[0]
    resolved_before = conn.execute("select count(*) from foreman.blockers where resolved_at is not null").fetchone()[0]

    metadata = run_asset(db_url, seed_as_of)
    assert sorted(metadata["opened_builder_ids"].value) == sorted(planted) and len(planted) == 2
    assert metadata["resolved"].value == 0
    assert conn.execute("select count(*) from foreman.blockers where resolved_at is not null").fetchone()[0] == resolved_before
    assert run_asset(db_url, seed_as_of)["opened"].value == 0
