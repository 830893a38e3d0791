"""Design KPIs worked out by hand from SPEC §3: due-month punctuality, delivered-month quality.

Each expectation carries its arithmetic; dates compare by calendar day.
"""

from __future__ import annotations

import pandas as pd
import pytest

from core.kpis import design_kpis
from core.policy import DEFAULT_POLICY
from core.records import Records
from tests.core.kpi_frames import MARCH, undefined, value


def task(tid: str, employee: str, due: str, delivered: str | None = None, **extra: object) -> dict:
    return {
        "task_id": tid,
        "employee_id": employee,
        "due_date": due,
        "delivered_at": delivered,
        **extra,
    }


TASKS = [
    # d1
    task("T1", "d1", "2026-03-10", "2026-03-10 23:30", quality_score=80, revisions=2),  # due day
    task("T2", "d1", "2026-03-12", "2026-03-13 09:00", quality_score=90, revisions=4),  # late
    task("T3", "d1", "2026-03-20"),  # never delivered → late
    task("T4", "d1", "2026-04-02", "2026-03-30 12:00", quality_score=70, revisions=0),  # due April
    task("T5", "d1", "2026-03-05", "2026-02-27 12:00", quality_score=10, revisions=9),  # early
    task("T6", "d1", "2026-02-25", "2026-03-02 08:00", revisions=1),  # due Feb, no quality score
    # d2: one task due in March, undelivered
    task("T7", "d2", "2026-03-15"),
    # d3: delivered on time but neither score nor revision count given
    task("T8", "d3", "2026-03-03", "2026-03-03 08:00"),
]


@pytest.fixture(scope="module")
def design() -> pd.DataFrame:
    return design_kpis(Records.of(design_tasks=TASKS), MARCH, DEFAULT_POLICY)


def test_on_time_rate_over_tasks_due_in_month(design: pd.DataFrame) -> None:
    # d1 due in March: T1, T2, T3, T5 = 4 (T4 due April, T6 due February)
    # on time: T1 (delivered on the due day, 23:30), T5 (February, before due) = 2 → 2 ÷ 4
    assert value(design, "d1", "on_time_rate") == pytest.approx(0.5)
    # d2: undelivered counts as late → 0 ÷ 1 = 0
    assert value(design, "d2", "on_time_rate") == 0
    assert value(design, "d3", "on_time_rate") == 1


def test_quality_over_tasks_delivered_in_month(design: pd.DataFrame) -> None:
    # d1 delivered in March: T1 80, T2 90, T4 70, T6 (no score) → (80 + 90 + 70) ÷ 3 = 80
    # T5 (delivered in February) is not part of it
    assert value(design, "d1", "quality_score") == pytest.approx(80)
    assert undefined(design, "d2", "quality_score")
    assert undefined(design, "d3", "quality_score")


def test_revision_rounds_over_tasks_delivered_in_month(design: pd.DataFrame) -> None:
    # d1: T1 2 + T2 4 + T4 0 + T6 1 = 7 over 4 delivered tasks → 1.75
    assert value(design, "d1", "revision_rounds") == pytest.approx(1.75)
    # d3: no revision count given → undefined, not a perfect 0
    assert undefined(design, "d3", "revision_rounds")
    assert undefined(design, "d2", "revision_rounds")


def test_conversion_uplift_is_not_computed(design: pd.DataFrame) -> None:
    assert "conversion_uplift" not in set(design["kpi_id"])
