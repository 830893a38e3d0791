"""The annual appraisal of SPEC §5: the roll-up of a year's finalised monthly results.

Scores are averaged as exact decimals so a mean exactly on a band edge gets the higher band.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from core.commission import to_money
from core.errors import ValidationError
from core.policy import Policy

ANNUAL_COLUMNS = [
    "employee_id",
    "months",
    "months_employed",
    "annual_score",
    "grade",
    "status",
    "annual_award",
]
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


def annual_rollup(
    monthly: pd.DataFrame,
    year: int,
    policy: Policy,
    employed: pd.DataFrame | None = None,
    year_over: bool = True,
) -> pd.DataFrame:
    """One row per employee employed (appraised) in at least one month of `year`.

    monthly: employee_id, period ('YYYY-MM' or `Period`), final_score (float or Decimal), state.
    employed: employee_id, period of the months each employee is due an appraisal (so far);
    months with an appraisal in `monthly` count as employed too, and without `employed`
    they are the only ones. `year_over`: the year has ended (no month of it is to come).
    Only state 'finalised' counts: an open or reopened month is not a result yet.
    Returns employee_id, months (finalised, int), months_employed (int), annual_score
    (Decimal mean of the exact final scores, never rounded; None with no finalised month),
    grade (policy bands, edge takes the higher band; missing with no finalised month), status ('final' once the year is over
    and every month employed is finalised, else 'year_to_date') and annual_award (top band,
    A by default, and final: SPEC §5 gives no award on year-to-date figures).
    """
    _require(monthly, ["employee_id", "period", "final_score", "state"])
    frame = monthly.assign(period=monthly["period"].astype(str))
    frame = frame.loc[frame["period"].str.startswith(f"{year:04d}-")]
    months_employed = _months_employed(frame, employed, year)
    if months_employed.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ANNUAL_COLUMNS})
    scores = _finalised_means(frame.loc[frame["state"] == FINALISED], policy)
    out = scores.reindex(months_employed.index)
    finalised = out["months"].fillna(0).astype("int64")
    final = year_over & (finalised == months_employed)
    grade = out["grade"].astype(object)
    score = [v if isinstance(v, Decimal) else None for v in out["annual_score"]]
    return pd.DataFrame(
        {
            "employee_id": months_employed.index.astype(object),
            "months": finalised.to_numpy(dtype="int64"),
            "months_employed": months_employed.to_numpy(dtype="int64"),
            "annual_score": pd.Series(score, dtype=object).to_numpy(dtype=object),
            "grade": grade.to_numpy(dtype=object),
            "status": final.map({True: "final", False: "year_to_date"}).to_numpy(dtype=object),
            "annual_award": ((grade == policy.grades[0].grade) & final).to_numpy(dtype=bool),
        },
        columns=ANNUAL_COLUMNS,
    )


def _months_employed(frame: pd.DataFrame, employed: pd.DataFrame | None, year: int) -> pd.Series:
    """Distinct months per employee: those due an appraisal and those that have one."""
    parts = [frame[["employee_id", "period"]]]
    if employed is not None:
        extra = employed[["employee_id", "period"]].assign(period=employed["period"].astype(str))
        parts.append(extra.loc[extra["period"].str.startswith(f"{year:04d}-")])
    months = pd.concat(parts, ignore_index=True).drop_duplicates()
    return months.groupby("employee_id", sort=True).size().astype("int64")


def _finalised_means(frame: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Per employee: months (count), annual_score (exact Decimal mean) and grade."""
    if frame.empty:
        return pd.DataFrame(columns=["months", "annual_score", "grade"])
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
    return pd.DataFrame(
        {"months": months, "annual_score": score, "grade": grade_column(score, policy)}
    )
