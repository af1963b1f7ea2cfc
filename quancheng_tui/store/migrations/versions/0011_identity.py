"""Proof of identity: OS accounts mapped to staff, script tokens, per-key SSH secrets (issue 18).

Only new tables. Existing databases get no OS mapping here: their admin maps one with
`quancheng --user ADMIN staff map-os` (the password is asked on the terminal).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "os_account",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("os_user", sa.String(64), nullable=False, unique=True),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("mapped_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mapped_by", sa.String(64), nullable=False),
    )
    op.create_index("ix_os_account_staff_id", "os_account", ["staff_id"])
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("note", sa.String(100), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(64), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_api_token_staff_id", "api_token", ["staff_id"])
    op.create_table(
        "ssh_key_secret",
        sa.Column("staff_key_id", sa.Integer(), sa.ForeignKey("staff_key.id"), primary_key=True,
                  autoincrement=False),
        sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ssh_key_secret")
    op.drop_index("ix_api_token_staff_id", table_name="api_token")
    op.drop_table("api_token")
    op.drop_index("ix_os_account_staff_id", table_name="os_account")
    op.drop_table("os_account")
