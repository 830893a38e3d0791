"""Training completion and exam score worked out by hand from SPEC §3 ("Everyone").

Each expectation carries its arithmetic; the month's training rows are the assigned courses.
"""

from __future__ import annotations

import pandas as pd
import pytest

from core.kpis import general_kpis
from core.policy import DEFAULT_POLICY
from core.records import Records
from tests.core.kpi_frames import MARCH, undefined, value

TRAINING = [
    {"employee_id": "e1", "date": "2026-03-02", "course": "A", "completed": True, "exam_score": 80},
    {
        "employee_id": "e1",
        "date": "2026-03-10",
        "course": "B",
        "completed": False,
        "exam_score": 60,
    },
    {"employee_id": "e1", "date": "2026-03-20", "course": "C"},  # completion not given
    {
        "employee_id": "e1",
        "date": "2026-02-27",
        "course": "D",
        "completed": True,
        "exam_score": 100,
    },  # February
    {"employee_id": "e2", "date": "2026-03-05", "course": "A", "completed": True},
    {"employee_id": "e3", "date": "2026-03-31", "course": "A", "completed": False, "exam_score": 0},
]


@pytest.fixture(scope="module")
def general() -> pd.DataFrame:
    return general_kpis(Records.of(training=TRAINING), MARCH, DEFAULT_POLICY)


def test_training_completion(general: pd.DataFrame) -> None:
    # e1 assigned in March: A, B, C = 3; completed: A → 1 ÷ 3 (C not given = not completed)
    assert value(general, "e1", "training_completion") == pytest.approx(1 / 3)
    # e2: 1 ÷ 1 ; e3: 0 ÷ 1 = 0
    assert value(general, "e2", "training_completion") == 1
    assert value(general, "e3", "training_completion") == 0


def test_exam_score_mean_of_the_months_scores(general: pd.DataFrame) -> None:
    # e1: (80 + 60) ÷ 2 = 70 (C has no score; D is February)
    assert value(general, "e1", "exam_score") == pytest.approx(70)
    # e2: no exam → undefined; e3: a score of 0 is a real 0
    assert undefined(general, "e2", "exam_score")
    assert value(general, "e3", "exam_score") == 0


def test_manual_kpis_are_never_computed(general: pd.DataFrame) -> None:
    assert not {"collaboration", "attitude", "innovation"} & set(general["kpi_id"])
