"""The whole month through `python -m data`: import, scorecard, self-assess, review,
calibrate, finalise, payroll, reopen — with every expected number worked out by hand.
"""

from __future__ import annotations

import csv
import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.data.cli_helpers import run_cli, write_rows

ROOT = Path(__file__).resolve().parents[2]

EMPLOYEES = [
    ["employee_id", "name", "role", "team", "manager_id", "hire_date", "target_bonus"],
    ["E1", "Dan Director", "director", "E-commerce", "", "2020-01-01", ""],
    ["E2", "Hannah HR", "hr", "HR", "E1", "2020-01-01", "3000"],
    ["E3", "Sam Supervisor", "sales", "Sales", "E1", "2020-01-01", "4000"],
    ["E4", "Sally Sales", "sales", "Sales", "E3", "2026-01-01", "2000"],
]
TEMPLATES = [
    ["role", "kpi_id", "weight", "target", "method"],
    ["sales", "net_sales", "60", "10000", "linear"],
    ["sales", "orders", "20", "4", "linear"],
    ["sales", "collaboration", "20", "", "manual"],
]
ORDERS = [
    ["order_id", "order_time", "customer_id", "paid_amount", "refund_amount", "employee_id"],
    ["O1", "2026-03-02 10:00", "C1", "3000", "", "E4"],
    ["O2", "2026-03-05 11:00", "C2", "5000", "5000", "E4"],  # fully refunded
    ["O3", "2026-03-10 12:00", "C1", "4000", "1000", "E4"],
    ["O4", "2026-03-15 09:30", "C3", "2000", "", "E4"],
]
ATTENDANCE = [
    ["employee_id", "date", "late_minutes"],
    ["E4", "2026-03-03", "10"],
]


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(text.splitlines()))


@pytest.fixture
def month(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:  # noqa: ANN001
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("KPI_LANG", raising=False)
    assert run_cli(capsys, "init")[0] == 0
    for kind, rows in (
        ("employees", EMPLOYEES),
        ("templates", TEMPLATES),
        ("orders", ORDERS),
        ("attendance", ATTENDANCE),
    ):
        code, out, err = run_cli(
            capsys, "import", kind, str(write_rows(tmp_path / f"{kind}.csv", rows))
        )
        assert code == 0, err
    return tmp_path


def test_whole_month(month: Path, capsys) -> None:  # noqa: ANN001
    code, out, _ = run_cli(capsys, "scorecard", "--period", "2026-03", "--format", "csv")
    assert code == 0
    assert out.splitlines()[0] == (
        "employee_id,period,kpi_id,actual,target,score,weight,"
        "days_elapsed,days_employed,projected,projected_score"
    )
    card = {(r["employee_id"], r["kpi_id"]): r for r in _rows(out)}
    # net sales = (3000 + 5000 + 4000 + 2000) − (5000 + 1000) = 8000; score 100 × 8000 ÷ 10000 = 80
    assert float(card["E4", "net_sales"]["actual"]) == 8000
    assert float(card["E4", "net_sales"]["score"]) == 80
    # orders: O2 is fully refunded, so 3; score 100 × 3 ÷ 4 = 75
    assert float(card["E4", "orders"]["actual"]) == 3
    assert float(card["E4", "orders"]["score"]) == 75
    # collaboration is manual and not reviewed yet: undefined, so both cells empty
    assert (
        card["E4", "collaboration"]["actual"] == "" and card["E4", "collaboration"]["score"] == ""
    )

    assert (
        run_cli(
            capsys,
            "self-assess",
            "--as",
            "E4",
            "--period",
            "2026-03",
            "--score",
            "70",
            "--item",
            "collaboration=60",
            "--text",
            "Closed three deals",
        )[0]
        == 0
    )
    assert (
        run_cli(
            capsys,
            "review",
            "--as",
            "E3",
            "--employee",
            "E4",
            "--period",
            "2026-03",
            "--score",
            "80",
            "--item",
            "collaboration=90",
        )[0]
        == 0
    )
    code, out, _ = run_cli(capsys, "appraisals", "--period", "2026-03")
    row = {r["employee_id"]: r for r in _rows(out)}["E4"]
    # KPI score = (60×80 + 20×75 + 20×90) ÷ 100 = 81
    assert float(row["kpi_score"]) == pytest.approx(81)
    # composite = 0.6×81 + 0.3×80 + 0.1×70 = 48.6 + 24 + 7 = 79.6; one late ≤ 15 min: −1 point
    assert float(row["composite"]) == pytest.approx(79.6)
    assert float(row["deduction_points"]) == 1
    assert float(row["final_score"]) == pytest.approx(78.6)
    # 78.6 → C, 80 %; bonus = 2000 × 80 % − 20 (late money) = 1580.00
    assert row["grade"] == "C" and float(row["bonus_pct"]) == 80
    assert row["bonus_amount"] == "1580.00"
    # commission: 8000 collected net sales, first tier 1 % = 80.00
    assert row["commission"] == "80.00"
    assert row["state"] == "reviewed"

    assert (
        run_cli(
            capsys,
            "calibrate",
            "--as",
            "E2",
            "--employee",
            "E4",
            "--period",
            "2026-03",
            "--points",
            "2",
            "--reason",
            "Covered a colleague's accounts",
        )[0]
        == 0
    )
    code, out, err = run_cli(
        capsys, "finalise", "--as", "E2", "--period", "2026-03", "--employee", "E4"
    )
    assert code == 0, err
    payroll = month / "payroll.xlsx"
    assert run_cli(capsys, "payroll", "--period", "2026-03", "--out", str(payroll))[0] == 0
    sheet = openpyxl.load_workbook(payroll).active
    header = [c.value for c in sheet[3]]
    values = next([c.value for c in r] for r in sheet.iter_rows(min_row=4) if r[0].value == "E4")
    got = dict(zip(header, values, strict=True))
    # 78.6 + 2 = 80.6 → B, 100 %; bonus = 2000 × 100 % − 20 = 1980.00
    assert got["Final score"] == pytest.approx(80.6)
    assert got["Grade"] == "B"
    assert got["Bonus (¥)"] == pytest.approx(1980.00)
    assert got["Commission (¥)"] == pytest.approx(80.00)

    # finalised: nobody may change it any more, not even its own employee
    code, _, err = run_cli(
        capsys, "self-assess", "--as", "E4", "--period", "2026-03", "--score", "99"
    )
    assert code == 2 and "can no longer be changed" in err
    code, _, err = run_cli(
        capsys,
        "calibrate",
        "--as",
        "E2",
        "--employee",
        "E4",
        "--period",
        "2026-03",
        "--points",
        "5",
        "--reason",
        "again",
    )
    assert code == 2 and "finalised" in err
    # reopening keeps the finalised version and creates version 2
    code, out, _ = run_cli(
        capsys,
        "reopen",
        "--as",
        "E2",
        "--employee",
        "E4",
        "--period",
        "2026-03",
        "--reason",
        "Late refund reported",
    )
    assert code == 0 and "version 2" in out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["self-assess", "--as", "E3", "--period", "2026-03", "--score", "150"], "0 to 100"),
        (
            ["review", "--as", "E4", "--employee", "E3", "--period", "2026-03", "--score", "80"],
            "not allowed",
        ),
        (
            ["review", "--as", "E3", "--employee", "E2", "--period", "2026-03", "--score", "80"],
            "not allowed",
        ),
        (
            [
                "calibrate",
                "--as",
                "E3",
                "--employee",
                "E4",
                "--period",
                "2026-03",
                "--points",
                "3",
                "--reason",
                "x",
            ],
            "not allowed",
        ),
        (["finalise", "--as", "E4", "--period", "2026-03"], "not allowed"),
        (
            ["reopen", "--as", "E3", "--employee", "E4", "--period", "2026-03", "--reason", "x"],
            "not allowed",
        ),
    ],
)
def test_refusals(month: Path, capsys, argv: list[str], needle: str) -> None:  # noqa: ANN001
    code, _, err = run_cli(capsys, *argv)
    assert code in (1, 2)
    assert needle in err
    # permission refusals are exit 2, bad input exit 1
    assert code == (1 if needle == "0 to 100" else 2)


