"""Awards and late flags of SPEC §8: volume thresholds, ties, and deadlines before/after.

Expected results come by hand from SPEC's defaults (10 orders, 30 rated, 90 %, days 5 and 8).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pandas as pd
import pytest

from core.awards import (
    AWARD_IDS,
    FLAG_IDS,
    award_rows,
    late_flags,
    late_flags_one,
    monthly_awards,
)
from core.errors import ValidationError
from core.i18n import t
from core.periods import Period
from core.policy import DEFAULT_POLICY

MAR = Period(2026, 3)
NaT = pd.NaT


def actuals(rows: dict[str, dict[str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(e, k, v) for e, kpis in rows.items() for k, v in kpis.items()],
        columns=["employee_id", "kpi_id", "actual"],
    )


def volumes(rows: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame(list(rows.items()), columns=["employee_id", "rated_tickets"])


NO_VOLUMES = volumes({})


def test_sales_star_needs_ten_orders() -> None:
    frame = actuals(
        {
            "a": {"net_sales": 50_000, "orders": 10},  # exactly 10 orders: eligible
            "b": {"net_sales": 90_000, "orders": 9},  # 9 orders: not eligible despite the most
            "c": {"net_sales": 40_000, "orders": 25},
        }
    )
    assert monthly_awards(frame, NO_VOLUMES, DEFAULT_POLICY)["sales_star"] == ["a"]


def test_sales_star_tie_and_float_noise() -> None:
    frame = actuals(
        {
            "c": {"net_sales": 50_000.0, "orders": 12},
            "a": {"net_sales": 50_000.0, "orders": 10},
            # 0.1 + 0.2 = 0.30000000000000004 in floats: the same 0.30 yuan, a tie
            "x": {"net_sales": 0.1 + 0.2, "orders": 10},
            "y": {"net_sales": 0.3, "orders": 10},
        }
    )
    assert monthly_awards(frame, NO_VOLUMES, DEFAULT_POLICY)["sales_star"] == ["a", "c"]
    only_small = frame.loc[frame["employee_id"].isin(["x", "y"])]
    assert monthly_awards(only_small, NO_VOLUMES, DEFAULT_POLICY)["sales_star"] == ["x", "y"]


def test_service_star_needs_thirty_rated_tickets() -> None:
    frame = actuals(
        {
            "p": {"csat": 27 / 30},  # 27 of 30 satisfied = 0.9, 30 rated: eligible
            "q": {"csat": 1.0},  # perfect but only 29 rated
            "r": {"csat": 36 / 40},  # 36 of 40 = 0.9 as well: tie with p
            "s": {"csat": 0.99},  # not in volumes at all → 0 rated
            "u": {"csat": 0.5},
        }
    )
    rated = volumes({"p": 30, "q": 29, "r": 40, "u": 100})
    assert monthly_awards(frame, rated, DEFAULT_POLICY)["service_star"] == ["p", "r"]


def test_best_designer_needs_ninety_percent_on_time() -> None:
    frame = actuals(
        {
            "d1": {"quality_score": 85, "on_time_rate": 9 / 10},  # exactly 90 %: eligible
            "d2": {"quality_score": 95, "on_time_rate": 0.89},  # below 90 %
            "d3": {"quality_score": 99},  # on-time undefined (no task due): not eligible
            "d4": {"quality_score": 80, "on_time_rate": 1.0},
        }
    )
    assert monthly_awards(frame, NO_VOLUMES, DEFAULT_POLICY)["best_designer"] == ["d1"]


def test_nobody_qualifying_gives_empty_lists() -> None:
    frame = actuals(
        {
            "a": {"net_sales": 1_000, "orders": 3},
            "b": {"csat": float("nan")},  # undefined CSAT never wins
        }
    )
    result = monthly_awards(frame, volumes({"b": 50}), DEFAULT_POLICY)
    assert result == {"sales_star": [], "service_star": [], "best_designer": []}
    assert tuple(result) == AWARD_IDS
    empty = actuals({})
    assert monthly_awards(empty, NO_VOLUMES, DEFAULT_POLICY) == {k: [] for k in AWARD_IDS}


def test_thresholds_are_policy() -> None:
    frame = actuals({"b": {"net_sales": 90_000, "orders": 9}})
    lower = replace(DEFAULT_POLICY, sales_star_min_orders=9)
    assert monthly_awards(frame, NO_VOLUMES, lower)["sales_star"] == ["b"]
    stricter = replace(DEFAULT_POLICY, best_designer_min_on_time=Decimal("0.95"))
    designers = actuals({"d1": {"quality_score": 85, "on_time_rate": 0.9}})
    assert monthly_awards(designers, NO_VOLUMES, stricter)["best_designer"] == []


def test_awards_refuse_missing_columns() -> None:
    with pytest.raises(ValidationError) as info:
        monthly_awards(pd.DataFrame({"employee_id": []}), NO_VOLUMES, DEFAULT_POLICY)
    assert info.value.key == "incentives.missing_column"


def test_flag_ids_are_specs() -> None:
    assert set(FLAG_IDS) == {
        "interview_required",
        "dismissal_review",
        "sales_floor",
        "late_self_assessment",
        "late_review",
        "incomplete",
    }
    for flag in FLAG_IDS:  # each has a label in both languages
        assert t(f"incentives.flag.{flag}", "en") != f"incentives.flag.{flag}"
        assert t(f"incentives.flag.{flag}", "zh") != t(f"incentives.flag.{flag}", "en")


# --- late flags -----------------------------------------------------------------------------
# March 2026: self-assessment due by the end of 5 April, review by the end of 8 April.


def submissions(rows: list[tuple[str, object, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["employee_id", "self_submitted_at", "review_submitted_at"])
    for column in ("self_submitted_at", "review_submitted_at"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


ROWS = [
    ("missing", NaT, NaT),
    ("on_time", "2026-04-05 23:59:59", "2026-04-08 23:59:59"),  # last second of the day
    ("late", "2026-04-06 00:00:00", "2026-04-09 00:00:00"),  # first second after
    ("early", "2026-03-30 09:00:00", "2026-04-02 09:00:00"),
]


def flags_at(now: str) -> dict[str, list[str]]:
    result = late_flags(submissions(ROWS), MAR, datetime.fromisoformat(now), DEFAULT_POLICY)
    return dict(zip(result["employee_id"], result["flags"], strict=True))


def test_nothing_is_late_before_the_deadline() -> None:
    assert flags_at("2026-04-05 23:59:59") == {
        "missing": [],
        "on_time": [],
        "late": [],
        "early": [],
    }


def test_self_deadline_passed_review_not_yet() -> None:
    # 6 April 00:00: the self-assessment deadline has passed, the review one has not
    assert flags_at("2026-04-06 00:00") == {
        "missing": ["late_self_assessment"],
        "on_time": [],
        "late": ["late_self_assessment"],
        "early": [],
    }


def test_both_deadlines_passed() -> None:
    both = ["late_self_assessment", "late_review"]
    assert flags_at("2026-04-20 10:00") == {
        "missing": both,
        "on_time": [],
        "late": both,
        "early": [],
    }


def test_late_flags_columns_and_booleans() -> None:
    result = late_flags(submissions(ROWS), MAR, datetime(2026, 4, 20), DEFAULT_POLICY)
    assert list(result.columns) == ["employee_id", "late_self_assessment", "late_review", "flags"]
    assert result["late_self_assessment"].tolist() == [True, False, True, False]
    assert result["late_review"].tolist() == [True, False, True, False]
    # each row owns its list
    result["flags"].iloc[0].append("x")
    assert result["flags"].iloc[2] == ["late_self_assessment", "late_review"]


def test_december_deadline_is_in_january_and_days_are_policy() -> None:
    dec = Period(2026, 12)
    # due by end of 5 January 2027
    assert late_flags_one(None, None, dec, datetime(2027, 1, 5, 23, 0), DEFAULT_POLICY) == set()
    assert late_flags_one(None, None, dec, datetime(2027, 1, 6), DEFAULT_POLICY) == {
        "late_self_assessment"
    }
    # self due by end of 3 April under a day-3 policy: submitted 4 April 08:00 is late
    policy = replace(DEFAULT_POLICY, self_deadline_day=3, review_deadline_day=4)
    assert late_flags_one(
        datetime(2026, 4, 4, 8), datetime(2026, 4, 4, 9), MAR, datetime(2026, 4, 10), policy
    ) == {"late_self_assessment"}


def test_award_rows_carry_the_winning_figure() -> None:
    frame = actuals(
        {
            "a": {"net_sales": 50_000, "orders": 10},
            "c": {"net_sales": 50_000, "orders": 12},  # tied with a: both win
            "d": {"quality_score": 88.5, "on_time_rate": 0.95},
        }
    )
    rows = award_rows(monthly_awards(frame, NO_VOLUMES, DEFAULT_POLICY), frame)
    assert rows.values.tolist() == [
        ["sales_star", "a", "net_sales", 50_000.0],
        ["sales_star", "c", "net_sales", 50_000.0],
        ["best_designer", "d", "quality_score", 88.5],
    ]  # nobody qualified for service_star: no row
