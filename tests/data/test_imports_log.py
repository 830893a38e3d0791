"""The import log (who, when, file, sha256, rows), idempotent re-imports, and rollback: exact
restoration of replaced rows, refusal when a later import built on it, and never twice.
"""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from core.errors import StateError
from core.permissions import Actor
from data.cli import main
from data.db import transaction
from data.models import RECORD_MODELS, ImportLog, SupersededRow
from data.services import imports, settings
from tests.data.test_permissions import EMPLOYEES, csv_bytes

T1, T2, T3 = datetime(2026, 4, 1, 9, 0), datetime(2026, 4, 2, 9, 0), datetime(2026, 4, 3, 9, 0)
SYSTEM = Actor("system", "system")
OPS = Actor("O1", "ops", "O1", frozenset({"O2"}))  # an ops supervisor: orders' steward

# Per kind: a first file A, then a file B that replaces one of A's rows and adds one.
FILES: dict[str, tuple[str, str]] = {
    "orders": (
        "order_id,order_time,customer_id,paid_amount,refund_amount,employee_id,collected\n"
        "O1,2026-03-02 10:00,C1,3000,,S2,false\n"
        "O2,2026-03-05 11:00,C2,5000,5000,S2,true\n"
        "O3,2026-03-10 12:00,C1,4000.50,1000,S2,\n",
        "order_id,order_time,customer_id,paid_amount,refund_amount,employee_id,collected\n"
        "O1,2026-03-02 10:00,C1,2999.99,,S2,true\n"  # replaces O1, now collected
        "O4,2026-03-15 09:30,C3,2000,,S2,\n",
    ),
    "attendance": (
        "employee_id,date,late_minutes,absent_days\n"
        "S2,2026-03-03,10,\nS2,2026-03-04,,0.5\nS1,2026-03-03,5,\n",
        "employee_id,date,late_minutes,absent_days\nS2,2026-03-03,25,\nS1,2026-03-09,,1\n",
    ),
    "targets": (  # '' stands for "not given" inside the key: the blank-key path
        "period,kpi_id,target,employee_id,role\n"
        "2026-03,net_sales,10000,,sales\n2026-03,net_sales,12000,S2,\n",
        "period,kpi_id,target,employee_id,role\n"
        "2026-03,net_sales,11000,,sales\n2026-03,orders,40,S2,\n",
    ),
    "templates": (  # a templates upload replaces the whole template of each role it lists
        "role,kpi_id,weight,target,method\ncs,collaboration,60,,manual\ncs,attitude,40,,manual\n",
        "role,kpi_id,weight,target,method\ncs,csat,100,0.9,linear\n",
    ),
}


def table(engine: Engine, kind: str) -> list[tuple[Any, ...]]:
    model = RECORD_MODELS[kind].__table__
    with engine.connect() as connection:
        return sorted((tuple(r) for r in connection.execute(select(model))), key=repr)


def counts(engine: Engine) -> dict[str, int]:
    with transaction(engine) as session:
        return {
            kind: session.scalar(select(func.count()).select_from(model)) or 0
            for kind, model in RECORD_MODELS.items()
        }


def upload(engine: Engine, kind: str, content: str, now: datetime, name: str = "") -> int:
    with transaction(engine) as session:
        outcome = imports.import_file(
            session, SYSTEM, kind, name or f"{kind}.csv", content.encode(), now=now
        )
        assert outcome.written, outcome.errors
        assert outcome.import_id is not None
        return outcome.import_id


@pytest.fixture
def people_loaded(engine: Engine) -> Engine:
    with transaction(engine) as session:
        settings.seed_default_templates(session)
        imports.import_file(session, SYSTEM, "employees", "e.csv", csv_bytes(EMPLOYEES), now=T1)
    return engine


