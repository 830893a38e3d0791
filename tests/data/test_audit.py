"""The audit trail: every change leaves a row saying who, when, what, before, after and why;
rows are only appended, and a reopened appraisal leaves its finalised version untouched.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import bcrypt
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from core.periods import Period
from core.permissions import Actor
from data.db import transaction
from data.models import Appraisal, AuditEntry, User
from data.services import appraisals, audit, imports, people, settings
from tests.data.test_permissions import load_department

MAR = Period(2026, 3)
# One moment per step, so each row's `at` is known exactly.
T = {
    step: datetime(2026, 4, 1 + i, 10, 0)
    for i, step in enumerate(
        ("load", "import", "rollback", "self", "review", "calibrate", "finalise", "reopen", "waive")
    )
}
EXTRA_ORDERS = (
    "order_id,order_time,customer_id,paid_amount,employee_id\n"
    "S2-9,2026-03-20 10:00,C7,500,S2\n"
    "S2-3,2026-03-06 10:00,C2,7000,S2\n"  # replaces S2-3 (8000 → 7000)
)


def load(engine: Engine) -> None:
    load_department(engine, now=T["load"])


def who(session: Session, username: str) -> Actor:
    return people.actor_for(session, username)


def trail(session: Session) -> list[dict[str, Any]]:
    """Every audit row, every column, oldest first."""
    table = AuditEntry.__table__
    return [dict(r._mapping) for r in session.execute(select(table).order_by(table.c.id))]


def one(rows: list[dict[str, Any]], entity: str, key: str, action: str) -> dict[str, Any]:
    found = [
        r for r in rows if (r["entity"], r["entity_key"], r["action"]) == (entity, key, action)
    ]
    assert len(found) == 1, (entity, key, action, found)
    return found[0]


@pytest.fixture(autouse=True)
def cheap_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    real = bcrypt.gensalt
    monkeypatch.setattr(bcrypt, "gensalt", lambda rounds=4, prefix=b"2b": real(4, prefix))


def test_every_change_is_audited_and_rows_are_only_appended(engine: Engine) -> None:
    load(engine)
    # 1. import and rollback
    with transaction(engine) as session:
        director = who(session, "D1")  # orders' steward (SPEC §9)
        outcome = imports.import_file(
            session, director, "orders", "extra.csv", EXTRA_ORDERS.encode(), now=T["import"]
        )
        import_id = outcome.import_id
    with transaction(engine) as session:
        imports.rollback(session, who(session, "H1"), import_id, now=T["rollback"])
    # 2. the appraisal cycle of S2 for March
    with transaction(engine) as session:
        appraisals.self_assess(
            session,
            who(session, "S2"),
            MAR,
            70,
            {"collaboration": 65},
            {"achievements": "Spring deals"},
            now=T["self"],
        )
        appraisals.review(
            session,
            who(session, "S1"),
            "S2",
            MAR,
            80,
            {"collaboration": 90},
            "Solid",
            now=T["review"],
        )
        hr = who(session, "H1")
        appraisals.calibrate(session, hr, "S2", MAR, 2, "Covered a colleague", now=T["calibrate"])
        done, _ = appraisals.finalise(session, hr, MAR, "S2", now=T["finalise"])
        assert done == ["S2"]
    with transaction(engine) as session:
        first = trail(session)
    # 3. more changes: reopen, waiver, target, policy, users
    started = datetime.now().replace(microsecond=0)
    with transaction(engine) as session:
        hr, director, admin = who(session, "H1"), who(session, "D1"), who(session, "A1")
        appraisals.reopen(session, hr, "S2", MAR, "Late refund reported", now=T["reopen"])
        appraisals.waive_self(session, hr, "O1", MAR, "Long sick leave", now=T["waive"])
        settings.set_target(session, director, "2026-03", "net_sales", 12000, employee_id="S2")
        settings.set_target(session, director, "2026-03", "net_sales", 15000, employee_id="S2")
        settings.save_policy(
            session, admin, {"response_sla_seconds": 45}, settings.policy_version(session)
        )
        people.add_user(session, admin, "hr2", "hr", password="first secret")
        people.set_password(session, admin, "hr2", "second secret")
    ended = datetime.now()
    with transaction(engine) as session:
        rows = trail(session)

    # append-only: the first rows are still there, column for column, and only new ones follow
    assert rows[: len(first)] == first
    # reopen, waiver, 2 targets, policy, user created, password set: 7 new rows
    assert len(rows) == len(first) + 7
    assert all(r["id"] > first[-1]["id"] for r in rows[len(first) :])

    # who, when, what, before, after, why
    row = one(rows, "import", str(import_id), "import")
    assert (row["actor"], row["at"]) == ("D1", T["import"])
    assert row["after"]["kind"] == "orders" and row["after"]["file"] == "extra.csv"
    # 2 rows in the file, 1 of them replaced an existing order (S2-3, S2's)
    assert (row["after"]["rows"], row["after"]["replaced"]) == (2, 1)
    assert row["after"]["others_changed"] == {"S2": 1}
    assert len(row["after"]["sha256"]) == 64
    row = one(rows, "import", str(import_id), "rollback")
    assert (row["actor"], row["at"]) == ("H1", T["rollback"])
    assert row["before"] == {"status": "applied", "rows": 2}
    assert row["after"] == {"status": "rolled_back", "restored": 1}

    key = "S2/2026-03"
    row = one(rows, "appraisal", key, "submit_self")
    assert (row["actor"], row["at"], row["reason"]) == ("S2", T["self"], None)
    assert (row["before"]["state"], row["before"]["self_overall"]) == ("open", None)
    assert (row["after"]["state"], row["after"]["self_overall"]) == ("self_submitted", "70")
    assert row["after"]["self_scores"] == {"collaboration": "65"}
    assert row["after"]["self_texts"] == {"achievements": "Spring deals"}
    row = one(rows, "appraisal", key, "submit_review")
    assert (row["actor"], row["at"]) == ("S1", T["review"])
    assert row["before"]["review_overall"] is None and row["after"]["review_overall"] == "80"
    assert row["after"]["review_comment"] == "Solid"
    row = one(rows, "appraisal", key, "calibrate")
    assert (row["actor"], row["at"], row["reason"]) == ("H1", T["calibrate"], "Covered a colleague")
    assert (row["before"]["calibration"], row["after"]["calibration"]) == ("0.00", "2")
    row = one(rows, "appraisal", key, "finalise")
    assert (row["actor"], row["at"]) == ("H1", T["finalise"])
    assert (row["before"]["state"], row["after"]["state"]) == ("reviewed", "finalised")
    assert row["after"]["result"]["grade"] in ("A", "B", "C", "D", "E")
    row = one(rows, "appraisal", key, "reopen")
    assert (row["actor"], row["at"], row["reason"]) == ("H1", T["reopen"], "Late refund reported")
    assert (row["before"]["state"], row["before"]["version"]) == ("finalised", 1)
    assert (row["after"]["state"], row["after"]["version"]) == ("reviewed", 2)
    row = one(rows, "appraisal", "O1/2026-03", "waive_self")
    assert (row["actor"], row["at"], row["reason"]) == ("H1", T["waive"], "Long sick leave")
    assert (row["before"]["self_waived"], row["after"]["self_waived"]) == (False, True)

    targets = [r for r in rows if r["entity"] == "target"]
    assert [(t["before"], t["after"]) for t in targets] == [
        (None, {"target": 12000}),
        ({"target": 12000.0}, {"target": 15000}),
    ]
    assert {t["entity_key"] for t in targets} == {"2026-03/net_sales/S2/"}
    row = one(rows, "policy", "policy", "update")
    assert (row["before"], row["after"]) == ({}, {"response_sla_seconds": 45})
    row = one(rows, "user", "hr2", "create")
    assert row["after"] == {"role": "hr", "employee_id": None}
    row = one(rows, "user", "hr2", "set_password")
    for row in rows[len(first) :]:
        if row["action"] not in ("reopen", "waive_self"):
            assert row["at"] >= started and row["at"] <= ended, row
        assert row["actor"] in ("H1", "D1", "A1")
    # the trail never holds a password or its hash
    with transaction(engine) as session:
        hashes = [h for h in session.scalars(select(User.password_hash)) if h]
    dumped = repr(rows)
    assert hashes and not any(h in dumped for h in hashes)
    assert "secret" not in dumped


def test_template_change_is_audited(engine: Engine) -> None:
    """The seeded defaults leave some targets and caps empty, as a real template does."""
    with transaction(engine) as session:
        settings.seed_default_templates(session)
    director = Actor("dana", "director", "D1")
    new = [
        {"kpi_id": "collaboration", "weight": 60, "method": "manual"},
        {"kpi_id": "attitude", "weight": 40, "method": "manual"},
    ]
    with transaction(engine) as session:
        settings.save_template(session, director, "hr", new)
    with transaction(engine) as session:
        row = one(trail(session), "template", "hr", "update")
    assert row["actor"] == "dana"
    before = {(i["kpi_id"], i["weight"]) for i in row["before"]["items"]}
    # the default hr template: training_completion 20, exam_score 20, collaboration 30, attitude 30
    assert before == {
        ("training_completion", 20.0),
        ("exam_score", 20.0),
        ("collaboration", 30.0),
        ("attitude", 30.0),
    }
    assert [(i["kpi_id"], i["weight"]) for i in row["after"]["items"]] == [
        ("collaboration", 60),
        ("attitude", 40),
    ]


def _finalised_row(engine: Engine) -> tuple[int, dict[str, Any]]:
    load(engine)
    with transaction(engine) as session:
        appraisals.self_assess(session, who(session, "S2"), MAR, 70, now=T["self"])
        appraisals.review(
            session, who(session, "S1"), "S2", MAR, 80, {"collaboration": 90}, now=T["review"]
        )
        appraisals.finalise(session, who(session, "H1"), MAR, "S2", now=T["finalise"])
    table = Appraisal.__table__
    with transaction(engine) as session:
        row = dict(session.execute(select(table).where(table.c.employee_id == "S2")).one()._mapping)
    assert row["state"] == "finalised" and row["version"] == 1
    return row["id"], row


def _reopen_and_read(engine: Engine, row_id: int) -> tuple[dict[str, Any], list[int]]:
    with transaction(engine) as session:
        appraisals.reopen(session, who(session, "H1"), "S2", MAR, "Late refund", now=T["reopen"])
    table = Appraisal.__table__
    with transaction(engine) as session:
        after = dict(session.execute(select(table).where(table.c.id == row_id)).one()._mapping)
        versions = list(
            session.scalars(
                select(table.c.version).where(table.c.employee_id == "S2").order_by(table.c.version)
            )
        )
    return after, versions


def test_reopening_keeps_the_finalised_content(engine: Engine) -> None:
    """Scores, texts, calibration, the frozen rules and the result snapshot stay as finalised."""
    row_id, before = _finalised_row(engine)
    after, versions = _reopen_and_read(engine, row_id)
    assert versions == [1, 2]
    assert after == before


def test_the_orm_refuses_to_edit_an_audit_row(engine: Engine) -> None:
    with transaction(engine) as session:
        audit.record(session, "H1", "policy", "policy", "update", {}, {"w_self": 10})
    with pytest.raises(Exception), transaction(engine) as session:  # noqa: B017 - any refusal
        entry = session.scalars(select(AuditEntry)).one()
        entry.actor = "someone else"
    with transaction(engine) as session:
        assert session.scalars(select(AuditEntry.actor)).one() == "H1"


def test_hr_filters_and_exports_the_trail(engine: Engine) -> None:
    load(engine)
    with transaction(engine) as session:
        hr = who(session, "H1")
        appraisals.self_assess(session, who(session, "S2"), MAR, 70, now=T["self"])
        appraisals.calibrate(session, hr, "S2", MAR, -1, "Late reports", now=T["calibrate"])
    with transaction(engine) as session:
        hr = who(session, "H1")
        by_hr = audit.audit_frame(session, hr, who="H1")
        s2 = audit.audit_frame(session, hr, entity="appraisal", key_contains="S2/")
        imported = audit.audit_frame(session, hr, entity="import")
    assert list(by_hr["action"]) == ["calibrate"] and list(by_hr["reason"]) == ["Late reports"]
    assert list(s2["action"]) == ["calibrate", "submit_self"]  # newest first
    assert list(imported["actor"]) == ["system"] * 4
    exported = s2.to_csv(index=False)
    assert exported.splitlines()[0] == "id,at,actor,entity,key,action,before,after,reason"
