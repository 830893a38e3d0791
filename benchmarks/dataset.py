"""The deterministic company-scale dataset: canonical frames, upload files and loaded databases.

Generated with vectorised numpy from (scale, seed, today) and cached under var/bench/<key>/.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from core.periods import Period, months_ending
from core.records import conform
from core.schema import KINDS

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CACHE = ROOT / "var" / "bench"
MONTHS = 24
# Full-scale volumes (issue 4); everything is multiplied by --scale, with small floors so
# that a tiny smoke-test dataset still holds every role and record kind.
FULL = {
    "employees": 5_000,
    "orders": 1_000_000,
    "xlsx_rows": 100_000,
    "tickets": 500_000,
    "design_tasks": 60_000,
    "calls": 300_000,
    "stores": 200,
}
FLOORS = {
    "employees": 40,
    "orders": 500,
    "xlsx_rows": 100,
    "tickets": 200,
    "design_tasks": 50,
    "calls": 100,
    "stores": 4,
}
ROLE_SHARES = {"sales": 0.47, "cs": 0.30, "ops": 0.10, "designer": 0.10, "hr": 0.02, "admin": 0.01}
DEPARTMENTS = {
    "director": "电商部",
    "sales": "销售部",
    "cs": "客服部",
    "ops": "运营部",
    "designer": "设计部",
    "hr": "人力资源部",
    "admin": "信息部",
}
BONUS_BASE = {"director": 8000, "sales": 3000, "cs": 2300, "ops": 3200, "designer": 3000,
              "hr": 3500, "admin": 3000}  # fmt: skip
LOAD_ORDER = (
    "employees", "stores", "campaigns", "orders", "traffic", "tickets", "design_tasks", "calls",
    "attendance", "training",
)  # fmt: skip
BASE_KINDS = ("employees", "stores", "campaigns")  # what an orders upload refers to
_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹")
_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国晓燕子豪雨萱志雪佳")


@dataclass(frozen=True)
class Spec:
    """What to generate: volumes follow `scale`; `today` ends the 24-month window."""

    scale: float = 1.0
    seed: int = 20261
    today: date = date.today()

    @property
    def key(self) -> str:
        return f"scale{self.scale:g}-seed{self.seed}-{self.today.isoformat()}"

    def count(self, name: str) -> int:
        return max(FLOORS[name], round(FULL[name] * self.scale))

    @property
    def months(self) -> list[Period]:
        return months_ending(Period.of(self.today), MONTHS)

    @property
    def month(self) -> Period:
        """The month the benchmark appraises: the last complete one (次月上旬 appraisal)."""
        return self.months[-2]

    @property
    def now(self) -> datetime:
        return datetime.combine(self.today, datetime.min.time()).replace(hour=9)


@dataclass(frozen=True)
class Paths:
    """Where one dataset lives on disk."""

    folder: Path

    def frame(self, kind: str) -> Path:
        return self.folder / f"{kind}.parquet"

    @property
    def orders_csv(self) -> Path:
        return self.folder / "orders.csv"

    @property
    def orders_xlsx(self) -> Path:
        return self.folder / "orders-xlsx.xlsx"

    @property
    def base_db(self) -> Path:
        return self.folder / "base.sqlite"

    @property
    def full_db(self) -> Path:
        return self.folder / "full.sqlite"

    @property
    def meta(self) -> Path:
        return self.folder / "meta.json"


# --- generation -------------------------------------------------------------------------


def _ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    """'E00001'-style ids for a whole array at once (numpy string ops, no Python loop)."""
    digits = np.char.zfill(np.asarray(numbers, dtype=np.int64).astype("U"), width)
    return np.char.add(prefix, digits).astype(object)


def _pick(rng: np.random.Generator, items: np.ndarray, size: int, weights: np.ndarray | None = None
          ) -> np.ndarray:  # fmt: skip
    if weights is None:
        return items[rng.integers(0, len(items), size)]
    return items[rng.choice(len(items), size=size, p=weights / weights.sum())]


def _nullable(values: np.ndarray, given: np.ndarray) -> pd.Series:
    out = pd.Series(values, dtype="boolean")
    out[~given] = pd.NA
    return out


class _Window:
    """Every day of the 24 months up to `today`, as numpy arrays."""

    def __init__(self, spec: Spec) -> None:
        first = spec.months[0].first_day
        self.days = np.arange(
            np.datetime64(first, "D"), np.datetime64(spec.today, "D") + 1, dtype="datetime64[D]"
        )
        self.start = np.datetime64(first, "D")
        weekday = (self.days.astype("int64") - 4) % 7  # 1970-01-01 was a Thursday
        self.workdays = self.days[weekday < 5]
        self.month_of_day = np.array(
            [(d.year - first.year) * 12 + d.month - first.month for d in self.days.tolist()]
        )

    def stamps(self, rng: np.random.Generator, size: int, hours: tuple[int, int],
               workdays: bool = False) -> np.ndarray:  # fmt: skip
        """Random second-resolution timestamps on the window's (work)days within `hours`."""
        days = self.workdays if workdays else self.days
        day = days[rng.integers(0, len(days), size)]
        seconds = rng.integers(hours[0] * 3600, hours[1] * 3600, size)
        return day.astype("datetime64[s]") + seconds.astype("timedelta64[s]")


