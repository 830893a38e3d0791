"""Encodings of uploaded CSV text, found by charset-normalizer: UTF-8 with and without BOM,
UTF-16 with BOM (Excel's tab-separated "Unicode text"), GBK and GB18030 — each built here with
Chinese headers and Chinese names, and each must read to the same rows.
"""

from __future__ import annotations

import pytest

from core.errors import ValidationError
from data.importing import parse_upload
from data.importing.readers import read_raw

HEADER = ["员工编号", "姓名", "角色", "团队", "上级工号", "邮箱"]
ROWS = [
    ["E1", "杨帆", "director", "电商部", "", "yf@example.cn"],
    ["E2", "刘洋", "ops", "运营组", "E1", ""],
    ["E3", "欧阳娜娜", "cs", "客服组", "E1", ""],
]


def _text(delimiter: str = ",", rows: list[list[str]] = ROWS) -> str:
    return "\r\n".join(delimiter.join(r) for r in [HEADER, *rows]) + "\r\n"


CASES = {
    "utf-8": _text().encode("utf-8"),
    "utf-8-sig": _text().encode("utf-8-sig"),
    # Excel "Unicode text": UTF-16 LE with BOM, tab-separated.
    "utf-16": _text("\t").encode("utf-16"),
    "gbk": _text().encode("gbk"),
    "gb18030": _text().encode("gb18030"),
}
EXPECTED_ENCODING = {
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf-16": "utf-16",
    "gbk": "gb18030",  # GB18030 is a superset of GBK: the same bytes, the same text
    "gb18030": "gb18030",
}


@pytest.mark.parametrize("encoding", sorted(CASES))
def test_each_encoding_reads_the_same_chinese_rows(encoding: str) -> None:
    content = CASES[encoding]
    assert read_raw("员工.csv", content, kind="employees").encoding == EXPECTED_ENCODING[encoding]
    result = parse_upload("employees", "员工.csv", content)
    assert result.ok, [e.detail("en") for e in result.errors]
    assert result.frame["name"].tolist() == ["杨帆", "刘洋", "欧阳娜娜"]
    assert result.frame["team"].tolist() == ["电商部", "运营组", "客服组"]
    assert result.mapping["姓名"] == "name" and result.mapping["员工编号"] == "employee_id"


def test_gb18030_four_byte_characters() -> None:
    # 䶮 (U+4DAE) is outside GBK: GB18030 writes it in four bytes; it must survive.
    rows = [["E9", "刘䶮", "sales", "销售组", "", ""]]
    content = _text(rows=rows).encode("gb18030")
    result = parse_upload("employees", "员工.csv", content)
    assert result.frame["name"].tolist() == ["刘䶮"]


def test_large_gbk_file_is_sampled_without_splitting_a_character() -> None:
    # 3,000 rows × ~30 bytes ≈ 90 KB, past the 64 KB sample charset-normalizer looks at.
    rows = [[f"E{i}", "王小明", "sales", "销售组", "E1", ""] for i in range(2, 3002)]
    content = _text(rows=[ROWS[0], *rows]).encode("gbk")
    assert len(content) > 65536
    result = parse_upload("employees", "员工.csv", content)
    assert result.total_rows == 3001 and result.ok
    assert set(result.frame["name"]) == {"杨帆", "王小明"}


def test_other_encodings_are_refused_not_guessed() -> None:
    # Shift-JIS Japanese would read as rare GB18030 characters: refused with the key.
    japanese = "注文番号,注文日時,顧客番号,支払金額\nA1,2026-03-05,C1,1\n".encode("shift_jis")
    with pytest.raises(ValidationError) as refused:
        read_raw("jp.csv", japanese, kind="orders")
    assert refused.value.key == "import.bad_encoding"
