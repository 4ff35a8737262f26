"""retracted_events (sql/0015): each retraction marker with the event it names, resolved once.

Whatever counts window events brings it up to date first: the call adds only the markers
not yet recorded (and resolves named events that arrived since), so it is cheap every night.
"""

from __future__ import annotations

import psycopg


def refresh_retracted_events(conn: psycopg.Connection) -> int:
    """Record new retraction markers; returns how many rows were added or resolved."""
    return conn.execute("select refresh_retracted_events()").fetchone()[0]
