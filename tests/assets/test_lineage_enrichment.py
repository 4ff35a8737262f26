"""Lineage enrichment (SPEC §6, §10): exact summaries, concurrency, backfill range."""

import threading
import uuid
from datetime import datetime, timedelta

import psycopg
import pytest
from dagster import DagsterInstance, materialize

from orchestration.assets.lineage_enrichment.assets import lineage_backfill, outcome_summaries_match_batch
from orchestration.resources import PostgresResource
from tests.chain_builder import candidate_for, decision_for, deployment_for, hub_and_widget, insert, signal


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")


def summary(conn, table: str, row_id) -> dict | None:
    return conn.execute(f"select outcome_summary from {table} where id = %s", (row_id,)).fetchone()[0]


def batch_value(conn, decision) -> dict | None:
    return conn.execute(
        "select lineage_outcome_summary(array(select id from deployment_records where decision_id = %s))", (decision,)
    ).fetchone()[0]


def build_hand_case(conn):
    _, widget = hub_and_widget(conn)
    annotation = insert(conn, "annotations", widget_id=widget, body="slow", created_at=ts("2026-01-01T00:00:00"))
    candidate = candidate_for(conn, widget, source_annotation_id=annotation)
    requirement = insert(conn, "requirements", title="R", description="r", source_candidate_id=candidate)
    d1 = decision_for(conn, candidate=candidate)
    d2 = decision_for(conn, requirement=requirement)  # reaches the candidate only through its requirement
    p1 = deployment_for(conn, d1, ts("2026-02-15T00:00:00"))
    p2 = deployment_for(conn, d1, ts("2026-02-20T00:00:00"))
    p3 = deployment_for(conn, d2, ts("2026-03-01T00:00:00"))
    signal(conn, p1, widget, "improved", ts("2026-03-01T00:00:00"))
    signal(conn, p1, widget, "inconclusive", ts("2026-03-05T00:00:00"))
    # tied observed_at: the larger id (…0b, regressed) is the latest
    signal(conn, p2, widget, "neutral", ts("2026-03-20T12:00:00"), id=uuid.UUID(int=0x0A))
    signal(conn, p2, widget, "regressed", ts("2026-03-20T12:00:00"), id=uuid.UUID(int=0x0B))
    signal(conn, p3, widget, "inconclusive", ts("2026-03-10T00:00:00"))
    signal(conn, p1, widget, "improved", ts("2026-02-01T00:00:00"))  # back-dated, inserted last
    return d1, d2, candidate


def test_hand_computed_summaries(conn):
    d1, d2, candidate = build_hand_case(conn)
    # d1: improved ×2 (incl. back-dated), inconclusive, neutral, regressed on two deployments;
    # the latest is the tie at 03-20 12:00, broken by id → regressed.
    assert summary(conn, "decision_records", d1) == {
        "improved": 2, "regressed": 1, "neutral": 1, "inconclusive": 1, "total": 5, "net_score": 1,
        "last_signal_type": "regressed", "last_observed_at": "2026-03-20T12:00:00Z", "deployment_count": 2,
    }
    assert summary(conn, "decision_records", d2) == {
        "improved": 0, "regressed": 0, "neutral": 0, "inconclusive": 1, "total": 1, "net_score": 0,
        "last_signal_type": "inconclusive", "last_observed_at": "2026-03-10T00:00:00Z", "deployment_count": 1,
    }
    # the candidate covers both decisions: 5 + 1 signals on 3 deployments
    assert summary(conn, "requirement_candidates", candidate) == {
        "improved": 2, "regressed": 1, "neutral": 1, "inconclusive": 2, "total": 6, "net_score": 1,
        "last_signal_type": "regressed", "last_observed_at": "2026-03-20T12:00:00Z", "deployment_count": 3,
    }
    before = {d: summary(conn, "decision_records", d) for d in (d1, d2)}
    conn.execute("select enrich_lineage_on_outcome_batch(null, null)")
    assert {d: summary(conn, "decision_records", d) for d in (d1, d2)} == before


def test_refresh_writes_only_rows_whose_value_changes(conn):
    d1, d2, candidate = build_hand_case(conn)
    refresh = "select refresh_outcome_summaries(%s)"
    assert conn.execute(refresh, ([d1, d2],)).fetchone()[0] == 0  # trigger-maintained: nothing to write
    # 5.0 is a different text but an equal jsonb value: still nothing to write
    conn.execute("update decision_records set outcome_summary = jsonb_set(outcome_summary, '{total}', '5.0') where id = %s", (d1,))
    assert conn.execute(refresh, ([d1, d2],)).fetchone()[0] == 0
    # a wrong decision total and an extra key on the candidate: those two rows are written back
    conn.execute("update decision_records set outcome_summary = jsonb_set(outcome_summary, '{total}', '4') where id = %s", (d2,))
    conn.execute("update requirement_candidates set outcome_summary = outcome_summary || '{\"x\": 1}' where id = %s", (candidate,))
    assert conn.execute(refresh, ([d1, d2],)).fetchone()[0] == 2
    assert summary(conn, "decision_records", d2)["total"] == 1
    assert "x" not in summary(conn, "requirement_candidates", candidate)


