"""Cell, row and file rules for uploads: cells → canonical values plus per-row errors.

Every check is a vectorised mask over whole columns, so a million-row file costs seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from core.catalogue import CATALOGUE, ROLES
from core.i18n import N_, t
from core.periods import Period
from core.records import conform
from core.schema import EMPLOYEE_REFERENCES, KINDS, Column, Kind
from data.importing.headers import label
from data.importing.readers import cell_text, filled

MAX_ERRORS = 1000
MAX_TEXT = 500  # longer "ids" or names are pasted paragraphs, not data
VALUE_PREVIEW = 60
EARLIEST = pd.Timestamp("1970-01-01")
LATEST = pd.Timestamp("2100-01-01")
EXCEL_EPOCH = pd.Timestamp("1899-12-30")  # serial 1 = 1900-01-01 (Excel's leap-year quirk)
_EARLIEST_SERIAL = (EARLIEST - EXCEL_EPOCH).days
_LATEST_SERIAL = (LATEST - EXCEL_EPOCH).days
METHODS = ("linear", "bands", "manual")

# Plausibility ceilings: a value above these is a typo or a unit mix-up (fen for yuan,
# seconds for minutes), refused rather than allowed to dominate a month's KPIs.
SANITY_MAX: dict[str, float] = {
    "paid_amount": 100_000_000,
    "refund_amount": 100_000_000,
    "cost": 100_000_000,
    "target_bonus": 10_000_000,
    "late_minutes": 1440,
    "early_leave_minutes": 1440,
    "duration_s": 86_400,
    "revisions": 1000,
    "visitors": 1_000_000_000,
    "new_visitors": 1_000_000_000,
    "page_views": 10_000_000_000,
    "participants": 1_000_000_000,
}
_TYPE_SANITY_MAX = {"money": 100_000_000, "int": 10_000_000_000, "number": 1e12}

# fmt: off
_BOOL_WORDS = {
    "true": True, "false": False, "1": True, "0": False, "1.0": True, "0.0": False,
    "yes": True, "no": False, "y": True, "n": False, "t": True, "f": False,
    "是": True, "否": False, "对": True, "错": False, "真": True, "假": False,
    "√": True, "×": False, "✓": True, "✗": False,
}
# Role and method words people type in Chinese sheets; the stored ids stay canonical.
_ROLE_WORDS = {
    **{r: r for r in ROLES},
    "运营总监": "director", "总监": "director", "电商总监": "director",
    "运营": "ops", "operations": "ops", "客服": "cs", "customer service": "cs",
    "美工": "designer", "设计": "designer", "美工设计": "designer", "设计师": "designer",
    "design": "designer", "销售": "sales", "电销": "sales", "人力资源": "hr", "人事": "hr",
    "管理员": "admin", "administrator": "admin",
}
_METHOD_WORDS = {
    **{m: m for m in METHODS},
    "线性": "linear", "比例": "linear", "分档": "bands", "阶梯": "bands",
    "手工": "manual", "手动": "manual", "人工": "manual", "人工评分": "manual",
}
# fmt: on
_KPI_WORDS = {
    **{k: k for k in CATALOGUE},
    **{kpi.name_en.lower(): k for k, kpi in CATALOGUE.items()},
    **{kpi.name_zh: k for k, kpi in CATALOGUE.items()},
}
_EXPECTED = {
    "money": "1234.50",
    "number": "12.5",
    "int": "12",
    "date": "2026-03-05",
    "datetime": "2026-03-05 14:30:00",
    "bool": "true/false, 1/0, yes/no, y/n, 是/否",
    "period": "2026-03",
    "role": ", ".join(ROLES),
    "method": ", ".join(METHODS),
    "kpi": "net_sales, csat, …",
}
# A text cell starting like this would run as a formula when the data is exported and opened
# in a spreadsheet (CSV injection). Signed numbers and phone numbers are let through.
_PLAIN_SIGNED = r"[+\-][0-9 ().\-]*"


@dataclass(frozen=True)
class RowError:
    """One problem, at a spreadsheet row (header = row 1) or at file level (row None)."""

    row: int | None
    column: str | None
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def detail(self, lang: str = "en") -> str:
        """The problem alone, without the row/column prefix (for a table with those columns)."""
        return t(self.key, lang, **self.params)

    def message(self, lang: str = "en") -> str:
        """A full sentence: "Row 7, paid_amount: '12,5x' is not an amount (…)."."""
        detail = self.detail(lang)
        if self.row is None and self.column is None:
            return detail
        column = _column_name(self.column, lang) if self.column else ""
        if self.row is None:
            return t("import.at_column", lang, column=column, detail=detail)
        if self.column is None:
            return t("import.at_row", lang, row=self.row, detail=detail)
        return t("import.at_row_column", lang, row=self.row, column=column, detail=detail)


def _column_name(column: str, lang: str) -> str:
    if lang != "zh":
        return column
    zh = label(None, column, "zh")
    return column if zh == column else f"{zh}（{column}）"


class _Errors:
    """Collects failing rows per check as arrays; only the first MAX_ERRORS become objects."""

    def __init__(self, rows: np.ndarray, columns: list[str]) -> None:
        self.rows = rows
        self.bad = np.zeros(len(rows), dtype=bool)
        self.order = {c: i for i, c in enumerate(columns)}
        self.parts: list[tuple[np.ndarray, str, str, dict[str, Any], dict[str, np.ndarray]]] = []
        self.total = 0

    def add(
        self,
        mask: np.ndarray | pd.Series,
        column: str,
        key: str,
        values: pd.Series | None = None,
        per_row: dict[str, pd.Series] | None = None,
        /,
        **params: Any,
    ) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        self.bad |= mask
        positions = np.flatnonzero(mask)
        self.total += len(positions)
        positions = positions[:MAX_ERRORS]
        extra: dict[str, np.ndarray] = {}
        if values is not None:
            extra["value"] = _pick(values, positions)
        for name, series in (per_row or {}).items():
            extra[name] = _pick(series, positions)
        self.parts.append((positions, column, key, params, extra))

    def build(self) -> list[RowError]:
        candidates: list[tuple[int, int, int, int]] = []
        for part_no, (positions, column, _key, _params, _extra) in enumerate(self.parts):
            order = self.order.get(column, len(self.order))
            candidates.extend(
                (int(self.rows[p]), order, part_no, i) for i, p in enumerate(positions)
            )
        candidates.sort()
        errors = []
        for row, _order, part_no, i in candidates[:MAX_ERRORS]:
            _positions, column, key, params, extra = self.parts[part_no]
            row_params = dict(params)
            for name, values in extra.items():
                value = values[i]
                row_params[name] = _preview(value) if name == "value" else _plain(value)
            errors.append(RowError(row, column, key, row_params))
        if self.total > MAX_ERRORS:
            errors.append(
                RowError(
                    None,
                    None,
                    N_("import.too_many_errors"),
                    {"shown": MAX_ERRORS, "total": self.total, "rows": int(self.bad.sum())},
                )
            )
        return errors


def _pick(values: pd.Series | np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Only the failing cells become Python objects, not the whole column; typed .xlsx cells
    become the text the sheet shows."""
    if isinstance(values, pd.Series):
        return np.asarray(cell_text(values.iloc[positions]), dtype=object)
    return np.asarray(values, dtype=object)[positions]


