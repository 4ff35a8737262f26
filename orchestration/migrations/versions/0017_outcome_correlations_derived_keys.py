"""outcome_correlation_values: drop the foreign keys and indexes of its derived lineage columns (issue #11)."""

from orchestration.migrations import run_sql_file

revision = "0017"
down_revision = "0016"


def upgrade() -> None:
    run_sql_file(__file__)
