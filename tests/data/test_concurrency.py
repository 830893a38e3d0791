"""Two people saving the same record at once, as a real race: two threads, each with its own
session and connection. The second save gets "changed by X at T"; nothing is overwritten.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import bcrypt
import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from core.errors import ConflictError
from core.periods import Period
from core.permissions import Actor
from data.db import session_factory, transaction
from data.models import Appraisal, AuditEntry, Setting
from data.services import appraisals, people, settings
from tests.data.test_permissions import load_department

MAR = Period(2026, 3)
T_A, T_B = datetime(2026, 4, 9, 10, 0, 1), datetime(2026, 4, 9, 10, 0, 2)


@dataclass
class Outcome:
    who: str
    error: BaseException | None = None

    @property
    def kind(self) -> str:
        if self.error is None:
            return "saved"
        return "conflict" if isinstance(self.error, ConflictError) else "error"


def race(
    engine: Engine,
    load: Callable[[Session], Any],
    saves: dict[str, Callable[[Session, Any], Any]],
    hold_flush: bool = True,
) -> list[Outcome]:
    """Each thread loads, waits for the other to have loaded, saves, and holds its first flush
    until the other reaches its own: both have passed every check before either writes."""
    loaded = threading.Barrier(len(saves), timeout=30)
    flushing = threading.Barrier(len(saves), timeout=30)
    outcomes = [Outcome(name) for name in saves]

    def run(outcome: Outcome, save: Callable[[Session, Any], Any]) -> None:
        session = session_factory(engine)()
        try:
            state = load(session)
            loaded.wait()
            if hold_flush:
                event.listen(session, "before_flush", lambda *_: flushing.wait(), once=True)
            save(session, state)
            session.commit()
        except BaseException as exc:  # noqa: BLE001 - the outcome carries it to the test
            session.rollback()
            outcome.error = exc
        finally:
            session.close()

    threads = [
        threading.Thread(target=run, args=(outcome, save))
        for outcome, save in zip(outcomes, saves.values(), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a save hung"
    return outcomes


def winner_and_loser(outcomes: list[Outcome]) -> tuple[Outcome, Outcome]:
    kinds = sorted(o.kind for o in outcomes)
    errors = [o.error for o in outcomes if o.kind == "error"]
    assert kinds == ["conflict", "saved"], errors
    won = next(o for o in outcomes if o.kind == "saved")
    lost = next(o for o in outcomes if o.kind == "conflict")
    return won, lost


@pytest.fixture
def department(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    real = bcrypt.gensalt
    monkeypatch.setattr(bcrypt, "gensalt", lambda rounds=4, prefix=b"2b": real(4, prefix))
    load_department(engine)
    with transaction(engine) as session:
        admin = Actor("root", "admin")
        people.add_user(session, admin, "hr2", "hr", password="second hr")
        people.add_user(session, admin, "admin2", "admin", password="second admin")
    return engine


def test_two_calibrations_of_one_appraisal(department: Engine) -> None:
    def load(session: Session) -> int:
        return appraisals.appraisal_view(session, people.actor_for(session, "H1"), "S2", MAR)[
            "row_version"
        ]

    def calibrate(username: str, points: int, now: datetime) -> Callable[[Session, int], Any]:
        def save(session: Session, version: int) -> None:
            hr = people.actor_for(session, username)
            appraisals.calibrate(
                session, hr, "S2", MAR, points, f"by {username}", expected_version=version, now=now
            )

        return save

    with transaction(department) as session:
        appraisals.open_period(session, MAR, now=T_A)
        before = session.scalar(select(Appraisal.row_version).where(Appraisal.employee_id == "S2"))
    won, lost = winner_and_loser(
        race(department, load, {"H1": calibrate("H1", 2, T_A), "hr2": calibrate("hr2", -3, T_B)})
    )
    when = {"H1": "2026-04-09 10:00:01", "hr2": "2026-04-09 10:00:02"}[won.who]
    assert lost.error is not None and lost.error.params == {"who": won.who, "when": when}
    assert str(lost.error) == (
        f"Changed by {won.who} at {when} while you were editing. "
        "Reload to see their version; what you typed is kept below."
    )
    with transaction(department) as session:
        row = session.scalars(select(Appraisal).where(Appraisal.employee_id == "S2")).one()
        calibrations = session.scalars(
            select(AuditEntry.actor).where(AuditEntry.action == "calibrate")
        ).all()
    # the winner's value, one version later; the loser's attempt left no trace
    assert (row.calibration, row.calibration_reason) == (
        {"H1": 2, "hr2": -3}[won.who],
        f"by {won.who}",
    )
    assert (row.updated_by, row.row_version) == (won.who, before + 1)
    assert calibrations == [won.who]


def test_a_stale_form_is_refused_after_the_other_save(department: Engine) -> None:
    """The slower of two people submits a form loaded before the other's save."""
    with transaction(department) as session:
        lead = people.actor_for(session, "S1")
        loaded = appraisals.appraisal_view(session, lead, "S2", MAR)["row_version"]
    with transaction(department) as session:
        appraisals.self_assess(session, people.actor_for(session, "S2"), MAR, 70, now=T_A)
    with pytest.raises(ConflictError) as caught, transaction(department) as session:
        appraisals.review(
            session,
            people.actor_for(session, "S1"),
            "S2",
            MAR,
            80,
            expected_version=loaded,
            now=T_B,
        )
    assert caught.value.params == {"who": "S2", "when": "2026-04-09 10:00:01"}
    with transaction(department) as session:
        row = session.scalars(select(Appraisal).where(Appraisal.employee_id == "S2")).one()
    assert (row.state, row.review_overall) == ("self_submitted", None)


