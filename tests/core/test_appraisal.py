"""The appraisal cycle, blind visibility, composite, final score, grade, bonus and frozen rules.

Expected numbers come from SPEC §4–§5 by hand; the arithmetic is in the comment beside each.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.appraisal import (
    FINALISED,
    OPEN,
    REVIEWED,
    SELF_SUBMITTED,
    allowed_actions,
    can_finalise,
    compute_results,
    display_score,
    editable_review,
    editable_self,
    frozen_rules,
    frozen_rules_by_employee,
    plans_from_frozen,
    rules_from_frozen,
    transition,
    visible_result,
    visible_review,
    visible_self,
)
from core.errors import StateError
from core.periods import Period
from core.policy import DEFAULT_POLICY, Policy
from core.records import conform
from core.scoring import score_plan
from core.targets import resolve_plan

NAN = float("nan")

# --- states ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        (OPEN, "submit_self", SELF_SUBMITTED),
        (SELF_SUBMITTED, "submit_review", REVIEWED),
        (OPEN, "submit_review", REVIEWED),  # the review need not wait for a late self
        (REVIEWED, "finalise", FINALISED),
        (FINALISED, "reopen", REVIEWED),
        (OPEN, "calibrate", OPEN),
        (SELF_SUBMITTED, "calibrate", SELF_SUBMITTED),
        (REVIEWED, "calibrate", REVIEWED),
        (REVIEWED, "reapply_rules", REVIEWED),
        (OPEN, "waive_self", OPEN),
        (REVIEWED, "waive_self", REVIEWED),
    ],
)
def test_legal_transitions(state: str, action: str, expected: str) -> None:
    assert transition(state, action) == expected


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (OPEN, "finalise"),  # no review yet
        (SELF_SUBMITTED, "finalise"),
        (SELF_SUBMITTED, "submit_self"),  # already submitted and seen
        (REVIEWED, "submit_self"),  # the employee has seen the review: no longer blind
        (REVIEWED, "submit_review"),  # re-review only after a reopen
        (FINALISED, "calibrate"),  # read-only
        (FINALISED, "reapply_rules"),
        (FINALISED, "submit_review"),
        (FINALISED, "finalise"),
        (OPEN, "reopen"),
        (SELF_SUBMITTED, "waive_self"),  # nothing to waive
    ],
)
def test_illegal_transitions(state: str, action: str) -> None:
    with pytest.raises(StateError) as error:
        transition(state, action)
    assert error.value.key == "appraisal.illegal_transition"
    assert error.value.params == {"state": state, "action": action}


def test_unknown_state_and_action() -> None:
    with pytest.raises(StateError) as error:
        transition("draft", "finalise")
    assert error.value.key == "appraisal.unknown_state"
    with pytest.raises(StateError) as error:
        transition(OPEN, "approve")
    assert error.value.key == "appraisal.unknown_action"


def test_allowed_actions() -> None:
    assert allowed_actions(FINALISED) == ["reopen"]
    assert allowed_actions(OPEN) == [
        "submit_self",
        "submit_review",
        "waive_self",
        "calibrate",
        "reapply_rules",
    ]


def test_blind_until_submitted() -> None:
    # the supervisor sees self-scores only after the employee submits
    assert not visible_self(OPEN, viewer_is_supervisor=True)
    assert visible_self(SELF_SUBMITTED, viewer_is_supervisor=True)
    assert visible_self(OPEN, viewer_is_supervisor=False)  # one's own draft
    # the employee sees the supervisor's scores only after the review is submitted
    assert not visible_review(OPEN, viewer_is_supervisor=False)
    assert not visible_review(SELF_SUBMITTED, viewer_is_supervisor=False)
    assert visible_review(REVIEWED, viewer_is_supervisor=False)
    assert visible_review(SELF_SUBMITTED, viewer_is_supervisor=True)
    # the employee sees the result once finalised
    assert not visible_result(REVIEWED, viewer_is_supervisor=False)
    assert visible_result(FINALISED, viewer_is_supervisor=False)
    assert visible_result(REVIEWED, viewer_is_supervisor=True)
    assert editable_self(OPEN) and not editable_self(SELF_SUBMITTED)
    assert editable_review(SELF_SUBMITTED) and not editable_review(REVIEWED)


# --- composite, final, grade, bonus ------------------------------------------------------


def row(**kw: object) -> dict:
    base = {
        "employee_id": "e1",
        "kpi_score": 85.0,
        "data_incomplete": False,
        "self_overall": 90.0,
        "supervisor_overall": 80.0,
        "self_waived": False,
        "deduction_points": Decimal(0),
        "deduction_money": Decimal(0),
        "calibration": 0.0,
        "target_bonus": Decimal(2000),
    }
    return {**base, **kw}


def result(policy: Policy = DEFAULT_POLICY, **kw: object) -> pd.Series:
    return compute_results(pd.DataFrame([row(**kw)]), policy).iloc[0]


def test_full_composite() -> None:
    # 0.6×85 + 0.3×80 + 0.1×90 = 51 + 24 + 9 = 84 → B, 100 % of 2000 = 2000.00
    r = result()
    assert r["composite"] == pytest.approx(84) and r["final_score"] == pytest.approx(84)
    assert (r["grade"], r["bonus_pct"], r["bonus_amount"]) == (
        "B",
        Decimal(100),
        Decimal("2000.00"),
    )
    assert not r["incomplete"] and r["flags"] == []


@pytest.mark.parametrize(
    ("kw", "expected", "incomplete"),
    [
        # no self: (0.6×85 + 0.3×80) ÷ 0.9 = (51 + 24) ÷ 0.9 = 83.33…
        ({"self_overall": NAN}, 75 / 0.9, True),
        # waived self: same rescaled composite, but not incomplete
        ({"self_overall": NAN, "self_waived": True}, 75 / 0.9, False),
        # no review: (0.6×85 + 0.1×90) ÷ 0.7 = (51 + 9) ÷ 0.7 = 85.71…
        ({"supervisor_overall": NAN}, 60 / 0.7, True),
        # only data: 0.6×85 ÷ 0.6 = 85
        ({"supervisor_overall": NAN, "self_overall": NAN}, 85, True),
        # no data KPI defined: (0.3×80 + 0.1×90) ÷ 0.4 = (24 + 9) ÷ 0.4 = 82.5
        ({"kpi_score": NAN, "data_incomplete": True}, 82.5, True),
        # data incomplete (under half the weight) still counts, provisionally: 84
        ({"data_incomplete": True}, 84, True),
    ],
)
def test_missing_parts_are_rescaled_never_zero(kw: dict, expected: float, incomplete: bool) -> None:
    r = result(**kw)
    assert r["composite"] == pytest.approx(expected)
    assert bool(r["incomplete"]) is incomplete
    assert ("incomplete" in r["flags"]) is incomplete
    assert r["grade"] == "B"  # a provisional grade is still shown


def test_nothing_present_has_no_score() -> None:
    r = result(kpi_score=NAN, self_overall=NAN, supervisor_overall=NAN, data_incomplete=True)
    assert math.isnan(r["composite"]) and math.isnan(r["final_score"])
    assert r["grade"] is None and r["bonus_amount"] is None and r["incomplete"]


@pytest.mark.parametrize(
    ("score", "grade", "pct"),
    [
        (90.0, "A", 120),  # a band edge takes the higher band
        (89.95, "B", 100),  # shows as 90.0 but is a B
        (89.9999999, "B", 100),
        (80.0, "B", 100),
        (79.99, "C", 80),
        (70.0, "C", 80),
        (60.0, "D", 50),
        (59.99, "E", 0),
        (0.0, "E", 0),
        (120.0, "A", 120),
    ],
)
def test_grade_bands_use_the_exact_final_score(score: float, grade: str, pct: int) -> None:
    # equal parts: 0.6×s + 0.3×s + 0.1×s = s
    r = result(kpi_score=score, self_overall=score, supervisor_overall=score)
    assert (r["grade"], r["bonus_pct"]) == (grade, Decimal(pct))


def test_float_noise_does_not_cost_a_grade() -> None:
    # a KPI score of 90 that arrives as 89.99999999999999 from float sums is still 90 → A
    r = result(kpi_score=89.99999999999999, self_overall=90.0, supervisor_overall=90.0)
    assert r["final_score"] == 90.0 and r["grade"] == "A"


def test_deductions_and_calibration() -> None:
    # 84 − 2 points (two minor latenesses) − 3 calibration = 79 → C, 80 %
    # bonus: 2000 × 80 % − 40 money = 1600 − 40 = 1560.00
    r = result(deduction_points=Decimal(2), deduction_money=Decimal(40), calibration=-3.0)
    assert r["composite"] == pytest.approx(84)
    assert r["final_score"] == pytest.approx(79)
    assert (r["grade"], r["bonus_amount"]) == ("C", Decimal("1560.00"))


def test_calibration_can_lift_onto_a_band_edge() -> None:
    # 0.6×95 + 0.3×80 + 0.1×85 = 57 + 24 + 8.5 = 89.5; +0.5 calibration = 90.0 → A
    r = result(kpi_score=95.0, supervisor_overall=80.0, self_overall=85.0, calibration=0.5)
    assert r["final_score"] == 90.0 and r["grade"] == "A"


def test_bonus_never_below_zero() -> None:
    # 0.6×60 + 0.3×65 + 0.1×70 = 36 + 19.5 + 7 = 62.5 → D 50 %: 1000 × 50 % − 700 = −200 → 0.00
    r = result(
        kpi_score=60.0,
        supervisor_overall=65.0,
        self_overall=70.0,
        target_bonus=Decimal(1000),
        deduction_money=Decimal(700),
    )
    assert r["grade"] == "D" and r["bonus_amount"] == Decimal("0.00")


def test_grade_e_requires_an_interview_and_pays_nothing() -> None:
    # 0.6×50 + 0.3×60 + 0.1×70 = 30 + 18 + 7 = 55 < 60 → E, 0 %
    r = result(kpi_score=50.0, supervisor_overall=60.0, self_overall=70.0)
    assert r["grade"] == "E" and r["bonus_amount"] == Decimal("0.00")
    assert r["flags"] == ["interview_required"]


def test_final_score_is_clipped() -> None:
    # 0.6×120 + 0.3×100 + 0.1×100 = 72 + 30 + 10 = 112; +20 = 132 → 120
    high = result(kpi_score=120.0, supervisor_overall=100.0, self_overall=100.0, calibration=20.0)
    assert high["final_score"] == 120.0
    # 0.6×10 + 0.3×10 + 0.1×10 = 10; −15 points = −5 → 0
    low = result(
        kpi_score=10.0, supervisor_overall=10.0, self_overall=10.0, deduction_points=Decimal(15)
    )
    assert low["final_score"] == 0.0 and low["grade"] == "E"


def test_bonus_rounds_half_up_once_at_the_end() -> None:
    # 2000.05 × 50 % = 1000.025 → 1000.03 half-up (banker's rounding would give 1000.02)
    r = result(
        kpi_score=65.0, supervisor_overall=65.0, self_overall=65.0, target_bonus=Decimal("2000.05")
    )
    assert r["bonus_amount"] == Decimal("1000.03")
    # prorated 3000 × 20/31 = 1935.4838…; × 120 % = 2322.5806… → 2322.58 (not 1935.48 × 1.2)
    prorated = Decimal(3000) * 20 / 31
    r = result(kpi_score=95.0, supervisor_overall=95.0, self_overall=95.0, target_bonus=prorated)
    assert r["bonus_amount"] == Decimal("2322.58")


def test_composite_weights_are_policy() -> None:
    policy = Policy(weight_data=Decimal(70), weight_supervisor=Decimal(20), weight_self=Decimal(10))
    # 0.7×85 + 0.2×80 + 0.1×90 = 59.5 + 16 + 9 = 84.5
    assert result(policy)["composite"] == pytest.approx(84.5)


def test_optional_columns_default_and_order_is_kept() -> None:
    frame = pd.DataFrame(
        {
            "employee_id": ["b", "a"],
            "kpi_score": [85.0, NAN],
            "self_overall": [90.0, 90.0],
            "supervisor_overall": [80.0, 80.0],
        }
    )
    out = compute_results(frame)
    assert out["employee_id"].tolist() == ["b", "a"]
    assert out["composite"].iloc[0] == pytest.approx(84)
    assert out["bonus_amount"].iloc[0] == Decimal("0.00")  # no target bonus given
    assert out["incomplete"].tolist() == [False, True]  # a: no KPI data


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (84, "84.0"),
        (89.95, "90.0"),
        (83.333333, "83.3"),
        (72.45, "72.5"),  # 72.45 is 72.4499… in binary; half-up on the decimal value
        (72.35, "72.4"),
        (0.05, "0.1"),
        (NAN, "—"),
        (None, "—"),
    ],
)
def test_display_score(value: float | None, shown: str) -> None:
    assert display_score(value) == shown


# --- finalising --------------------------------------------------------------------------


def finished(**kw: object) -> dict:
    return {**result().to_dict(), "state": REVIEWED, **kw}


def test_can_finalise_a_complete_appraisal() -> None:
    assert can_finalise(finished()) == (True, None)


@pytest.mark.parametrize(
    ("kw", "reason"),
    [
        ({"state": SELF_SUBMITTED}, "appraisal.finalise_state"),
        ({"state": FINALISED}, "appraisal.finalise_state"),
        ({"supervisor_overall": NAN}, "appraisal.finalise_review_missing"),
        ({"self_overall": NAN}, "appraisal.finalise_self_missing"),
        ({"data_incomplete": True}, "appraisal.finalise_data_incomplete"),
        ({"kpi_score": NAN}, "appraisal.finalise_data_incomplete"),
    ],
)
def test_cannot_finalise_while_incomplete(kw: dict, reason: str) -> None:
    assert can_finalise(finished(**kw)) == (False, reason)


def test_a_waived_self_assessment_may_be_finalised() -> None:
    assert can_finalise(finished(self_overall=NAN, self_waived=True)) == (True, None)


def test_grade_e_needs_an_interview_with_an_improvement_plan() -> None:
    poor = {
        **result(kpi_score=50.0, supervisor_overall=60.0, self_overall=70.0).to_dict(),
        "state": REVIEWED,
    }
    assert can_finalise(poor) == (False, "appraisal.finalise_interview_required")
    blank = {**poor, "interview_recorded": True, "improvement_plan": "  "}
    assert can_finalise(blank) == (False, "appraisal.finalise_improvement_plan_missing")
    plan = "Weekly check-ins; response-time coaching"
    assert can_finalise({**poor, "interview_recorded": True, "improvement_plan": plan}) == (
        True,
        None,
    )
    # a service that stores the plan with the interview passes only the flag
    assert can_finalise({**poor, "interview_recorded": True}) == (True, None)


# --- frozen rules ------------------------------------------------------------------------

APRIL = Period(2026, 4)


def joiner_plan() -> pd.DataFrame:
    staff = conform(
        "employees",
        pd.DataFrame([{"employee_id": "j", "name": "J", "role": "cs", "hire_date": "2026-04-11"}]),
    )
    template = [
        {
            "role": "cs",
            "kpi_id": "response_timeliness",
            "weight": 60,
            "target": 0.95,
            "method": "bands",
            "bands": "0.95=100;0.9=80;0.85=60;else=0",
        },
        {"role": "cs", "kpi_id": "csat", "weight": 20, "target": 0.9},
        {"role": "cs", "kpi_id": "attitude", "weight": 20, "method": "manual"},
    ]
    return resolve_plan(staff, template, None, APRIL)


def test_frozen_rules_round_trip_through_json() -> None:
    plan = joiner_plan()
    policy = Policy(
        weight_data=Decimal(70), weight_supervisor=Decimal(20), bonus_budget=Decimal("50000.5")
    )
    stored = json.loads(json.dumps(frozen_rules(plan, policy)))
    plan_back, policy_back = rules_from_frozen(stored)
    assert policy_back == policy
    pd.testing.assert_frame_equal(
        plan_back[["employee_id", "kpi_id", "weight", "target", "cap", "prorate_factor"]],
        plan[["employee_id", "kpi_id", "weight", "target", "cap", "prorate_factor"]],
        check_dtype=False,
    )
    assert plan_back["bands"].tolist() == plan["bands"].tolist()
    acts = pd.DataFrame({"employee_id": ["j"], "kpi_id": ["response_timeliness"], "actual": [0.91]})
    # 0.91 ≥ 0.9 → 80 from the frozen band table, same as from the live plan
    original = score_plan(plan, acts, None, APRIL)["score"]
    again = score_plan(plan_back, acts, None, APRIL)["score"]
    pd.testing.assert_series_equal(original, again)
    assert again.iloc[0] == 80.0


def test_frozen_rules_are_a_copy() -> None:
    plan = joiner_plan()
    stored = frozen_rules(plan, DEFAULT_POLICY)
    plan.loc[:, "weight"] = 0.0  # editing the template afterwards changes nothing stored
    assert sum(r["weight"] for r in stored["plan"]) == 100
    assert stored["policy"]["weight_data"] == "60"


# --- properties --------------------------------------------------------------------------

maybe = st.one_of(st.just(NAN), st.floats(min_value=0, max_value=100, allow_nan=False))


# Each example builds frames; a wall-clock deadline only measures the machine's load.
@settings(deadline=None)
@given(
    st.one_of(st.just(NAN), st.floats(min_value=0, max_value=120, allow_nan=False)),
    maybe,
    maybe,
    st.integers(min_value=0, max_value=40),
    st.floats(min_value=-60, max_value=60, allow_nan=False),
)
def test_final_within_bounds_and_composite_within_parts(
    kpi: float, supervisor: float, own: float, points: int, calibration: float
) -> None:
    r = result(
        kpi_score=kpi,
        supervisor_overall=supervisor,
        self_overall=own,
        deduction_points=Decimal(points),
        calibration=calibration,
    )
    parts = [x for x in (kpi, supervisor, own) if not np.isnan(x)]
    if not parts:
        assert np.isnan(r["final_score"])
        return
    assert min(parts) - 1e-9 <= r["composite"] <= max(parts) + 1e-9
    assert 0.0 <= r["final_score"] <= 120.0
    band = DEFAULT_POLICY.grade_for(Decimal(str(r["final_score"])))
    assert r["grade"] == band.grade
    assert r["bonus_amount"] >= 0


def test_a_months_frozen_rules_come_back_in_one_frame_and_one_policy_per_text() -> None:
    """The month's plans in one step (issue 14): rows land under their appraisal's employee,
    and appraisals frozen under the same policy share one parsed Policy."""
    plan = joiner_plan()  # j: response_timeliness 60, csat 20, attitude 20 (manual)
    stricter = Policy(weight_data=Decimal(70), weight_supervisor=Decimal(20))
    rules = frozen_rules_by_employee(plan, DEFAULT_POLICY)
    assert list(rules) == ["j"]
    stored = json.loads(json.dumps(rules["j"]))
    month = {"a": stored, "b": stored, "c": json.loads(json.dumps(frozen_rules(plan, stricter)))}
    frame, policies = plans_from_frozen(month)
    # 3 appraisals × 3 items = 9 rows, each under its own appraisal's id
    assert len(frame) == 9
    assert frame.groupby("employee_id")["weight"].sum().to_dict() == {
        "a": 100.0,  # 60 + 20 + 20
        "b": 100.0,
        "c": 100.0,
    }
    assert frame["weight"].dtype == "float64"
    assert policies["a"] is policies["b"]  # one parse for the shared policy text
    assert policies["a"] == DEFAULT_POLICY and policies["c"] == stricter
    one, _ = rules_from_frozen(stored)
    mine = frame[frame["employee_id"] == "a"].reset_index(drop=True)
    pd.testing.assert_frame_equal(mine[one.columns].drop(columns="employee_id"),
                                  one.drop(columns="employee_id"))  # fmt: skip
