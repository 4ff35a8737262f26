"""The backfill both the partitioned asset and `ihf backfill lineage` run."""

from datetime import datetime

import psycopg


def backfill_outcome_summaries(conn: psycopg.Connection, since: datetime | None, until: datetime | None) -> int:
    """Recompute summaries reachable from signals observed in [since, until); returns decisions touched."""
    if since and until and since >= until:
        raise ValueError(f"--since ({since.isoformat()}) must be before --until ({until.isoformat()})")
    row = conn.execute("select enrich_lineage_on_outcome_batch(%s, %s)", (since, until)).fetchone()
    return row[0]
