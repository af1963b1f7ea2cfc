"""Holiday schedules imported by an admin.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_year",
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(64), nullable=False),
    )
    op.create_table(
        "calendar_day",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("year", sa.Integer(), sa.ForeignKey("calendar_year.year"), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("name", sa.String(50), nullable=False),
    )
    op.create_index("ix_calendar_day_year", "calendar_day", ["year"])


def downgrade() -> None:
    op.drop_index("ix_calendar_day_year", table_name="calendar_day")
    op.drop_table("calendar_day")
    op.drop_table("calendar_year")
