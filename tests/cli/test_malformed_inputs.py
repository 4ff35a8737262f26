"""A table of malformed inputs across the CLI: each gives one line on stderr,
exit code 2, and leaves the database exactly as it was."""

import sys
from datetime import datetime, timezone

import pytest

from orchestration.cli import main
from orchestration.synthetic import load_synthetic_history
from tests.conftest import create_database, drop_database
from tests.synthetic.seeded import source_tables, table_hashes

MALFORMED = [
    ["bogus"],
    ["db", "downgrade"],
    ["nightly", "--as-of", "2026-13-01"],
    ["nightly", "--as-of", "yesterday"],
    ["nightly", "--as-of", ""],
    ["nightly", "--as-of", "2026-06-01", "--extra"],
    ["seed"],
    ["seed", "--scale", "huge"],
    ["seed", "--scale", "tiny", "--seed", "-1"],
    ["seed", "--scale", "tiny", "--seed", "seven"],
    ["seed", "--scale", "tiny", "--as-of", "2026-02-30"],
    ["seed", "--scale", "tiny"],  # the database already holds history
    ["backfill", "lineage", "--since", "2026-03-01", "--until", "2026-02-01"],
    ["backfill", "lineage", "--since", "not-a-date"],
    ["backfill", "everything"],
    ["knowledge", "search", ""],
    ["knowledge", "search", "   "],
    ["knowledge", "search", "x" * 5000],
    ["knowledge", "search", "login", "--limit", "-5"],
    ["knowledge", "search", "login", "--limit", "0"],
    ["knowledge", "search", "login", "--limit", "many"],
    ["knowledge", "search", "login", "--hub", "no-such-hub"],
    ["foreman", "monitor", "--at", "noon"],
    ["report", "--as-of", "2026-99-01"],
]


@pytest.fixture(scope="module")
def seeded_url(pg_admin_url, template_database, tmp_path_factory):
    url = create_database(pg_admin_url, template=template_database)
    load_synthetic_history(url, "tiny", 2, datetime(2026, 6, 1, tzinfo=timezone.utc), progress=False,
                           truth_dir=tmp_path_factory.mktemp("truth"))
    yield url
    drop_database(pg_admin_url, url)


def database_state(url: str) -> dict[str, str]:
    import psycopg

    with psycopg.connect(url) as conn:
        state = table_hashes(conn, source_tables(conn))
        state["schemas"] = str(conn.execute("select array_agg(nspname order by nspname) from pg_namespace").fetchone()[0])
    return state


@pytest.mark.parametrize("args", MALFORMED, ids=lambda args: " ".join(args)[:40])
def test_malformed_input_is_one_line_exit_2_and_writes_nothing(args, seeded_url, monkeypatch, capsys):
    before = database_state(seeded_url)
    monkeypatch.setenv("IHF_DATABASE_URL", seeded_url)
    monkeypatch.setattr(sys, "argv", ["ihf", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    stderr = capsys.readouterr().err
    assert exit_info.value.code == 2
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("ihf: error:"), stderr
    assert database_state(seeded_url) == before
