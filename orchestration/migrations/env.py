"""Alembic environment: online migrations only, one transaction per revision."""

from alembic import context
from sqlalchemy import create_engine, pool, text

VERSION_SCHEMA = "ihf_meta"

engine = create_engine(context.config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)

with engine.connect() as connection:
    # A session-level lock serialises concurrent upgrades of one database.
    connection.execute(text("select pg_advisory_lock(hashtext('ihf db upgrade'))"))
    connection.execute(text(f"create schema if not exists {VERSION_SCHEMA}"))
    connection.commit()
    context.configure(
        connection=connection,
        version_table_schema=VERSION_SCHEMA,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.execute(text("select pg_advisory_unlock(hashtext('ihf db upgrade'))"))
    connection.commit()
