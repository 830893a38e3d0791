"""Deterministic demo data: one year of a ~30-person e-commerce department's records.

Lets the demo, screenshots and end-to-end tests show every situation the appraisal rules handle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from core.periods import Period, months_ending
from core.records import conform

# --------------------------------------------------------------------------------------
# The department. Every "story" of the demo is pinned to a named person so the UI, the
# tests and the report can point at it.
# --------------------------------------------------------------------------------------

DEMO_ACCOUNTS: dict[str, str] = {
    "director": "E01",
    "hr": "E02",
    "admin": "E03",
    "ops": "E04",
    "cs": "E08",
    "designer": "E15",
    "sales": "E19",
}

# (id, name, email local part, role, team, manager, monthly target bonus)
_PEOPLE: tuple[tuple[str, str, str, str, str, str | None, float], ...] = (
    ("E01", "王建国", "wang.jianguo", "director", "电商部", None, 8000),
    ("E02", "李秀梅", "li.xiumei", "hr", "人力资源部", "E01", 4500),
    ("E03", "赵磊", "zhao.lei", "admin", "电商部", "E01", 3500),
    ("E04", "陈静", "chen.jing", "ops", "运营部", "E01", 6000),
    ("E05", "刘洋", "liu.yang", "ops", "运营部", "E04", 3500),
    ("E06", "杨帆", "yang.fan", "ops", "运营部", "E04", 3200),
    ("E07", "黄丽娟", "huang.lijuan", "ops", "运营部", "E04", 3000),
    ("E08", "周敏", "zhou.min", "cs", "客服部", "E01", 5000),
    ("E09", "吴婷", "wu.ting", "cs", "客服部", "E08", 2500),
    ("E10", "徐佳怡", "xu.jiayi", "cs", "客服部", "E08", 2500),
    ("E11", "孙浩", "sun.hao", "cs", "客服部", "E08", 2300),
    ("E12", "马晓燕", "ma.xiaoyan", "cs", "客服部", "E08", 2300),
    ("E13", "朱琳", "zhu.lin", "cs", "客服部", "E08", 2200),
    ("E14", "胡欣然", "hu.xinran", "cs", "客服部", "E08", 2200),
    ("E15", "郭子豪", "guo.zihao", "designer", "设计部", "E01", 5500),
    ("E16", "何雨萱", "he.yuxuan", "designer", "设计部", "E15", 3200),
    ("E17", "林志伟", "lin.zhiwei", "designer", "设计部", "E15", 3000),
    ("E18", "罗诗涵", "luo.shihan", "designer", "设计部", "E15", 3000),
    ("E19", "高志强", "gao.zhiqiang", "sales", "销售部", "E01", 6000),
    ("E20", "郑凯", "zheng.kai", "sales", "销售部", "E19", 4000),
    ("E21", "梁伟", "liang.wei", "sales", "销售部", "E19", 3800),
    ("E22", "谢芳", "xie.fang", "sales", "销售部", "E19", 3000),
    ("E23", "宋佳", "song.jia", "sales", "销售部", "E19", 2500),
    ("E24", "唐明", "tang.ming", "sales", "销售部", "E19", 2500),
    ("E25", "韩雪", "han.xue", "sales", "销售部", "E19", 2500),
    ("E26", "冯涛", "feng.tao", "sales", "销售部", "E19", 2500),
    ("E27", "曹雅琪", "cao.yaqi", "cs", "客服部", "E08", 2200),
    ("E28", "彭宇航", "peng.yuhang", "sales", "销售部", "E19", 2000),
)
EMAIL_DOMAIN = "shop-demo.cn"

STAR_SELLER = "E20"  # highest net sales every month
STRATEGIC_SELLER = "E21"  # follows the company-owned (strategic) accounts
WEAK_SELLER = "E22"  # below the quarterly sales floor in one quarter
TELESALES = ("E23", "E24", "E25", "E26", "E28")  # make ~300 calls a month each
LATE_DESIGNER = "E17"  # on-time rate around 60 %
ABSENT_AGENT = "E11"  # absent a whole working week (dismissal review)
SLOW_AGENT = "E13"  # answers late and collects lower ratings
LEAVER = "E14"  # leaves on the 12th of LEAVE_MONTH
JOINER_LONG = "E27"  # joins on the 15th of JOIN_LONG_MONTH (≥ 10 days: appraised, prorated)
JOINER_SHORT = "E28"  # joins 9 days before the end of JOIN_SHORT_MONTH (< 10 days: no appraisal)

# Month indices into the 12-month window (0 = oldest, 11 = the running month).
LEAVE_MONTH = 4
JOIN_LONG_MONTH = 5
REFUND_WAVE_MONTH = 7
JOIN_SHORT_MONTH = 8
ABSENT_MONTH = 9

STORES: dict[str, str] = {  # store → owner; the ops supervisor runs one store herself
    "天猫旗舰店": "E05",
    "京东自营店": "E04",
    "抖音小店": "E06",
    "拼多多店": "E07",
}
_STORE_NAMES = list(STORES)
_STORE_DAILY_ORDERS = np.array([12.0, 8.0, 7.0, 5.0])  # store-only orders per day
_STORE_CONVERSION = np.array([0.032, 0.041, 0.018, 0.027])  # paying customers ÷ visitors
_STORE_SHARE_OF_STAFF = np.array([0.45, 0.25, 0.15, 0.15])  # where staff orders are paid

# Orders per working day of each salesperson (before season and campaign effects).
_SELLER_RATES: dict[str, float] = {
    "E19": 4.5, "E20": 20.0, "E21": 10.0, "E22": 9.0, "E23": 8.0, "E24": 8.0, "E25": 7.5,
    "E26": 8.0, "E28": 6.0,
}  # fmt: skip
_STRATEGIC_ACCOUNTS = 6

# Campaigns of the calendar: (code, name, start (month, day), end, owner, order boost).
_CAMPAIGNS: tuple[tuple[str, str, tuple[int, int], tuple[int, int], str, float], ...] = (
    ("NHJ", "年货节", (1, 8), (1, 20), "E07", 1.3),
    ("38", "38女王节", (3, 1), (3, 8), "E07", 1.3),
    ("618", "618年中大促", (6, 1), (6, 18), "E05", 1.6),
    ("99", "99划算节", (9, 5), (9, 9), "E06", 1.3),
    ("1111", "双11全球狂欢节", (11, 1), (11, 11), "E04", 1.6),
    ("1212", "双12年终盛典", (12, 1), (12, 12), "E06", 1.4),
)

_SEASON = np.array([0.95, 0.8, 0.95, 0.95, 1.0, 1.1, 0.9, 0.9, 1.0, 1.05, 1.2, 1.1])
_STORE_WEEKDAY = np.array([1.0, 0.95, 0.95, 1.0, 1.1, 1.25, 1.2])
_STORE_HOURS = np.arange(8, 24)
_STORE_HOUR_WEIGHTS = np.array(
    [2, 4, 5, 5, 5, 4, 4, 4, 4, 5, 6, 7, 9, 11, 12, 9], dtype=float
)  # shoppers buy in the evening (peak 20–22h)

_HOUR = 3600
_WORK_START = 9 * _HOUR
_WORK_END = 18 * _HOUR

_COURSES_COMMON = ("信息安全与保密", "消费者权益保护法", "企业文化与制度", "平台规则与合规")
_COURSES_BY_ROLE: dict[str, tuple[str, ...]] = {
    "ops": ("店铺数据分析", "直通车与推广投放", "大促活动策划"),
    "cs": ("客户沟通技巧", "售后纠纷处理", "产品知识培训"),
    "designer": ("视觉设计规范", "详情页转化设计", "短视频剪辑"),
    "sales": ("电话销售技巧", "大客户管理", "产品知识培训"),
    "hr": ("劳动合同法实务", "绩效管理方法"),
    "admin": ("数据备份与恢复", "账号权限管理"),
    "director": ("领导力与团队管理", "经营分析"),
}


# --------------------------------------------------------------------------------------
# Calendar
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Calendar:
    """Every day of the window as numpy arrays, so generators work on whole years at once."""

    today: date
    months: list[Period]
    days: np.ndarray  # datetime64[D], first day of the window .. today
    month_index: np.ndarray  # 0..11 per day
    calendar_month: np.ndarray  # 1..12 per day
    weekday: np.ndarray  # Monday = 0

    @classmethod
    def of(cls, today: date) -> _Calendar:
        months = months_ending(Period.of(today), 12)
        days = np.arange(
            np.datetime64(months[0].first_day, "D"),
            np.datetime64(today, "D") + 1,
            dtype="datetime64[D]",
        )
        stamp = pd.DatetimeIndex(days)
        base = months[0].year * 12 + months[0].month
        month_index = np.asarray(stamp.year * 12 + stamp.month - base)
        return cls(
            today,
            months,
            days,
            month_index,
            np.asarray(stamp.month),
            np.asarray(stamp.day_of_week),
        )

    @property
    def workday(self) -> np.ndarray:
        return self.weekday < 5

    def day_index(self, day: date) -> int:
        return int((np.datetime64(day, "D") - self.days[0]).astype(int))

    def month_days(self, index: int) -> np.ndarray:
        return self.month_index == index


def _at(days: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """Combine calendar days and seconds after midnight into second-resolution timestamps."""
    return days.astype("datetime64[s]") + np.asarray(seconds, dtype="int64").astype(
        "timedelta64[s]"
    )


def _events(rng: np.random.Generator, rates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Poisson counts per (row, day) expanded to one (row, day) pair per event."""
    counts = rng.poisson(rates).ravel()
    flat = np.repeat(np.arange(counts.size), counts)
    return np.divmod(flat, rates.shape[1])


