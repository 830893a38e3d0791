"""Payroll runs and the pay ledger (SPEC §11); commission plans per employee.

What finalisation recorded as paid becomes the opening state of the ledger: each month with a
finalised appraisal or a commission payout becomes a closed run whose lines are the bonuses of
its finalised appraisals and the commission it paid, so an upgraded company is not paid twice.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(14, 2)
CENT = Decimal("0.01")


def upgrade() -> None:
    runs = op.create_table(
        "payroll_runs",
        sa.Column("period", sa.String(7), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("closed_at", sa.DateTime()),
        sa.Column("closed_by", sa.String(64)),
        sa.Column("totals", sa.JSON(), nullable=False),
    )
    lines = op.create_table(
        "pay_lines",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_period", sa.String(7), nullable=False),
        sa.Column("employee_id", sa.String(64), nullable=False),
        sa.Column("origin_period", sa.String(7), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(32)),
        sa.Column("base", MONEY),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("appraisal_version", sa.Integer()),
    )
    op.create_index("ix_pay_lines_run_period", "pay_lines", ["run_period"])
    op.create_index("ix_pay_lines_employee_origin", "pay_lines", ["employee_id", "origin_period"])
    op.create_table(
        "commission_plans",
        sa.Column("employee_id", sa.String(64), primary_key=True),
        sa.Column("since", sa.String(7), primary_key=True),
        sa.Column("plan", sa.String(16), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime()),
        sa.Column("updated_by", sa.String(64)),
    )
    _open_ledger(runs, lines)
    with op.batch_alter_table("commission_payouts") as batch_op:
        batch_op.drop_index("ix_commission_payouts_employee_id")
    op.drop_table("commission_payouts")


def _open_ledger(runs: sa.Table, lines: sa.Table) -> None:
    """Closed runs and lines from what the previous schema recorded as paid."""
    bind = op.get_bind()
    paid: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    payouts = sa.table(
        "commission_payouts",
        sa.column("employee_id", sa.String),
        sa.column("sales_period", sa.String),
        sa.column("paid_in_period", sa.String),
        sa.column("amount", MONEY),
    )
    for employee_id, sales, paid_in, amount in bind.execute(
        sa.select(
            payouts.c.employee_id,
            payouts.c.sales_period,
            payouts.c.paid_in_period,
            payouts.c.amount,
        )
    ):
        paid[(paid_in, employee_id, sales)] += Decimal(str(amount))
    rows = [
        {
            "run_period": paid_in,
            "employee_id": employee_id,
            "origin_period": sales,
            "category": "commission",
            "kind": "tier" if sales == paid_in else "clawback",
            "reason": "opening_balance",
            "base": None,
            "amount": amount.quantize(CENT),
            "appraisal_version": None,
        }
        for (paid_in, employee_id, sales), amount in sorted(paid.items())
    ]
    closed_at: dict[str, datetime | None] = {period: None for period, _, _ in paid}
    best: dict[tuple[str, str], tuple[int, Decimal, datetime | None]] = {}
    appraisals = sa.table(
        "appraisals",
        sa.column("employee_id", sa.String),
        sa.column("period", sa.String),
        sa.column("version", sa.Integer),
        sa.column("state", sa.String),
        sa.column("result", sa.JSON),
        sa.column("finalised_at", sa.DateTime),
    )
    for employee_id, period, version, result, finalised_at in bind.execute(
        sa.select(
            appraisals.c.employee_id,
            appraisals.c.period,
            appraisals.c.version,
            appraisals.c.result,
            appraisals.c.finalised_at,
        ).where(appraisals.c.state == "finalised")
    ):
        data = result or {}
        amount = Decimal(str(data.get("bonus_amount") or 0)).quantize(CENT)
        key = (period, employee_id)
        if key not in best or version > best[key][0]:
            best[key] = (version, amount, finalised_at)
    for (period, employee_id), (version, amount, finalised_at) in sorted(best.items()):
        rows.append(
            {
                "run_period": period,
                "employee_id": employee_id,
                "origin_period": period,
                "category": "bonus",
                "kind": "bonus",
                "reason": "opening_balance",
                "base": None,
                "amount": amount,
                "appraisal_version": version,
            }
        )
        latest = closed_at.get(period)
        closed_at[period] = max((d for d in (latest, finalised_at) if d is not None), default=None)
    if rows:
        op.bulk_insert(lines, rows)
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    people: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        totals[row["run_period"]][row["category"]] += row["amount"]
        people[row["run_period"]].add(row["employee_id"])
    if closed_at:
        op.bulk_insert(
            runs,
            [
                {
                    "period": period,
                    "status": "closed",
                    "closed_at": when,
                    "closed_by": "migration",
                    "totals": {
                        "people": len(people[period]),
                        "bonus": str(totals[period]["bonus"].quantize(CENT)),
                        "commission": str(totals[period]["commission"].quantize(CENT)),
                    },
                }
                for period, when in sorted(closed_at.items())
            ],
        )


def downgrade() -> None:
    op.create_table(
        "commission_payouts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("employee_id", sa.String(64), nullable=False),
        sa.Column("sales_period", sa.String(7), nullable=False),
        sa.Column("paid_in_period", sa.String(7), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
    )
    with op.batch_alter_table("commission_payouts") as batch_op:
        batch_op.create_index("ix_commission_payouts_employee_id", ["employee_id"])
    op.execute(
        "INSERT INTO commission_payouts (employee_id, sales_period, paid_in_period, kind, amount) "
        "SELECT employee_id, origin_period, run_period, kind, amount FROM pay_lines "
        "WHERE category = 'commission'"
    )
    op.drop_table("commission_plans")
    op.drop_index("ix_pay_lines_employee_origin", "pay_lines")
    op.drop_index("ix_pay_lines_run_period", "pay_lines")
    op.drop_table("pay_lines")
    op.drop_table("payroll_runs")
