"""Every shell page renders without an exception for every role that may open it, in both
languages, and roles that may not open a page cannot reach it at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboards import navigation as nav
from data.db import make_engine, transaction
from data.services.todo import is_appraised
from tests.dashboards.conftest import actor, signed_in, texts

SHELL = [nav.HOME, nav.SELF, nav.REVIEW, nav.UPLOAD, nav.HR, nav.AUDIT, nav.ADMIN]
# One account per role, plus a plain staff member without reports (E05, operations).
USERS = ["director", "hr", "admin", "ops", "cs", "designer", "sales", "E05"]


def _allowed(db: Path, username: str) -> set[str]:
    who = actor(db, username)
    engine = make_engine(f"sqlite:///{db}")
    with transaction(engine) as session:
        appraised = is_appraised(session, who.employee_id)
    engine.dispose()
    return {p.path for pages in nav.pages_for(who, appraised=appraised).values() for p in pages}


@pytest.mark.parametrize("username", USERS)
def test_each_allowed_page_renders_and_others_are_unreachable(
    shared_db: Path, username: str
) -> None:
    allowed = _allowed(shared_db, username)
    at = signed_in(shared_db, username)
    assert not at.exception, at.exception
    # the director lands on the department (SPEC §10), everyone else on Home
    landing = "Department overview" if username == "director" else "Welcome"
    assert at.title[0].value.startswith(landing)
    for spec in SHELL:
        if spec.path in allowed:
            at.switch_page(spec.path).run()
            assert not at.exception, (username, spec.path, [e.value for e in at.exception])
            assert at.title, (username, spec.path)
        else:
            with pytest.raises(ValueError):
                at.switch_page(spec.path)


@pytest.mark.parametrize("username", ["hr", "sales"])
def test_pages_render_in_chinese(shared_db: Path, username: str) -> None:
    allowed = _allowed(shared_db, username)
    at = signed_in(shared_db, username, lang="zh")
    assert at.title[0].value.startswith("欢迎")
    for spec in SHELL:
        if spec.path in allowed:
            at.switch_page(spec.path).run()
            assert not at.exception, (username, spec.path)
            assert "ui." not in texts(at), "an untranslated message key is on screen"


def test_signed_out_visitors_see_only_the_demo_login(shared_db: Path) -> None:
    at = signed_in(shared_db, None)
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert "Demo data" in texts(at)
    accounts = at.dataframe[0].value
    assert set(accounts.iloc[:, 0]) == {"director", "ops", "cs", "designer", "sales", "hr", "admin"}
    for spec in SHELL:
        with pytest.raises(ValueError):
            at.switch_page(spec.path)


def test_home_shows_live_scorecard_with_projection(shared_db: Path) -> None:
    at = signed_in(shared_db, "sales")
    shown = texts(at)
    assert "to-do list" in shown
    assert "Projected month-end" in shown  # SPEC §10: the card paces sums and counts
    assert any(m.value.startswith("¥") for m in at.metric), "money is formatted with ¥"
