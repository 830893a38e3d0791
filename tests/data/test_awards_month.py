"""The month's awards (SPEC §8) from uploaded records to the awards frame, worked by hand:
Sales Star needs ≥ 10 orders, Service Star ≥ 30 rated tickets, Best Designer ≥ 90 % on time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from core.periods import Period
from core.permissions import Actor, system_actor
from data.db import transaction
from data.records_store import load_frame
from data.services import imports
from data.services.awards import awards_frame, awards_table, is_projected
from data.services.engine import compute_month
from data.services.settings import seed_default_templates

MARCH = Period(2026, 3)
NOW = datetime(2026, 4, 10)
HR = Actor("hr", "hr", "H1")
SELLER = Actor("S2", "sales", "S2")

EMPLOYEES = (
    "employee_id,name,role,manager_id,target_bonus\n"
    "E1,Director,director,,8000\nH1,Hannah,hr,E1,3000\n"
    "S1,Sam,sales,E1,2000\nS2,Sue,sales,E1,2000\nS3,Sid,sales,E1,2000\n"
    "C1,Cleo,cs,E1,2000\nC2,Carl,cs,E1,2000\n"
    "D1,Dora,designer,E1,2000\nD2,Dirk,designer,E1,2000\n"
)


def _orders() -> str:
    # S1: 10 orders × 1,000 = 10,000 (exactly 10: eligible)
    # S2: 2 orders × 20,000 = 40,000 (the most, but 2 < 10 orders)
    # S3: 11 orders × 500 = 5,500
    rows = [f"S1-{i},2026-03-{i + 1:02d} 10:00,K{i},1000,S1" for i in range(10)]
    rows += [f"S2-{i},2026-03-{i + 1:02d} 10:00,K{i},20000,S2" for i in range(2)]
    rows += [f"S3-{i},2026-03-{i + 1:02d} 11:00,K{i},500,S3" for i in range(11)]
    return "order_id,order_time,customer_id,paid_amount,employee_id\n" + "\n".join(rows)


def _tickets() -> str:
    # C1: 30 rated, 27 rated 5 and 3 rated 2 → csat 27 ÷ 30 = 0.9 (eligible)
    # C2: 29 rated, all 5 → 1.0, but 29 < 30 rated tickets
    ratings = [("C1", 5)] * 27 + [("C1", 2)] * 3 + [("C2", 5)] * 29
    rows = [
        f"T{i},{agent},2026-03-{i % 28 + 1:02d} 09:00,{rating}"
        for i, (agent, rating) in enumerate(ratings)
    ]
    return "ticket_id,employee_id,created_at,rating\n" + "\n".join(rows)


# D1: 2 tasks due and delivered on time, quality 80 and 90 → mean 85, on time 2 ÷ 2 = 100 %
# D2: quality 95 on time and 99 a day late → mean 97, but on time 1 ÷ 2 = 50 % < 90 %
DESIGN = (
    "task_id,employee_id,due_date,delivered_at,quality_score\n"
    "A1,D1,2026-03-10,2026-03-10 17:00,80\n"
    "A2,D1,2026-03-20,2026-03-19 12:00,90\n"
    "B1,D2,2026-03-10,2026-03-09 12:00,95\n"
    "B2,D2,2026-03-20,2026-03-21 12:00,99\n"
)


def _load(engine: Engine) -> None:
    system = system_actor()
    with transaction(engine) as session:
        seed_default_templates(session)
        imports.import_file(session, system, "employees", "e.csv", EMPLOYEES.encode())
    for kind, text in (("orders", _orders()), ("tickets", _tickets()), ("design_tasks", DESIGN)):
        with transaction(engine) as session:
            outcome = imports.import_file(session, system, kind, f"{kind}.csv", text.encode())
            assert outcome.written, outcome.errors


def test_hand_worked_month(engine: Engine) -> None:
    _load(engine)
    with transaction(engine) as session:
        frame = awards_frame(session, HR, MARCH, NOW)
        result = compute_month(session, MARCH, NOW)
        employees = load_frame(session, "employees", columns=["employee_id", "name"])
    assert frame.columns.tolist() == ["award", "employee_id", "name", "kpi_id", "value"]
    assert frame[["award", "employee_id", "name", "kpi_id"]].values.tolist() == [
        ["sales_star", "S1", "Sam", "net_sales"],
        ["service_star", "C1", "Cleo", "csat"],
        ["best_designer", "D1", "Dora", "quality_score"],
    ]
    assert frame["value"].tolist() == [10_000.0, 0.9, 85.0]
    # a seller sees who won, but Sam's 10,000 is not Sue's to see
    seller_view = awards_table(result, employees, SELLER)
    assert seller_view["employee_id"].tolist() == ["S1", "C1", "D1"]
    assert seller_view["value"].isna().all()


def test_projected_while_the_month_runs() -> None:
    assert is_projected(MARCH, datetime(2026, 3, 31, 23, 0))
    assert not is_projected(MARCH, datetime(2026, 4, 1))
