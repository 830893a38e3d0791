"""Upload → validate → store, all or nothing, with an import log that can be rolled back.

A rejected file writes no row at all; a re-upload of the same ids replaces, never doubles.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

import pandas as pd
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from core.errors import ConflictError, PermissionDenied, StateError
from core.i18n import N_
from core.permissions import Actor, can, can_change_store_owner, require_import
from core.targets import validate_template
from data.importing import ParseResult, RowError, parse_upload
from data.models import (
    Appraisal,
    DataVersion,
    Employee,
    ImportLog,
    SupersededRow,
    TemplateItem,
    User,
)
from data.records_store import (
    delete_import_rows,
    replaced_by_employee,
    restore_superseded,
    stored_owners,
    write_frame,
)
from data.services import audit
from data.services.people import ensure_employee_accounts
from data.services.settings import current_policy
from data.versions import kind_scopes

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
    # The months whose records the import wrote: their stored results are refreshed after it.
    months: list[str] = field(default_factory=list)


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
    """Parse and validate without writing: what the upload page shows before importing.

    Only the kind's stewards may upload it (SPEC §9). The result names, per employee other
    than the uploader, how many stored rows of theirs the upload would replace.
    """
    require_import(actor, kind, current_policy(session).stewards)
    # Stores are not checked: the stores upload maps owners, it is not a master list, and a
    # shop export naming a store nobody owns yet still counts for the department.
    parsed = parse_upload(
        kind,
        filename,
        content,
        mapping=mapping,
        known_employee_ids=_known_employees(session),
        max_bytes=max_bytes,
    )
    if kind == "stores" and not can_change_store_owner(actor):
        _refuse_owner_changes(session, actor, parsed.frame)
    cycles = _manager_cycles(session, parsed.frame) if kind == "employees" else []
    return replace(
        parsed,
        errors=[*parsed.errors, *cycles],
        others_changed=replaced_by_employee(session, kind, parsed.frame, actor.employee_id),
    )


def _manager_cycles(session: Session, frame: pd.DataFrame) -> list[RowError]:
    """Manager chains that loop (A → B → A), with the stored people the file does not list:
    the appraisal and every "direct reports" scope assume each chain ends at the director."""
    if frame.empty:
        return []
    manager_of = dict(session.execute(select(Employee.employee_id, Employee.manager_id)).all())
    listed = frame["manager_id"].where(frame["manager_id"].notna(), None)
    manager_of.update(zip(frame["employee_id"], listed, strict=True))
    errors, done = [], set()
    for start in frame["employee_id"]:
        chain: list[str] = []
        person = start
        while person is not None and person not in done and person not in chain:
            chain.append(person)
            person = manager_of.get(person)
        if person is not None and person in chain:
            loop = chain[chain.index(person) :]
            cycle = " → ".join([*loop, person])
            errors.append(
                RowError(None, "manager_id", N_("import.manager_cycle"), {"cycle": cycle})
            )
        done.update(chain)
    return errors


def _refuse_owner_changes(session: Session, actor: Actor, frame: pd.DataFrame) -> None:
    """A stores upload may add stores; moving an existing one to another owner moves its
    sales between people, which only the director or HR may do (SPEC §9)."""
    owners = stored_owners(session)
    changed = sorted(
        store
        for store, owner in zip(frame["store"], frame["owner_id"], strict=True)
        if store in owners and owners[store] != owner
    )
    if changed:
        raise PermissionDenied(
            "permission.store_owner_denied", stores=", ".join(changed[:10]), user=actor.username
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
    file_level = any(e.row is None and e.key != N_("import.too_many_errors") for e in errors)
    if errors and (not valid_only or file_level):
        return outcome
    outcome.skipped = parsed.total_rows - len(frame)
    if dry_run or frame.empty:
        outcome.rows = len(frame)
        return outcome
    report(0.3, "store")
    _lock_imports(session)  # after the parse, so other writers wait only for the write
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
    outcome.months = sorted(
        {s.split(":")[2] for s in kind_scopes(kind, frame) if s.count(":") == 2}
    )
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
            "others_changed": parsed.others_changed,
        },
        at=now,
    )
    outcome.import_id = log.id
    outcome.written = True
    report(1.0, "done")
    return outcome


IMPORT_LOCK = 0x4B50_4949  # "KPII": the one advisory lock key every import shares


def _lock_imports(session: Session) -> None:
    """One import writes at a time per database; the next is told so instead of failing on
    a unique key half-way. PostgreSQL: a transaction-level advisory lock, tried, never
    waited for; SQLite: the database's write lock, taken now rather than at the first insert
    (its busy timeout, 30 s, is the wait)."""
    if session.get_bind().dialect.name == "postgresql":
        if not session.scalar(select(func.pg_try_advisory_xact_lock(IMPORT_LOCK))):
            raise ConflictError("import.busy")
        return
    try:
        session.execute(update(DataVersion).values(version=DataVersion.version))
    except OperationalError:
        raise ConflictError("import.busy") from None


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
    added = _employees_added(session, import_id) if log.kind == "employees" else []
    opened = _untouched_appraisals(session, import_id, added)
    removed = delete_import_rows(session, log.kind, import_id)
    restored = restore_superseded(session, import_id)
    deactivated = _deactivate_accounts(session, added)
    session.execute(delete(Appraisal).where(Appraisal.id.in_(opened)))
    log.status = "rolled_back"
    after: dict[str, object] = {"status": "rolled_back", "restored": restored}
    if added:
        after |= {"accounts_deactivated": deactivated, "appraisals_removed": len(opened)}
    audit.record(
        session,
        actor.username,
        "import",
        str(import_id),
        "rollback",
        {"status": "applied", "rows": removed},
        after,
        at=now,
    )
    return removed


def _employees_added(session: Session, import_id: int) -> list[str]:
    """Employees this import brought in (not ones it replaced): a rollback removes them."""
    mine = set(session.scalars(select(Employee.employee_id).where(Employee.import_id == import_id)))
    replaced = {
        (row if isinstance(row, dict) else json.loads(row))["employee_id"]
        for row in session.scalars(
            select(SupersededRow.row).where(
                SupersededRow.import_id == import_id, SupersededRow.kind == "employees"
            )
        )
    }
    return sorted(mine - replaced)


def _untouched_appraisals(session: Session, import_id: int, employee_ids: list[str]) -> list[int]:
    """The appraisals opened for people the rollback removes, all still untouched; refused
    when anyone has started one (its text and scores would be lost with the person)."""
    if not employee_ids:
        return []
    rows = session.execute(
        select(Appraisal.id, Appraisal.employee_id, Appraisal.state).where(
            Appraisal.employee_id.in_(employee_ids)
        )
    ).all()
    started = sorted({r.employee_id for r in rows if r.state != "open"})
    if started:
        raise StateError(
            "import.rollback_appraisals_started", id=import_id, employees=", ".join(started)
        )
    return [r.id for r in rows]


def _deactivate_accounts(session: Session, employee_ids: list[str]) -> list[str]:
    """The accounts the import created for those people can no longer sign in."""
    if not employee_ids:
        return []
    users = session.scalars(
        select(User).where(User.employee_id.in_(employee_ids), User.active.is_(True))
    ).all()
    for user in users:
        user.active = False
    return sorted(u.username for u in users)
