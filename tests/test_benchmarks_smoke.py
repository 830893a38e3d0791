"""The benchmark suite still runs end to end: a tiny dataset, one run, the table printed.

Timings here mean nothing; the point is that `python -m benchmarks` keeps working.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_prints_the_table(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    command = [
        sys.executable, "-m", "benchmarks", "--scale", "0.001", "--runs", "1",
        "--cases", "imports,month,payroll", "--cache-dir", str(tmp_path / "cache"),
        "--out", str(out),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| case | median s | baseline s | ratio | peak MB | target | met? |" in done.stdout
    rows = [
        line for line in done.stdout.splitlines() if line.startswith("| ") and "---" not in line
    ]
    cases = [line.split("|")[1].strip() for line in rows[1:]]
    assert any(c.startswith(".xlsx import") for c in cases)
    assert any(c.startswith(".csv import") for c in cases)
    assert any(c.startswith("month ") for c in cases)
    assert any(c.startswith("payroll .xlsx") for c in cases)
    for line in rows[1:]:
        median = line.split("|")[2].strip()
        assert median != "—", f"a case failed: {line}\n{done.stderr[-2000:]}"
    assert "(0 differ, 0 defined on one side only)" in done.stdout
    assert out.read_text().startswith("# KPI Suite benchmarks")
