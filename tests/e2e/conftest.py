"""Browser fixtures: a real `streamlit run dashboards/app.py` on a free port over a fresh copy of
the cached demo database, one server per test module, driven by Debian's Chromium.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext

from tests.dashboards.conftest import demo_template  # noqa: F401 - the demo DB, built once
from tests.e2e.ui import (
    CHROMIUM,
    FAILURES,
    HEIGHT,
    OPEN_CONTEXTS,
    WIDTH,
    App,
    capture_failure,
    instrument,
)

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
COOKIE_KEY = "e2e-cookie-signing-key-that-is-long-enough-for-hs256"
STARTUP_SECONDS = 60
# Chromium in a container: no sandbox (no user namespaces), no GPU, nothing phoning home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without Debian's Chromium (no browser can be downloaded here) the package is skipped."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
    )
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A 1366-pixel laptop screen, an English browser, downloads kept for the test."""
    return {
        **browser_context_args,
        "viewport": {"width": WIDTH, "height": HEIGHT},
        "locale": "en-US",
        "accept_downloads": True,
    }


FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture(scope="session", autouse=True)
def _no_stale_failure_pictures() -> None:
    shutil.rmtree(FAILURES, ignore_errors=True)


@pytest.fixture(autouse=True)
def _failure_artifacts(
    request: pytest.FixtureRequest, new_context: Callable[..., BrowserContext]
) -> Iterator[None]:
    """A failed test leaves pictures of its windows and the server's log tail behind (set up
    after pytest-playwright's contexts, so torn down while they are still open)."""
    OPEN_CONTEXTS.clear()
    yield
    if request.node.stash.get(FAILED, False):
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for path in capture_failure(name):
            print(f"screenshot of a window: {path}")
        for value in request.node.funcargs.values():
            for server in value if isinstance(value, tuple) else (value,):
                if isinstance(server, App):
                    print(f"server log ({server.log}):\n{server.log.read_text()[-4000:]}")
    OPEN_CONTEXTS.clear()


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    """pytest-playwright's context, with the request tracking `ui.wait_idle` relies on."""
    return instrument(new_context())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextmanager
def running_app(db: Path | str, log: Path) -> Iterator[App]:
    """`streamlit run` as a user starts it, on `db` (a SQLite file or a database URL);
    stopped (the whole process group) after."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = App(url=url, db=db, log=log)
    env = {
        **os.environ,
        "DATABASE_URL": server.database_url,
        "KPI_COOKIE_KEY": COOKIE_KEY,
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("KPI_LANG", None)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboards/app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        # Others may edit the sources while the suite runs: never hot-reload mid-test.
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)  # polling the health endpoint, not waiting for the UI
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="module")
def app(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:  # noqa: F811
    """One server per test module on its own copy of the demo database (modules that write
    never see each other's changes; tests inside a module run in order and share it)."""
    folder = tmp_path_factory.mktemp("e2e")
    db = folder / "kpi.sqlite"
    shutil.copy(demo_template, db)
    with running_app(db, folder / "streamlit.log") as server:
        yield server
