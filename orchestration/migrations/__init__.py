"""Alembic wiring for the numbered SQL migrations in `sql/`.

Each revision in `versions/` runs the `sql/` file of the same name; the SQL is
the source of truth, Alembic provides ordering, one transaction per migration
and the record of what was applied (`ihf_meta.alembic_version`).
"""

from __future__ import annotations

from pathlib import Path

from alembic import op

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"


def run_sql_file(revision_file: str) -> None:
    """Execute `sql/<stem>.sql` for the revision module at `revision_file`."""
    sql_path = SQL_DIR / f"{Path(revision_file).stem}.sql"
    # Straight to psycopg without parameters, so '%' in the SQL is not a placeholder.
    driver_connection = op.get_bind().connection.driver_connection
    driver_connection.execute(sql_path.read_text(encoding="utf-8"))
