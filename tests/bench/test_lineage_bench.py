"""Lineage enrichment at `large` shape (issue #5): trigger overhead and batch backfill throughput.

Not part of the default run (marker `bench`):

    python3 -m uv run --locked pytest -m bench -n0 tests/bench/test_lineage_bench.py -s

The shape is built with set-based SQL, deterministically: 50k candidates, 50k
requirements, 50k decisions (every fifth one with candidate_id NULL, reaching
its candidate through its requirement), 50k deployments and 200k outcome
signals with mixed types, (observed_at, id) ties and back-dated signals.
"""

import time

import psycopg
import pytest
from psycopg import sql

from tests.conftest import create_database, drop_database

N_CANDIDATES = 50_000
N_DECISIONS = 50_000
N_DEPLOYMENTS = 50_000
N_SIGNALS = 200_000
N_WIDGETS = 100

MAX_TRIGGER_RATIO = 2.0
MIN_BATCH_SIGNALS_PER_S = 100_000

# Deterministic ids: md5 of a prefix and the row number.
SHAPE_SQL = f"""
insert into hubs (id, slug, name, domain)
values (md5('hub')::uuid, 'bench-hub', 'Bench hub', 'bench');

insert into widgets (id, hub_id, name, widget_type)
select md5('widget' || w)::uuid, md5('hub')::uuid, 'Widget ' || w, 'button'
  from generate_series(1, {N_WIDGETS}) as w;

insert into requirement_candidates (id, title, description, source_widget_id)
select md5('candidate' || c)::uuid, 'Candidate ' || c, 'd', md5('widget' || (c % {N_WIDGETS} + 1))::uuid
  from generate_series(1, {N_CANDIDATES}) as c;

-- requirement r comes from candidate r
insert into requirements (id, title, description, source_candidate_id)
select md5('requirement' || r)::uuid, 'Requirement ' || r, 'r', md5('candidate' || r)::uuid
  from generate_series(1, {N_CANDIDATES}) as r;

-- decision i links to candidate k = (i - 1) % 40000 + 1 (candidates above 40000 get none, some get two):
-- every fifth directly through its requirement only (candidate_id NULL); some others
-- name a requirement of a different candidate too, which candidate_id overrides.
insert into decision_records (id, title, rationale, outcome, candidate_id, requirement_id)
select md5('decision' || i)::uuid, 'Decision ' || i, 'because', 'approved',
       case when i % 5 = 0 then null else md5('candidate' || ((i - 1) % 40000 + 1))::uuid end,
       case when i % 5 = 0 then md5('requirement' || ((i - 1) % 40000 + 1))::uuid
            when i % 5 = 1 then md5('requirement' || (i % 40000 + 1))::uuid end
  from generate_series(1, {N_DECISIONS}) as i;

-- deployment k belongs to decision (k - 1) % 45000 + 1: some decisions have two, some none
insert into deployment_records (id, decision_id, version_ref, deployed_at)
select md5('deployment' || k)::uuid, md5('decision' || ((k - 1) % 45000 + 1))::uuid, 'v' || k,
       timestamptz '2025-12-01T00:00:00Z' + k * interval '1 minute'
  from generate_series(1, {N_DEPLOYMENTS}) as k;

-- signal j goes to deployment k = (j * 7919) % 48000 + 1 (deployments above 48000 get none),
-- in round r = (j - 1) / 48000. Every 10th is back-dated before all the others, every 7th
-- repeats the previous round's observed_at (a tie broken by id); fractions of a second
-- exercise the truncation of last_observed_at.
create table bench_signals as
select md5('signal' || j)::uuid as id,
       md5('widget' || (k % {N_WIDGETS} + 1))::uuid as widget_id,
       md5('deployment' || k)::uuid as deployment_id,
       (array['improved', 'regressed', 'neutral', 'inconclusive'])[(j + r + j % 7) % 4 + 1] as signal_type,
       (j % 100)::numeric as value,
       case when j % 10 = 0 then timestamptz '2025-06-01T00:00:00Z' + k * interval '1 minute'
            else timestamptz '2026-01-01T00:00:00Z' + k * interval '1 minute' + (k % 1000) * interval '1 millisecond'
                 + greatest(r - (j % 7 = 0)::int, 0) * interval '1 day'
       end as observed_at
  from generate_series(1, {N_SIGNALS}) as j,
       lateral (select (j * 7919) % 48000 + 1 as k, (j - 1) / 48000 as r) as g;
"""

