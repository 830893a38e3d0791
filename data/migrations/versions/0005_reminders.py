"""Reminders of appraisal steps, one row per person, step, channel and day (SPEC §11).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("recipient_id", sa.String(64), nullable=False),
        sa.Column("step", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("subjects", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.UniqueConstraint("period", "recipient_id", "step", "channel", "day"),
    )
    op.create_index("ix_reminders_day", "reminders", ["day"])


def downgrade() -> None:
    op.drop_index("ix_reminders_day", table_name="reminders")
    op.drop_table("reminders")
