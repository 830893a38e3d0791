"""`python -m benchmarks`: generate the company-scale dataset, time every case in its own
process (median of --runs, peak RSS), print the Markdown table and write it to --out.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from benchmarks.cases import Args
from benchmarks.dataset import DEFAULT_CACHE, LOAD_ORDER, ROOT, Paths, Spec, ensure

MEMORY_LIMIT_MB = 2048
WORKER_TIMEOUT_S = 3 * 3600


@dataclass
class Row:
    """One line of the table: a measured case against its baseline and target."""

    case: str
    seconds: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    target: str = "peak < 2 GB"
    max_ratio: float | None = None
    max_seconds: float | None = None
    max_mb: float = MEMORY_LIMIT_MB
    notes: list[str] = field(default_factory=list)

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def base(self) -> float | None:
        return statistics.median(self.baseline) if self.baseline else None

    @property
    def ratio(self) -> float | None:
        if self.median is None or not self.base:
            return None
        return self.median / self.base

    @property
    def peak(self) -> float | None:
        return max(self.peak_mb) if self.peak_mb else None

    @property
    def met(self) -> bool | None:
        if self.median is None:
            return None
        checks = [self.peak is None or self.peak <= self.max_mb]
        if self.max_ratio is not None:
            checks.append(self.ratio is not None and self.ratio <= self.max_ratio)
        if self.max_seconds is not None:
            checks.append(self.median < self.max_seconds)
        return all(checks)


def _run_worker(case: str, args: Args, log: Any) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; its RESULT line, or an error entry."""
    command = [sys.executable, "-m", "benchmarks.cases", case, json.dumps(asdict(args))]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                              timeout=WORKER_TIMEOUT_S)  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {WORKER_TIMEOUT_S} s"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("RESULT "):
            result = json.loads(line.removeprefix("RESULT "))
            log(f"  {case}: {_fmt(result.get('seconds'))} s, peak {result['peak_mb']:.0f} MB"
                f" ({time.perf_counter() - started:.1f} s with start-up)")  # fmt: skip
            return result
    tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
    log(f"  {case}: FAILED (exit {done.returncode})\n    " + "\n    ".join(tail))
    return {"error": f"exit {done.returncode}: " + " | ".join(tail)[-400:]}


def _fmt(value: float | None, digits: int = 3) -> str:
    if value is None:
        return "—"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}g}" if value < 1 else f"{value:.2f}"


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.0f} GB"
    except OSError:
        pass
    import duckdb
    import pandas
    import sqlalchemy

    return (
        f"{cpu}, {os.cpu_count()} cores, {ram} RAM; Python {platform.python_version()}, "
        f"pandas {pandas.__version__}, SQLAlchemy {sqlalchemy.__version__}, "
        f"DuckDB {duckdb.__version__}"
    )


