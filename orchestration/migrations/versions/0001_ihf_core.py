"""IHF core: phases 1-6 of the seeds, append-only guards."""

from orchestration.migrations import run_sql_file

revision = "0001"
down_revision = None


def upgrade() -> None:
    run_sql_file(__file__)
