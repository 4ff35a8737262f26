"""Reading one panel from its mart into a PanelView, and what the report says about freshness."""

from __future__ import annotations

from datetime import datetime

import psycopg
from psycopg import sql

from orchestration.assets.nightly_report.marts import MART_SCHEMA, Freshness, mart_freshness, read_frame
from orchestration.assets.nightly_report.panels import HUB_LIST_MARTS, Panel, Source
from orchestration.assets.nightly_report.render import PanelView, plot_divs, table_rows
from orchestration.lib.sql_files import read_sql


class PanelReader:
    """Reads panels inside the caller's transaction; remembers each mart's freshness."""

    def __init__(self, conn: psycopg.Connection, marts: dict[str, set[str]], as_of: datetime):
        self.conn = conn
        self.marts = marts
        self.as_of = as_of
        self.freshness: dict[tuple[str, str | None], Freshness] = {}

    def view(self, panel: Panel, hub_id: str | None = None) -> PanelView:
        marts = [source.mart for source in panel.sources]
        view = PanelView(panel.key, panel.title, panel.description, "unavailable",
                         reason=f"its mart ({', '.join(marts)}) has not been built yet")
        source = next((source for source in panel.sources if source.mart in self.marts), None)
        if source is None:
            return view
        view.mart, view.freshness = source.mart, self.source_freshness(source)
        view.stale = view.freshness.as_of is not None and view.freshness.as_of != self.as_of
        try:
            with self.conn.transaction():  # a savepoint: a mart built from an older model may lack a column
                frame = read_frame(self.conn, read_sql(__file__, source.query), {"hub_id": hub_id})
        except psycopg.errors.UndefinedColumn as exc:
            view.reason = f"analytics.{source.mart} lacks a column it reads ({exc.diag.message_primary})"
            return view
        view.columns, view.total_rows = list(frame.columns), len(frame)
        if frame.empty:
            view.status = "empty"
            return view
        view.status, view.rows = "ok", table_rows(frame, panel.max_rows)
        view.plots = plot_divs(source.chart(frame), panel.key) if source.chart else []
        return view

    def hubs(self) -> list[tuple[str, str]]:
        """(hub_id, hub_slug) of every hub, by slug; none before a mart listing hubs is built."""
        mart = next((mart for mart in HUB_LIST_MARTS if mart in self.marts), None)
        if mart is None:
            return []
        query = sql.SQL("select distinct hub_id::text, hub_slug from {} order by 2, 1")
        return self.conn.execute(query.format(sql.Identifier(MART_SCHEMA, mart))).fetchall()

    def source_freshness(self, source: Source) -> Freshness:
        key = (source.mart, source.span_column)
        if key not in self.freshness:
            self.freshness[key] = mart_freshness(self.conn, source.mart, self.marts[source.mart], source.span_column)
        return self.freshness[key]
