"""Reading one KPI value out of a long actuals frame, shared by the KPI tests."""

from __future__ import annotations

import pandas as pd

from core.periods import Period

MARCH = Period.parse("2026-03")


def value(frame: pd.DataFrame, employee: str, kpi: str) -> float:
    rows = frame[(frame["employee_id"] == employee) & (frame["kpi_id"] == kpi)]
    assert len(rows) == 1, f"{employee}/{kpi}: expected one row, found {len(rows)}"
    return float(rows["actual"].iloc[0])


def undefined(frame: pd.DataFrame, employee: str, kpi: str) -> bool:
    rows = frame[(frame["employee_id"] == employee) & (frame["kpi_id"] == kpi)]
    return len(rows) == 0 or bool(rows["actual"].isna().all())
