"""The upload page's helpers: the role's usual kind, and template samples naming real people
and stores, so the downloaded template's sample row passes validation as it is."""

from __future__ import annotations

import io

import openpyxl
from sqlalchemy import Engine

from core.permissions import Actor, upload_kinds
from data.db import transaction
from data.importing import template_workbook
from data.services import imports
from data.services.people import SYSTEM
from data.services.upload_help import default_kind, template_samples

EMPLOYEES = (
    "employee_id,name,role,manager_id\n"
    "D1,杨帆,director,\n"
    "S1,刘洋,sales,D1\n"
    "C1,王芳,cs,D1\n"
    "C2,李娜,cs,C1\n"
    "O1,张伟,ops,D1\n"
)


def _sample_row(content: bytes) -> dict[str, object]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    header, sample = list(sheet.iter_rows(min_row=1, max_row=2, values_only=True))
    return dict(zip(header, sample, strict=True))


def test_default_kind_per_role() -> None:
    """Each team's usual export first, when the person is its steward (SPEC §9)."""
    lead = frozenset({"E9"})  # a supervisor: stewards hold their team's kinds
    for role, kind in (
        ("ops", "orders"),
        ("cs", "tickets"),
        ("designer", "design_tasks"),
        ("sales", "calls"),
        ("hr", "attendance"),
    ):
        actor = Actor("a", role, "E1", lead)
        assert default_kind(actor, upload_kinds(actor)) == kind
    director = Actor("x", "director", "D1", lead)
    assert default_kind(director, upload_kinds(director)) is None
    # Staff without reports upload none of the pay kinds: nothing to preselect.
    assert default_kind(Actor("s", "sales", "S2"), upload_kinds(Actor("s", "sales", "S2"))) is None


def test_template_sample_rows_use_real_ids(engine: Engine) -> None:
    with transaction(engine) as session:
        imports.import_file(session, SYSTEM, "employees", "e.csv", EMPLOYEES.encode())
        imports.import_file(
            session, SYSTEM, "stores", "s.csv", "store,owner_id\n旗舰店,O1\n".encode()
        )
    with transaction(engine) as session:
        # The cs supervisor's own tickets: C1, reporting to D1.
        tickets = template_samples(session, Actor("C1", "cs", "C1"), "tickets")
        # HR (no employee record here) gets the first person by id: C1.
        attendance = template_samples(session, Actor("h", "hr"), "attendance")
        # Orders belong to sales: S1 (D1's report), and the one real store.
        orders = template_samples(session, Actor("O1", "ops", "O1"), "orders")
    assert tickets["employee_id"] == "C1" and tickets["manager_id"] == "D1"
    assert attendance["employee_id"] == "C1"
    assert orders["employee_id"] == "S1" and orders["store"] == "旗舰店"
    row = _sample_row(template_workbook("orders", "en", orders))
    assert row["employee_id"] == "S1" and row["store"] == "旗舰店"
    # The sample row validates against this department as it is.
    with transaction(engine) as session:
        preview = imports.preview(
            session, SYSTEM, "orders", "t.xlsx", template_workbook("orders", "en", orders)
        )
    assert preview.ok, [e.detail("en") for e in preview.errors]
