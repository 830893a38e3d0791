"""Helpers every KPI family shares: month slices, integer-coded groups and the long frame.

Keeping month edges, "fully refunded" and NaN-for-undefined in one place means each family
module states only its formula, and the rules of SPEC §3 cannot drift between families.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from core.periods import Period
from core.records import Records

ACTUAL_COLUMNS = ["employee_id", "kpi_id", "actual"]


def empty_actuals() -> pd.DataFrame:
    """The long frame with no rows but the dtypes callers rely on."""
    return pd.DataFrame(
        {
            "employee_id": pd.Series(dtype="str"),
            "kpi_id": pd.Series(dtype="str"),
            "actual": pd.Series(dtype="float64"),
        }
    )


def to_long(values: Mapping[str, pd.Series]) -> pd.DataFrame:
    """Stack per-employee series (index = employee_id) into `employee_id, kpi_id, actual`.

    An employee absent from a series has no row (undefined for lack of data); a NaN value
    stays a NaN row (undefined for a zero denominator), so both mean "undefined" downstream.
    """
    parts = [
        pd.DataFrame(
            {
                "employee_id": series.index.to_numpy(dtype=object),
                "kpi_id": kpi_id,
                "actual": series.to_numpy(dtype="float64", na_value=np.nan),
            }
        )
        for kpi_id, series in values.items()
        if len(series)
    ]
    return concat_actuals(parts)


def concat_actuals(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_actuals()
    out = pd.concat(frames, ignore_index=True)
    return out.astype({"employee_id": "str", "kpi_id": "str", "actual": "float64"})


def in_month(times: pd.Series, period: Period) -> np.ndarray:
    """Membership by timestamp: a month runs from its first instant up to the next month's."""
    values = times.to_numpy(dtype="datetime64[ns]")
    return (values >= np.datetime64(period.start, "ns")) & (
        values < np.datetime64(period.end, "ns")
    )


def before(times: pd.Series, instant: object) -> np.ndarray:
    return times.to_numpy(dtype="datetime64[ns]") < np.datetime64(instant, "ns")


def is_true(flags: pd.Series) -> np.ndarray:
    """A nullable boolean as plain bools: "not given" is not "true"."""
    return flags.fillna(False).to_numpy(dtype=bool)


def floats(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype="float64", na_value=np.nan)


def texts(values: pd.Series) -> np.ndarray:
    """Ids as an object array: pandas 3 would otherwise infer arrow strings, whose hashing
    and `isin` are several times slower than object hashing at a million rows."""
    return values.to_numpy(dtype=object)


def ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator ÷ denominator with a zero denominator giving NaN (undefined), never 0 or inf."""
    den = denominator.astype("float64")
    num = numerator.reindex(den.index).astype("float64").fillna(0.0)
    return (num / den.where(den != 0)).astype("float64")


def latest_by_key(frame: pd.DataFrame, key: str | list[str]) -> pd.DataFrame:
    """Re-uploaded rows replace earlier ones with the same id, so the last one wins."""
    if len(frame) < 2:
        return frame
    if isinstance(key, str):
        dup = pd.Series(texts(frame[key]), dtype=object).duplicated(keep="last").to_numpy()
    else:
        dup = frame.duplicated(key, keep="last").to_numpy()
    return frame[~dup] if dup.any() else frame


@dataclass(frozen=True)
class Groups:
    """Rows coded by the group (employee, owner) they count for; −1 = counts for nobody.

    Sums and counts are numpy `bincount`s over these codes: a groupby on a million string
    keys costs far more than coding the keys once and reusing the codes for every KPI.
    Every method returns a Series over all groups; callers keep the groups a KPI is
    defined for.
    """

    codes: np.ndarray
    keys: pd.Index

    @classmethod
    def of(cls, values: pd.Series | np.ndarray) -> Groups:
        codes, uniques = pd.factorize(np.asarray(values, dtype=object))
        return cls(codes, pd.Index(np.asarray(uniques, dtype=object), dtype=object))

    @classmethod
    def via(cls, values: pd.Series | np.ndarray, mapping: pd.Series) -> Groups:
        """Group rows by `mapping[value]` (store → owner, campaign → owner).

        Values are coded first and only the few distinct ones are looked up, so a million
        rows cost one factorisation whatever the mapping's size.
        """
        codes, uniques = pd.factorize(np.asarray(values, dtype=object))
        mapped = mapping.reindex(pd.Index(np.asarray(uniques, dtype=object), dtype=object))
        target_codes, targets = pd.factorize(mapped.to_numpy(dtype=object))
        row_codes = np.where(codes >= 0, target_codes[np.maximum(codes, 0)], -1)
        return cls(row_codes, pd.Index(np.asarray(targets, dtype=object), dtype=object))

    def __len__(self) -> int:
        return len(self.keys)

    def _select(self, mask: np.ndarray | None) -> np.ndarray:
        keep = self.codes >= 0
        return keep if mask is None else keep & mask

    def _series(self, values: np.ndarray) -> pd.Series:
        return pd.Series(values.astype("float64"), index=self.keys)

    def count(self, mask: np.ndarray | None = None) -> pd.Series:
        keep = self._select(mask)
        return self._series(np.bincount(self.codes[keep], minlength=len(self)))

    def sum(self, values: np.ndarray, mask: np.ndarray | None = None) -> pd.Series:
        """Σ of the given values; NaN for a group with no value given among the selected rows
        (absent is not zero: an optional column left blank must not score as 0)."""
        keep = self._select(mask)
        given = keep & ~np.isnan(values)
        total = np.bincount(self.codes[given], values[given], minlength=len(self))
        counted = np.bincount(self.codes[given], minlength=len(self))
        return self._series(np.where(counted > 0, total, np.nan))

    def mean(self, values: np.ndarray, mask: np.ndarray | None = None) -> pd.Series:
        """Mean of the given values; NaN where a group has none (a zero denominator)."""
        keep = self._select(mask) & ~np.isnan(values)
        total = np.bincount(self.codes[keep], values[keep], minlength=len(self))
        counted = np.bincount(self.codes[keep], minlength=len(self))
        return ratio(self._series(total), self._series(counted))

    def distinct(self, item_codes: np.ndarray, mask: np.ndarray | None = None) -> pd.Series:
        """Distinct items (customer codes ≥ 0) per group, e.g. distinct paying customers."""
        keep = self._select(mask) & (item_codes >= 0)
        width = int(item_codes.max(initial=-1)) + 1
        pairs = pd.unique(self.codes[keep].astype("int64") * max(width, 1) + item_codes[keep])
        return self._series(np.bincount(pairs // max(width, 1), minlength=len(self)))


@dataclass(frozen=True)
class OrderView:
    """The orders one month needs, prepared once and shared by the order-based families.

    `month` holds the month's orders (the last row per order id) with `net` (paid − refund,
    a missing refund being 0), `paying` (not fully refunded) and `customer` (integer codes
    of `customer_ids`, −1 when none); `previous_month` the same for the month before.
    """

    period: Period
    month: pd.DataFrame
    customer: np.ndarray
    customer_ids: np.ndarray
    all_orders: pd.DataFrame
    customers_before: pd.Index

    @classmethod
    def build(cls, records: Records, period: Period) -> OrderView:
        month = _prepare(records.orders, period)
        customer, customer_ids = pd.factorize(texts(month["customer_id"]))
        return cls(
            period=period,
            month=month,
            customer=customer,
            customer_ids=np.asarray(customer_ids, dtype=object),
            all_orders=records.orders,
            customers_before=records.customers_before,
        )

    @cached_property
    def previous_month(self) -> pd.DataFrame:
        """Only sales growth needs it, so it is prepared on first use."""
        return _prepare(self.all_orders, self.period.previous())

    def had_order_before(self, customers: np.ndarray) -> np.ndarray:
        """For each customer id, whether they have an order not fully refunded before the month.

        Only this is needed from history: a customer of the month has ≥ 2 orders up to the
        month's end iff they have one before it or ≥ 2 in it, and is new iff they have none
        before it. The history is probed against the month's few customers (one hash pass),
        never hashed whole; customers known from before the loaded orders count too.
        """
        wanted = pd.Series(customers, dtype=object)
        known = wanted.isin(self.customers_before).to_numpy()
        orders = self.all_orders
        earlier = before(orders["order_time"], self.period.start)
        earlier &= _paying(floats(orders["paid_amount"]), floats(orders["refund_amount"]))
        if not earlier.any() or not len(customers):
            return known
        history = texts(orders["customer_id"])[earlier]
        seen = history[pd.Series(history, dtype=object).isin(wanted).to_numpy()]
        return known | wanted.isin(seen).to_numpy()


def _paying(paid: np.ndarray, refund: np.ndarray) -> np.ndarray:
    """Not fully refunded: fully refunded is refund ≥ paid with refund > 0 (NaN refund = 0)."""
    refund = np.nan_to_num(refund, nan=0.0)
    paid = np.nan_to_num(paid, nan=0.0)
    return ~((refund >= paid) & (refund > 0))


_ORDER_COLUMNS = [
    "order_id",
    "employee_id",
    "customer_id",
    "store",
    "campaign_id",
    "paid_amount",
    "refund_amount",
    "cost",
]


def _prepare(orders: pd.DataFrame, period: Period) -> pd.DataFrame:
    month = orders.loc[in_month(orders["order_time"], period), _ORDER_COLUMNS]
    month = latest_by_key(month, "order_id").reset_index(drop=True)
    paid = floats(month["paid_amount"])
    refund = floats(month["refund_amount"])
    month["net"] = np.nan_to_num(paid, nan=0.0) - np.nan_to_num(refund, nan=0.0)
    month["paying"] = _paying(paid, refund)
    return month
