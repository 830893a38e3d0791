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

from core.errors import ValidationError


def _sqlite_path(engine: Engine) -> str:
    return engine.url.database or ""


def backup(engine: Engine, out: Path) -> Path:
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


def restore(engine: Engine, source: Path) -> None:
    if not source.is_file():
        raise ValidationError("backup.not_found", path=str(source))
    if engine.dialect.name == "sqlite":
        with open(source, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise ValidationError("backup.not_sqlite", path=str(source))
        engine.dispose()
        src = sqlite3.connect(source)
        dst = sqlite3.connect(_sqlite_path(engine))
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        return
    engine.dispose()
    _run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(source), _libpq_url(engine)])


def _libpq_url(engine: Engine) -> str:
    url = make_url(engine.url.render_as_string(hide_password=False))
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise ValidationError("backup.tool_missing", tool=command[0])
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ValidationError("backup.failed", detail=result.stderr.strip()[-500:])
