"""refresh_retracted_events() (sql/0015): each retraction marker recorded once with the event it
names, on any widget; markers naming nothing stay unresolved, late events and late markers are
picked up by a later refresh."""

import uuid
from datetime import datetime, timedelta, timezone

from psycopg.types.json import Jsonb

from orchestration.lib.retracted_events import refresh_retracted_events
from tests.assets.ihf_history import History

T0 = datetime(2026, 3, 1, tzinfo=timezone.utc)


def add_event(conn, widget, at, event_type="clicked", metadata=None, event_id=None):
    return conn.execute(
        "insert into interaction_events (id, widget_id, event_type, metadata, occurred_at)"
        " values (coalesce(%s, gen_random_uuid()), %s, %s, %s, %s) returning id",
        (event_id, widget, event_type, Jsonb(metadata or {}), at),
    ).fetchone()[0]


def add_marker(conn, widget, at, named):
    return add_event(conn, widget, at, "retracted", {"retracted_event_id": named, "reason": "test"})


def recorded(conn):
    return {
        row[0]: row[1:]
        for row in conn.execute(
            "select marker_id, marker_widget_id, marker_occurred_at, named_event_id, named_widget_id, named_occurred_at"
            " from retracted_events"
        )
    }


def test_markers_are_recorded_once_and_resolved_when_their_event_exists(conn):
    h = History(conn)
    hub = h.hub()
    widget_a, widget_b = h.widget(hub), h.widget(hub)
    clicked = add_event(conn, widget_a, T0)
    late_id = uuid.uuid4()
    on_other_widget = add_marker(conn, widget_b, T0 + timedelta(hours=1), f"  {clicked}  ")  # padded, as staging reads it
    waiting = add_marker(conn, widget_a, T0 + timedelta(hours=2), str(late_id))
    no_uuid = add_marker(conn, widget_a, T0 + timedelta(hours=3), "not-a-uuid")

    assert refresh_retracted_events(conn) == 3
    rows = recorded(conn)
    assert rows == {
        on_other_widget: (widget_b, T0 + timedelta(hours=1), clicked, widget_a, T0),
        waiting: (widget_a, T0 + timedelta(hours=2), late_id, None, None),
        no_uuid: (widget_a, T0 + timedelta(hours=3), None, None, None),
    }
    assert refresh_retracted_events(conn) == 0  # nothing new

    # the named event arrives after its marker; a marker arrives with an old occurred_at
    add_event(conn, widget_b, T0 - timedelta(days=2), event_id=late_id)
    old_marker = add_marker(conn, widget_b, T0 - timedelta(days=1), str(clicked))
    assert refresh_retracted_events(conn) == 2  # one resolved, one added
    rows = recorded(conn)
    assert rows[waiting] == (widget_a, T0 + timedelta(hours=2), late_id, widget_b, T0 - timedelta(days=2))
    assert rows[old_marker] == (widget_b, T0 - timedelta(days=1), clicked, widget_a, T0)
    assert rows[no_uuid] == (widget_a, T0 + timedelta(hours=3), None, None, None)
    assert len(rows) == 4
