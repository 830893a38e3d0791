"""The monthly appraisal of SPEC §2, §4 and §5: its states, who sees what, and the final result.

Composite, final score, grade and bonus are computed for a whole month's frame in one pass.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd

from core.errors import StateError
from core.i18n import N_
from core.policy import DEFAULT_POLICY, Policy
from core.targets import PLAN_COLUMNS

# --- states ------------------------------------------------------------------------------

OPEN = "open"
SELF_SUBMITTED = "self_submitted"
REVIEWED = "reviewed"
FINALISED = "finalised"
STATES: tuple[str, ...] = (OPEN, SELF_SUBMITTED, REVIEWED, FINALISED)

SUBMIT_SELF = "submit_self"
SUBMIT_REVIEW = "submit_review"
WAIVE_SELF = "waive_self"
CALIBRATE = "calibrate"
REAPPLY_RULES = "reapply_rules"
FINALISE = "finalise"
REOPEN = "reopen"
ACTIONS: tuple[str, ...] = (
    SUBMIT_SELF,
    SUBMIT_REVIEW,
    WAIVE_SELF,
    CALIBRATE,
    REAPPLY_RULES,
    FINALISE,
    REOPEN,
)

# Why each move exists:
# - submit_self only from open: once the review is in, the employee has seen the supervisor's
#   scores, so a self-assessment written afterwards would not be blind; a missing one is then
#   waived by HR instead. Before the review a late self-assessment is still accepted (late
#   items are listed, not blocked).
# - submit_review from open too: the self-assessment may be late or waived, and the review
#   must not wait for it (the appraisal stays incomplete until the self part is in or waived).
# - reopen returns a finalised appraisal to reviewed: self and review stay as submitted,
#   HR recalibrates or re-applies rules and finalises again; every step is audited upstream.
# - calibrate, waive_self and reapply_rules never move the state and are refused once
#   finalised (a finalised appraisal is read-only until reopened).
_MOVES: dict[tuple[str, str], str] = {
    (OPEN, SUBMIT_SELF): SELF_SUBMITTED,
    (OPEN, SUBMIT_REVIEW): REVIEWED,
    (SELF_SUBMITTED, SUBMIT_REVIEW): REVIEWED,
    (REVIEWED, FINALISE): FINALISED,
    (FINALISED, REOPEN): REVIEWED,
    (OPEN, WAIVE_SELF): OPEN,
    (REVIEWED, WAIVE_SELF): REVIEWED,
    **{(state, CALIBRATE): state for state in (OPEN, SELF_SUBMITTED, REVIEWED)},
    **{(state, REAPPLY_RULES): state for state in (OPEN, SELF_SUBMITTED, REVIEWED)},
}


def _check_state(state: str) -> None:
    if state not in STATES:
        raise StateError("appraisal.unknown_state", state=state)


def transition(state: str, action: str) -> str:
    """The state after `action`; StateError when the move is not allowed from `state`."""
    _check_state(state)
    if action not in ACTIONS:
        raise StateError("appraisal.unknown_action", action=action)
    new_state = _MOVES.get((state, action))
    if new_state is None:
        raise StateError("appraisal.illegal_transition", state=state, action=action)
    return new_state


def allowed_actions(state: str) -> list[str]:
    """Actions the state allows, in ACTIONS order (buttons to show; permissions are separate)."""
    _check_state(state)
    return [action for action in ACTIONS if (state, action) in _MOVES]


def visible_self(state: str, viewer_is_supervisor: bool) -> bool:
    """Blind until submitted: the supervisor sees self-scores only once the employee submits."""
    _check_state(state)
    return not viewer_is_supervisor or state != OPEN


def visible_review(state: str, viewer_is_supervisor: bool) -> bool:
    """The employee sees the supervisor's scores only once the review is submitted."""
    _check_state(state)
    return viewer_is_supervisor or state in (REVIEWED, FINALISED)


def visible_result(state: str, viewer_is_supervisor: bool) -> bool:
    """The employee sees composite, grade and bonus only once finalised (a reopened result
    is hidden again until it is final once more); the supervisor sees the provisional one."""
    _check_state(state)
    return viewer_is_supervisor or state == FINALISED


