"""Hand-built IHF histories for the calibration and insight tests: one row per call,
every timestamp explicit, ids returned for assertions."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from uuid import UUID

import psycopg

AS_OF = datetime(2026, 6, 1, tzinfo=timezone.utc)
LONG_AGO = AS_OF - timedelta(days=800)
DAY = timedelta(days=1)


class History:
    def __init__(self, conn: psycopg.Connection):
        self.conn = conn
        self._serial = 0

    def _id(self, sql: str, params: tuple) -> UUID:
        return self.conn.execute(sql, params).fetchone()[0]

    def _next(self) -> int:
        self._serial += 1
        return self._serial

    def hub(self, slug: str | None = None, created_at: datetime = LONG_AGO) -> UUID:
        slug = slug or f"hub-{self._next()}"
        return self._id(
            "insert into hubs (slug, name, domain, created_at) values (%s, %s, 'test', %s) returning id",
            (slug, slug.title(), created_at),
        )

    def widget(self, hub: UUID, name: str | None = None, widget_type: str = "button",
               created_at: datetime = LONG_AGO) -> UUID:
        return self._id(
            "insert into widgets (hub_id, name, widget_type, created_at) values (%s, %s, %s, %s) returning id",
            (hub, name or f"widget-{self._next()}", widget_type, created_at),
        )

    def annotation(self, widget: UUID, created_at: datetime, severity: str = "medium", category: str = "friction",
                   retracted_at: datetime | None = None) -> UUID:
        return self._id(
            "insert into annotations (widget_id, body, category, severity, created_at, retracted_at)"
            " values (%s, 'hand-built', %s, %s, %s, %s) returning id",
            (widget, category, severity, created_at, retracted_at),
        )

    def candidate(self, widget: UUID, created_at: datetime, status: str = "open", category: str = "friction",
                  source_annotation: UUID | None = None) -> UUID:
        return self._id(
            "insert into requirement_candidates (title, description, source_widget_id, source_annotation_id,"
            " category, status, created_at) values ('c', 'hand-built', %s, %s, %s, %s, %s) returning id",
            (widget, source_annotation, category, status, created_at),
        )

    def deployment(self, candidate: UUID, deployed_at: datetime) -> UUID:
        decision = self._id(
            "insert into decision_records (title, rationale, outcome, candidate_id, decided_at, created_at)"
            " values ('d', 'hand-built', 'approved', %s, %s, %s) returning id",
            (candidate, deployed_at - DAY, deployed_at - DAY),
        )
        return self._id(
            "insert into deployment_records (decision_id, version_ref, deployed_at, created_at)"
            " values (%s, %s, %s, %s) returning id",
            (decision, f"v{self._next()}", deployed_at, deployed_at),
        )

    def signal(self, deployment: UUID, widget: UUID, signal_type: str, observed_at: datetime) -> UUID:
        return self._id(
            "insert into outcome_signals (widget_id, deployment_id, signal_type, observed_at)"
            " values (%s, %s, %s, %s) returning id",
            (widget, deployment, signal_type, observed_at),
        )

    def threshold(self, hub: UUID | None, threshold: float, as_of: datetime, status: str = "active",
                  previous_threshold: float = 10.0) -> UUID:
        return self._id(
            "insert into adaptive_threshold_configs (scope_hub_id, threshold, status, previous_threshold, as_of)"
            " values (%s, %s, %s, %s, %s) returning id",
            (hub, threshold, status, previous_threshold, as_of),
        )


def threshold_config(conn: psycopg.Connection, hub: UUID | None, as_of: datetime = AS_OF) -> dict:
    """The calibration row of a scope (None = global) at as_of, as a dict of its measures."""
    cur = conn.execute(
        "select threshold, precision, recall, f1, sample_size, positives, status, previous_threshold"
        " from adaptive_threshold_configs where scope_hub_id is not distinct from %s and as_of = %s",
        (hub, as_of),
    )
    names = [column.name for column in cur.description]
    return dict(zip(names, cur.fetchone()))
