"""Incremental runs (issue #11): after one more day of history, the correlation
engine, the knowledge distillation, the regression insights and the incremental
dbt models (int_deployment_impact, int_lineage_chain),
recomputing only the deployments the day can change, leave exactly the tables a
full recompute leaves.

On the `small` history (seed 11, as of 2026-06-01): full runs at AS_OF, then
the benchmark's appended day (a copy of the last day, shifted) plus planted
changes on old deployments (deployed > W + 1 days before AS_OF, so their windows
are closed) on widgets the copied day does not touch. Each planted change moves
an old deployment's rows only through one rule of
sql/0014_deployments_changed_between.sql: an annotation retracted in the new
day, a retraction marker naming an old event, a high annotation after an
improved signal (regression_detected), an annotation joining a candidate's
source thread (a new row), a change evaluation, an implementation reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import psycopg
import pytest
from dagster import DagsterInstance, materialize
from psycopg.types.json import Jsonb

from orchestration.assets.correlation_engine.assets import outcome_correlations
from orchestration.assets.knowledge_distillation.assets import institutional_knowledge_entries
from orchestration.assets.learning_insights.assets import learning_insights
from orchestration.bench.databases import append_one_day
from orchestration.lib.as_of import iso
from orchestration.resources import LearningSettings, PostgresResource
from orchestration.synthetic import load_synthetic_history
from tests.dbt_runner import run_dbt
from tests.synthetic.seeded import fresh_database

AS_OF = datetime(2026, 6, 1, tzinfo=timezone.utc)
NEXT_DAY = AS_OF + timedelta(days=1)
PLANTED_AT = AS_OF + timedelta(hours=12)

# Old deployments on widgets with no annotation, event or signal in the last day
# before AS_OF, i.e. none in the copied day either.
QUIET_OLD_DEPLOYMENTS = """
select d.id as deployment_id, l.widget_id, d.deployed_at
from deployment_records d
join deployment_lineage l on l.deployment_id = d.id
where d.deployed_at < %(as_of)s - interval '31 days'
  and exists (select 1 from outcome_correlations oc where oc.deployment_id = d.id)
  and not exists (select 1 from annotations a where a.widget_id = l.widget_id
                  and a.created_at > %(as_of)s - interval '1 day' and a.created_at <= %(as_of)s)
  and not exists (select 1 from interaction_events e where e.widget_id = l.widget_id
                  and e.occurred_at > %(as_of)s - interval '1 day' and e.occurred_at <= %(as_of)s)
  and not exists (select 1 from outcome_signals s join deployment_lineage sl on sl.deployment_id = s.deployment_id
                  where sl.widget_id = l.widget_id
                    and s.observed_at > %(as_of)s - interval '1 day' and s.observed_at <= %(as_of)s)
"""

RETRACTABLE_ANNOTATION = f"""
with quiet as ({QUIET_OLD_DEPLOYMENTS})
select q.deployment_id, a.id
from quiet q
join outcome_correlations oc on oc.deployment_id = q.deployment_id
join annotations a on a.widget_id = q.widget_id and a.category = oc.annotation_category
 and a.created_at >= q.deployed_at - interval '30 days' and a.created_at < q.deployed_at
 and a.retracted_at is null and a.severity in ('low', 'medium')
where not exists (select 1 from candidate_source_annotations csa where csa.annotation_id = a.id)
order by q.deployment_id, a.id
limit 1
"""

MARKABLE_EVENT = f"""
with quiet as ({QUIET_OLD_DEPLOYMENTS})
select q.deployment_id, e.id, e.widget_id
from quiet q
join interaction_events e on e.widget_id = q.widget_id
 and e.occurred_at >= q.deployed_at - interval '30 days' and e.occurred_at < q.deployed_at
 and e.event_type <> 'retracted'
where not exists (select 1 from interaction_events m where m.event_type = 'retracted'
                  and m.metadata ->> 'retracted_event_id' = e.id::text)
  and q.deployment_id <> all(%(taken)s)
order by q.deployment_id, e.id
limit 1
"""

REGRESSABLE_DEPLOYMENT = f"""
with quiet as ({QUIET_OLD_DEPLOYMENTS})
select q.deployment_id, q.widget_id
from quiet q
join outcome_signals s on s.deployment_id = q.deployment_id and s.signal_type = 'improved'
 and s.observed_at > %(planted_at)s - interval '30 days'
where not exists (select 1 from outcome_correlations oc where oc.deployment_id = q.deployment_id
                  and oc.regression_detected)
  and q.deployment_id <> all(%(taken)s)
