"""Consistent online backups, and restores that accept only this product's own backups.

A backup is a zip of `manifest.json` (product, schema revision, row count per table, SHA-256
of the data) and the data: SQLite's backup-API copy, or PostgreSQL's `pg_dump -Fc` archive
applied with `pg_restore` — never a text script fed to psql, whose `\\!` runs shell commands.
Everything is checked before the live database is touched.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from core.errors import ValidationError
from core.permissions import Actor, require, system_actor
from data.migrate import current_revision
from data.models import Base
from data.versions import move_past, versions

PRODUCT = "KPI Suite"
FORMAT = 1
MANIFEST = "manifest.json"
DATA = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}
VERSION_TABLE = "alembic_version"


def _sqlite_path(engine: Engine) -> str:
    return engine.url.database or ""


def backup(engine: Engine, out: Path, actor: Actor | None = None) -> Path:
    """A backup holds everyone's pay: only admins (or the CLI, holding the DB anyway) take one."""
    require(actor or system_actor(), "backup")
    out.parent.mkdir(parents=True, exist_ok=True)
    dialect = engine.dialect.name
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / DATA[dialect]
        if dialect == "sqlite":
            _sqlite_copy(_sqlite_path(engine), data)
            counts = _sqlite_counts(data)
        else:
            # counted in the same snapshot pg_dump sees would need its exported snapshot; the
            # counts are informational for PostgreSQL and checked only for SQLite
            _run(["pg_dump", "-Fc", "--no-owner", "-f", str(data), _libpq_url(engine)])
            counts = _counts(engine)
        manifest = {
            "product": PRODUCT,
            "format": FORMAT,
            "dialect": dialect,
            "revision": current_revision(engine),
            "tables": counts,
            "sha256": _sha256(data),
        }
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
            archive.write(data, DATA[dialect])
    return out


def restore(engine: Engine, source: Path, actor: Actor | None = None) -> None:
    """Replace the database with a backup of this product, schema and backend, or refuse."""
    require(actor or system_actor(), "backup")
    if not source.is_file():
        raise ValidationError("backup.not_found", path=str(source))
    dialect = engine.dialect.name
    before = _versions(engine)
    with tempfile.TemporaryDirectory() as folder:
        data = _unpack(source, dialect, current_revision(engine), Path(folder))
        engine.dispose()
        if dialect == "sqlite":
            _sqlite_copy(str(data), Path(_sqlite_path(engine)))
        else:
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--exit-on-error",
                    "-d",
                    _libpq_url(engine),
                    str(data),
                ]
            )
    _move_version_past(engine, before)


def _unpack(source: Path, dialect: str, revision: str | None, folder: Path) -> Path:
    """The backup's data file, extracted and checked against its manifest and our schema."""
    refused = ValidationError("backup.not_ours", path=str(source))
    try:
        with zipfile.ZipFile(source) as archive:
            manifest = json.loads(archive.read(MANIFEST))
            data = Path(archive.extract(DATA[dialect], folder))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise refused from None
    if not isinstance(manifest, dict) or manifest.get("product") != PRODUCT:
        raise refused
    if manifest.get("dialect") != dialect:
        raise ValidationError(
            "backup.wrong_backend", path=str(source), found=manifest.get("dialect"), dialect=dialect
        )
    if manifest.get("revision") != revision:
        raise ValidationError(
            "backup.wrong_schema", path=str(source), found=manifest.get("revision"), ours=revision
        )
    if manifest.get("sha256") != _sha256(data):
        raise ValidationError("backup.damaged", path=str(source))
    if dialect == "sqlite":
        _check_sqlite(data, manifest, str(source))
    else:
        _run(["pg_restore", "--list", str(data)])  # a readable custom-format archive
    return data


def _check_sqlite(data: Path, manifest: dict[str, Any], path: str) -> None:
    """Intact, our tables exactly, the manifest's revision and row counts."""
    try:
        connection = sqlite3.connect(f"file:{data}?mode=ro", uri=True)
        try:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            connection.close()
        if verdict != "ok":
            raise ValidationError("backup.damaged", path=path)
        counts = _sqlite_counts(data)
        if set(counts) != set(Base.metadata.tables) | {VERSION_TABLE}:
            raise ValidationError("backup.not_ours", path=path)
        connection = sqlite3.connect(f"file:{data}?mode=ro", uri=True)
        try:
            revision = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        raise ValidationError("backup.damaged", path=path) from None
    if revision != [(manifest["revision"],)] or counts != manifest.get("tables"):
        raise ValidationError("backup.damaged", path=path)


def _sqlite_copy(source: str, target: Path) -> None:
    """SQLite's online backup API: a consistent copy even while the app writes."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _sqlite_counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: connection.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        connection.close()


def _counts(engine: Engine) -> dict[str, int]:
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as connection:
        return {
            name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
            for name, table in meta.tables.items()
        }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(2**20):
            digest.update(block)
    return digest.hexdigest()


def _versions(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return versions(session)


def _move_version_past(engine: Engine, before: dict[str, int]) -> None:
    """The restored data versions may be ones other app instances have cached with other
    data; moving every scope past both makes every instance reload."""
    with Session(engine) as session, session.begin():
        move_past(session, before)


def _libpq_url(engine: Engine) -> str:
    url = make_url(engine.url.render_as_string(hide_password=False))
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise ValidationError("backup.tool_missing", tool=command[0])
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ValidationError("backup.failed", detail=result.stderr.strip()[-500:])
