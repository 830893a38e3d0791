"""Data versions per scope (records of a kind and month, appraisals of a month, people,
settings, payouts) replace the one global counter, so a save invalidates only what it touched.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_versions",
        sa.Column("scope", sa.String(length=100), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope"),
    )
    # The old counter lives on as a scope of its own: every reader's key includes it through
    # `total`, so caches built before the upgrade never match a key after it.
    op.execute(
        "INSERT INTO data_versions (scope, version) "
        "SELECT 'legacy', COALESCE(MAX(version), 0) + 1 FROM data_version"
    )
    op.drop_table("data_version")


def downgrade() -> None:
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute(
        "INSERT INTO data_version (id, version) "
        "SELECT 1, COALESCE(SUM(version), 0) + 1 FROM data_versions"
    )
    op.drop_table("data_versions")
