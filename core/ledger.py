"""What a payroll run pays (SPEC §11): this month's bonuses and commission, plus an adjustment
line for every earlier month whose amount due has moved away from what its closed run paid.

Pure: frames in, the run's lines out. What was paid, not what was finalised, is the basis.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from core.commission import ZERO, round_cent

LINE_COLUMNS = [
    "employee_id",
    "origin_period",
    "category",
    "kind",
    "reason",
    "base",
    "amount",
    "appraisal_version",
]
BONUS_DUE_COLUMNS = ["employee_id", "origin_period", "appraisal_version", "amount"]
BONUS_PAID_COLUMNS = ["employee_id", "origin_period", "appraisal_version", "amount"]
# Why an earlier month comes back on a later run.
REASONS = ("restated", "late_finalisation", "reopened")


def empty_lines() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in LINE_COLUMNS})


def bonus_lines(due: pd.DataFrame, paid: pd.DataFrame, period: str) -> pd.DataFrame:
    """Bonus lines of `period`'s run.

    due: the current finalised appraisals' bonus, for `period` and for earlier months whose
    run is closed (an appraisal that is not finalised has no row: nothing is due yet, and a
    reopened one waits for its new result). paid: the bonus lines of closed runs, summed per
    employee and origin month, with the appraisal version they paid.
    An origin of `period` is this month's bonus. An earlier one never paid is a late
    finalisation (the whole amount); one paid from another version is a reopened appraisal
    (the difference, when there is one).
    """
    frame = due[BONUS_DUE_COLUMNS].merge(
        paid[BONUS_PAID_COLUMNS].rename(
            columns={"appraisal_version": "paid_version", "amount": "paid"}
        ),
        on=["employee_id", "origin_period"],
        how="left",
    )
    current = frame["origin_period"] == period
    never_paid = frame["paid"].isna() & ~current
    redone = frame["paid"].notna() & (frame["paid_version"] != frame["appraisal_version"])
    paid = frame["paid"].astype(object).where(frame["paid"].notna(), ZERO)
    amount = pd.Series(
        [
            round_cent(Decimal(due) - Decimal(done))
            for due, done in zip(frame["amount"], paid, strict=True)
        ],
        index=frame.index,
        dtype=object,
    )
    reason = pd.Series(None, index=frame.index, dtype=object)
    reason[never_paid] = "late_finalisation"
    reason[redone & ~current] = "reopened"
    keep = (current & frame["paid"].isna()) | never_paid | (redone & ~current & (amount != ZERO))
    out = frame.loc[keep, ["employee_id", "origin_period", "appraisal_version"]].copy()
    out["category"], out["kind"], out["base"] = "bonus", "bonus", None
    out["reason"] = reason[keep]
    out["amount"] = amount[keep]
    return out.reindex(columns=LINE_COLUMNS).reset_index(drop=True)


def commission_lines(statement: pd.DataFrame) -> pd.DataFrame:
    """A commission statement (`core.commission.commission_statement`) as run lines."""
    if statement.empty:
        return empty_lines()
    out = pd.DataFrame(
        {
            "employee_id": statement["employee_id"].astype(object),
            "origin_period": statement["sales_period"].astype(object),
            "category": "commission",
            "kind": statement["kind"].astype(object),
            "reason": statement["kind"].map({"clawback": "restated"}).astype(object),
            "base": statement["base"].astype(object),
            "amount": statement["amount"].astype(object),
            "appraisal_version": None,
        }
    )
    return out.reindex(columns=LINE_COLUMNS).reset_index(drop=True)


def run_lines(bonus: pd.DataFrame, commission: pd.DataFrame) -> pd.DataFrame:
    """All lines of a run, by employee, then bonus before commission, then origin month."""
    parts = [p for p in (bonus, commission) if not p.empty]
    if not parts:
        return empty_lines()
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(
        ["employee_id", "category", "origin_period", "kind"], kind="stable"
    ).reset_index(drop=True)


def run_totals(lines: pd.DataFrame) -> dict[str, Decimal | int]:
    """people paid, bonus sum, commission sum and adjustments (earlier months) of a run."""
    amounts = lines["amount"].map(lambda v: Decimal(str(v))) if len(lines) else lines["amount"]
    bonus = sum(amounts[lines["category"] == "bonus"], ZERO)
    commission = sum(amounts[lines["category"] == "commission"], ZERO)
    adjustments = sum(amounts[lines["reason"].notna()], ZERO) if len(lines) else ZERO
    return {
        "people": int(lines["employee_id"].nunique()),
        "bonus": round_cent(bonus),
        "commission": round_cent(commission),
        "adjustments": round_cent(adjustments),
        "total": round_cent(bonus + commission),
    }
