"""An import killed with SIGKILL half-way through its write leaves the SQLite database exactly
as it was, and the database opens and works afterwards.
"""

from __future__ import annotations

import gc
import os
import signal
import sqlite3
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from data.cli import main
from tests.data.test_permissions import EMPLOYEES, ORDERS, STORES, write_csv

ROOT = Path(__file__).resolve().parents[2]
BIG_ROWS = 200_000
STARTED = 256 * 1024  # WAL bytes that only the big insert's spilled pages reach


def big_orders(path: Path) -> Path:
    """200,000 orders for S2; the first six re-use existing order ids, so rows get replaced."""
    head = "order_id,order_time,customer_id,paid_amount,employee_id\n"
    replaced = [f"{row[0]},{row[1]},{row[2]},1,{row[4]}" for row in ORDERS[1:]]
    fresh = [
        f"B{i:07d},2026-03-{1 + i % 28:02d} {8 + i % 12:02d}:{i % 60:02d},C{i % 5000},"
        f"{10 + i % 900}.50,S2"
        for i in range(BIG_ROWS - len(replaced))
    ]
    path.write_text(head + "\n".join(replaced + fresh) + "\n", encoding="utf-8")
    return path


def dump(db: Path) -> list[str]:
    connection = sqlite3.connect(db)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def wal_commits(wal: Path) -> tuple[int, int]:
    """(frames, commit frames) of the WAL's current generation (frames with its salts).

    A frame's header holds, for the last frame of a transaction, the database size after the
    commit; for every other frame, zero (sqlite.org/fileformat2.html#walformat).
    """
    data = wal.read_bytes()
    if len(data) < 32:
        return 0, 0
    page_size = struct.unpack(">I", data[8:12])[0]
    salts = data[16:24]
    frames = commits = 0
    for offset in range(32, len(data) - 24 - page_size + 1, 24 + page_size):
        header = data[offset : offset + 24]
        if header[8:16] != salts:
            break
        frames += 1
        commits += struct.unpack(">I", header[4:8])[0] != 0
    return frames, commits


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "kpi.sqlite"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.delenv("KPI_LANG", raising=False)
    assert main(["init"]) == 0
    for kind, rows in (("employees", EMPLOYEES), ("stores", STORES), ("orders", ORDERS)):
        assert main(["import", kind, str(write_csv(tmp_path / f"{kind}.csv", rows))]) == 0
    gc.collect()  # drop the CLI's engines and their pooled connections
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file
    connection.close()
    return db


def test_import_killed_half_way_changes_nothing(database: Path, tmp_path: Path) -> None:
    before = dump(database)
    wal = Path(f"{database}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    big = big_orders(tmp_path / "BIG.csv")
    process = subprocess.Popen(
        [sys.executable, "-m", "data", "import", "orders", str(big)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 180
    seen = 0
    while process.poll() is None and time.monotonic() < deadline:
        seen = wal.stat().st_size if wal.exists() else 0
        if seen > STARTED:
            os.kill(process.pid, signal.SIGKILL)
            break
        time.sleep(0.001)
    out, err = process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL, (
        f"the import was not caught writing (exit {process.returncode}): {out!r} {err!r}"
    )
    # killed mid-write: the WAL holds the transaction's pages but no commit frame
    frames, commits = wal_commits(wal)
    assert seen > STARTED and frames > 0 and commits == 0, (seen, frames, commits)

    # the next connection discards the torn transaction: every table as before
    assert dump(database) == before
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM orders").fetchone() == (6,)
        assert connection.execute("SELECT max(id) FROM imports").fetchone() == (3,)
    finally:
        connection.close()

    # and it still works: the next import gets the next log id and its rows
    small = tmp_path / "small.csv"
    small.write_text(
        "order_id,order_time,customer_id,paid_amount,employee_id\nN1,2026-03-30 10:00,C1,99,S2\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "data", "import", "orders", str(small)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("SELECT count(*) FROM orders").fetchone() == (7,)
        # the killed import left no trace in the log: the next one is #4
        assert connection.execute("SELECT id, rows FROM imports WHERE id > 3").fetchall() == [
            (4, 1)
        ]
    finally:
        connection.close()
