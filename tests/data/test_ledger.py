"""The pay ledger through the real services (SPEC §11): everyone owed is paid in their own
month, a closed run never changes, and every later correction is one adjustment line.

One department walks March → June; each step's amounts are worked out by hand below.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from core.errors import StateError
from core.periods import Period
from core.permissions import system_actor
from data.db import make_engine, transaction
from data.migrate import upgrade
from data.services import appraisals, imports, ledger, payroll, people
from data.services.settings import seed_default_templates
from tests.data.cli_helpers import run_cli

MAR, APR, MAY, JUN = (Period(2026, m) for m in (3, 4, 5, 6))
EMPLOYEES = (
    "employee_id,name,role,team,manager_id,target_bonus,hire_date,leave_date\n"
    "D1,Dana Director,director,E-commerce,,,2024-01-01,\n"
    "H1,Hui HR,hr,HR,D1,3000,2024-01-01,\n"
    "S1,Sun Seller,sales,Sales,D1,2000,2024-01-01,\n"
    "Q1,Qin Export,sales,Sales,D1,1000,2024-01-01,\n"
    # 23–31 March: 9 days, too few for an appraisal (SPEC §5), but owed commission.
    "J1,Jia Joiner,sales,Sales,D1,1500,2026-03-23,\n"
    # Left on 5 March: 5 days, no appraisal, owed commission.
    "L1,Lei Leaver,sales,Sales,D1,1500,2024-01-01,2026-03-05\n"
)
TEMPLATES = (
    "role,kpi_id,weight,target,method,cap\n"
    "sales,net_sales,50,10000,linear,120\n"
    "sales,collaboration,50,100,manual,120\n"
)
ORDERS = (
    "order_id,order_time,customer_id,paid_amount,refund_amount,employee_id\n"
    "S1-MAR,2026-03-10 10:00,C1,350000,,S1\n"
    "J1-MAR,2026-03-25 10:00,C2,10000,,J1\n"
    "L1-MAR,2026-03-02 10:00,C3,20000,,L1\n"
    "D1-MAR,2026-03-12 10:00,C4,5000,,D1\n"
    "Q1-JAN,2026-01-15 10:00,C5,500000,,Q1\n"
    "Q1-FEB,2026-02-15 10:00,C6,700000,,Q1\n"
    "Q1-MAR,2026-03-15 10:00,C7,800000,,Q1\n"
)
# Booked in April: 60,000 of S1's March order refunded after March was paid.
REFUND = (
    "order_id,order_time,customer_id,paid_amount,refund_amount,employee_id\n"
    "S1-MAR,2026-03-10 10:00,C1,350000,60000,S1\n"
)


def _import(engine: Engine, kind: str, text: str, now: datetime) -> None:
    with transaction(engine) as session:
        outcome = imports.import_file(
            session, system_actor(), kind, f"{kind}.csv", text.encode(), now=now
        )
        assert outcome.written, outcome.errors


def _complete(engine: Engine, employee_id: str, now: datetime) -> None:
    """Self-assessment 85 and a review of 90 overall (collaboration 90 for S1, 80 for Q1)."""
    with transaction(engine) as session:
        me = people.actor_for(session, employee_id)
        appraisals.self_assess(session, me, MAR, 85, now=now)
        boss = people.actor_for(session, "D1")
        item = 90 if employee_id == "S1" else 80
        appraisals.review(session, boss, employee_id, MAR, 90, {"collaboration": item}, now=now)


def _lines(engine: Engine, period: Period, now: datetime) -> set[tuple]:
    with transaction(engine) as session:
        run = payroll.payroll(session, system_actor(), period, now)
    return {
        (
            r.employee_id,
            r.origin_period,
            r.kind,
            r.reason if isinstance(r.reason, str) else None,
            r.amount,
        )
        for r in run.lines.itertuples(index=False)
    }


def _close(engine: Engine, period: Period, now: datetime) -> payroll.Payroll:
    with transaction(engine) as session:
        return payroll.close(session, system_actor(), period, now)


@pytest.fixture
def march(engine: Engine) -> Engine:
    """The department with March's appraisals: S1 finalised, Q1 reviewed only."""
    with transaction(engine) as session:
        seed_default_templates(session)
    at = datetime(2026, 4, 2, 9, 0)
    for kind, rows in (("employees", EMPLOYEES), ("templates", TEMPLATES), ("orders", ORDERS)):
        _import(engine, kind, rows, at)
    with transaction(engine) as session:
        # Q1 is on the quarterly plan (SPEC §11) from January on.
        ledger.set_plan(session, system_actor(), "Q1", "quarterly", "marginal", Period(2026, 1))
        # H1, S1 and Q1: D1 has no manager, J1 and L1 fewer than 10 days.
        assert appraisals.open_period(session, MAR, now=at) == 3
    _complete(engine, "S1", at)
    _complete(engine, "Q1", at)
    with transaction(engine) as session:
        done, _ = appraisals.finalise(session, system_actor(), MAR, "S1", now=at)
        assert done == ["S1"]
    return engine


