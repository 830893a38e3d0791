"""KPI templates and each employee's monthly plan: which KPIs, weights, targets and methods.

Resolves targets (employee beats role beats template) and prorates volume targets for joiners.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
import pandas as pd

from core.catalogue import CATALOGUE, ROLES
from core.errors import ValidationError
from core.periods import Period
from core.policy import DEFAULT_POLICY, Policy
from core.scoring import METHODS, check_bands, default_method, parse_bands

PLAN_COLUMNS: list[str] = [
    "employee_id",
    "kpi_id",
    "weight",
    "target",
    "method",
    "cap",
    "bands",
    "prorate_factor",
]
# Extra plan columns after the contract, so a scorecard can explain where a target came from.
PLAN_EXTRA_COLUMNS: list[str] = ["role", "target_source"]
TEMPLATE_COLUMNS: list[str] = ["role", "kpi_id", "weight", "target", "method", "cap", "bands"]
_CAP_RANGE = (100.0, 1000.0)


def _t(
    role: str, kpi: str, weight: float, target: float | None = None, **kw: Any
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "role": role,
        "kpi_id": kpi,
        "weight": weight,
        "target": target,
        "method": kw.get("method", "manual" if CATALOGUE[kpi].manual else "linear"),
        "cap": kw.get("cap"),
        "bands": kw.get("bands"),
    }
    return row


# Sensible starting templates for every role of SPEC §1; companies edit them in the UI.
# `cap` None takes the policy's default cap. Targets are monthly, for a full month.
DEFAULT_TEMPLATES: list[dict[str, Any]] = [
    # director 运营总监 — the catalogue gives directors only the shared KPIs
    _t("director", "innovation", 30),
    _t("director", "collaboration", 30),
    _t("director", "attitude", 20),
    _t("director", "training_completion", 20, 1.0),
    # ops 运营
    _t("ops", "store_sales", 30, 150_000),
    _t("ops", "store_conversion", 20, 0.02),
    _t("ops", "visitors", 10, 25_000),
    _t("ops", "campaign_conversion", 10, 0.05),
    _t("ops", "collaboration", 15),
    _t("ops", "attitude", 15),
    # cs 客服
    _t(
        "cs",
        "response_timeliness",
        25,
        0.9,
        method="bands",
        bands="0.9=100;0.8=80;0.7=60;else=0",
    ),
    _t("cs", "first_response_s", 15, 45),
    _t("cs", "answer_accuracy", 15, 0.98),
    _t("cs", "csat", 15, 0.85),
    _t("cs", "complaint_resolution", 10, 0.95),
    _t("cs", "collaboration", 10),
    _t("cs", "attitude", 10),
    # designer 美工设计
    _t("designer", "on_time_rate", 25, 0.9),
    _t("designer", "quality_score", 25, 85),
    _t("designer", "revision_rounds", 10, 2),
    _t("designer", "innovation", 10),
    _t("designer", "collaboration", 15),
    _t("designer", "attitude", 15),
    # sales 销售/电销
    _t("sales", "net_sales", 40, 100_000),
    _t("sales", "orders", 10, 150),
    _t("sales", "new_customers", 10, 30),
    _t("sales", "call_conversion", 10, 0.1),
    _t("sales", "repeat_rate", 10, 0.5),
    _t("sales", "collaboration", 10),
    _t("sales", "attitude", 10),
    # hr 人力资源
    _t("hr", "training_completion", 20, 1.0),
    _t("hr", "exam_score", 20, 80),
    _t("hr", "collaboration", 30),
    _t("hr", "attitude", 30),
    # admin
    _t("admin", "training_completion", 30, 1.0),
    _t("admin", "collaboration", 35),
    _t("admin", "attitude", 35),
]


# --- template validation -----------------------------------------------------------------


def _rows(rows: pd.DataFrame | Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if isinstance(rows, pd.DataFrame):
        return rows.to_dict("records")
    return [dict(row) for row in rows]


def _blank(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _number(value: Any, row: int, column: str) -> float | None:
    if _blank(value):
        return None
    try:
        number = float(Decimal(str(value).strip()))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            "appraisal.template_value_invalid", row=row, column=column, value=value
        ) from None
    if not math.isfinite(number):
        raise ValidationError(
            "appraisal.template_value_invalid", row=row, column=column, value=value
        )
    return number


def _check_row(raw: Mapping[str, Any], row: int, policy: Policy) -> dict[str, Any]:
    """Validate one template row and return it with defaults applied."""
    role = "" if _blank(raw.get("role")) else str(raw.get("role")).strip()
    kpi = "" if _blank(raw.get("kpi_id")) else str(raw.get("kpi_id")).strip()
    if role not in ROLES:
        raise ValidationError("appraisal.template_unknown_role", row=row, role=role)
    if kpi not in CATALOGUE:
        raise ValidationError("appraisal.template_unknown_kpi", row=row, kpi=kpi)
    entry = CATALOGUE[kpi]
    if role not in entry.roles:
        raise ValidationError("appraisal.template_kpi_not_for_role", row=row, kpi=kpi, role=role)
    weight = _number(raw.get("weight"), row, "weight")
    if weight is None or weight < 0 or weight > 100:
        raise ValidationError("appraisal.template_weight_invalid", row=row, kpi=kpi)
    bands = None if _blank(raw.get("bands")) else str(raw.get("bands")).strip()
    method_raw = raw.get("method")
    method = default_method(kpi, bands) if _blank(method_raw) else str(method_raw).strip().lower()
    if method not in METHODS:
        raise ValidationError("appraisal.template_method_invalid", row=row, method=method_raw)
    if entry.manual and method != "manual":
        raise ValidationError("appraisal.template_manual_only", row=row, kpi=kpi)
    cap = _number(raw.get("cap"), row, "cap")
    cap = float(policy.default_cap) if cap is None else cap
    if not _CAP_RANGE[0] <= cap <= _CAP_RANGE[1]:
        raise ValidationError("appraisal.template_cap_invalid", row=row, kpi=kpi)
    target = _number(raw.get("target"), row, "target")
    if method != "manual" and target is None:
        raise ValidationError("appraisal.template_target_missing", row=row, kpi=kpi)
    if method == "linear" and target is not None and target <= 0:
        raise ValidationError("appraisal.template_target_not_positive", row=row, kpi=kpi)
    if method == "bands":
        if bands is None:
            raise ValidationError("appraisal.template_bands_missing", row=row, kpi=kpi)
        try:
            check_bands(parse_bands(bands), entry.direction, cap)
        except ValidationError as error:
            # The band messages name the table; the row lets an importer place the error.
            error.params.setdefault("row", row)
            error.params.setdefault("kpi", kpi)
            raise
    elif bands is not None:
        raise ValidationError("appraisal.template_bands_unused", row=row, kpi=kpi, method=method)
    return {
        "role": role,
        "kpi_id": kpi,
        "weight": weight,
        "target": target,
        "method": method,
        "cap": cap,
        "bands": bands,
    }


def template_problems(
    rows: pd.DataFrame | Iterable[Mapping[str, Any]], policy: Policy = DEFAULT_POLICY
) -> list[ValidationError]:
    """Every problem of a template upload, row by row, then per-role weight totals.

    Importers list them all at once; `validate_template` raises the first.
    """
    records = _rows(rows)
    if not records:
        return [ValidationError("appraisal.template_empty")]
    problems: list[ValidationError] = []
    seen: set[tuple[str, str]] = set()
    totals: dict[str, Decimal] = {}
    for index, raw in enumerate(records, start=1):
        try:
            row = _check_row(raw, index, policy)
        except ValidationError as error:
            problems.append(error)
            continue
        key = (row["role"], row["kpi_id"])
        if key in seen:
            problems.append(
                ValidationError(
                    "appraisal.template_duplicate_kpi",
                    row=index,
                    kpi=row["kpi_id"],
                    role=row["role"],
                )
            )
            continue
        seen.add(key)
        # Decimal of the text as typed, so 33.3 + 33.3 + 33.4 totals exactly 100.
        totals[row["role"]] = totals.get(row["role"], Decimal(0)) + Decimal(
            str(raw["weight"]).strip()
        )
    for role, total in totals.items():
        if total != 100:
            problems.append(
                ValidationError("appraisal.template_weights", role=role, total=f"{total:g}")
            )
    return problems


def validate_template(
    rows: pd.DataFrame | Iterable[Mapping[str, Any]], policy: Policy = DEFAULT_POLICY
) -> None:
    """Raise the first problem: weights not totalling 100 per role, an unknown KPI or one not
    for that role, an invalid method, an unreadable band table, a data KPI without a target."""
    problems = template_problems(rows, policy)
    if problems:
        raise problems[0]


def normalise_templates(
    rows: pd.DataFrame | Iterable[Mapping[str, Any]], policy: Policy = DEFAULT_POLICY
) -> pd.DataFrame:
    """Validated template rows with defaults applied (method, cap), in their given order."""
    validate_template(rows, policy)
    checked = [_check_row(raw, index, policy) for index, raw in enumerate(_rows(rows), start=1)]
    frame = pd.DataFrame(checked, columns=TEMPLATE_COLUMNS)
    frame["bands"] = frame["bands"].astype(object).where(frame["bands"].notna(), None)
    for column in ("weight", "target", "cap"):
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    return frame


# --- eligibility and plans ---------------------------------------------------------------


def employment_days(
    employees: pd.DataFrame, period: Period, policy: Policy = DEFAULT_POLICY
) -> pd.DataFrame:
    """Every employee with `days_employed` in the month (both ends inclusive), `prorate_factor`
    (days ÷ days in month), `eligible` (≥ policy.min_days_employed) and `target_bonus`
    prorated as a Decimal, unrounded so the bonus is rounded once, at the end (SPEC §7)."""
    first = pd.Timestamp(period.first_day)
    last = pd.Timestamp(period.last_day)
    hire = pd.to_datetime(employees["hire_date"]) if "hire_date" in employees else None
    leave = pd.to_datetime(employees["leave_date"]) if "leave_date" in employees else None
    index = employees.index
    start = (
        pd.Series(first, index=index)
        if hire is None
        else hire.dt.normalize().fillna(first).clip(lower=first)
    )
    end = (
        pd.Series(last, index=index)
        if leave is None
        else leave.dt.normalize().fillna(last).clip(upper=last)
    )
    days = ((end - start).dt.days + 1).clip(lower=0).astype("int64")
    out = pd.DataFrame(
        {
            "employee_id": employees["employee_id"].to_numpy(),
            "days_employed": days.to_numpy(),
            "prorate_factor": (days / period.days).to_numpy(dtype="float64"),
            "eligible": (days >= policy.min_days_employed).to_numpy(),
        }
    )
    bonus = (
        employees["target_bonus"] if "target_bonus" in employees else pd.Series(np.nan, index=index)
    )
    month = Decimal(period.days)
    out["target_bonus"] = [
        None if _blank(amount) else Decimal(str(amount)) * int(n) / month
        for amount, n in zip(bonus.to_numpy(), days.to_numpy(), strict=True)
    ]
    return out


def eligible_employees(
    employees: pd.DataFrame, period: Period, policy: Policy = DEFAULT_POLICY
) -> pd.DataFrame:
    """Employees appraised this month: `employee_id, days_employed, prorate_factor`, then the
    prorated `target_bonus` (Decimal). Fewer than policy.min_days_employed days: no appraisal."""
    days = employment_days(employees, period, policy)
    return days.loc[
        days["eligible"], ["employee_id", "days_employed", "prorate_factor", "target_bonus"]
    ].reset_index(drop=True)


def _overrides(targets: pd.DataFrame | None, period: Period) -> tuple[pd.DataFrame, pd.DataFrame]:
    empty_emp = pd.DataFrame(
        {
            "employee_id": pd.Series(dtype=object),
            "kpi_id": pd.Series(dtype=object),
            "target_employee": pd.Series(dtype="float64"),
        }
    )
    empty_role = pd.DataFrame(
        {
            "role": pd.Series(dtype=object),
            "kpi_id": pd.Series(dtype=object),
            "target_role": pd.Series(dtype="float64"),
        }
    )
    if targets is None or targets.empty:
        return empty_emp, empty_role
    frame = targets.copy()
    for column in ("employee_id", "role"):
        if column not in frame:
            frame[column] = None
    frame = frame[
        (frame["period"].astype(str).str.strip() == str(period)) & frame["target"].notna()
    ]
    has_employee = frame["employee_id"].notna() & (
        frame["employee_id"].astype(str).str.strip() != ""
    )
    has_role = frame["role"].notna() & (frame["role"].astype(str).str.strip() != "")
    # A row naming both an employee and a role is the employee's: the more specific wins.
    per_employee = (
        frame.loc[has_employee, ["employee_id", "kpi_id", "target"]]
        .drop_duplicates(["employee_id", "kpi_id"], keep="last")
        .rename(columns={"target": "target_employee"})
    )
    per_role = (
        frame.loc[~has_employee & has_role, ["role", "kpi_id", "target"]]
        .drop_duplicates(["role", "kpi_id"], keep="last")
        .rename(columns={"target": "target_role"})
    )
    for part, column in ((per_employee, "target_employee"), (per_role, "target_role")):
        part[column] = pd.to_numeric(part[column]).astype("float64")
    return per_employee, per_role


def resolve_plan(
    employees: pd.DataFrame,
    templates: pd.DataFrame | Iterable[Mapping[str, Any]],
    targets: pd.DataFrame | None,
    period: Period,
    policy: Policy = DEFAULT_POLICY,
) -> pd.DataFrame:
    """Each eligible employee's plan for the month, one row per KPI of their role's template.

    Columns `employee_id, kpi_id, weight, target, method, cap, bands, prorate_factor`, then
    `role, target_source` ('employee' | 'role' | 'template' | None for manual KPIs).
    `target` is the effective target: per-employee target for the month, else per-role,
    else the template's, multiplied for volume KPIs (CATALOGUE[kpi].prorate) by days
    employed ÷ days in month. `prorate_factor` is the factor applied to that row (1.0 for
    rates, averages and manual KPIs); `score_plan` scales band thresholds by it too.
    Employees with fewer than policy.min_days_employed days, or whose role has no template,
    get no rows.
    """
    template = normalise_templates(templates, policy)
    template["_order"] = np.arange(len(template))
    eligible = eligible_employees(employees, period, policy)
    roles = employees[["employee_id", "role"]].drop_duplicates("employee_id")
    people = eligible[["employee_id", "prorate_factor"]].merge(roles, on="employee_id", how="left")
    people["_employee_order"] = np.arange(len(people))
    plan = people.merge(template, on="role", how="inner")
    per_employee, per_role = _overrides(targets, period)
    plan = plan.merge(per_employee, on=["employee_id", "kpi_id"], how="left")
    plan = plan.merge(per_role, on=["role", "kpi_id"], how="left")

    manual = plan["method"] == "manual"
    base = plan["target_employee"].combine_first(plan["target_role"]).combine_first(plan["target"])
    source = np.select(
        [manual, plan["target_employee"].notna(), plan["target_role"].notna()],
        [None, "employee", "role"],
        "template",
    )
    volume = plan["kpi_id"].map({kpi.id: kpi.prorate for kpi in CATALOGUE.values()}).astype(bool)
    factor = plan["prorate_factor"].where(volume & ~manual, 1.0).astype("float64")
    plan["target"] = (base * factor).where(~manual).astype("float64")
    plan["prorate_factor"] = factor
    plan["target_source"] = pd.Series(source, index=plan.index, dtype=object)
    plan = plan.sort_values(["_employee_order", "_order"], kind="stable").reset_index(drop=True)
    return plan[PLAN_COLUMNS + PLAN_EXTRA_COLUMNS]
