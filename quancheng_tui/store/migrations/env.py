"""Alembic environment: always run programmatically with a connection passed in."""

from alembic import context
from sqlmodel import SQLModel

from quancheng_tui.store import case_tables, tables  # noqa: F401  (registers the metadata)

target_metadata = SQLModel.metadata
connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
