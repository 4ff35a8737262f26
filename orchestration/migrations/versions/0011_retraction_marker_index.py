"""Partial index on retraction markers for the nightly window counts (issue #11)."""

from orchestration.migrations import run_sql_file

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    run_sql_file(__file__)
