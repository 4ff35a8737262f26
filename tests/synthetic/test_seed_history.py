"""`load_synthetic_history`: determinism, coverage, input validation."""

from __future__ import annotations

from datetime import datetime

import uuid

import psycopg
import pytest

from orchestration.synthetic import load_synthetic_history
from orchestration.synthetic.copy_loader import BULK_ROWS, CopyLoader, Table
from tests.synthetic.seeded import AS_OF, fresh_database, row_counts, source_tables, table_hashes


def _load(url: str, scale: str, seed: int, tmp_path) -> dict:
    return load_synthetic_history(url, scale, seed, AS_OF, progress=False, truth_dir=tmp_path)


def _hashes(url: str) -> dict[str, str]:
    with psycopg.connect(url) as conn:
        return table_hashes(conn, source_tables(conn) + ["synthetic.planted_truth"])


def test_same_seed_gives_identical_tables_and_another_seed_differs(pg_admin_url, template_database, tmp_path):
    hashes = []
    for seed in (7, 7, 8):
        with fresh_database(pg_admin_url, template_database) as url:
            _load(url, "tiny", seed, tmp_path)
            hashes.append(_hashes(url))
    first, again, other = hashes
    assert first == again
    differing = {t for t in first if first[t] != other[t]}
    assert {
        "public.interaction_events",
        "public.annotations",
        "public.outcome_signals",
        "foreman.tasks",
        "scaffold.project_outcomes",
    } <= differing


def test_tiny_report_and_truth_file(db_url, tmp_path):
    report = _load(db_url, "tiny", 1, tmp_path)
    assert report["scale"] == "tiny" and report["as_of"] == "2026-06-01T00:00:00Z"
    assert report["total_rows"] < 10_000
    assert all(set(stats) == {"rows", "seconds"} for stats in report["tables"].values())
    assert report["truth_path"].endswith("planted_truth_tiny_1.json")
    with psycopg.connect(db_url) as conn:
        keys = {r[0] for r in conn.execute("select key from synthetic.planted_truth")}
    assert {"meta", "ihf.patterns", "ihf.friction", "foreman.stalled_builders", "scaffold.patterns"} <= keys


def test_refuses_a_database_that_already_has_data(db_url, tmp_path):
    _load(db_url, "tiny", 1, tmp_path)
    with psycopg.connect(db_url) as conn:
        before = row_counts(conn, source_tables(conn))
    with pytest.raises(ValueError, match="already has data"):
        _load(db_url, "tiny", 2, tmp_path)
    with psycopg.connect(db_url) as conn:
        assert row_counts(conn, source_tables(conn)) == before


@pytest.mark.parametrize(
    ("scale", "seed", "as_of", "message"),
    [
        ("huge", 1, AS_OF, "unknown scale"),
        ("tiny", -1, AS_OF, "non-negative"),
        ("tiny", 1, datetime(2026, 6, 1), "timezone-aware"),
    ],
)
def test_bad_input_raises_before_anything_is_written(db_url, tmp_path, scale, seed, as_of, message):
    with pytest.raises(ValueError, match=message) as raised:
        load_synthetic_history(db_url, scale, seed, as_of, progress=False, truth_dir=tmp_path)
    assert "\n" not in str(raised.value)
    with psycopg.connect(db_url) as conn:
        assert set(row_counts(conn, source_tables(conn)).values()) == {0}
        assert conn.execute("select to_regclass('synthetic.planted_truth')").fetchone()[0] is None
    assert list(tmp_path.iterdir()) == []


def test_bulk_load_rejects_a_foreign_key_violation_and_keeps_the_schema(db_url):
    """A table loaded with deferred keys is still checked on every row: one orphan aborts the load."""
    indexes = "select count(*) from pg_indexes where tablename = 'interaction_events'"
    with psycopg.connect(db_url, autocommit=True) as conn:
        (hub,) = conn.execute("insert into hubs (slug, name, domain) values ('h', 'H', 'd') returning id").fetchone()
        (widget,) = conn.execute(
            "insert into widgets (hub_id, name, widget_type) values (%s, 'w', 'form') returning id", (hub,)
        ).fetchone()
        (before,) = conn.execute(indexes).fetchone()
        row = b"%s\t%s\tclick\n"
        good = b"".join(row % (uuid.uuid4().hex.encode(), str(widget).encode()) for _ in range(BULK_ROWS))
        orphan = row % (uuid.uuid4().hex.encode(), uuid.uuid4().hex.encode())
        chunks = iter([(BULK_ROWS, good), (1, orphan)])
        table = Table("public.interaction_events", ("id", "widget_id", "event_type"), chunks, BULK_ROWS + 1)
        with pytest.raises(psycopg.errors.ForeignKeyViolation), conn.transaction():
            with CopyLoader(conn, progress=False) as loader:
                loader.load(table)
        assert conn.execute("select count(*) from interaction_events").fetchone() == (0,)
        assert conn.execute(indexes).fetchone() == (before,) and before == 5
