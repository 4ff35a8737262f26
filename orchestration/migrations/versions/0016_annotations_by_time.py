"""Indexes on annotations (created_at) and (retracted_at): the new day's annotations without a scan (issue #11)."""

from orchestration.migrations import run_sql_file

revision = "0016"
down_revision = "0015"


def upgrade() -> None:
    run_sql_file(__file__)
