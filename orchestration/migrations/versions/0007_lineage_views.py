"""Shared lineage views: deployment_lineage, candidate_source_annotations."""

from orchestration.migrations import run_sql_file

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    run_sql_file(__file__)
