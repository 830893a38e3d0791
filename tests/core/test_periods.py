"""Month arithmetic every look-back relies on: trends, the idle-seller window, restatement."""

from __future__ import annotations

from core.periods import Period, months_between, months_ending


def test_months_ending_counts_back_across_a_new_year() -> None:
    assert months_ending(Period(2026, 2), 4) == [
        Period(2025, 11),
        Period(2025, 12),
        Period(2026, 1),
        Period(2026, 2),
    ]
    assert months_ending(Period(2026, 3), 1) == [Period(2026, 3)]


def test_months_between_includes_both_ends_and_is_empty_backwards() -> None:
    assert months_between(Period(2025, 12), Period(2026, 2)) == [
        Period(2025, 12),
        Period(2026, 1),
        Period(2026, 2),
    ]
    assert months_between(Period(2026, 5), Period(2026, 5)) == [Period(2026, 5)]
    assert months_between(Period(2026, 5), Period(2026, 4)) == []
