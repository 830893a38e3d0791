"""Stored results (issue 14): a month is computed once per change of its inputs and stored
per (month, employee); an appraisal save rewrites its own person's row only; any other write
leaves the month behind its key until the next read computes it; `verify` compares the
store with a recompute from the raw records. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select

from core.permissions import system_actor
from data.db import transaction
from data.models import ResultMonth, ResultRow
from data.services import appraisals, people, results
from data.versions import month_key, versions
from tests.data.cli_helpers import run_cli
from tests.data.test_ledger import MAR, REFUND, _import
from tests.data.test_ledger import march as march  # noqa: F401 - the fixture

AT = datetime(2026, 4, 3, 9, 0)


def _payloads(engine: Engine) -> dict[str, str]:
    with transaction(engine) as session:
        rows = session.execute(
            select(ResultRow.employee_id, ResultRow.payload).where(ResultRow.period == "2026-03")
        )
        return dict(rows.all())


def _head(engine: Engine) -> tuple[str, datetime]:
    with transaction(engine) as session:
        head = session.get(ResultMonth, "2026-03")
        return head.inputs, head.computed_at


def _current_key(engine: Engine) -> str:
    with transaction(engine) as session:
        return ",".join(str(v) for v in month_key(versions(session), MAR))


def _row(engine: Engine, employee_id: str) -> dict:
    with transaction(engine) as session:
        frame = results.month(session, MAR, AT).appraisals
    return frame.set_index("employee_id").loc[employee_id].to_dict()


def test_a_calibration_rewrites_that_persons_row_and_nothing_else(march: Engine) -> None:  # noqa: F811
    _row(march, "Q1")  # the month is computed and stored
    payloads, (_, computed_at) = _payloads(march), _head(march)
    with transaction(march) as session:
        appraisals.calibrate(session, system_actor(), "Q1", MAR, "5", "export deal", now=AT)
    # Q1: net sales 800,000 ÷ 10,000 → capped 120; collaboration 80 → KPI (50×120 + 50×80)
    # ÷ 100 = 100; composite 0.6×100 + 0.3×90 + 0.1×85 = 95.5; +5 → 100.5 → A, 120 % of
    # 1,000 = 1,200.00.
    after = _payloads(march)
    q1 = json.loads(after["Q1"])["appraisals"]
    assert q1["final_score"] == [100.5]
    assert q1["grade"] == ["A"]
    assert q1["bonus_amount"] == [{"d": "1200.00"}]
    assert {e: p for e, p in after.items() if e != "Q1"} == {
        e: p for e, p in payloads.items() if e != "Q1"
    }
    inputs, computed = _head(march)
    assert computed == computed_at  # not recomputed whole ...
    assert inputs == _current_key(march)  # ... and current with the save's version
    row = _row(march, "Q1")
    assert (row["final_score"], row["grade"], row["bonus_amount"]) == (
        100.5,
        "A",
        Decimal("1200.00"),
    )
    with transaction(march) as session:
        assert results.verify(session, system_actor()) == []


def test_an_import_leaves_the_month_behind_until_the_next_read(march: Engine) -> None:  # noqa: F811
    _row(march, "S1")
    before = _head(march)[0]
    _import(march, "orders", REFUND, AT)
    assert _head(march)[0] == before != _current_key(march)  # stale, so never served
    # S1's March after a 60,000 refund: 290,000 → 100,000×1 % + 190,000×1.5 % = 3,850.
    with transaction(march) as session:
        statement = results.month(session, MAR, AT).statement
    s1 = statement.loc[(statement["employee_id"] == "S1") & (statement["kind"] == "tier")]
    assert s1["amount"].tolist() == [Decimal("3850.00")]
    assert _head(march)[0] == _current_key(march)
    with transaction(march) as session:
        assert results.verify(session, system_actor()) == []


@pytest.fixture
def cli_march(march: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:  # noqa: F811
    monkeypatch.setenv("DATABASE_URL", march.url.render_as_string(hide_password=False))
    monkeypatch.delenv("KPI_LANG", raising=False)
    _row(march, "Q1")
    return march


def test_verify_reports_a_stored_row_that_differs_from_the_records(
    cli_march: Engine,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run_cli(capsys, "verify", "--period", "2026-03", "--as", "H1")
    assert (code, out.strip()) == (
        0,
        "Stored results of 1 months match a recompute from the records.",
    )
    # Someone edits Q1's stored grade behind the engine's back: C instead of the computed A.
    with transaction(cli_march) as session:
        row = session.get(ResultRow, ("2026-03", "Q1"))
        payload = json.loads(row.payload)
        payload["appraisals"]["grade"] = ["C"]
        row.payload = json.dumps(payload)
    code, out, err = run_cli(capsys, "verify", "--as", "H1")
    assert code == 1
    assert out.startswith("2026-03 appraisals: ")
    assert "grade" in out
    assert "1 differences" in err
    # A seller may not read everyone's results, not even to check them.
    code, _, err = run_cli(capsys, "verify", "--as", "S1")
    assert code == 2 and err


def test_an_upgraded_database_gets_its_months_stored_by_init(
    cli_march: Engine,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with transaction(cli_march) as session:
        session.query(ResultRow).delete()
        session.query(ResultMonth).delete()
    code, out, _ = run_cli(capsys, "init")
    assert code == 0
    assert out.splitlines()[0] == "Storing the results of 2026-03 (1/1)…"
    with transaction(cli_march) as session:
        assert session.get(ResultMonth, "2026-03").inputs == ",".join(
            str(v) for v in month_key(versions(session), MAR)
        )
        assert results.verify(session, people.actor_for(session, "H1")) == []


def test_an_import_by_command_refreshes_the_stored_months_it_wrote(
    cli_march: Engine,
    capsys: pytest.CaptureFixture[str],
    tmp_path,  # noqa: ANN001
) -> None:
    path = tmp_path / "refund.csv"
    path.write_text(REFUND, encoding="utf-8")
    code, _, err = run_cli(capsys, "import", "orders", str(path))
    assert code == 0, err
    # Current right after the import, before anyone reads the month again: the uploader
    # waited for March's recompute, so the next visitor of March does not.
    assert _head(cli_march)[0] == _current_key(cli_march)
    with transaction(cli_march) as session:
        head = session.get(ResultMonth, "2026-03")
        s1 = json.loads(session.get(ResultRow, ("2026-03", "S1")).payload)["statement"]
    assert head.base == head.generation  # a whole-month write
    # S1's March after the 60,000 refund: 100,000×1 % + 190,000×1.5 % = 3,850.
    assert {"d": "3850.00"} in s1["amount"]
