"""The public's voice: ratings, complaints, follow-up visits and rectification (issue 14).

Only new tables: nothing is altered, so SQLite needs no batch mode here. Ratings given before this
revision stay what they were, case events of type "rate"; from here on each rating is a row of
`rating`, one per case.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rating",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("level", sa.String(8), nullable=False),
        sa.Column("overall", sa.String(8), nullable=False),
        sa.Column("efficiency", sa.String(8), nullable=False),
        sa.Column("skill", sa.String(8), nullable=False),
        sa.Column("attitude", sa.String(8), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("real_name", sa.Boolean(), nullable=False),
        sa.Column("rater_name", sa.String(100), nullable=True),
        sa.Column("recorded_by", sa.String(64), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("case_id"),
    )
    op.create_index("ix_rating_at", "rating", ["at"])
    op.create_table(
        "rating_review",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("rating_id", sa.Integer(), sa.ForeignKey("rating.id"), nullable=False),
        sa.Column("leader", sa.String(64), nullable=False),
        sa.Column("ruling", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("rating_id"),
    )
    op.create_table(
        "rectification",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("rating_id", sa.Integer(), sa.ForeignKey("rating.id"), nullable=False),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(64), nullable=True),
        sa.UniqueConstraint("rating_id"),
    )
    op.create_index("ix_rectification_status_due", "rectification", ["status", "due_on"])
    op.create_table(
        "complaint",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("complainant", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(30), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=True),
        sa.Column("about_staff", sa.String(64), nullable=True),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("simple", sa.Boolean(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_by", sa.String(64), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("finding", sa.String(16), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by", sa.String(64), nullable=True),
    )
    op.create_index("ix_complaint_due", "complaint", ["answered_at", "due_on"])
    op.create_index("ix_complaint_received", "complaint", ["received_at"])
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("rating_id", sa.Integer(), sa.ForeignKey("rating.id"), nullable=True),
        sa.Column("complaint_id", sa.Integer(), sa.ForeignKey("complaint.id"), nullable=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=True),
        sa.Column("scheduled_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(64), nullable=True),
        sa.Column("attitude", sa.String(8), nullable=True),
        sa.Column("quality", sa.String(8), nullable=True),
        sa.Column("efficiency", sa.String(8), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.UniqueConstraint("rating_id"),
        sa.UniqueConstraint("complaint_id"),
    )
    op.create_index("ix_follow_up_scheduled", "follow_up", ["done_at", "scheduled_on"])
    op.create_index("ix_follow_up_case", "follow_up", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_follow_up_case", table_name="follow_up")
    op.drop_index("ix_follow_up_scheduled", table_name="follow_up")
    op.drop_table("follow_up")
    op.drop_index("ix_complaint_received", table_name="complaint")
    op.drop_index("ix_complaint_due", table_name="complaint")
    op.drop_table("complaint")
    op.drop_index("ix_rectification_status_due", table_name="rectification")
    op.drop_table("rectification")
    op.drop_table("rating_review")
    op.drop_index("ix_rating_at", table_name="rating")
    op.drop_table("rating")
