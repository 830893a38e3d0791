"""Consistent online backups and restores: SQLite's backup API, pg_dump/psql for PostgreSQL.

A backup taken while the app is writing is still a consistent snapshot.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from core.errors import ValidationError
from core.permissions import Actor, require, system_actor
from data.versions import move_past, versions


def _sqlite_path(engine: Engine) -> str:
    return engine.url.database or ""


def backup(engine: Engine, out: Path, actor: Actor | None = None) -> Path:
    """A backup holds everyone's pay: only admins (or the CLI, holding the DB anyway) take one."""
    require(actor or system_actor(), "backup")
    out.parent.mkdir(parents=True, exist_ok=True)
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(_sqlite_path(engine))
        target = sqlite3.connect(out)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return out
    _run(["pg_dump", "--clean", "--if-exists", "--no-owner", "-f", str(out), _libpq_url(engine)])
    return out


def restore(engine: Engine, source: Path, actor: Actor | None = None) -> None:
    require(actor or system_actor(), "backup")
    if not source.is_file():
        raise ValidationError("backup.not_found", path=str(source))
    before = _versions(engine)
    if engine.dialect.name == "sqlite":
        _check_sqlite_backup(source)
        engine.dispose()
        src = sqlite3.connect(source)
        dst = sqlite3.connect(_sqlite_path(engine))
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    else:
        _check_pg_dump(source)
        engine.dispose()
        _run(
            [
                "psql",
                "-q",
                "--single-transaction",
                "-v",
                "ON_ERROR_STOP=1",
                "-f",
                str(source),
                _libpq_url(engine),
            ]
        )
    _move_version_past(engine, before)


def _versions(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return versions(session)


def _move_version_past(engine: Engine, before: dict[str, int]) -> None:
    """The restored data versions may be ones other app instances have cached with other
    data; moving every scope past both makes every instance reload."""
    with Session(engine) as session, session.begin():
        move_past(session, before)


def _check_sqlite_backup(source: Path) -> None:
    """Refuse anything but an intact SQLite file before the live database is touched."""
    with open(source, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise ValidationError("backup.not_sqlite", path=str(source))
    try:
        connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise ValidationError("backup.not_sqlite", path=str(source)) from exc
    if verdict != "ok":
        raise ValidationError("backup.not_sqlite", path=str(source))


def _check_pg_dump(source: Path) -> None:
    """A whole pg_dump file only: its header and its completion trailer must both be there."""
    text = source.read_bytes()
    if b"-- PostgreSQL database dump\n" not in text[:4096] or (
        b"-- PostgreSQL database dump complete" not in text[-4096:]
    ):
        raise ValidationError("backup.not_pg_dump", path=str(source))


def _libpq_url(engine: Engine) -> str:
    url = make_url(engine.url.render_as_string(hide_password=False))
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise ValidationError("backup.tool_missing", tool=command[0])
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ValidationError("backup.failed", detail=result.stderr.strip()[-500:])
