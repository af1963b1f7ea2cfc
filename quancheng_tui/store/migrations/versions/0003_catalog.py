"""Matter catalog (办事指南): matters and their required materials.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "matter",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(32), nullable=False, unique=True),
        sa.Column("code_key", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("pinyin", sa.String(200), nullable=False),
        sa.Column("pinyin_full", sa.String(1200), nullable=False),
        sa.Column("department", sa.String(100), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=True),
        sa.Column("statutory_days", sa.Integer(), nullable=False),
        sa.Column("promised_days", sa.Integer(), nullable=False),
        sa.Column("day_kind", sa.String(8), nullable=False),
        sa.Column("window", sa.String(50), nullable=False),
        sa.Column("phone", sa.String(50), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("procedure", sa.Text(), nullable=False),
        sa.Column("fees", sa.Text(), nullable=False),
        sa.Column("village", sa.Boolean(), nullable=False),
        sa.Column("units", sa.Text(), nullable=False),
        sa.Column("unit_address", sa.String(300), nullable=False),
        sa.Column("unit_phone", sa.String(50), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_matter_code_key", "matter", ["code_key", "active", "village"])
    op.create_index("ix_matter_pinyin", "matter", ["pinyin", "active", "village"])
    op.create_index("ix_matter_pinyin_full", "matter", ["pinyin_full", "active", "village"])
    op.create_index("ix_matter_name", "matter", ["name", "active", "village"])
    op.create_table(
        "material",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("matter_id", sa.Integer(), sa.ForeignKey("matter.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("form", sa.String(8), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("sample", sa.String(300), nullable=False),
        sa.UniqueConstraint("matter_id", "code", name="uq_material_matter_code"),
    )


def downgrade() -> None:
    op.drop_table("material")
    op.drop_index("ix_matter_name", table_name="matter")
    op.drop_index("ix_matter_pinyin_full", table_name="matter")
    op.drop_index("ix_matter_pinyin", table_name="matter")
    op.drop_index("ix_matter_code_key", table_name="matter")
    op.drop_table("matter")
