"""Foreman organisation isolation policies (row-level security)."""

from orchestration.migrations import run_sql_file

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    run_sql_file(__file__)
