"""Foreman: programs, waves, tasks, builders and their triggers."""

from orchestration.migrations import run_sql_file

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    run_sql_file(__file__)