INSERT_SIGNALS = "insert into outcome_signals (id, widget_id, deployment_id, signal_type, value, observed_at) select * from bench_signals"

# Summaries recomputed here independently of the lineage functions (SPEC §5, §6, §10),
# through the deployment_lineage view; the query counts stored rows that differ.
MISMATCHES_SQL = """
with sig as (
    select l.decision_id, l.candidate_id, s.id, s.deployment_id, s.signal_type, s.observed_at
      from outcome_signals s join deployment_lineage l on l.deployment_id = s.deployment_id
), per_owner as (
    select 'decision' as kind, decision_id as owner, * from sig
    union all
    select 'candidate', candidate_id, * from sig where candidate_id is not null
), latest as (
    select distinct on (kind, owner) kind, owner, signal_type, observed_at
      from per_owner order by kind, owner, observed_at desc, id desc
), counts as (
    select kind, owner,
           count(*) filter (where signal_type = 'improved') as improved,
           count(*) filter (where signal_type = 'regressed') as regressed,
           count(*) filter (where signal_type = 'neutral') as neutral,
           count(*) filter (where signal_type = 'inconclusive') as inconclusive,
           count(*) as total, count(distinct deployment_id) as deployment_count
      from per_owner group by kind, owner
), expected as (
    select c.kind, c.owner,
           jsonb_build_object('improved', improved, 'regressed', regressed, 'neutral', neutral,
                              'inconclusive', inconclusive, 'total', total, 'net_score', improved - regressed,
                              'last_signal_type', l.signal_type,
                              'last_observed_at', to_char(date_trunc('second', l.observed_at at time zone 'UTC'),
                                                          'YYYY-MM-DD"T"HH24:MI:SS') || 'Z',
                              'deployment_count', deployment_count) as summary
      from counts c join latest l using (kind, owner)
), stored as (
    select 'decision' as kind, id as owner, outcome_summary as summary from decision_records
    union all
    select 'candidate', id, outcome_summary from requirement_candidates
)
select count(*) filter (where s.summary is distinct from e.summary),
       count(*) filter (where e.summary is not null)
  from stored s left join expected e using (kind, owner)
"""

STALE_SQL = """
update decision_records set outcome_summary = null where outcome_summary is not null;
update requirement_candidates set outcome_summary = null where outcome_summary is not null;
"""


def timed(conn: psycopg.Connection, statement: str) -> float:
    start = time.perf_counter()
    conn.execute(statement)
    return time.perf_counter() - start


# Rows whose current version the open transaction wrote (xmin is a 32-bit xid).
WRITTEN_BY_THIS_TRANSACTION = """
select (select count(*) from decision_records where xmin::text = x.xid)
     + (select count(*) from requirement_candidates where xmin::text = x.xid)
  from (select (pg_current_xact_id()::text::numeric % 4294967296)::text as xid) x
"""


def backfill(conn: psycopg.Connection) -> tuple[float, int]:
    """Time one full-range backfill transaction (commit included); also count the rows it wrote."""
    start = time.perf_counter()
    conn.execute("begin")
    conn.execute("select enrich_lineage_on_outcome_batch(null, null)")
    seconds = time.perf_counter() - start
    written = conn.execute(WRITTEN_BY_THIS_TRANSACTION).fetchone()[0]
    start = time.perf_counter()
    conn.execute("commit")
    return seconds + time.perf_counter() - start, written


