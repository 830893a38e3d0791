"""Administration through the app: add a user and give them a password they can sign in
with, change a policy setting (audited, validated), and the backup download."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from data.db import make_engine, transaction
from data.services.audit import audit_frame
from data.services.people import check_login
from data.services.settings import current_policy
from tests.dashboards.conftest import actor, texts

ADMIN_PAGE = "views/admin.py"


def _click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click()
    return at.run()


def test_add_user_set_password_and_sign_in(demo_db: Path, open_as: Callable[..., AppTest]) -> None:
    at = open_as("admin", page=ADMIN_PAGE)
    at.text_input(key="_admin_new_user").input("newbie")
    at.selectbox(key="_admin_new_role").set_value("cs")
    at.selectbox(key="_admin_new_employee").set_value("E09")
    _click(at, "Add user")
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key="_admin_pw_user").set_value("newbie")
    at.text_input(key="_admin_pw_1").input("s3cret-pass")
    at.text_input(key="_admin_pw_2").input("s3cret-pass")
    _click(at, "Save password")
    assert not at.exception
    engine = make_engine(f"sqlite:///{demo_db}")
    with transaction(engine) as session:
        signed = check_login(session, "newbie", "s3cret-pass")
    engine.dispose()
    assert (signed.role, signed.employee_id) == ("cs", "E09")


def test_mismatched_passwords_are_not_saved(open_as: Callable[..., AppTest]) -> None:
    at = open_as("admin", page=ADMIN_PAGE)
    at.text_input(key="_admin_pw_1").input("one-password")
    at.text_input(key="_admin_pw_2").input("another-one")
    _click(at, "Save password")
    assert "The two passwords differ." in texts(at)


def test_policy_change_is_saved_and_audited(demo_db: Path, open_as: Callable[..., AppTest]) -> None:
    at = open_as("admin", page=ADMIN_PAGE)
    at.number_input(key="_ui.admin.self_day").set_value(6)
    _click(at, "Save policy")
    assert not at.exception, [e.value for e in at.exception]
    engine = make_engine(f"sqlite:///{demo_db}")
    with transaction(engine) as session:
        assert current_policy(session).self_deadline_day == 6
        trail = audit_frame(session, actor(demo_db, "admin"), entity="policy")
    engine.dispose()
    assert len(trail) == 1


def test_invalid_policy_is_refused_with_a_message(
    demo_db: Path, open_as: Callable[..., AppTest]
) -> None:
    at = open_as("admin", page=ADMIN_PAGE)
    at.number_input(key="_ui.admin.w_self").set_value(30)  # 60 + 30 + 30 ≠ 100
    _click(at, "Save policy")
    assert not at.exception
    assert at.error, "the weights error is shown"
    engine = make_engine(f"sqlite:///{demo_db}")
    with transaction(engine) as session:
        assert current_policy(session).weight_self == 10


def test_backup_download_is_offered(open_as: Callable[..., AppTest]) -> None:
    at = open_as("admin", page=ADMIN_PAGE)
    assert "Download a database backup" in [b.label for b in at.get("download_button")]
