"""SQLAlchemy 2 typed models: uploaded records, people and accounts, appraisals, audit.

Record tables mirror `core.schema` column for column (plus `import_id`, for rollback), so a
canonical frame maps to a table without renaming.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Index,
    Integer,
    Numeric,
    Select,
    String,
    Text,
    UniqueConstraint,
    event,
    func,
    select,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

Money = Numeric(14, 2)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class ImportRef:
    import_id: Mapped[int | None] = mapped_column(Integer, index=True)


class Employee(ImportRef, Base):
    __tablename__ = "employees"
    employee_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    team: Mapped[str | None] = mapped_column(String(100))
    manager_id: Mapped[str | None] = mapped_column(String(64), index=True)
    email: Mapped[str | None] = mapped_column(String(200))
    hire_date: Mapped[date | None] = mapped_column(Date)
    leave_date: Mapped[date | None] = mapped_column(Date)
    target_bonus: Mapped[Decimal | None] = mapped_column(Money)


class Order(ImportRef, Base):
    __tablename__ = "orders"
    order_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_time: Mapped[datetime] = mapped_column(DateTime, index=True)
    customer_id: Mapped[str] = mapped_column(String(64))
    paid_amount: Mapped[Decimal] = mapped_column(Money)
    employee_id: Mapped[str | None] = mapped_column(String(64))
    store: Mapped[str | None] = mapped_column(String(100))
    refund_amount: Mapped[Decimal | None] = mapped_column(Money)
    cost: Mapped[Decimal | None] = mapped_column(Money)
    campaign_id: Mapped[str | None] = mapped_column(String(64))
    collected: Mapped[bool | None] = mapped_column(Boolean)
    strategic_account: Mapped[bool | None] = mapped_column(Boolean)
    # The month in which a later upload first marked an uncollected order collected (SPEC §7).
    collected_period: Mapped[str | None] = mapped_column(String(7))
    __table_args__ = (
        Index("ix_orders_employee_time", "employee_id", "order_time"),
        # Covering: whether a month's customers ordered before it is answered from the index
        # alone (data.record_history), 14× faster than visiting the rows.
        Index(
            "ix_orders_customer_history",
            "customer_id",
            "order_time",
            "paid_amount",
            "refund_amount",
        ),
        # Few orders are ever collected late: a partial index finds them without a scan.
        Index(
            "ix_orders_collected_period",
            "collected_period",
            sqlite_where=text("collected_period IS NOT NULL"),
            postgresql_where=text("collected_period IS NOT NULL"),
        ),
    )


class Traffic(ImportRef, Base):
    __tablename__ = "traffic"
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    store: Mapped[str] = mapped_column(String(100), primary_key=True)
    visitors: Mapped[int] = mapped_column(BigInteger)
    page_views: Mapped[int | None] = mapped_column(BigInteger)
    new_visitors: Mapped[int | None] = mapped_column(BigInteger)


class Ticket(ImportRef, Base):
    __tablename__ = "tickets"
    ticket_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    first_response_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    is_complaint: Mapped[bool | None] = mapped_column(Boolean)
    rating: Mapped[int | None] = mapped_column(Integer)
    qa_correct: Mapped[bool | None] = mapped_column(Boolean)


class DesignTask(ImportRef, Base):
    __tablename__ = "design_tasks"
    task_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(64))
    due_date: Mapped[date] = mapped_column(Date, index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    quality_score: Mapped[float | None] = mapped_column(Numeric(6, 2))
    revisions: Mapped[int | None] = mapped_column(Integer)
    page_id: Mapped[str | None] = mapped_column(String(64))
    go_live_date: Mapped[date | None] = mapped_column(Date)


class Call(ImportRef, Base):
    __tablename__ = "calls"
    call_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(64))
    call_time: Mapped[datetime] = mapped_column(DateTime, index=True)
    customer_id: Mapped[str | None] = mapped_column(String(64))
    duration_s: Mapped[int | None] = mapped_column(Integer)
    effective: Mapped[bool | None] = mapped_column(Boolean)
    intent: Mapped[bool | None] = mapped_column(Boolean)
    deal: Mapped[bool | None] = mapped_column(Boolean)
    # A customer's first call is read from this index alone (the sales cycle).
    __table_args__ = (Index("ix_calls_customer_time", "customer_id", "call_time"),)


class Attendance(ImportRef, Base):
    __tablename__ = "attendance"
    employee_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    late_minutes: Mapped[int | None] = mapped_column(Integer)
    early_leave_minutes: Mapped[int | None] = mapped_column(Integer)
    absent_days: Mapped[float | None] = mapped_column(Numeric(4, 2))


class Training(ImportRef, Base):
    __tablename__ = "training"
    employee_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    course: Mapped[str] = mapped_column(String(200), primary_key=True)
    completed: Mapped[bool | None] = mapped_column(Boolean)
    exam_score: Mapped[float | None] = mapped_column(Numeric(6, 2))


class Campaign(ImportRef, Base):
    __tablename__ = "campaigns"
    campaign_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    owner_id: Mapped[str | None] = mapped_column(String(64))
    participants: Mapped[int | None] = mapped_column(BigInteger)


class Store(ImportRef, Base):
    __tablename__ = "stores"
    store: Mapped[str] = mapped_column(String(100), primary_key=True)
    owner_id: Mapped[str] = mapped_column(String(64))


class Target(ImportRef, Base):
    """Per-employee or per-role target for a month; '' stands for "not given" in the key."""

    __tablename__ = "targets"
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    kpi_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    role: Mapped[str] = mapped_column(String(16), primary_key=True, default="")
    target: Mapped[float] = mapped_column(Numeric(18, 4))


class Metric(ImportRef, Base):
    __tablename__ = "metrics"
    employee_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    kpi_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[float] = mapped_column(Numeric(18, 4))


class TemplateItem(ImportRef, Base):
    __tablename__ = "templates"
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    kpi_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    weight: Mapped[float] = mapped_column(Numeric(8, 4))
    target: Mapped[float | None] = mapped_column(Numeric(18, 4))
    method: Mapped[str | None] = mapped_column(String(16))
    cap: Mapped[float | None] = mapped_column(Numeric(8, 2))
    bands: Mapped[str | None] = mapped_column(String(500))


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    employee_id: Mapped[str | None] = mapped_column(String(64))
    password_hash: Mapped[str | None] = mapped_column(String(100))
    lang: Mapped[str] = mapped_column(String(5), default="en")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    # Sign-in cookies carry the generation they were issued in; bumping it revokes them all.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": row_version}


class Setting(Base):
    """Key/value settings; `policy` holds the company's overrides of `core.policy.Policy`."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": row_version}


