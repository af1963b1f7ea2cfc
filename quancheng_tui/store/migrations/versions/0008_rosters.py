"""Duty rosters (值班排班), A/B posts and absences (请假、出差).

Only new tables: nothing is altered, so SQLite needs no batch mode here.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roster_duty",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("clerk1", sa.String(64), nullable=False),
        sa.Column("clerk2", sa.String(64), nullable=True),
        sa.Column("leader", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(64), nullable=False),
    )
    op.create_index("ix_roster_duty_month", "roster_duty", ["month", "starts_on"])
    op.create_table(
        "roster_post",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(32), nullable=False, unique=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("a_login", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_roster_post_a_login", "roster_post", ["a_login"])
    op.create_table(
        "roster_post_b",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("post_id", sa.Integer(), sa.ForeignKey("roster_post.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(64), nullable=False),
        sa.UniqueConstraint("post_id", "position", name="uq_roster_post_b_position"),
        sa.UniqueConstraint("post_id", "login", name="uq_roster_post_b_login"),
    )
    op.create_table(
        "staff_absence",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("handover", sa.String(64), nullable=True),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("returned_by", sa.String(64), nullable=True),
    )
    op.create_index("ix_staff_absence_days", "staff_absence", ["starts_on", "ends_on"])
    op.create_index("ix_staff_absence_login", "staff_absence", ["login", "starts_on"])


def downgrade() -> None:
    op.drop_index("ix_staff_absence_login", table_name="staff_absence")
    op.drop_index("ix_staff_absence_days", table_name="staff_absence")
    op.drop_table("staff_absence")
    op.drop_table("roster_post_b")
    op.drop_index("ix_roster_post_a_login", table_name="roster_post")
    op.drop_table("roster_post")
    op.drop_index("ix_roster_duty_month", table_name="roster_duty")
    op.drop_table("roster_duty")
