"""Free space on decision and candidate pages so outcome_summary rewrites are heap-only (issue #5)."""

from orchestration.migrations import run_sql_file

revision = "0010"
down_revision = "0009"


def upgrade() -> None:
    run_sql_file(__file__)