def test_summary_stays_null_without_signals(conn):
    _, widget = hub_and_widget(conn)
    decision = decision_for(conn, candidate=candidate_for(conn, widget))
    deployment_for(conn, decision, ts("2026-01-01T00:00:00"))
    conn.execute("select enrich_lineage_on_outcome_batch(null, null)")
    assert summary(conn, "decision_records", decision) is None


# 16 writers on one decision's row: each trigger run waits for the others' row lock, so a
# lost update shows as a total below WORKERS × SIGNALS_PER_WORKER.
WORKERS, SIGNALS_PER_WORKER = 16, 50


def test_concurrent_inserts_lose_no_update(conn, db_url):
    _, widget = hub_and_widget(conn)
    for _round in range(3):
        decision = decision_for(conn, candidate=candidate_for(conn, widget))
        deployment = deployment_for(conn, decision, ts("2026-01-01T00:00:00"))
        errors: list[BaseException] = []

        def insert_signals(worker: int) -> None:
            try:
                with psycopg.connect(db_url, autocommit=True) as own:
                    for i in range(SIGNALS_PER_WORKER):
                        kind = ("improved", "regressed", "neutral", "inconclusive")[(worker + i) % 4]
                        signal(own, deployment, widget, kind, ts("2026-01-02T00:00:00") + timedelta(minutes=worker * SIGNALS_PER_WORKER + i))
            except BaseException as exc:  # surfaced below: a deadlock or error fails the test
                errors.append(exc)

        threads = [threading.Thread(target=insert_signals, args=(w,)) for w in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
        stored = summary(conn, "decision_records", decision)
        assert stored["total"] == WORKERS * SIGNALS_PER_WORKER
        assert stored == batch_value(conn, decision)


def test_backfill_touches_only_its_range_and_is_idempotent(conn, db_url):
    _, widget = hub_and_widget(conn)
    january = decision_for(conn, candidate=candidate_for(conn, widget))
    february = decision_for(conn, candidate=candidate_for(conn, widget))
    signal(conn, deployment_for(conn, january, ts("2026-01-01T00:00:00")), widget, "improved", ts("2026-01-10T00:00:00"))
    signal(conn, deployment_for(conn, february, ts("2026-02-01T00:00:00")), widget, "regressed", ts("2026-02-10T00:00:00"))
    expected_february = summary(conn, "decision_records", february)
    conn.execute("update decision_records set outcome_summary = '{}'::jsonb")

    resources = {"postgres": PostgresResource(url=db_url)}
    instance = DagsterInstance.ephemeral()
    for _ in range(2):  # the second run must change nothing
        result = materialize([lineage_backfill], partition_key="2026-02-10", resources=resources, instance=instance)
        assert result.success
        assert summary(conn, "decision_records", february) == expected_february
        assert summary(conn, "decision_records", january) == {}  # outside the partition: untouched

    check = materialize(
        [lineage_backfill], partition_key="2026-01-10", resources=resources, instance=instance,
        selection=[lineage_backfill.key],
    )
    assert check.success
    assert summary(conn, "decision_records", january)["improved"] == 1


def test_check_flags_a_tampered_summary(conn, db_url):
    d1, _, _ = build_hand_case(conn)
    resources = {"postgres": PostgresResource(url=db_url)}
    ok = materialize([lineage_backfill, outcome_summaries_match_batch], partition_key="2026-03-01", resources=resources)
    assert all(evaluation.passed for evaluation in ok.get_asset_check_evaluations())
    conn.execute("update decision_records set outcome_summary = jsonb_set(outcome_summary, '{total}', '99') where id = %s", (d1,))
    # a day without signals recomputes nothing, so the tampered value stays and the check sees it
    bad = materialize([lineage_backfill, outcome_summaries_match_batch], partition_key="2026-04-01", resources=resources)
    [evaluation] = bad.get_asset_check_evaluations()
    assert not evaluation.passed
    assert evaluation.metadata["stale_rows"].value == 1


@pytest.mark.slow
def test_trigger_values_equal_batch_values_after_seeding_small(db_url, tmp_path):
    from orchestration.lib.sql_files import read_sql
    from orchestration.synthetic import load_synthetic_history
    import orchestration.assets.lineage_enrichment.assets as lineage_assets

    load_synthetic_history(db_url, "small", 1, ts("2026-06-01T00:00:00"), progress=False, truth_dir=tmp_path)
    with psycopg.connect(db_url) as conn:
        summarised = conn.execute("select count(*) from decision_records where outcome_summary is not null").fetchone()[0]
        stale = conn.execute(read_sql(lineage_assets.__file__, "find_stale_outcome_summaries.sql"), {"sample_modulus": 1}).fetchall()
    assert summarised > 100
    assert stale == []
