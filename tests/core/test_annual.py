"""Annual roll-up of SPEC §5: mean of the year's finalised months, grade bands, A flag.

Means are worked out by hand; one case is chosen so float averaging would miss the A edge.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from core.annual import ANNUAL_COLUMNS, annual_rollup
from core.errors import ValidationError
from core.periods import Period
from core.policy import DEFAULT_POLICY

D = Decimal


def monthly(rows: list[tuple[str, object, object, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["employee_id", "period", "final_score", "state"])


def by_employee(result: pd.DataFrame) -> dict[str, tuple]:
    return {
        r.employee_id: (r.months, r.annual_score, r.grade, r.annual_award)
        for r in result.itertuples()
    }


def test_mean_of_finalised_months_of_the_year() -> None:
    frame = monthly(
        [
            ("e1", "2026-01", D(95), "finalised"),
            ("e1", "2026-02", D(85), "finalised"),
            ("e1", "2026-03", D(90), "finalised"),
            ("e1", "2025-12", D(10), "finalised"),  # other year: ignored
            ("e2", "2026-01", 89.99, "finalised"),
            ("e2", Period(2026, 2), 89.99, "finalised"),  # a Period works as well as text
        ]
    )
    result = annual_rollup(frame, 2026, DEFAULT_POLICY)
    assert list(result.columns) == ANNUAL_COLUMNS
    assert by_employee(result) == {
        # (95 + 85 + 90) ÷ 3 = 270 ÷ 3 = 90 → on the A edge: A, annual award
        "e1": (3, D(90), "A", True),
        # (89.99 + 89.99) ÷ 2 = 89.99 → B, no award
        "e2": (2, D("89.99"), "B", False),
    }
    assert result["status"].tolist() == ["final", "final"]


def test_a_month_not_finalised_makes_it_year_to_date_without_award() -> None:
    frame = monthly(
        [
            ("e1", "2026-01", D(95), "finalised"),
            ("e1", "2026-02", D(85), "finalised"),
            ("e1", "2026-03", D(90), "finalised"),
            ("e1", "2026-04", D(40), "reviewed"),  # employed, not finalised: not in the mean
            ("e3", "2026-05", None, "open"),  # employed, nothing finalised yet
        ]
    )
    result = annual_rollup(frame, 2026, DEFAULT_POLICY).set_index("employee_id")
    # e1: 3 of 4 months finalised; the mean is still (95 + 85 + 90) ÷ 3 = 90 → A, but year to
    # date, so no award (before, the A of a partial year was flagged)
    assert result.loc["e1", ["months", "months_employed", "annual_score", "grade"]].tolist() == [
        3,
        4,
        D(90),
        "A",
    ]
    assert result.loc["e1", "status"] == "year_to_date"
    assert not result.loc["e1", "annual_award"]
    # e3: 0 of 1 finalised: no score, no grade
    assert (result.loc["e3", "months"], result.loc["e3", "months_employed"]) == (0, 1)
    assert result.loc["e3", "annual_score"] is None and pd.isna(result.loc["e3", "grade"])
    assert result.loc["e3", "status"] == "year_to_date"


def test_months_employed_without_an_appraisal_and_the_running_year() -> None:
    frame = monthly([("e1", "2026-01", D(92), "finalised"), ("e2", "2026-01", D(92), "finalised")])
    # e1 was due an appraisal in February too (none opened yet): 1 of 2 → year to date;
    # e2 only in January: 1 of 1
    employed = pd.DataFrame(
        {
            "employee_id": ["e1", "e1", "e2", "e1"],
            "period": ["2026-01", "2026-02", "2026-01", "2025-11"],
        }
    )
    result = annual_rollup(frame, 2026, DEFAULT_POLICY, employed=employed)
    assert result["months_employed"].tolist() == [2, 1]  # 2025-11 is another year
    assert result["status"].tolist() == ["year_to_date", "final"]
    assert result["annual_award"].tolist() == [False, True]  # 92 → A, final only for e2
    # while the year runs, nobody is final yet
    running = annual_rollup(frame, 2026, DEFAULT_POLICY, employed=employed, year_over=False)
    assert running["status"].tolist() == ["year_to_date", "year_to_date"]
    assert not running["annual_award"].any()


def test_exact_mean_on_the_edge_where_floats_fall_short() -> None:
    # 89.2 + 87.5 + 85.1 + 98.2 = 360.0; 360 ÷ 4 = 90 exactly → A.
    # In floats the same mean is 89.99999999999999, which would wrongly give B.
    scores = [89.2, 87.5, 85.1, 98.2]
    assert sum(scores) / 4 < 90  # the float trap this test guards against
    frame = monthly([("e1", f"2026-{m:02d}", s, "finalised") for m, s in enumerate(scores, 1)])
    assert by_employee(annual_rollup(frame, 2026, DEFAULT_POLICY)) == {"e1": (4, D(90), "A", True)}


def test_repeating_mean_just_below_the_edge() -> None:
    # (90 + 90 + 89.99) ÷ 3 = 269.99 ÷ 3 = 89.99666… < 90 → B
    frame = monthly(
        [
            ("e1", "2026-01", D(90), "finalised"),
            ("e1", "2026-02", D(90), "finalised"),
            ("e1", "2026-03", D("89.99"), "finalised"),
        ]
    )
    (months, score, grade, award) = by_employee(annual_rollup(frame, 2026, DEFAULT_POLICY))["e1"]
    assert (months, grade, award) == (3, "B", False)
    assert D("89.9966") < score < D("89.9967")


@pytest.mark.parametrize(
    ("score", "grade"),
    # band edges take the higher band: 80 → B, 70 → C, 60 → D, 59.99 → E
    [(D(80), "B"), (D(70), "C"), (D(60), "D"), (D("59.99"), "E"), (D(120), "A")],
)
def test_annual_grade_uses_the_policy_bands(score: Decimal, grade: str) -> None:
    frame = monthly([("e1", "2026-06", score, "finalised")])
    result = annual_rollup(frame, 2026, DEFAULT_POLICY)
    assert result["grade"].tolist() == [grade]
    assert result["annual_award"].tolist() == [grade == "A"]


def test_empty_year() -> None:
    result = annual_rollup(monthly([("e1", "2025-06", D(99), "finalised")]), 2026, DEFAULT_POLICY)
    assert result.empty and list(result.columns) == ANNUAL_COLUMNS


def test_bad_inputs_are_refused() -> None:
    twice = monthly([("e1", "2026-01", D(80), "finalised"), ("e1", "2026-01", D(90), "finalised")])
    with pytest.raises(ValidationError) as info:
        annual_rollup(twice, 2026, DEFAULT_POLICY)
    assert info.value.key == "incentives.duplicate_month"
    no_score = monthly([("e1", "2026-01", None, "finalised")])
    with pytest.raises(ValidationError) as info:
        annual_rollup(no_score, 2026, DEFAULT_POLICY)
    assert info.value.key == "incentives.missing_final_score"
    with pytest.raises(ValidationError) as info:
        annual_rollup(pd.DataFrame({"employee_id": []}), 2026, DEFAULT_POLICY)
    assert info.value.key == "incentives.missing_column"
