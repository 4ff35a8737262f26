"""outcome_correlations: as_of per run (learning_runs), values in outcome_correlation_values (issue #11)."""

from orchestration.migrations import run_sql_file

revision = "0013"
down_revision = "0012"


def upgrade() -> None:
    run_sql_file(__file__)
