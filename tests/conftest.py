"""Shared pytest setup: the repository root on sys.path so `core`, `data`, `dashboards` import,
and which tests must share a worker when the suite runs in parallel."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.hookimpl(tryfirst=True)  # before `-m` selects on the marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark `serial` what must not run beside itself: every test on the one PostgreSQL
    database (`TEST_DATABASE_URL`) and the browser tests (app servers and Chromium, timing
    what a person waits for). The README's command runs the rest on two workers first."""
    for item in items:
        path = Path(str(item.path)).as_posix()
        if "postgresql" in item.nodeid or "/tests/e2e/" in path:
            item.add_marker(pytest.mark.serial)
