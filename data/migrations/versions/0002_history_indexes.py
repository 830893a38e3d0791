"""Covering indexes for reading history as summaries (data.record_history).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_index("ix_orders_customer_id")
        batch_op.create_index(
            "ix_orders_customer_history",
            ["customer_id", "order_time", "paid_amount", "refund_amount"],
        )
        late = sa.text("collected_period IS NOT NULL")
        batch_op.create_index(
            "ix_orders_collected_period",
            ["collected_period"],
            sqlite_where=late,
            postgresql_where=late,
        )
    with op.batch_alter_table("calls") as batch_op:
        batch_op.create_index("ix_calls_customer_time", ["customer_id", "call_time"])


def downgrade() -> None:
    with op.batch_alter_table("calls") as batch_op:
        batch_op.drop_index("ix_calls_customer_time")
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_index("ix_orders_collected_period")
        batch_op.drop_index("ix_orders_customer_history")
        batch_op.create_index("ix_orders_customer_id", ["customer_id"])
