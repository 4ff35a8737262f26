"""deployments_changed_between(): the deployments an incremental run recomputes (issue #11)."""

from orchestration.migrations import run_sql_file

revision = "0014"
down_revision = "0013"


def upgrade() -> None:
    run_sql_file(__file__)
