"""End to end: the README's demo command in a fresh clone (upgrade, seed small,
nightly), then a rerun for the same as_of that leaves every learning table and
mart identical."""

import os
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from orchestration.lib.roles import RoleNames

REPO_ROOT = Path(__file__).resolve().parents[2]
LEARNING_TABLES = [
    "outcome_correlations", "pattern_performance_records", "adaptive_threshold_configs",
    "institutional_knowledge_entries", "learning_insights",
]


def readme_command(marker: str) -> str:
    """The README's shell command that mentions `marker`."""
    blocks = re.findall(r"```bash\n(.*?)```", (REPO_ROOT / "README.md").read_text(), flags=re.S)
    lines = [line for block in blocks for line in block.splitlines() if marker in line and not line.startswith("#")]
    assert len(lines) == 1, lines
    return lines[0]


def run(command: list[str], url: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "IHF_DATABASE_URL": url, "IHF_HOME": str(cwd / ".ihf")}
    # The clone gets its own environment, set up by the machine's python3 as on a fresh machine.
    env.pop("VIRTUAL_ENV", None)
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if not p.startswith(sys.prefix))
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=1500)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result


def table_hashes(url: str) -> dict[str, str]:
    """Content hash of every learning table (id columns excluded), every analytics mart (tables
    and views) and every incremental intermediate table."""
    with psycopg.connect(url) as conn:
        marts = conn.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_schema = 'analytics' or (table_schema = 'analytics_intermediate' and table_type = 'BASE TABLE')"
        ).fetchall()
        hashes = {}
        for schema, table in [("public", t) for t in LEARNING_TABLES] + marts:
            columns = [r[0] for r in conn.execute(
                "select column_name from information_schema.columns where table_schema = %s and table_name = %s"
                " and column_name <> 'id' order by ordinal_position", (schema, table)
            )]
            row = sql.SQL("({})").format(sql.SQL(", ").join(map(sql.Identifier, columns)))
            query = sql.SQL("select md5(coalesce(string_agg({row}::text, '|' order by {row}::text), '')) from {table}").format(
                row=row, table=sql.Identifier(schema, table)
            )
            hashes[f"{schema}.{table}"] = conn.execute(query).fetchone()[0]
    return hashes


@pytest.fixture(scope="module")
def nightly_twice(pg_admin_url, template_database, tmp_path_factory):
    from tests.conftest import create_database, drop_database

    url = create_database(pg_admin_url, template=template_database)
    clone = tmp_path_factory.mktemp("clone") / "ihf"
    subprocess.run(["git", "clone", "-q", str(REPO_ROOT), str(clone)], check=True)
    first = run(["bash", "-c", readme_command("ihf demo")], url, clone)
    first_hashes = table_hashes(url)
    as_of = datetime.now(timezone.utc).strftime("%Y-%m-%d")  # the demo's as_of: today 00:00 UTC
    second = run([sys.executable, "-m", "orchestration", "nightly", "--as-of", as_of], url, clone)
    yield url, first, second, first_hashes, table_hashes(url)
    drop_database(pg_admin_url, url)


def test_nightly_succeeds_and_says_where_the_report_is(nightly_twice):
    url, first, _, _, _ = nightly_twice
    assert "seeded small" in first.stdout
    assert "nightly_learning_job succeeded" in first.stdout
    report_line = next(line for line in first.stdout.splitlines() if line.startswith("learning report: "))
    assert os.path.exists(report_line.removeprefix("learning report: "))
    with psycopg.connect(url) as conn:
        for table in LEARNING_TABLES:
            assert conn.execute(sql.SQL("select count(*) from {}").format(sql.Identifier(table))).fetchone()[0] > 0, table


def test_rerun_for_the_same_as_of_leaves_identical_tables(nightly_twice):
    _, _, _, first_hashes, second_hashes = nightly_twice
    assert len(first_hashes) > 20  # learning tables and the marts
    changed = {name for name in first_hashes if first_hashes[name] != second_hashes.get(name)}
    assert not changed


def test_analyst_reads_marts_but_not_operational_tables(nightly_twice):
    url = nightly_twice[0]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("set role {}").format(sql.Identifier(RoleNames().analyst)))
        assert conn.execute("select count(*) from analytics.widget_friction").fetchone()[0] > 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select count(*) from public.annotations")