class ImportLog(Base):
    __tablename__ = "imports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="applied")


class SupersededRow(Base):
    """A row an import replaced, kept so rolling that import back restores it."""

    __tablename__ = "superseded_rows"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(Integer, index=True)
    original_import_id: Mapped[int | None] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    row: Mapped[dict[str, Any]] = mapped_column(JSON)


class Appraisal(Base):
    """One version of one employee's appraisal of one month; reopening adds a version, and the
    highest version is the current one (so a finalised row is never touched again)."""

    __tablename__ = "appraisals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(7))
    version: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(16), default="open")
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)
    self_scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    self_overall: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    self_texts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    self_submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    review_scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    review_overall: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    review_comment: Mapped[str | None] = mapped_column(Text)
    review_submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    reviewer: Mapped[str | None] = mapped_column(String(64))
    calibration: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    calibration_reason: Mapped[str | None] = mapped_column(Text)
    self_waived: Mapped[bool] = mapped_column(Boolean, default=False)
    waiver_reason: Mapped[str | None] = mapped_column(Text)
    interview_plan: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    finalised_at: Mapped[datetime | None] = mapped_column(DateTime)
    finalised_by: Mapped[str | None] = mapped_column(String(64))
    reopen_reason: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    updated_by: Mapped[str | None] = mapped_column(String(64))
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": row_version}
    __table_args__ = (
        UniqueConstraint("employee_id", "period", "version"),
        Index("ix_appraisals_period_employee", "period", "employee_id"),
    )


class PayrollRun(Base):
    """A month's payroll run (SPEC §11): open while HR prepares it, closed once paid.

    A closed run and its lines are never changed; what it paid is the basis of every later
    adjustment."""

    __tablename__ = "payroll_runs"
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="closed")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[str | None] = mapped_column(String(64))
    totals: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class PayLine(Base):
    """One line a closed run paid: a bonus, a commission line, or an adjustment of an earlier
    month (`origin_period`), with its reason. Append-only, like the audit trail."""

    __tablename__ = "pay_lines"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_period: Mapped[str] = mapped_column(String(7), index=True)
    employee_id: Mapped[str] = mapped_column(String(64))
    origin_period: Mapped[str] = mapped_column(String(7))
    category: Mapped[str] = mapped_column(String(16))  # bonus | commission
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(32))
    base: Mapped[Decimal | None] = mapped_column(Money)
    amount: Mapped[Decimal] = mapped_column(Money)
    appraisal_version: Mapped[int | None] = mapped_column(Integer)
    __table_args__ = (Index("ix_pay_lines_employee_origin", "employee_id", "origin_period"),)