def test_the_log_says_who_when_which_file_and_rows(
    people_loaded: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    db_url: str,
) -> None:
    content = FILES["orders"][0].encode()
    with transaction(people_loaded) as session:
        outcome = imports.import_file(session, OPS, "orders", "March orders.csv", content, now=T2)
    with transaction(people_loaded) as session:
        log = session.get(ImportLog, outcome.import_id)
        assert log is not None
        assert (log.kind, log.filename, log.rows, log.actor, log.at, log.status) == (
            "orders",
            "March orders.csv",
            3,
            "O1",
            T2,
            "applied",
        )
        assert log.sha256 == hashlib.sha256(content).hexdigest()
    monkeypatch.setenv("DATABASE_URL", db_url)
    capsys.readouterr()
    assert main(["imports", "list"]) == 0
    listed = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    row = next(r for r in listed if r["id"] == str(outcome.import_id))
    assert (row["kind"], row["file"], row["rows"], row["by"], row["status"]) == (
        "orders",
        "March orders.csv",
        "3",
        "O1",
        "applied",
    )
    assert row["sha256"] == hashlib.sha256(content).hexdigest()


def test_re_importing_is_idempotent(people_loaded: Engine) -> None:
    first, second = FILES["orders"]
    upload(people_loaded, "orders", first, T1)
    once = counts(people_loaded)
    upload(people_loaded, "orders", first, T2)
    assert counts(people_loaded) == once  # the same file again: nothing doubles
    upload(people_loaded, "orders", second, T3)
    after = {r[0]: r for r in table(people_loaded, "orders")}
    # O1 replaced (3000 → 2999.99), O4 added: 3 + 1 = 4 orders, not 5
    assert counts(people_loaded)["orders"] == 4
    assert sorted(after) == ["O1", "O2", "O3", "O4"]
    with transaction(people_loaded) as session:
        logs = session.scalars(select(ImportLog.rows).where(ImportLog.kind == "orders")).all()
    assert logs == [3, 3, 2]


@pytest.mark.parametrize("kind", list(FILES))
def test_rollback_restores_exactly_and_only_once(people_loaded: Engine, kind: str) -> None:
    first, second = FILES[kind]
    before_a = table(people_loaded, kind)
    a = upload(people_loaded, kind, first, T1)
    after_a = table(people_loaded, kind)
    b = upload(people_loaded, kind, second, T2)
    assert table(people_loaded, kind) != after_a

    # B's rollback removes what B added and puts back, column for column, what B replaced
    with transaction(people_loaded) as session:
        imports.rollback(session, SYSTEM, b, now=T3)
    assert table(people_loaded, kind) == after_a
    with pytest.raises(StateError) as caught, transaction(people_loaded) as session:
        imports.rollback(session, SYSTEM, b, now=T3)
    assert caught.value.key == "import.rollback_twice"
    assert str(caught.value) == f"Import #{b} was already rolled back."
    assert table(people_loaded, kind) == after_a

    # then A, and the table is as it was before A (for templates: the shipped defaults)
    with transaction(people_loaded) as session:
        imports.rollback(session, SYSTEM, a, now=T3)
        statuses = session.scalars(select(ImportLog.status).where(ImportLog.id.in_([a, b]))).all()
        left = session.scalar(select(func.count()).select_from(SupersededRow)) or 0
    assert table(people_loaded, kind) == before_a
    assert statuses == ["rolled_back", "rolled_back"]
    assert left == 0


@pytest.mark.parametrize(
    "kind",
    list(FILES),
)
def test_rollback_is_refused_when_a_later_import_replaced_its_rows(
    people_loaded: Engine, kind: str
) -> None:
    first, second = FILES[kind]
    a = upload(people_loaded, kind, first, T1)
    upload(people_loaded, kind, second, T2)
    replaced = table(people_loaded, kind)
    with pytest.raises(StateError) as caught, transaction(people_loaded) as session:
        imports.rollback(session, SYSTEM, a, now=T3)
    assert caught.value.key == "import.rollback_superseded"
    assert str(caught.value) == (
        f"Import #{a} cannot be rolled back: a later import replaced some of its rows. "
        "Roll that one back first."
    )
    assert table(people_loaded, kind) == replaced
