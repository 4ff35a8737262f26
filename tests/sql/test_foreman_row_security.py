"""Tenant isolation (seed 003 §5, sql/0006): a non-owner role scoped to one
organisation by `ihf.organisation_id` reads and writes only that organisation's
programs, waves and tasks."""

import uuid

import psycopg
import pytest
from psycopg import sql

ORG_A = uuid.UUID("aaaaaaaa-0000-0000-0000-00000000000a")
ORG_B = uuid.UUID("bbbbbbbb-0000-0000-0000-00000000000b")
TENANT_TABLES = ("programs", "waves", "tasks")


def add_program(conn, org: uuid.UUID, name: str) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """A program with one wave and one task (progress 40) of organisation `org`."""
    program = conn.execute(
        "insert into foreman.programs (name, description, state, organisation_id)"
        " values (%s, 'p', 'in-progress', %s) returning program_id",
        (name, org),
    ).fetchone()[0]
    wave = add_wave(conn, program, 1)
    return program, wave, add_task(conn, wave, 40)


def add_wave(conn, program_id, sequence_number: int) -> uuid.UUID:
    return conn.execute(
        "insert into foreman.waves (program_id, name, sequence_number, state)"
        " values (%s, 'w', %s, 'planned') returning wave_id",
        (program_id, sequence_number),
    ).fetchone()[0]


def add_task(conn, wave_id, progress: int) -> uuid.UUID:
    return conn.execute(
        "insert into foreman.tasks (wave_id, name, architecture_reference, qa_suite_location,"
        " acceptance_criteria, state, progress_percentage)"
        " values (%s, 't', 'arch.md', 'qa/', 'ok', 'in-progress', %s) returning task_id",
        (wave_id, progress),
    ).fetchone()[0]


@pytest.fixture
def tenant_role(conn):
    """A fresh non-owner role with table access to foreman; dropped afterwards (roles are cluster-wide)."""
    role = sql.Identifier(f"tenant_{uuid.uuid4().hex[:10]}")
    conn.execute(sql.SQL("create role {} login").format(role))
    try:
        conn.execute(sql.SQL("grant usage on schema foreman to {}").format(role))
        for table in TENANT_TABLES:
            conn.execute(
                sql.SQL("grant select, insert, update, delete on {} to {}").format(sql.Identifier("foreman", table), role)
            )
        yield role
    finally:
        conn.execute(sql.SQL("drop owned by {}").format(role))
        conn.execute(sql.SQL("drop role {}").format(role))


@pytest.fixture
def orgs(conn):
    return {ORG_A: add_program(conn, ORG_A, "program a"), ORG_B: add_program(conn, ORG_B, "program b")}


def as_tenant(db_url: str, role: sql.Identifier, org: uuid.UUID | None) -> psycopg.Connection:
    tenant = psycopg.connect(db_url, autocommit=True)
    tenant.execute(sql.SQL("set role {}").format(role))
    if org is not None:
        tenant.execute("select set_config('ihf.organisation_id', %s, false)", (str(org),))
    return tenant


def ids(conn, table: str) -> set[uuid.UUID]:
    key = {"programs": "program_id", "waves": "wave_id", "tasks": "task_id"}[table]
    return {row[0] for row in conn.execute(sql.SQL("select {} from {}").format(sql.Identifier(key), sql.Identifier("foreman", table)))}


def test_tenant_reads_only_its_own_organisation(db_url, conn, orgs, tenant_role):
    with as_tenant(db_url, tenant_role, ORG_A) as tenant:
        for table, own_id in zip(TENANT_TABLES, orgs[ORG_A]):
            assert ids(tenant, table) == {own_id}
    with as_tenant(db_url, tenant_role, ORG_B) as tenant:
        assert ids(tenant, "tasks") == {orgs[ORG_B][2]}
    with as_tenant(db_url, tenant_role, None) as tenant:  # no organisation set: nothing visible
        assert all(ids(tenant, table) == set() for table in TENANT_TABLES)
    assert len(ids(conn, "tasks")) == 2  # the owner is not restricted (RLS enabled, not forced)


