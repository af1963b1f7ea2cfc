"""Attendance, absences announced, the accountability register (issue 15).

Only new tables: nothing is altered, so SQLite needs no batch mode here.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attendance_day",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("signed_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("login", "day", name="uq_attendance_day_login_day"),
    )
    op.create_index("ix_attendance_day_day", "attendance_day", ["day"])
    op.create_table(
        "overtime_service",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
    )
    op.create_index("ix_overtime_service_day", "overtime_service", ["day", "login"])
    op.create_table(
        "away_notice",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("place", sa.String(100), nullable=False),
        sa.Column("cover", sa.String(64), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("returns_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(64), nullable=False),
    )
    op.create_index("ix_away_notice_login", "away_notice", ["login", "returns_at"])
    op.create_table(
        "accountability_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("source", "source_id", name="uq_accountability_source"),
    )
    op.create_index("ix_accountability_entry_on", "accountability_entry", ["occurred_on"])
    op.create_table(
        "accountability_decision",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("entry_id", sa.Integer(), sa.ForeignKey("accountability_entry.id"), nullable=False),
        sa.Column("measure", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("leader", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_accountability_decision_entry", "accountability_decision", ["entry_id"])


def downgrade() -> None:
    op.drop_index("ix_accountability_decision_entry", table_name="accountability_decision")
    op.drop_table("accountability_decision")
    op.drop_index("ix_accountability_entry_on", table_name="accountability_entry")
    op.drop_table("accountability_entry")
    op.drop_index("ix_away_notice_login", table_name="away_notice")
    op.drop_table("away_notice")
    op.drop_index("ix_overtime_service_day", table_name="overtime_service")
    op.drop_table("overtime_service")
    op.drop_index("ix_attendance_day_day", table_name="attendance_day")
    op.drop_table("attendance_day")
