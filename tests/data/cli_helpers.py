"""The command line as tests drive it: rows to a CSV file, and one in-process run of
`python -m data` with its exit code and both output streams."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from data.cli import main


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err
