"""The sign-in cookie's token: an HS256 JWT naming the user, its expiry and the user's session
generation. Anything else a browser sends (another algorithm, a missing claim, garbage) is
"signed out", never an error page.
"""

from __future__ import annotations

from dataclasses import dataclass

import jwt
from sqlalchemy.orm import Session

from data.services import people

ALGORITHM = "HS256"
MIN_KEY_BYTES = 32  # HS256's own block of security: a shorter key is guessable offline


@dataclass(frozen=True)
class Claim:
    """What a valid token says: who, until when (Unix seconds), issued in which generation."""

    username: str
    expires: float
    generation: int


def key_too_short(key: str) -> bool:
    return len(key.encode("utf-8")) < MIN_KEY_BYTES


def encode(claim: Claim, key: str) -> str:
    """`username` and `exp_date` as streamlit-authenticator names them, plus `gen`."""
    payload = {"username": claim.username, "exp_date": claim.expires, "gen": claim.generation}
    return jwt.encode(payload, key, algorithm=ALGORITHM)


def decode(token: str | None, key: str, now: float) -> Claim | None:
    """The claim of a token signed with `key` by HS256 and not expired at `now`; else None.

    PyJWT rejects `alg: none` and other algorithms only with errors the authenticator does
    not catch, and a token without `exp_date` made it raise KeyError; both showed the error
    page on every load until the cookie was cleared.
    """
    if not isinstance(token, str) or not token:
        return None
    try:
        payload = jwt.decode(token, key, algorithms=[ALGORITHM])
    except jwt.PyJWTError:
        return None
    username = payload.get("username")
    expires = payload.get("exp_date")
    generation = payload.get("gen")
    valid = (
        isinstance(username, str)
        and username != ""
        and isinstance(expires, int | float)
        and not isinstance(expires, bool)
        and isinstance(generation, int)
        and not isinstance(generation, bool)
    )
    if not valid or expires <= now:
        return None
    return Claim(username, float(expires), generation)


def signed_in_user(session: Session, token: str | None, key: str, now: float) -> Claim | None:
    """The claim of a cookie that signs in, checked against the database: the account is
    active and still in the generation the cookie was issued in (no logout or new password
    since)."""
    claim = decode(token, key, now)
    if claim is None:
        return None
    current = people.session_generation(session, claim.username)
    return claim if current is not None and current == claim.generation else None
