"""The gettext catalogues and the Babel formats: every message in both languages with the same
placeholders, the committed .mo compiled from its .po, nothing the code uses left out.
"""

from __future__ import annotations

import io
import string
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from core.i18n import LANGS, LOCALES, formats, mo_path, t

ROOT = Path(__file__).resolve().parents[2]


def _read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def _po(lang: str) -> Catalog:
    return _read(LOCALES / lang / "LC_MESSAGES" / "messages.po")


def _ids(catalog: Catalog) -> set[str]:
    return {m.id for m in catalog if m.id}


def untranslated(catalog: Catalog, ids: set[str]) -> list[str]:
    """Ids without a usable text: absent, empty or fuzzy (the .mo leaves fuzzy ones out)."""
    return sorted(i for i in ids if (m := catalog.get(i)) is None or not m.string or m.fuzzy)


def placeholders(text: str) -> set[str]:
    """The `{name}`s of a text. A value given in both languages (an import header's label,
    which lives in `data.importing.headers`, not here) comes as `label_en`/`label_zh`; each
    language uses its own, so the suffix is not part of the name compared."""
    fields = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    return {f.removesuffix("_en").removesuffix("_zh") for f in fields}


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_translated(lang: str) -> None:
    ids = _ids(_read(LOCALES / "messages.pot"))
    assert len(ids) > 1000
    assert untranslated(_po(lang), ids) == []


def test_the_check_catches_a_missing_empty_or_fuzzy_translation() -> None:
    zh = _po("zh")
    ids = _ids(zh)
    assert untranslated(zh, ids) == []
    zh["ui.page.home"].string = ""
    zh["ui.page.hr"].flags.add("fuzzy")
    zh.delete("ui.page.sales")
    assert untranslated(zh, ids) == ["ui.page.home", "ui.page.hr", "ui.page.sales"]


def test_placeholders_match_between_languages() -> None:
    en, zh = _po("en"), _po("zh")
    differ = {
        m.id: (placeholders(m.string), placeholders(zh[m.id].string))
        for m in en
        if m.id and placeholders(m.string) != placeholders(zh[m.id].string)
    }
    assert differ == {}


@pytest.mark.parametrize("lang", LANGS)
def test_committed_mo_is_the_compiled_po(lang: str) -> None:
    fresh = io.BytesIO()
    write_mo(fresh, _po(lang))
    assert mo_path(lang).read_bytes() == fresh.getvalue(), "run `pybabel compile`"


def test_extraction_finds_exactly_the_catalogued_messages(tmp_path: Path) -> None:
    """`pybabel extract` (settings from pyproject.toml) over the code: a message the code uses
    but the .po lacks shows as its key; one the code no longer names would be dropped by
    `pybabel update`, so it must be declared (`N_`) or removed."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-o", str(pot)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    extracted = _ids(_read(pot))
    for lang in LANGS:
        catalogued = _ids(_po(lang))
        assert sorted(extracted - catalogued) == [], f"missing from {lang}"
        assert sorted(catalogued - extracted) == [], f"not found in the code ({lang})"
    assert _ids(_read(LOCALES / "messages.pot")) == extracted, "run `pybabel extract`"


def test_t_reads_the_catalogues() -> None:
    assert (t("ui.page.home"), t("ui.page.home", "zh")) == ("Home", "首页")
    assert t("ui.page.home", "fr") == "Home"  # any other language reads English
    assert t("no.such.key") == "no.such.key"
    assert t("no.such.key", "zh", n=1) == "no.such.key {'n': 1}"
    assert t("") == ""  # not the catalogue's header
    text = t("ui.home.weight", "zh", value=40)
    assert text == "权重 40%"
    # A missing or wrong parameter leaves the text unfilled rather than failing the page.
    assert t("ui.home.weight", "en") == "weight {value}%"


@pytest.mark.parametrize("lang", LANGS)
def test_numbers(lang: str) -> None:
    # en_US and zh_Hans_CN both group by thousands with "," and use "." for decimals.
    assert formats.number(1234567.5, lang=lang) == "1,234,568"  # .5 rounds up
    assert formats.number(2.5, lang=lang) == "3"  # half-up; Babel alone would give "2"
    assert formats.number(Decimal("1234.565"), 2, lang) == "1,234.57"
    assert (
        formats.number(0.125, 2, lang) == "0.13"
    )  # the float's shortest repr, 0.125, not 0.12499…
    assert formats.number(-1234.5, 1, lang) == "-1,234.5"
    assert formats.number(None, lang=lang) == formats.number(float("nan"), lang=lang) == "—"


def test_money_is_yuan_in_both_languages_without_floats() -> None:
    assert formats.money(Decimal("1234.5"), cents=True) == "¥1,234.50"
    assert formats.money(Decimal("-1234.5"), cents=True) == "-¥1,234.50"
    assert formats.money(Decimal("1234567.49")) == "¥1,234,567"
    assert formats.money(Decimal("0.005"), cents=True) == "¥0.01"  # half-up, not half-even
    # 20 significant digits: a float keeps ~16, so this passes only if no float is involved.
    assert formats.money(Decimal("123456789012345678.555"), cents=True) == (
        "¥123,456,789,012,345,678.56"
    )
    assert formats.money(None) == "—"


@pytest.mark.parametrize("lang", LANGS)
def test_percentages(lang: str) -> None:
    assert formats.percent(0.953, lang=lang) == "95.3%"
    assert formats.percent(Decimal("0.01555"), 2, lang) == "1.56%"  # 1.555 % half-up
    assert formats.percent(0.5, 0, lang) == "50%"
    assert formats.percent(-0.0125, 1, lang) == "-1.3%"  # −1.25 % half-up (away from zero)
    assert formats.percent(float("nan"), lang=lang) == "—"  # a zero denominator


@pytest.mark.parametrize("lang", LANGS)
def test_signed_changes(lang: str) -> None:
    assert formats.signed_number(1234.5, 1, lang) == "+1,234.5"
    assert formats.signed_number(-0.25, 1, lang) == "-0.3"  # half-up, away from zero
    assert formats.signed_number(0.0, 1, lang) == "+0.0"
    assert formats.signed_percent(0.0345, 1, lang) == "+3.5%"  # 3.45 % half-up
    assert formats.signed_percent(-0.5, 0, lang) == "-50%"
    assert formats.signed_number(None, lang=lang) == "—"


def test_dates() -> None:
    assert formats.day(date(2026, 10, 6), "en") == "Oct 6, 2026"
    assert formats.day(date(2026, 10, 6), "zh") == "2026年10月6日"
    assert formats.day(None, "zh") == "—"


def test_list_separator() -> None:
    names = ["王芳", "Sue Seller"]
    assert t("list.separator", "en").join(names) == "王芳, Sue Seller"
    assert t("list.separator", "zh").join(names) == "王芳、Sue Seller"
