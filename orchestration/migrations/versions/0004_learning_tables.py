"""Phase 12 learning tables and outcome_summary columns."""

from orchestration.migrations import run_sql_file

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    run_sql_file(__file__)
