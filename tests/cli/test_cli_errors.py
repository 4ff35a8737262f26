"""Bad input: one line on stderr, a non-zero exit, nothing written."""

import os
import subprocess
import sys

import psycopg
import pytest


def run_ihf(*args: str, url: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ}
    if url:
        env["IHF_DATABASE_URL"] = url
    return subprocess.run(
        [sys.executable, "-m", "orchestration", *args], capture_output=True, text=True, env=env, timeout=300
    )


def assert_one_line_error(result: subprocess.CompletedProcess) -> None:
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ihf: error:")


@pytest.mark.parametrize(
    "args",
    [
        ["bogus"],
        ["nightly", "--as-of", "2026-13-01"],
        ["nightly", "--as-of", "yesterday"],
        ["db", "downgrade"],
    ],
)
def test_bad_input_is_one_line(args, db_url):
    assert_one_line_error(run_ihf(*args, url=db_url))


def test_unreachable_database():
    result = run_ihf("db", "upgrade", url="postgresql://nobody@127.0.0.1:1/none")
    assert_one_line_error(result)
    assert "IHF_DATABASE_URL" in result.stderr


def test_missing_schema_says_what_to_do(bare_db_url):
    result = run_ihf("nightly", "--as-of", "2026-06-01", url=bare_db_url)
    assert_one_line_error(result)
    assert "ihf db upgrade" in result.stderr
    with psycopg.connect(bare_db_url) as conn:
        tables = conn.execute(
            "select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')"
        ).fetchone()[0]
    assert tables == 0
