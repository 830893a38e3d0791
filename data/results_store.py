"""The stored results of a month: frames split into one JSON row per employee and back.

A month's frames (scorecard, appraisal results, estimate, commission lines and the record
facts behind them) are kept per (month, employee) in `result_rows`, so a save rewrites the
rows of the people it touched and nobody else's. `result_months` holds what belongs to the
month as a whole: the data versions and the day it was computed at, each frame's columns and
dtypes (so a frame read back equals the frame written, NaN and Decimal included) and awards.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.month import by_employee
from data.models import ResultMonth, ResultRow

Frames = dict[str, pd.DataFrame]
_TAGGED = (dict, list)


@dataclass(frozen=True)
class Head:
    """A month's stored header: its inputs' versions, its day, its frames' shape, awards."""

    period: str
    inputs: str
    as_of: date
    columns: dict[str, list[tuple[str, str]]]
    awards: dict[str, list[str]]
    generation: int
    base: int


def head(session: Session, period: str, lock: bool = False) -> Head | None:
    """The month's header, `lock`ed against concurrent writers of the month on PostgreSQL."""
    query = select(ResultMonth).where(ResultMonth.period == period)
    if lock:
        query = query.with_for_update()
    row = session.scalar(query)
    if row is None:
        return None
    meta = json.loads(row.meta)
    columns = {part: [tuple(c) for c in cols] for part, cols in meta["columns"].items()}
    return Head(
        row.period, row.inputs, row.as_of, columns, meta["awards"], row.generation, row.base
    )


def heads(session: Session) -> list[str]:
    return list(session.scalars(select(ResultMonth.period).order_by(ResultMonth.period)))


def write_month(
    session: Session,
    period: str,
    inputs: str,
    as_of: date,
    frames: Frames,
    awards: Mapping[str, list[str]],
) -> int:
    """Replace the whole month: every employee's rows and the header; returns its generation."""
    columns = {
        part: [(str(c), str(frame[c].dtype)) for c in frame.columns]
        for part, frame in frames.items()
    }
    record = session.get(ResultMonth, period)
    if record is None:
        record = ResultMonth(period=period, generation=0)
        session.add(record)
    record.generation += 1
    record.base = record.generation
    record.inputs, record.as_of, record.computed_at = inputs, as_of, datetime.now()
    record.meta = json.dumps({"columns": columns, "awards": dict(awards)})
    generation = record.generation
    session.execute(delete(ResultRow).where(ResultRow.period == period))
    payloads = _payloads(frames)
    session.add_all(
        ResultRow(period=period, employee_id=e, payload=json.dumps(p), generation=generation)
        for e, p in payloads.items()
    )
    session.flush()
    return generation


def write_people(
    session: Session, month: Head, inputs: str, frames: Frames, ids: Iterable[str]
) -> None:
    """Replace the named parts of `ids`' rows, keep their other parts, move the header on."""
    ids = sorted(set(ids))
    stored = {
        r.employee_id: r
        for r in session.scalars(
            select(ResultRow).where(
                ResultRow.period == month.period, ResultRow.employee_id.in_(ids)
            )
        )
    }
    fresh = _payloads(frames)
    record = session.get(ResultMonth, month.period)
    record.inputs, record.generation = inputs, record.generation + 1
    for employee_id in ids:
        row = stored.get(employee_id)
        payload = json.loads(row.payload) if row is not None else {}
        for part in frames:
            payload.pop(part, None)
        payload.update(fresh.get(employee_id, {}))
        if row is None:
            row = ResultRow(period=month.period, employee_id=employee_id)
            session.add(row)
        row.payload, row.generation = json.dumps(payload), record.generation
    session.flush()


def changed_since(session: Session, month: Head, generation: int) -> list[str]:
    """The employees whose rows were written after `generation`."""
    query = select(ResultRow.employee_id).where(
        ResultRow.period == month.period, ResultRow.generation > generation
    )
    return list(session.scalars(query))


def read_rows(session: Session, month: Head, ids: Iterable[str] | None = None) -> Frames:
    """The month's frames, whole or for `ids` only, exactly as written, in employee order."""
    query = select(ResultRow.payload).where(ResultRow.period == month.period)
    if ids is not None:
        query = query.where(ResultRow.employee_id.in_(sorted(set(ids))))
    values: dict[str, dict[str, list[Any]]] = {
        part: {c: [] for c, _ in cols} for part, cols in month.columns.items()
    }
    for text in session.scalars(query):
        for part, cols in json.loads(text).items():
            into = values.get(part)
            if into is None:
                continue
            for column, items in cols.items():
                into[column].extend(items)
    return {
        part: by_employee(
            pd.DataFrame(
                {c: _decoded(values[part][c], dtype) for c, dtype in cols},
                columns=[c for c, _ in cols],
            )
        )
        for part, cols in month.columns.items()
    }


def _payloads(frames: Frames) -> dict[str, dict[str, dict[str, list[Any]]]]:
    """{employee: {part: {column: [values]}}}: each employee's rows, column by column."""
    out: dict[str, dict[str, dict[str, list[Any]]]] = {}
    for part, frame in frames.items():
        if frame.empty:
            continue
        encoded = {c: [_encode(v) for v in frame[c].tolist()] for c in frame.columns}
        owners = frame["employee_id"].astype(str).tolist()
        for i, employee_id in enumerate(owners):
            cols = out.setdefault(employee_id, {}).setdefault(part, {c: [] for c in frame.columns})
            for column, items in encoded.items():
                cols[column].append(items[i])
    return out


def _encode(value: Any) -> Any:
    """JSON for a frame cell; what JSON lacks (Decimal, NaN, moments) is tagged."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return {"n": 1} if np.isnan(value) else float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return {"d": str(value)}
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"D": value.isoformat()}
    if isinstance(value, list | tuple | np.ndarray):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"o": {str(k): _encode(v) for k, v in value.items()}}
    raise TypeError(f"cannot store {type(value).__name__} in results")


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "d" in value:
            return Decimal(value["d"])
        if "n" in value:
            return float("nan")
        if "t" in value:
            return pd.Timestamp(value["t"])
        if "D" in value:
            return date.fromisoformat(value["D"])
        return {k: _decode(v) for k, v in value["o"].items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _decoded(values: list[Any], dtype: str) -> pd.Series:
    """A column back in its dtype: numbers in one step, tagged cells one by one."""
    if dtype == "object":
        # Most cells are plain text: only tagged ones (dict or list) go through _decode.
        return pd.Series(
            [v if v.__class__ not in _TAGGED else _decode(v) for v in values], dtype=object
        )
    if dtype.startswith("datetime64"):
        moments = [None if v is None else _decode(v) for v in values]
        return pd.Series(pd.to_datetime(moments), dtype=dtype)
    if dtype.startswith(("float", "int", "bool")):
        plain = [np.nan if v is None or isinstance(v, dict) else v for v in values]
        return pd.Series(plain, dtype=dtype)
    return pd.Series([None if v is None or isinstance(v, dict) else v for v in values], dtype=dtype)