# S1's March bonus: net sales 350,000 ÷ 10,000 target → capped at 120; collaboration 90.
# KPI score (50×120 + 50×90) ÷ 100 = 105; composite 0.6×105 + 0.3×90 + 0.1×85 = 98.5 → A,
# 120 % of 2,000 = 2,400.00.
S1_BONUS = Decimal("2400.00")
# Commission of March, marginal monthly plan: S1 350,000 → 100,000×1 % + 200,000×1.5 % +
# 50,000×2 % = 5,000; J1 10,000×1 % = 100; L1 20,000×1 % = 200; D1 5,000×1 % = 50.
# Q1 (quarterly, paid in March on the quarter): 500,000 + 700,000 + 800,000 = 2,000,000 →
# 1,000,000×2.5 % + 1,000,000×3 % = 55,000.
MARCH_LINES = {
    ("S1", "2026-03", "bonus", None, S1_BONUS),
    ("S1", "2026-03", "tier", None, Decimal("5000.00")),
    ("J1", "2026-03", "tier", None, Decimal("100.00")),
    ("L1", "2026-03", "tier", None, Decimal("200.00")),
    ("D1", "2026-03", "tier", None, Decimal("50.00")),
    ("Q1", "2026-03", "quarterly", None, Decimal("55000.00")),
}


def test_everyone_owed_is_paid_in_their_own_month(march: Engine) -> None:
    # Q1 is quarterly: January and February pay nothing, the quarter is paid in March.
    assert _lines(march, Period(2026, 2), datetime(2026, 4, 2)) == set()
    assert _lines(march, MAR, datetime(2026, 4, 3)) == MARCH_LINES
    run = _close(march, MAR, datetime(2026, 4, 5, 10, 0))
    assert run.closed
    # Employed in March: all six, appraised or not.
    assert sorted(run.sheet["employee_id"]) == ["D1", "H1", "J1", "L1", "Q1", "S1"]
    by_id = run.sheet.set_index("employee_id")
    assert by_id.loc["J1", "bonus_status"] == "no_appraisal"
    assert by_id.loc["Q1", "bonus_status"] == "not_finalised"
    assert by_id.loc["Q1", "bonus_amount"] is None
    assert by_id.loc["S1", "commission"] == Decimal("5000.00")
    # Totals: bonus 2,400; commission 5,000 + 100 + 200 + 50 + 55,000 = 60,350.
    assert run.totals["bonus"] == S1_BONUS
    assert run.totals["commission"] == Decimal("60350.00")
    assert list(run.not_finalised["employee_id"]) == ["H1", "Q1"]
    with transaction(march) as session, pytest.raises(StateError):
        payroll.close(session, system_actor(), MAR, datetime(2026, 4, 6))


