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

from data.models import ResultMonth, ResultRow

Frames = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class Head:
    """A month's stored header: its inputs' versions, its day, its frames' shape, awards."""

    period: str
    inputs: str
    as_of: date
    columns: dict[str, list[tuple[str, str]]]
    awards: dict[str, list[str]]


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
    return Head(row.period, row.inputs, row.as_of, columns, meta["awards"])


def heads(session: Session) -> list[str]:
    return list(session.scalars(select(ResultMonth.period).order_by(ResultMonth.period)))


def write_month(
    session: Session,
    period: str,
    inputs: str,
    as_of: date,
    frames: Frames,
    awards: Mapping[str, list[str]],
) -> None:
    """Replace the whole month: every employee's rows and the header."""
    columns = {
        part: [(str(c), str(frame[c].dtype)) for c in frame.columns]
        for part, frame in frames.items()
    }
    session.execute(delete(ResultRow).where(ResultRow.period == period))
    session.execute(delete(ResultMonth).where(ResultMonth.period == period))
    session.add(
        ResultMonth(
            period=period,
            inputs=inputs,
            as_of=as_of,
            computed_at=datetime.now(),
            meta=json.dumps({"columns": columns, "awards": dict(awards)}),
        )
    )
    payloads = _payloads(frames)
    session.add_all(
        ResultRow(period=period, employee_id=e, payload=json.dumps(p)) for e, p in payloads.items()
    )
    session.flush()


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
    for employee_id in ids:
        row = stored.get(employee_id)
        payload = json.loads(row.payload) if row is not None else {}
        for part in frames:
            payload.pop(part, None)
        payload.update(fresh.get(employee_id, {}))
        if row is None:
            session.add(
                ResultRow(period=month.period, employee_id=employee_id, payload=json.dumps(payload))
            )
        else:
            row.payload = json.dumps(payload)
    record = session.get(ResultMonth, month.period)
    record.inputs = inputs
    session.flush()


def read_rows(session: Session, month: Head, ids: Iterable[str] | None = None) -> Frames:
    """The month's frames, whole or for `ids` only, exactly as written."""
    query = select(ResultRow.payload).where(ResultRow.period == month.period)
    if ids is not None:
        query = query.where(ResultRow.employee_id.in_(sorted(set(ids))))
    values: dict[str, dict[str, list[Any]]] = {
        part: {c: [] for c, _ in cols} for part, cols in month.columns.items()
    }
    for text in session.scalars(query.order_by(ResultRow.employee_id)):
        for part, cols in json.loads(text).items():
            into = values.get(part)
            if into is None:
                continue
            for column, items in cols.items():
                into[column].extend(items)
    return {
        part: pd.DataFrame(
            {c: _decoded(values[part][c], dtype) for c, dtype in cols}, columns=[c for c, _ in cols]
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
        return pd.Series([_decode(v) for v in values], dtype=object)
    if dtype.startswith("datetime64"):
        moments = [None if v is None else _decode(v) for v in values]
        return pd.Series(pd.to_datetime(moments), dtype=dtype)
    if dtype.startswith(("float", "int", "bool")):
        plain = [np.nan if v is None or isinstance(v, dict) else v for v in values]
        return pd.Series(plain, dtype=dtype)
    return pd.Series([None if v is None or isinstance(v, dict) else v for v in values], dtype=dtype)
