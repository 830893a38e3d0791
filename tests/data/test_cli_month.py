"""The awards, annual, waive-self and interview commands through `python -m data`'s main,
on the department of test_cli_flow, with the expected numbers worked out by hand."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from data.db import make_engine, transaction
from data.models import Appraisal
from tests.data.cli_helpers import run_cli, write_rows
from tests.data.test_cli_flow import _rows, month  # noqa: F401 - the fixture

REVIEW = ["review", "--as", "E3", "--employee", "E4", "--period", "2026-03"]
REVIEW += ["--score", "80", "--item", "collaboration=90"]


def _flags(capsys) -> str:  # noqa: ANN001
    code, out, err = run_cli(capsys, "appraisals", "--period", "2026-03")
    assert code == 0, err
    return {r["employee_id"]: r for r in _rows(out)}["E4"]["flags"]


def test_waive_self_and_interview(month: Path, capsys) -> None:  # noqa: ANN001, F811
    target = ["--employee", "E4", "--period", "2026-03"]
    refusals = [
        # only HR waives or records; the supervisor E3 is refused (exit 2)
        (["waive-self", "--as", "E3", "--reason", "x"], 2, "not allowed"),
        (["interview", "--as", "E3", "--note", "x"], 2, "not allowed"),
        # a blank reason is bad input (exit 1)
        (["waive-self", "--as", "E2", "--reason", " "], 1, "reason is required"),
        (["interview", "--as", "E2", "--note", ""], 1, "reason is required"),
    ]
    for argv, expected, needle in refusals:
        code, _, err = run_cli(capsys, *argv, *target)
        assert (code, needle in err) == (expected, True), (argv, err)

    code, out, err = run_cli(
        capsys, "interview", "--as", "E2", *target, "--note", "Plan: two follow-up calls a day"
    )
    assert (code, out.strip()) == (0, "Performance interview of E4 for 2026-03 recorded."), err
    with transaction(make_engine()) as session:
        plan = session.scalar(select(Appraisal.interview_plan).where(Appraisal.employee_id == "E4"))
    assert plan == "Plan: two follow-up calls a day"

    assert run_cli(capsys, *REVIEW)[0] == 0
    assert "incomplete" in _flags(capsys).split(";")  # reviewed, but no self-assessment
    code, out, err = run_cli(
        capsys, "waive-self", "--as", "E2", *target, "--reason", "On sick leave until the 20th"
    )
    assert (code, out.strip()) == (0, "Self-assessment of E4 for 2026-03 waived."), err
    assert "incomplete" not in _flags(capsys).split(";")

    # exact input through the command line: exit 1, the message, nothing saved
    code, out, err = run_cli(
        capsys,
        "calibrate",
        "--as",
        "E2",
        *target,
        "--points",
        "-20.001",
        "--reason",
        "Too generous",
    )
    assert (code, out) == (1, "")
    assert "at most 2 decimals ('-20.001' has more)" in err
    code, out, _ = run_cli(capsys, "appraisals", "--period", "2026-03")
    assert {r["employee_id"]: r for r in _rows(out)}["E4"]["calibration"] == "0"


def test_awards_command(month: Path, capsys) -> None:  # noqa: ANN001, F811
    # E3 sells 10 orders × 100 = 1,000 in March; E4's 8,000 come from 3 orders (< 10)
    orders = [["order_id", "order_time", "customer_id", "paid_amount", "employee_id"]]
    orders += [[f"S{i}", f"2026-03-{i + 1:02d} 10:00", f"K{i}", "100", "E3"] for i in range(10)]
    assert run_cli(capsys, "import", "orders", str(write_rows(month / "more.csv", orders)))[0] == 0
    code, out, err = run_cli(capsys, "awards", "--period", "2026-03")
    assert code == 0, err
    assert out.splitlines() == [
        "award,employee_id,name,kpi_id,value,status",
        "sales_star,E3,Sam Supervisor,net_sales,1000,final",
    ]
    code, out, _ = run_cli(
        capsys, "awards", "--period", "2026-03", "--format", "json", "--as", "E4"
    )
    # everyone sees the winner; the seller E4 may not see E3's figure
    assert json.loads(out) == [
        {
            "award": "sales_star",
            "employee_id": "E3",
            "name": "Sam Supervisor",
            "kpi_id": "net_sales",
            "value": None,
            "status": "final",
        }
    ]


def _appraisal(employee_id: str, period: str, score: str, state: str) -> Appraisal:
    return Appraisal(
        employee_id=employee_id,
        period=period,
        version=1,
        state=state,
        rules={},
        self_scores={},
        self_texts={},
        review_scores={},
        calibration=Decimal(0),
        self_waived=False,
        result={"final_score": float(score)} if state == "finalised" else None,
        updated_at=datetime(2026, 1, 10),
        updated_by="hr",
    )


def test_annual_command(month: Path, capsys) -> None:  # noqa: ANN001, F811
    # 2025 is over. E2 and E3 were employed all year (hired 2020); E4 was hired in 2026.
    # E3: 11 months at 90 and December at 101, all finalised → (11 × 90 + 101) ÷ 12 = 1091 ÷ 12
    #     = 90.91666… → A, final, annual award.
    # E2: January–November at 92 finalised, December only reviewed → 11 of 12: year to date,
    #     92 → A but no award.
    rows = [_appraisal("E3", f"2025-{m:02d}", "90", "finalised") for m in range(1, 12)]
    rows.append(_appraisal("E3", "2025-12", "101", "finalised"))
    rows += [_appraisal("E2", f"2025-{m:02d}", "92", "finalised") for m in range(1, 12)]
    rows.append(_appraisal("E2", "2025-12", "0", "reviewed"))
    with transaction(make_engine()) as session:
        session.add_all(rows)
    code, out, err = run_cli(capsys, "annual", "--year", "2025", "--format", "csv")
    assert code == 0, err
    assert out.splitlines() == [
        "employee_id,name,months_finalised,months_employed,annual_score,annual_grade,status,award",
        "E2,Hannah HR,11,12,92,A,year_to_date,false",
        "E3,Sam Supervisor,12,12,90.9167,A,final,true",
    ]


def test_commission_calculator_refuses_half_cents(capsys) -> None:  # noqa: ANN001
    code, out, err = run_cli(capsys, "commission", "--amount", "10.005")
    assert (code, out) == (1, "")
    assert err.strip() == "'10.005' has more than 2 decimals; amounts are in yuan to the cent."
    # 350,000.50 is to the cent: 100,000 × 1 % + 200,000 × 1.5 % + 50,000.50 × 2 % = 5,000.01
    assert run_cli(capsys, "commission", "--amount", "350000.50")[:2] == (0, "5000.01\n")