def _ids(prefix: str, count: int, width: int) -> np.ndarray:
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, count + 1)], dtype=object)


def _customer_ids(numbers: np.ndarray) -> np.ndarray:
    return np.array([f"CU{n:06d}" for n in numbers.tolist()], dtype=object)


# --------------------------------------------------------------------------------------
# People and attendance
# --------------------------------------------------------------------------------------


def _employees(rng: np.random.Generator, cal: _Calendar) -> pd.DataFrame:
    """Long-tenured staff plus one leaver and two joiners placed on meaningful days."""
    start = cal.months[0].first_day
    tenure = rng.integers(150, 2600, size=len(_PEOPLE))
    tenure[0] = 3200  # the director built the department
    hire = [start - timedelta(days=int(d)) for d in tenure]
    leave: list[date | None] = [None] * len(_PEOPLE)
    ids = [p[0] for p in _PEOPLE]
    long_month = cal.months[JOIN_LONG_MONTH]
    short_month = cal.months[JOIN_SHORT_MONTH]
    hire[ids.index(JOINER_LONG)] = date(long_month.year, long_month.month, 15)
    hire[ids.index(JOINER_SHORT)] = date(short_month.year, short_month.month, short_month.days - 8)
    leave_month = cal.months[LEAVE_MONTH]
    leave[ids.index(LEAVER)] = date(leave_month.year, leave_month.month, 12)
    return pd.DataFrame(
        {
            "employee_id": ids,
            "name": [p[1] for p in _PEOPLE],
            "role": [p[3] for p in _PEOPLE],
            "team": [p[4] for p in _PEOPLE],
            "manager_id": [p[5] for p in _PEOPLE],
            "email": [f"{p[2]}@{EMAIL_DOMAIN}" for p in _PEOPLE],
            "hire_date": hire,
            "leave_date": leave,
            "target_bonus": [float(p[6]) for p in _PEOPLE],
        }
    )


