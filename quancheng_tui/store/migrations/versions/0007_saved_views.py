"""Saved board views (保存的视图), per staff member; indexes for the board's sorts.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# (status, column, number): a board page in any sort is read in order, one status at a time.
SORT_INDEXES = {
    "ix_cases_status_received": ["status", "received_on", "number"],
    "ix_cases_status_number": ["status", "number"],
    "ix_cases_status_matter": ["status", "matter_code", "number"],
    "ix_cases_status_owner": ["status", "owner", "number"],
}


def upgrade() -> None:
    op.create_table(
        "saved_view",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("filters", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("login", "name", name="uq_saved_view_login_name"),
    )
    # CREATE INDEX needs no table copy on SQLite: batch mode runs it in place.
    with op.batch_alter_table("cases") as batch:
        for name, columns in SORT_INDEXES.items():
            batch.create_index(name, columns)


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        for name in SORT_INDEXES:
            batch.drop_index(name)
    op.drop_table("saved_view")
