"""SSH public keys of staff (village agents log in through a forced command).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_key",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("key_type", sa.String(40), nullable=False),
        sa.Column("key", sa.Text(), nullable=False, unique=True),
        sa.Column("comment", sa.String(100), nullable=False),
        sa.Column("fingerprint", sa.String(60), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.String(64), nullable=False),
    )
    op.create_index("ix_staff_key_staff_id", "staff_key", ["staff_id"])


def downgrade() -> None:
    op.drop_index("ix_staff_key_staff_id", table_name="staff_key")
    op.drop_table("staff_key")
