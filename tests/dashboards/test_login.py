"""Sign-in through the app: passwords checked by the service (lockout included), logout that
forgets the session, and no start without a cookie key outside demo mode."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboards.conftest import APP, actor, texts


def _login(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="_login_user").input(username)
    at.text_input(key="_login_password").input(password)
    return at.button[0].click().run()


def test_demo_password_signs_in_with_the_saved_language(demo_db: Path) -> None:
    with sqlite3.connect(demo_db) as db:
        db.execute("UPDATE users SET lang = 'zh' WHERE username = 'cs'")
    at = AppTest.from_file(APP, default_timeout=60).run()
    _login(at, "cs", "demo")
    assert not at.exception
    assert at.session_state["actor"].role == "cs"
    assert at.session_state["lang"] == "zh"
    assert at.title[0].value.startswith("欢迎")


def test_wrong_password_then_lockout(demo_db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    for _ in range(5):
        _login(at, "sales", "wrong")
        assert "actor" not in at.session_state or at.session_state["actor"] is None
    assert "incorrect" in texts(at) or "locked" in texts(at)
    _login(at, "sales", "demo")  # the right password no longer helps while locked
    assert at.session_state["actor"] is None if "actor" in at.session_state else True
    assert "locked until" in texts(at)


def test_unknown_user_reads_like_a_wrong_password(demo_db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    _login(at, "nobody", "demo")
    unknown = [e.value for e in at.error]
    _login(at, "hr", "not-it")
    assert unknown == [e.value for e in at.error] == ["Username or password is incorrect."]


def test_overlong_password_is_refused_with_the_bcrypt_limit(demo_db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    _login(at, "hr", "x" * 80)
    assert "72 bytes" in texts(at)


def test_logout_forgets_the_session(open_as: Callable[..., AppTest]) -> None:
    at = open_as("hr", page="views/audit.py")
    at.session_state["hr_period"] = "2026-01"
    at.button(key="_logout").click().run()
    assert not at.exception
    assert at.session_state["actor"] is None if "actor" in at.session_state else True
    assert "hr_period" not in at.session_state
    assert at.session_state["logout"] is True
    assert [b.label for b in at.button] == ["Sign in"]


def test_refuses_to_start_without_cookie_key_outside_demo(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with sqlite3.connect(demo_db) as db:
        db.execute("""UPDATE settings SET value = '{"enabled": false}' WHERE key = 'demo_mode'""")
    monkeypatch.delenv("KPI_COOKIE_KEY", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "KPI_COOKIE_KEY" in texts(at)
    assert not at.text_input, "no login form without a signing key"


def test_a_session_expires_like_its_cookie(demo_db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["actor"] = actor(demo_db, "hr")
    at.session_state["_signed_in_at"] = time.time() - 2 * 86400
    at.switch_page("views/audit.py")
    at.run()
    assert [b.label for b in at.button] == ["Sign in"]