def _employed(employees: pd.DataFrame, cal: _Calendar) -> dict[str, np.ndarray]:
    """Per employee, the window's days on which they were on the payroll."""
    out: dict[str, np.ndarray] = {}
    for row in employees.itertuples(index=False):
        mask = cal.days >= np.datetime64(row.hire_date, "D")
        if pd.notna(row.leave_date):
            mask &= cal.days <= np.datetime64(row.leave_date, "D")
        out[row.employee_id] = mask
    return out


def _absent_week(cal: _Calendar) -> np.ndarray:
    """The first Monday-to-Friday lying wholly inside ABSENT_MONTH."""
    candidates = np.flatnonzero(cal.month_days(ABSENT_MONTH) & (cal.weekday == 0))
    first = next(
        i for i in candidates if i + 4 < cal.days.size and cal.month_index[i + 4] == ABSENT_MONTH
    )
    return np.arange(first, first + 5)


def _attendance(
    rng: np.random.Generator, cal: _Calendar, employed: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Exceptions only, as an attendance machine exports them: lateness, early leave, absence."""
    rows: list[tuple[str, int, float, float, float]] = []
    for day in _absent_week(cal):
        rows.append((ABSENT_AGENT, int(day), 0.0, 0.0, 1.0))
    staff = [p[0] for p in _PEOPLE if p[0] not in (ABSENT_AGENT, "E01")]
    # (late minutes, early-leave minutes, absent days): ≤ 15 min are occurrences (edge 15
    # included), > 15 min count as half a day of absence, then real half and full days.
    exceptions = (
        [(m, 0, 0.0) for m in (3, 5, 7, 8, 10, 12, 14, 15, 15, 6, 9)]
        + [(m, 0, 0.0) for m in (16, 22, 35, 48, 75)]
        + [(0, m, 0.0) for m in (10, 15, 30, 45)]
        + [(0, 0, 0.5), (0, 0, 0.5), (0, 0, 1.0), (0, 0, 1.0)]
    )
    who = rng.choice(len(staff), size=len(exceptions))
    for (late, early, absent), person in zip(exceptions, who, strict=True):
        eid = staff[int(person)]
        eligible = np.flatnonzero(employed[eid] & cal.workday)
        rows.append((eid, int(rng.choice(eligible)), float(late), float(early), absent))
    frame = pd.DataFrame(
        rows, columns=["employee_id", "day", "late_minutes", "early_leave_minutes", "absent_days"]
    ).drop_duplicates(["employee_id", "day"], keep="first")
    frame["date"] = cal.days[frame["day"].to_numpy()]
    return frame.drop(columns="day").sort_values(["date", "employee_id"], kind="stable")


def _present(
    employed: dict[str, np.ndarray], attendance: pd.DataFrame, cal: _Calendar
) -> dict[str, np.ndarray]:
    """Employed days minus full-day absences: nobody answers tickets while absent."""
    present = {eid: mask.copy() for eid, mask in employed.items()}
    full = attendance[attendance["absent_days"] >= 1]
    for eid, day in zip(full["employee_id"], full["date"], strict=True):
        present[eid][cal.day_index(pd.Timestamp(day).date())] = False
    return present


# --------------------------------------------------------------------------------------
# Campaigns, orders, calls, traffic
# --------------------------------------------------------------------------------------


def _campaign_calendar(cal: _Calendar) -> tuple[list[tuple], np.ndarray, np.ndarray]:
    """Campaigns started inside the window, the campaign running each day, and the day boost."""
    found: list[tuple] = []
    running = np.full(cal.days.size, -1)
    boost = np.ones(cal.days.size)
    first = cal.months[0].first_day
    for year in (cal.today.year - 1, cal.today.year):
        for code, name, (sm, sd), (em, ed), owner, lift in _CAMPAIGNS:
            start, end = date(year, sm, sd), date(year, em, ed)
            if start < first or start > cal.today:
                continue
            mask = (cal.days >= np.datetime64(start, "D")) & (cal.days <= np.datetime64(end, "D"))
            running[mask] = len(found)
            boost[mask] = lift
            found.append((f"CP{code}-{year}", name, start, end, owner))
    return found, running, boost


def _order_block(
    rng: np.random.Generator,
    cal: _Calendar,
    rates: np.ndarray,
    staff_hours: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Events of a (channel × day) rate matrix with their timestamps."""
    channel, day = _events(rng, rates)
    if staff_hours:
        seconds = rng.integers(_WORK_START, _WORK_END, size=day.size)
    else:
        hours = rng.choice(
            _STORE_HOURS, size=day.size, p=_STORE_HOUR_WEIGHTS / _STORE_HOUR_WEIGHTS.sum()
        )
        seconds = hours * _HOUR + rng.integers(0, _HOUR, size=day.size)
    return channel, day, _at(cal.days[day], seconds)


def _skewed_pick(rng: np.random.Generator, size: int, pool: int) -> np.ndarray:
    """Customers drawn with a long tail, so a few come back often and most buy once."""
    weights = 1.0 / (np.arange(pool) + 8.0) ** 1.1
    order = rng.permutation(pool)
    return order[rng.choice(pool, size=size, p=weights / weights.sum())]


def _amounts(rng: np.random.Generator, size: int, median: float, sigma: float) -> np.ndarray:
    raw = rng.lognormal(np.log(median), sigma, size=size)
    return np.round(np.clip(raw, 50.0, 3000.0), 2)


def _weak_quarter(cal: _Calendar) -> int:
    """Month index opening the last calendar quarter closed before the running month.

    A quarter opening at index i ends at i + 2 ≤ 10, so its floor check (SPEC §7) is due.
    """
    return max(i for i in range(9) if cal.months[i].month % 3 == 1)


def _calls_and_deals(
    rng: np.random.Generator, cal: _Calendar, present: dict[str, np.ndarray], block: dict[str, int]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Telesales calls from each caller's lead list; deals close on a repeat call, as orders."""
    rates = np.stack([present[e] & cal.workday for e in TELESALES]).astype(float) * 14.0
    caller, day = _events(rng, rates)
    seconds = rng.integers(_WORK_START, _WORK_END - _HOUR, size=day.size)
    times = _at(cal.days[day], seconds)
    starts = np.array([block[e] for e in TELESALES])
    customer = starts[caller] + rng.integers(0, 900, size=day.size)
    effective = rng.random(day.size) < 0.45
    duration = np.where(
        effective,
        np.clip(rng.lognormal(np.log(150), 0.6, size=day.size), 40, 1800).round(),
        rng.integers(0, 40, size=day.size),
    )
    intent = effective & (rng.random(day.size) < 0.28)
    order = np.lexsort((caller, times))
    caller, times, customer = caller[order], times[order], customer[order]
    duration, effective, intent = duration[order], effective[order], intent[order]
    repeat = pd.Series(customer).duplicated().to_numpy()
    deal = intent & repeat & (rng.random(day.size) < 0.4)
    employee = np.array(TELESALES, dtype=object)[caller]
    calls = pd.DataFrame(
        {
            "call_id": _ids("CL", day.size, 5),
            "employee_id": employee,
            "call_time": times,
            "customer_id": _customer_ids(customer),
            "duration_s": duration.astype(float),
            "effective": effective,
            "intent": intent,
            "deal": deal,
        }
    )
    won = np.flatnonzero(deal)
    store = np.where(rng.random(won.size) < 0.5, _STORE_NAMES[0], None)
    deals = pd.DataFrame(
        {
            "order_time": times[won]
            + rng.integers(300, 1500, size=won.size).astype("timedelta64[s]"),
            "customer_id": _customer_ids(customer[won]),
            "paid_amount": _amounts(rng, won.size, 520.0, 0.6),
            "employee_id": employee[won],
            "store": store,
            "strategic_account": False,
        }
    )
    return calls, deals


def _orders(
    rng: np.random.Generator,
    cal: _Calendar,
    present: dict[str, np.ndarray],
    running: np.ndarray,
    boost: np.ndarray,
    campaigns: list[tuple],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A year of orders: store-only sales, sellers' sales, strategic accounts and deals."""
    season = _SEASON[cal.calendar_month - 1]
    sellers = list(_SELLER_RATES)
    block = {e: 10_001 + k * 1_500 for k, e in enumerate(sellers)}

    # Sellers work Monday to Friday; the weak seller collapses for one closed quarter.
    seller_rates = np.stack(
        [_SELLER_RATES[e] * (present[e] & cal.workday) * season * boost for e in sellers]
    )
    weak = _weak_quarter(cal)
    in_weak = (cal.month_index >= weak) & (cal.month_index <= weak + 2)
    seller_rates[sellers.index(WEAK_SELLER), in_weak] *= 0.12
    ch, _, s_time = _order_block(rng, cal, seller_rates, staff_hours=True)
    s_emp = np.array(sellers, dtype=object)[ch]
    s_cust = np.array([block[e] for e in sellers])[ch] + _skewed_pick(rng, ch.size, 1_400)
    median = np.where(s_emp == STAR_SELLER, 420.0, 300.0)
    s_paid = np.round(np.clip(rng.lognormal(np.log(median), 0.75), 50.0, 3000.0), 2)
    s_store = np.where(
        rng.random(ch.size) < 0.65,
        np.array(_STORE_NAMES, dtype=object)[rng.choice(4, size=ch.size, p=_STORE_SHARE_OF_STAFF)],
        None,
    )
    sellers_frame = pd.DataFrame(
        {
            "order_time": s_time,
            "customer_id": _customer_ids(s_cust),
            "paid_amount": s_paid,
            "employee_id": s_emp,
            "store": s_store,
            "strategic_account": False,
        }
    )

    # Company-owned accounts buy in bulk a few times a month, followed by one seller.
    strat_rates = (0.35 * (present[STRATEGIC_SELLER] & cal.workday))[None, :]
    _, _, k_time = _order_block(rng, cal, strat_rates, staff_hours=True)
    strategic = pd.DataFrame(
        {
            "order_time": k_time,
            "customer_id": _customer_ids(
                rng.integers(1, _STRATEGIC_ACCOUNTS + 1, size=k_time.size)
            ),
            "paid_amount": np.round(rng.uniform(1500, 3000, size=k_time.size), 2),
            "employee_id": STRATEGIC_SELLER,
            "store": None,
            "strategic_account": True,
        }
    )

    calls, deals = _calls_and_deals(rng, cal, present, block)

    # Store-only orders: customers buy from the shop without a salesperson, every day.
    store_rates = (
        _STORE_DAILY_ORDERS[:, None] * (_STORE_WEEKDAY[cal.weekday] * season * boost)[None, :]
    )
    st, _, t_time = _order_block(rng, cal, store_rates, staff_hours=False)
    store_only = pd.DataFrame(
        {
            "order_time": t_time,
            "customer_id": _customer_ids(100_001 + _skewed_pick(rng, st.size, 20_000)),
            "paid_amount": _amounts(rng, st.size, 180.0, 0.8),
            "employee_id": None,
            "store": np.array(_STORE_NAMES, dtype=object)[st],
            "strategic_account": pd.NA,
        }
    )

    orders = pd.concat([sellers_frame, strategic, deals, store_only], ignore_index=True)
    orders = orders.sort_values(["order_time", "customer_id"], kind="stable", ignore_index=True)
    n = len(orders)
    times = orders["order_time"].to_numpy().astype("datetime64[D]")
    day = ((times - cal.days[0]).astype(int)).clip(0, cal.days.size - 1)
    month = cal.month_index[day]
    orders.insert(0, "order_id", _ids("O", n, 6))

    # Refunds: a few percent normally; a defective batch triggers a wave in one month.
    wave = month == REFUND_WAVE_MONTH
    refunded = rng.random(n) < np.where(wave, 0.24, 0.04)
    full = rng.random(n) < np.where(wave, 0.65, 0.45)
    paid = orders["paid_amount"].to_numpy()
    partial = np.round(paid * rng.uniform(0.1, 0.6, size=n), 2)
    orders["refund_amount"] = np.where(refunded, np.where(full, paid, partial), 0.0)
    orders["cost"] = np.round(paid * rng.uniform(0.45, 0.68, size=n), 2)

    # Campaign tags: about half the shop orders placed while a campaign runs carry its id.
    ids = np.array([c[0] for c in campaigns] + [None], dtype=object)
    tagged = (running[day] >= 0) & orders["store"].notna().to_numpy() & (rng.random(n) < 0.5)
    orders["campaign_id"] = np.where(tagged, ids[running[day]], None)

    # Collection (回款): sellers' recent orders are partly still unpaid; shop orders carry none.
    age = cal.month_index[-1] - month
    strat = orders["strategic_account"].fillna(False).to_numpy(dtype=bool)
    seller = orders["employee_id"].notna().to_numpy()
    open_share = np.select([age == 0, age == 1, age == 2], [0.3, 0.1, 0.03], 0.0)
    open_share = np.where(strat, np.select([age == 0, age == 1], [1.0, 0.5], 0.0), open_share)
    uncollected = rng.random(n) < open_share
    orders["collected"] = pd.array(np.where(seller, ~uncollected, False), dtype="boolean")
    orders.loc[~seller, "collected"] = pd.NA
    orders["strategic_account"] = orders["strategic_account"].astype("boolean")
    return orders, calls


def _traffic(rng: np.random.Generator, cal: _Calendar, orders: pd.DataFrame) -> pd.DataFrame:
    """Daily shop traffic sized from each shop's actual orders and its typical conversion."""
    has_store = orders["store"].notna()
    store_idx = orders.loc[has_store, "store"].map({s: i for i, s in enumerate(_STORE_NAMES)})
    day = (
        orders.loc[has_store, "order_time"].to_numpy().astype("datetime64[D]") - cal.days[0]
    ).astype(int)
    counts = np.zeros((len(_STORE_NAMES), cal.days.size))
    np.add.at(counts, (store_idx.to_numpy(dtype=int), day), 1)
    noise = rng.lognormal(0.0, 0.12, size=counts.shape)
    visitors = np.round(counts / _STORE_CONVERSION[:, None] * noise) + 150
    pv = np.round(visitors * rng.uniform(2.8, 4.6, size=counts.shape))
    new = np.round(visitors * rng.uniform(0.32, 0.52, size=counts.shape))
    store, when = np.divmod(np.arange(counts.size), cal.days.size)
    return pd.DataFrame(
        {
            "date": cal.days[when],
            "store": np.array(_STORE_NAMES, dtype=object)[store],
            "visitors": visitors.ravel(),
            "page_views": pv.ravel(),
            "new_visitors": new.ravel(),
        }
    ).sort_values(["date", "store"], kind="stable")


def _campaign_frame(campaigns: list[tuple], traffic: pd.DataFrame) -> pd.DataFrame:
    """Participants are the share of shop visitors who joined, counted up to today."""
    rows = []
    for cid, name, start, end, owner in campaigns:
        span = traffic["date"].between(pd.Timestamp(start), pd.Timestamp(end))
        rows.append(
            (cid, name, start, end, owner, float(round(traffic.loc[span, "visitors"].sum() * 0.35)))
        )
    return pd.DataFrame(
        rows, columns=["campaign_id", "name", "start_date", "end_date", "owner_id", "participants"]
    )


# --------------------------------------------------------------------------------------
# Customer service, design, training, targets, metrics
# --------------------------------------------------------------------------------------

_AGENTS: dict[str, tuple[float, float]] = {  # tickets per day, median first response (s)
    "E08": (2.0, 20.0), "E09": (9.0, 24.0), "E10": (9.0, 30.0), "E11": (8.5, 34.0),
    "E12": (9.0, 28.0), "E13": (8.5, 52.0), "E14": (8.5, 30.0), "E27": (8.0, 44.0),
}  # fmt: skip


def _tickets(
    rng: np.random.Generator, cal: _Calendar, present: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Chat tickets seven days a week; complaints take hours or days, a few stay open."""
    agents = list(_AGENTS)
    weekend = np.where(cal.weekday >= 5, 0.8, 1.0)
    rates = np.stack([_AGENTS[a][0] * present[a] * weekend for a in agents])
    who, day = _events(rng, rates)
    n = day.size
    created_s = rng.integers(_WORK_START, 16 * _HOUR + 45 * 60, size=n)
    created = _at(cal.days[day], created_s)
    median = np.array([_AGENTS[a][1] for a in agents])[who]
    wait = np.clip(rng.lognormal(np.log(median), 0.75), 3, 1800).round().astype("int64")
    first = (created + wait.astype("timedelta64[s]")).astype("datetime64[ns]")
    first = np.where(rng.random(n) < 0.01, np.datetime64("NaT", "ns"), first)
    complaint = rng.random(n) < 0.04
    handle = rng.integers(120, 2400, size=n).astype("timedelta64[s]")
    resolved = (created + wait.astype("timedelta64[s]") + handle).astype("datetime64[ns]")
    # Complaints: same day (65 %), next day (27 %) or later (8 %); 5 % never resolved.
    later = rng.choice([0, 1, 2, 3], size=n, p=[0.65, 0.27, 0.05, 0.03])
    same_day = created_s + rng.integers(600, 3 * _HOUR, size=n)
    same_day = np.minimum(same_day, _WORK_END - 60)
    other_day = rng.integers(_WORK_START, _WORK_END, size=n)
    c_resolved = _at(cal.days[day] + later, np.where(later == 0, same_day, other_day))
    resolved = np.where(complaint, c_resolved.astype("datetime64[ns]"), resolved)
    never = rng.random(n) < np.where(complaint, 0.05, 0.02)
    end_of_today = np.datetime64(cal.today + timedelta(days=1), "ns")
    resolved = np.where(never | (resolved >= end_of_today), np.datetime64("NaT", "ns"), resolved)
    first = np.where(first >= end_of_today, np.datetime64("NaT", "ns"), first)
    ratings = rng.choice([5, 4, 3, 2, 1], size=n, p=[0.56, 0.25, 0.1, 0.05, 0.04]).astype(float)
    slow = np.array(agents, dtype=object)[who] == SLOW_AGENT
    ratings = np.where(slow & (rng.random(n) < 0.25), np.maximum(ratings - 2, 1), ratings)
    ratings = np.where(complaint, np.minimum(ratings, rng.integers(1, 4, size=n)), ratings)
    rated = rng.random(n) < 0.4
    qa = rng.random(n) < 0.1
    rookie = np.array(agents, dtype=object)[who] == JOINER_LONG
    correct = rng.random(n) < np.where(rookie, 0.85, 0.94)
    frame = pd.DataFrame(
        {
            "employee_id": np.array(agents, dtype=object)[who],
            "created_at": created,
            "first_response_at": first,
            "resolved_at": resolved,
            "is_complaint": complaint,
            "rating": np.where(rated, ratings, np.nan),
            "qa_correct": pd.array(np.where(qa, correct, False), dtype="boolean"),
        }
    )
    frame.loc[~qa, "qa_correct"] = pd.NA
    frame = frame.sort_values(["created_at", "employee_id"], kind="stable", ignore_index=True)
    frame.insert(0, "ticket_id", _ids("T", n, 6))
    return frame


def _design_tasks(
    rng: np.random.Generator, cal: _Calendar, present: dict[str, np.ndarray]
) -> pd.DataFrame:
    """About 15 tasks a month per designer, due on working days; one designer runs late."""
    designers = {"E15": 6.0, "E16": 15.0, "E17": 15.0, "E18": 15.0}
    ids = list(designers)
    per_day = np.array(list(designers.values())) / 21.7
    rates = np.stack([present[d] & cal.workday for d in ids]).astype(float) * per_day[:, None]
    who, day = _events(rng, rates)
    n = day.size
    emp = np.array(ids, dtype=object)[who]
    due = cal.days[day]
    on_time = rng.random(n) < np.where(emp == LATE_DESIGNER, 0.58, 0.93)
    early = rng.choice([0, 1, 2, 3], size=n, p=[0.5, 0.25, 0.15, 0.1])
    late = rng.integers(1, 7, size=n)
    # Early deliveries never precede the designer's first day in the window.
    first_day = np.array([cal.days[np.argmax(present[d])] for d in ids])[who]
    delivered_day = np.where(
        on_time,
        np.maximum(np.busday_offset(due, -early, roll="backward"), first_day),
        np.busday_offset(due, late, roll="forward"),
    )
    delivered = _at(delivered_day, rng.integers(10 * _HOUR, _WORK_END, size=n))
    undelivered = delivered_day > np.datetime64(cal.today, "D")
    delivered = np.where(undelivered, np.datetime64("NaT", "s"), delivered)
    quality = np.clip(rng.normal(np.where(emp == LATE_DESIGNER, 81.0, 87.0), 5.0), 55, 100).round()
    revisions = rng.poisson(np.where(emp == LATE_DESIGNER, 2.2, 1.0)).astype(float)
    page = rng.random(n) < 0.6
    live = np.busday_offset(delivered_day, rng.integers(0, 3, size=n), roll="forward")
    live_ok = page & ~undelivered & (live <= np.datetime64(cal.today, "D"))
    frame = pd.DataFrame(
        {
            "employee_id": emp,
            "due_date": due,
            "delivered_at": delivered,
            "quality_score": np.where(undelivered, np.nan, quality),
            "revisions": np.where(undelivered, np.nan, revisions),
            "page_id": np.where(page, np.cumsum(page), 0),
            "go_live_date": np.where(live_ok, live, np.datetime64("NaT", "D")),
        }
    )
    frame["page_id"] = [f"PG{p:05d}" if p else None for p in frame["page_id"]]
    frame = frame.sort_values(["due_date", "employee_id"], kind="stable", ignore_index=True)
    frame.insert(0, "task_id", _ids("DT", n, 5))
    return frame


def _training(
    rng: np.random.Generator, cal: _Calendar, employed: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Two courses per person per quarter; recent ones are still being completed."""
    quarters = cal.days.astype("datetime64[M]").astype(int) // 3  # calendar quarters
    rows: list[tuple[str, np.datetime64, str, bool, float]] = []
    for eid, _name, _mail, role, *_ in _PEOPLE:
        pool = _COURSES_COMMON + _COURSES_BY_ROLE[role]
        for quarter in np.unique(quarters):
            eligible = np.flatnonzero((quarters == quarter) & employed[eid] & cal.workday)
            if eligible.size < 5:
                continue
            courses = rng.choice(len(pool), size=2, replace=False)
            for course in courses:
                day = cal.days[int(rng.choice(eligible))]
                recent = (np.datetime64(cal.today, "D") - day).astype(int) < 7
                done = bool(rng.random() < (0.5 if recent else 0.92))
                score = float(np.clip(rng.normal(84, 7), 45, 100).round()) if done else np.nan
                rows.append((eid, day, pool[int(course)], done, score))
    frame = pd.DataFrame(rows, columns=["employee_id", "date", "course", "completed", "exam_score"])
    return frame.sort_values(["date", "employee_id"], kind="stable")


def _targets(cal: _Calendar) -> pd.DataFrame:
    """A few per-employee overrides: the star carries a stretch goal, the new seller a ramp."""
    rows: list[tuple[str, str, float, str | None, str | None]] = []
    for month in cal.months:
        rows.append((str(month), "net_sales", 250_000.0, STAR_SELLER, None))
    for offset, target in ((1, 20_000.0), (2, 35_000.0)):
        index = JOIN_SHORT_MONTH + offset
        if index < len(cal.months):
            rows.append((str(cal.months[index]), "net_sales", target, JOINER_SHORT, None))
    return pd.DataFrame(rows, columns=["period", "kpi_id", "target", "employee_id", "role"])


def _metrics(rng: np.random.Generator, cal: _Calendar) -> pd.DataFrame:
    """Conversion uplift measured by the platform for designers' pages, most closed months."""
    rows: list[tuple[str, str, str, float]] = []
    for month in cal.months[:-1]:
        for eid in ("E15", "E16", "E17", "E18"):
            if rng.random() < 0.2:
                continue
            centre = 0.02 if eid == LATE_DESIGNER else 0.08
            rows.append(
                (eid, str(month), "conversion_uplift", round(float(rng.normal(centre, 0.04)), 4))
            )
    return pd.DataFrame(rows, columns=["employee_id", "period", "kpi_id", "value"])


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------


def demo_frames(today: date, seed: int = 7) -> dict[str, pd.DataFrame]:
    """Canonical frames of every kind for the 12 months ending with `today`'s (running) month.

    Everything is drawn from one seeded generator in a fixed order, so the same `today` and
    `seed` always give identical frames (tests and screenshots can rely on exact numbers).
    """
    rng = np.random.default_rng(seed)
    cal = _Calendar.of(today)
    employees = _employees(rng, cal)
    employed = _employed(employees, cal)
    attendance = _attendance(rng, cal, employed)
    present = _present(employed, attendance, cal)
    campaigns, running, boost = _campaign_calendar(cal)
    orders, calls = _orders(rng, cal, present, running, boost, campaigns)
    traffic = _traffic(rng, cal, orders)
    frames = {
        "employees": employees,
        "stores": pd.DataFrame({"store": list(STORES), "owner_id": list(STORES.values())}),
        "campaigns": _campaign_frame(campaigns, traffic),
        "orders": orders,
        "traffic": traffic,
        "tickets": _tickets(rng, cal, present),
        "design_tasks": _design_tasks(rng, cal, present),
        "calls": calls,
        "attendance": attendance,
        "training": _training(rng, cal, employed),
        "targets": _targets(cal),
        "metrics": _metrics(rng, cal),
    }
    return {kind: conform(kind, frame) for kind, frame in frames.items()}
