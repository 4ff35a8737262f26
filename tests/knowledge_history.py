"""Hand-built lineage histories for the knowledge distillation and search tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from itertools import count

from dagster import DagsterInstance, materialize
from psycopg import sql

from orchestration.resources import LearningSettings, PostgresResource

AS_OF = "2026-06-01T00:00:00Z"
T0 = datetime(2026, 5, 1, tzinfo=timezone.utc)  # the histories happen in May 2026


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


class History:
    """Inserts rows with explicit timestamps and returns their ids."""

    def __init__(self, conn):
        self.conn = conn
        self._serial = count(1)

    def insert(self, table: str, **values) -> str:
        query = sql.SQL("insert into {} ({}) values ({}) returning id").format(
            sql.Identifier(table),
            sql.SQL(", ").join(map(sql.Identifier, values)),
            sql.SQL(", ").join(map(sql.Placeholder, values)),
        )
        return str(self.conn.execute(query, values).fetchone()[0])

    def hub(self, slug: str) -> str:
        return self.insert("hubs", slug=slug, name=slug.title(), domain="ops", created_at=at(-90))

    def widget(self, hub_id: str, name: str, widget_type: str = "button") -> str:
        return self.insert("widgets", hub_id=hub_id, name=name, widget_type=widget_type, created_at=at(-90))

    def thread(self, widget_id: str) -> str:
        title = f"thread {next(self._serial)}"
        return self.insert("annotation_threads", widget_id=widget_id, title=title, created_at=at(0))

    def annotation(self, widget_id: str, body: str, thread_id: str | None = None, day: float = 1, **extra) -> str:
        return self.insert(
            "annotations", widget_id=widget_id, body=body, thread_id=thread_id, created_at=at(day), **extra
        )

    def decision_chain(
        self,
        widget_id: str,
        title: str,
        *,
        annotation: str = "the widget is awkward",
        category: str = "friction",
        rationale: str = "users asked for it",
        outcome: str = "approved",
        via_requirement: bool = False,
        day: float = 5,
    ) -> dict[str, str]:
        """thread + one annotation → candidate → (requirement) → decision; returns every id."""
        ids = {"thread": self.thread(widget_id)}
        ids["annotation"] = self.annotation(widget_id, annotation, ids["thread"], day=day - 4)
        ids["candidate"] = self.insert(
            "requirement_candidates", title=f"candidate for {title}", description="escalated from the thread",
            source_widget_id=widget_id, source_thread_id=ids["thread"], source_annotation_id=ids["annotation"],
            category=category, status="accepted", created_at=at(day - 3),
        )
        ids["requirement"] = self.insert(
            "requirements", title=f"requirement for {title}", description="the requirement text",
            source_candidate_id=ids["candidate"], created_at=at(day - 2),
        )
        ids["decision"] = self.insert(
            "decision_records", title=title, rationale=rationale, outcome=outcome,
            requirement_id=ids["requirement"], candidate_id=None if via_requirement else ids["candidate"],
            decided_at=at(day), created_at=at(day),
        )
        return ids

    def deployment(self, decision_id: str, version_ref: str, day: float) -> str:
        return self.insert(
            "deployment_records", decision_id=decision_id, version_ref=version_ref,
            deployed_at=at(day), created_at=at(day),
        )

    def signal(self, widget_id: str, deployment_id: str, signal_type: str, day: float) -> str:
        return self.insert(
            "outcome_signals", widget_id=widget_id, deployment_id=deployment_id,
            signal_type=signal_type, observed_at=at(day),
        )


def distil(db_url: str, as_of: str = AS_OF, full_refresh: bool = False):
    """Materialize institutional_knowledge_entries (with its checks) for `as_of`."""
    from orchestration.assets.knowledge_distillation.assets import defs

    return materialize(
        list(defs.assets) + list(defs.asset_checks),
        resources={"postgres": PostgresResource(url=db_url), "learning": LearningSettings(as_of=as_of, full_refresh=full_refresh)},
        instance=DagsterInstance.ephemeral(),
    )


def counts(result) -> dict[str, int]:
    """entries_inserted / _updated / _unchanged / _removed of the run's materialization."""
    metadata = result.asset_materializations_for_node("institutional_knowledge_entries")[0].metadata
    return {key: metadata[key].value for key in metadata if key.startswith("entries_")}
