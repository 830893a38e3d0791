"""HR's one-click reminders: the button says how many people would be reminded, one click
posts one robot message per person and step to the group webhook, and says how many went."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

HR = "views/hr.py"


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


def test_remind_button_sends_once_a_day(robot, open_as: Callable[..., AppTest]) -> None:  # noqa: ANN001
    at = open_as("hr", page=HR)
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
