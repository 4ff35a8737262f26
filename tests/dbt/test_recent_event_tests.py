"""The data tests of stg_ihf__interaction_events check the last `recent_test_days` (7) days up to
as_of only: a marker without a valid event id from a month ago is not reported, one from yesterday
is. Orphan markers (naming an event that does not exist) are tested on stg_ihf__retracted_events,
one row per marker, so every one is reported, however old."""

from __future__ import annotations

import uuid

import psycopg
from psycopg.types.json import Jsonb

from tests.assets.ihf_history import AS_OF, DAY, History
from tests.dbt_runner import data_test_failures, run_dbt


def test_event_tests_cover_the_recent_days_and_orphan_markers_all(db_url, tmp_path):
    with psycopg.connect(db_url, autocommit=True) as conn:
        h = History(conn)
        widget = h.widget(h.hub())

        def marker(retracted_event_id, occurred_at):
            conn.execute(
                "insert into interaction_events (widget_id, event_type, metadata, occurred_at) values (%s, %s, %s, %s)",
                (widget, "retracted", Jsonb({"retracted_event_id": retracted_event_id}), occurred_at),
            )

        for occurred_at in (AS_OF - 30 * DAY, AS_OF - DAY, AS_OF - DAY):
            marker(str(uuid.uuid4()), occurred_at)  # orphans
        for occurred_at in (AS_OF - 30 * DAY, AS_OF - DAY):
            marker("not-a-uuid", occurred_at)
        clicked = conn.execute(
            "insert into interaction_events (widget_id, event_type, occurred_at) values (%s, 'click', %s) returning id",
            (widget, AS_OF - 2 * DAY),
        ).fetchone()[0]
        marker(str(clicked), AS_OF - DAY)  # names an existing event

    built = run_dbt(db_url, tmp_path, "build", "--select", "stg_ihf__interaction_events", "stg_ihf__retracted_events",
                    "stg_ihf__widgets", "--indirect-selection", "cautious", as_of=AS_OF)  # fmt: skip
    assert built.returncode == 0, built.stdout[-4000:]  # the marker tests only warn
    failures = data_test_failures(tmp_path)
    assert failures["stg_ihf__interaction_events_marker_names_a_valid_uuid"] == 1  # yesterday's only
    assert failures["stg_ihf__retracted_events_named_event_exists"] == 3  # the three orphans, a month old too
