"""Turning panel frames into HTML: table cells, plot divs and the Jinja2 pages."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import jinja2
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io

from orchestration.assets.nightly_report.marts import Freshness

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
MISSING = "–"

templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Cell:
    text: str  # what the reader sees
    value: str  # the exact value: sorts the column and lets tests compare with the mart


@dataclass
class PanelView:
    key: str
    title: str
    description: str
    status: str  # "ok", "empty" (mart has no rows for it) or "unavailable" (mart not built)
    mart: str | None = None  # the one it was read from
    reason: str = ""  # why it is unavailable
    freshness: Freshness | None = None
    stale: bool = False  # the mart was built for another as_of than the report's
    columns: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    total_rows: int = 0
    plots: list[str] = field(default_factory=list)


def utc_text(instant: datetime | date | None) -> str:
    if instant is None or instant is pd.NaT:
        return MISSING
    if isinstance(instant, datetime):
        return instant.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return instant.isoformat()


def cell(value: object) -> Cell:
    """One table cell: readable text, and the exact value as a string (empty for null)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return Cell(MISSING, "")
    if isinstance(value, (bool, np.bool_)):
        return Cell("yes" if value else "no", "true" if value else "false")
    if isinstance(value, (int, np.integer)):
        return Cell(str(int(value)), str(int(value)))
    if isinstance(value, (float, np.floating)):
        text = f"{float(value):.4f}".rstrip("0").rstrip(".")
        return Cell("0" if text == "-0" else text, repr(float(value)))
    if isinstance(value, datetime):
        return Cell(utc_text(value), value.astimezone(timezone.utc).isoformat())
    if isinstance(value, list):  # a jsonb array, e.g. a tier's pattern keys
        joined = ", ".join(str(item) for item in value)
        return Cell(joined or MISSING, joined)
    return Cell(str(value), str(value))


def table_rows(frame: pd.DataFrame, limit: int) -> list[list[Cell]]:
    return [[cell(value) for value in row] for row in frame.head(limit).itertuples(index=False, name=None)]


def plot_divs(figures: list[go.Figure], key: str) -> list[str]:
    """Plot divs without the library: each page loads plotly.js once, from the report directory."""
    return [
        plotly.io.to_html(figure, full_html=False, include_plotlyjs=False, div_id=f"plot-{key}-{index}",
                          config=PLOTLY_CONFIG)
        for index, figure in enumerate(figures)
    ]


templates.filters["utc"] = utc_text


def render_page(template: str, **context) -> str:
    return templates.get_template(template).render(**context)
