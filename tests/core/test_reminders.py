"""Who is reminded of which step (SPEC §11): due within two days or overdue, by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd

from core.periods import Period
from core.policy import Policy
from core.reminders import due_steps, last_day

MARCH = Period(2026, 3)


def _board() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "employee_id": ["E2", "E3", "E4", "E5", "E6", "E7"],
            "manager_id": ["E1", "E1", "E3", "E3", "E3", "E3"],
            "state": ["open", "self_submitted", "open", "reviewed", "reviewed", "finalised"],
            "self_waived": [False, False, True, False, False, False],
            "grade": [None, None, None, "E", "E", "E"],
            "interview_recorded": [False, False, False, False, True, False],
        }
    )


def _rows(frame: pd.DataFrame) -> list[tuple[str, str, str, bool]]:
    return [
        (r.recipient_id, r.step, r.subject_id, r.overdue) for r in frame.itertuples(index=False)
    ]


def test_last_days_are_the_policy_days_of_the_next_month() -> None:
    # Deadlines end with day 5 and day 8 of April for March's appraisals (SPEC §2 defaults).
    assert last_day(MARCH, 5) == date(2026, 4, 5)
    assert last_day(MARCH, 8) == date(2026, 4, 8)


def test_nothing_three_days_before_the_self_assessment_deadline() -> None:
    # 2026-04-05 − 2026-04-02 = 3 days > 2: not yet; the review (04-08) is 6 days away.
    assert due_steps(_board(), MARCH, date(2026, 4, 2), Policy()).empty


def test_two_days_before_self_deadline_only_open_unwaived_self_assessments() -> None:
    # 04-05 − 04-03 = 2 ≤ 2: E2 (open) is due; E3 submitted, E4 waived. Review: 5 days away.
    assert _rows(due_steps(_board(), MARCH, date(2026, 4, 3), Policy())) == [
        ("E2", "self_assessment", "E2", False)
    ]


def test_after_self_deadline_reviews_and_interviews_go_to_managers() -> None:
    # 04-06: self-assessment overdue (06 > 05); reviews due in 08 − 06 = 2 days for E2 (open)
    # and E3 (self_submitted) → E1, and E4 (open) → E3. Interview: E5 graded E without a
    # record → E3; E6 has its record; E7 is finalised.
    assert _rows(due_steps(_board(), MARCH, date(2026, 4, 6), Policy())) == [
        ("E1", "review", "E2", False),
        ("E1", "review", "E3", False),
        ("E2", "self_assessment", "E2", True),
        ("E3", "interview", "E5", False),
        ("E3", "review", "E4", False),
    ]


def test_policy_deadlines_move_the_window() -> None:
    # Self-assessment by day 10: on 04-06 it is 4 days away, so only reviews (day 8) remain.
    steps = due_steps(_board(), MARCH, date(2026, 4, 6), Policy(self_deadline_day=10))
    assert set(steps["step"]) == {"review", "interview"}
