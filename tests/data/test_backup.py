"""`python -m data backup --out F` then `restore F --yes` brings every table back, row for row,
after the data changed in between; SQLite through its backup API, PostgreSQL through pg_dump.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, select

from data import backup as backups
from data.cli import main
from data.db import transaction
from data.services import appraisals, imports, people, settings
from tests.data.test_permissions import MAR, NOW, load_department

CHANGED_ORDERS = (
    "order_id,order_time,customer_id,paid_amount,employee_id\n"
    "S2-3,2026-03-06 10:00,C2,1,S2\n"  # replaces an order
    "Z1,2026-03-07 10:00,C3,50,S2\n"  # a new one
)


def every_table(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the database holds, in a stable order."""
    meta = MetaData()
    meta.reflect(engine)
    out = {}
    with engine.connect() as connection:
        for name, table in sorted(meta.tables.items()):
            rows = connection.execute(select(table)).all()
            out[name] = sorted((tuple(r) for r in rows), key=repr)
    return out


@pytest.fixture
def cli(db_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The command line pointed at the test database, with the PostgreSQL tools on PATH."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("KPI_LANG", raising=False)
    if engine.dialect.name == "postgresql" and shutil.which("pg_dump") is None:
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))
        if not found:
            pytest.skip("pg_dump is not installed")
        monkeypatch.setenv("PATH", f"{found[-1].parent}{os.pathsep}{os.environ['PATH']}")
    return engine


def change_everything(engine: Engine) -> None:
    """An import, an appraisal step, a setting, a user: rows added, replaced and updated."""
    with transaction(engine) as session:
        seller = people.actor_for(session, "S2")
        assert imports.import_file(
            session,
            people.actor_for(session, "D1"),
            "orders",
            "more.csv",
            CHANGED_ORDERS.encode(),
            now=NOW,
        ).written
        appraisals.self_assess(session, seller, MAR, 77, now=NOW)
        admin = people.actor_for(session, "A1")
        settings.save_policy(
            session, admin, {"response_sla_seconds": 30}, settings.policy_version(session)
        )
        people.add_user(session, admin, "late", "sales")


