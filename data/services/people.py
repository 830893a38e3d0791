"""Employees, user accounts and the `Actor` a username acts as.

Passwords are bcrypt hashes; repeated failures lock an account for a while, and messages
never reveal whether a username exists.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

import bcrypt
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.catalogue import ROLES
from core.errors import PermissionDenied, ValidationError
from core.permissions import Actor, can, require, system_actor
from data.models import Employee, User
from data.records_store import load_frame
from data.services import audit
from data.versions import PEOPLE, bump

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
SYSTEM = system_actor()


@cache
def _dummy_hash() -> str:
    """Made on the first sign-in, not at import: a CLI write should not pay a bcrypt round."""
    return bcrypt.hashpw(b"no account has this password", bcrypt.gensalt()).decode("ascii")


def actor_for(session: Session, username: str) -> Actor:
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    if user is None:
        raise PermissionDenied("auth.unknown_user", user=username)
    reports: frozenset[str] = frozenset()
    if user.employee_id:
        reports = frozenset(
            session.scalars(
                select(Employee.employee_id).where(Employee.manager_id == user.employee_id)
            ).all()
        )
    return Actor(user.username, user.role, user.employee_id, reports)


def hash_password(password: str) -> str:
    if not password:
        raise ValidationError("auth.password_empty")
    if len(password.encode("utf-8")) > 72:
        raise ValidationError("auth.password_too_long")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def add_user(
    session: Session,
    actor: Actor,
    username: str,
    role: str,
    employee_id: str | None = None,
    password: str | None = None,
) -> User:
    require(actor, "manage_users")
    if role not in ROLES:
        raise ValidationError("users.unknown_role", role=role)
    if not username or len(username) > 64:
        raise ValidationError("users.bad_username", username=username)
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise ValidationError("users.exists", username=username)
    if employee_id and session.get(Employee, employee_id) is None:
        raise ValidationError("users.unknown_employee", employee_id=employee_id)
    user = User(
        username=username,
        role=role,
        employee_id=employee_id,
        password_hash=hash_password(password) if password else None,
        lang="en",
        active=True,
        failed_logins=0,
    )
    session.add(user)
    bump(session, PEOPLE)
    audit.record(
        session,
        actor.username,
        "user",
        username,
        "create",
        None,
        {"role": role, "employee_id": employee_id},
    )
    return user


def set_password(session: Session, actor: Actor, username: str, password: str) -> None:
    """Admins set anyone's password; everyone may change their own."""
    if actor.username != username:
        require(actor, "manage_users")
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise ValidationError("users.not_found", username=username)
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    # A new password (changed by the user or reset by an admin) ends every signed-in session.
    user.session_generation += 1
    audit.record(session, actor.username, "user", username, "set_password")


def set_role(session: Session, actor: Actor, username: str, role: str, active: bool = True) -> None:
    require(actor, "manage_users")
    if role not in ROLES:
        raise ValidationError("users.unknown_role", role=role)
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise ValidationError("users.not_found", username=username)
    before = {"role": user.role, "active": user.active}
    user.role, user.active = role, active
    bump(session, PEOPLE)
    audit.record(
        session,
        actor.username,
        "user",
        username,
        "update",
        before,
        {"role": role, "active": active},
    )


def set_language(session: Session, username: str, lang: str) -> None:
    user = session.scalar(select(User).where(User.username == username))
    if user is not None and lang in ("en", "zh"):
        user.lang = lang


def user_language(session: Session, username: str) -> str:
    return session.scalar(select(User.lang).where(User.username == username)) or "en"


def session_generation(session: Session, username: str) -> int | None:
    """The generation a sign-in cookie of this active account must carry; None: no account."""
    return session.scalar(
        select(User.session_generation).where(User.username == username, User.active.is_(True))
    )


def end_sessions(session: Session, username: str) -> None:
    """Logout: move the account to its next session generation, so every cookie issued
    before (in this browser or a copied one) no longer signs in."""
    user = session.scalar(select(User).where(User.username == username))
    if user is not None:
        user.session_generation += 1


def check_login(
    session: Session, username: str, password: str, now: datetime | None = None
) -> Actor:
    """Verify a password with lockout; every failure reads the same to the caller."""
    now = now or datetime.now()
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    if user is not None and user.locked_until and user.locked_until > now:
        raise PermissionDenied("auth.locked", until=user.locked_until.strftime("%H:%M"))
    stored = user.password_hash if user is not None and user.password_hash else _dummy_hash()
    # bcrypt runs for unknown users too, so response time does not reveal which accounts exist.
    matches = len(password.encode("utf-8")) <= 72 and bcrypt.checkpw(
        password.encode("utf-8"), stored.encode("ascii")
    )
    ok = matches and user is not None and user.password_hash is not None
    if not ok:
        if user is not None:
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until = now + LOCKOUT
                user.failed_logins = 0
                audit.record(session, username, "user", username, "locked", at=now)
            # The failure must count even though the caller's unit of work ends in an error.
            session.commit()
        raise PermissionDenied("auth.bad_credentials")
    user.failed_logins = 0
    user.locked_until = None
    return actor_for(session, username)


def users_frame(session: Session, actor: Actor) -> pd.DataFrame:
    require(actor, "manage_users")
    rows = session.scalars(select(User).order_by(User.username)).all()
    return pd.DataFrame(
        [
            {
                "username": u.username,
                "role": u.role,
                "employee_id": u.employee_id,
                "active": u.active,
                "has_password": u.password_hash is not None,
                "locked_until": u.locked_until,
            }
            for u in rows
        ],
        columns=["username", "role", "employee_id", "active", "has_password", "locked_until"],
    )


def credentials(session: Session) -> dict[str, dict]:
    """The dict streamlit-authenticator wants, built fresh from the database each run."""
    users = session.scalars(
        select(User).where(User.active.is_(True), User.password_hash.is_not(None))
    ).all()
    names = dict(session.execute(select(Employee.employee_id, Employee.name)).all())
    return {
        "usernames": {
            u.username: {
                "name": names.get(u.employee_id or "", u.username),
                "password": u.password_hash,
                "email": f"{u.username}@kpi.local",
                "roles": [u.role],
            }
            for u in users
        }
    }


def ensure_employee_accounts(session: Session, employee_ids: list[str]) -> int:
    """Imported employees get an account named after their id, without a password."""
    existing = set(session.scalars(select(User.username)).all())
    rows = session.execute(
        select(Employee.employee_id, Employee.role).where(Employee.employee_id.in_(employee_ids))
    ).all()
    added = 0
    for employee_id, role in rows:
        if employee_id not in existing:
            session.add(
                User(
                    username=employee_id,
                    role=role,
                    employee_id=employee_id,
                    lang="en",
                    active=True,
                    failed_logins=0,
                )
            )
            added += 1
    return added


def employees_frame(session: Session, actor: Actor) -> pd.DataFrame:
    """Employees the actor may see (own record, direct reports, or everyone for HR/director)."""
    frame = load_frame(session, "employees")
    if frame.empty:
        return frame
    visible = [
        actor.role == "admin" or can(actor, "view_scorecard", e) for e in frame["employee_id"]
    ]
    return frame[visible].reset_index(drop=True)
