"""Attendance deductions of SPEC §6: lateness points and money, absences, dismissal-review flags.

One vectorised pass over the month's attendance records; wages are left to payroll.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from core.errors import ValidationError
from core.periods import Period
from core.policy import DEFAULT_POLICY, Policy

# Rules where SPEC is silent (each one pinned by a test):
# - A record is one employee on one date. Late arrival and early leave are separate events:
#   each of ≤ 15 minutes is one minor occurrence; each of > 15 minutes is half a day of absence.
# - The day's absence is max(recorded absent_days, lateness half days), at most 1. Attendance
#   machines often record a morning absence both as 0.5 absent days and as minutes late, so the
#   two are not added; late > 15 and early > 15 on one date make two half days (1 day).
# - A full recorded absence (absent_days 1) voids that date's lateness: nobody was there.
# - Half days are counted as half days (money 100 each, no warning) even when two fall on one
#   date; only a recorded full day is a full day (money 200 and a written warning).
# - Consecutive absence counts dates whose absence is a whole day. Two such dates are
#   consecutive when they are adjacent, or when only a Saturday and/or Sunday lies between them
#   and the employee has no record showing presence on it (Friday + Monday + Tuesday is three
#   consecutive working days). Records before the month may be passed in so a run that starts
#   in the previous month is seen; only runs reaching into the month raise the flag.
#   "Consecutive" is therefore working days (SPEC's Mon 30 Mar – Wed 1 Apr example reads the
#   same either way). Loaders pass records from `run_lookback_start` on: a run reaching
#   that far back is already long enough, so `longest_absence_run` counts at most
#   dismissal_consecutive_days − 1 working days before the month (plus the weekends between).
# - absent_days other than 0, 0.5 or 1, or two records for one employee and date, are refused
#   (ValidationError): SPEC knows only half and whole days, and guessing would move money.

SUMMARY_COLUMNS: list[str] = [
    "employee_id",
    "minor_occurrences",
    "half_days",
    "full_days",
    "absent_days",
    "deduction_points",
    "deduction_money",
    "warnings",
    "dismissal_review",
]
SUMMARY_EXTRA_COLUMNS: list[str] = ["longest_absence_run"]


def run_lookback_start(period: Period, policy: Policy = DEFAULT_POLICY) -> date:
    """The earliest date before `period` whose attendance can still decide its dismissal flag.

    A run reaching into the month needs at most dismissal_consecutive_days − 1 working days
    before it; walking back that many weekdays (weekends in between included) is enough, so
    a month never has to read its whole previous month.
    """
    day, needed = period.first_day, policy.dismissal_consecutive_days - 1
    while needed > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            needed -= 1
    return day


def _cents(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column]).astype("float64").to_numpy()


def _day_records(attendance: pd.DataFrame, period: Period, policy: Policy) -> pd.DataFrame:
    """Records up to the month's end with each date's minor occurrences and absence."""
    dates = pd.to_datetime(attendance["date"]).dt.normalize()
    keep = dates < pd.Timestamp(period.end)
    records = pd.DataFrame(
        {
            "employee_id": attendance["employee_id"].to_numpy(),
            "date": dates.to_numpy(),
            "late": _numbers(attendance, "late_minutes"),
            "early": _numbers(attendance, "early_leave_minutes"),
            "recorded": _numbers(attendance, "absent_days"),
        }
    )[keep.to_numpy()]
    records = records.fillna({"late": 0.0, "early": 0.0, "recorded": 0.0}).reset_index(drop=True)

    duplicated = records.duplicated(["employee_id", "date"])
    if duplicated.any():
        first = records[duplicated].iloc[0]
        raise ValidationError(
            "appraisal.attendance_duplicate",
            employee=first["employee_id"],
            date=first["date"].date(),
        )
    odd = ~records["recorded"].isin([0.0, 0.5, 1.0])
    if odd.any():
        first = records[odd].iloc[0]
        raise ValidationError(
            "appraisal.attendance_absent_days",
            employee=first["employee_id"],
            date=first["date"].date(),
            value=f"{first['recorded']:g}",
        )

    limit = policy.minor_lateness_minutes
    full = records["recorded"] >= 1.0
    minor = ((records["late"] > 0) & (records["late"] <= limit)).astype("int64") + (
        (records["early"] > 0) & (records["early"] <= limit)
    ).astype("int64")
    lateness_half = 0.5 * (records["late"] > limit) + 0.5 * (records["early"] > limit)
    day_absence = np.where(full, 1.0, np.maximum(records["recorded"], lateness_half))
    records["minor"] = minor.where(~full, 0)
    records["full"] = full.astype("int64")
    records["half"] = np.where(full, 0, np.rint(day_absence / 0.5)).astype("int64")
    records["absence"] = day_absence
    return records


def _longest_runs(records: pd.DataFrame, period: Period) -> pd.Series:
    """Per employee, the longest run of whole-day absences that reaches into the month."""
    whole = records.loc[records["absence"] >= 1.0, ["employee_id", "date"]]
    whole = whole.sort_values(["employee_id", "date"]).reset_index(drop=True)
    if whole.empty:
        return pd.Series(dtype="int64")
    present = pd.MultiIndex.from_frame(
        records.loc[records["absence"] < 1.0, ["employee_id", "date"]]
    )
    previous = whole.groupby("employee_id")["date"].shift()
    gap = (whole["date"] - previous).dt.days
    day1 = previous + pd.Timedelta(days=1)
    day2 = previous + pd.Timedelta(days=2)

    def absent_from(days: pd.Series) -> np.ndarray:
        keys = pd.MultiIndex.from_arrays([whole["employee_id"], days])
        return ~keys.isin(present)

    weekend1 = day1.dt.day_of_week >= 5
    bridged = (
        (gap == 1)
        | ((gap == 2) & weekend1 & absent_from(day1))
        | ((gap == 3) & (day1.dt.day_of_week == 5) & absent_from(day1) & absent_from(day2))
    )
    run = (~bridged).cumsum()  # a new employee's first row has NaN gap, so it starts a run
    runs = (
        whole.assign(run=run.to_numpy())
        .groupby(["employee_id", "run"])
        .agg(length=("date", "size"), last=("date", "max"))
    )
    runs = runs[runs["last"] >= pd.Timestamp(period.start)]
    return runs.groupby(level="employee_id")["length"].max().astype("int64")


def attendance_summary(
    attendance: pd.DataFrame,
    period: Period,
    policy: Policy = DEFAULT_POLICY,
    employee_ids: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Per employee for the month: minor_occurrences, half_days, full_days, absent_days,
    deduction_points (Decimal), deduction_money (Decimal, cents), warnings (= full days),
    dismissal_review, then longest_absence_run.

    `attendance` is the canonical attendance frame (one row per employee and date); rows
    after the month are ignored, rows before it only serve the consecutive-days rule.
    Employees in `employee_ids` without records get a row of zeros; others without records
    are left out. Absence costs no points, only money (SPEC §6).
    """
    records = _day_records(attendance, period, policy)
    month = records[records["date"] >= pd.Timestamp(period.start)]
    sums = month.groupby("employee_id", sort=True)[["minor", "half", "full", "absence"]].sum()
    ids = list(sums.index)
    if employee_ids is not None:
        ids = list(dict.fromkeys([*ids, *employee_ids]))
    sums = sums.reindex(ids, fill_value=0)
    runs = _longest_runs(records, period).reindex(ids, fill_value=0)

    cents = (
        sums["minor"] * _cents(policy.minor_lateness_money)
        + sums["half"] * _cents(policy.half_day_absence_money)
        + sums["full"] * _cents(policy.full_day_absence_money)
    ).astype("int64")
    absent_days = sums["absence"].astype("float64")
    out = pd.DataFrame(
        {
            "employee_id": pd.Series(ids, dtype=object),
            "minor_occurrences": sums["minor"].astype("int64").to_numpy(),
            "half_days": sums["half"].astype("int64").to_numpy(),
            "full_days": sums["full"].astype("int64").to_numpy(),
            "absent_days": absent_days.to_numpy(),
            "deduction_points": [
                Decimal(int(n)) * policy.minor_lateness_points for n in sums["minor"]
            ],
            "deduction_money": [Decimal(int(c)).scaleb(-2) for c in cents],
            "warnings": sums["full"].astype("int64").to_numpy(),
            "dismissal_review": (
                (runs >= policy.dismissal_consecutive_days)
                | (absent_days >= policy.dismissal_total_days)
            ).to_numpy(),
            "longest_absence_run": runs.astype("int64").to_numpy(),
        }
    )
    return out[SUMMARY_COLUMNS + SUMMARY_EXTRA_COLUMNS]