def waiting_for(state: str, grade: object, flags: list[str] | tuple[str, ...]) -> str:
    """The step an unfinalised appraisal waits for, which also names who must act: the
    employee and supervisor, the supervisor, the data's steward, HR's interview, HR."""
    if state == OPEN:
        return "self_assessment_and_review"
    if state == SELF_SUBMITTED:
        return "review"
    if FLAG_INCOMPLETE in flags:
        return "data"
    if grade == "E":
        return "interview"
    return "finalise"


def editable_self(state: str) -> bool:
    return state == OPEN


def editable_review(state: str) -> bool:
    return state in (OPEN, SELF_SUBMITTED)


# --- numbers -----------------------------------------------------------------------------

CENT = Decimal("0.01")
RESULT_COLUMNS: list[str] = [
    "composite",
    "final_score",
    "grade",
    "bonus_pct",
    "bonus_amount",
    "incomplete",
    "flags",
]
FLAG_INCOMPLETE = "incomplete"
FLAG_INTERVIEW = "interview_required"
# Float noise below this many decimals is dropped before any comparison, so a composite that
# is 90 in exact arithmetic but 89.99999999999999 in binary still takes grade A.
_EXACT_DECIMALS = 10


def _blank(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    if isinstance(value, Decimal):
        return value.is_nan()
    return isinstance(value, str) and not value.strip()


def _exact(value: float) -> Decimal:
    """A float score as the Decimal it stands for (noise below 1e-10 removed)."""
    return Decimal(str(round(float(value), _EXACT_DECIMALS)))


def round_money(amount: Decimal) -> Decimal:
    """Half-up to the cent: the one rounding every paid-out amount gets, at the very end."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def display_score(value: Any) -> str:
    """A score for people: half-up to one decimal, '—' when undefined. Display only —
    89.95 shows as 90.0 but stays a B, because grades use the exact score."""
    if _blank(value):
        return "—"
    return str(_exact(float(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _floats(frame: pd.DataFrame, column: str, default: float) -> pd.Series:
    if column not in frame:
        return pd.Series(default, index=frame.index, dtype="float64")
    values = frame[column]
    if values.dtype == object:
        values = values.map(lambda v: np.nan if _blank(v) else float(v))
    return pd.to_numeric(values).astype("float64")


def _bools(frame: pd.DataFrame, column: str, default: bool) -> pd.Series:
    if column not in frame:
        return pd.Series(default, index=frame.index, dtype=bool)
    return frame[column].astype("boolean").fillna(default).astype(bool)


def _decimals(frame: pd.DataFrame, column: str) -> list[Decimal]:
    if column not in frame:
        return [Decimal(0)] * len(frame)
    return [Decimal(0) if _blank(v) else Decimal(str(v)) for v in frame[column].to_numpy()]


def compute_results(frame: pd.DataFrame, policy: Policy = DEFAULT_POLICY) -> pd.DataFrame:
    """Composite, final score, grade and bonus for one row per employee (SPEC §4, §5).

    Input: employee_id, kpi_score, data_incomplete, self_overall, supervisor_overall (NaN when
    missing), self_waived, deduction_points, deduction_money (Decimal), calibration (points),
    target_bonus (Decimal, already prorated). Optional columns default to "nothing":
    data_incomplete to kpi_score being NaN, self_waived to False, deductions and calibration
    to 0, target_bonus to 0.

    Output adds composite, final_score (float, exact to 1e-10), grade, bonus_pct (Decimal
    percent, e.g. 120), bonus_amount (Decimal, cents), incomplete and flags (list of ids).
    Composite = (w_data × kpi + w_sup × sup + w_self × self) ÷ Σ w over the present parts, so
    a missing part is left out and never counts as 0. Final = composite − deduction points +
    calibration, clipped to [final_min, final_max]. With no part present at all, composite,
    final, grade, bonus_pct and bonus_amount are None/NaN and the row is incomplete.
    """
    missing = {"employee_id", "kpi_score", "self_overall", "supervisor_overall"} - set(
        frame.columns
    )
    if missing:
        raise ValueError(f"frame lacks columns {sorted(missing)}")
    out = frame.reset_index(drop=True).copy()
    kpi = _floats(out, "kpi_score", np.nan)
    supervisor = _floats(out, "supervisor_overall", np.nan)
    own = _floats(out, "self_overall", np.nan)
    w_data, w_sup, w_self = (
        float(policy.weight_data),
        float(policy.weight_supervisor),
        float(policy.weight_self),
    )
    numerator = w_data * kpi.fillna(0) + w_sup * supervisor.fillna(0) + w_self * own.fillna(0)
    present = w_data * kpi.notna() + w_sup * supervisor.notna() + w_self * own.notna()
    composite = (numerator / present.where(present > 0)).round(_EXACT_DECIMALS)

    points = _floats(out, "deduction_points", 0.0).fillna(0.0)
    calibration = _floats(out, "calibration", 0.0).fillna(0.0)
    final = (composite - points + calibration).clip(
        float(policy.final_min), float(policy.final_max)
    )
    final = final.round(_EXACT_DECIMALS)

    data_incomplete = _bools(out, "data_incomplete", False) | kpi.isna()
    self_missing = own.isna() & ~_bools(out, "self_waived", False)
    incomplete = data_incomplete | supervisor.isna() | self_missing | final.isna()

    bands = {value: policy.grade_for(_exact(value)) for value in final.dropna().unique()}
    grade = [bands[v].grade if v in bands else None for v in final.to_numpy()]
    pct = [bands[v].bonus_pct if v in bands else None for v in final.to_numpy()]
    money = _decimals(out, "deduction_money")
    target_bonus = _decimals(out, "target_bonus")
    amount = [
        None if p is None else round_money(max(Decimal(0), tb * p / 100 - m))
        for p, tb, m in zip(pct, target_bonus, money, strict=True)
    ]
    interview = set(policy.interview_grades)
    flags = [
        [flag for flag, on in ((FLAG_INCOMPLETE, inc), (FLAG_INTERVIEW, g in interview)) if on]
        for inc, g in zip(incomplete.to_numpy(), grade, strict=True)
    ]

    out["composite"] = composite.astype("float64")
    out["final_score"] = final.astype("float64")
    out["grade"] = pd.Series(grade, dtype=object)
    out["bonus_pct"] = pd.Series(pct, dtype=object)
    out["bonus_amount"] = pd.Series(amount, dtype=object)
    out["incomplete"] = incomplete.astype(bool)
    out["flags"] = pd.Series(flags, dtype=object)
    return out


def can_finalise(
    row: Mapping[str, Any], policy: Policy = DEFAULT_POLICY
) -> tuple[bool, str | None]:
    """Whether HR may finalise, else the message key of the first obstacle.

    Refused while incomplete: a missing review or missing data cannot be waived, a missing
    self-assessment can (row['self_waived']). An interview grade (E) also needs
    row['interview_recorded'] (the interview with its improvement plan, SPEC §5); when the row
    also carries `improvement_plan` text, it must not be blank. When the row carries `state`,
    only a reviewed appraisal qualifies.
    """
    state = row.get("state")
    if state is not None and state != REVIEWED:
        return False, N_("appraisal.finalise_state")
    if _blank(row.get("supervisor_overall")):
        return False, N_("appraisal.finalise_review_missing")
    waived = row.get("self_waived")
    if _blank(row.get("self_overall")) and not (not _blank(waived) and bool(waived)):
        return False, N_("appraisal.finalise_self_missing")
    data_incomplete = row.get("data_incomplete")
    if (not _blank(data_incomplete) and bool(data_incomplete)) or _blank(row.get("kpi_score")):
        return False, N_("appraisal.finalise_data_incomplete")
    if "final_score" in row and _blank(row.get("final_score")):
        return False, N_("appraisal.finalise_data_incomplete")
    flags = row.get("flags")
    flags = (
        [] if flags is None or (not isinstance(flags, list | tuple) and _blank(flags)) else flags
    )
    if FLAG_INTERVIEW in flags or row.get("grade") in policy.interview_grades:
        recorded = row.get("interview_recorded")
        if _blank(recorded) or not bool(recorded):
            return False, N_("appraisal.finalise_interview_required")
        # A caller that records the plan inside the interview record passes only the flag;
        # one that passes the plan text must not pass a blank one.
        if "improvement_plan" in row and _blank(row.get("improvement_plan")):
            return False, N_("appraisal.finalise_improvement_plan_missing")
    return True, None


# --- frozen rules ------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if _blank(value) and not isinstance(value, str):
        return None
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        return float(value)
    if isinstance(value, pd.Timestamp | datetime | date):
        return value.isoformat()
    return value


def frozen_rules(
    plan_rows: pd.DataFrame | Iterable[Mapping[str, Any]], policy: Policy
) -> dict[str, Any]:
    """A JSON-able copy of an employee's plan and the policy in force, stored with the
    appraisal when it opens so later template or policy edits never change it (SPEC §2)."""
    frame = plan_rows if isinstance(plan_rows, pd.DataFrame) else pd.DataFrame(list(plan_rows))
    plan = [
        {str(k): _jsonable(v) for k, v in record.items()} for record in frame.to_dict("records")
    ]
    return {"version": 1, "plan": plan, "policy": policy.to_dict()}


def frozen_rules_by_employee(plan: pd.DataFrame, policy: Policy) -> dict[str, dict[str, Any]]:
    """`frozen_rules` for every employee of a month's plan at once: the plan is turned into
    records once and the policy serialised once (not a frame filter and a `to_dict` per
    employee, 24 s at 5,000 people). Employees without plan rows are not in the result."""
    policy_dict = policy.to_dict()
    rows: dict[str, list[dict[str, Any]]] = {}
    for record in plan.to_dict("records"):
        clean = {str(k): _jsonable(v) for k, v in record.items()}
        rows.setdefault(str(clean["employee_id"]), []).append(clean)
    return {e: {"version": 1, "plan": r, "policy": policy_dict} for e, r in rows.items()}


def _plan_frame(records: list[Mapping[str, Any]]) -> pd.DataFrame:
    """Frozen plan rows back into a typed plan frame, ready for `score_plan`."""
    plan = pd.DataFrame(records)
    for column in PLAN_COLUMNS:
        if column not in plan:
            plan[column] = None
    for column in ("weight", "target", "cap", "prorate_factor"):
        plan[column] = pd.to_numeric(plan[column]).astype("float64")
    for column in ("employee_id", "kpi_id", "method", "bands"):
        plan[column] = plan[column].astype(object).where(plan[column].notna(), None)
    extras = [c for c in plan.columns if c not in PLAN_COLUMNS]
    return plan[PLAN_COLUMNS + extras]


def rules_from_frozen(data: Mapping[str, Any]) -> tuple[pd.DataFrame, Policy]:
    """The plan frame and Policy back from `frozen_rules`' dict, ready for `score_plan`."""
    return _plan_frame(list(data.get("plan", []))), Policy.from_dict(dict(data.get("policy", {})))


def plans_from_frozen(
    rules: Mapping[str, Mapping[str, Any]],
) -> tuple[pd.DataFrame, dict[str, Policy]]:
    """`rules_from_frozen` for a whole month of appraisals (employee id → frozen rules) in
    one frame: each distinct frozen policy is parsed once (a month usually shares one) and
    the plan rows of everyone become one frame, each row under its appraisal's employee."""
    records: list[dict[str, Any]] = []
    by_text: dict[str, Policy] = {}
    policies: dict[str, Policy] = {}
    for employee_id, data in rules.items():
        records.extend({**row, "employee_id": employee_id} for row in data.get("plan", []))
        raw = dict(data.get("policy", {}))
        text = json.dumps(raw, sort_keys=True, default=str)
        if text not in by_text:
            by_text[text] = Policy.from_dict(raw)
        policies[employee_id] = by_text[text]
    return _plan_frame(records), policies
