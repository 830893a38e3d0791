"""The upload page reads right: the role's kind preselected, problems counted per row with
their cells, and after an import only the success is shown and the same file cannot be
imported twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from streamlit.testing.v1 import AppTest

UPLOAD = "views/upload.py"


def test_upload_shows_only_success_after_import(open_as: Callable[..., AppTest]) -> None:
    at = open_as("ops", page=UPLOAD)
    # ops uploads orders most: preselected without touching the kind box.
    assert at.selectbox(key="_upload_kind_widget").value == "orders"
    day = date.today().replace(day=1).isoformat()
    csv = (
        "订单编号,下单时间,买家ID,实付金额,员工编号\n"
        f"UP-1,{day} 10:00,C-UP-1,1200.50,E20\n"
        f"UP-2,not a time,C-UP-2,abc,E20\n"  # row 3: two bad cells
        f"UP-3,{day} 11:30,C-UP-3,800,E20\n"
    ).encode()
    at.file_uploader(key="_upload_file_orders").upload("up.csv", csv, "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    # One row with problems, in two cells (下单时间 and 实付金额).
    assert [e.value for e in at.error] == [
        "1 rows have problems (2 cells). Nothing has been written."
    ]
    assert at.metric[2].value == "1"
    valid = next(b for b in at.button if b.label.startswith("Import only the valid rows (2)"))
    valid.click().run()
    assert not at.exception, [e.value for e in at.exception]
    # Success alone: the red problems are gone and the same file cannot be imported again.
    assert len(at.error) == 0
    assert [s.value for s in at.success][0].startswith("Imported 2 rows as import #")
    buttons = {b.label: b.disabled for b in at.button}
    assert buttons.get("Imported") is True
    assert not any(label.startswith("Import ") for label in buttons)
