"""Sign-in cookies (issue 13): a forged or malformed cookie reads as signed out, logout and a new
password revoke every cookie issued before, and the signing key must be long enough.

AppTest cannot send cookies, so the cookie check the app runs (`session_token.signed_in_user`)
is tested directly here; tests/e2e/test_sessions.py sends forged and replayed cookies through
a real browser.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import warnings
from collections.abc import Callable
from pathlib import Path

import bcrypt
import jwt
import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from dashboards import session_token
from dashboards.session_token import Claim
from data.db import transaction
from data.services import people
from tests.dashboards.conftest import APP, texts
from tests.data.conftest import db_url, engine  # noqa: F401 - SQLite and PostgreSQL

KEY = "k" * 32  # exactly the 32-byte minimum
NOW = 1_800_000_000.0
LATER = NOW + 3600  # the cookie's expiry: an hour after NOW


def _b64(part: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()


def _hs512(claims: dict) -> str:
    """Signed with the right key by HS512 (PyJWT warns that 32 bytes are short for it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jwt.warnings.InsecureKeyLengthWarning)
        return jwt.encode(claims, KEY, algorithm="HS512")


GOOD = {"username": "ann", "exp_date": LATER, "gen": 0}
FORGED = {
    # PyJWT refuses these only with errors streamlit-authenticator does not catch (today the
    # error page on every load): an unsigned token and one signed with another algorithm.
    "alg none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(GOOD)}.",
    "HS512": _hs512(GOOD),
    # Signed correctly but without the claims (today: KeyError on `exp_date`).
    "no exp_date": jwt.encode({"username": "ann", "gen": 0}, KEY, algorithm="HS256"),
    "no generation": jwt.encode({"username": "ann", "exp_date": LATER}, KEY, algorithm="HS256"),
    "exp_date as text": jwt.encode({**GOOD, "exp_date": "never"}, KEY, algorithm="HS256"),
    "no username": jwt.encode({"exp_date": LATER, "gen": 0}, KEY, algorithm="HS256"),
    "another key": jwt.encode(GOOD, "x" * 32, algorithm="HS256"),
    "expired": jwt.encode({**GOOD, "exp_date": NOW - 1}, KEY, algorithm="HS256"),
    "garbage": "not-a-token",
    "empty": "",
}


@pytest.fixture(autouse=True)
def cheap_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    real = bcrypt.gensalt
    monkeypatch.setattr(bcrypt, "gensalt", lambda rounds=4, prefix=b"2b": real(4, prefix))


@pytest.mark.parametrize("name", list(FORGED))
def test_a_forged_or_malformed_token_reads_as_signed_out(name: str) -> None:
    assert session_token.decode(FORGED[name], KEY, NOW) is None


def test_a_token_signed_with_the_key_reads_back() -> None:
    token = session_token.encode(Claim("ann", LATER, 3), KEY)
    assert session_token.decode(token, KEY, NOW) == Claim("ann", LATER, 3)
    assert session_token.decode(token, KEY, LATER) is None, "expired at its exp_date"


def _users(engine: Engine) -> None:  # noqa: F811
    with transaction(engine) as session:
        people.add_user(session, people.SYSTEM, "ann", "sales", password="first")
        people.add_user(session, people.SYSTEM, "root", "admin", password="admin")


def _check(engine: Engine, token: str) -> str | None:  # noqa: F811
    with transaction(engine) as session:
        claim = session_token.signed_in_user(session, token, KEY, NOW)
    return claim.username if claim else None


def _cookie(engine: Engine) -> str:  # noqa: F811
    """The cookie a sign-in issues now: the account's current generation."""
    with transaction(engine) as session:
        generation = people.session_generation(session, "ann")
    assert generation is not None
    return session_token.encode(Claim("ann", LATER, generation), KEY)


def test_logout_and_new_passwords_revoke_earlier_cookies(engine: Engine) -> None:  # noqa: F811
    _users(engine)
    first = _cookie(engine)
    assert _check(engine, first) == "ann"
    with transaction(engine) as session:
        people.end_sessions(session, "ann")  # logout
    assert _check(engine, first) is None, "a cookie replayed after logout"
    second = _cookie(engine)
    assert _check(engine, second) == "ann", "signing in again works"
    with transaction(engine) as session:
        people.set_password(session, people.actor_for(session, "root"), "ann", "reset")
    assert _check(engine, second) is None, "a cookie from before an admin's password reset"
    third = _cookie(engine)
    with transaction(engine) as session:
        people.set_password(session, people.actor_for(session, "ann"), "ann", "mine")
    assert _check(engine, third) is None, "a cookie from before the user's own change"
    with transaction(engine) as session:
        generation = people.session_generation(session, "ann")
    assert generation == 3  # 0 at creation, +1 logout, +1 reset, +1 own change
    fourth = _cookie(engine)
    with transaction(engine) as session:
        people.set_role(session, people.SYSTEM, "ann", "sales", active=False)
    assert _check(engine, fourth) is None, "a deactivated account"


def test_logout_in_the_app_ends_the_users_sessions(
    open_as: Callable[..., AppTest], demo_db: Path
) -> None:
    with sqlite3.connect(demo_db) as db:
        (before,) = db.execute(
            "SELECT session_generation FROM users WHERE username = 'hr'"
        ).fetchone()
    at = open_as("hr", page="views/audit.py")
    at.button(key="_logout").click().run()
    with sqlite3.connect(demo_db) as db:
        (after,) = db.execute(
            "SELECT session_generation FROM users WHERE username = 'hr'"
        ).fetchone()
    assert after == before + 1


def test_an_open_session_ends_when_an_admin_resets_the_password(
    open_as: Callable[..., AppTest], demo_db: Path
) -> None:
    at = open_as("sales", page="views/self_assessment.py")
    assert [b.label for b in at.button] != ["Sign in"]
    with sqlite3.connect(demo_db) as db:
        db.execute(
            "UPDATE users SET session_generation = session_generation + 1 WHERE username = 'sales'"
        )
    at.run()
    assert [b.label for b in at.button] == ["Sign in"]


@pytest.mark.parametrize(("key", "starts"), [("k" * 31, False), ("k" * 32, True)])
def test_the_cookie_key_must_have_32_bytes(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch, key: str, starts: bool
) -> None:
    monkeypatch.setenv("KPI_COOKIE_KEY", key)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert ("at least 32 bytes" in texts(at)) is not starts
    assert bool(at.text_input) is starts, "the login form only with a long enough key"
