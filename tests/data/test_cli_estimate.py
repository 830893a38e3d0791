"""SPEC §10's worked example through `python -m data` on a real database: `scorecard --as-of`
with its pace columns and `estimate`, with records after `as_of` ignored.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.data.cli_helpers import run_cli, write_rows

EMPLOYEES = [
    ["employee_id", "name", "role", "team", "manager_id", "hire_date", "target_bonus"],
    ["E1", "Dan Director", "director", "E-commerce", "", "2020-01-01", ""],
    ["E3", "Sam Supervisor", "sales", "Sales", "E1", "2020-01-01", "4000"],
    ["E4", "Sally Sales", "sales", "Sales", "E3", "2026-01-01", "3100"],
    ["E5", "Stan Sales", "sales", "Sales", "E3", "2026-01-01", "3100"],
]
# The worked example's template: weights 40/20/10/20/10.
TEMPLATES = [
    ["role", "kpi_id", "weight", "target", "method"],
    ["sales", "net_sales", "40", "20000", "linear"],
    ["sales", "orders", "20", "20", "linear"],
    ["sales", "aov", "10", "800", "linear"],
    ["sales", "repeat_rate", "20", "0.2", "linear"],
    ["sales", "call_conversion", "10", "0.1", "linear"],
]
# By 10 March: 3 orders of 1,000 (net 3,000, AOV 1,000); customers C1 (twice) and C2 → repeat
# rate 1 ÷ 2 = 0.5. O4 on the 12th has "not happened yet" as of the 10th: with it, net sales
# would be 8,000 and C2 a repeat customer too.
ORDERS = [
    ["order_id", "order_time", "customer_id", "paid_amount", "employee_id"],
    ["O1", "2026-03-02 10:00", "C1", "1000", "E4"],
    ["O2", "2026-03-05 11:00", "C1", "1000", "E4"],
    ["O3", "2026-03-09 12:00", "C2", "1000", "E4"],
    ["O4", "2026-03-12 12:00", "C2", "5000", "E4"],
]
# Two effective calls, one deal: call conversion 1 ÷ 2 = 0.5.
CALLS = [
    ["call_id", "employee_id", "call_time", "customer_id", "effective", "deal"],
    ["K1", "E4", "2026-03-03 09:00", "C1", "yes", "no"],
    ["K2", "E4", "2026-03-04 09:00", "C2", "yes", "yes"],
]
# One minor lateness by the 10th (20 yuan); the one on the 15th is not recorded yet.
ATTENDANCE = [
    ["employee_id", "date", "late_minutes"],
    ["E4", "2026-03-03", "10"],
    ["E4", "2026-03-15", "10"],
]


@pytest.fixture
def march(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("KPI_LANG", raising=False)
    monkeypatch.delenv("KPI_AS_OF", raising=False)
    assert run_cli(capsys, "init")[0] == 0
    for kind, rows in (
        ("employees", EMPLOYEES),
        ("templates", TEMPLATES),
        ("orders", ORDERS),
        ("calls", CALLS),
        ("attendance", ATTENDANCE),
    ):
        code, _, err = run_cli(
            capsys, "import", kind, str(write_rows(tmp_path / f"{kind}.csv", rows))
        )
        assert code == 0, err


def test_scorecard_as_of_appends_pace_columns(march: None, capsys) -> None:  # noqa: ANN001
    code, out, err = run_cli(
        capsys, "scorecard", "--period", "2026-03", "--as-of", "2026-03-10", "--as", "E4"
    )
    assert code == 0, err
    header = out.splitlines()[0].split(",")
    assert header == [
        "employee_id",
        "period",
        "kpi_id",
        "actual",
        "target",
        "score",
        "weight",
        "days_elapsed",
        "days_employed",
        "projected",
        "projected_score",
    ]
    rows = {row["kpi_id"]: row for row in csv.DictReader(out.splitlines())}
    assert set(r["employee_id"] for r in rows.values()) == {"E4"}  # own scope only
    net = rows["net_sales"]
    # 3,000 to date (O4 on the 12th ignored); 3,000 × 31 ÷ 10 = 9,300 → 46.5 of 20,000
    assert float(net["actual"]) == 3_000
    assert (net["days_elapsed"], net["days_employed"]) == ("10", "31")
    assert float(net["projected"]) == pytest.approx(9_300)
    assert float(net["projected_score"]) == pytest.approx(46.5)
    assert float(rows["orders"]["projected"]) == pytest.approx(9.3)  # 3 × 3.1
    assert float(rows["repeat_rate"]["projected"]) == 0.5  # a rate: not projected
    assert float(rows["aov"]["projected_score"]) == 120  # 1,000 ÷ 800 = 125 % → cap


def test_estimate_json_is_the_worked_example(march: None, capsys) -> None:  # noqa: ANN001
    argv = ["estimate", "--as", "E4", "--period", "2026-03", "--as-of", "2026-03-10"]
    code, out, err = run_cli(capsys, *argv, "--format", "json")
    assert code == 0, err
    records = json.loads(out)
    assert [r["employee_id"] for r in records] == ["E4"]
    row = records[0]
    assert set(row) == {
        "employee_id",
        "period",
        "as_of",
        "kpi_score_to_date",
        "projected_kpi_score",
        "projected_grade",
        "projected_bonus_pct",
        "projected_bonus_amount",
        "commission_to_date",
        "projected_commission",
        "points_to_next_grade",
        "sales_to_next_tier",
    }
    assert (row["period"], row["as_of"]) == ("2026-03", "2026-03-10")
    # (40×15 + 20×15 + 10×120 + 20×120 + 10×120) ÷ 100 = 57 to date
    assert row["kpi_score_to_date"] == pytest.approx(57.0)
    # (40×46.5 + 20×46.5 + 10×120 + 20×120 + 10×120) ÷ 100 = 75.9 → C, 80 %, 4.1 to B
    assert row["projected_kpi_score"] == pytest.approx(75.9)
    assert row["projected_grade"] == "C"
    assert row["projected_bonus_pct"] == 80
    assert row["points_to_next_grade"] == pytest.approx(4.1)
    assert Decimal(row["projected_bonus_amount"]) == Decimal("2460.00")  # 3,100 × 80 % − 20
    assert Decimal(row["commission_to_date"]) == Decimal("30.00")  # 3,000 × 1 %
    assert Decimal(row["projected_commission"]) == Decimal("93.00")  # 9,300 × 1 %
    assert Decimal(row["sales_to_next_tier"]) == Decimal("97000")  # 100,000 − 3,000


def test_estimate_scope_and_refusal(march: None, capsys) -> None:  # noqa: ANN001
    base = ["estimate", "--period", "2026-03", "--as-of", "2026-03-10", "--format", "json"]
    code, out, _ = run_cli(capsys, *base, "--as", "E3")
    assert code == 0
    assert sorted(r["employee_id"] for r in json.loads(out)) == ["E3", "E4", "E5"]  # + reports
    code, _, err = run_cli(capsys, *base, "--as", "E5", "--employee", "E4")
    assert code == 2 and err  # a peer's estimate is refused
    code, _, err = run_cli(capsys, *base, "--as", "E4", "--as-of", "2026-3-x")
    assert code == 1 and "YYYY-MM-DD" in err
