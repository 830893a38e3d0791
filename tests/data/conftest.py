"""Database fixtures: a fresh SQLite file per test, and the same tests on PostgreSQL when
`TEST_DATABASE_URL` is set (CI sets it), migrated to head by Alembic as in production.
"""

from __future__ import annotations

import functools
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from data.db import make_engine
from data.migrate import upgrade

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def reset_postgres(url: str) -> Engine:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    return engine


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kpi.sqlite'}"
    url = os.environ["TEST_DATABASE_URL"]
    reset_postgres(url).dispose()
    return url


def settle_sqlite(path: Path) -> None:
    """Fold a SQLite file's write-ahead log into it, so the file alone holds everything."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")


@functools.cache
def migrated_sqlite() -> Path:
    """A SQLite file Alembic migrated to head, once per test process: each test starts from a
    copy of what the migrations produce instead of running all of them again."""
    path = Path(tempfile.mkdtemp(prefix="kpi-migrated-")) / "kpi.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    settle_sqlite(path)
    return path


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    if db_url.startswith("sqlite"):
        shutil.copy(migrated_sqlite(), db_url.removeprefix("sqlite:///"))
        engine = make_engine(db_url)
    else:
        engine = make_engine(db_url)
        upgrade(engine)
    yield engine
    engine.dispose()
