"""Links and clicks that act on people, on one shared copy of the demo (the month computed
once for both): a to-do "Review <name>" opens Team review on that very person (it used to open
the page on whoever came first), and HR's one-click reminders say how many people they would
reach, post one robot message per person and step, and reach nobody twice a day.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from data.services.todo import appraisal_period
from tests.dashboards.conftest import actor, signed_in

SUPERVISOR = "ops"
HR = "views/hr.py"


def _open_reports(db: Path, supervisor: str) -> list[tuple[str, str]]:
    """(employee_id, name) of the supervisor's reports still waiting for a review."""
    lead = actor(db, supervisor)
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT a.employee_id, e.name FROM appraisals a JOIN employees e"
            " ON e.employee_id = a.employee_id WHERE a.period = ? AND a.state IN"
            " ('open', 'self_submitted') AND a.version = (SELECT max(version) FROM appraisals b"
            " WHERE b.employee_id = a.employee_id AND b.period = a.period)"
            " ORDER BY a.employee_id",
            (str(appraisal_period(date.today())),),
        ).fetchall()
    return [(e, n) for e, n in rows if e in lead.reports]


def test_todo_review_link_opens_that_person(shared_db: Path) -> None:
    reports = _open_reports(shared_db, SUPERVISOR)
    assert len(reports) >= 2, "the demo supervisor needs two reports to tell them apart"
    # The last one: the team review page would preselect the first one on its own.
    employee_id, name = reports[-1]
    at = signed_in(shared_db, SUPERVISOR)
    link = next(b for b in at.button if b.label.startswith(f"Review {name} for "))
    link.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="_review_person_widget").value == employee_id
    assert at.selectbox(key="_review_period_widget").value == str(appraisal_period(date.today()))


@pytest.fixture
def robot(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"errcode":0}')

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("KPI_WEBHOOK_URL", f"http://127.0.0.1:{server.server_address[1]}/")
    monkeypatch.setenv("KPI_WEBHOOK_KIND", "wecom")
    monkeypatch.delenv("KPI_SMTP_HOST", raising=False)
    yield received
    server.shutdown()
    server.server_close()


def test_remind_button_sends_once_a_day(robot, shared_db: Path) -> None:  # noqa: ANN001
    at = signed_in(shared_db, "hr", page=HR)
    button = next(b for b in at.button if b.label.startswith("Remind "))
    people = int(re.search(r"Remind (\d+) people", button.label).group(1))
    if people == 0:
        pytest.skip("no step of the demo month is due today")
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    sent = int(re.search(r"(\d+) reminders sent", at.success[-1].value).group(1))
    # One message per person and step: at least one per person, every one posted.
    assert sent == len(robot) >= people
    assert all(r["msgtype"] == "text" for r in robot)
    # Everyone due has been reached today: nobody left to remind until tomorrow.
    again = next(b for b in at.button if b.label.startswith("Remind "))
    assert again.label == "Remind 0 people of due steps" and again.disabled
    assert len(robot) == sent
