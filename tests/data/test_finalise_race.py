"""Finalise and a calibration at the same moment, in two threads with their own connections:
the calibration either lands before and is in the finalised result, or is refused — never
"saved" while payroll pays the old score (issue 13, SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from core.errors import ConflictError, StateError
from core.permissions import system_actor
from data.db import transaction
from data.services import appraisals
from data.services import appraisals as appraisal_service
from tests.data.test_ledger import MAR, march  # noqa: F401 - the department fixture

AT = datetime(2026, 4, 3, 9, 0)


def test_a_calibration_during_finalise_is_in_the_result_or_refused(
    march: Engine,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    computed, go = threading.Event(), threading.Event()
    real = appraisal_service.results.month

    def pausing(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        # Finalise has read everything it computes from; hold it there while HR calibrates.
        month = real(*args, **kwargs)
        computed.set()
        go.wait(timeout=10)
        return month

    monkeypatch.setattr(appraisal_service.results, "month", pausing)
    outcomes: dict[str, BaseException | None] = {}

    def finalise() -> None:
        try:
            with transaction(march) as session:
                appraisals.finalise(session, system_actor(), MAR, "Q1", now=AT)
            outcomes["finalise"] = None
        except BaseException as exc:  # noqa: BLE001 - the test reads it
            outcomes["finalise"] = exc

    def calibrate() -> None:
        try:
            with transaction(march) as session:
                appraisals.calibrate(session, system_actor(), "Q1", MAR, 7, "peer review", now=AT)
            outcomes["calibrate"] = None
        except BaseException as exc:  # noqa: BLE001
            outcomes["calibrate"] = exc

    first = threading.Thread(target=finalise)
    first.start()
    assert computed.wait(timeout=30)
    second = threading.Thread(target=calibrate)
    second.start()
    second.join(timeout=1.5)  # with the month held, the calibration waits for finalise
    go.set()
    first.join(timeout=60)
    second.join(timeout=60)
    assert not first.is_alive() and not second.is_alive()

    with transaction(march) as session:
        current = appraisals.get_appraisal(session, "Q1", MAR, create=False)
        stored, result = current.calibration, current.result
    assert outcomes["finalise"] is None, outcomes
    # Whatever the order, what payroll pays carries exactly the calibration that was saved.
    assert Decimal(str(result["calibration"])) == stored
    if outcomes["calibrate"] is None:
        assert stored == Decimal(7)
    else:
        assert isinstance(outcomes["calibrate"], ConflictError | StateError)
        assert stored == Decimal(0)
