"""An interrupted learning asset leaves the previous results intact, and a rerun
converges to the uninterrupted result (one transaction per asset; retries)."""

import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone

import psycopg
import pytest
from dagster import DagsterEventType, DagsterInstance, materialize

from orchestration.assets.correlation_engine.assets import outcome_correlations
from orchestration.resources import LearningSettings, PostgresResource
from orchestration.synthetic import load_synthetic_history
from tests.e2e.test_nightly_end_to_end import table_hashes

AS_OF = "2026-06-01T00:00:00Z"
NEXT_DAY = "2026-06-02T00:00:00Z"
RUN_ASSET = (
    "import sys; from dagster import materialize, DagsterInstance;"
    "from orchestration.assets.correlation_engine.assets import outcome_correlations as a;"
    "from orchestration.resources import LearningSettings, PostgresResource;"
    "materialize([a], resources={'postgres': PostgresResource(url=sys.argv[1]),"
    " 'learning': LearningSettings(as_of=sys.argv[2])}, instance=DagsterInstance.ephemeral())"
)


def correlations(url: str, as_of: str):
    return materialize(
        [outcome_correlations], instance=DagsterInstance.ephemeral(),
        resources={"postgres": PostgresResource(url=url), "learning": LearningSettings(as_of=as_of)},
    )


def correlations_hash(url: str) -> str:
    return table_hashes(url)["public.outcome_correlations"]


def wait_for_blocked_backend(url: str, timeout: float = 120.0) -> int:
    """pid of the backend waiting for our table lock."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "select pid from pg_stat_activity where datname = current_database()"
                " and wait_event_type = 'Lock' and pid <> pg_backend_pid() limit 1"
            ).fetchone()
            if row:
                return row[0]
            time.sleep(0.2)
    raise AssertionError("the asset never reached the locked table")


@pytest.fixture
def computed(db_url, tmp_path):
    load_synthetic_history(db_url, "tiny", 4, datetime(2026, 6, 1, tzinfo=timezone.utc), progress=False, truth_dir=tmp_path)
    assert correlations(db_url, AS_OF).success
    return db_url, correlations_hash(db_url)


def test_killed_process_leaves_previous_results_and_rerun_converges(computed):
    url, before = computed
    with psycopg.connect(url) as blocker:
        blocker.execute("lock table outcome_correlations in access exclusive mode")
        run = subprocess.Popen([sys.executable, "-c", RUN_ASSET, url, NEXT_DAY])
        wait_for_blocked_backend(url)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        blocker.rollback()
    assert correlations_hash(url) == before  # nothing half-written
    assert correlations(url, NEXT_DAY).success
    converged = correlations_hash(url)
    assert correlations(url, NEXT_DAY).success
    assert correlations_hash(url) == converged != before


def test_terminated_backend_is_retried_and_converges(computed):
    url, before = computed
    results = []
    with psycopg.connect(url) as blocker:
        blocker.execute("lock table outcome_correlations in access exclusive mode")
        runner = threading.Thread(target=lambda: results.append(correlations(url, NEXT_DAY)))
        runner.start()
        pid = wait_for_blocked_backend(url)
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute("select pg_terminate_backend(%s)", (pid,))
        blocker.rollback()
    runner.join(timeout=300)
    [result] = results
    assert result.success
    assert any(event.event_type == DagsterEventType.STEP_UP_FOR_RETRY for event in result.all_events)
    converged = correlations_hash(url)
    assert correlations(url, NEXT_DAY).success
    assert correlations_hash(url) == converged != before