def test_tenant_cannot_update_or_delete_another_organisation(db_url, conn, orgs, tenant_role):
    b_program, b_wave, b_task = orgs[ORG_B]
    with as_tenant(db_url, tenant_role, ORG_A) as tenant:
        statements = [
            ("update foreman.programs set state = 'failed' where program_id = %s", b_program),
            ("update foreman.waves set state = 'failed' where wave_id = %s", b_wave),
            ("update foreman.tasks set progress_percentage = 100 where task_id = %s", b_task),
            ("delete from foreman.tasks where task_id = %s", b_task),
            ("delete from foreman.waves where wave_id = %s", b_wave),
            ("delete from foreman.programs where program_id = %s", b_program),
        ]
        assert [tenant.execute(query, (target,)).rowcount for query, target in statements] == [0] * 6
        assert tenant.execute("update foreman.tasks set progress_percentage = 100").rowcount == 1  # its own only
    assert conn.execute(
        "select p.state, w.state, t.progress_percentage, w.progress_percentage from foreman.tasks t"
        " join foreman.waves w using (wave_id) join foreman.programs p using (program_id) where t.task_id = %s",
        (b_task,),
    ).fetchone() == ("in-progress", "planned", 40, 40)


@pytest.mark.parametrize(
    "query, target",
    [
        ("insert into foreman.programs (name, description, state, organisation_id) values ('x', 'p', 'planned', %s)", "org"),
        ("insert into foreman.waves (program_id, name, sequence_number, state) values (%s, 'w', 2, 'planned')", "program"),
        (
            "insert into foreman.tasks (wave_id, name, architecture_reference, qa_suite_location, acceptance_criteria, state)"
            " values (%s, 't', 'a', 'q', 'c', 'planned')",
            "wave",
        ),
        ("update foreman.programs set organisation_id = %s", "org"),  # hand its own program over
        ("update foreman.waves set program_id = %s", "program"),  # move its wave under B's program
        ("update foreman.tasks set wave_id = %s", "wave"),  # move its task into B's wave
    ],
)
def test_tenant_cannot_write_rows_into_another_organisation(db_url, conn, orgs, tenant_role, query, target):
    b_program, b_wave, _ = orgs[ORG_B]
    value = {"org": ORG_B, "program": b_program, "wave": b_wave}[target]
    with as_tenant(db_url, tenant_role, ORG_A) as tenant:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            tenant.execute(query, (value,))
    assert conn.execute("select count(*) from foreman.tasks where wave_id = %s", (b_wave,)).fetchone()[0] == 1
    assert conn.execute("select count(*) from foreman.programs where organisation_id = %s", (ORG_B,)).fetchone()[0] == 1


def test_tenant_writes_its_own_rows_and_progress_rolls_up(db_url, conn, orgs, tenant_role):
    a_program, a_wave, _ = orgs[ORG_A]
    with as_tenant(db_url, tenant_role, ORG_A) as tenant:
        new_task = add_task(tenant, a_wave, 80)
        add_wave(tenant, a_program, 2)
        assert ids(tenant, "tasks") == {orgs[ORG_A][2], new_task}
    # wave 1 = round(avg(40, 80)) = 60; wave 2 has no tasks = 0; program = avg(60, 0) = 30
    assert conn.execute("select progress_percentage from foreman.waves where wave_id = %s", (a_wave,)).fetchone()[0] == 60
    assert conn.execute("select progress_percentage from foreman.programs where program_id = %s", (a_program,)).fetchone()[0] == 30


def test_tenant_cannot_read_another_organisations_qa_executions(db_url, conn, orgs, tenant_role):
    for _, _, task in orgs.values():
        conn.execute(
            "insert into foreman.qa_executions (task_id, qa_suite_location, total_tests, passing_tests,"
            " failing_tests, skipped_tests, qa_status) values (%s, 'qa/', 1, 1, 0, 0, 'GREEN')",
            (task,),
        )
    conn.execute(sql.SQL("grant select on foreman.qa_executions to {}").format(tenant_role))
    with as_tenant(db_url, tenant_role, ORG_A) as tenant:
        visible = {row[0] for row in tenant.execute("select task_id from foreman.qa_executions")}
    assert visible == {orgs[ORG_A][2]}
