"""Apply and inspect the operational schema (`ihf db upgrade`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from orchestration.lib import db, roles

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"


def _alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    sqlalchemy_url = db.to_url(url).replace("postgresql://", "postgresql+psycopg://", 1)
    # Alembic's config is a ConfigParser: '%' must be doubled.
    config.set_main_option("sqlalchemy.url", sqlalchemy_url.replace("%", "%%"))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_alembic_config("dbname=x")).get_current_head()


def current_revision(url: str) -> str | None:
    with db.connect(url) as conn:
        exists = conn.execute("select to_regclass('ihf_meta.alembic_version')").fetchone()[0]
        if exists is None:
            return None
        row = conn.execute("select version_num from ihf_meta.alembic_version").fetchone()
        return row[0] if row else None


def upgrade(url: str) -> tuple[str | None, str]:
    """Apply pending migrations in order; returns (revision before, revision after)."""
    before = current_revision(url)
    command.upgrade(_alembic_config(url), "head")
    with db.connect(url) as conn:
        roles.apply_roles(conn)
    return before, current_revision(url)


def require_current(url: str) -> None:
    """Raise a one-line, actionable error unless the schema is fully upgraded."""
    current = current_revision(url)
    if current != head_revision():
        state = "has no IHF schema" if current is None else f"is at schema revision {current}"
        raise db.DatabaseError(f"the database {state}; run `ihf db upgrade` first")
