"""Drafts are private until submitted, in the audit trail too (issue 13, SPEC §2): HR reads a
self-assessment or a review in the trail only from the moment it was submitted; a draft (and
the draft a submission replaced) stays hidden from everyone but its author.
"""

from __future__ import annotations

from datetime import datetime

import bcrypt
import pytest
from sqlalchemy import Engine

from core.periods import Period
from data.db import transaction
from data.services import appraisals, audit, people
from tests.data.test_permissions import load_department

MAR = Period(2026, 3)
T = {step: datetime(2026, 4, 1 + i, 10, 0) for i, step in enumerate(("self", "review", "submit"))}


@pytest.fixture(autouse=True)
def cheap_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    real = bcrypt.gensalt
    monkeypatch.setattr(bcrypt, "gensalt", lambda rounds=4, prefix=b"2b": real(4, prefix))


def _trail_as(engine: Engine, username: str) -> str:
    """Everything the audit page shows `username` of the appraisal rows, as one text."""
    with transaction(engine) as session:
        frame = audit.audit_frame(session, people.actor_for(session, username), "appraisal")
    return "\n".join(frame["before"].tolist() + frame["after"].tolist())


def _self(engine: Engine, username: str, score: int, text: str, submit: bool, at: str) -> None:
    with transaction(engine) as session:
        appraisals.self_assess(
            session,
            people.actor_for(session, username),
            MAR,
            score,
            texts={"achievements": text},
            submit=submit,
            now=T[at],
        )


def _review(engine: Engine, comment: str, submit: bool, at: str) -> None:
    with transaction(engine) as session:
        appraisals.review(
            session,
            people.actor_for(session, "S1"),
            "S2",
            MAR,
            75,
            comment=comment,
            submit=submit,
            now=T[at],
        )


def test_hr_reads_drafts_in_the_trail_only_once_submitted(engine: Engine) -> None:
    load_department(engine)
    _self(engine, "S2", 61, "secret draft", submit=False, at="self")
    _review(engine, "secret review draft", submit=False, at="review")
    trail = _trail_as(engine, "H1")
    assert "secret draft" not in trail and '"self_overall": "61"' not in trail
    assert "secret review draft" not in trail
    _self(engine, "S2", 70, "final words", submit=True, at="submit")
    trail = _trail_as(engine, "H1")
    assert "final words" in trail and '"self_overall": "70"' in trail, "submitted: HR may read it"
    assert "secret draft" not in trail, "the draft the submission replaced stays private"
    assert "secret review draft" not in trail, "the review is still a draft"


def test_the_author_reads_their_own_draft(engine: Engine) -> None:
    load_department(engine)
    _self(engine, "H1", 50, "my own draft", submit=False, at="self")
    _self(engine, "S2", 61, "secret draft", submit=False, at="review")
    trail = _trail_as(engine, "H1")
    assert "my own draft" in trail and "secret draft" not in trail
