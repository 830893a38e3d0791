"""The canonical record frames every formula reads, with one dtype per column type.

Importers and the database hand frames to `core` through `Records`, so formulas never have
to guess whether a missing column, a NaN or an empty frame means "no data".
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import pandas as pd

from core.schema import KINDS, ColumnType

_DTYPES: dict[ColumnType, str] = {
    "str": "object",
    "role": "object",
    "kpi": "object",
    "method": "object",
    "period": "object",
    "int": "float64",
    "number": "float64",
    "money": "float64",
    "datetime": "datetime64[ns]",
    "date": "datetime64[ns]",
    "bool": "boolean",
}


def empty_frame(kind: str) -> pd.DataFrame:
    spec = KINDS[kind]
    return pd.DataFrame({c.name: pd.Series(dtype=_DTYPES[c.type]) for c in spec.columns})


def conform(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Add missing optional columns and cast every column to its canonical dtype.

    Money and counts are float64 (NaN = not given); dates are midnight timestamps;
    booleans are pandas' nullable boolean so "not given" stays distinct from False.
    """
    spec = KINDS[kind]
    out = pd.DataFrame(index=frame.index)
    for col in spec.columns:
        dtype = _DTYPES[col.type]
        if col.name not in frame.columns:
            out[col.name] = pd.Series(
                pd.NA if dtype == "boolean" else None, index=frame.index, dtype=dtype
            )
            continue
        values = frame[col.name]
        if col.type in ("datetime", "date"):
            values = pd.to_datetime(values, format="ISO8601")
            if values.dt.tz is not None:
                values = values.dt.tz_localize(None)
            values = values.astype("datetime64[ns]")
            if col.type == "date":
                values = values.dt.normalize()
        elif dtype == "float64":
            values = pd.to_numeric(values).astype("float64")
        elif dtype == "boolean":
            values = values.astype("boolean")
        else:
            values = values.astype("object").where(values.notna(), None)
        out[col.name] = values
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class Records:
    """Every record kind as a canonical frame; absent kinds are empty frames, never None.

    Repeat rate, new customers and the sales cycle look back over all history, but the months
    being computed need only two facts from before them, so older history may come summarised
    instead of as rows: `customers_before` holds the customers with an order not fully
    refunded before the first month computed, and `first_calls_before` each customer's
    earliest call before it (both limited to the customers those months need). Orders of
    earlier months may then be loaded for sales growth only, without their customers. The
    other kinds may hold just the months computed and the one before.
    """

    employees: pd.DataFrame = field(default_factory=lambda: empty_frame("employees"))
    orders: pd.DataFrame = field(default_factory=lambda: empty_frame("orders"))
    traffic: pd.DataFrame = field(default_factory=lambda: empty_frame("traffic"))
    tickets: pd.DataFrame = field(default_factory=lambda: empty_frame("tickets"))
    design_tasks: pd.DataFrame = field(default_factory=lambda: empty_frame("design_tasks"))
    calls: pd.DataFrame = field(default_factory=lambda: empty_frame("calls"))
    attendance: pd.DataFrame = field(default_factory=lambda: empty_frame("attendance"))
    training: pd.DataFrame = field(default_factory=lambda: empty_frame("training"))
    campaigns: pd.DataFrame = field(default_factory=lambda: empty_frame("campaigns"))
    stores: pd.DataFrame = field(default_factory=lambda: empty_frame("stores"))
    metrics: pd.DataFrame = field(default_factory=lambda: empty_frame("metrics"))
    customers_before: pd.Index = field(default_factory=lambda: pd.Index([], dtype=object))
    first_calls_before: pd.Series = field(
        default_factory=lambda: pd.Series(dtype="datetime64[ns]", index=pd.Index([], dtype=object))
    )

    @classmethod
    def of(cls, **frames: pd.DataFrame | list[dict]) -> Records:
        """Build from partial frames or lists of row dicts (handy in tests)."""
        names = {f.name for f in fields(cls) if f.name in KINDS}
        unknown = set(frames) - names
        if unknown:
            raise TypeError(f"unknown record kinds: {sorted(unknown)}")
        built = {
            name: conform(name, pd.DataFrame(value) if isinstance(value, list) else value)
            for name, value in frames.items()
        }
        return cls(**built)
