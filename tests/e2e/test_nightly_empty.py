"""The nightly job succeeds on a freshly upgraded, empty schema: every mart exists and is empty."""

import psycopg

from orchestration.lib.as_of import parse_as_of
from orchestration.lib.jobs_runner import run_job


def test_nightly_on_an_empty_schema(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("IHF_HOME", str(tmp_path))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    result = run_job("nightly_learning_job", db_url, parse_as_of("2026-06-01"))
    assert result.success
    with psycopg.connect(db_url) as conn:
        marts = [r[0] for r in conn.execute(
            "select table_name from information_schema.tables where table_schema = 'analytics'")]
        assert {"widget_friction", "lineage_chain", "pattern_performance", "program_progress"} <= set(marts)
        assert conn.execute("select count(*) from analytics.widget_friction").fetchone()[0] == 0
