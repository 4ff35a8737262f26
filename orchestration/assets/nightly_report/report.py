"""The learning report (SPEC §3 `ihf report`): a static HTML directory read from the dbt marts.

    index.html        the learning dashboard
    hub-<slug>.html   the antifragility dashboard of each hub
    foreman.html      Foreman program progress, QA health, stalled builders
    plotly.min.js     the plotting library, loaded from the directory (no network needed)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import plotly.offline

from orchestration.assets.nightly_report.marts import NoMartsError, existing_marts, mart_freshness
from orchestration.assets.nightly_report.panel_reader import PanelReader
from orchestration.assets.nightly_report.panels import FOREMAN_PANELS, HUB_PANELS, LEARNING_PANELS, REPORT_MARTS
from orchestration.assets.nightly_report.render import PanelView, render_page, utc_text
from orchestration.lib.db import ihf_home
from orchestration.lib import db
from orchestration.lib.as_of import iso

PLOTLY_JS = "plotly.min.js"


@dataclass(frozen=True)
class HubPage:
    hub_id: str
    slug: str
    file: str


@dataclass(frozen=True)
class RenderedReport:
    index_path: Path
    pages: list[Path]
    row_counts: dict[str, int]  # "<page>/<panel>" → rows the panel's query returned


def default_out_dir(as_of: datetime) -> Path:
    return ihf_home() / "reports" / as_of.astimezone(timezone.utc).date().isoformat()


def require_marts(marts: dict[str, set[str]]) -> None:
    if not any(mart in marts for mart in REPORT_MARTS):
        raise NoMartsError("no marts yet; run `ihf nightly` first")


def marts_as_of(url: str) -> datetime:
    """The latest as_of the marts were built for (now when they are empty): what `ihf report` describes."""
    with db.connect(url) as conn:
        marts = existing_marts(conn)
        require_marts(marts)
        instants = [mart_freshness(conn, mart, marts[mart], None).as_of for mart in REPORT_MARTS if mart in marts]
    built = [instant for instant in instants if instant is not None]
    return max(built) if built else datetime.now(timezone.utc)


def write_report(url: str, as_of: datetime, out_dir: Path) -> Path:
    """Write the report for `as_of` into `out_dir` and return the path of its index.html."""
    return render_report(url, as_of, out_dir).index_path


def render_report(url: str, as_of: datetime, out_dir: Path) -> RenderedReport:
    learning, foreman, hub_views = read_panels(url, as_of)
    views = [*learning, *foreman, *(view for page in hub_views.values() for view in page)]
    out_dir.mkdir(parents=True, exist_ok=True)
    for old_page in out_dir.glob("hub-*.html"):  # hubs of an earlier report into the same directory
        old_page.unlink()
    (out_dir / PLOTLY_JS).write_text(plotly.offline.get_plotlyjs(), encoding="utf-8")
    common = {
        "as_of_text": utc_text(as_of), "as_of_iso": iso(as_of), "span_text": span_text(views),
        "generated_text": utc_text(datetime.now(timezone.utc)), "hubs": list(hub_views), "plotly_js": PLOTLY_JS,
        "has_data": any(view.status == "ok" for view in views),
    }
    pages = [
        write_page(out_dir, "index.html", "Learning dashboard", learning, common,
                   intro="What the nightly learning found: how deployments changed friction, which patterns work, "
                         "how thresholds moved, what needs attention and which widgets keep coming back."),
        write_page(out_dir, "foreman.html", "Foreman", foreman, common),
        *(write_page(out_dir, hub.file, f"Antifragility: hub {hub.slug}", hub_views[hub], common) for hub in hub_views),
    ]
    counts = {f"learning/{view.key}": view.total_rows for view in learning}
    counts |= {f"foreman/{view.key}": view.total_rows for view in foreman}
    counts["hub_pages"] = len(hub_views)
    return RenderedReport(pages[0], pages, counts)


def read_panels(url: str, as_of: datetime) -> tuple[list[PanelView], list[PanelView], dict[HubPage, list[PanelView]]]:
    """Every panel of every page, in one read-only snapshot so that the pages agree with each other."""
    with db.transaction(url) as conn:
        conn.execute("set transaction isolation level repeatable read, read only")
        marts = existing_marts(conn)
        require_marts(marts)
        reader = PanelReader(conn, marts, as_of)
        learning = [reader.view(panel) for panel in LEARNING_PANELS]
        foreman = [reader.view(panel) for panel in FOREMAN_PANELS]
        hubs = hub_pages(reader.hubs())
        return learning, foreman, {hub: [reader.view(panel, hub.hub_id) for panel in HUB_PANELS] for hub in hubs}


def span_text(views: list[PanelView]) -> str:
    """The time span of the data shown: earliest to latest of the span columns of the panels with rows."""
    shown = [view.freshness for view in views if view.status == "ok" and view.freshness.span_start is not None]
    if not shown:
        return "no data yet"
    return f"{utc_text(min(f.span_start for f in shown))} → {utc_text(max(f.span_end for f in shown))}"


def hub_pages(hubs: list[tuple[str, str]]) -> list[HubPage]:
    """One page per hub, named by its slug (made file-safe; the id tells clashing slugs apart)."""
    pages, used = [], set()
    for hub_id, slug in hubs:
        name = re.sub(r"[^a-z0-9]+", "-", (slug or "").lower()).strip("-") or hub_id[:8]
        if name in used:
            name = f"{name}-{hub_id[:8]}"
        used.add(name)
        pages.append(HubPage(hub_id, slug or hub_id, f"hub-{name}.html"))
    return pages


def write_page(out_dir: Path, file: str, title: str, panels: list[PanelView], common: dict, intro: str = "") -> Path:
    path = out_dir / file
    html = render_page("page.html.j2", page_title=title, page_file=file, panels=panels, intro=intro, **common)
    path.write_text(html, encoding="utf-8")
    return path