order by q.deployment_id
limit 1
"""

THREADED_CANDIDATE = f"""
with quiet as ({QUIET_OLD_DEPLOYMENTS})
select q.deployment_id, t.id, t.widget_id
from quiet q
join deployment_lineage l on l.deployment_id = q.deployment_id
join requirement_candidates c on c.id = l.candidate_id
join annotation_threads t on t.id = c.source_thread_id
where q.deployment_id <> all(%(taken)s)
order by q.deployment_id
limit 1
"""


def untaken_quiet_deployment(having: str) -> str:
    """The first quiet old deployment, not yet taken, with `having` (about q.deployment_id) true."""
    return f"""
with quiet as ({QUIET_OLD_DEPLOYMENTS})
select q.deployment_id, d.decision_id
from quiet q
join deployment_records d on d.id = q.deployment_id
where {having} and q.deployment_id <> all(%(taken)s)
order by q.deployment_id
limit 1
"""


EVALUATED_DEPLOYMENT = untaken_quiet_deployment(
    "exists (select 1 from change_evaluations ce where ce.deployment_id = q.deployment_id)"
)
# lineage_chain has rows only for deployments with a signal
SIGNALLED_DEPLOYMENT = untaken_quiet_deployment(
    "exists (select 1 from outcome_signals s where s.deployment_id = q.deployment_id)"
)

DBT_MODELS = ("int_deployment_impact", "int_lineage_chain")

ROWS = """
select annotation_id, deployment_id, decision_id, candidate_id, widget_id, hub_id, annotation_category,
       annotation_severity, signal_outcome, window_days, pre_annotations, post_annotations, pre_events,
       post_events, friction_rate_ratio, rate_ratio_ci_low, rate_ratio_ci_high, measured_effect,
       regression_detected, correlation_type, as_of
from outcome_correlations
"""


def run_engine(url: str, as_of: datetime, full_refresh: bool = False, asset=outcome_correlations) -> dict:
    """Materialize the asset (the correlation engine unless told) for as_of; its metadata."""
    result = materialize(
        [asset],
        resources={
            "postgres": PostgresResource(url=url),
            "learning": LearningSettings(as_of=iso(as_of), full_refresh=full_refresh),
        },
        instance=DagsterInstance.ephemeral(),
    )
    assert result.success
    (event,) = result.get_asset_materialization_events()
    return {key: value.value for key, value in event.materialization.metadata.items()}


def correlation_rows(conn: psycopg.Connection) -> dict[tuple, tuple]:
    """(annotation_id, deployment_id) → every computed column, as_of included."""
    return {row[:2]: row for row in conn.execute(ROWS).fetchall()}


def of_deployment(rows: dict[tuple, tuple], deployment_id) -> dict[tuple, tuple]:
    return {key: row for key, row in rows.items() if key[1] == deployment_id}


def one(conn: psycopg.Connection, query: str, params: dict, what: str) -> tuple:
    row = conn.execute(query, {"as_of": AS_OF, "planted_at": PLANTED_AT, **params}).fetchone()
    assert row is not None, f"the small history has no {what} to plant a change on"
    return row


def build_dbt_models(url: str, target, as_of: datetime, since: datetime | None) -> dict[str, dict]:
    """Run the incremental dbt models (and the views they read) for as_of; their rows by key."""
    result = run_dbt(url, target, "run", "--select", *(f"+{model}" for model in DBT_MODELS), as_of=as_of, since=since)
    assert result.returncode == 0, result.stdout[-4000:]
    with psycopg.connect(url, autocommit=True) as conn:
        return {
            model: {row[0]: row for row in conn.execute(f"select * from analytics_intermediate.{model}").fetchall()}
            for model in DBT_MODELS
        }


def deployment_rows(rows: dict[str, dict], deployment_id) -> dict[str, list]:
    """Per dbt model, the rows that hold the deployment's id, as sorted text."""
    return {
        model: sorted(str(row) for row in model_rows.values() if deployment_id in row)
        for model, model_rows in rows.items()
    }


ENTRIES = "select decision_id, title, summary, body, tags, source_fingerprint from institutional_knowledge_entries"


def knowledge_entries(url: str) -> dict:
    with psycopg.connect(url, autocommit=True) as conn:
        return {row[0]: row for row in conn.execute(ENTRIES).fetchall()}


def decision_of(url: str, deployment_id) -> object:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute("select decision_id from deployment_records where id = %s", (deployment_id,)).fetchone()[0]


INSIGHTS = """
select insight_type, subject_key, status, title, detail, first_detected_at, last_detected_at, resolved_at
from learning_insights
"""


def insight_rows(url: str) -> dict:
    with psycopg.connect(url, autocommit=True) as conn:
        return {row[:2]: row for row in conn.execute(INSIGHTS).fetchall()}


