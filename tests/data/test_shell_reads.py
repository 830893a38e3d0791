"""The home and HR pages' read services: to-do lists, 12-month KPI trends, data coverage for
the live projection, and the annual roll-up from finalised appraisals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import Engine

from core.errors import PermissionDenied
from core.periods import Period
from core.permissions import Actor
from core.policy import DEFAULT_POLICY
from data.db import transaction
from data.models import Appraisal
from data.services import imports, rollup, todo, trends
from data.services.engine import compute_month
from data.services.settings import seed_default_templates

OCT, NOV = Period(2026, 10), Period(2026, 11)
DIRECTOR = Actor("director", "director", "E1", frozenset({"E2", "E3"}))
LEAD = Actor("lead", "sales", "E2", frozenset({"E4"}))
SELLER = Actor("E4", "sales", "E4")
HR = Actor("hr", "hr", "E3")
IMPORTER = Actor("loader", "ops", "E9", frozenset({"E8"}))  # an ops supervisor

EMPLOYEES = (
    "employee_id,name,role,manager_id,target_bonus\n"
    "E1,Director,director,,8000\n"
    "E2,Lead,sales,E1,5000\n"
    "E3,HR,hr,E1,4000\n"
    "E4,Seller,sales,E2,3000\n"
)
# October: E4 sells 100 + 300 (O2 refunded 50); November so far: 200 on the 10th.
ORDERS = (
    "order_id,order_time,customer_id,paid_amount,refund_amount,employee_id\n"
    "O1,2026-10-03 10:00,C1,100,,E4\n"
    "O2,2026-10-20 10:00,C2,300,50,E4\n"
    "O3,2026-11-10 09:00,C1,200,,E4\n"
)


def _load(engine: Engine) -> None:
    admin = Actor("loader-hr", "hr")  # employees' steward (SPEC §9)
    with transaction(engine) as session:
        seed_default_templates(session)
        imports.import_file(session, admin, "employees", "e.csv", EMPLOYEES.encode())
    with transaction(engine) as session:
        outcome = imports.import_file(session, IMPORTER, "orders", "o.csv", ORDERS.encode())
        assert outcome.written, outcome.errors


def test_trends_match_the_monthly_engine(engine: Engine) -> None:
    _load(engine)
    with transaction(engine) as session:
        frame = trends.all_kpi_trends(session, [OCT, NOV])
        october = compute_month(session, OCT, datetime(2026, 11, 20)).actuals
    seller = frame[(frame["employee_id"] == "E4") & (frame["kpi_id"] == "net_sales")]
    # October: 100 + 300 − 50 = 350; November: 200.
    assert dict(zip(seller["period"], seller["actual"], strict=True)) == {
        "2026-10": 350.0,
        "2026-11": 200.0,
    }
    same = frame[frame["period"] == "2026-10"].drop(columns="period")
    merged = same.merge(october, on=["employee_id", "kpi_id"], suffixes=("", "_engine"))
    assert len(merged) == len(october)
    pd.testing.assert_series_equal(merged["actual"], merged["actual_engine"], check_names=False)


def test_trend_is_cut_to_what_the_viewer_may_see(engine: Engine) -> None:
    _load(engine)
    with transaction(engine) as session:
        frame = trends.all_kpi_trends(session, [OCT])
    assert set(trends.employee_trend(frame, LEAD, "E4")["employee_id"]) == {"E4"}
    with pytest.raises(PermissionDenied):
        trends.employee_trend(frame, SELLER, "E2")


def test_coverage_and_days_covered_for_the_projection(engine: Engine) -> None:
    _load(engine)
    with transaction(engine) as session:
        latest = trends.latest_dates(session, NOV)
    assert latest["orders"] == date(2026, 11, 10)
    assert latest["tickets"] is None
    assert trends.days_covered(latest, "net_sales", NOV) == 10
    assert trends.days_covered(latest, "calls", NOV) == 0  # no calls uploaded: no projection


def _board(rows: list[tuple[str, str, bool]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"employee_id": e, "state": s, "self_waived": False, "incomplete": inc, "flags": []}
            for e, s, inc in rows
        ]
    )


def test_todo_lists_own_self_assessment_reviews_and_hr_work() -> None:
    board = _board([("E2", "open", True), ("E4", "self_submitted", True)])
    names = {"E4": "Seller"}
    early = datetime(2026, 11, 3)
    lead = todo.todo_items(LEAD, OCT, board, names, DEFAULT_POLICY, early)
    assert [(i.kind, i.late) for i in lead] == [("self_assess", False), ("review", False)]
    assert lead[1].params["name"] == "Seller" and lead[1].params["due"] == "2026-11-08"
    late = todo.todo_items(LEAD, OCT, board, names, DEFAULT_POLICY, datetime(2026, 11, 9))
    assert all(i.late for i in late)

    hr_board = _board(
        [("E2", "reviewed", False), ("E4", "reviewed", True), ("E5", "finalised", False)]
    )
    hr = todo.todo_items(HR, OCT, hr_board, names, DEFAULT_POLICY, early, gaps=["attendance"])
    assert [(i.kind, i.params.get("count"), i.params.get("kind")) for i in hr] == [
        ("finalise", 1, None),
        ("pending", 1, None),
        ("upload", None, "attendance"),
    ]


def test_nothing_to_do_once_submitted() -> None:
    board = _board([("E4", "reviewed", False)])
    assert todo.todo_items(SELLER, OCT, board, {}, DEFAULT_POLICY, datetime(2026, 11, 3)) == []


def test_upload_gaps_and_who_is_appraised(engine: Engine) -> None:
    _load(engine)
    with transaction(engine) as session:
        assert todo.upload_gaps(session, LEAD, OCT) == ["calls"]  # orders exist, calls do not
        assert todo.upload_gaps(session, HR, OCT) == ["attendance", "training"]
        assert todo.is_appraised(session, "E4") and not todo.is_appraised(session, "E1")
    assert todo.appraisal_period(date(2026, 11, 23)) == OCT


def _finalised(
    employee_id: str, period: str, score: float | None, state: str = "finalised"
) -> Appraisal:
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
        result={"final_score": score} if score is not None else None,
        updated_at=datetime(2026, 11, 1),
        updated_by="hr",
    )


def test_annual_rollup_uses_finalised_results_only(engine: Engine) -> None:
    _load(engine)
    with transaction(engine) as session:
        session.add_all(
            [
                _finalised("E4", "2026-09", 92.0),
                _finalised("E4", "2026-10", 88.0),
                _finalised("E2", "2026-10", None, state="reviewed"),
                _finalised("E2", "2025-12", 50.0),
            ]
        )
    with transaction(engine) as session:
        frame = rollup.annual(session, HR, 2026, today=date(2027, 1, 15))
        seller_view = rollup.annual(session, SELLER, 2026, today=date(2027, 1, 15))
    # E4: (92 + 88) ÷ 2 = 90.0 → A (a band edge takes the higher band), but E4 was employed
    # all 12 months of 2026 and only 2 are finalised: year to date, so no annual award.
    # E2 (and E3) are due appraisals all year with none finalised: listed with no score.
    rows = {r["employee_id"]: r for r in frame.to_dict("records")}
    assert rows["E4"] == {
        "employee_id": "E4",
        "months": 2,
        "months_employed": 12,
        "annual_score": Decimal("90"),
        "grade": "A",
        "status": "year_to_date",
        "annual_award": False,
    }
    assert sorted(rows) == ["E2", "E3", "E4"]  # the director has no manager: not appraised
    assert (rows["E2"]["months"], rows["E2"]["annual_score"]) == (0, None)
    assert list(seller_view["employee_id"]) == ["E4"]
    with pytest.raises(PermissionDenied):
        rollup.monthly_results(session, Actor("admin", "admin"), 2026)