class CommissionPlanAssignment(Base):
    """Which commission plan an employee is paid under from `since` on (SPEC §11); without a
    row, the monthly plan in marginal mode."""

    __tablename__ = "commission_plans"
    employee_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    since: Mapped[str] = mapped_column(String(7), primary_key=True)
    plan: Mapped[str] = mapped_column(String(16))  # monthly | quarterly
    mode: Mapped[str] = mapped_column(String(16))  # marginal | whole
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    updated_by: Mapped[str | None] = mapped_column(String(64))


class AuditEntry(Base):
    """Append-only: rows are inserted, never updated or deleted."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_key: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)


class Reminder(Base):
    """One reminder of one appraisal step to one person by one channel on one day (SPEC §11):
    the unique key makes a second run that day send nothing new; a failed send keeps its row
    (status `failed`, the error) and the next run retries it."""

    __tablename__ = "reminders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7))
    day: Mapped[date] = mapped_column(Date)
    recipient_id: Mapped[str] = mapped_column(String(64))
    step: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    subjects: Mapped[list[Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(8))
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    error: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(64))
    __table_args__ = (
        UniqueConstraint("period", "recipient_id", "step", "channel", "day"),
        Index("ix_reminders_day", "day"),
    )


class DataVersion(Base):
    """One counter per scope of data (`data.versions`): a write bumps the scopes it changes,
    so each app instance drops only the cached reads that depend on them."""

    __tablename__ = "data_versions"
    scope: Mapped[str] = mapped_column(String(100), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class ResultMonth(Base):
    """One month's stored results (`data.results_store`): the data versions and the day they
    were computed at, and what is the month's as a whole (the frames' columns, the awards)."""

    __tablename__ = "result_months"
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    inputs: Mapped[str] = mapped_column(String(200))
    as_of: Mapped[date] = mapped_column(Date)
    computed_at: Mapped[datetime] = mapped_column(DateTime)
    meta: Mapped[str] = mapped_column(Text)
    # Each write of the month moves `generation` on; `base` is the generation of the last
    # whole-month write. A reader holding generation g ≥ base reads only the rows past g.
    generation: Mapped[int] = mapped_column(BigInteger)
    base: Mapped[int] = mapped_column(BigInteger)


class ResultRow(Base):
    """One employee's stored results of a month: scorecard rows, appraisal result, estimate,
    commission lines and the record facts they came from, as JSON text per part."""

    __tablename__ = "result_rows"
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    generation: Mapped[int] = mapped_column(BigInteger)


@event.listens_for(Session, "before_flush")
def _audit_is_append_only(session: Session, _context: object, _instances: object) -> None:
    """The trail is evidence: an update or delete of an audit row is a bug, refused outright."""
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEntry | PayLine | PayrollRun):
            raise RuntimeError(f"{obj.__tablename__} rows are append-only")


def current_appraisals_select() -> Select[tuple[Appraisal]]:
    """Appraisals at their highest version: what every reader means by "the" appraisal."""
    latest = (
        select(
            Appraisal.employee_id,
            Appraisal.period,
            func.max(Appraisal.version).label("version"),
        )
        .group_by(Appraisal.employee_id, Appraisal.period)
        .subquery()
    )
    return select(Appraisal).join(
        latest,
        (Appraisal.employee_id == latest.c.employee_id)
        & (Appraisal.period == latest.c.period)
        & (Appraisal.version == latest.c.version),
    )


RECORD_MODELS: dict[str, type[Base]] = {
    "employees": Employee,
    "orders": Order,
    "traffic": Traffic,
    "tickets": Ticket,
    "design_tasks": DesignTask,
    "calls": Call,
    "attendance": Attendance,
    "training": Training,
    "campaigns": Campaign,
    "stores": Store,
    "targets": Target,
    "metrics": Metric,
    "templates": TemplateItem,
}