def _employees(spec: Spec, rng: np.random.Generator, window: _Window) -> pd.DataFrame:
    n = spec.count("employees")
    rest = n - 1
    counts = {r: max(2, int(rest * share)) for r, share in ROLE_SHARES.items()}
    counts["sales"] += rest - sum(counts.values())
    roles, managers, teams, level = ["director"], [None], [DEPARTMENTS["director"]], [0]
    for role, k in counts.items():
        head = len(roles)
        leads = max(1, int(np.ceil((k - 1) / 12)))
        roles += [role] * k
        managers += [0]  # department heads report to the director
        teams += [DEPARTMENTS[role]]
        level += [1]
        for j in range(leads):
            managers.append(head)
            teams.append(f"{DEPARTMENTS[role]}-{j + 1:03d}")
            level.append(2)
        staff = k - 1 - leads
        lead_no = np.arange(staff) % leads
        managers += (head + 1 + lead_no).tolist()
        teams += [f"{DEPARTMENTS[role]}-{j + 1:03d}" for j in lead_no]
        level += [3] * staff
    ids = _ids("E", np.arange(1, n + 1), 5)
    level_arr = np.array(level)
    window_days = len(window.days)
    hire_offset = np.where(
        (rng.random(n) < 0.15) & (level_arr == 3),
        rng.integers(0, max(window_days - 40, 1), n),
        -rng.integers(30, 3000, n),
    )
    hire = window.start + hire_offset.astype("timedelta64[D]")
    leaves = (rng.random(n) < 0.05) & (level_arr == 3)
    leave = hire + rng.integers(60, 900, n).astype("timedelta64[D]")
    leave = np.where(leaves & (leave <= window.days[-1]) & (leave >= window.start), leave,
                     np.datetime64("NaT"))  # fmt: skip
    base = np.array([BONUS_BASE[r] for r in roles], dtype=float)
    factor = np.select([level_arr == 0, level_arr == 1, level_arr == 2], [1.0, 2.0, 1.4], 1.0)
    bonus = np.round(base * factor * rng.uniform(0.8, 1.2, n), -2)
    names = (
        pd.Series(_pick(rng, np.array(_SURNAMES, dtype=object), n))
        + pd.Series(_pick(rng, np.array(_GIVEN, dtype=object), n))
        + pd.Series(_pick(rng, np.array(_GIVEN, dtype=object), n))
    )
    frame = pd.DataFrame(
        {
            "employee_id": ids,
            "name": names.to_numpy(dtype=object),
            "role": np.array(roles, dtype=object),
            "team": np.array(teams, dtype=object),
            "manager_id": np.array([None if m is None else ids[m] for m in managers], dtype=object),
            "email": np.char.add(np.char.lower(ids.astype("U")), "@bench.example").astype(object),
            "hire_date": hire.astype("datetime64[ns]"),
            "leave_date": leave.astype("datetime64[ns]"),
            "target_bonus": bonus,
        }
    )
    frame["level"] = level_arr  # generator-only helper, dropped before conform
    return frame


def _staff(employees: pd.DataFrame, role: str, with_leads: bool = True) -> np.ndarray:
    mask = (employees["role"] == role) & (employees["level"] >= (2 if with_leads else 3))
    return employees.loc[mask, "employee_id"].to_numpy(dtype=object)


