"""Customer-service KPIs worked out by hand from SPEC §3 with the default and custom SLAs.

Each expectation carries its arithmetic; "within" an SLA means at most the SLA.
"""

from __future__ import annotations

import pandas as pd
import pytest

from core.kpis import service_kpis
from core.policy import DEFAULT_POLICY, Policy
from core.records import Records
from tests.core.kpi_frames import MARCH, undefined, value


def ticket(tid: str, employee: str, created: str, **extra: object) -> dict:
    return {"ticket_id": tid, "employee_id": employee, "created_at": created, **extra}


TICKETS = [
    # a1
    ticket(
        "t1",
        "a1",
        "2026-03-01 10:00:00",
        first_response_at="2026-03-01 10:01:00",
        rating=5,
        qa_correct=True,
    ),  # 60 s: exactly the SLA → within
    ticket(
        "t2",
        "a1",
        "2026-03-02 10:00:00",
        first_response_at="2026-03-02 10:01:01",
        rating=4,
        qa_correct=False,
    ),  # 61 s → late
    ticket(
        "t3",
        "a1",
        "2026-03-03 10:00:00",
        is_complaint=True,
        resolved_at="2026-03-04 10:00:00",
        rating=3,
    ),  # never answered; resolved in 24 h
    ticket(
        "t4",
        "a1",
        "2026-03-31 23:00:00",
        first_response_at="2026-03-31 23:00:30",
        is_complaint=True,
        resolved_at="2026-04-02 00:00:00",
    ),  # 30 s; resolved after 25 h
    ticket(
        "t5",
        "a1",
        "2026-03-05 09:00:00",
        first_response_at="2026-03-05 09:00:10",
        is_complaint=True,
    ),  # 10 s; complaint never resolved
    ticket("t6", "a1", "2026-02-28 23:59:00"),  # February
    ticket("t7", "a1", "2026-04-01 00:00:00", first_response_at="2026-04-01 00:00:01"),  # April
    # a2: one unanswered, unrated, unchecked, non-complaint ticket
    ticket("t8", "a2", "2026-03-10 08:00:00", is_complaint=False),
]


@pytest.fixture(scope="module")
def service() -> pd.DataFrame:
    return service_kpis(Records.of(tickets=TICKETS), MARCH, DEFAULT_POLICY)


def test_response_timeliness_counts_unanswered_as_late(service: pd.DataFrame) -> None:
    # a1 March tickets: t1..t5 = 5; within 60 s: t1 (60), t4 (30), t5 (10) = 3 → 3 ÷ 5 = 0.6
    assert value(service, "a1", "response_timeliness") == pytest.approx(0.6)
    # a2: its only ticket is unanswered → 0 ÷ 1 = 0 (defined)
    assert value(service, "a2", "response_timeliness") == 0


def test_first_response_only_over_answered_tickets(service: pd.DataFrame) -> None:
    # a1: (60 + 61 + 30 + 10) ÷ 4 = 161 ÷ 4 = 40.25 (t3 unanswered is left out)
    assert value(service, "a1", "first_response_s") == pytest.approx(40.25)
    assert undefined(service, "a2", "first_response_s")


def test_answer_accuracy_over_qa_checked_tickets(service: pd.DataFrame) -> None:
    # a1: checked t1 (correct), t2 (wrong) → 1 ÷ 2 = 0.5
    assert value(service, "a1", "answer_accuracy") == pytest.approx(0.5)
    assert undefined(service, "a2", "answer_accuracy")


def test_complaints(service: pd.DataFrame) -> None:
    # a1 complaints created in March: t3, t4, t5 = 3; resolved: t3, t4 → 2 ÷ 3
    assert value(service, "a1", "complaint_resolution") == pytest.approx(2 / 3)
    # within 24 h: t3 (exactly 24 h) → 1 ÷ 3; t4 took 25 h
    assert value(service, "a1", "complaint_timeliness") == pytest.approx(1 / 3)
    # a2: no complaint → 0 ÷ 0 → undefined
    assert undefined(service, "a2", "complaint_resolution")
    assert undefined(service, "a2", "complaint_timeliness")


def test_csat_over_rated_tickets(service: pd.DataFrame) -> None:
    # a1 rated: t1 5, t2 4, t3 3; ≥ 4: t1, t2 → 2 ÷ 3
    assert value(service, "a1", "csat") == pytest.approx(2 / 3)
    assert undefined(service, "a2", "csat")


def test_thresholds_come_from_policy() -> None:
    policy = Policy(response_sla_seconds=61, complaint_sla_hours=25, satisfied_rating=5)
    out = service_kpis(Records.of(tickets=TICKETS), MARCH, policy)
    # within 61 s: t1, t2, t4, t5 → 4 ÷ 5 = 0.8
    assert value(out, "a1", "response_timeliness") == pytest.approx(0.8)
    # within 25 h: t3 (24 h), t4 (25 h) → 2 ÷ 3
    assert value(out, "a1", "complaint_timeliness") == pytest.approx(2 / 3)
    # rating ≥ 5: t1 → 1 ÷ 3
    assert value(out, "a1", "csat") == pytest.approx(1 / 3)


def test_no_tickets_no_rows() -> None:
    out = service_kpis(Records.of(tickets=TICKETS[5:7]), MARCH, DEFAULT_POLICY)
    assert out.empty
