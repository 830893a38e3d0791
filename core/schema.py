"""Canonical record kinds of SPEC §9: their columns, types and identity keys.

Importers validate files against this; KPI formulas read frames with exactly these columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal[
    "str", "int", "money", "number", "datetime", "date", "bool", "period", "role", "kpi", "method"
]


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool = False
    non_negative: bool = False
    minimum: float | None = None
    maximum: float | None = None
    # At most this many decimals (SPEC §11: scores are exact to 2; storage keeps 2).
    places: int | None = None


@dataclass(frozen=True)
class Kind:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name: str, type: ColumnType, required: bool = False, **kw: float | bool | None) -> Column:
    return Column(name, type, required, **kw)  # type: ignore[arg-type]


NN = {"non_negative": True}

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "employees",
            (
                _c("employee_id", "str", True),
                _c("name", "str", True),
                _c("role", "role", True),
                _c("team", "str"),
                _c("manager_id", "str"),
                _c("email", "str"),
                _c("hire_date", "date"),
                _c("leave_date", "date"),
                _c("target_bonus", "money", **NN),
            ),
            ("employee_id",),
        ),
        Kind(
            "orders",
            (
                _c("order_id", "str", True),
                _c("order_time", "datetime", True),
                _c("customer_id", "str", True),
                _c("paid_amount", "money", True, **NN),
                _c("employee_id", "str"),
                _c("store", "str"),
                _c("refund_amount", "money", **NN),
                _c("cost", "money", **NN),
                _c("campaign_id", "str"),
                _c("collected", "bool"),
                _c("strategic_account", "bool"),
            ),
            ("order_id",),
        ),
        Kind(
            "traffic",
            (
                _c("date", "date", True),
                _c("store", "str", True),
                _c("visitors", "int", True, **NN),
                _c("page_views", "int", **NN),
                _c("new_visitors", "int", **NN),
            ),
            ("date", "store"),
        ),
        Kind(
            "tickets",
            (
                _c("ticket_id", "str", True),
                _c("employee_id", "str", True),
                _c("created_at", "datetime", True),
                _c("first_response_at", "datetime"),
                _c("resolved_at", "datetime"),
                _c("is_complaint", "bool"),
                _c("rating", "int", minimum=1, maximum=5),
                _c("qa_correct", "bool"),
            ),
            ("ticket_id",),
        ),
        Kind(
            "design_tasks",
            (
                _c("task_id", "str", True),
                _c("employee_id", "str", True),
                _c("due_date", "date", True),
                _c("delivered_at", "datetime"),
                _c("quality_score", "number", minimum=0, maximum=100, places=2),
                _c("revisions", "int", **NN),
                _c("page_id", "str"),
                _c("go_live_date", "date"),
            ),
            ("task_id",),
        ),
        Kind(
            "calls",
            (
                _c("call_id", "str", True),
                _c("employee_id", "str", True),
                _c("call_time", "datetime", True),
                _c("customer_id", "str"),
                _c("duration_s", "int", **NN),
                _c("effective", "bool"),
                _c("intent", "bool"),
                _c("deal", "bool"),
            ),
            ("call_id",),
        ),
        Kind(
            "attendance",
            (
                _c("employee_id", "str", True),
                _c("date", "date", True),
                _c("late_minutes", "int", **NN),
                _c("early_leave_minutes", "int", **NN),
                _c("absent_days", "number", minimum=0, maximum=1),
            ),
            ("employee_id", "date"),
        ),
        Kind(
            "training",
            (
                _c("employee_id", "str", True),
                _c("date", "date", True),
                _c("course", "str", True),
                _c("completed", "bool"),
                _c("exam_score", "number", minimum=0, maximum=100, places=2),
            ),
            ("employee_id", "date", "course"),
        ),
        Kind(
            "campaigns",
            (
                _c("campaign_id", "str", True),
                _c("name", "str", True),
                _c("start_date", "date", True),
                _c("end_date", "date", True),
                _c("owner_id", "str"),
                _c("participants", "int", **NN),
            ),
            ("campaign_id",),
        ),
        Kind(
            "targets",
            (
                _c("period", "period", True),
                _c("kpi_id", "kpi", True),
                _c("target", "number", True, **NN),
                _c("employee_id", "str"),
                _c("role", "role"),
            ),
            ("period", "kpi_id", "employee_id", "role"),
        ),
        Kind(
            "metrics",
            (
                _c("employee_id", "str", True),
                _c("period", "period", True),
                _c("kpi_id", "kpi", True),
                _c("value", "number", True),
            ),
            ("employee_id", "period", "kpi_id"),
        ),
        Kind("stores", (_c("store", "str", True), _c("owner_id", "str", True)), ("store",)),
        Kind(
            "templates",
            (
                _c("role", "role", True),
                _c("kpi_id", "kpi", True),
                _c("weight", "number", True, minimum=0, maximum=100),
                _c("target", "number", **NN),
                _c("method", "method"),
                _c("cap", "number", minimum=0, maximum=1000),
                _c("bands", "str"),
            ),
            ("role", "kpi_id"),
        ),
    )
}

# Columns holding an employee id that must exist (in the database or in the same upload).
EMPLOYEE_REFERENCES: dict[str, tuple[str, ...]] = {
    "employees": ("manager_id",),
    "orders": ("employee_id",),
    "tickets": ("employee_id",),
    "design_tasks": ("employee_id",),
    "calls": ("employee_id",),
    "attendance": ("employee_id",),
    "training": ("employee_id",),
    "campaigns": ("owner_id",),
    "targets": ("employee_id",),
    "metrics": ("employee_id",),
    "stores": ("owner_id",),
}
