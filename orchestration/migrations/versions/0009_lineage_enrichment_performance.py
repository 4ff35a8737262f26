"""Lineage enrichment: per-deployment aggregation, one write statement (issue #5)."""

from orchestration.migrations import run_sql_file

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    run_sql_file(__file__)