def test_a_refund_after_the_close_is_next_months_line_and_the_run_stays(march: Engine) -> None:
    _close(march, MAR, datetime(2026, 4, 5))
    _import(march, "orders", REFUND, datetime(2026, 4, 10))
    # March restated: 350,000 − 60,000 = 290,000 → 100,000×1 % + 190,000×1.5 % = 3,850;
    # paid 5,000, so April carries 3,850 − 5,000 = −1,150 (SPEC §7).
    assert _lines(march, APR, datetime(2026, 5, 2)) == {
        ("S1", "2026-03", "clawback", "restated", Decimal("-1150.00"))
    }
    # The closed March run is what it paid, unchanged.
    assert _lines(march, MAR, datetime(2026, 5, 2)) == MARCH_LINES


def test_reopen_after_a_later_payout_is_one_adjustment_and_reopening_again_moves_nothing(
    march: Engine,
) -> None:
    _close(march, MAR, datetime(2026, 4, 5))
    _import(march, "orders", REFUND, datetime(2026, 4, 10))
    _close(march, APR, datetime(2026, 5, 2))
    with transaction(march) as session:
        hr = system_actor()
        appraisals.reopen(session, hr, "S1", MAR, "review corrected", now=datetime(2026, 5, 3))
        # 98.5 − 10 = 88.5 → B, 100 % of 2,000 = 2,000.
        appraisals.calibrate(session, hr, "S1", MAR, -10, "calibration", now=datetime(2026, 5, 3))
        appraisals.finalise(session, hr, MAR, "S1", now=datetime(2026, 5, 3))
    # Bonus 2,000 − 2,400 paid = −400, one line; commission of March already settled
    # (5,000 − 1,150 = 3,850 paid = 3,850 due): no line.
    assert _lines(march, MAY, datetime(2026, 6, 2)) == {
        ("S1", "2026-03", "bonus", "reopened", Decimal("-400.00"))
    }
    _close(march, MAY, datetime(2026, 6, 2))
    for day in (3, 4):
        with transaction(march) as session:
            hr = system_actor()
            appraisals.reopen(session, hr, "S1", MAR, "again", now=datetime(2026, 6, day))
            appraisals.finalise(session, hr, MAR, "S1", now=datetime(2026, 6, day))
    # Reopened and refinalised twice with nothing changed: nothing to pay or recover.
    assert _lines(march, JUN, datetime(2026, 7, 2)) == set()


def test_a_month_finalised_after_its_run_is_paid_once(march: Engine) -> None:
    _close(march, MAR, datetime(2026, 4, 5))
    with transaction(march) as session:
        appraisals.finalise(session, system_actor(), MAR, "Q1", now=datetime(2026, 4, 20))
    # Q1: net sales capped 120, collaboration 80 → KPI (50×120 + 50×80) ÷ 100 = 100;
    # composite 0.6×100 + 0.3×90 + 0.1×85 = 95.5 → A, 120 % of 1,000 = 1,200, on April's run.
    assert _lines(march, APR, datetime(2026, 5, 2)) == {
        ("Q1", "2026-03", "bonus", "late_finalisation", Decimal("1200.00"))
    }
    _close(march, APR, datetime(2026, 5, 2))
    assert _lines(march, MAY, datetime(2026, 6, 2)) == set()


