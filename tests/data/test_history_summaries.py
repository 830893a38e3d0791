"""A month reads only its own rows plus summaries of older history (`data.record_history`).

Every figure below depends on records from before the month (the month before is loaded only
for sales growth, without its customers), so a summary that lost or miscounted anything would
change it. The numbers are worked out by hand from SPEC §3 and §7.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Engine

from core.periods import Period
from core.permissions import system_actor
from data.db import transaction
from data.models import PayLine, PayrollRun
from data.services import imports
from data.services.engine import compute_month
from data.services.settings import seed_default_templates

NOV = Period(2026, 11)
EMPLOYEES = (
    "employee_id,name,role,manager_id,target_bonus,hire_date\n"
    "E1,Director,director,,8000,2025-01-01\n"
    "E4,Seller,sales,E1,3000,2025-01-01\n"
)
# Uploaded in June: O4 is not collected yet.
ORDERS_JUNE = (
    "order_id,order_time,customer_id,paid_amount,refund_amount,employee_id,collected\n"
    "O1,2026-03-05 10:00,C1,100,,E4,\n"
    "O2,2026-04-05 10:00,C2,200,200,E4,\n"
    "O3,2026-05-10 10:00,C3,350000,,E4,\n"
    "O4,2026-06-15 10:00,C4,1000,,E4,false\n"
)
# Uploaded in November: O3 refunded 60,000 after May was paid out, O4 now collected, and
# November's own orders.
ORDERS_NOVEMBER = (
    "order_id,order_time,customer_id,paid_amount,refund_amount,employee_id,collected\n"
    "O3,2026-05-10 10:00,C3,350000,60000,E4,\n"
    "O4,2026-06-15 10:00,C4,1000,,E4,true\n"
    "O8,2026-10-20 10:00,C5,80,,E4,\n"
    "O5,2026-11-03 10:00,C1,500,,E4,\n"
    "O6,2026-11-04 10:00,C2,300,,E4,\n"
    "O7,2026-11-05 10:00,C5,100,,E4,\n"
)
CALLS = (
    "call_id,employee_id,call_time,customer_id,effective,intent,deal\n"
    "K1,E4,2026-02-10 09:00,C9,false,false,false\n"
    "K2,E4,2026-11-12 10:00,C9,true,true,true\n"
)


def _load(engine: Engine) -> None:
    actor = system_actor()
    uploads = [
        ("employees", EMPLOYEES, datetime(2026, 6, 20)),
        ("orders", ORDERS_JUNE, datetime(2026, 6, 20)),
        ("orders", ORDERS_NOVEMBER, datetime(2026, 11, 20)),
        ("calls", CALLS, datetime(2026, 11, 20)),
    ]
    with transaction(engine) as session:
        seed_default_templates(session)
    for kind, text, now in uploads:
        with transaction(engine) as session:
            outcome = imports.import_file(
                session, actor, kind, f"{kind}.csv", text.encode(), now=now
            )
            assert outcome.written, outcome.errors
    with transaction(engine) as session:
        # May's payroll run paid 350,000 marginal: 100,000×1 % + 200,000×1.5 % +
        # 50,000×2 % = 5,000.
        session.add(PayrollRun(period="2026-05", status="closed", closed_by="hr", totals={}))
        session.add(
            PayLine(
                run_period="2026-05",
                employee_id="E4",
                origin_period="2026-05",
                category="commission",
                kind="tier",
                amount=Decimal("5000.00"),
            )
        )


def _actual(result, kpi_id: str) -> float:  # noqa: ANN001 - MonthResult
    actuals = result.actuals
    row = actuals[(actuals["employee_id"] == "E4") & (actuals["kpi_id"] == kpi_id)]
    assert len(row) == 1, kpi_id
    return float(row["actual"].iloc[0])


def test_a_month_sees_history_older_than_its_window(engine: Engine) -> None:
    _load(engine)
    with transaction(engine) as session:
        result = compute_month(session, NOV, datetime(2026, 11, 25))

    # November's customers C1, C2, C5 (900 net). C1 paid in March and C5 in October: repeat
    # customers, not new. C2's only earlier order was fully refunded: new, not repeat.
    assert _actual(result, "net_sales") == 900.0
    assert _actual(result, "repeat_rate") == 2 / 3
    assert _actual(result, "new_customers") == 1.0
    # C9 was first called on 2026-02-10 and closed on 2026-11-12: 18 more days of February,
    # then 31+30+31+30+31+31+30+31 (March–October) and 12 of November = 275 days.
    assert _actual(result, "sales_cycle_days") == 275.0

    lines = result.statement[result.statement["employee_id"] == "E4"]
    got = {(r.kind, r.sales_period): (r.base, r.amount) for r in lines.itertuples()}
    # November's base: its own 900 plus O4 (June), collected by November's upload: 1,900 at
    # 1 % = 19.00. May restated to 290,000 = 100,000×1 % + 190,000×1.5 % = 3,850, so the
    # payout carries 3,850 − 5,000 = −1,150 (SPEC §7's worked example).
    assert got == {
        ("tier", "2026-11"): (Decimal("1900.00"), Decimal("19.00")),
        ("clawback", "2026-05"): (Decimal("290000.00"), Decimal("-1150.00")),
    }
    seller = result.appraisals[result.appraisals["employee_id"] == "E4"].iloc[0]
    assert seller["commission"] == Decimal("-1131.00")
