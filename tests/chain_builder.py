"""Insert hand-made lineage chains (hub → widget → … → deployment → signals) for tests."""

from __future__ import annotations

import uuid
from datetime import datetime

import psycopg


def new_id() -> uuid.UUID:
    return uuid.uuid4()


def insert(conn: psycopg.Connection, table: str, **values) -> uuid.UUID:
    """INSERT one row and return its id (generated unless given)."""
    values.setdefault("id", new_id())
    columns = ", ".join(values)
    placeholders = ", ".join(f"%({name})s" for name in values)
    conn.execute(f"insert into {table} ({columns}) values ({placeholders})", values)
    return values["id"]


def hub_and_widget(conn, widget_type: str = "button", created_at: datetime | None = None) -> tuple[uuid.UUID, uuid.UUID]:
    created = created_at or datetime.fromisoformat("2025-01-01T00:00:00+00:00")
    hub = insert(conn, "hubs", slug=f"hub-{uuid.uuid4().hex[:8]}", name="Hub", domain="test", created_at=created)
    widget = insert(conn, "widgets", hub_id=hub, name="Widget", widget_type=widget_type, created_at=created)
    return hub, widget


def candidate_for(conn, widget: uuid.UUID, category: str = "friction", **extra) -> uuid.UUID:
    return insert(
        conn, "requirement_candidates", title="Candidate", description="d", source_widget_id=widget,
        category=category, **extra,
    )


def decision_for(conn, *, candidate: uuid.UUID | None = None, requirement: uuid.UUID | None = None, **extra) -> uuid.UUID:
    return insert(
        conn, "decision_records", title=extra.pop("title", "Decision"), rationale=extra.pop("rationale", "because"),
        outcome=extra.pop("outcome", "approved"), candidate_id=candidate, requirement_id=requirement, **extra,
    )


def deployment_for(conn, decision: uuid.UUID, deployed_at: datetime, **extra) -> uuid.UUID:
    return insert(conn, "deployment_records", decision_id=decision, version_ref="v1", deployed_at=deployed_at, **extra)


def deployment_of(conn, candidate: uuid.UUID, deployed_at: datetime, via_requirement: bool = False) -> uuid.UUID:
    """A decision on the candidate (or, via_requirement, on a requirement promoted from it) and its deployment."""
    if via_requirement:
        requirement = insert(conn, "requirements", title="Requirement", description="r", source_candidate_id=candidate)
        decision = decision_for(conn, requirement=requirement)
    else:
        decision = decision_for(conn, candidate=candidate)
    return deployment_for(conn, decision, deployed_at)


def signal(conn, deployment: uuid.UUID, widget: uuid.UUID, signal_type: str, observed_at: datetime, id=None) -> uuid.UUID:
    return insert(
        conn, "outcome_signals", id=id or new_id(), deployment_id=deployment, widget_id=widget,
        signal_type=signal_type, observed_at=observed_at,
    )
