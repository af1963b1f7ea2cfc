"""The statutory extension of a matter (法定延长期限, 行政许可法 第四十二条: 20 days + 10 with the head's approval).

An extension never takes a case past the statutory limit plus this; 0 (the default, and every matter
already in the catalog) means the law allows none, so extensions stop at the statutory limit.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("matter") as batch:
        batch.add_column(sa.Column("statutory_extension_days", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    # Not batch mode: on SQLite that copies the table, and dropping `matter` is refused while the
    # materials' foreign keys point at it. Both databases drop a plain column in place (SQLite >= 3.35).
    op.execute("ALTER TABLE matter DROP COLUMN statutory_extension_days")
