"""The planted truth agrees with the seeded data (SPEC §9), within binomial bounds."""

from __future__ import annotations

import json
import math
from datetime import timedelta

import psycopg
import pytest

from orchestration.synthetic import history, load_synthetic_history, truth
from orchestration.synthetic.context import Context
from orchestration.synthetic.rowfmt import to_us
from orchestration.synthetic.scales import get_scale
from tests.synthetic.seeded import AS_OF, fresh_database, source_tables

pytestmark = pytest.mark.slow  # loads `small` once (~10-20 s)

SIGMAS = 4  # bounds are 4 standard errors wide

OUTCOMES = """
with lineage as (
    select d.id as deployment_id, c.category, w.widget_type
    from deployment_records d
    join decision_records dr on dr.id = d.decision_id
    left join requirements r on r.id = dr.requirement_id
    join requirement_candidates c on c.id = coalesce(dr.candidate_id, r.source_candidate_id)
    join widgets w on w.id = c.source_widget_id
),
decisive as (
    select distinct on (deployment_id) deployment_id, signal_type
    from outcome_signals where signal_type <> 'inconclusive'
    order by deployment_id, observed_at desc, id desc
)
select l.category, l.widget_type, d.signal_type, count(*)
from lineage l join decisive d using (deployment_id)
group by 1, 2, 3
"""


@pytest.fixture(scope="module")
def small(pg_admin_url, template_database, tmp_path_factory):
    """One `small` history shared by this module: (connection, planted truth)."""
    with fresh_database(pg_admin_url, template_database) as url:
        report = load_synthetic_history(
            url, "small", 11, AS_OF, progress=False, truth_dir=tmp_path_factory.mktemp("truth")
        )
        planted = json.loads(open(report["truth_path"], encoding="utf-8").read())
        with psycopg.connect(url, autocommit=True) as conn:
            yield conn, planted


def _within(observed: float, expected: float, variance: float) -> bool:
    return abs(observed - expected) <= SIGMAS * math.sqrt(variance) + 1


def test_every_source_table_receives_rows(small):
    conn, planted = small
    counts = planted["row_counts"]
    tables = source_tables(conn)
    assert sorted(counts) == tables  # the loader writes exactly the source tables of sql/0001-0003
    assert [
        t
        for t in tables
        if conn.execute(
            psycopg.sql.SQL("select count(*) from {}").format(psycopg.sql.Identifier(*t.split(".")))
        ).fetchone()[0]
        == 0
    ] == []
    assert 80_000 <= counts["public.interaction_events"] <= 130_000


SCHEMAS = "('public', 'foreman', 'scaffold')"
CATALOG = f"""
select conrelid::regclass::text, conname, pg_get_constraintdef(oid) from pg_constraint
 where connamespace::regnamespace::text in {SCHEMAS}
union all
select indrelid::regclass::text, indexrelid::regclass::text, pg_get_indexdef(indexrelid)
  from pg_index join pg_class on pg_class.oid = indrelid
 where relnamespace::regnamespace::text in {SCHEMAS}
order by 1, 2, 3
"""


def test_bulk_load_restores_every_key_index_and_constraint(small, pg_admin_url, template_database):
    """Large tables load with deferred indexes and keys; afterwards the catalog equals a fresh schema's."""
    conn, _ = small
    with fresh_database(pg_admin_url, template_database) as url, psycopg.connect(url) as fresh:
        expected = fresh.execute(CATALOG).fetchall()
    assert any(name == "interaction_events_pkey" for _, name, _ in expected)
    assert conn.execute(CATALOG).fetchall() == expected
    assert conn.execute(
        f"select count(*) from pg_constraint where not convalidated and connamespace::regnamespace::text in {SCHEMAS}"
    ).fetchone() == (0,)


def test_truth_table_matches_the_json_file(small):
    conn, planted = small
    rows = dict(conn.execute("select key, value from synthetic.planted_truth").fetchall())
    assert rows == planted


