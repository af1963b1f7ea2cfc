"""The public's voice: ratings, complaints, follow-up visits and rectification (issue 14).

Only new tables: nothing is altered, so SQLite needs no batch mode here. Ratings given before this
revision were case events of type "rate"; each case's first one is copied into `rating` (its level
stands for the four indicators, which were not asked then), so exports and figures keep them. The
events stay as the case's history.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""
import json

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
    _copy_earlier_ratings()


# What the rating rules allowed when these events were written (frozen here: a migration never imports the app).
_LEVELS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")
_CHANNELS = ("hall", "counter", "phone", "sms", "qr", "paper", "other")


def _copy_earlier_ratings() -> None:
    bind = op.get_bind()
    events = bind.execute(sa.text("SELECT case_id, at, actor, data FROM case_event WHERE type = 'rate' "
                                  "ORDER BY id")).fetchall()
    rating = sa.table("rating", *(sa.column(c) for c in (
        "case_id", "level", "overall", "efficiency", "skill", "attitude", "channel", "comment", "real_name",
        "rater_name", "recorded_by", "at")))
    done: set[int] = set()
    for case_id, at, actor, data in events:
        try:
            values = json.loads(data or "{}")
        except ValueError:
            values = {}
        level = values.get("level")
        if case_id in done or level not in _LEVELS:
            continue  # one rating per case: the first one given counts (a second was the old bug)
        done.add(case_id)
        channel = values.get("channel") if values.get("channel") in _CHANNELS else "other"
        by_visitor = str(actor).startswith("visitor")
        bind.execute(rating.insert().values(
            case_id=case_id, level=level, overall=level, efficiency=level, skill=level, attitude=level,
            channel=channel, comment=str(values.get("note") or ""), real_name=False, rater_name=None,
            recorded_by=None if by_visitor else actor, at=at))


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