def test_an_upgraded_database_keeps_what_finalisation_paid(db_url: str) -> None:
    """Schema 0002 recorded commission as paid at finalisation; after the upgrade those months
    are closed runs, so nothing is paid again."""
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0002")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO employees (employee_id, name, role, manager_id, target_bonus) "
                    "VALUES ('D1', 'Dana', 'director', NULL, NULL), "
                    "('S1', 'Sun', 'sales', 'D1', 2000)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO orders (order_id, order_time, customer_id, paid_amount, "
                    "employee_id) VALUES ('S1-MAR', '2026-03-10 10:00:00', 'C1', 350000, 'S1')"
                )
            )
            # Finalised in April (version 2 after a reopen): bonus 2,400, and March's 5,000
            # commission recorded as paid, reversed by the reopen and paid again.
            for version, bonus in ((1, "2000.00"), (2, "2400.00")):
                connection.execute(
                    text(
                        "INSERT INTO appraisals (employee_id, period, version, state, rules, "
                        "self_scores, self_texts, review_scores, calibration, self_waived, "
                        "result, finalised_at, row_version) VALUES ('S1', '2026-03', :v, "
                        "'finalised', '{}', '{}', '{}', '{}', 0, false, :r, "
                        "'2026-04-03 10:00:00', 1)"
                    ),
                    {"v": version, "r": f'{{"bonus_amount": "{bonus}"}}'},
                )
            connection.execute(
                text(
                    "INSERT INTO commission_payouts (employee_id, sales_period, paid_in_period, "
                    "kind, amount) VALUES ('S1', '2026-03', '2026-03', 'tier', 5000), "
                    "('S1', '2026-03', '2026-03', 'reversal', -5000), "
                    "('S1', '2026-03', '2026-03', 'tier', 5000)"
                )
            )
        upgrade(engine)
        # March is a closed run that paid the latest finalised bonus, 2,400, and the net
        # commission 5,000 − 5,000 + 5,000 = 5,000.
        assert _lines(engine, MAR, datetime(2026, 5, 2)) == {
            ("S1", "2026-03", "bonus", "opening_balance", Decimal("2400.00")),
            ("S1", "2026-03", "tier", "opening_balance", Decimal("5000.00")),
        }
        # April pays nothing for March again.
        assert _lines(engine, APR, datetime(2026, 5, 2)) == set()
    finally:
        engine.dispose()


def test_the_command_line_closes_and_explains_the_month(
    march: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("DATABASE_URL", march.url.render_as_string(hide_password=False))
    monkeypatch.delenv("KPI_LANG", raising=False)
    code, out, _ = run_cli(
        capsys, "statement", "--as", "H1", "--employee", "S1", "--period", "2026-03"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    # The tier line and its three slices: 100,000×1 % = 1,000; 200,000×1.5 % = 3,000;
    # 50,000×2 % = 1,000.
    assert [(r["kind"], Decimal(r["base"]), Decimal(r["amount"])) for r in rows] == [
        ("tier", Decimal(350000), Decimal(5000)),
        ("slice", Decimal(100000), Decimal(1000)),
        ("slice", Decimal(200000), Decimal(3000)),
        ("slice", Decimal(50000), Decimal(1000)),
    ]
    sheet = tmp_path / "payroll.csv"
    code, out, err = run_cli(
        capsys, "payroll", "--as", "H1", "--period", "2026-03", "--out", str(sheet)
    )
    assert code == 0
    assert "2 appraisals are not finalised" in err  # H1 and Q1
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    table = {r["employee_id"]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))}
    assert table["S1"]["name"] == "Sun Seller"
    assert (table["S1"]["bonus_amount"], table["S1"]["commission"]) == ("2400.00", "5000.00")
    assert table["Q1"]["bonus_status"] == "not_finalised" and table["Q1"]["bonus_amount"] == ""
    # Final score 98.5 to one decimal, not a long float.
    assert table["S1"]["final_score"] == "98.5"
    assert (
        run_cli(capsys, "plans", "set", "--as", "S1", "--employee", "S1", "--plan", "quarterly")[0]
        == 2
    )
    code, out, _ = run_cli(capsys, "payroll", "close", "--as", "H1", "--period", "2026-03")
    assert code == 0 and "commission ¥60,350.00" in out
    assert run_cli(capsys, "payroll", "close", "--as", "H1", "--period", "2026-03")[0] == 2
    code, out, _ = run_cli(capsys, "payroll", "runs", "--as", "H1")
    runs = list(csv.DictReader(io.StringIO(out)))
    assert [(r["period"], r["bonus"], r["commission"]) for r in runs] == [
        ("2026-03", "2400.00", "60350.00")
    ]