def test_improved_share_per_category_and_regressed_share_per_widget_type(small):
    conn, planted = small
    patterns = planted["ihf.patterns"]
    by_category: dict[str, list[float]] = {c: [0, 0, 0] for c in truth.CATEGORIES}  # observed, expected, variance
    by_type: dict[str, list[float]] = {t: [0, 0, 0] for t in truth.WIDGET_TYPES}
    decisive = 0
    for category, widget_type, outcome, n in conn.execute(OUTCOMES):
        decisive += n
        p = patterns[f"ihf:{category}/{widget_type}"]
        for acc, key, observed in (
            (by_category[category], "p_improved", outcome == "improved"),
            (by_type[widget_type], "p_regressed", outcome == "regressed"),
        ):
            acc[0] += n * observed
            acc[1] += n * p[key]
            acc[2] += n * p[key] * (1 - p[key])
    assert decisive > 200  # enough decisive deployments to mean something
    for name, (observed, expected, variance) in {**by_category, **by_type}.items():
        assert _within(observed, expected, variance), (name, observed, expected)
    # the planted direction is visible: chart and modal regress more than button and nav
    share = {t: v[0] / max(v[1] / planted["ihf.widget_types"][t]["p_regressed"], 1) for t, v in by_type.items()}
    assert min(share["chart"], share["modal"]) > max(share["button"], share["nav"])


def test_inconclusive_only_share(small):
    conn, planted = small
    only, total = conn.execute(
        "select count(*) filter (where bool_and), count(*) from ("
        " select bool_and(signal_type = 'inconclusive') from outcome_signals group by deployment_id) s"
    ).fetchone()
    p = planted["ihf.outcome_mix"]["inconclusive_only_share"] / (1 - planted["ihf.outcome_mix"]["no_signal_share"])
    assert _within(only, total * p, total * p * (1 - p))


def test_foreman_builder_success_rates(small):
    conn, planted = small
    rows = conn.execute(
        "select t.assigned_builder, count(*),"
        " count(*) filter (where t.state = 'completed' and q.qa_status = 'GREEN')"
        " from foreman.tasks t left join lateral (select qa_status from foreman.qa_executions e"
        "   where e.task_id = t.task_id order by executed_at desc, execution_id desc limit 1) q on true"
        " where t.state in ('completed', 'failed') group by 1"
    ).fetchall()
    assert len(rows) == len(truth.BUILDERS)
    for builder, n, successes in rows:
        p = planted["foreman.builders"][builder]["p_success"]
        assert _within(successes, n * p, n * p * (1 - p)), (builder, successes, n, p)


def test_stalled_builders_are_exactly_the_active_ones_with_old_heartbeats(small):
    conn, planted = small
    stale = {
        r[0]
        for r in conn.execute(
            "select builder_id from foreman.builders where state = 'active' and last_heartbeat < %s",
            (AS_OF - timedelta(minutes=15),),
        )
    }
    assert stale == set(planted["foreman.stalled_builders"]) and len(stale) == 2
    for builder_id, state, heartbeat, task_state, latest in conn.execute(
        "select b.builder_id, b.state, b.last_heartbeat, t.state,"
        " (select max(timestamp) from foreman.heartbeats h where h.builder_id = b.builder_id)"
        " from foreman.builders b left join foreman.tasks t on t.task_id = b.current_task_id"
    ):
        assert latest == heartbeat and heartbeat <= AS_OF
        if state == "active":
            assert task_state == "in-progress"
            if builder_id not in stale:
                assert heartbeat >= AS_OF - timedelta(minutes=5)
        else:
            assert state == "idle" and task_state is None


def test_scaffold_pattern_success_rates(small):
    conn, planted = small
    for pattern_id, n, successes in conn.execute(
        "select pattern_id, count(*), count(*) filter (where last_build_status = 'success')"
        " from scaffold.project_outcomes where status <> 'deleted' and last_build_status is not null group by 1"
    ):
        p = planted["scaffold.patterns"][f"scaffold:{pattern_id}"]["p_success"]
        assert _within(successes, n * p, n * p * (1 - p)), (pattern_id, successes, n, p)