def _preview(value: Any) -> str:
    text = "" if value is None or value is pd.NA else str(value)
    return text if len(text) <= VALUE_PREVIEW else text[: VALUE_PREVIEW - 1] + "…"


def _plain(value: Any) -> Any:
    """Params stay JSON-friendly: numpy scalars become Python ones."""
    return value.item() if isinstance(value, np.generic) else value


# --- cell converters: (canonical values, mask of non-empty cells that are not of the type) ---


def _arrow(text: pd.Series) -> pa.Array:
    """The column as one Arrow string array (zero-copy for pandas' Arrow-backed str dtype)."""
    array = pa.array(text, type=pa.string(), from_pandas=True)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _to_float(text: pd.Series) -> np.ndarray:
    """Text → float64 (NaN where empty or not a number).

    Arrow's C++ cast parses a clean column ~40× faster than `pd.to_numeric`; it refuses the
    whole column on one bad cell, and only then does the slow, cell-forgiving path run.
    """
    blank = (text == "").to_numpy()
    try:
        array = pc.cast(_arrow(text.where(~blank)), pa.float64())
        return np.array(array.to_numpy(zero_copy_only=False), dtype="float64")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        values = pd.to_numeric(text.where(~blank), errors="coerce")
        return np.asarray(values, dtype="float64")


