"""An employee's commission statement for a month: every line the month's run pays them, and
for each plan line the tier slices behind it (SPEC §7: never a bare total)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from sqlalchemy.orm import Session

from core.commission import tier_slices
from core.periods import Period
from core.permissions import Actor, require
from data.services import ledger, results
from data.services.settings import current_policy

STATEMENT_COLUMNS = [
    "employee_id",
    "origin_period",
    "kind",
    "reason",
    "tier_lower",
    "tier_upper",
    "rate",
    "base",
    "amount",
]


def statement(session: Session, actor: Actor, employee_id: str, period: Period) -> pd.DataFrame:
    """Lines of `employee_id` in `period`'s run (commission only), each plan line followed by
    its slices (kind 'slice', exact amounts before the line's one rounding)."""
    require(actor, "view_commission", employee_id)
    month = results.month(session, period)
    lines = ledger.run_lines_for(session, period, month.statement)
    mine = lines.loc[(lines["employee_id"] == employee_id) & (lines["category"] == "commission")]
    policy = current_policy(session)
    plan_name, mode = ledger.plan_of(session, employee_id, period)
    rows = []
    for line in mine.itertuples(index=False):
        rows.append(
            {
                "employee_id": employee_id,
                "origin_period": line.origin_period,
                "kind": line.kind,
                "reason": line.reason if isinstance(line.reason, str) else None,
                "base": line.base,
                "amount": line.amount,
            }
        )
        if line.kind in ("tier", "quarterly") and line.base is not None:
            plan = policy.quarterly_plan if line.kind == "quarterly" else policy.monthly_plan
            rows += [
                {
                    "employee_id": employee_id,
                    "origin_period": line.origin_period,
                    "kind": "slice",
                    "tier_lower": s.lower,
                    "tier_upper": s.upper,
                    "rate": s.rate,
                    "base": s.base,
                    "amount": s.amount,
                }
                for s in tier_slices(Decimal(str(line.base)), plan, mode)
            ]
    return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)
