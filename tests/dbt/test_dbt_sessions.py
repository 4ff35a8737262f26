"""dbt's sessions get the analytic work_mem through PGOPTIONS (libpq, as dbt-postgres connects)."""

import psycopg

from orchestration.lib import db
from orchestration.resources import PostgresResource


def _work_mem(url: str, pgoptions: str, monkeypatch) -> str:
    monkeypatch.setenv("PGOPTIONS", pgoptions)
    with psycopg.connect(url) as conn:
        return conn.execute("show work_mem").fetchone()[0]


def test_dbt_sessions_hash_and_sort_with_the_analytic_work_mem(db_url, monkeypatch):
    monkeypatch.delenv("PGOPTIONS", raising=False)
    with psycopg.connect(db_url) as conn:
        server_default = conn.execute("show work_mem").fetchone()[0]
    assert server_default != db.ANALYTIC_WORK_MEM  # else this test could not fail
    options = PostgresResource(url=db_url).dbt_env()["PGOPTIONS"]
    assert _work_mem(db_url, options, monkeypatch) == db.ANALYTIC_WORK_MEM


def test_a_work_mem_already_in_pgoptions_wins(db_url, monkeypatch):
    monkeypatch.setenv("PGOPTIONS", "-c statement_timeout=0 -c work_mem=8MB")
    options = PostgresResource(url=db_url).dbt_env()["PGOPTIONS"]
    assert options == "-c statement_timeout=0 -c work_mem=8MB"
    assert _work_mem(db_url, options, monkeypatch) == "8MB"
