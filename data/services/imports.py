"""Upload → validate → store, all or nothing, with an import log that can be rolled back.

A rejected file writes no row at all; a re-upload of the same ids replaces, never doubles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core.errors import PermissionDenied, StateError
from core.permissions import Actor, can, require_import
from core.targets import validate_template
from data.importing import ParseResult, RowError, parse_upload
from data.models import Employee, ImportLog, SupersededRow, TemplateItem
from data.records_store import (
    delete_import_rows,
    restore_superseded,
    write_frame,
)
from data.services import audit
from data.services.people import ensure_employee_accounts

Progress = Callable[[float, str], None]
UPLOAD_LIMIT = 50 * 2**20  # the app's upload limit (.streamlit/config.toml says the same)
BULK_LIMIT = 2 * 2**30  # the command line imports whole-year exports


@dataclass
class ImportOutcome:
    kind: str
    filename: str
    parsed: ParseResult
    import_id: int | None = None
    rows: int = 0
    replaced: int = 0
    skipped: int = 0
    written: bool = False
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)


def _known_employees(session: Session) -> set[str]:
    return set(session.scalars(select(Employee.employee_id)).all())


def preview(
    session: Session,
    actor: Actor,
    kind: str,
    filename: str,
    content: bytes,
    mapping: dict[str, str] | None = None,
    max_bytes: int = UPLOAD_LIMIT,
) -> ParseResult:
    """Parse and validate without writing: what the upload page shows before importing."""
    require_import(actor, kind)
    # Stores are not checked: the stores upload maps owners, it is not a master list, and a
    # shop export naming a store nobody owns yet still counts for the department.
    return parse_upload(
        kind,
        filename,
        content,
        mapping=mapping,
        known_employee_ids=_known_employees(session),
        max_bytes=max_bytes,
    )


def import_file(
    session: Session,
    actor: Actor,
    kind: str,
    filename: str,
    content: bytes,
    *,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    valid_only: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
    max_bytes: int = UPLOAD_LIMIT,
) -> ImportOutcome:
    """Validate the whole file, then write it in one transaction (the caller commits)."""
    now = now or datetime.now()
    report = progress or (lambda _f, _m: None)
    report(0.05, "validate")
    parsed = preview(session, actor, kind, filename, content, mapping, max_bytes)
    errors = list(parsed.errors)
    frame = parsed.frame
    if kind == "templates" and not frame.empty:
        errors.extend(_template_errors(frame))
    outcome = ImportOutcome(kind, filename, parsed, errors=errors, dry_run=dry_run)
    file_level = any(e.row is None and e.key != "import.too_many_errors" for e in errors)
    if errors and (not valid_only or file_level):
        return outcome
    outcome.skipped = parsed.total_rows - len(frame)
    if dry_run or frame.empty:
        outcome.rows = len(frame)
        return outcome
    report(0.3, "store")
    log = ImportLog(
        kind=kind,
        filename=filename,
        sha256=parsed.sha256,
        rows=len(frame),
        actor=actor.username,
        at=now,
        status="applied",
    )
    session.add(log)
    session.flush()
    if kind == "templates":
        _archive_roles(session, frame["role"].dropna().unique().tolist(), log.id)
    outcome.rows, outcome.replaced = write_frame(session, kind, frame, log.id, now)
    if kind == "employees":
        ensure_employee_accounts(session, frame["employee_id"].tolist())
    report(0.9, "log")
    audit.record(
        session,
        actor.username,
        "import",
        str(log.id),
        "import",
        None,
        {
            "kind": kind,
            "file": filename,
            "sha256": parsed.sha256,
            "rows": outcome.rows,
            "replaced": outcome.replaced,
            "skipped": outcome.skipped,
        },
        at=now,
    )
    outcome.import_id = log.id
    outcome.written = True
    report(1.0, "done")
    return outcome


def _template_errors(frame: pd.DataFrame) -> list[RowError]:
    from core.errors import ValidationError

    try:
        validate_template(frame.to_dict("records"))
    except ValidationError as exc:
        return [RowError(None, None, exc.key, exc.params)]
    return []


def _archive_roles(session: Session, roles: list[str], import_id: int) -> None:
    """A templates upload replaces the whole template of each role it lists (SPEC §9)."""
    rows = session.scalars(select(TemplateItem).where(TemplateItem.role.in_(roles))).all()
    for row in rows:
        session.add(
            SupersededRow(
                import_id=import_id,
                kind="templates",
                original_import_id=row.import_id,
                row={
                    "role": row.role,
                    "kpi_id": row.kpi_id,
                    "weight": float(row.weight),
                    "target": None if row.target is None else float(row.target),
                    "method": row.method,
                    "cap": None if row.cap is None else float(row.cap),
                    "bands": row.bands,
                    "import_id": row.import_id,
                },
            )
        )
    session.execute(delete(TemplateItem).where(TemplateItem.role.in_(roles)))
    session.flush()


def imports_frame(session: Session, actor: Actor) -> pd.DataFrame:
    """The import history: everyone sees their own imports, HR/admin/director all of them."""
    stmt = select(ImportLog).order_by(ImportLog.id.desc())
    if not can(actor, "rollback_import"):
        stmt = stmt.where(ImportLog.actor == actor.username)
    rows = session.scalars(stmt).all()
    return pd.DataFrame(
        [
            {
                "id": r.id,
                "kind": r.kind,
                "file": r.filename,
                "rows": r.rows,
                "by": r.actor,
                "at": r.at,
                "sha256": r.sha256,
                "status": r.status,
            }
            for r in rows
        ],
        columns=["id", "kind", "file", "rows", "by", "at", "sha256", "status"],
    )


def rollback(session: Session, actor: Actor, import_id: int, now: datetime | None = None) -> int:
    """Remove an import's rows and restore what it replaced; refused if later imports built on it."""
    log = session.get(ImportLog, import_id)
    if log is None:
        raise StateError("import.rollback_unknown", id=import_id)
    if not (can(actor, "rollback_import") or log.actor == actor.username):
        raise PermissionDenied("permission.rollback_denied", id=import_id)
    if log.status != "applied":
        raise StateError("import.rollback_twice", id=import_id)
    superseded_later = session.scalar(
        select(func.count())
        .select_from(SupersededRow)
        .where(SupersededRow.original_import_id == import_id, SupersededRow.import_id > import_id)
    )
    if superseded_later:
        raise StateError("import.rollback_superseded", id=import_id)
    removed = delete_import_rows(session, log.kind, import_id)
    restored = restore_superseded(session, import_id)
    log.status = "rolled_back"
    audit.record(
        session,
        actor.username,
        "import",
        str(import_id),
        "rollback",
        {"status": "applied", "rows": removed},
        {"status": "rolled_back", "restored": restored},
        at=now,
    )
    return removed
