"""The data tests of stg_ihf__interaction_events check the last `recent_test_days` (7) days up to
as_of only: an orphan retraction marker from a month ago is not reported, one from yesterday is."""

from __future__ import annotations

import uuid

import psycopg
from psycopg.types.json import Jsonb

from tests.assets.ihf_history import AS_OF, DAY, History
from tests.dbt_runner import data_test_failures, run_dbt


def test_event_tests_cover_the_recent_days_only(db_url, tmp_path):
    with psycopg.connect(db_url, autocommit=True) as conn:
        h = History(conn)
        widget = h.widget(h.hub())
        for occurred_at in (AS_OF - 30 * DAY, AS_OF - DAY, AS_OF - DAY):  # orphan markers
            conn.execute(
                "insert into interaction_events (widget_id, event_type, metadata, occurred_at) values (%s, %s, %s, %s)",
                (widget, "retracted", Jsonb({"retracted_event_id": str(uuid.uuid4())}), occurred_at),
            )
        conn.execute(
            "insert into interaction_events (widget_id, event_type, metadata, occurred_at)"
            " select widget_id, 'retracted', jsonb_build_object('retracted_event_id', id), %s"
            " from interaction_events limit 1",
            (AS_OF - DAY,),
        )

    built = run_dbt(db_url, tmp_path, "build", "--select", "stg_ihf__interaction_events", "stg_ihf__widgets",
                    "--indirect-selection", "cautious", as_of=AS_OF)  # fmt: skip
    assert built.returncode == 0, built.stdout[-4000:]  # the marker tests only warn
    failures = data_test_failures(tmp_path)
    assert failures["stg_ihf__interaction_events_retracted_event_exists"] == 2  # yesterday's two orphans
