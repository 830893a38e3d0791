"""Reminders end to end (SPEC §11): a real SMTP server (aiosmtpd) and a local HTTP webhook
receiver get the messages; one per person, step and day; a failed send is recorded and retried.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import date, datetime
from email import message_from_bytes
from email import policy as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine, select

from core.errors import PermissionDenied
from core.periods import Period
from data.cli import main
from data.db import transaction
from data.models import Reminder
from data.services import appraisals, imports, people, settings
from data.services.people import SYSTEM
from data.services.reminders import (
    reached_today,
    reminder_log,
    save_webhook,
    send_reminders,
)

MARCH = Period(2026, 3)
# 2026-04-06: the self-assessment deadline (04-05) has passed; reviews are due 04-08, 2 days on.
MONDAY = datetime(2026, 4, 6, 9, 0)
EMPLOYEES = (
    "employee_id,name,role,team,manager_id,email,hire_date\n"
    "E1,Dana Director,director,E-com,,dana@example.com,2020-01-01\n"
    "E2,Hana HR,hr,HR,E1,hana@example.com,2020-01-01\n"
    "E3,Sam Lead,sales,Sales,E1,sam@example.com,2020-01-01\n"
    "E4,王芳,sales,Sales,E3,wangfang@example.com,2020-01-01\n"
    "E5,Sue Seller,sales,Sales,E3,sue@example.com,2020-01-01\n"
)


class Inbox:
    """aiosmtpd handler: keeps every delivered message; refuses the addresses in `refuse`."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Any]] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201, N802
        if address in self.refuse:
            return "550 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        self.messages.append(
            (
                list(envelope.rcpt_tos),
                message_from_bytes(envelope.content, policy=email_policy.default),
            )
        )
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def robot() -> Iterator[tuple[list[dict[str, Any]], dict[str, int], str]]:
    """A webhook receiver: records every JSON body, answers with `status["code"]`."""
    received: list[dict[str, Any]] = []
    status = {"code": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append(json.loads(body.decode("utf-8")))
            self.send_response(status["code"])
            self.end_headers()
            self.wfile.write(b'{"errcode":0,"errmsg":"ok"}')

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield received, status, f"http://127.0.0.1:{server.server_address[1]}/hook?key=secret"
    server.shutdown()
    server.server_close()


@pytest.fixture
def month(engine: Engine) -> Engine:
    """Five people, March opened; E5 has submitted her self-assessment; 王芳 reads Chinese."""
    with transaction(engine) as session:
        settings.seed_default_templates(session)
        imports.import_file(session, SYSTEM, "employees", "e.csv", EMPLOYEES.encode())
        appraisals.open_period(session, MARCH, now=MONDAY)
        people.set_language(session, "E4", "zh")
        people.add_user(session, SYSTEM, "root", "admin")
    with transaction(engine) as session:
        sue = people.actor_for(session, "E5")
        appraisals.self_assess(session, sue, MARCH, 80, _manual_items(session), now=MONDAY)
    return engine


def _manual_items(session) -> dict[str, int]:  # noqa: ANN001
    view = appraisals.get_appraisal(session, "E5", MARCH)
    return {k: 80 for k, v in view.rules.get("items", {}).items() if v.get("method") == "manual"}


def _env(port: int | None = None) -> dict[str, str]:
    if port is None:
        return {}
    return {"KPI_SMTP_HOST": "127.0.0.1", "KPI_SMTP_PORT": str(port), "KPI_SMTP_FROM": "kpi@x.cn"}


def _send(engine: Engine, env: dict[str, str], now: datetime = MONDAY) -> list:  # noqa: ANN001
    with transaction(engine) as session:
        return send_reminders(session, people.actor_for(session, "E2"), MARCH, now, env=env)


def _mail(inbox: Inbox) -> dict[str, tuple[str, str]]:
    """recipient → (subject, body) of what arrived."""
    out = {}
    for recipients, message in inbox.messages:
        out[recipients[0]] = (str(message["Subject"]), message.get_content().strip())
    return out


def test_email_and_wecom_once_per_person_step_and_day(month, smtp, robot) -> None:  # noqa: ANN001
    inbox, port = smtp
    received, _, url = robot
    with transaction(month) as session:
        with pytest.raises(PermissionDenied):  # the robot is the admin's setting, not HR's
            save_webhook(session, people.actor_for(session, "E2"), url, "wecom")
        save_webhook(session, people.actor_for(session, "root"), url, "wecom")
    with transaction(month) as session, pytest.raises(PermissionDenied):  # HR's, not staff's
        send_reminders(session, people.actor_for(session, "E3"), MARCH, MONDAY, env={})
    outcomes = _send(month, _env(port))
    # Due on 04-06: self-assessments overdue for E2, E3, E4 (E5 submitted, E1 is not
    # appraised); reviews (due 04-08, 2 days away) to E1 for E2+E3 and to E3 for E4+E5.
    # 5 reminders × 2 channels = 10 sends.
    assert len(outcomes) == 10 and {o.status for o in outcomes} == {"sent"}
    mail = _mail(inbox)
    assert sorted(mail) == [
        "dana@example.com",
        "hana@example.com",
        "sam@example.com",
        "wangfang@example.com",
    ]
    assert len(inbox.messages) == 5  # sam gets two: his own self-assessment and his reviews
    # Dates as each language writes them (CLDR's medium date: en_US, zh_Hans_CN).
    assert mail["dana@example.com"] == (
        "KPI Suite: reviews for 2026-03 are due Apr 8, 2026",
        "Dana Director: please review Hana HR, Sam Lead for 2026-03 by Apr 8, 2026.",
    )
    assert (
        mail["wangfang@example.com"][1] == "王芳：请在 2026年4月5日 前提交 2026-03 的自评。已逾期。"
    )
    texts = sorted(r["text"]["content"] for r in received)
    assert all(r["msgtype"] == "text" for r in received) and len(received) == 5
    assert "Sam Lead: please review 王芳, Sue Seller for 2026-03 by Apr 8, 2026." in texts
    # The same day again: nothing new on either channel.
    assert _send(month, _env(port)) == []
    assert len(inbox.messages) == 5 and len(received) == 5
    # The next day the overdue steps are reminded again (one more round of 5 + 5).
    assert len(_send(month, _env(port), datetime(2026, 4, 7, 9, 0))) == 10


def test_failed_sends_are_recorded_shown_and_retried(month, smtp, robot) -> None:  # noqa: ANN001
    inbox, port = smtp
    received, status, url = robot
    env = {**_env(port), "KPI_WEBHOOK_URL": url, "KPI_WEBHOOK_KIND": "feishu"}
    inbox.refuse = {"sam@example.com"}
    status["code"] = 500
    first = _send(month, env)
    failed = sorted((o.due.recipient_id, o.due.step, o.channel) for o in first if o.error)
    # Sam's two e-mails are refused (550) and all five Feishu posts get HTTP 500.
    assert failed == sorted(
        [("E3", "self_assessment", "email"), ("E3", "review", "email")]
        + [(e, s, "webhook") for e, s in _DUE]
    )
    assert len(inbox.messages) == 3
    with transaction(month) as session:
        log = reminder_log(session, people.actor_for(session, "E2"), MARCH)
    assert (log["status"] == "failed").sum() == 7 and log["error"].str.len().min() > 0
    with transaction(month) as session:
        # Every robot post failed, so nobody counts as reached today.
        assert reached_today(session, MARCH, MONDAY.date()) == set()
    # The next run: the receivers work again; only the 7 failures are sent, each 2nd attempt.
    inbox.refuse, status["code"] = set(), 200
    second = _send(month, env)
    assert sorted((o.due.recipient_id, o.due.step, o.channel) for o in second) == failed
    assert {o.status for o in second} == {"sent"}
    assert len(inbox.messages) == 5 and len(received) == 10  # 5 refused + 5 delivered posts
    # Feishu's text message shape (WeCom and DingTalk share the other one).
    assert all(r["msg_type"] == "text" and set(r["content"]) == {"text"} for r in received)
    with transaction(month) as session:
        rows = session.scalars(select(Reminder)).all()
    assert len(rows) == 10 and sorted(r.attempts for r in rows) == [1] * 3 + [2] * 7
    with transaction(month) as session:
        assert reached_today(session, MARCH, MONDAY.date()) == set(_DUE)


_DUE = [
    ("E1", "review"),
    ("E2", "self_assessment"),
    ("E3", "review"),
    ("E3", "self_assessment"),
    ("E4", "self_assessment"),
]


def test_remind_command_prints_one_line_per_message(month, smtp, capsys, monkeypatch) -> None:  # noqa: ANN001
    inbox, port = smtp
    for key, value in _env(port).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("DATABASE_URL", str(month.url.render_as_string(hide_password=False)))
    period = Period.of(date.today()).previous()
    with transaction(month) as session:
        # Self-assessments of last month due today: due day = today's day (capped at 28).
        settings.save_policy(session, SYSTEM, {"self_deadline_day": min(date.today().day, 28)}, 0)
        appraisals.open_period(session, period)
    assert main(["remind", "--period", str(period), "--as", "E2"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    # E2, E3, E4 and E5 have an open self-assessment of `period`: one e-mail each (reviews,
    # due on day 8, join in when today is within 2 days of it): one line per e-mail.
    assert len(lines) == len(inbox.messages)
    assert sum("self-assessment" in line for line in lines) == 4
    assert all(line.startswith("sent email to ") for line in lines)
    assert main(["remind", "--period", str(period), "--as", "E2"]) == 0
    assert capsys.readouterr().out.strip() == f"Nothing to send for {period} today."