def revision() -> str:
    """The commit measured, and whether the working tree had uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True, timeout=10).stdout.strip()  # fmt: skip
        dirty = subprocess.run(["git", "--no-optional-locks", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head or 'unknown'}{' + uncommitted changes' if dirty else ''}"


def table(rows: list[Row]) -> str:
    lines = [
        "| case | median s | baseline s | ratio | peak MB | target | met? |",
        "|---|---:|---:|---:|---:|---|:---:|",
    ]
    for row in rows:
        ratio = f"{row.ratio:.1f}×" if row.ratio is not None else "—"
        met = {True: "yes", False: "**no**", None: "—"}[row.met]
        peak = f"{row.peak:,.0f}" if row.peak is not None else "—"
        lines.append(
            f"| {row.case} | {_fmt(row.median)} | {_fmt(row.base)} | {ratio} | {peak} | "
            f"{row.target} | {met} |"
        )
    return "\n".join(lines)


def _median_dict(results: list[dict[str, Any]], key: str) -> dict[str, float]:
    merged: dict[str, list[float]] = {}
    for result in results:
        for name, value in (result.get(key) or {}).items():
            merged.setdefault(name, []).append(value)
    return {name: statistics.median(values) for name, values in merged.items()}


def _compare(work: Path) -> str:
    """The DuckDB baseline must compute the engine's numbers, or its time means nothing."""
    import pandas as pd

    from benchmarks.duck import KPIS

    engine_path, duck_path = work / "engine-month.parquet", work / "duck-month.parquet"
    if not engine_path.exists() or not duck_path.exists():
        return "not compared (a month case did not run)"
    engine = pd.read_parquet(engine_path)
    duck = pd.read_parquet(duck_path)
    engine = engine[engine["kpi_id"].isin(KPIS)]
    merged = duck.merge(engine, on=["employee_id", "kpi_id"], how="outer",
                        suffixes=("_duck", "_engine"), indicator=True)  # fmt: skip
    both = merged[merged["_merge"] == "both"]
    a, b = both["actual_duck"], both["actual_engine"]
    same = ((a - b).abs() <= 1e-6 * b.abs().clip(lower=1)) | (a.isna() & b.isna())
    # a NaN row and no row both mean "undefined" (SPEC §3), so they agree
    one_side = merged[merged["_merge"] != "both"]
    only = one_side[one_side[["actual_duck", "actual_engine"]].notna().any(axis=1)]
    same_total = int(same.sum()) + len(one_side) - len(only)
    differ = both[~same]
    text = (
        f"{same_total:,} of {len(merged):,} (employee, KPI) actuals identical, undefined ones "
        f"included ({len(differ)} differ, {len(only)} defined on one side only)"
    )
    examples = [
        f"{r.employee_id}/{r.kpi_id} duck={r.actual_duck} engine={r.actual_engine}"
        for r in pd.concat([differ, only]).head(6).itertuples()
    ]
    return text + (": " + "; ".join(examples) if examples else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today(),
                        help="last day of the 24-month window (default: today)")  # fmt: skip
    parser.add_argument("--db", default="sqlite", help="sqlite (default) or a postgresql URL")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--cases", default="all",
                        help="comma-separated subset of: imports, reimport, month, months, pages, "
                        "payroll, appraised")  # fmt: skip
    parser.add_argument("--profile", action="store_true",
                        help="also run each case once under cProfile (reports next to the data)")  # fmt: skip
    options = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    groups = {"imports", "reimport", "month", "months", "pages", "payroll", "appraised"}
    chosen = groups if options.cases == "all" else set(options.cases.split(","))
    if chosen - groups:
        parser.error(f"unknown cases: {sorted(chosen - groups)}")
    db_url = None if options.db == "sqlite" else options.db
    spec = Spec(options.scale, options.seed, options.today)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    paths = ensure(spec, options.cache_dir, log)
    meta = json.loads(paths.meta.read_text())
    log(f"dataset {spec.key} ready ({time.perf_counter() - started:.0f} s)")
    work = paths.folder / f"work-{os.getpid()}"
    work.mkdir()
    try:
        rows = _measure(spec, paths, work, db_url, chosen, options, log)
        compared = _compare(work) if "month" in chosen else "not run"
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load = (load_before, os.getloadavg()[0])
    report = _report(spec, meta, rows, compared, db_url, options, load)
    print(report)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(report + "\n")
    return 0