def insert_seconds(admin_url: str, base: str, trigger: bool) -> float:
    """Time the 200k-signal INSERT ... SELECT in a fresh copy of the base database."""
    url = create_database(admin_url, template=base)
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            if not trigger:
                conn.execute("alter table outcome_signals disable trigger trg_enrich_lineage")
            conn.execute("checkpoint")
            return timed(conn, INSERT_SIGNALS)
    finally:
        drop_database(admin_url, url)


@pytest.mark.bench
@pytest.mark.timeout(3600)
def test_lineage_enrichment_large(pg_admin_url, template_database):
    base_url = create_database(pg_admin_url, template=template_database)
    base = psycopg.conninfo.conninfo_to_dict(base_url)["dbname"]
    try:
        with psycopg.connect(base_url, autocommit=True) as conn:
            conn.execute(SHAPE_SQL)
            conn.execute("vacuum analyze")
            ties = conn.execute(
                "select count(*) from (select 1 from bench_signals group by deployment_id, observed_at"
                " having count(*) > 1) t"
            ).fetchone()[0]
        assert ties > 1000

        # (a) one 200k-row INSERT with and without the trigger, each twice on a fresh copy; best of two.
        with_trigger, without_trigger = [], []
        for _ in range(2):
            with_trigger.append(insert_seconds(pg_admin_url, base, trigger=True))
            without_trigger.append(insert_seconds(pg_admin_url, base, trigger=False))
        ratio = min(with_trigger) / min(without_trigger)

        # (b) full-range backfill on a copy loaded through the trigger.
        url = create_database(pg_admin_url, template=base)
        try:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(INSERT_SIGNALS)
                conn.execute("vacuum analyze")
                mismatches, summarised = conn.execute(MISMATCHES_SQL).fetchone()
                # deployments 1..48000 have signals; they reach decisions 1..45000 and those candidates 1..40000
                assert (mismatches, summarised) == (0, 45_000 + 40_000)
                reruns = [backfill(conn) for _ in range(2)]
                assert [written for _, written in reruns] == [0, 0]  # summaries already right: nothing written
                rerun = min(seconds for seconds, _ in reruns)
                stale = []
                for _ in range(2):
                    conn.execute(STALE_SQL)
                    conn.execute("vacuum analyze decision_records, requirement_candidates")
                    seconds, written = backfill(conn)
                    assert written == summarised
                    stale.append(seconds)
                assert conn.execute(MISMATCHES_SQL).fetchone() == (0, summarised)
        finally:
            drop_database(pg_admin_url, url)
    finally:
        drop_database(pg_admin_url, base_url)

    stale_rate = N_SIGNALS / min(stale)
    rerun_rate = N_SIGNALS / rerun
    print(
        "\n--- lineage enrichment, large shape "
        f"({N_SIGNALS} signals, {N_DEPLOYMENTS} deployments, {N_DECISIONS} decisions, {N_CANDIDATES} candidates) ---\n"
        f"insert 200k signals, trigger on   = {min(with_trigger):.2f} s  (runs: {', '.join(f'{s:.2f}' for s in with_trigger)})\n"
        f"insert 200k signals, trigger off  = {min(without_trigger):.2f} s  (runs: {', '.join(f'{s:.2f}' for s in without_trigger)})\n"
        f"trigger ratio                     = {ratio:.2f}  (target <= {MAX_TRIGGER_RATIO:.2f})\n"
        f"batch backfill, stale summaries   = {min(stale):.2f} s = {stale_rate:,.0f} signals/s  (target >= {MIN_BATCH_SIGNALS_PER_S:,})\n"
        f"batch backfill, rerun (no writes) = {rerun:.2f} s = {rerun_rate:,.0f} signals/s  (target >= {MIN_BATCH_SIGNALS_PER_S:,})\n"
        "---"
    )
    assert ratio <= MAX_TRIGGER_RATIO
    assert stale_rate >= MIN_BATCH_SIGNALS_PER_S
    assert rerun_rate >= MIN_BATCH_SIGNALS_PER_S
