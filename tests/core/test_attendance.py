"""Attendance deductions of SPEC §6 with the module's documented choices for silent cases.

April 2026 starts on a Wednesday: Fri 3, Sat 4, Sun 5, Mon 6 … Mon 27, Tue 28, Thu 30.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from core.attendance import SUMMARY_COLUMNS, attendance_summary, run_lookback_start
from core.errors import ValidationError
from core.periods import Period
from core.policy import DEFAULT_POLICY, Policy
from core.records import conform

APRIL = Period(2026, 4)


def records(*rows: tuple) -> pd.DataFrame:
    """Rows of (employee, date, late, early, absent_days)."""
    columns = ["employee_id", "date", "late_minutes", "early_leave_minutes", "absent_days"]
    return conform("attendance", pd.DataFrame(list(rows), columns=columns))


def summary(*rows: tuple, policy: Policy = DEFAULT_POLICY) -> pd.Series:
    return attendance_summary(records(*rows), APRIL, policy).iloc[0]


def test_contract() -> None:
    out = attendance_summary(records(("e1", "2026-04-01", 10, None, None)), APRIL)
    assert list(out.columns[: len(SUMMARY_COLUMNS)]) == SUMMARY_COLUMNS
    assert isinstance(out["deduction_money"].iloc[0], Decimal)
    assert isinstance(out["deduction_points"].iloc[0], Decimal)


@pytest.mark.parametrize(
    ("late", "early", "minor", "half", "money", "points", "absent"),
    [
        (10, None, 1, 0, "20.00", 1, 0.0),  # ≤ 15: one occurrence, 20 and 1 point
        (15, None, 1, 0, "20.00", 1, 0.0),  # exactly 15 is still minor (≤)
        (16, None, 0, 1, "100.00", 0, 0.5),  # > 15: half a day instead, no point
        (None, 5, 1, 0, "20.00", 1, 0.0),  # early leave is its own occurrence
        (10, 5, 2, 0, "40.00", 2, 0.0),  # late and early: two occurrences = 2 × 20
        (20, 5, 1, 1, "120.00", 1, 0.5),  # half day for the late, occurrence for the early
        (20, 20, 0, 2, "200.00", 0, 1.0),  # two half days = 2 × 100, one absent day
        (0, 0, 0, 0, "0.00", 0, 0.0),
    ],
)
def test_lateness_and_early_leave(
    late: int | None,
    early: int | None,
    minor: int,
    half: int,
    money: str,
    points: int,
    absent: float,
) -> None:
    s = summary(("e1", "2026-04-01", late, early, None))
    assert (s["minor_occurrences"], s["half_days"], s["full_days"]) == (minor, half, 0)
    assert s["deduction_money"] == Decimal(money)
    assert s["deduction_points"] == Decimal(points)
    assert s["absent_days"] == absent
    assert s["warnings"] == 0


def test_absences_cost_money_and_no_points() -> None:
    # a half day (100) and a full day (200 and a warning): 300, 0 points, 1.5 days
    s = summary(("e1", "2026-04-01", None, None, 0.5), ("e1", "2026-04-02", None, None, 1))
    assert (s["half_days"], s["full_days"], s["warnings"]) == (1, 1, 1)
    assert s["deduction_money"] == Decimal("300.00")
    assert s["deduction_points"] == Decimal(0)
    assert s["absent_days"] == 1.5


def test_recorded_half_day_and_lateness_on_one_date_are_not_added() -> None:
    # the machine records a morning absence as 0.5 days and as 240 minutes late: one half day
    s = summary(("e1", "2026-04-01", 240, None, 0.5))
    assert (s["half_days"], s["absent_days"], s["deduction_money"]) == (1, 0.5, Decimal("100.00"))


def test_minor_lateness_beside_a_half_day_absence_still_counts() -> None:
    # 10 minutes late in the morning, absent in the afternoon: 20 + 100 = 120 and 1 point
    s = summary(("e1", "2026-04-01", 10, None, 0.5))
    assert (s["minor_occurrences"], s["half_days"]) == (1, 1)
    assert s["deduction_money"] == Decimal("120.00") and s["deduction_points"] == Decimal(1)


def test_a_full_day_absence_voids_that_dates_lateness() -> None:
    # absent all day: only the full day counts (200, a warning), no occurrence
    s = summary(("e1", "2026-04-01", 10, 30, 1))
    assert (s["minor_occurrences"], s["half_days"], s["full_days"]) == (0, 0, 1)
    assert s["deduction_money"] == Decimal("200.00")


def test_month_sums_and_other_months_are_ignored() -> None:
    s = summary(
        ("e1", "2026-03-31", 10, None, None),  # March: not this month's money
        ("e1", "2026-04-01", 10, None, None),
        ("e1", "2026-04-08", 5, None, None),
        ("e1", "2026-04-09", 30, None, None),
        ("e1", "2026-05-01", None, None, 1),  # May: ignored
    )
    # 2 occurrences × 20 + 1 half day × 100 = 140; 2 points; 0.5 days
    assert (s["minor_occurrences"], s["half_days"], s["full_days"]) == (2, 1, 0)
    assert s["deduction_money"] == Decimal("140.00") and s["deduction_points"] == Decimal(2)


def test_money_and_points_are_policy() -> None:
    policy = Policy(
        minor_lateness_money=Decimal("30.5"),
        minor_lateness_points=Decimal("0.5"),
        minor_lateness_minutes=10,
    )
    # 10 min: occurrence 30.50 and 0.5 point; 12 min > 10: half day 100
    s = summary(
        ("e1", "2026-04-01", 10, None, None), ("e1", "2026-04-02", 12, None, None), policy=policy
    )
    assert s["deduction_money"] == Decimal("130.50") and s["deduction_points"] == Decimal("0.5")


# --- dismissal review --------------------------------------------------------------------


def absent(*days: int, employee: str = "e1", month: int = 4) -> list[tuple]:
    return [(employee, f"2026-{month:02d}-{d:02d}", None, None, 1) for d in days]


@pytest.mark.parametrize(
    ("rows", "flag", "run"),
    [
        (absent(7, 8, 9), True, 3),  # Tue Wed Thu: 3 consecutive
        (absent(7, 8), False, 2),
        (absent(3, 6, 7), True, 3),  # Fri, (weekend), Mon, Tue: 3 consecutive working days
        (absent(3, 6), False, 2),
        (absent(1, 3, 6), False, 2),  # Wed, (Thu present), Fri, Mon: runs of 1 and 2
        (absent(3, 4, 5), True, 3),  # a worked weekend that is also missed counts
        # Fri, Sat shows presence (a make-up working day), Mon, Tue: runs 1 and 2
        ([*absent(3, 6, 7), ("e1", "2026-04-04", None, None, 0)], False, 2),
        # two half days on one date make a whole absent day for the run: Tue Wed Thu
        ([("e1", "2026-04-07", 20, 20, None), *absent(8, 9)], True, 3),
        # a half-day absence breaks a run
        ([*absent(7, 9), ("e1", "2026-04-08", None, None, 0.5)], False, 1),
        (absent(1, 8, 15, 22, 29), True, 1),  # 5 separate days in the month
        (absent(1, 8, 15, 22), False, 1),
    ],
)
def test_dismissal_review(rows: list[tuple], flag: bool, run: int) -> None:
    s = summary(*rows)
    assert bool(s["dismissal_review"]) is flag
    assert s["longest_absence_run"] == run


def test_half_days_add_up_toward_five() -> None:
    # 8 half days (4 days) + 1 full day = 5 absent days → review; 4.5 → none
    halves = [("e1", f"2026-04-{d:02d}", None, None, 0.5) for d in (1, 2, 6, 8, 10, 14, 16, 20)]
    assert summary(*halves, *absent(22))["dismissal_review"]
    assert summary(*halves[:7], *absent(22))["absent_days"] == 4.5
    assert not summary(*halves[:7], *absent(22))["dismissal_review"]


def test_a_run_from_last_month_is_seen() -> None:
    # Mon 30 and Tue 31 March, Wed 1 April: three consecutive days reaching into April
    rows = [*absent(30, 31, month=3), *absent(1)]
    s = summary(*rows)
    assert s["dismissal_review"] and s["longest_absence_run"] == 3
    assert s["full_days"] == 1  # only April's day costs April's money
    # a run wholly inside March is March's business
    march_only = attendance_summary(records(*absent(25, 26, 27, month=3), *absent(8)), APRIL)
    assert not march_only["dismissal_review"].iloc[0]


def test_employees_are_kept_apart_and_listed_ids_get_zero_rows() -> None:
    rows = [*absent(7, 8, employee="a"), *absent(9, employee="b")]
    out = attendance_summary(records(*rows), APRIL, employee_ids=["a", "b", "c"]).set_index(
        "employee_id"
    )
    assert out["full_days"].to_dict() == {"a": 2, "b": 1, "c": 0}
    assert not out["dismissal_review"].any()  # a's 7–8 and b's 9 are different people
    assert out.loc["c", "deduction_money"] == Decimal("0.00")


def test_empty_attendance() -> None:
    out = attendance_summary(conform("attendance", pd.DataFrame()), APRIL, employee_ids=["a"])
    assert out["employee_id"].tolist() == ["a"] and out["absent_days"].tolist() == [0.0]


def test_bad_records_are_refused() -> None:
    with pytest.raises(ValidationError) as error:
        attendance_summary(records(("e1", "2026-04-01", None, None, 0.3)), APRIL)
    assert error.value.key == "appraisal.attendance_absent_days"
    assert error.value.params["value"] == "0.3"
    with pytest.raises(ValidationError) as error:
        attendance_summary(
            records(("e1", "2026-04-01", 5, None, None), ("e1", "2026-04-01", 20, None, None)),
            APRIL,
        )
    assert error.value.key == "appraisal.attendance_duplicate"


@pytest.mark.parametrize(
    ("period", "days", "start"),
    [
        # April 2026 starts on Wednesday: 2 working days back are Tue 31 and Mon 30 March
        (APRIL, 3, date(2026, 3, 30)),
        # June 2026 starts on Monday: Fri 29 and Thu 28 May, the weekend 30–31 between
        (Period(2026, 6), 3, date(2026, 5, 28)),
        # a run of 5: Tue 31, Mon 30, (weekend 28–29), Fri 27, Thu 26 March
        (APRIL, 5, date(2026, 3, 26)),
        (APRIL, 1, date(2026, 4, 1)),  # a run of 1 needs nothing before the month
    ],
)
def test_run_lookback_start(period: Period, days: int, start: date) -> None:
    assert run_lookback_start(period, Policy(dismissal_consecutive_days=days)) == start


def test_a_long_run_cut_at_the_lookback_still_flags() -> None:
    # absent Mon 23 – Tue 31 March (7 working days) and Wed 1 April; the loader passes only
    # Mon 30 and Tue 31 (the lookback): the run seen is 3, enough for the flag
    start = pd.Timestamp(run_lookback_start(APRIL, DEFAULT_POLICY))
    rows = records(*absent(23, 24, 25, 26, 27, 30, 31, month=3), *absent(1))
    s = attendance_summary(rows[rows["date"] >= start], APRIL).iloc[0]
    assert s["dismissal_review"] and s["longest_absence_run"] == 3
