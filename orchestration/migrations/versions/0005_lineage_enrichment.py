"""Lineage enrichment: trigger and batch recompute of outcome summaries."""

from orchestration.migrations import run_sql_file

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    run_sql_file(__file__)
