"""Templates, their validation, eligibility and each employee's resolved monthly plan.

Proration and target precedence are worked out by hand from SPEC §3 and §5 in comments.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd
import pytest

from core.catalogue import CATALOGUE, ROLES
from core.errors import ValidationError
from core.i18n import catalogue as messages
from core.i18n import t
from core.periods import Period
from core.policy import Policy
from core.records import conform
from core.scoring import score_plan
from core.targets import (
    DEFAULT_TEMPLATES,
    PLAN_COLUMNS,
    eligible_employees,
    employment_days,
    resolve_plan,
    template_problems,
    validate_template,
)

APRIL = Period(2026, 4)  # 30 days


def employees(*rows: dict) -> pd.DataFrame:
    base = {"name": "x", "role": "sales"}
    return conform("employees", pd.DataFrame([{**base, **row} for row in rows]))


def targets(*rows: dict) -> pd.DataFrame:
    return conform("targets", pd.DataFrame(list(rows)))


# --- default templates -------------------------------------------------------------------


def test_default_templates_cover_every_role_and_validate() -> None:
    validate_template(DEFAULT_TEMPLATES)
    assert {row["role"] for row in DEFAULT_TEMPLATES} == set(ROLES)
    for role in ROLES:
        rows = [row for row in DEFAULT_TEMPLATES if row["role"] == role]
        assert sum(Decimal(str(row["weight"])) for row in rows) == 100
        kpis = {row["kpi_id"] for row in rows}
        assert {"collaboration", "attitude"} <= kpis  # manual KPIs in each


def test_default_templates_are_plain_python_with_realistic_targets() -> None:
    for row in DEFAULT_TEMPLATES:
        assert set(row) == {"role", "kpi_id", "weight", "target", "method", "cap", "bands"}
        assert all(v is None or isinstance(v, str | int | float) for v in row.values())
    target = {(row["role"], row["kpi_id"]): row["target"] for row in DEFAULT_TEMPLATES}
    assert target["sales", "net_sales"] == 100_000
    assert target["cs", "response_timeliness"] == 0.9
    assert target["designer", "on_time_rate"] == 0.9
    assert target["cs", "csat"] == 0.85
    assert target["cs", "first_response_s"] == 45


# --- validation --------------------------------------------------------------------------


def template(*rows: dict) -> list[dict]:
    return [dict(row) for row in rows]


GOOD_CS = [
    {"role": "cs", "kpi_id": "csat", "weight": 60, "target": 0.9},
    {"role": "cs", "kpi_id": "attitude", "weight": 40},
]


@pytest.mark.parametrize(
    ("rows", "key", "params"),
    [
        (
            [{**GOOD_CS[0], "weight": 50}, GOOD_CS[1]],  # 50 + 40 = 90
            "appraisal.template_weights",
            {"role": "cs", "total": "90"},
        ),
        (
            [{**GOOD_CS[0], "kpi_id": "happiness"}, GOOD_CS[1]],
            "appraisal.template_unknown_kpi",
            {"row": 1, "kpi": "happiness"},
        ),
        (
            [{**GOOD_CS[0], "kpi_id": "net_sales", "target": 300_000}, GOOD_CS[1]],
            "appraisal.template_kpi_not_for_role",
            {"row": 1, "kpi": "net_sales", "role": "cs"},
        ),
        (
            [GOOD_CS[0], {**GOOD_CS[1], "role": "boss"}],
            "appraisal.template_unknown_role",
            {"row": 2, "role": "boss"},
        ),
        (
            [{**GOOD_CS[0], "method": "quadratic"}, GOOD_CS[1]],
            "appraisal.template_method_invalid",
            {"row": 1},
        ),
        (
            [{**GOOD_CS[0], "method": "bands", "bands": "0.98 -> 100"}, GOOD_CS[1]],
            "appraisal.bands_unparsable",
            {"row": 1, "kpi": "csat"},
        ),
        (
            [{**GOOD_CS[0], "method": "bands", "bands": "0.9=80;0.98=100"}, GOOD_CS[1]],
            "appraisal.bands_order",
            {"row": 1},
        ),
        (
            [{**GOOD_CS[0], "method": "bands"}, GOOD_CS[1]],
            "appraisal.template_bands_missing",
            {"row": 1},
        ),
        (
            [{**GOOD_CS[0], "method": "linear", "bands": "0.9=100"}, GOOD_CS[1]],
            "appraisal.template_bands_unused",
            {"row": 1},
        ),
        (
            [{**GOOD_CS[0], "target": None}, GOOD_CS[1]],
            "appraisal.template_target_missing",
            {"row": 1},
        ),
        (
            [{**GOOD_CS[0], "method": "bands", "bands": "0.9=100", "target": None}, GOOD_CS[1]],
            "appraisal.template_target_missing",
            {"row": 1},
        ),
        (
            [{**GOOD_CS[0], "target": 0}, GOOD_CS[1]],
            "appraisal.template_target_not_positive",
            {"row": 1},
        ),
        (
            [GOOD_CS[0], {**GOOD_CS[1], "method": "linear", "target": 100}],
            "appraisal.template_manual_only",
            {"row": 2, "kpi": "attitude"},
        ),
        ([{**GOOD_CS[0], "cap": 50}, GOOD_CS[1]], "appraisal.template_cap_invalid", {"row": 1}),
        (
            [{**GOOD_CS[0], "weight": -10}, GOOD_CS[1]],
            "appraisal.template_weight_invalid",
            {"row": 1},
        ),
        (
            [{**GOOD_CS[0], "weight": "lots"}, GOOD_CS[1]],
            "appraisal.template_value_invalid",
            {"row": 1},
        ),
        (
            [GOOD_CS[0], GOOD_CS[1], {**GOOD_CS[1], "weight": 0}],
            "appraisal.template_duplicate_kpi",
            {"row": 3, "kpi": "attitude", "role": "cs"},
        ),
        ([], "appraisal.template_empty", {}),
    ],
)
def test_validate_template_refuses(rows: list[dict], key: str, params: dict) -> None:
    with pytest.raises(ValidationError) as error:
        validate_template(rows)
    assert error.value.key == key
    assert params.items() <= error.value.params.items()
    # every refusal reads in both languages, parameters filled in
    assert "{" not in error.value.message("en") and "{" not in error.value.message("zh")


def test_validate_template_accepts_decimal_weights_and_a_frame() -> None:
    rows = [
        {"role": "designer", "kpi_id": "on_time_rate", "weight": 33.3, "target": 0.9},
        {"role": "designer", "kpi_id": "quality_score", "weight": 33.3, "target": 85},
        {"role": "designer", "kpi_id": "attitude", "weight": 33.4},  # 33.3+33.3+33.4 = 100
    ]
    validate_template(rows)
    validate_template(conform("templates", pd.DataFrame(rows)))


def test_template_problems_lists_every_problem() -> None:
    rows = [
        {"role": "cs", "kpi_id": "csat", "weight": 60, "target": None},  # no target
        {"role": "cs", "kpi_id": "nope", "weight": 20},  # unknown KPI
        {"role": "cs", "kpi_id": "attitude", "weight": 30},  # cs total 60 + 30 = 90
    ]
    keys = [problem.key for problem in template_problems(rows)]
    assert keys == [
        "appraisal.template_target_missing",
        "appraisal.template_unknown_kpi",
        "appraisal.template_weights",
    ]


def test_every_appraisal_message_has_both_languages() -> None:
    ours = {k: v for k, v in messages().items() if k.startswith("appraisal.")}
    assert len(ours) > 20
    for key, (en, zh) in ours.items():
        assert en.strip() and zh.strip() and en != zh, key
    assert (
        t("appraisal.template_weights", "zh", role="cs", total=90)
        == "角色 cs 的权重合计为 90，必须等于 100。"
    )


# --- eligibility -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hire", "leave", "days"),
    [
        (None, None, 30),
        ("2026-04-11", None, 20),  # 11th..30th inclusive = 30 − 11 + 1 = 20
        ("2026-04-21", None, 10),  # 21st..30th = 10: exactly the minimum
        ("2026-04-22", None, 9),  # 22nd..30th = 9: no appraisal
        (None, "2026-04-10", 10),  # 1st..10th
        ("2026-04-05", "2026-04-20", 16),  # 5th..20th = 16
        ("2026-05-01", None, 0),  # joins next month
        (None, "2026-03-31", 0),  # left last month
        ("2025-01-01", "2027-01-01", 30),
    ],
)
def test_days_employed(hire: str | None, leave: str | None, days: int) -> None:
    frame = employment_days(
        employees({"employee_id": "e", "hire_date": hire, "leave_date": leave}), APRIL
    )
    assert frame["days_employed"].tolist() == [days]
    assert frame["prorate_factor"].iloc[0] == pytest.approx(days / 30)
    assert bool(frame["eligible"].iloc[0]) is (days >= 10)


def test_eligible_employees_contract_and_prorated_target_bonus() -> None:
    staff = employees(
        {"employee_id": "full", "target_bonus": 3000},
        {"employee_id": "joiner", "hire_date": "2026-04-11", "target_bonus": 3000},
        {"employee_id": "late", "hire_date": "2026-04-22", "target_bonus": 3000},
        {"employee_id": "nobonus"},
    )
    out = eligible_employees(staff, APRIL)
    assert list(out.columns[:3]) == ["employee_id", "days_employed", "prorate_factor"]
    assert out["employee_id"].tolist() == ["full", "joiner", "nobonus"]  # 9 days: no appraisal
    bonus = dict(zip(out["employee_id"], out["target_bonus"], strict=True))
    # 3000 × 30/30 = 3000; 3000 × 20/30 = 2000 exactly; no target bonus → None
    assert bonus["full"] == Decimal(3000) and bonus["joiner"] == Decimal(2000)
    assert isinstance(bonus["joiner"], Decimal) and bonus["nobonus"] is None


def test_min_days_is_policy() -> None:
    staff = employees({"employee_id": "late", "hire_date": "2026-04-22"})  # 9 days
    assert eligible_employees(staff, APRIL, Policy(min_days_employed=5))[
        "employee_id"
    ].tolist() == ["late"]


def test_leap_february_has_29_days() -> None:
    # joined 20 Feb 2028: 20th..29th = 10 days of 29
    out = eligible_employees(
        employees({"employee_id": "e", "hire_date": "2028-02-20"}), Period(2028, 2)
    )
    assert out["days_employed"].tolist() == [10]
    assert out["prorate_factor"].iloc[0] == pytest.approx(10 / 29)


# --- plans -------------------------------------------------------------------------------


# A fixed sales template, so plan tests do not move when the shipped defaults are tuned.
SALES_TEMPLATE = [
    {"role": "sales", "kpi_id": "net_sales", "weight": 40, "target": 300_000, "method": "linear"},
    {"role": "sales", "kpi_id": "orders", "weight": 10, "target": 150, "method": "linear"},
    {"role": "sales", "kpi_id": "new_customers", "weight": 10, "target": 30, "method": "linear"},
    {"role": "sales", "kpi_id": "call_conversion", "weight": 10, "target": 0.15},
    {"role": "sales", "kpi_id": "repeat_rate", "weight": 10, "target": 0.3},
    {"role": "sales", "kpi_id": "collaboration", "weight": 10, "method": "manual"},
    {"role": "sales", "kpi_id": "attitude", "weight": 10, "method": "manual"},
    {"role": "cs", "kpi_id": "csat", "weight": 50, "target": 0.9},
    {"role": "cs", "kpi_id": "attitude", "weight": 50, "method": "manual"},
]


def sales_plan(staff: pd.DataFrame, overrides: pd.DataFrame | None = None) -> pd.DataFrame:
    return resolve_plan(staff, SALES_TEMPLATE, overrides, APRIL)


def test_plan_contract_and_template_rows() -> None:
    plan = sales_plan(employees({"employee_id": "s1"}))
    assert list(plan.columns[: len(PLAN_COLUMNS)]) == PLAN_COLUMNS
    expected = [row["kpi_id"] for row in SALES_TEMPLATE if row["role"] == "sales"]
    assert plan["kpi_id"].tolist() == expected  # template order kept
    assert plan["weight"].sum() == 100
    row = plan.set_index("kpi_id").loc["net_sales"]
    assert (row["target"], row["method"], row["cap"], row["prorate_factor"]) == (
        300_000,
        "linear",
        120,
        1.0,
    )
    manual = plan.set_index("kpi_id").loc["attitude"]
    assert manual["method"] == "manual" and math.isnan(manual["target"])


def test_target_precedence_employee_then_role_then_template() -> None:
    staff = employees(
        {"employee_id": "s1"}, {"employee_id": "s2"}, {"employee_id": "c1", "role": "cs"}
    )
    overrides = targets(
        {"period": "2026-04", "kpi_id": "net_sales", "target": 350_000, "role": "sales"},
        {"period": "2026-04", "kpi_id": "net_sales", "target": 400_000, "employee_id": "s1"},
        {"period": "2026-03", "kpi_id": "orders", "target": 999, "role": "sales"},  # other month
        {"period": "2026-04", "kpi_id": "csat", "target": 0.8, "role": "sales"},  # not in template
        {"period": "2026-04", "kpi_id": "csat", "target": 0.85, "role": "cs"},
    )
    plan = sales_plan(staff, overrides).set_index(["employee_id", "kpi_id"])
    assert plan.loc[("s1", "net_sales"), ["target", "target_source"]].tolist() == [
        400_000,
        "employee",
    ]
    assert plan.loc[("s2", "net_sales"), ["target", "target_source"]].tolist() == [350_000, "role"]
    assert plan.loc[("s1", "orders"), ["target", "target_source"]].tolist() == [150, "template"]
    assert plan.loc[("c1", "csat"), "target"] == 0.85
    assert ("s1", "csat") not in plan.index


def test_joiner_volume_targets_are_prorated_rates_are_not() -> None:
    # joined on the 11th of a 30-day month: 20 days → factor 20/30
    plan = sales_plan(employees({"employee_id": "j", "hire_date": "2026-04-11"})).set_index(
        "kpi_id"
    )
    assert plan.loc["net_sales", "target"] == pytest.approx(200_000)  # 300000 × 20/30
    assert plan.loc["orders", "target"] == pytest.approx(100)  # 150 × 20/30
    assert plan.loc["net_sales", "prorate_factor"] == pytest.approx(20 / 30)
    assert plan.loc["call_conversion", "target"] == 0.15  # a rate: never prorated
    assert plan.loc["call_conversion", "prorate_factor"] == 1.0
    assert plan.loc["repeat_rate", "target"] == 0.3


def test_employee_override_is_prorated_too() -> None:
    # SPEC §3 prorates every volume target of a joiner: 600000 × 20/30 = 400000
    staff = employees({"employee_id": "j", "hire_date": "2026-04-11"})
    overrides = targets(
        {"period": "2026-04", "kpi_id": "net_sales", "target": 600_000, "employee_id": "j"}
    )
    plan = sales_plan(staff, overrides).set_index("kpi_id")
    assert plan.loc["net_sales", "target"] == pytest.approx(400_000)


def test_fewer_than_ten_days_means_no_plan() -> None:
    staff = employees({"employee_id": "late", "hire_date": "2026-04-22"}, {"employee_id": "ok"})
    assert set(sales_plan(staff)["employee_id"]) == {"ok"}


def test_role_without_template_gets_no_plan() -> None:
    staff = employees({"employee_id": "s1"}, {"employee_id": "c1", "role": "cs"})
    only_cs = [row for row in DEFAULT_TEMPLATES if row["role"] == "cs"]
    assert set(resolve_plan(staff, only_cs, None, APRIL)["employee_id"]) == {"c1"}


def test_resolve_plan_refuses_a_bad_template() -> None:
    bad = [{"role": "sales", "kpi_id": "net_sales", "weight": 90, "target": 300_000}]
    with pytest.raises(ValidationError) as error:
        resolve_plan(employees({"employee_id": "s1"}), bad, None, APRIL)
    assert error.value.key == "appraisal.template_weights"


def test_prorated_plan_scores_a_joiner_fairly() -> None:
    # joiner with 150000 net sales in 20 days of 30: target 200000 → 100 × 150000 ÷ 200000 = 75
    plan = sales_plan(employees({"employee_id": "j", "hire_date": "2026-04-11"}))
    actual = pd.DataFrame({"employee_id": ["j"], "kpi_id": ["net_sales"], "actual": [150_000]})
    card = score_plan(plan, actual, None, APRIL).set_index("kpi_id")
    assert card.loc["net_sales", "score"] == pytest.approx(75)
    assert CATALOGUE["net_sales"].prorate
