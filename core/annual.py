"""The annual appraisal of SPEC §5: the roll-up of a year's finalised monthly results.

Scores are averaged as exact decimals so a mean exactly on a band edge gets the higher band.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from core.commission import to_money
from core.errors import ValidationError
from core.policy import Policy

ANNUAL_COLUMNS = ["employee_id", "months", "annual_score", "grade", "annual_award"]
FINALISED = "finalised"


def _require(frame: pd.DataFrame, columns: list[str]) -> None:
    for column in columns:
        if column not in frame.columns:
            raise ValidationError("incentives.missing_column", frame="monthly", column=column)


def grade_column(scores: pd.Series, policy: Policy) -> pd.Series:
    """`policy.grade_for` over a column of Decimal scores (a loop over bands, not rows)."""
    grades = pd.Series(policy.grades[-1].grade, index=scores.index, dtype=object)
    # Lowest band first so the highest band a score reaches is the one that stays.
    for band in reversed(policy.grades):
        grades = grades.where(~(scores >= band.min_score), band.grade)
    return grades


def annual_rollup(monthly: pd.DataFrame, year: int, policy: Policy) -> pd.DataFrame:
    """One row per employee with at least one finalised month in `year`.

    monthly: employee_id, period ('YYYY-MM' or `Period`), final_score (float or Decimal), state.
    Only state 'finalised' counts: an open or reopened month is not a result yet.
    Returns employee_id, months (int), annual_score (Decimal mean of the exact final scores,
    never rounded here), grade (policy bands, edge takes the higher band) and annual_award
    (True for the top band, A by default).
    """
    _require(monthly, ["employee_id", "period", "final_score", "state"])
    frame = monthly.assign(period=monthly["period"].astype(str))
    frame = frame.loc[
        (frame["state"] == FINALISED) & frame["period"].str.startswith(f"{year:04d}-")
    ]
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ANNUAL_COLUMNS})
    duplicated = frame.duplicated(["employee_id", "period"])
    if duplicated.any():
        first = frame.loc[duplicated].iloc[0]
        raise ValidationError(
            "incentives.duplicate_month", employee_id=first["employee_id"], period=first["period"]
        )
    missing = frame["final_score"].isna()
    if missing.any():
        first = frame.loc[missing].iloc[0]
        raise ValidationError(
            "incentives.missing_final_score",
            employee_id=first["employee_id"],
            period=first["period"],
        )
    # Floats go through their shortest text (89.9 → Decimal('89.9')), the value people saw.
    frame = frame.assign(final_score=frame["final_score"].map(to_money).astype(object))
    grouped = frame.groupby("employee_id", sort=True)["final_score"]
    totals = grouped.agg(lambda s: sum(s, Decimal(0)))
    months = grouped.size()
    score = (totals / months.astype(object)).astype(object)
    grade = grade_column(score, policy)
    return pd.DataFrame(
        {
            "employee_id": totals.index.astype(object),
            "months": months.to_numpy(dtype="int64"),
            "annual_score": score.to_numpy(dtype=object),
            "grade": grade.to_numpy(dtype=object),
            "annual_award": (grade == policy.grades[0].grade).to_numpy(dtype=bool),
        },
        columns=ANNUAL_COLUMNS,
    )
