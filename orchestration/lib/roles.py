"""Least-privilege roles (SPEC §4), applied by `ihf db upgrade` after the migrations.

- owner: owns the operational schemas and everything in them;
- pipeline: reads and writes what the nightly run needs, but only SELECT/INSERT
  on the append-only tables, and as a non-owner it cannot alter or disable
  their triggers; it may create the analytics* and dagster schemas;
- analyst: reads the analytics* schemas only (dbt grants SELECT on each model
  it builds, see dbt_project.yml).

Roles are cluster-wide: creation tolerates roles made by an earlier upgrade of
this or another database, and every grant is re-applied (idempotent).
Names come from IHF_OWNER_ROLE / IHF_PIPELINE_ROLE / IHF_ANALYST_ROLE.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import psycopg
from psycopg import sql

OPERATIONAL_SCHEMAS = ("public", "foreman", "scaffold", "ihf_meta")
APPEND_ONLY_TABLES = (("public", "interaction_events"), ("public", "outcome_signals"))


@dataclass(frozen=True)
class RoleNames:
    owner: str = "ihf_owner"
    pipeline: str = "ihf_pipeline"
    analyst: str = "ihf_analyst"

    @classmethod
    def from_env(cls) -> "RoleNames":
        return cls(
            owner=os.environ.get("IHF_OWNER_ROLE", cls.owner),
            pipeline=os.environ.get("IHF_PIPELINE_ROLE", cls.pipeline),
            analyst=os.environ.get("IHF_ANALYST_ROLE", cls.analyst),
        )


def _ensure_role(conn: psycopg.Connection, name: str) -> None:
    if conn.execute("select 1 from pg_roles where rolname = %s", (name,)).fetchone():
        return
    try:
        with conn.transaction():
            conn.execute(sql.SQL("create role {} nologin").format(sql.Identifier(name)))
    except psycopg.errors.DuplicateObject:
        pass  # a concurrent upgrade of another database created it first


def _owned_objects(conn: psycopg.Connection) -> list[tuple[str, str, str]]:
    """(kind, schema, name) of the relations and functions in the operational schemas."""
    return conn.execute(
        """
        select case c.relkind when 'v' then 'view' when 'S' then 'sequence' else 'table' end, n.nspname::text, c.relname::text
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = any(%(schemas)s) and c.relkind in ('r', 'p', 'v', 'S')
        union all
        select 'function', n.nspname, p.oid::regprocedure::text
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace
         where n.nspname = any(%(schemas)s)
        """,
        {"schemas": list(OPERATIONAL_SCHEMAS)},
    ).fetchall()


def _transfer_ownership(conn: psycopg.Connection, owner: sql.Identifier) -> None:
    for schema in OPERATIONAL_SCHEMAS:
        conn.execute(sql.SQL("alter schema {} owner to {}").format(sql.Identifier(schema), owner))
    for kind, schema, name in _owned_objects(conn):
        if kind == "function":  # regprocedure text is already a qualified signature
            target = sql.SQL(name if "." in name.split("(")[0] else f"{schema}.{name}")
        else:
            target = sql.Identifier(schema, name)
        conn.execute(sql.SQL("alter {} {} owner to {}").format(sql.SQL(kind), target, owner))


def apply_roles(conn: psycopg.Connection, roles: RoleNames | None = None) -> RoleNames:
    """Create the roles if missing and (re)apply ownership and privileges, in one transaction."""
    roles = roles or RoleNames.from_env()
    owner, pipeline, analyst = (sql.Identifier(n) for n in (roles.owner, roles.pipeline, roles.analyst))
    with conn.transaction():
        # Serialise with concurrent upgrades of other databases (roles are shared).
        conn.execute("select pg_advisory_xact_lock(hashtext('ihf roles'))")
        for name in (roles.owner, roles.pipeline, roles.analyst):
            _ensure_role(conn, name)
        if conn.execute("select rolsuper from pg_roles where rolname = current_user").fetchone()[0]:
            # The pipeline reads every organisation's Foreman rows; tenants stay isolated by RLS.
            conn.execute(sql.SQL("alter role {} bypassrls").format(pipeline))
        else:
            conn.execute(sql.SQL("grant {} to current_user").format(owner))
        _transfer_ownership(conn, owner)
        database = sql.Identifier(conn.info.dbname)
        conn.execute(sql.SQL("grant create on database {} to {}").format(database, pipeline))
        for schema in map(sql.Identifier, OPERATIONAL_SCHEMAS):
            conn.execute(sql.SQL("grant usage on schema {} to {}").format(schema, pipeline))
            conn.execute(sql.SQL("grant select, insert, update, delete on all tables in schema {} to {}").format(schema, pipeline))
            conn.execute(sql.SQL("revoke all on all tables in schema {} from {}").format(schema, analyst))
        for schema, table in APPEND_ONLY_TABLES:
            conn.execute(sql.SQL("revoke update, delete, truncate on {} from {}").format(sql.Identifier(schema, table), pipeline))
        for (schema,) in conn.execute("select nspname from pg_namespace where nspname like 'analytics%%' or nspname = 'dagster'").fetchall():
            conn.execute(sql.SQL("grant all on schema {} to {}").format(sql.Identifier(schema), pipeline))
    return roles