def _measure(spec: Spec, paths: Paths, work: Path, db_url: str | None, chosen: set[str],
             options: argparse.Namespace, log: Any) -> list[Row]:  # fmt: skip
    args = Args(str(paths.folder), spec.scale, spec.seed, spec.today.isoformat(), db_url, str(work))
    rows: list[Row] = []
    profiles: list[str] = []

    def measure(row: Row, case: str, baseline: str | None = None) -> list[dict[str, Any]]:
        results = []
        for run in range(options.runs):
            log(f"{row.case} — run {run + 1}/{options.runs}")
            if baseline is not None:
                base = _run_worker(baseline, args, log)
                if "seconds" in base:
                    row.baseline.append(base["seconds"])
            result = _run_worker(case, args, log)
            if result.get("seconds") is not None:
                row.seconds.append(result["seconds"])
                row.peak_mb.append(result["peak_mb"])
            elif "error" in result:
                row.notes.append(result["error"])
            row.notes.extend(n for n in result.get("notes", []) if n not in row.notes)
            results.append(result)
        if options.profile:
            target = paths.folder / f"profile-{case}.txt"
            _run_worker(case, Args(**{**asdict(args), "profile": str(target)}), log)
            profiles.append(str(target))
        return results

    meta = json.loads(paths.meta.read_text())
    n_orders, employees = meta["rows"]["orders"], meta["rows"]["employees"]
    xlsx_rows = meta["xlsx_rows"]
    target = "SQLite" if db_url is None else "PostgreSQL"
    if "imports" in chosen:
        row = Row(f".xlsx import, {xlsx_rows:,} orders (import_file → {target})",
                  target="≤ 2× bare read; peak < 2 GB", max_ratio=2.0)  # fmt: skip
        results = measure(row, "xlsx_import", "xlsx_read")
        row.notes.append(_phases(results))
        rows.append(row)
        row = Row(f".csv import, {n_orders:,} orders (import_file → {target})")
        results = measure(row, "csv_import", "csv_read")
        row.notes.append(_phases(results))
        rows.append(row)
    if chosen & {"reimport", "month", "months", "pages", "payroll", "appraised"}:
        if db_url is None:
            shutil.copy(paths.full_db, work / "full.sqlite")
            _upgrade(
                f"sqlite:///{work / 'full.sqlite'}"
            )  # a cached dataset may predate a migration
        else:
            from benchmarks.dataset import load_database, read_frames
            from data.db import make_engine
            from data.migrate import downgrade

            log("loading the full dataset into PostgreSQL")
            engine = make_engine(db_url)
            downgrade(engine, "base")
            engine.dispose()
            load_database(db_url, read_frames(paths), LOAD_ORDER, spec.now)
    if "reimport" in chosen:
        row = Row(f".xlsx re-upload, {xlsx_rows:,} orders into the loaded DB (all replaced)")
        results = measure(row, "xlsx_reimport", "xlsx_read")
        row.notes.append(_phases(results))
        rows.append(row)
    if "month" in chosen:
        row = Row(f"month {spec.month}: scorecards + appraisals, {employees:,} employees "
                  "(compute_month)", target="≤ 3× DuckDB and < 5 s; peak < 2 GB",
                  max_ratio=3.0, max_seconds=5.0)  # fmt: skip
        results = measure(row, "month_engine", "month_duckdb")
        row.notes.append(_phases(results))
        rows.append(row)
    if "month" in chosen:
        row = Row(f"month {spec.month}, every earlier month paid out (compute_month restates "
                  "them)", target="< 5 s; peak < 2 GB", max_seconds=5.0)  # fmt: skip
        results = measure(row, "month_paid_engine")
        row.notes.append(_phases(results))
        if results and results[-1].get("payouts"):
            row.notes.append(f"{results[-1]['payouts']:,} payout rows; no DuckDB baseline: the "
                             "query restates no commission")  # fmt: skip
        rows.append(row)
    if "months" in chosen:
        row = Row(f"all 24 months ({spec.months[0]} – {spec.months[-1]}), compute_month × 24")
        results = measure(row, "months_engine", "months_duckdb")
        row.notes.append(_phases(results))
        rows.append(row)
    if "pages" in chosen:
        for case, label in (("page_director", "director page"), ("page_home", "employee home")):
            cold = Row(f"{label}, cold (AppTest)")
            warm = Row(f"{label}, warm (AppTest)", target="< 0.5 s", max_seconds=0.5)
            for result in measure(cold, case):
                if result.get("warm") is not None:
                    warm.seconds.append(result["warm"])
                    warm.peak_mb.append(result["peak_mb"])
                if result.get("user"):
                    note = f"signed in as {result['user']}"
                    if note not in cold.notes:
                        cold.notes.append(note)
            rows += [cold, warm]
    if "payroll" in chosen:
        frame = Row(f"payroll run and sheet, month {spec.month} (payroll.payroll)")
        sheet = Row("payroll .xlsx (exports.payroll_xlsx)")
        for result in measure(sheet, "payroll"):
            if result.get("frame_seconds") is not None:
                frame.seconds.append(result["frame_seconds"])
                frame.peak_mb.append(result["peak_mb"])
                sheet.baseline.append(result["baseline"])
                note = f"{result['rows']:,} rows, {result['bytes'] / 1024:,.0f} KB"
                if note not in sheet.notes:
                    sheet.notes.append(note)
        rows += [frame, sheet]
    if "appraised" in chosen and db_url is None:
        rows += _appraised(spec, args, measure, log)
    if profiles:
        rows[-1].notes.append("profiles: " + ", ".join(profiles))
    return rows


def _upgrade(url: str) -> None:
    from data.db import make_engine
    from data.migrate import upgrade

    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()


