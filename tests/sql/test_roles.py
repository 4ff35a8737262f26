"""Least privilege (SPEC §4): the pipeline cannot rewrite the append-only record,
the analyst cannot read operational tables, and roles survive repeated upgrades."""

import psycopg
import pytest
from psycopg import sql

from orchestration.lib import schema
from orchestration.lib.roles import RoleNames
from tests.chain_builder import hub_and_widget, insert
from tests.conftest import create_database, drop_database

ROLES = RoleNames()


def as_role(conn: psycopg.Connection, role: str) -> None:
    conn.execute(sql.SQL("set role {}").format(sql.Identifier(role)))


@pytest.mark.parametrize("table", ["interaction_events", "outcome_signals"])
@pytest.mark.parametrize(
    "statement",
    [
        "update {table} set id = id",
        "delete from {table}",
        "truncate {table}",
        "alter table {table} disable trigger all",
        "alter table {table} disable trigger {table}_no_update",
    ],
)
def test_pipeline_cannot_rewrite_append_only_tables(conn, table, statement):
    as_role(conn, ROLES.pipeline)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement.format(table=table))


def test_pipeline_can_append_and_read(conn):
    _, widget = hub_and_widget(conn)
    as_role(conn, ROLES.pipeline)
    insert(conn, "interaction_events", widget_id=widget, event_type="clicked")
    assert conn.execute("select count(*) from interaction_events").fetchone()[0] == 1
    conn.execute("update decision_records set outcome_summary = null")  # learning writes are allowed


@pytest.mark.parametrize("table", ["interaction_events", "annotations", "foreman.tasks", "scaffold.project_outcomes"])
def test_analyst_cannot_read_operational_tables(conn, table):
    as_role(conn, ROLES.analyst)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(f"select * from {table} limit 1")


def test_upgrade_twice_and_a_second_database_share_one_set_of_roles(pg_admin_url, db_url):
    assert schema.upgrade(db_url)[0] == schema.head_revision()  # second upgrade: a no-op
    other = create_database(pg_admin_url)
    try:
        schema.upgrade(other)
        with psycopg.connect(other) as conn:
            owners = conn.execute("select distinct tableowner from pg_tables where schemaname = 'foreman'").fetchall()
            roles = conn.execute(
                "select count(*) from pg_roles where rolname = any(%s)", ([ROLES.owner, ROLES.pipeline, ROLES.analyst],)
            ).fetchone()[0]
        assert owners == [(ROLES.owner,)]
        assert roles == 3
    finally:
        drop_database(pg_admin_url, other)