def test_commission_command_prints_spec_examples() -> None:
    """Through a real subprocess, as HR scripts it."""
    cases = {
        ("350000", "marginal"): "5000.00",
        ("350000", "whole"): "7000.00",
        ("300000", "marginal"): "4000.00",
        ("900000", "whole"): "27000.00",
    }
    for (amount, mode), expected in cases.items():
        result = subprocess.run(
            [sys.executable, "-m", "data", "commission", "--amount", amount, "--mode", mode],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.strip() == expected


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("rows", "needle"),
    [
        ([["order_id", "order_time", "customer_id"], ["O9", "2026-03-02", "C1"]], "paid_amount"),
        ([ORDERS[0], ["O9", "2026-03-02", "C1", "-5", "", "E4"]], "row 2"),
        ([ORDERS[0], ["O9", "not a date", "C1", "5", "", "E4"]], "row 2"),
        ([ORDERS[0], ["O9", "2026-03-02", "C1", "5", "", "E99"]], "row 2"),
        (
            [
                ORDERS[0],
                ["O9", "2026-03-02", "C1", "5", "", "E4"],
                ["O9", "2026-03-03", "C1", "6", "", "E4"],
            ],
            "row 3",
        ),
    ],
)
def test_rejected_import_changes_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys,
    rows: list[list[str]],
    needle: str,  # noqa: ANN001
) -> None:
    """SQLite only: the database file is byte-for-byte the same after a rejected import."""
    db = tmp_path / "kpi.sqlite"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    assert run_cli(capsys, "init")[0] == 0
    for kind, data in (("employees", EMPLOYEES), ("orders", ORDERS)):
        assert (
            run_cli(capsys, "import", kind, str(write_rows(tmp_path / f"{kind}.csv", data)))[0] == 0
        )
    from data.db import make_engine

    make_engine(f"sqlite:///{db}").dispose()
    before_dump, before_hash = _dump(db), _digest(db)
    code, out, err = run_cli(
        capsys, "import", "orders", str(write_rows(tmp_path / "bad.csv", rows))
    )
    assert code == 1
    assert needle in err.lower() or needle in err
    assert "nothing was written" in err
    assert _dump(db) == before_dump
    assert _digest(db) == before_hash
