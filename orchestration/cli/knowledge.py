"""`ihf knowledge search`: ranked full-text search over institutional knowledge (SPEC §7.4, §7.7)."""

from __future__ import annotations

import json

import click
from rich.table import Table
from rich.text import Text

from orchestration.cli.options import out
from orchestration.lib import db, schema

HIGHLIGHT_START, HIGHLIGHT_STOP = "«", "»"  # the StartSel/StopSel of search_entries.sql


@click.group("knowledge", help="Institutional knowledge distilled from decisions.")
def knowledge_group() -> None:
    pass


@knowledge_group.command("search", context_settings={"ignore_unknown_options": True})
@click.argument("query")
@click.option("--limit", type=int, default=10, show_default=True, help="Entries to show (1-1000).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array: decision_id, title, rank, snippet.")
@click.option("--hub", "hub_slug", default=None, metavar="SLUG", help="Only entries of this hub.")
@click.option("--tag", default=None, help="Only entries with this tag (category, widget type, outcome, ...).")
def search(query: str, limit: int, as_json: bool, hub_slug: str | None, tag: str | None) -> None:
    """Search decisions with web-search syntax: words, "a phrase", -excluded, or."""
    from orchestration.assets.knowledge_distillation import search as knowledge

    # Bad input fails before any connection is made.
    knowledge.validate_query(query)
    knowledge.validate_limit(limit)
    for value, what in ((hub_slug, "hub slug"), (tag, "tag")):
        if value is not None:
            knowledge.validate_text(value, what)
    url = db.database_url()
    schema.require_current(url)
    with db.connect(url) as conn:
        if hub_slug is not None and not conn.execute("SELECT 1 FROM hubs WHERE slug = %s", (hub_slug,)).fetchone():
            raise ValueError(f"unknown hub {hub_slug!r}; pass the slug of an existing hub")
        results = knowledge.search_knowledge(conn, query, limit=limit, hub_slug=hub_slug, tag=tag)
    if as_json:
        click.echo(json.dumps(results))
    elif not results:
        out.print("no matches", markup=False)
    else:
        out.print(results_table(results))


def highlighted(snippet: str) -> Text:
    """The snippet with «matched words» in bold, markers removed; the text is never read as markup."""
    text = Text()
    for index, part in enumerate(snippet.replace(HIGHLIGHT_STOP, HIGHLIGHT_START).split(HIGHLIGHT_START)):
        text.append(part, style="bold yellow" if index % 2 else "")
    return text


def results_table(results: list[dict]) -> Table:
    table = Table(title=f"{len(results)} matching decisions, best first", show_lines=True)
    table.add_column("rank", justify="right", no_wrap=True)
    table.add_column("decision", no_wrap=True)
    table.add_column("title")
    table.add_column("snippet")
    for row in results:
        table.add_row(f"{row['rank']:.3f}", row["decision_id"], Text(row["title"]), highlighted(row["snippet"]))
    return table


COMMANDS = [knowledge_group]