def _numbers(text: pd.Series, money: bool) -> tuple[pd.Series, np.ndarray]:
    cleaned = text
    if money:
        currency = text.str.startswith(("¥", "￥")).to_numpy(dtype=bool)
        if currency.any():  # '¥1,299.00' as shop back-ends print it
            cleaned = cleaned.where(~currency, cleaned.str[1:].str.strip())
    comma = cleaned.str.contains(",", regex=False).to_numpy(dtype=bool)
    if comma.any():  # "1,234.50" as Excel formats it; "12,5" stays an error
        grouped = comma & cleaned.str.fullmatch(
            r"[+\-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?"
        ).to_numpy(dtype=bool)
        cleaned = cleaned.where(~grouped, cleaned.str.replace(",", "", regex=False))
    arr = _to_float(cleaned)
    finite = np.isfinite(arr)
    bad = (text != "").to_numpy() & ~finite
    arr = np.where(finite, arr, np.nan)
    return pd.Series(arr, index=text.index), bad


def parse_datetimes(text: pd.Series) -> pd.Series:
    """ISO, '2026/03/05', '2026年3月5日', '20260305', Excel serials and tz-suffixed stamps.

    The ISO fast path covers nearly every cell; slower fallbacks only see what it left.
    Microsecond stamps, so a year such as 2500 can still be told apart from a non-date and
    reported as out of range.
    """
    present = text != ""
    source = text.where(present)
    # pandas' ISO parser also takes '2026' and '2026-03': a date needs its day, so ≥ 8 chars
    source = source.where(text.str.len() >= 8)
    try:
        out = pd.to_datetime(source, format="ISO8601", errors="coerce")
    except (ValueError, TypeError):
        # mixed UTC offsets: keep the local wall time, as the shop back-end displayed it
        source = source.str.replace(r"(?<=[0-9])(Z|[+\-][0-9]{2}:?[0-9]{2})$", "", regex=True)
        out = pd.to_datetime(source, format="ISO8601", errors="coerce")
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    out = out.astype("datetime64[us]")
    missing = present & out.isna()
    if missing.any():
        rest = text[missing]
        norm = (
            rest.str.replace(r"[/.年月]", "-", regex=True)
            .str.replace(r"[日号]", " ", regex=True)
            .str.replace(r"[时点]", ":", regex=True)
            .str.replace(r"分秒?", "", regex=True)
            .str.replace("T", " ", regex=False)
            .str.strip()
        )
        parts = norm.str.extract(
            r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
            r"(?: +([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:\.[0-9]+)?)?)?$"
        )
        parts.columns = ["year", "month", "day", "hour", "minute", "second"]
        found = parts["year"].notna()
        if found.any():
            stamp = pd.to_datetime(parts[found].fillna("0").astype("int64"), errors="coerce")
            out.loc[stamp.index] = stamp.astype("datetime64[us]")
        compact = rest.str.fullmatch(r"[0-9]{8}")
        if compact.any():
            stamp = pd.to_datetime(rest[compact], format="%Y%m%d", errors="coerce")
            out.loc[stamp.index] = stamp.astype("datetime64[us]")
        serial_text = rest[~found & ~compact & rest.str.fullmatch(r"[0-9]{1,6}(\.[0-9]+)?")]
        if len(serial_text):
            serial = pd.to_numeric(serial_text, errors="coerce")
            # a serial outside 1970..2099 is a plain number such as 2026, not a date
            serial = serial[(serial >= _EARLIEST_SERIAL) & (serial < _LATEST_SERIAL)]
            seconds = (serial * 86_400).round().astype("int64")
            stamp = EXCEL_EPOCH + pd.to_timedelta(seconds, unit="s")
            out.loc[stamp.index] = stamp.astype("datetime64[us]")
    return out