def _policy_race(engine: Engine) -> tuple[Outcome, Outcome]:
    def load(session: Session) -> int:
        return settings.policy_version(session)

    def save(username: str, sla: int) -> Callable[[Session, int], Any]:
        def run(session: Session, version: int) -> None:
            admin = people.actor_for(session, username)
            settings.save_policy(session, admin, {"response_sla_seconds": sla}, version)

        return run

    return winner_and_loser(
        race(engine, load, {"A1": save("A1", 45), "admin2": save("admin2", 90)})
    )


def test_two_policy_saves(department: Engine) -> None:
    with transaction(department) as session:
        settings.save_policy(session, people.actor_for(session, "A1"), {}, 0)
    won, _lost = _policy_race(department)
    with transaction(department) as session:
        row = session.get(Setting, settings.POLICY_KEY)
        updates = session.scalars(
            select(AuditEntry.actor).where(AuditEntry.entity == "policy").order_by(AuditEntry.id)
        ).all()
    assert row is not None and row.row_version == 2
    assert row.value == {"response_sla_seconds": {"A1": 45, "admin2": 90}[won.who]}
    assert updates == ["A1", won.who]


def test_policy_conflict_names_who_and_when(department: Engine) -> None:
    with transaction(department) as session:
        settings.save_policy(session, people.actor_for(session, "A1"), {}, 0)
    won, lost = _policy_race(department)
    assert lost.error is not None and lost.error.params["who"] == won.who
    assert lost.error.params["when"] != "?"


def test_two_first_policy_saves(department: Engine) -> None:
    won, _lost = _policy_race(department)
    with transaction(department) as session:
        assert session.get(Setting, settings.POLICY_KEY).row_version == 1  # type: ignore[union-attr]


def test_two_template_saves(department: Engine) -> None:
    # The fix adds a version per role's template; until then there is none to load or pass.
    version_of = getattr(settings, "template_version", None)

    def load(session: Session) -> int | None:
        settings.templates_frame(session)
        return None if version_of is None else version_of(session, "cs")

    def save(weight: int) -> Callable[[Session, int | None], Any]:
        def run(session: Session, version: int | None) -> None:
            director = Actor("D1", "director", "D1")
            rows = [
                {
                    "kpi_id": "collaboration",
                    "weight": weight,
                    "target": 100,
                    "method": "manual",
                    "cap": 120,
                },
                {
                    "kpi_id": "attitude",
                    "weight": 100 - weight,
                    "target": 100,
                    "method": "manual",
                    "cap": 120,
                },
            ]
            check = {} if version is None else {"expected_version": version}
            settings.save_template(session, director, "cs", rows, **check)

        return run

    # no flush barrier: the save deletes before its first flush, and the other would wait on it
    outcomes = race(department, load, {"first": save(70), "second": save(30)}, hold_flush=False)
    winner_and_loser(outcomes)
