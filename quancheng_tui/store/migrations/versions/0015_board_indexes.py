"""Indexes that cover the board's filters at a million cases (issue 17).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Status, owner, village and due date were covered already (0004, 0009); the kind was not: `k` on the
    # board counted every open case of the kind from the table (267 ms at 100,000 cases).
    op.create_index("ix_cases_status_kind", "cases", ["status", "kind", "due_on", "number"])


def downgrade() -> None:
    op.drop_index("ix_cases_status_kind", table_name="cases")
