"""First start: an empty database gets the demo only when no production database is
configured (or the demo is asked for); otherwise the app says how to begin."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from dashboards import startup
from tests.dashboards.conftest import APP, clear_caches, texts


@pytest.fixture
def empty_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "empty.sqlite"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.delenv("KPI_COOKIE_KEY", raising=False)
    clear_caches()
    yield path
    clear_caches()


def test_empty_production_database_explains_how_to_start(empty_db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "The database is empty" in texts(at)
    assert not at.text_input, "no sign-in form and no default passwords"


def test_demo_is_loaded_into_an_empty_database_when_allowed(
    empty_db: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[float] = []

    def fake_load(engine: Engine, today: date, progress) -> dict[str, int]:  # noqa: ANN001
        progress(0.5, "orders")
        calls.append(0.5)
        engine.dispose()
        with sqlite3.connect(demo_template) as source, sqlite3.connect(empty_db) as target:
            source.backup(target)
        return {}

    monkeypatch.setenv(startup.DEMO_ENV, "1")
    monkeypatch.setattr(startup, "load_demo", fake_load)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert calls == [0.5]
    assert "Demo data" in texts(at), "the demo banner and accounts are on the sign-in page"
    assert [b.label for b in at.button] == ["Sign in"]
    assert "KPI_COOKIE_KEY" not in texts(at), "demo mode runs with a random per-process key"