@dataclass
class PlantedHistory:
    url: str
    dbt_target: object
    correlations_before: dict
    dbt_before: dict
    entries_before: dict
    insights_before: dict
    planted: dict


@pytest.fixture(scope="module")
def planted_history(pg_admin_url, template_database, tmp_path_factory):
    """The planted changes, full runs at AS_OF, then the appended day."""
    with fresh_database(pg_admin_url, template_database) as url:
        load_synthetic_history(url, "small", 11, AS_OF, progress=False, truth_dir=tmp_path_factory.mktemp("truth"))
        assert run_engine(url, AS_OF)["mode"] == "full"  # first run: nothing to start from
        with psycopg.connect(url, autocommit=True) as conn:
            correlations_before = correlation_rows(conn)
            planted = plant_new_day_changes(conn)  # all after AS_OF: invisible to runs for AS_OF
        target = tmp_path_factory.mktemp("dbt")
        dbt_before = build_dbt_models(url, target, AS_OF, since=None)
        assert run_engine(url, AS_OF, asset=institutional_knowledge_entries)["mode"] == "full"
        entries_before = knowledge_entries(url)
        assert run_engine(url, AS_OF, asset=learning_insights)["regressions_mode"] == "full"
        insights_before = insight_rows(url)
        appended = append_one_day(url, AS_OF)
        assert min(appended.values()) > 0
        yield PlantedHistory(url, target, correlations_before, dbt_before, entries_before, insights_before, planted)


def plant_new_day_changes(conn: psycopg.Connection) -> dict[str, object]:
    """Six changes in (AS_OF, NEXT_DAY] on distinct quiet old deployments; returns them by rule."""
    retracted_in, annotation = one(conn, RETRACTABLE_ANNOTATION, {}, "counted annotation")
    conn.execute("update annotations set retracted_at = %s where id = %s", (PLANTED_AT, annotation))

    taken = [retracted_in]
    marked_in, event, widget = one(conn, MARKABLE_EVENT, {"taken": taken}, "counted event")
    conn.execute(
        "insert into interaction_events (widget_id, event_type, occurred_at, metadata)"
        " values (%s, 'retracted', %s, %s)",
        (widget, PLANTED_AT, Jsonb({"retracted_event_id": str(event)})),
    )

    taken.append(marked_in)
    regressed_in, widget = one(conn, REGRESSABLE_DEPLOYMENT, {"taken": taken}, "improved deployment")
    conn.execute(
        "insert into annotations (widget_id, body, category, severity, created_at) values (%s, 'x', 'bug', 'high', %s)",
        (widget, PLANTED_AT),
    )

    taken.append(regressed_in)
    grown_in, thread, widget = one(conn, THREADED_CANDIDATE, {"taken": taken}, "candidate with a source thread")
    conn.execute(
        "insert into annotations (widget_id, body, category, severity, thread_id, created_at)"
        " values (%s, 'x', 'friction', 'low', %s, %s)",
        (widget, thread, PLANTED_AT),
    )

    taken.append(grown_in)
    # the history's old deployments are all evaluated: this one's evaluation moves into the new day
    # (before the dbt models' first run, which then sees no evaluation)
    evaluated, _ = one(conn, EVALUATED_DEPLOYMENT, {"taken": taken}, "evaluated deployment")
    conn.execute("update change_evaluations set evaluated_at = %s where deployment_id = %s", (PLANTED_AT, evaluated))

    taken.append(evaluated)
    referenced, decision = one(conn, SIGNALLED_DEPLOYMENT, {"taken": taken}, "deployment with a signal")
    conn.execute(
        "insert into implementation_change_references (decision_id, work_item_ref, linked_at) values (%s, 'PR-1', %s)",
        (decision, PLANTED_AT),
    )
    return {
        "retraction": retracted_in, "marker": marked_in, "regression": regressed_in, "source_thread": grown_in,
        "evaluation": evaluated, "implementation_reference": referenced,
    }  # fmt: skip


# the rules that move outcome_correlations rows (evaluations and implementation references do not)
CORRELATION_RULES = ("retraction", "marker", "regression", "source_thread")


