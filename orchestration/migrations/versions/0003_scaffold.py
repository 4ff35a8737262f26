"""Scaffold outcomes: projects and user feedback."""

from orchestration.migrations import run_sql_file

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    run_sql_file(__file__)
