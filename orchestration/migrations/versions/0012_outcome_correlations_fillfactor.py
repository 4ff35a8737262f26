"""Free space on outcome_correlations pages so the nightly restamp is heap-only (issue #11)."""

from orchestration.migrations import run_sql_file

revision = "0012"
down_revision = "0011"


def upgrade() -> None:
    run_sql_file(__file__)