def test_incremental_run_after_one_day_equals_a_full_recompute(planted_history):
    url, before, planted = planted_history.url, planted_history.correlations_before, planted_history.planted
    incremental = run_engine(url, NEXT_DAY)
    with psycopg.connect(url, autocommit=True) as conn:
        after_incremental = correlation_rows(conn)
        deployments = conn.execute(
            "select count(*) from deployment_lineage where deployed_at <= %s and candidate_id is not null",
            (NEXT_DAY,),
        ).fetchone()[0]
    assert incremental["mode"] == "incremental"
    assert 0 < incremental["deployments_recomputed"] < deployments / 2

    # each planted change moved its old deployment's rows, which only its rule can catch
    for rule in CORRELATION_RULES:
        deployment = planted[rule]
        old, new = of_deployment(before, deployment), of_deployment(after_incremental, deployment)
        assert {k: v[:-1] for k, v in old.items()} != {k: v[:-1] for k, v in new.items()}, rule
    assert len(of_deployment(after_incremental, planted["source_thread"])) == len(
        of_deployment(before, planted["source_thread"])
    ) + 1

    full = run_engine(url, NEXT_DAY, full_refresh=True)
    with psycopg.connect(url, autocommit=True) as conn:
        after_full = correlation_rows(conn)
    assert full["mode"] == "full"
    assert (full["rows_written"], full["stale_rows_removed"]) == (0, 0)
    assert after_full == after_incremental
    assert {row[-1] for row in after_full.values()} == {NEXT_DAY}

    # back to the earlier as_of: a full recompute; everything since has a later
    # timestamp (the retraction too), so the first table comes back
    assert run_engine(url, AS_OF)["mode"] == "full"
    with psycopg.connect(url, autocommit=True) as conn:
        assert correlation_rows(conn) == before


def test_incremental_dbt_models_after_one_day_equal_a_full_refresh(planted_history):
    url, target, before = planted_history.url, planted_history.dbt_target, planted_history.dbt_before
    incremental = build_dbt_models(url, target, NEXT_DAY, since=AS_OF)

    # each planted change moved its old deployment's rows in the dbt models too
    for rule, deployment in planted_history.planted.items():
        assert deployment_rows(before, deployment) != deployment_rows(incremental, deployment), rule
    # an old deployment nothing happened to keeps its rows
    impact_before, impact_after = before["int_deployment_impact"], incremental["int_deployment_impact"]
    assert sum(row == impact_after.get(key) for key, row in impact_before.items()) > len(impact_before) / 2

    full = build_dbt_models(url, target, NEXT_DAY, since=None)
    assert full == incremental
    assert len(full["int_lineage_chain"]) > len(before["int_lineage_chain"])  # the appended day's signals

    # back to the earlier as_of without a previous run: the rows after it are removed, the first tables come back
    assert build_dbt_models(url, target, AS_OF, since=None) == before


def test_incremental_knowledge_after_one_day_equals_a_full_recompute(planted_history):
    url, before = planted_history.url, planted_history.entries_before
    incremental = run_engine(url, NEXT_DAY, asset=institutional_knowledge_entries)
    assert incremental["mode"] == "incremental"
    composed = incremental["entries_inserted"] + incremental["entries_updated"] + incremental["entries_unchanged"]
    assert 0 < composed < incremental["entries_total"] / 2
    after_incremental = knowledge_entries(url)
    # the planted changes that show in an entry moved it
    for rule in ("source_thread", "evaluation", "implementation_reference"):
        decision = decision_of(url, planted_history.planted[rule])
        assert before[decision] != after_incremental[decision], rule

    full = run_engine(url, NEXT_DAY, full_refresh=True, asset=institutional_knowledge_entries)
    assert full["mode"] == "full"
    assert (full["entries_inserted"], full["entries_updated"], full["entries_removed"]) == (0, 0, 0)
    assert knowledge_entries(url) == after_incremental


def test_incremental_regressions_after_one_day_equal_a_full_recompute(planted_history):
    url, before = planted_history.url, planted_history.insights_before
    regressions_before = {key: row for key, row in before.items() if key[0] == "regression"}
    assert len(regressions_before) > 10  # enough to carry over
    incremental = run_engine(url, NEXT_DAY, asset=learning_insights)
    assert incremental["regressions_mode"] == "incremental"
    after_incremental = insight_rows(url)
    # the planted high annotation after an improved signal makes a new regression
    planted = ("regression", str(planted_history.planted["regression"]))
    assert planted not in before and after_incremental[planted][2] == "open"
    # most regressions are carried over: detected again at the new as_of, detail unchanged
    carried = [key for key, row in regressions_before.items() if after_incremental[key][4:7] == (*row[4:6], NEXT_DAY)]
    assert len(carried) > len(regressions_before) / 2

    # a full recompute for the same as_of finds exactly the same: nothing reopened, resolved or rewritten
    full = run_engine(url, NEXT_DAY, full_refresh=True, asset=learning_insights)
    assert full["regressions_mode"] == "full" and full["resolved"] == 0
    assert insight_rows(url) == after_incremental

    # a backfill for the earlier as_of leaves the later rows alone, so the next run cannot start from it
    assert run_engine(url, AS_OF, asset=learning_insights)["regressions_mode"] == "full"
    assert run_engine(url, NEXT_DAY, asset=learning_insights)["regressions_mode"] == "full"
    assert insight_rows(url) == after_incremental