def test_backup_and_restore_round_trip(
    cli: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_department(cli)
    with transaction(cli) as session:
        appraisals.open_period(session, MAR, now=NOW)
    saved = every_table(cli)
    assert len(saved["orders"]) == 6 and len(saved["appraisals"]) == 6

    out = tmp_path / "kpi.backup"
    assert main(["backup", "--out", str(out)]) == 0
    assert out.is_file() and out.stat().st_size > 0
    assert str(out) in capsys.readouterr().out

    change_everything(cli)
    changed = every_table(cli)
    assert changed != saved
    assert len(changed["orders"]) == 7 and len(changed["users"]) == len(saved["users"]) + 1

    cli.dispose()
    assert main(["restore", str(out), "--yes"]) == 0
    restored = every_table(cli)
    assert restored.keys() == saved.keys()
    for name in saved.keys() - {"data_versions"}:
        assert restored[name] == saved[name], name
    # Other app instances cached data under the versions seen so far: the restore moves
    # every scope past both its pre-restore and its restored version, so every instance
    # reloads (rows: scope, version).
    seen, back = dict(changed["data_versions"]), dict(saved["data_versions"])
    assert seen != back
    expected = {s: max(seen.get(s, 0), back.get(s, 0)) + 1 for s in seen.keys() | back.keys()}
    assert dict(restored["data_versions"]) == expected

    # the restored database takes new writes (PostgreSQL sequences came back too)
    change_everything(cli)
    assert len(every_table(cli)["orders"]) == 7


def test_restore_asks_first_and_no_means_no(
    cli: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    load_department(cli)
    out = tmp_path / "kpi.backup"
    assert main(["backup", "--out", str(out)]) == 0
    change_everything(cli)
    changed = every_table(cli)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["restore", str(out)]) == 2
    assert every_table(cli) == changed


def test_restore_of_a_missing_file_is_refused(
    cli: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["restore", str(tmp_path / "missing.backup"), "--yes"]) == 1
    assert "No backup file at" in capsys.readouterr().err


def test_restore_refuses_a_file_that_is_not_a_backup(
    cli: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_department(cli)
    before = every_table(cli)
    junk = tmp_path / "junk.backup"
    junk.write_text("DROP TABLE orders;\n", encoding="utf-8")
    cli.dispose()
    assert main(["restore", str(junk), "--yes"]) == 1
    assert "backup" in capsys.readouterr().err
    assert every_table(cli) == before


def _truncated_backup(cli: Engine, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    load_department(cli)
    out = tmp_path / "kpi.backup"
    assert main(["backup", "--out", str(out)]) == 0
    change_everything(cli)
    content = out.read_bytes()
    out.write_bytes(content[: len(content) // 2])  # a copy cut short
    cli.dispose()
    return out, every_table(cli)


def test_a_truncated_backup_changes_nothing(cli: Engine, tmp_path: Path) -> None:
    out, changed = _truncated_backup(cli, tmp_path)
    try:
        code = main(["restore", str(out), "--yes"])
    except Exception:  # noqa: BLE001 - how it is refused is the next test's business
        code = None
    assert code != 0
    assert every_table(cli) == changed


def test_a_truncated_backup_is_refused_with_a_message(
    cli: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _changed = _truncated_backup(cli, tmp_path)
    capsys.readouterr()
    assert main(["restore", str(out), "--yes"]) == 1
    assert "backup" in capsys.readouterr().err


def _refused(capsys: pytest.CaptureFixture[str], path: Path, key_text: str) -> None:
    capsys.readouterr()
    assert main(["restore", str(path), "--yes"]) == 1
    assert key_text in capsys.readouterr().err


def _foreign_sqlite(path: Path) -> Path:
    """An intact SQLite database that is not ours: one table, one row."""
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    connection.execute("INSERT INTO notes (text) VALUES ('hello')")
    connection.commit()
    connection.close()
    return path


def test_a_foreign_sqlite_file_is_refused_and_nothing_changes(
    cli: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_department(cli)
    before = every_table(cli)
    foreign = _foreign_sqlite(tmp_path / "other.sqlite")
    _refused(capsys, foreign, "is not a KPI Suite backup")
    assert every_table(cli) == before


def test_a_foreign_database_in_a_forged_manifest_is_refused(
    cli: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Our manifest (product, revision, the right checksum) around someone else's SQLite file:
    its tables are not ours, so it is refused before the live database is touched."""
    if cli.dialect.name != "sqlite":
        pytest.skip("a SQLite data file")
    load_department(cli)
    before = every_table(cli)
    good = tmp_path / "kpi.zip"
    assert main(["backup", "--out", str(good)]) == 0
    foreign = _foreign_sqlite(tmp_path / "other.sqlite")
    manifest = json.loads(zipfile.ZipFile(good).read(backups.MANIFEST))
    manifest["tables"] = {"notes": 1}
    manifest["sha256"] = hashlib.sha256(foreign.read_bytes()).hexdigest()
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as archive:
        archive.writestr(backups.MANIFEST, json.dumps(manifest))
        archive.write(foreign, backups.DATA["sqlite"])
    cli.dispose()
    _refused(capsys, forged, "is not a KPI Suite backup")
    assert every_table(cli) == before


def test_a_backup_changed_after_it_was_made_is_refused(
    cli: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One byte of the data file changed: its SHA-256 no longer matches the manifest."""
    load_department(cli)
    good = tmp_path / "kpi.zip"
    assert main(["backup", "--out", str(good)]) == 0
    with zipfile.ZipFile(good) as archive:
        manifest = archive.read(backups.MANIFEST)
        name = backups.DATA[cli.dialect.name]
        data = bytearray(archive.read(name))
    data[len(data) // 2] ^= 0xFF
    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(changed, "w") as archive:
        archive.writestr(backups.MANIFEST, manifest)
        archive.writestr(name, bytes(data))
    change_everything(cli)
    after = every_table(cli)
    cli.dispose()
    _refused(capsys, changed, "damaged or was changed")
    assert every_table(cli) == after


def test_a_backup_of_another_schema_revision_is_refused(
    cli: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_department(cli)
    good = tmp_path / "kpi.zip"
    assert main(["backup", "--out", str(good)]) == 0
    with zipfile.ZipFile(good) as archive:
        manifest = json.loads(archive.read(backups.MANIFEST))
        name = backups.DATA[cli.dialect.name]
        data = archive.read(name)
    manifest["revision"] = "0001"
    older = tmp_path / "older.zip"
    with zipfile.ZipFile(older, "w") as archive:
        archive.writestr(backups.MANIFEST, json.dumps(manifest))
        archive.writestr(name, data)
    before = every_table(cli)
    cli.dispose()
    _refused(capsys, older, "schema revision 0001")
    assert every_table(cli) == before


def test_a_text_dump_with_a_shell_escape_is_refused_and_never_run(
    cli: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nine lines that pass for a pg_dump text file (header and trailer comments) with a psql
    `\\!` line: the old restore fed it to psql, which ran the command."""
    if cli.dialect.name != "postgresql":
        pytest.skip("psql's shell escape")
    load_department(cli)
    before = every_table(cli)
    marker = Path(tempfile.gettempdir()) / f"pwned-{secrets.token_hex(8)}"
    hostile = tmp_path / "kpi.backup"
    hostile.write_text(
        "--\n"
        "-- PostgreSQL database dump\n"
        "--\n"
        "\n"
        f"\\! touch {marker}\n"
        "\n"
        "--\n"
        "-- PostgreSQL database dump complete\n"
        "--\n",
        encoding="utf-8",
    )
    assert len(hostile.read_text(encoding="utf-8").splitlines()) == 9
    cli.dispose()
    _refused(capsys, hostile, "is not a KPI Suite backup")
    assert not marker.exists()
    assert every_table(cli) == before
