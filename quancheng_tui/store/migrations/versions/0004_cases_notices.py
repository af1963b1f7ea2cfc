"""Cases, case events and materials, numbering counters; one-time notices and breaches.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "case_counter",
        sa.Column("office_code", sa.String(32), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("series", sa.String(8), primary_key=True),
        sa.Column("last", sa.Integer(), nullable=False),
    )
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.String(40), nullable=False, unique=True),
        sa.Column("matter_id", sa.Integer(), sa.ForeignKey("matter.id"), nullable=True),
        sa.Column("matter_code", sa.String(32), nullable=False),
        sa.Column("matter_name", sa.String(200), nullable=False),
        sa.Column("applicant_name", sa.String(200), nullable=False),
        sa.Column("id_number", sa.String(18), nullable=False),
        sa.Column("phone", sa.String(30), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("issued_at", TS, nullable=False),
        sa.Column("issued_by", sa.String(64), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_notice_id_number", "notice", ["id_number", "matter_code"])
    op.create_index("ix_notice_phone", "notice", ["phone", "matter_code"])
    op.create_table(
        "notice_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("notice_id", sa.Integer(), sa.ForeignKey("notice.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("form", sa.String(8), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
    )
    op.create_index("ix_notice_item_notice", "notice_item", ["notice_id"])
    op.create_table(
        "notice_breach",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("notice_id", sa.Integer(), sa.ForeignKey("notice.id"), nullable=False),
        sa.Column("material_code", sa.String(32), nullable=False),
        sa.Column("material_name", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(64), nullable=False),
        sa.Column("approved_by", sa.String(64), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.UniqueConstraint("notice_id", "material_code", name="uq_breach_notice_material"),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.String(40), nullable=False, unique=True),
        sa.Column("matter_id", sa.Integer(), sa.ForeignKey("matter.id"), nullable=True),
        sa.Column("matter_code", sa.String(32), nullable=False),
        sa.Column("matter_name", sa.String(200), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("applicant_type", sa.String(8), nullable=False),
        sa.Column("applicant_name", sa.String(200), nullable=False),
        sa.Column("id_number", sa.String(18), nullable=False),
        sa.Column("phone", sa.String(30), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("village", sa.String(32), nullable=True),
        sa.Column("org_name", sa.String(200), nullable=False),
        sa.Column("credit_code", sa.String(18), nullable=False),
        sa.Column("contact", sa.String(100), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("registered_at", TS, nullable=False),
        sa.Column("registered_by", sa.String(64), nullable=False),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("limit_days", sa.Integer(), nullable=False),
        sa.Column("statutory_days", sa.Integer(), nullable=False),
        sa.Column("day_kind", sa.String(8), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("closed_at", TS, nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("notice_id", sa.Integer(), sa.ForeignKey("notice.id"), nullable=True),
    )
    op.create_index("ix_cases_status_due", "cases", ["status", "due_on"])
    op.create_index("ix_cases_owner_status", "cases", ["owner", "status", "due_on"])
    op.create_index("ix_cases_village_status", "cases", ["village", "status", "due_on"])
    op.create_index("ix_cases_received", "cases", ["received_on"])
    op.create_table(
        "case_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("acting_for", sa.String(64), nullable=True),
        sa.Column("type", sa.String(24), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
    )
    op.create_index("ix_case_event_case", "case_event", ["case_id", "id"])
    op.create_table(
        "case_material",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("form", sa.String(8), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("received", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_case_material_case", "case_material", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_case_material_case", table_name="case_material")
    op.drop_table("case_material")
    op.drop_index("ix_case_event_case", table_name="case_event")
    op.drop_table("case_event")
    for ix in ("ix_cases_received", "ix_cases_village_status", "ix_cases_owner_status", "ix_cases_status_due"):
        op.drop_index(ix, table_name="cases")
    op.drop_table("cases")
    op.drop_table("notice_breach")
    op.drop_index("ix_notice_item_notice", table_name="notice_item")
    op.drop_table("notice_item")
    op.drop_index("ix_notice_phone", table_name="notice")
    op.drop_index("ix_notice_id_number", table_name="notice")
    op.drop_table("notice")
    op.drop_table("case_counter")
