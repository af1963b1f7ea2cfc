"""Appointments (预约服务).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appointment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("time", sa.String(5), nullable=False),
        sa.Column("matter_code", sa.String(32), nullable=False),
        sa.Column("matter_name", sa.String(200), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(30), nullable=False),
        sa.Column("village", sa.String(32), nullable=True),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("notice_id", sa.Integer(), sa.ForeignKey("notice.id"), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_appointment_day", "appointment", ["day", "time"])


def downgrade() -> None:
    op.drop_index("ix_appointment_day", table_name="appointment")
    op.drop_table("appointment")