def _appraised(spec: Spec, args: Args, measure: Any, log: Any) -> list[Row]:
    """Issue 14's cases, in the benchmark month with appraisals in every state (SQLite)."""
    prepared = _run_worker("prepare", args, log)
    if "error" in prepared or "states" not in prepared:
        return [Row("appraised month: preparing failed", notes=[str(prepared)[:500]])]
    states = ", ".join(f"{s} {n:,}" for s, n in prepared["states"].items())
    month = spec.month
    rows: list[Row] = []
    # Issue 14's goals, each as the row's target.
    cases = [
        (f"open period {month} (appraisals.open_period, every appraisal)", "open_service", 5.0),
        ("one review (appraisals.review)", "review_service", 1.0),
        ("one calibration (appraisals.calibrate)", "calibrate_service", 1.0),
        ("finalise every ready appraisal (appraisals.finalise)", "finalise_service", 5.0),
        ("`python -m data review`, whole process", "review_cli", 0.7),
        ("`python -m data calibrate`, whole process", "calibrate_cli", 0.7),
        ("`python -m data finalise`, whole process", "finalise_cli", 5.0),
    ]
    for label, case, goal in cases:
        row = Row(label, target=f"≤ {goal:g} s", max_seconds=goal)
        measure(row, case)
        rows.append(row)
    rows[0].notes.append(f"month state for the other cases: {states}")
    for command in ("scorecard", "appraisals"):
        row = Row(f"`python -m data {command} --period {month}`, whole process",
                  target="≤ 3 s and ≤ 3× DuckDB process", max_ratio=3.0,
                  max_seconds=3.0)  # fmt: skip
        measure(row, f"{command}_cli", "duck_cli")
        rows.append(row)
    page = {"max_mb": 1536.0}  # the app process: ≤ 1.5 GB
    cold = Row("HR board, cold (AppTest)", target="peak ≤ 1.5 GB", **page)
    warm = Row("HR board, warm", target="≤ 1 s", max_seconds=1.0, **page)
    pick = Row("HR board, choosing a person in One appraisal", target="≤ 0.5 s",
               max_seconds=0.5, **page)  # fmt: skip
    after = Row("HR board, rerun after a calibration", target="≤ 1 s", max_seconds=1.0, **page)
    for result in measure(cold, "hr_board"):
        for row, key in ((warm, "warm"), (pick, "pick"), (after, "after_save")):
            if result.get(key) is not None:
                row.seconds.append(result[key])
                row.peak_mb.append(result["peak_mb"])
    department = Row("Department, director's next visit after HR's save", target="≤ 2 s",
                     max_seconds=2.0, **page)  # fmt: skip
    home = Row("Home, a seller's next visit after HR's save", target="≤ 0.5 s",
               max_seconds=0.5, **page)  # fmt: skip
    for result in measure(department, "after_save"):
        if result.get("home") is not None:
            home.seconds.append(result["home"])
            home.peak_mb.append(result["peak_mb"])
    rows += [cold, warm, pick, after, department, home]
    return rows


def _phases(results: list[dict[str, Any]]) -> str:
    phases = _median_dict(results, "phases")
    extra = _median_dict(results, "readers")
    parts = [f"{name} {value:.2f} s" for name, value in phases.items()]
    parts += [f"{name} {value:.2f} s" for name, value in extra.items()]
    return "medians: " + ", ".join(parts) if parts else ""


def _report(spec: Spec, meta: dict[str, Any], rows: list[Row], compared: str,
            db_url: str | None, options: argparse.Namespace, load: tuple[float, float]
            ) -> str:  # fmt: skip
    database = "SQLite (file, WAL)" if db_url is None else "PostgreSQL"
    counts = ", ".join(f"{kind} {n:,}" for kind, n in meta["rows"].items())
    lines = [
        f"# KPI Suite benchmarks — {datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"- Machine: {machine()}; 1-minute load average {load[0]:.1f} at the start, "
        f"{load[1]:.1f} at the end (other jobs share the machine)",
        f"- Dataset: scale {spec.scale:g}, seed {spec.seed}, 24 months "
        f"{spec.months[0]} – {spec.months[-1]} (data through {spec.today}); {counts}; "
        f"orders CSV {meta['csv_bytes'] / 2**20:,.0f} MB, .xlsx {meta['xlsx_rows']:,} rows "
        f"{meta['xlsx_bytes'] / 2**20:,.1f} MB",
        f"- Code: {revision()}",
        f"- Database: {database}; medians of {options.runs} run(s), each case in a fresh "
        "process; peak MB = the process's peak RSS (max over runs)",
        "",
        table(rows),
        "",
        "Baselines: .xlsx — the faster of python-calamine `to_python()` and "
        '`pd.read_excel(engine="calamine")` on the same bytes; .csv — `pd.read_csv` (C engine); '
        "months — one hand-written DuckDB SQL query (`benchmarks/duck.py`) over the same "
        "records (Parquet) computing 21 KPIs and linear scores per employee; payroll .xlsx — "
        "a bare xlsxwriter row loop over the same cells. Pages are `dashboards/app.py` in "
        "AppTest with `st.session_state['actor']` injected; cold = first visit with empty "
        "caches, warm = median of 5 reruns.",
        f"- DuckDB vs engine, month {spec.month}: {compared}",
        "",
        "Notes:",
    ]
    for row in rows:
        for note in row.notes:
            if note:
                lines.append(f"- {row.case}: {note}")
    load = meta["timings"].get("load_full_s", {})
    if load:
        lines.append(
            "- loading the dataset through records_store.write_frame: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in load.items())
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
