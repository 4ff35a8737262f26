"""`ihf backfill lineage`: recompute outcome summaries for a range of signal days."""

import click

from orchestration.assets.lineage_enrichment.backfill import backfill_outcome_summaries
from orchestration.cli.options import as_of_option, out
from orchestration.lib import db, schema


@click.group("backfill", help="Recompute derived records from the append-only history.")
def backfill_group() -> None:
    pass


@backfill_group.command("lineage")
@as_of_option("--since", "since", help="First signal instant included (YYYY-MM-DD or ISO-8601); default: the beginning.")
@as_of_option("--until", "until", help="First signal instant excluded; default: no end.")
def backfill_lineage(since, until) -> None:
    """Recompute decision and candidate outcome_summary from every signal observed in [since, until)."""
    url = db.database_url()
    schema.require_current(url)
    with db.transaction(url) as conn:
        decisions = backfill_outcome_summaries(conn, since, until)
    window = f"[{since.isoformat() if since else '-∞'}, {until.isoformat() if until else '∞'})"
    out.print(f"recomputed outcome summaries of {decisions} decisions (signals observed in {window})")


COMMANDS = [backfill_group]
