"""retracted_events: the event each retraction marker names, resolved once (issue #11)."""

from orchestration.migrations import run_sql_file

revision = "0015"
down_revision = "0014"


def upgrade() -> None:
    run_sql_file(__file__)
