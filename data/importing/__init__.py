"""Uploads → validated canonical frames: read, map headers, validate, report per row.

Nothing here writes to the database; `data.services.imports` decides what to store.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from core.errors import ValidationError
from core.i18n import N_
from core.records import empty_frame
from core.schema import KINDS
from data.importing.headers import label, normalize, suggest_mapping
from data.importing.isolate import IsolationFailed, memory_budget, run_isolated
from data.importing.readers import HEADER_SCAN_ROWS, MAX_BYTES, read_raw, read_table
from data.importing.templates import template_workbook
from data.importing.validate import MAX_ERRORS, RowError, validate

__all__ = [
    "MAX_ERRORS",
    "ParseResult",
    "RowError",
    "parse_upload",
    "read_table",
    "suggest_mapping",
    "template_workbook",
]


@dataclass(frozen=True)
class ParseResult:
    """What an upload would import: the valid rows, canonical, and every problem found."""

    kind: str
    frame: pd.DataFrame
    errors: list[RowError] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)
    total_rows: int = 0
    valid_rows: int = 0
    sha256: str = ""
    # employee id → stored rows of theirs this upload replaces (filled by the import service)
    others_changed: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_frame(self, lang: str = "en") -> pd.DataFrame:
        """row, column, message: the table a user downloads to fix the file."""
        return pd.DataFrame(
            {
                "row": pd.array([e.row for e in self.errors], dtype="Int64"),
                "column": [e.column or "" for e in self.errors],
                "message": [e.detail(lang) for e in self.errors],
            }
        )


def parse_upload(
    kind: str,
    filename: str,
    content: bytes,
    *,
    mapping: dict[str, str] | None = None,
    known_employee_ids: set[str] | None = None,
    known_store_ids: set[str] | None = None,
    max_bytes: int = MAX_BYTES,
    today: date | None = None,
) -> ParseResult:
    """Read, map and validate one upload of `kind`; file-level problems are row-None errors.

    `mapping` (source header → canonical column, "" to ignore a header) overrides the
    suggested one. `known_employee_ids` / `known_store_ids` enable the reference checks.
    The work runs in a child process with a memory and time limit (`isolate`): whatever a
    file does to the reader, the caller gets a result with a message, never a dead process.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown upload kind: {kind!r}")
    digest = hashlib.sha256(content).hexdigest()
    try:
        return run_isolated(
            _parse,
            kind,
            filename,
            content,
            digest,
            memory=memory_budget(len(content)),
            mapping=mapping,
            known_employee_ids=known_employee_ids,
            known_store_ids=known_store_ids,
            max_bytes=max_bytes,
            today=today,
        )
    except IsolationFailed as failure:
        error = RowError(
            None, None, N_("import.reader_failed"), {"filename": filename, "detail": failure.detail}
        )
        return ParseResult(kind, empty_frame(kind), [error], sha256=digest)


def _parse(
    kind: str,
    filename: str,
    content: bytes,
    digest: str,
    *,
    mapping: dict[str, str] | None,
    known_employee_ids: set[str] | None,
    known_store_ids: set[str] | None,
    max_bytes: int,
    today: date | None,
) -> ParseResult:
    """`parse_upload`'s work, in the child process."""

    def failed(errors: list[RowError], **extra: object) -> ParseResult:
        return ParseResult(kind, empty_frame(kind), errors, sha256=digest, **extra)  # type: ignore[arg-type]

    try:
        raw = read_raw(filename, content, max_bytes=max_bytes, kind=kind, mapping=mapping)
    except ValidationError as exc:
        return failed([RowError(None, None, exc.key, dict(exc.params))])
    headers = [str(h) for h in raw.frame.columns]
    chosen, errors = _resolve_mapping(kind, headers, mapping)
    unmapped = [h for h in headers if h not in chosen]
    total = len(raw.frame)
    if errors:
        return failed(errors, mapping=chosen, unmapped=unmapped, total_rows=total)
    if raw.header_score == 0 and not chosen:
        found = ", ".join(headers[:12]) or "—"
        error = RowError(
            None,
            None,
            N_("import.no_header"),
            {"rows": HEADER_SCAN_ROWS, "kind": kind, "found": found},
        )
        return failed([error], mapping=chosen, unmapped=unmapped, total_rows=total)
    missing = [c for c in KINDS[kind].required if c not in chosen.values()]
    if missing:
        shown = ", ".join(unmapped) or "—"
        errors = [
            RowError(
                None,
                column,
                N_("import.missing_column"),
                {
                    "column": column,
                    "label_en": label(kind, column, "en"),
                    "label_zh": label(kind, column, "zh"),
                    "unmapped": shown,
                },
            )
            for column in missing
        ]
        return failed(errors, mapping=chosen, unmapped=unmapped, total_rows=total)
    canonical = raw.frame[list(chosen)].rename(columns=chosen)
    frame, errors = validate(
        kind,
        canonical,
        known_employee_ids=known_employee_ids,
        known_store_ids=known_store_ids,
        today=today,
    )
    return ParseResult(kind, frame, errors, chosen, unmapped, total, len(frame), digest)


def _resolve_mapping(
    kind: str, headers: list[str], mapping: dict[str, str] | None
) -> tuple[dict[str, str], list[RowError]]:
    """Suggested mapping with the user's entries on top; a user entry wins over a suggestion.

    Entries for headers the file does not have are ignored (a saved mapping serves many
    exports); a header is found exactly or, failing that, by its normalised form.
    """
    suggested = suggest_mapping(kind, headers)
    if not mapping:
        return suggested, []
    columns = set(KINDS[kind].column_names)
    by_norm = {normalize(h): h for h in reversed(headers)}
    user: dict[str, str] = {}
    errors: list[RowError] = []
    for source, column in mapping.items():
        header = source if source in headers else by_norm.get(normalize(source))
        if header is None:
            continue
        if column and column not in columns:
            errors.append(
                RowError(
                    None,
                    None,
                    N_("import.mapping_unknown_column"),
                    {"header": header, "column": column, "kind": kind},
                )
            )
            continue
        user[header] = column or ""
    taken: dict[str, str] = {}
    for header, column in user.items():
        if not column:
            continue
        if column in taken:
            errors.append(
                RowError(
                    None,
                    column,
                    N_("import.mapping_duplicate"),
                    {"header": header, "other": taken[column], "column": column},
                )
            )
        taken[column] = header
    chosen = {h: c for h, c in suggested.items() if h not in user and c not in taken}
    chosen.update({h: c for h, c in user.items() if c})
    ordered = {h: chosen[h] for h in headers if h in chosen}
    return ordered, errors
