"""Stored results: each (month, employee)'s computed results, written when their inputs
change and read by every page and command (`data.results_store`).

The tables start empty; `python -m data init` fills them for every month with data after
upgrading, and any month missing or out of date is computed on its first read.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "result_months",
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("inputs", sa.String(length=200), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.Column("meta", sa.Text(), nullable=False),
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.Column("base", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("period"),
    )
    op.create_table(
        "result_rows",
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("employee_id", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("period", "employee_id"),
    )


def downgrade() -> None:
    op.drop_table("result_rows")
    op.drop_table("result_months")
