"""Foreman organisation isolation for task- and entity-scoped tables."""

from orchestration.migrations import run_sql_file

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    run_sql_file(__file__)