def test_every_timestamp_lies_in_the_history_window(small):
    conn, _ = small
    tables = set(source_tables(conn))
    columns = conn.execute(
        "select table_schema || '.' || table_name, column_name from information_schema.columns"
        " where data_type = 'timestamp with time zone' and table_schema in ('public', 'foreman', 'scaffold')"
    ).fetchall()
    checked = 0
    for table, column in columns:
        if table not in tables:
            continue
        schema, name = table.split(".")
        low, high = conn.execute(
            psycopg.sql.SQL("select min({c}), max({c}) from {t}").format(
                c=psycopg.sql.Identifier(column), t=psycopg.sql.Identifier(schema, name)
            )
        ).fetchone()
        if low is not None:
            checked += 1
            assert AS_OF - timedelta(days=400) <= low and high <= AS_OF, (table, column, low, high)
    assert checked > 40


def test_lineage_is_coherent(small):
    conn, _ = small
    one = lambda query: conn.execute(query).fetchone()  # noqa: E731
    assert (
        one(
            "select count(*) from requirement_candidates c join annotations a on a.id = c.source_annotation_id"
            " where a.widget_id <> c.source_widget_id"
        )[0]
        == 0
    )
    assert (
        one(
            "select count(*) from requirement_candidates c join annotations a on a.thread_id = c.source_thread_id"
            " where a.widget_id <> c.source_widget_id"
        )[0]
        == 0
    )
    assert (
        one(
            "select count(*) from outcome_signals s join deployment_records d on d.id = s.deployment_id"
            " join decision_records dr on dr.id = d.decision_id left join requirements r on r.id = dr.requirement_id"
            " join requirement_candidates c on c.id = coalesce(dr.candidate_id, r.source_candidate_id)"
            " where c.source_widget_id <> s.widget_id"
        )[0]
        == 0
    )
    requirement_only, decisions = one(
        "select count(*) filter (where candidate_id is null and requirement_id is not null),"
        " count(*) from decision_records"
    )
    assert 0.08 <= requirement_only / decisions <= 0.25
    assert one("select count(*) from decision_records where candidate_id is null and requirement_id is null")[0] == 0
    assert (
        one("select count(*) from (select decision_id from deployment_records group by 1 having count(*) = 2) x")[0] > 0
    )
    assert (
        one("select count(*) from requirement_candidates where (requirement_id is not null) <> (status = 'promoted')")[
            0
        ]
        == 0
    )
    assert (
        one(
            "select count(*) from requirement_candidates c where status <> (select t.status from triage_states t"
            " where t.candidate_id = c.id order by changed_at desc limit 1)"
        )[0]
        == 0
    )
    assert (
        one(
            "select count(*) from decision_records d where outcome_summary is null and exists (select 1"
            " from deployment_records x join outcome_signals s on s.deployment_id = x.id where x.decision_id = d.id)"
        )[0]
        == 0
    )


def test_corrections_are_planted(small):
    conn, _ = small
    retracted, annotations, urgent = conn.execute(
        "select count(*) filter (where retracted_at is not null), count(*), count(*) filter (where severity = 'urgent')"
        " from annotations"
    ).fetchone()
    assert 0.01 <= retracted / annotations <= 0.035 and urgent > 0
    assert conn.execute("select count(*) from annotations where retracted_at <= created_at").fetchone()[0] == 0
    markers, bad = conn.execute(
        "select count(*), count(*) filter (where o.id is null or o.widget_id <> m.widget_id"
        " or o.occurred_at > m.occurred_at)"
        " from interaction_events m left join interaction_events o on o.id = (m.metadata->>'retracted_event_id')::uuid"
        " where m.event_type = 'retracted'"
    ).fetchone()
    events = conn.execute("select count(*) from interaction_events").fetchone()[0]
    assert bad == 0 and 0.002 <= markers / events <= 0.01


def test_calibration_recovers_the_planted_threshold_at_medium():
    """The F1-optimal τ on the generated data (SPEC §7.3/§10) is within one score step of T*."""
    ctx = Context(get_scale("medium"), 5, to_us(AS_OF))
    _, planted = history.build(ctx)  # simulation only: nothing is formatted or loaded
    friction = planted["ihf.friction"]
    assert abs(friction["calibration"]["threshold"] - friction["threshold"]) <= friction["score_step"]
    assert friction["calibration"]["positives"] >= 1000
