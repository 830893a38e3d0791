"""Upload data: template, .xlsx/.csv upload, editable header mapping, preview, errors per row
and column, import with progress, history with rollback — nothing written until asked.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from core.errors import KpiError
from core.i18n import N_
from core.periods import Period
from core.permissions import Actor, can, upload_kinds
from core.schema import KINDS
from dashboards import appraisal_ui as ui
from dashboards import reads, state
from dashboards.state import require_actor, tr
from dashboards.styles import uploader_words
from dashboards.widgets import DASH, labels_for, lang_key, number, show_error
from data.exports import to_csv
from data.importing import MAX_ERRORS, ParseResult, template_workbook
from data.importing.headers import label
from data.services import imports, results, upload_help

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IGNORE = "__ignore__"  # the editor's "(ignore this column)"; the service takes ""
DONE_KEY = "_upload_done"
SHOWN_ROWS = 100  # rows of problems drawn on the page; the .csv holds every one


def _kind(actor: Actor) -> str:
    allowed = upload_kinds(actor, reads.policy().stewards)
    kinds = sorted(allowed, key=lambda k: tr(f"ui.kind.{k}"))
    chosen = st.session_state.get("upload_kind") or upload_help.default_kind(actor, allowed)
    column, _ = st.columns([1, 2])
    kind = column.selectbox(
        tr("ui.upload.kind"),
        kinds,
        index=kinds.index(chosen) if chosen in kinds else 0,
        format_func=labels_for(kinds, lambda k: tr(f"ui.kind.{k}")),
        key=lang_key("_upload_kind_widget"),
    )
    st.session_state["upload_kind"] = kind
    return kind


def _column_label(kind: str, column: str) -> str:
    if column == IGNORE:
        return tr("ui.upload.ignore")
    star = " *" if column in KINDS[kind].required else ""
    return f"{column} · {label(kind, column, state.lang())}{star}"


def _parse(
    actor: Actor, kind: str, name: str, content: bytes, mapping: dict[str, str]
) -> ParseResult:
    digest = hashlib.sha256(content).hexdigest()
    cache_key = (kind, digest, tuple(sorted(mapping.items())))
    cached = st.session_state.get("_upload_parsed")
    if cached and cached[0] == cache_key:
        return cached[1]
    with state.unit_of_work() as session:
        parsed = imports.preview(session, actor, kind, name, content, mapping=mapping or None)
    st.session_state["_upload_parsed"] = (cache_key, parsed)
    return parsed


def _mapping_editor(kind: str, parsed: ParseResult, slot: str) -> dict[str, str]:
    """Each file header → a canonical column (or ignored); starts from the automatic mapping."""
    headers = [*parsed.mapping, *parsed.unmapped]
    if not headers:
        return st.session_state.get(slot, {})
    options = [IGNORE, *KINDS[kind].column_names]
    current = {h: parsed.mapping.get(h, IGNORE) for h in headers}
    table = pd.DataFrame(
        {
            "header": headers,
            "column": [current[h] for h in headers],
        }
    )
    st.caption(tr("ui.upload.mapping_help"))
    edited = st.data_editor(
        table,
        hide_index=True,
        width="stretch",
        disabled=["header"],
        key=f"_editor_{slot}",
        column_config={
            "header": st.column_config.TextColumn(tr("ui.upload.file_header")),
            "column": st.column_config.SelectboxColumn(
                tr("ui.upload.maps_to"),
                options=options,
                format_func=labels_for(options, lambda c: _column_label(kind, c or IGNORE)),
                required=False,
            ),
        },
    )
    chosen = {row.header: (row.column or IGNORE) for row in edited.itertuples(index=False)}
    wanted = {h: "" if c == IGNORE else c for h, c in chosen.items()}
    # Rerun once per new choice; a choice the parser refuses (e.g. two headers for one
    # column) is reported as an error instead of rerunning forever.
    if chosen != current and wanted != st.session_state.get(slot):
        st.session_state[slot] = wanted
        st.rerun()
    return st.session_state.get(slot, {})


def problem_rows(parsed: ParseResult) -> int:
    """Rows with at least one problem, plus each problem of the file as a whole."""
    rows = {e.row for e in parsed.errors if e.row is not None}
    return len(rows) + sum(e.row is None for e in parsed.errors)


def _by_row(frame: pd.DataFrame) -> pd.DataFrame:
    """One line per spreadsheet row: the cells at fault and every problem, in full."""
    frame = frame.assign(row=frame["row"].astype(object).where(frame["row"].notna(), ""))
    sep = tr("list.separator")
    grouped = frame.groupby("row", sort=False, dropna=False)
    return pd.DataFrame(
        {
            tr("ui.upload.row"): list(grouped.groups),
            tr("ui.upload.cells"): [
                sep.join(dict.fromkeys(c for c in g["column"] if c)) for _, g in grouped
            ],
            tr("ui.upload.message"): [" ".join(g["message"]) for _, g in grouped],
        }
    )


def _errors(parsed: ParseResult, kind: str) -> None:
    frame = parsed.errors_frame(state.lang())
    frame["column"] = [label(kind, c, state.lang()) if c else "" for c in frame["column"]]
    st.error(
        tr("ui.upload.problem_rows", rows=problem_rows(parsed), cells=len(frame)),
        icon=":material/error:",
    )
    if len(frame) >= MAX_ERRORS:
        st.caption(tr("ui.upload.errors_capped", count=MAX_ERRORS))
    rows = _by_row(frame)
    # A table wraps long messages; a data grid would cut them off at the column's width.
    st.table(rows.head(SHOWN_ROWS), hide_index=True)
    if len(rows) > SHOWN_ROWS:
        st.caption(tr("ui.upload.rows_capped", shown=SHOWN_ROWS, count=len(rows)))
    shown = frame.rename(
        columns={
            "row": tr("ui.upload.row"),
            "column": tr("ui.upload.column"),
            "message": tr("ui.upload.message"),
        }
    )
    st.download_button(
        tr("ui.upload.errors_csv"),
        data=to_csv(shown),
        file_name=f"{kind}-errors.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )


def _refresh_results(months: list[str], bar: Any) -> None:
    """The stored months the import wrote records of, computed again now, so the next visitor
    of those months reads them instead of waiting for the recompute."""
    with state.unit_of_work() as session:
        stale = results.behind(session, months)
    for i, period in enumerate(stale):
        bar.progress(i / len(stale), text=tr("ui.upload.updating_results", period=period))
        with state.unit_of_work() as session:
            results.refresh(session, Period.parse(period))


def _import(
    actor: Actor, kind: str, name: str, content: bytes, mapping: dict[str, str], valid_only: bool
) -> None:
    with st.status(tr("ui.upload.importing"), expanded=True) as status:
        bar = st.progress(0.0)

        def report(fraction: float, step: str) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=tr(f"ui.upload.step.{step}"))

        try:
            with state.unit_of_work() as session:
                outcome = imports.import_file(
                    session,
                    actor,
                    kind,
                    name,
                    content,
                    mapping=mapping or None,
                    valid_only=valid_only,
                    progress=report,
                )
        except KpiError as exc:
            status.update(label=tr("ui.upload.failed"), state="error")
            show_error(exc)
            return
        if not outcome.written:
            status.update(label=tr("ui.upload.nothing"), state="error")
            return
        _refresh_results(outcome.months, bar)
        status.update(label=tr("ui.upload.done_label"), state="complete", expanded=False)
    st.session_state.pop("_upload_parsed", None)
    st.session_state[DONE_KEY] = (
        _file_key(kind, content),
        tr(
            "ui.upload.done",
            rows=number(outcome.rows),
            replaced=number(outcome.replaced),
            skipped=number(outcome.skipped),
            id=outcome.import_id,
        ),
    )
    st.session_state[ui.FLASH_KEY] = tr("ui.upload.done_label")
    st.rerun()  # draw the page again in its one "imported" state


def _file_key(kind: str, content: bytes) -> str:
    return f"{kind}:{hashlib.sha256(content).hexdigest()}"


def _imported(kind: str, content: bytes) -> bool:
    """Once a file is imported, the page shows that alone: no stale problems, no second
    import of the same file (a new or changed file starts over)."""
    done = st.session_state.get(DONE_KEY)
    if not done or done[0] != _file_key(kind, content):
        return False
    st.success(done[1], icon=":material/check_circle:")
    st.button(tr("ui.upload.imported"), icon=":material/check:", disabled=True)
    return True


def _file(actor: Actor, kind: str) -> None:
    uploader_words(
        tr("ui.upload.browse"),
        tr("ui.upload.limit_hint", size=f"{imports.UPLOAD_LIMIT // 2**20}MB"),
    )
    upload = st.file_uploader(
        tr("ui.upload.file"),
        type=["xlsx", "csv"],
        key=f"_upload_file_{kind}",
        help=tr("ui.upload.file_help"),
    )
    if upload is None:
        st.info(tr("ui.upload.empty"), icon=":material/upload_file:")
        return
    content = upload.getvalue()
    if _imported(kind, content):
        return
    slot = f"_mapping_{kind}_{hashlib.sha256(content).hexdigest()[:16]}"
    mapping: dict[str, Any] = st.session_state.get(slot, {})
    parsed = _parse(actor, kind, upload.name, content, mapping)
    with st.expander(tr("ui.upload.mapping"), expanded=bool(parsed.unmapped) or not parsed.ok):
        mapping = _mapping_editor(kind, parsed, slot)
    cols = st.columns(3)
    cols[0].metric(tr("ui.upload.rows"), number(parsed.total_rows), border=True)
    cols[1].metric(tr("ui.upload.valid"), number(parsed.valid_rows), border=True)
    cols[2].metric(
        tr("ui.upload.problem_rows_label"),
        number(problem_rows(parsed)),
        help=tr("ui.upload.problems_help", cells=number(len(parsed.errors))),
        border=True,
    )
    if parsed.others_changed:
        _others_changed(parsed.others_changed)
    if not parsed.frame.empty:
        st.subheader(tr("ui.upload.preview"), anchor=False)
        preview = parsed.frame.head(50)
        # Optional fields the file does not have would only add empty, cut-off columns.
        preview = preview.loc[:, preview.notna().any()].astype(object)
        preview = preview.where(preview.notna(), "")
        preview.columns = [label(kind, c, state.lang()) for c in preview.columns]
        st.dataframe(preview, hide_index=True, width="stretch")
    if parsed.errors:
        _errors(parsed, kind)
    file_level = any(e.row is None for e in parsed.errors)
    if parsed.ok and parsed.valid_rows:
        if st.button(
            tr("ui.upload.import", rows=number(parsed.valid_rows)),
            type="primary",
            icon=":material/publish:",
        ):
            _import(actor, kind, upload.name, content, mapping, valid_only=False)
    elif parsed.errors and not file_level and parsed.valid_rows:
        st.caption(tr("ui.upload.nothing_written"))
        if st.button(
            tr("ui.upload.import_valid", rows=number(parsed.valid_rows)), icon=":material/rule:"
        ):
            _import(actor, kind, upload.name, content, mapping, valid_only=True)
    elif parsed.errors:
        st.caption(tr("ui.upload.fix_file"))


def _history(actor: Actor) -> None:
    st.subheader(tr("ui.upload.history"), anchor=False)
    with state.unit_of_work() as session:
        history = imports.imports_frame(session, actor)
    if history.empty:
        st.info(tr("ui.upload.no_history"), icon=":material/history:")
        return
    shown = history.drop(columns=["sha256"]).assign(
        kind=[tr(f"ui.kind.{k}") for k in history["kind"]],
        status=[tr(f"ui.upload.status.{s}") for s in history["status"]],
    )
    shown.columns = [tr(f"ui.upload.h.{c}") for c in shown.columns]
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        placeholder=DASH,
        column_config={
            tr("ui.upload.h.at"): st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
            tr("ui.upload.h.rows"): st.column_config.NumberColumn(format="localized"),
        },
    )
    applied = history[history["status"] == "applied"]
    if applied.empty:
        return
    mine = applied if can(actor, "rollback_import") else applied[applied["by"] == actor.username]
    if mine.empty:
        return
    with st.popover(tr("ui.upload.rollback"), icon=":material/undo:"):
        labels = {
            int(r.id): f"#{r.id} · {tr(f'ui.kind.{r.kind}')} · {r.file} · {number(r.rows)}"
            for r in mine.itertuples(index=False)
        }
        chosen = st.selectbox(tr("ui.upload.rollback_which"), list(labels), format_func=labels.get)
        st.caption(tr("ui.upload.rollback_help"))
        if st.button(tr("ui.upload.rollback_confirm"), type="primary", key="_upload_rollback"):
            ui.write(
                lambda s: imports.rollback(s, actor, int(chosen)),
                N_("ui.upload.rolled_back"),
                id=chosen,
            )


def _others_changed(counts: dict[str, int]) -> None:
    """SPEC §9: before importing, say whose stored rows this upload replaces, and how many."""
    label = reads.labeller()
    people = ", ".join(f"{label(e)}: {number(n)}" for e, n in counts.items())
    st.warning(tr("ui.upload.others_changed", people=people), icon=":material/group:")


def render() -> None:
    actor = require_actor()
    st.title(tr("ui.page.upload"), anchor=False)
    if not upload_kinds(actor, reads.policy().stewards):
        st.info(tr("ui.upload.none_allowed"), icon=":material/info:")
        return
    kind = _kind(actor)
    lang = state.lang()  # the download runs outside this script run: capture, do not read later
    with state.unit_of_work() as session:
        samples = upload_help.template_samples(session, actor, kind)
    st.download_button(
        tr("ui.upload.template_for", kind=tr(f"ui.kind.{kind}")),
        data=lambda: template_workbook(kind, lang, samples),
        file_name=f"template-{kind}.xlsx",
        mime=XLSX,
        icon=":material/download:",
        on_click="ignore",
    )
    _file(actor, kind)
    st.divider()
    _history(actor)


render()