def _lookup(text: pd.Series, words: dict[str, Any]) -> pd.Series:
    """text.str.lower().map(words), with each distinct word looked up once."""
    encoded = pc.dictionary_encode(pc.utf8_lower(_arrow(text)))
    found = np.array([words.get(w) for w in encoded.dictionary.to_pylist()], dtype=object)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    return pd.Series(found[codes], index=text.index, dtype=object)


def _bools(text: pd.Series) -> tuple[pd.Series, np.ndarray]:
    values = _lookup(text, _BOOL_WORDS).astype("boolean")
    bad = (text != "").to_numpy() & values.isna().to_numpy()
    return values, bad


def _words(text: pd.Series, words: dict[str, str]) -> tuple[pd.Series, np.ndarray]:
    values = _lookup(text, words)
    bad = (text != "").to_numpy() & values.isna().to_numpy()
    return values.astype(object).where(values.notna(), None), bad


def _periods(text: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """'2026-03' (also '2026/3', '2026年3月', '202603', or an Excel date on the 1st)."""
    parts = text.str.extract(
        r"^([0-9]{4}) *(?:[-/.年] *)?([0-9]{1,2}) *月?(?:[-/.]0?1(?: +00:00(?::00)?)?)?$"
    )
    month = pd.to_numeric(parts[1], errors="coerce")
    ok = parts[0].notna() & month.between(1, 12)
    values = (parts[0] + "-" + parts[1].str.zfill(2)).where(ok)
    bad = (text != "").to_numpy() & ~ok.to_numpy()
    return values.astype(object).where(ok, None), bad


# --- the validator ----------------------------------------------------------------------------


def validate(
    kind: str,
    raw: pd.DataFrame,
    *,
    known_employee_ids: set[str] | None = None,
    known_store_ids: set[str] | None = None,
    today: date | None = None,
) -> tuple[pd.DataFrame, list[RowError]]:
    """Check every cell and row of a canonical-named frame (index = spreadsheet rows).

    Text is parsed; a typed .xlsx column (see `readers.RawTable`) of the column's own type
    is taken as it is, one of another type is parsed from its text. Returns the canonical
    frame of the valid rows and the errors (capped at MAX_ERRORS plus one summary). Rules
    beyond the types: required cells, non-negative and ranged numbers, plausibility
    ceilings, formula-like text, duplicate keys, references to employees and stores, date
    order and periods no later than next month.
    """
    spec = KINDS[kind]
    rows = raw.index.to_numpy()
    errors = _Errors(rows, spec.column_names)
    converted: dict[str, pd.Series] = {}
    texts: dict[str, pd.Series] = {}
    typed_ok: dict[str, np.ndarray] = {}
    for column in spec.columns:
        if column.name not in raw.columns:
            continue
        cells = raw[column.name]
        if not _native(column.type, cells):
            cells = cell_text(cells)
            if cells.dtype != "str":
                cells = cells.astype("str")
            cells = cells.fillna("").str.strip()
        values, bad = _convert(column, cells, errors, today)
        texts[column.name] = cells
        converted[column.name] = values
        typed_ok[column.name] = ~bad
        if column.required:
            errors.add(~filled(cells), column.name, N_("import.required_missing"))
    frame = pd.DataFrame(converted, index=raw.index)
    _cross_checks(kind, frame, texts, typed_ok, errors, known_employee_ids, known_store_ids)
    valid = frame[~errors.bad]
    return conform(kind, valid), errors.build()


# The dtype kind of the typed .xlsx columns each column type takes without parsing text.
_NATIVE = {"money": "f", "number": "f", "int": "f", "date": "M", "datetime": "M", "bool": "b"}


def _native(kind: str, cells: pd.Series) -> bool:
    """Whether `cells` is a typed .xlsx column that a column of type `kind` takes as it is."""
    return cells.dtype.kind == _NATIVE.get(kind)


def _convert(
    column: Column, text: pd.Series, errors: _Errors, today: date | None
) -> tuple[pd.Series, np.ndarray]:
    """Parse one column; add its type and range errors; return values and the bad mask.

    `text` is trimmed text, or a typed .xlsx column that the type takes (`_native`): its
    cells are all of the type, so only the range rules apply.
    """
    name, kind = column.name, column.type
    present = filled(text)
    native = _native(kind, text)
    expected = _EXPECTED.get(kind, "")
    if kind == "str":
        return _text(name, text, errors)
    if kind in ("money", "number", "int"):
        if native:
            values, bad = text, np.zeros(len(text), dtype=bool)
        else:
            values, bad = _numbers(text, money=kind == "money")
        key = {"money": N_("import.not_amount"), "int": N_("import.not_integer")}.get(
            kind, N_("import.not_number")
        )
        errors.add(bad, name, key, text, expected=expected)
        arr = values.to_numpy()
        ok = present & ~bad
        with np.errstate(invalid="ignore"):
            if kind == "int":
                fraction = ok & (arr != np.floor(arr))
                errors.add(fraction, name, N_("import.not_integer"), text, expected=expected)
                bad = bad | fraction
            if kind == "money" or column.places is not None:
                places = 2 if kind == "money" else column.places
                decimals = ok & _too_many_places(arr, places)
                key = (
                    N_("import.amount_decimals") if kind == "money" else N_("import.score_decimals")
                )
                errors.add(decimals, name, key, text, expected=expected, places=places)
                bad = bad | decimals
                values = values.round(places)  # drops binary noise such as 0.30000000000000004
            ok = present & ~bad
            bad = bad | _ranges(column, values, text, ok, errors)
        return values, bad
    if kind in ("date", "datetime"):
        values = text.astype("datetime64[us]") if native else parse_datetimes(text)
        bad = present & values.isna().to_numpy()
        key = N_("import.not_date") if kind == "date" else N_("import.not_datetime")
        errors.add(bad, name, key, text, expected=expected)
        outside = present & ~bad & ((values < EARLIEST) | (values >= LATEST)).to_numpy()
        errors.add(
            outside,
            name,
            N_("import.date_out_of_range"),
            text,
            earliest=EARLIEST.year,
            latest=LATEST.year - 1,
        )
        values = values.where(~outside).astype("datetime64[ns]")
        if kind == "date":
            values = values.dt.normalize()
        return values, bad | outside
    if kind == "bool":
        values, bad = (text, np.zeros(len(text), dtype=bool)) if native else _bools(text)
        errors.add(bad, name, N_("import.not_bool"), text, expected=expected)
        return values, bad
    if kind == "period":
        values, bad = _periods(text)
        errors.add(bad, name, N_("import.not_period"), text, expected=expected)
        latest = str(Period.of(today or date.today()).next())
        future = present & ~bad & (values.fillna("") > latest).to_numpy()
        errors.add(future, name, N_("import.period_future"), text, latest=latest)
        early = present & ~bad & (values.fillna("9999") < "2000-01").to_numpy()
        errors.add(early, name, N_("import.period_too_old"), text, earliest="2000-01")
        return values, bad | future | early
    words, key = {
        "role": (_ROLE_WORDS, N_("import.not_role")),
        "method": (_METHOD_WORDS, N_("import.not_method")),
        "kpi": (_KPI_WORDS, N_("import.not_kpi")),
    }[kind]
    values, bad = _words(text, words)
    errors.add(bad, name, key, text, expected=expected)
    return values, bad


def _too_many_places(arr: np.ndarray, places: int) -> np.ndarray:
    """Cells with a non-zero digit beyond `places` decimals (float noise tolerated)."""
    scaled = arr * 10**places
    return np.abs(scaled - np.round(scaled)) > 1e-6 * np.maximum(1, np.abs(scaled))


def _text(name: str, text: pd.Series, errors: _Errors) -> tuple[pd.Series, np.ndarray]:
    """Text is kept verbatim (trimmed); HTML stays literal text, formula-like cells are refused."""
    formula = text.str.startswith(("=", "+", "-", "@")).to_numpy(dtype=bool)
    if formula.any():
        formula = formula & ~text.str.fullmatch(_PLAIN_SIGNED).to_numpy(dtype=bool)
    errors.add(formula, name, N_("import.formula_like"), text, {"char": text.str[0]})
    too_long = (text.str.len() > MAX_TEXT).to_numpy()
    errors.add(
        too_long,
        name,
        N_("import.text_too_long"),
        None,
        {"length": text.str.len()},
        maximum=MAX_TEXT,
    )
    bad = formula | too_long
    plus = text.str.contains("+", regex=False).to_numpy(dtype=bool) & ~bad
    if name.endswith("_id") and plus.any():
        # 1.23457E+17: Excel stored a long id as a number and the digits are gone
        scientific = plus & text.str.fullmatch(r"[0-9](\.[0-9]+)?[eE]\+[0-9]+").to_numpy(dtype=bool)
        errors.add(scientific, name, N_("import.id_scientific"), text)
        bad |= scientific
    if name == "email":
        invalid = (
            (text != "").to_numpy()
            & ~bad
            & ~text.str.fullmatch(r"[^@ ]+@[^@ ]+\.[^@ ]+").to_numpy(dtype=bool)
        )
        errors.add(invalid, name, N_("import.not_email"), text)
        bad |= invalid
    return text.where(text != ""), bad  # conform() makes it object with None


def _ranges(
    column: Column, values: pd.Series, text: pd.Series, ok: np.ndarray, errors: _Errors
) -> np.ndarray:
    arr = values.to_numpy()
    name = column.name
    bad = np.zeros(len(arr), dtype=bool)
    with np.errstate(invalid="ignore"):
        if column.minimum is not None or column.maximum is not None:
            low = -np.inf if column.minimum is None else column.minimum
            high = np.inf if column.maximum is None else column.maximum
            outside = ok & ((arr < low) | (arr > high))
            errors.add(
                outside,
                name,
                N_("import.out_of_range"),
                text,
                minimum=_num(low),
                maximum=_num(high),
            )
            bad |= outside
        if column.non_negative:
            negative = ok & ~bad & (arr < 0)
            errors.add(negative, name, N_("import.negative"), text)
            bad |= negative
        ceiling = SANITY_MAX.get(name, _TYPE_SANITY_MAX.get(column.type, np.inf))
        huge = ok & ~bad & (np.abs(arr) > ceiling)
        errors.add(huge, name, N_("import.too_large"), text, maximum=_num(ceiling))
        bad |= huge
    return bad


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


def _cross_checks(
    kind: str,
    frame: pd.DataFrame,
    texts: dict[str, pd.Series],
    typed_ok: dict[str, np.ndarray],
    errors: _Errors,
    known_employee_ids: set[str] | None,
    known_store_ids: set[str] | None,
) -> None:
    """Rules across cells and rows: duplicates, references, date order, target scope."""
    spec = KINDS[kind]
    n = len(frame)

    def valid(column: str) -> np.ndarray:
        """Cells that are given and of the right type (the ones worth cross-checking)."""
        # a converted value is missing exactly when its cell was empty or not of the type
        if column not in frame:
            return np.zeros(n, dtype=bool)
        return given(column) & typed_ok[column]

    def given(column: str) -> np.ndarray:
        if column not in texts:
            return np.zeros(n, dtype=bool)
        return filled(texts[column])

    _duplicates(spec, frame, texts, typed_ok, errors, valid)

    # references to employees; a manager may also be an employee of this very file
    known = set(known_employee_ids) if known_employee_ids is not None else None
    if kind == "employees" and "employee_id" in frame:
        known = (known or set()) | set(frame.loc[valid("employee_id"), "employee_id"])
    for column in EMPLOYEE_REFERENCES.get(kind, ()):
        if column not in frame or known is None:
            continue
        unknown = valid(column) & ~frame[column].isin(known).to_numpy()
        key = (
            N_("import.unknown_manager")
            if column == "manager_id"
            else N_("import.unknown_employee")
        )
        errors.add(unknown, column, key, texts[column])
    if kind == "employees" and "manager_id" in frame:
        same = valid("manager_id") & (texts["manager_id"] == texts["employee_id"]).to_numpy()
        errors.add(same, "manager_id", N_("import.self_manager"), texts["manager_id"])
    if known_store_ids is not None and kind in ("orders", "traffic") and "store" in frame:
        unknown = valid("store") & ~frame["store"].isin(known_store_ids).to_numpy()
        errors.add(unknown, "store", N_("import.unknown_store"), texts["store"])

    # a date that must not come before another date of the same row
    for later, earlier in _DATE_ORDER.get(kind, ()):
        if later not in frame or earlier not in frame:
            continue
        both = valid(later) & valid(earlier)
        before = both & (frame[later] < frame[earlier]).to_numpy(dtype=bool)
        errors.add(
            before,
            later,
            N_("import.date_order"),
            texts[later],
            {"other_value": texts[earlier]},  # typed cells are quoted as text by _pick
            other=earlier,
        )

    # a refund beyond what was paid would make net sales negative (SPEC §7 nets refunds)
    if kind == "orders" and "refund_amount" in frame and "paid_amount" in frame:
        both = np.flatnonzero(valid("refund_amount") & valid("paid_amount"))
        over = np.zeros(n, dtype=bool)
        refunds = frame["refund_amount"].to_numpy(dtype=object)[both]
        over[both] = (refunds > frame["paid_amount"].to_numpy(dtype=object)[both]).astype(bool)
        errors.add(
            over,
            "refund_amount",
            N_("import.refund_exceeds_paid"),
            texts["refund_amount"],
            {"paid": texts["paid_amount"]},
        )

    # a target is set for one employee or for one role (SPEC §9: "employee_id or role")
    if kind == "targets":
        employee, role = given("employee_id"), given("role")
        errors.add(employee & role, "role", N_("import.target_scope_both"))
        errors.add(~employee & ~role, "employee_id", N_("import.target_scope_missing"))


_DATE_ORDER: dict[str, tuple[tuple[str, str], ...]] = {
    "employees": (("leave_date", "hire_date"),),
    "campaigns": (("end_date", "start_date"),),
    "tickets": (("first_response_at", "created_at"), ("resolved_at", "created_at")),
}


def _duplicates(
    spec: Kind,
    frame: pd.DataFrame,
    texts: dict[str, pd.Series],
    typed_ok: dict[str, np.ndarray],
    errors: _Errors,
    valid: Any,
) -> None:
    """Every row of a key that occurs twice is reported and none is kept: which is right?

    Keys compare canonical values, so '2026/03/05' and '2026-03-05' are the same day.
    """
    columns = [c for c in spec.key if c in frame]
    if not columns:
        return
    usable = np.ones(len(frame), dtype=bool)
    for column in columns:
        # an optional key part (targets' employee_id or role) may be empty, never invalid
        usable &= valid(column) if spec.column(column).required else typed_ok[column]
    # text keys hash fastest as Arrow strings; dates and words compare by canonical value
    keys = pd.DataFrame(
        {c: texts[c] if spec.column(c).type == "str" else frame[c] for c in columns}
    )[usable]
    keys = keys.astype(object).fillna("") if len(columns) > 1 else keys
    duplicated = keys.duplicated(keep=False).to_numpy()
    if not duplicated.any():
        return
    dup = keys[duplicated].copy()
    dup["__row"] = dup.index
    groups = dup.groupby(columns, sort=False, dropna=False)["__row"]
    positions = np.flatnonzero(usable)[duplicated]
    mask = np.zeros(len(frame), dtype=bool)
    mask[positions] = True
    first_row = np.zeros(len(frame), dtype=np.int64)
    first_row[positions] = groups.transform("min").to_numpy()
    count = np.zeros(len(frame), dtype=np.int64)
    count[positions] = groups.transform("size").to_numpy()
    shown = cell_text(texts[columns[0]])
    for column in columns[1:]:
        shown = shown + " / " + cell_text(texts[column])
    errors.add(
        mask,
        columns[0],
        N_("import.duplicate_key"),
        shown,
        {"first_row": first_row, "count": count},
        key_columns=" + ".join(columns),
    )