def generate(spec: Spec) -> dict[str, pd.DataFrame]:
    """Every record kind as a canonical frame (core.records.conform)."""
    rng = np.random.default_rng(spec.seed)
    window = _Window(spec)
    employees = _employees(spec, rng, window)
    ops = _staff(employees, "ops")
    sellers = _staff(employees, "sales")
    callers = sellers[1::2]
    agents = _staff(employees, "cs")
    designers = _staff(employees, "designer")

    n_stores = spec.count("stores")
    store_ids = _ids("店铺-", np.arange(1, n_stores + 1), 4)
    stores = pd.DataFrame({"store": store_ids, "owner_id": ops[np.arange(n_stores) % len(ops)]})

    per_month = 10
    month_codes = [f"{m.year:04d}{m.month:02d}" for m in spec.months]
    campaign_rows = []
    for index, period in enumerate(spec.months):
        for k in range(per_month):
            start = period.first_day + timedelta(days=int(rng.integers(0, 15)))
            end = min(start + timedelta(days=int(rng.integers(2, 12))), period.last_day)
            campaign_rows.append(
                {
                    "campaign_id": f"CP{month_codes[index]}{k:02d}",
                    "name": f"活动 {period} #{k + 1}",
                    "start_date": start,
                    "end_date": end,
                    "owner_id": ops[(index * per_month + k) % len(ops)],
                    "participants": int(rng.integers(500, 20_000)),
                }
            )
    campaigns = pd.DataFrame(campaign_rows)
    campaign_ids = campaigns["campaign_id"].to_numpy(dtype=object)

    # Orders: skewed customers (so many repeat), skewed sellers and stores, refunds.
    n = spec.count("orders")
    times = np.sort(window.stamps(rng, n, (8, 24)))
    n_customers = max(50, int(n * 0.3))
    customer = (n_customers * rng.random(n) ** 2.2).astype(np.int64)
    seller_weight = rng.lognormal(0.0, 0.6, len(sellers))
    has_seller = rng.random(n) < 0.85
    employee = np.where(has_seller, _pick(rng, sellers, n, seller_weight), None)
    paid = np.clip(np.round(rng.lognormal(4.7, 0.8, n), 2), 1.0, 50_000.0)
    draw = rng.random(n)
    refund = np.where(
        draw < 0.04,
        paid,
        np.where(draw < 0.09, np.round(paid * rng.uniform(0.1, 0.9, n), 2), np.nan),
    )
    cost = np.where(rng.random(n) < 0.9, np.round(paid * rng.uniform(0.35, 0.7, n), 2), np.nan)
    order_day = (times.astype("datetime64[D]") - window.start).astype(np.int64)
    order_month = window.month_of_day[order_day]
    tagged = rng.random(n) < 0.10
    campaign = np.where(
        tagged, campaign_ids[order_month * per_month + rng.integers(0, per_month, n)], None
    )
    draw = rng.random(n)
    orders = pd.DataFrame(
        {
            "order_id": _ids("O", np.arange(1, n + 1), 8),
            "order_time": times.astype("datetime64[ns]"),
            "customer_id": _ids("C", customer + 1, 7),
            "paid_amount": paid,
            "employee_id": employee,
            "store": _pick(rng, store_ids, n, rng.lognormal(0.0, 0.8, n_stores)),
            "refund_amount": refund,
            "cost": cost,
            "campaign_id": campaign,
            "collected": _nullable(draw < 0.93, draw < 0.97),
            "strategic_account": pd.Series(rng.random(n) < 0.01, dtype="boolean"),
        }
    )

    # Tickets: per-agent speed, unanswered and unresolved ones, complaints, ratings, QA.
    n = spec.count("tickets")
    agent_index = rng.integers(0, len(agents), n)
    speed = rng.lognormal(0.0, 0.35, len(agents))[agent_index]
    created = np.sort(window.stamps(rng, n, (8, 23)))
    response = np.round(rng.lognormal(np.log(30.0), 0.8, n) * speed).astype("int64")
    answered = rng.random(n) >= 0.04
    first_response = np.where(
        answered, created + response.astype("timedelta64[s]"), np.datetime64("NaT")
    )
    resolve = np.round(rng.lognormal(np.log(4 * 3600.0), 1.2, n)).astype("int64")
    resolved = np.where(
        rng.random(n) >= 0.15, created + resolve.astype("timedelta64[s]"), np.datetime64("NaT")
    )
    rated = rng.random(n) < 0.35
    rating = np.where(rated, rng.choice(5, size=n, p=[0.04, 0.05, 0.11, 0.30, 0.50]) + 1.0, np.nan)
    tickets = pd.DataFrame(
        {
            "ticket_id": _ids("T", np.arange(1, n + 1), 8),
            "employee_id": agents[agent_index],
            "created_at": created.astype("datetime64[ns]"),
            "first_response_at": first_response.astype("datetime64[ns]"),
            "resolved_at": resolved.astype("datetime64[ns]"),
            "is_complaint": pd.Series(rng.random(n) < 0.06, dtype="boolean"),
            "rating": rating,
            "qa_correct": _nullable(rng.random(n) < 0.95, rng.random(n) < 0.12),
        }
    )

    # Design tasks: due dates, deliveries around them (some late, some never), quality.
    n = spec.count("design_tasks")
    due = window.days[rng.integers(0, len(window.days), n)]
    delivered_given = rng.random(n) < 0.92
    slip = np.round(rng.normal(-1.0, 2.5, n)).astype("int64")
    delivered = (due + slip.astype("timedelta64[D]")).astype("datetime64[s]") + rng.integers(
        9 * 3600, 19 * 3600, n
    ).astype("timedelta64[s]")
    delivered = np.where(delivered_given, delivered, np.datetime64("NaT"))
    design_tasks = pd.DataFrame(
        {
            "task_id": _ids("D", np.arange(1, n + 1), 7),
            "employee_id": _pick(rng, designers, n),
            "due_date": due.astype("datetime64[ns]"),
            "delivered_at": delivered.astype("datetime64[ns]"),
            "quality_score": np.where(
                delivered_given, np.round(rng.uniform(60, 100, n), 1), np.nan
            ),
            "revisions": np.where(delivered_given, rng.poisson(1.6, n).astype(float), np.nan),
        }
    )

    # Calls: telesales over the same customer pool (first call → deal = sales cycle).
    n = spec.count("calls")
    effective = rng.random(n) < 0.55
    calls = pd.DataFrame(
        {
            "call_id": _ids("K", np.arange(1, n + 1), 8),
            "employee_id": _pick(rng, callers, n),
            "call_time": np.sort(window.stamps(rng, n, (9, 19), workdays=True)).astype(
                "datetime64[ns]"
            ),
            "customer_id": np.where(
                rng.random(n) < 0.92,
                _ids("C", (n_customers * rng.random(n) ** 2.2).astype(np.int64) + 1, 7),
                None,
            ),
            "duration_s": np.clip(np.round(rng.lognormal(np.log(120.0), 0.9, n)), 5, 3600),
            "effective": pd.Series(effective, dtype="boolean"),
            "intent": pd.Series(effective & (rng.random(n) < 0.3), dtype="boolean"),
            "deal": pd.Series(effective & (rng.random(n) < 0.08), dtype="boolean"),
        }
    )

    # Attendance: exceptions only (late, early leave, absence) on 2 % of employee-workdays.
    ids = employees["employee_id"].to_numpy(dtype=object)
    total = len(ids) * len(window.workdays)
    picked = np.sort(rng.choice(total, size=max(1, total // 50), replace=False))
    person, day = np.divmod(picked, len(window.workdays))
    kind = rng.random(len(picked))
    minutes = np.where(rng.random(len(picked)) < 0.9, rng.integers(1, 16, len(picked)),
                       rng.integers(16, 120, len(picked)))  # fmt: skip
    attendance = pd.DataFrame(
        {
            "employee_id": ids[person],
            "date": window.workdays[day].astype("datetime64[ns]"),
            "late_minutes": np.where(kind < 0.6, minutes, 0).astype(float),
            "early_leave_minutes": np.where((kind >= 0.6) & (kind < 0.85), minutes, 0).astype(
                float
            ),
            "absent_days": np.where(kind >= 0.85, np.where(kind < 0.93, 0.5, 1.0), 0.0),
        }
    )

    # Training: one course per employee per quarter of the window.
    quarters = sorted({(m.year, (m.month - 1) // 3 + 1) for m in spec.months})
    starts = [date(y, 3 * q - 2, 1) for y, q in quarters]
    person = np.repeat(np.arange(len(ids)), len(starts))
    quarter = np.tile(np.arange(len(starts)), len(ids))
    first = np.maximum(np.array([np.datetime64(s, "D") for s in starts]), window.start)[quarter]
    train_day = np.minimum(first + rng.integers(0, 60, len(person)).astype("timedelta64[D]"),
                           window.days[-1])  # fmt: skip
    exam_given = rng.random(len(person)) < 0.7
    training = pd.DataFrame(
        {
            "employee_id": ids[person],
            "date": train_day.astype("datetime64[ns]"),
            "course": np.char.add("课程-Q", (quarter + 1).astype("U")).astype(object),
            "completed": pd.Series(rng.random(len(person)) < 0.9, dtype="boolean"),
            "exam_score": np.where(
                exam_given, np.round(rng.uniform(55, 100, len(person)), 1), np.nan
            ),
        }
    )

    # Traffic: every store, every day.
    base = rng.lognormal(6.0, 0.7, n_stores)
    store = np.repeat(np.arange(n_stores), len(window.days))
    visitors = rng.poisson(np.tile(base, 1)[store]).astype(float)
    traffic = pd.DataFrame(
        {
            "date": np.tile(window.days, n_stores).astype("datetime64[ns]"),
            "store": store_ids[store],
            "visitors": visitors,
            "page_views": np.round(visitors * rng.uniform(2, 5, len(store))),
            "new_visitors": np.round(visitors * rng.uniform(0.3, 0.6, len(store))),
        }
    )

    frames = {
        "employees": employees.drop(columns="level"),
        "stores": stores,
        "campaigns": campaigns,
        "orders": orders,
        "traffic": traffic,
        "tickets": tickets,
        "design_tasks": design_tasks,
        "calls": calls,
        "attendance": attendance,
        "training": training,
    }
    return {kind: conform(kind, frame) for kind, frame in frames.items()}


# --- files ------------------------------------------------------------------------------


def write_orders_csv(orders: pd.DataFrame, path: Path) -> None:
    """The 1M-row shop export: canonical headers, ISO times, two-decimal amounts."""
    out = orders.copy()
    for column in ("collected", "strategic_account"):
        out[column] = out[column].map({True: "true", False: "false"}).astype(object)
    out.to_csv(path, index=False, na_rep="", date_format="%Y-%m-%d %H:%M:%S", float_format="%.2f")


def write_orders_xlsx(orders: pd.DataFrame, path: Path) -> None:
    """A 100,000-row .xlsx as a shop back-end exports it, written row by row (constant_memory)."""
    import xlsxwriter

    columns = KINDS["orders"].column_names
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("订单")
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for col, name in enumerate(columns):
        sheet.write_string(0, col, name)
    data = {c: orders[c].to_numpy(dtype=object, na_value=None) for c in columns}
    data["order_time"] = orders["order_time"].dt.to_pydatetime()
    for row in range(len(orders)):
        r = row + 1
        for col, name in enumerate(columns):
            value = data[name][row]
            if value is None or (isinstance(value, float) and value != value):
                continue
            if name == "order_time":
                sheet.write_datetime(r, col, value, stamp)
            elif isinstance(value, bool | np.bool_):
                sheet.write_boolean(r, col, bool(value))
            elif isinstance(value, float):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, str(value))
    book.close()


# --- databases --------------------------------------------------------------------------


def load_database(url: str, frames: dict[str, pd.DataFrame], kinds: tuple[str, ...],
                  now: datetime) -> dict[str, float]:  # fmt: skip
    """Schema to head, default templates, then each kind through `write_frame` (as the demo)."""
    from data.db import make_engine, transaction
    from data.migrate import upgrade
    from data.models import ImportLog
    from data.records_store import write_frame
    from data.services.people import ensure_employee_accounts
    from data.services.settings import seed_default_templates

    engine = make_engine(url)
    upgrade(engine)
    seconds: dict[str, float] = {}
    with transaction(engine) as session:
        seed_default_templates(session)
        for kind in kinds:
            started = time.perf_counter()
            frame = frames[kind]
            log = ImportLog(kind=kind, filename=f"bench-{kind}.csv", sha256="bench",
                            rows=len(frame), actor="bench", at=now, status="applied")  # fmt: skip
            session.add(log)
            session.flush()
            write_frame(session, kind, frame, log.id, now)
            seconds[kind] = time.perf_counter() - started
        ensure_employee_accounts(session, frames["employees"]["employee_id"].tolist())
    engine.dispose()
    return seconds


def _checkpoint(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def read_frames(paths: Paths, kinds: tuple[str, ...] = LOAD_ORDER) -> dict[str, pd.DataFrame]:
    return {kind: conform(kind, pd.read_parquet(paths.frame(kind))) for kind in kinds}


def db_fingerprint() -> str:
    """Changes when the schema or the write path changes: the cached databases are rebuilt
    (the generated frames and files are reused)."""
    digest = hashlib.sha256()
    sources = [ROOT / "data" / "models.py", ROOT / "data" / "records_store.py",
               ROOT / "core" / "records.py", ROOT / "core" / "schema.py"]  # fmt: skip
    sources += sorted((ROOT / "data" / "migrations" / "versions").glob("*.py"))
    for path in sources:
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _build_databases(spec: Spec, paths: Paths, frames: dict[str, pd.DataFrame],
                     log: object) -> dict[str, object]:  # fmt: skip
    timings: dict[str, object] = {}
    for target, kinds in ((paths.base_db, BASE_KINDS), (paths.full_db, LOAD_ORDER)):
        building = target.with_suffix(".building")
        building.unlink(missing_ok=True)
        timings[f"load_{target.stem}_s"] = load_database(
            f"sqlite:///{building}", frames, kinds, spec.now
        )
        _checkpoint(building)
        building.rename(target)
        log(f"loaded {target.name}")  # type: ignore[operator]
    return timings


def ensure(spec: Spec, cache: Path = DEFAULT_CACHE, log: object = print) -> Paths:
    """Generate (or reuse) the dataset, its files and both SQLite databases; returns the paths."""
    paths = Paths(cache / spec.key)
    if paths.meta.exists():
        meta = json.loads(paths.meta.read_text())
        if meta.get("db_fingerprint") != db_fingerprint():
            log("schema or write path changed: rebuilding the databases")  # type: ignore[operator]
            for db in (paths.base_db, paths.full_db):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
            meta["timings"] |= _build_databases(spec, paths, read_frames(paths), log)
            meta["db_fingerprint"] = db_fingerprint()
            paths.meta.write_text(json.dumps(meta, indent=2, ensure_ascii=False))
        return paths
    if paths.folder.exists():
        shutil.rmtree(paths.folder)
    paths.folder.mkdir(parents=True)
    timings: dict[str, object] = {}
    started = time.perf_counter()
    frames = generate(spec)
    timings["generate_s"] = time.perf_counter() - started
    log(f"generated {', '.join(f'{k} {len(v):,}' for k, v in frames.items())}")  # type: ignore[operator]
    for kind, frame in frames.items():
        frame.to_parquet(paths.frame(kind), index=False)
    started = time.perf_counter()
    write_orders_csv(frames["orders"], paths.orders_csv)
    xlsx_rows = spec.count("xlsx_rows")
    write_orders_xlsx(frames["orders"].tail(xlsx_rows).reset_index(drop=True), paths.orders_xlsx)
    timings["files_s"] = time.perf_counter() - started
    log(f"wrote {paths.orders_csv.name} and {paths.orders_xlsx.name}")  # type: ignore[operator]
    timings |= _build_databases(spec, paths, frames, log)
    meta = {
        "spec": {"scale": spec.scale, "seed": spec.seed, "today": spec.today.isoformat()},
        "rows": {kind: len(frame) for kind, frame in frames.items()},
        "xlsx_rows": xlsx_rows,
        "csv_bytes": paths.orders_csv.stat().st_size,
        "xlsx_bytes": paths.orders_xlsx.stat().st_size,
        "timings": timings,
        "db_fingerprint": db_fingerprint(),
    }
    paths.meta.write_text(json.dumps(meta, indent=2, ensure_ascii=False))
    return paths
