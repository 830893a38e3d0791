"""Words instead of ids, JSON and None: the audit trail's "before → after" of changed fields,
names beside ids, typed scores as integers and rate targets in percent (no AppTest needed).
"""

from __future__ import annotations

import pandas as pd

from dashboards import audit_view
from dashboards.forms_ui import given_score, rates_in_percent

SUBMIT_BEFORE = {
    "state": "open",
    "self_overall": None,
    "self_scores": {},
    "self_texts": {},
    "calibration": "0.00",
    "self_waived": False,
}
SUBMIT_AFTER = {
    "state": "self_submitted",
    "self_overall": "85.00",
    "self_scores": {"innovation": "90.00"},
    "self_texts": {"achievements": "Two key accounts"},
    "calibration": "0.00",
    "self_waived": False,
}


def test_a_submitted_self_assessment_reads_as_changed_fields() -> None:
    # calibration "0.00" → "0.00" and self_waived False → False did not change: left out.
    assert audit_view.readable(SUBMIT_BEFORE, SUBMIT_AFTER, "en") == (
        "State: Open → Self-assessment submitted; "
        "Self-assessment overall: — → 85; "
        "Self-assessment · Innovation: — → 90; "
        "Self-assessment · achievements: — → Two key accounts"
    )
    zh = audit_view.readable(SUBMIT_BEFORE, SUBMIT_AFTER, "zh")
    assert zh.startswith("状态: ") and "已自评" in zh and "自评总分: — → 85" in zh


def test_template_changes_by_kpi_and_tiers_by_position() -> None:
    before = {"items": [{"role": "sales", "kpi_id": "net_sales", "weight": 60, "target": 10000}]}
    after = {"items": [{"role": "sales", "kpi_id": "net_sales", "weight": 50, "target": 10000}]}
    assert audit_view.readable(before, after, "en") == "Template · Net sales · weight: 60 → 50"
    tiers_before = {"monthly_plan": {"tiers": [{"upper": "50000", "rate": "0.01"}]}}
    tiers_after = {
        "monthly_plan": {
            "tiers": [{"upper": "50000", "rate": "0.01"}, {"upper": None, "rate": "0.02"}]
        }
    }
    # A second tier added: its open upper bound reads "and above", never None.
    assert audit_view.readable(tiers_before, tiers_after, "en") == (
        "Monthly commission · tier · 2 · up to: — → and above; "
        "Monthly commission · tier · 2 · rate: — → 0.02"
    )


def test_names_beside_ids_in_keys() -> None:
    names = {"E12": "杨帆"}
    assert audit_view.key_text("E12/2026-03", names) == "杨帆 (E12)/2026-03"
    assert audit_view.key_text("2026-03/net_sales/E9/", names) == "2026-03/net_sales/E9/"


def test_typed_scores_are_integers() -> None:
    assert [given_score(v) for v in ("85.00", 85.0, 85, "72.50", None)] == [
        "85",
        "85",
        "85",
        "72.5",
        "—",
    ]


def test_rate_targets_in_percent_and_back() -> None:
    rows = pd.DataFrame(
        {"kpi_id": ["repeat_rate", "net_sales", "call_conversion"], "target": [0.9, 10000.0, None]}
    )
    shown = rates_in_percent(rows, 100)
    # 0.9 × 100 = 90 (not 90.00000000000001); money untouched; a blank target stays blank.
    assert shown["target"].tolist()[:2] == [90.0, 10000.0] and pd.isna(shown["target"].iloc[2])
    assert rates_in_percent(shown, 0.01)["target"].tolist()[:2] == [0.9, 10000.0]
