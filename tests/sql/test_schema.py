"""The operational schema (SPEC §4): append-only guards, vocabularies, keys, and
a clean, idempotent upgrade on the embedded server and on system PostgreSQL 15."""

import os
import shutil
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import psycopg
import pytest

from orchestration.lib import schema
from tests.chain_builder import candidate_for, decision_for, deployment_for, hub_and_widget, insert, signal

PG15_BIN = Path("/usr/lib/postgresql/15/bin")
WHEN = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.fixture
def appended_rows(conn):
    _, widget = hub_and_widget(conn)
    insert(conn, "interaction_events", widget_id=widget, event_type="clicked")
    deployment = deployment_for(conn, decision_for(conn, candidate=candidate_for(conn, widget)), WHEN)
    signal(conn, deployment, widget, "improved", WHEN)


@pytest.mark.parametrize("table", ["interaction_events", "outcome_signals"])
@pytest.mark.parametrize("statement", ["update {t} set id = id", "delete from {t}"])
def test_update_and_delete_raise_p0001(conn, appended_rows, table, statement):
    with pytest.raises(psycopg.errors.RaiseException) as error:
        conn.execute(statement.format(t=table))
    assert error.value.sqlstate == "P0001"


@pytest.mark.parametrize("table", ["interaction_events", "outcome_signals"])
def test_truncate_is_rejected(conn, appended_rows, table):
    with pytest.raises(psycopg.errors.RaiseException):
        conn.execute(f"truncate {table} cascade")
    assert conn.execute(f"select count(*) from {table}").fetchone()[0] == 1


@pytest.mark.parametrize(
    "statement, error",
    [
        ("insert into outcome_signals (widget_id, deployment_id, signal_type) select widget_id, deployment_id, 'great' from outcome_signals limit 1", psycopg.errors.CheckViolation),
        ("update requirement_candidates set status = 'someday'", psycopg.errors.CheckViolation),
        ("insert into widgets (hub_id, name, widget_type) values (gen_random_uuid(), 'x', 'button')", psycopg.errors.ForeignKeyViolation),
        ("insert into change_evaluations (deployment_id, score, rationale) select id, 6, 'r' from deployment_records", psycopg.errors.CheckViolation),
        ("insert into hubs (slug, name, domain) select slug, 'n', 'd' from hubs", psycopg.errors.UniqueViolation),
        ("insert into foreman.builders (builder_id, backend_type, state) values ('chef-builder', 'local', 'idle')", psycopg.errors.CheckViolation),
        ("insert into scaffold.user_feedback (project_outcome_id, overall_satisfaction) values (gen_random_uuid(), 3)", psycopg.errors.ForeignKeyViolation),
    ],
)
def test_constraints_reject_invalid_rows(conn, appended_rows, statement, error):
    with pytest.raises(error):
        conn.execute(statement)


def test_unknown_severity_is_stored(conn):
    _, widget = hub_and_widget(conn)
    insert(conn, "annotations", widget_id=widget, body="b", severity="urgent")  # flagged by a dbt test, not rejected


@pytest.fixture(scope="module")
def postgres15_url():
    if not (PG15_BIN / "initdb").exists():
        pytest.skip("system PostgreSQL 15 is not installed")
    base = Path(tempfile.mkdtemp(prefix="ihf-pg15-"))
    base.chmod(0o777)
    data, socket_dir = base / "data", base / "sock"
    socket_dir.mkdir()
    socket_dir.chmod(0o777)
    # initdb/pg_ctl refuse to run as root: run them as the postgres OS user.
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*as_postgres, str(PG15_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"], check=True, capture_output=True)
    subprocess.run(
        # -l: the server must not inherit our pipes, or run() waits for it forever
        [*as_postgres, str(PG15_BIN / "pg_ctl"), "-D", str(data), "-w", "-l", str(base / "server.log"),
         "-o", f"-k {socket_dir} -c listen_addresses=''", "start"],
        check=True, capture_output=True,
    )
    try:
        yield f"host={socket_dir} user=postgres dbname=postgres"
    finally:
        subprocess.run([*as_postgres, str(PG15_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def test_upgrade_on_system_postgres15_is_clean_and_idempotent(postgres15_url):
    assert schema.upgrade(postgres15_url) == (None, schema.head_revision())
    assert schema.upgrade(postgres15_url) == (schema.head_revision(), schema.head_revision())
    with psycopg.connect(postgres15_url) as conn:
        assert conn.execute("show server_version_num").fetchone()[0].startswith("15")
        assert conn.execute("select count(*) from pg_trigger where tgname = 'trg_enrich_lineage'").fetchone()[0] == 1


def test_upgrade_on_embedded_server_is_idempotent(db_url):
    assert schema.upgrade(db_url) == (schema.head_revision(), schema.head_revision())
