"""Benchmark hook (`pytest -m bench -n0`): knowledge distillation full vs incremental
time and search latency on a synthetic history.

Scales come from IHF_BENCH_SCALES (comma-separated, default "tiny,small"); the
figures are printed (run with -s) and attached to the JUnit report.
"""

import os
import statistics
import time
from datetime import datetime, timezone

import psycopg
import pytest

from orchestration.assets.knowledge_distillation.assets import distil_entries
from orchestration.assets.knowledge_distillation.search import search_knowledge
from orchestration.resources import LearningSettings
from orchestration.synthetic import load_synthetic_history

AS_OF = datetime(2026, 6, 1, tzinfo=timezone.utc)
SCALES = os.environ.get("IHF_BENCH_SCALES", "tiny,small").split(",")
QUERIES = 200
CHANGED_EVERY = 100  # incremental run: a new signal on every 100th signalled deployment


def timed_distillation(url: str) -> tuple[float, dict[str, int]]:
    started = time.perf_counter()
    with psycopg.connect(url) as conn, conn.transaction():
        written = distil_entries(conn, AS_OF, None, LearningSettings().window_days)
    return time.perf_counter() - started, written


def query_mix(conn) -> list[str]:
    """200 deterministic queries over the corpus' own vocabulary: words, pairs, phrases, negations."""
    words = [row[0] for row in conn.execute(
        "select word from ts_stat('select search_vector from institutional_knowledge_entries') "
        "order by ndoc desc, word limit 100")]
    forms = [lambda a, b: a, lambda a, b: f"{a} {b}", lambda a, b: f'"{a} {b}"', lambda a, b: f"{a} -{b}"]
    return [forms[i % 4](words[i % len(words)], words[(i * 7 + 3) % len(words)]) for i in range(QUERIES)]


@pytest.mark.bench
@pytest.mark.parametrize("scale", SCALES)
def test_distillation_and_search_benchmark(db_url, scale, tmp_path, record_property):
    load_synthetic_history(db_url, scale, seed=7, as_of=AS_OF, progress=False, truth_dir=tmp_path)
    full_seconds, full = timed_distillation(db_url)
    unchanged_seconds, unchanged = timed_distillation(db_url)
    with psycopg.connect(db_url, autocommit=True) as conn:
        # observed_at <= as_of, so each new signal changes its decision's entry
        changed = conn.execute(
            "insert into outcome_signals (widget_id, deployment_id, signal_type, observed_at) "
            "select widget_id, deployment_id, 'regressed', %(as_of)s from ("
            "  select widget_id, deployment_id, row_number() over (order by deployment_id) as n from ("
            "    select distinct on (deployment_id) widget_id, deployment_id from outcome_signals"
            "     where observed_at <= %(as_of)s order by deployment_id, id) signalled) numbered "
            "where n %% %(every)s = 1",
            {"as_of": AS_OF, "every": CHANGED_EVERY},
        ).rowcount
    incremental_seconds, incremental = timed_distillation(db_url)

    with psycopg.connect(db_url) as conn:
        latencies = []
        for query in query_mix(conn):
            started = time.perf_counter()
            search_knowledge(conn, query)
            latencies.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(latencies, n=100)
    figures = {
        "entries": full["total"], "full_s": round(full_seconds, 3), "unchanged_s": round(unchanged_seconds, 3),
        "incremental_s": round(incremental_seconds, 3), "incremental_updated": incremental["updated"],
        "search_p50_ms": round(cuts[49], 2), "search_p95_ms": round(cuts[94], 2),
    }
    print(f"\nknowledge bench [{scale}]: " + ", ".join(f"{k}={v}" for k, v in figures.items()))
    for key, value in figures.items():
        record_property(f"knowledge_{scale}_{key}", value)

    assert full["inserted"] == full["total"] > 0
    assert unchanged["inserted"] == unchanged["updated"] == 0
    assert 0 < incremental["updated"] <= changed  # only decisions that got a new signal
