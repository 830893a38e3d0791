"""The role → pages map of `dashboards.navigation`: who may reach which page, checked as plain
data without running Streamlit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.permissions import Actor
from dashboards import navigation as nav


def paths(actor: Actor | None, appraised: bool = True) -> set[str]:
    sections = nav.pages_for(actor, appraised=appraised, exists=lambda _p: True)
    return {p.path for pages in sections.values() for p in pages}


STAFF = Actor("e05", "ops", "E05")
LEAD = Actor("ops", "ops", "E04", frozenset({"E05", "E06"}))
DIRECTOR = Actor("director", "director", "E01", frozenset({"E02", "E04"}))
HR = Actor("hr", "hr", "E02")
ADMIN = Actor("admin", "admin", "E03")


def test_signed_out_sees_only_login() -> None:
    assert paths(None) == {nav.LOGIN.path}


@pytest.mark.parametrize(
    ("actor", "page"),
    [
        (STAFF, nav.OPERATIONS),
        (Actor("cs1", "cs", "E09"), nav.SERVICE),
        (Actor("d1", "designer", "E16"), nav.DESIGN),
        (Actor("s1", "sales", "E20"), nav.SALES),
    ],
)
def test_staff_get_home_self_assessment_and_their_role_page(
    actor: Actor, page: nav.PageSpec
) -> None:
    """Staff without reports upload nothing (SPEC §9 upload stewards): no upload page."""
    assert paths(actor) == {nav.HOME.path, nav.SELF.path, page.path}


def test_supervisors_also_review_and_upload() -> None:
    assert {nav.REVIEW.path, nav.UPLOAD.path} <= paths(LEAD)
    assert nav.REVIEW.path not in paths(STAFF)


def test_director_reads_every_area_and_is_not_self_assessed() -> None:
    seen = paths(DIRECTOR, appraised=False)
    assert {p.path for p in nav.ROLE_PAGES["director"]} <= seen
    assert nav.SELF.path not in seen
    assert not {nav.HR.path, nav.ADMIN.path, nav.AUDIT.path} & seen


def test_hr_runs_the_board_and_reads_the_audit_trail_but_not_admin() -> None:
    seen = paths(HR)
    assert {nav.HR.path, nav.AUDIT.path, nav.DIRECTOR.path} <= seen
    assert nav.ADMIN.path not in seen


def test_admin_manages_users_but_sees_no_appraisal_pages() -> None:
    seen = paths(ADMIN, appraised=False)
    assert {nav.ADMIN.path, nav.AUDIT.path} <= seen
    appraisal_pages = {nav.SELF, nav.REVIEW, nav.HR, *nav.ROLE_PAGES["director"]}
    assert not {p.path for p in appraisal_pages} & seen


def test_missing_page_modules_are_left_out() -> None:
    sections = nav.pages_for(DIRECTOR, appraised=False, exists=lambda p: p != nav.SALES)
    assert nav.SALES not in [p for pages in sections.values() for p in pages]


def test_every_spec_file_exists_for_the_shell_pages() -> None:
    shell = [nav.LOGIN, nav.HOME, nav.SELF, nav.REVIEW, nav.UPLOAD, nav.HR, nav.AUDIT, nav.ADMIN]
    assert all(nav._exists(p) for p in shell)
    assert all(p.url_path == Path(p.path).stem for p in nav.all_specs())
