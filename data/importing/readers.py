"""Bytes of an uploaded .csv or .xlsx → a frame of the cells under the header row.

Refuses what is unsafe or unreadable (size, zip bombs, binary, unknown encodings) with a key.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np
import pandas as pd
from charset_normalizer import from_bytes
from pandas.api.types import infer_dtype, is_string_dtype
from python_calamine import CalamineWorkbook, SheetTypeEnum

from core.errors import ValidationError
from core.i18n import N_
from data.importing.headers import header_score

MAX_BYTES = 50 * 2**20
HEADER_SCAN_ROWS = 10  # a header below ten rows of titles is not a header any more
MAX_ROWS = 2_000_000  # above Excel's 1,048,576: only a generated file gets here
MAX_ZIP_RATIO = 100  # real .xlsx sheets inflate 5-30×; bombs inflate 1000×
MAX_ZIP_MEMBERS = 10_000
ZIP_RATIO_FLOOR = 16 * 2**20  # below this uncompressed size the ratio does not matter
MAX_SHEETS_SCANNED = 20
# calamine holds a sheet as one rectangle up to its last used cell (32 bytes a cell), so one
# stray cell at XFD1048576 asks for 550 GB. Excel's row limit × 12 columns covers a year of
# orders (11 known columns) and stays under 1 GB.
MAX_XLSX_CELLS = 1_048_576 * 12
_SHEET_MEMBER = re.compile(r"xl/worksheets/[^/]+\.xml")
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref\s*=\s*["\'](?:[A-Za-z$]+[0-9$]+:)?\$?([A-Za-z]+)\$?([0-9]+)'
)
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]+)')
_CELL_ROW = re.compile(rb'<c r="[A-Z]+([0-9]+)"')
_CELL_REF = re.compile(rb'<c r="([A-Z]+)([0-9]+)"')
_ODD_CELL = re.compile(rb'<c(?! r="[A-Z]+[0-9]+")[\s>/]')
# any cell reference, whatever the attribute order, quoting or prefix: the slow path for
# sheets whose cells the fast patterns above do not all match
_ANY_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br\s*=\s*["\']\$?([A-Za-z]+)\$?([0-9]+)')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br\s*=\s*["\']([0-9]+)')
_ANY_ELEMENT = re.compile(rb"<(?:\w+:)?c[\s>/]")

# (magic bytes, what it is in English, in Chinese): named in the message, never guessed at
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive or .xlsx workbook", "ZIP 压缩包或 .xlsx 工作簿"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an Excel 97-2003 (.xls) or password-protected workbook",
        "Excel 97-2003（.xls）或加密的工作簿",
    ),
    (b"%PDF", "a PDF document", "PDF 文档"),
    (b"\x89PNG", "a PNG image", "PNG 图片"),
    (b"\xff\xd8\xff", "a JPEG image", "JPEG 图片"),
    (b"GIF8", "a GIF image", "GIF 图片"),
    (b"\x1f\x8b", "a GZIP archive", "GZIP 压缩包"),
    (b"Rar!", "a RAR archive", "RAR 压缩包"),
    (b"7z\xbc\xaf", "a 7-Zip archive", "7-Zip 压缩包"),
    (b"{\\rtf", "an RTF document", "RTF 文档"),
)
_SUSPICIOUS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff\ufffd]")


@dataclass(frozen=True)
class RawTable:
    """Cells under the detected header; the index is the row number the user sees.

    Columns hold trimmed text, except .xlsx columns whose every non-empty cell is a native
    number, date-time or boolean: those stay float64, datetime64[ns] or boolean (NaN, NaT or
    NA where empty), so the validator need not parse back what calamine already typed.
    `cell_text` gives any column as text.
    """

    frame: pd.DataFrame
    header_row: int
    header_score: int
    sheet: str | None = None
    encoding: str | None = None


def _fail(key: str, **params: object) -> ValidationError:
    return ValidationError(key, **params)


def _mismatch(filename: str, extension: str, content: bytes) -> ValidationError | None:
    """A keyed error when the bytes are a known other format than the extension says."""
    for magic, english, chinese in _SIGNATURES:
        if content.startswith(magic):
            return _fail(
                N_("import.content_mismatch"),
                filename=filename,
                extension=extension,
                detected_en=english,
                detected_zh=chinese,
            )
    return None


def read_table(filename: str, content: bytes) -> pd.DataFrame:
    """The file's cells as trimmed text under its header row (found among the first rows).

    The index holds each row's number as the user sees it in Excel (header row = 1 when the
    header is on top); fully empty rows are dropped. Raises `ValidationError` for a file-level
    problem.
    """
    frame = read_raw(filename, content).frame
    return pd.DataFrame({c: cell_text(frame[c]) for c in frame.columns}, index=frame.index)


def read_raw(
    filename: str,
    content: bytes,
    *,
    max_bytes: int = MAX_BYTES,
    kind: str | None = None,
    mapping: dict[str, str] | None = None,
) -> RawTable:
    """Read a .csv or .xlsx upload, choosing the header row that names most known columns."""
    if len(content) > max_bytes:
        raise _fail(
            N_("import.file_too_large"),
            filename=filename,
            size_mb=f"{len(content) / 2**20:.1f}",
            max_mb=f"{max_bytes / 2**20:.0f}",
        )
    if not content[:65536].strip() and not content.strip():
        raise _fail(N_("import.empty_file"), filename=filename)
    extension = PurePath(filename).suffix.lower()
    extra = {h for h, c in (mapping or {}).items() if c}
    if extension == ".csv":
        return _read_csv(filename, content, kind, extra)
    if extension == ".xlsx":
        return _read_xlsx(filename, content, kind, extra, max_bytes)
    raise _fail(N_("import.unsupported_type"), filename=filename, extension=extension or "—")


# --- CSV ----------------------------------------------------------------------------------


# What charset-normalizer may name, mapped to the codec that reads it: our users' files are
# UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text") or the GB family, read
# as GB18030 (a superset of GB2312 and GBK).
_READABLE = {
    "utf_8": "utf-8",
    "ascii": "utf-8",
    "utf_16": "utf-16",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
}
_SAMPLE_BYTES = 65536


def _decode(filename: str, content: bytes) -> tuple[str, str]:
    """(text, encoding), the encoding found by charset-normalizer on the file's first 64 KB.

    Valid UTF-8 is taken as such without asking (it is the common case and a strict decode is
    the cheapest test). Otherwise the first of charset-normalizer's plausible encodings that
    we read wins: short GBK files are often ranked Korean (cp949) first with GB18030 close
    behind, and a department's files are Chinese. Text in any other encoding is refused
    rather than guessed into mojibake.
    """
    utf16 = content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and b"\x00" in content[:8192]:
        raise _fail(N_("import.not_text"), filename=filename)
    bom = content.startswith(codecs.BOM_UTF8)
    try:
        return content.decode("utf-8-sig" if bom else "utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    codec = next(
        (_READABLE[m.encoding] for m in from_bytes(_sample(content)) if m.encoding in _READABLE),
        None,
    )
    if codec is None:
        head = content[:8192]
        control = sum(1 for b in head if b < 9 or 13 < b < 32)
        if control > len(head) // 100:
            raise _fail(N_("import.not_text"), filename=filename)
        raise _fail(N_("import.bad_encoding"), filename=filename)
    try:
        return content.decode(codec), codec
    except UnicodeDecodeError:
        raise _fail(N_("import.bad_encoding"), filename=filename) from None


def _sample(content: bytes) -> bytes:
    """The first 64 KB, cut before a line break so no multi-byte character is split
    (in GBK a 0x0A byte is never half of a character; in UTF-16 LE it starts one)."""
    if len(content) <= _SAMPLE_BYTES:
        return content
    head = content[:_SAMPLE_BYTES]
    cut = head.rfind(b"\n")
    return head[:cut] if cut > 0 else head


# A Western file (cp1252 "Jürgen") read as GB18030 puts one CJK character inside a Latin word.
_LATIN_CJK = re.compile(r"[A-Za-z][\u4e00-\u9fff][a-z]")


def _looks_garbled(text: str, encoding: str) -> bool:
    """Mojibake: control or private-use characters, or 'Chinese' that simplified text never uses.

    GB18030 decodes almost any byte soup (Shift-JIS, Big5) into rare characters; real
    simplified-Chinese headers are nearly all in GB2312.
    """
    if _SUSPICIOUS.search(text):
        return True
    if encoding != "gb18030":
        return False
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if len(cjk) < 4:
        return False
    common = 0
    for char in cjk:
        try:
            char.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(cjk) < 0.6


def _head_records(text: str, delimiter: str) -> list[list[str]]:
    """The records in the first 64 KB: enough to find the header and the table's width."""
    head = text[:65536]
    rows: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(head), delimiter=delimiter):
            rows.append([_cell_text(c) for c in record] if len(rows) < HEADER_SCAN_ROWS else record)
    except csv.Error:
        pass
    return rows


def _best_header(rows: list[list[str]], kind: str | None, extra: set[str]) -> tuple[int, int]:
    """(index, score) of the earliest row naming most known columns among the first rows.

    When no row names any known column, the first non-empty row is the header (the user
    may still map its cells by hand).
    """
    scanned = rows[:HEADER_SCAN_ROWS]
    best_index = next((i for i, row in enumerate(scanned) if any(c for c in row)), 0)
    best_score = 0
    for i, row in enumerate(scanned):
        score = header_score(kind, row, extra)
        if score > best_score:
            best_index, best_score = i, score
    return best_index, best_score


def _cell_text(value: object) -> str:
    return unicodedata.normalize("NFC", str(value)).strip() if value is not None else ""


def _read_csv(filename: str, content: bytes, kind: str | None, extra: set[str]) -> RawTable:
    mismatch = _mismatch(filename, ".csv", content)
    if mismatch is not None:
        raise mismatch
    text, encoding = _decode(filename, content)
    if not text.strip():
        raise _fail(N_("import.empty_file"), filename=filename)
    # The delimiter is the one under which some row reads best as a header (Excel writes ','
    # or, in some locales, ';'; "Unicode text" is tab-separated UTF-16).
    candidates = []
    for delimiter in (",", "\t", ";", "|"):
        rows = _head_records(text, delimiter)
        index, score = _best_header(rows, kind, extra)
        width = len(rows[index]) if rows else 0
        candidates.append((score, width, delimiter, rows, index))
    score, _width, delimiter, head, header_index = max(candidates, key=lambda c: (c[0], c[1]))
    if (score == 0 and _looks_garbled(text[:65536], encoding)) or (
        encoding == "gb18030" and _LATIN_CJK.search(text[:65536])
    ):
        raise _fail(N_("import.bad_encoding"), filename=filename)
    width = max((len(r) for r in head), default=1)
    # The C engine reads everything as text; no Python per-row work happens here.
    source = io.BytesIO(content[3:] if encoding == "utf-8-sig" else content)
    if encoding not in ("utf-8", "utf-8-sig"):
        source = io.BytesIO(text.encode("utf-8"))
    try:
        frame = pd.read_csv(
            source,
            sep=delimiter,
            header=None,
            names=list(range(width)),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            encoding="utf-8",
            engine="c",
        )
    except pd.errors.ParserError as exc:
        raise _fail(
            N_("import.csv_malformed"), filename=filename, detail=_parser_detail(exc)
        ) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise _fail(N_("import.csv_malformed"), filename=filename, detail=str(exc)[:200]) from None
    frame.index = np.arange(1, len(frame) + 1)
    header_row = header_index + 1
    if header_row not in frame.index:
        raise _fail(N_("import.empty_file"), filename=filename)
    header = [_cell_text(v) for v in frame.loc[header_row].tolist()]
    body = frame[frame.index > header_row]
    return _finish(filename, header, body, header_row, score, sheet=None, encoding=encoding)


def _parser_detail(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    return text.replace("Error tokenizing data. C error: ", "")[:200]


# --- XLSX ---------------------------------------------------------------------------------


def _check_zip(filename: str, content: bytes, max_bytes: int) -> None:
    """Refuse zip bombs before any parser inflates the workbook.

    Declared sizes are checked first (cheap); then every member is inflated once in chunks
    and counted, because a forged header can declare a small size and inflate to gigabytes.
    """
    limit = 20 * max_bytes
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _fail(N_("import.not_xlsx"), filename=filename) from None
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise _fail(N_("import.not_xlsx"), filename=filename)

    def bomb(size: int) -> ValidationError:
        ratio = size / max(len(content), 1)
        return _fail(
            N_("import.zip_bomb"),
            filename=filename,
            size_mb=f"{size / 2**20:.0f}",
            ratio=f"{ratio:.0f}",
        )

    declared = sum(i.file_size for i in infos)
    if len(infos) > MAX_ZIP_MEMBERS or declared > limit:
        raise bomb(declared)
    if declared > ZIP_RATIO_FLOOR and declared > MAX_ZIP_RATIO * len(content):
        raise bomb(declared)
    inflated = 0
    try:
        for info in infos:
            if info.flag_bits & 0x1:
                raise _fail(N_("import.xlsx_unreadable"), filename=filename, detail="encrypted")
            extent = _SheetExtent(info.filename) if _SHEET_MEMBER.fullmatch(info.filename) else None
            with archive.open(info) as member:
                while chunk := member.read(2**20):
                    inflated += len(chunk)
                    if inflated > limit or (
                        inflated > ZIP_RATIO_FLOOR and inflated > MAX_ZIP_RATIO * len(content)
                    ):
                        raise bomb(inflated)
                    if extent is not None:
                        extent.feed(chunk)
            if extent is not None:
                extent.check(filename)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
        # zipfile stops at the declared size and then fails the CRC: a forged header lands here
        raise _fail(
            N_("import.xlsx_unreadable"), filename=filename, detail=str(exc)[:200]
        ) from None


class _SheetExtent:
    """A sheet's declared (`<dimension ref>`) and real extent (its farthest cell), scanned from
    the XML as it inflates: nothing is built, so a 5 KB file reaching XFD1048576 costs 5 KB.

    Writers put `r` first in each `<c>` and write cells in order (Excel, openpyxl, xlsxwriter,
    LibreOffice, POI): a chunk's last cell is then its farthest, and one search for a cell
    beyond it confirms that without touching every cell. A cell beyond sends the chunk through
    every reference; any other cell spelling through the general pattern, where a cell
    without a reference counts as one more column (calamine puts it after the previous one).
    """

    def __init__(self, member: str) -> None:
        self.sheet = PurePath(member).stem
        self.declared: tuple[int, int] | None = None
        self.row = 0
        self.column = 0
        self.unreferenced = 0
        self.tail = b""
        self.in_data = False

    def feed(self, chunk: bytes) -> None:
        data = self.tail + chunk
        cut = data.rfind(b">") + 1  # whole tags only; the rest waits for the next chunk
        body, self.tail = data[:cut], data[cut:]
        if not self.in_data:
            head = body.split(b"<sheetData", 1)[0]
            self.in_data = len(head) < len(body)
            found = _DIMENSION.search(head)
            if found and self.declared is None:
                self.declared = (int(found.group(2)), _column_number(found.group(1)))
        if b":c" in body or _ODD_CELL.search(body):
            self._general(body)
            return
        last = _CELL_REF.match(body, max(body.rfind(b'<c r="'), 0))
        if last is None:
            return
        self._extend([last.group(1)], [last.group(2)])
        if _beyond(self.row, self.column).search(body):
            self._extend(_CELL_COLUMN.findall(body), _CELL_ROW.findall(body))

    def _general(self, body: bytes) -> None:
        refs = _ANY_CELL.findall(body)
        self._extend([c for c, _ in refs], [r for _, r in refs] + _ROW_REF.findall(body))
        self.unreferenced += max(0, len(_ANY_ELEMENT.findall(body)) - len(refs))

    def _extend(self, columns: list[bytes], rows: list[bytes]) -> None:
        self.column = max(self.column, *(_column_number(c) for c in set(columns)))
        self.row = max(self.row, *map(int, rows)) if rows else self.row

    def check(self, filename: str) -> None:
        """Refuse a sheet whose declared or real rectangle exceeds `MAX_XLSX_CELLS`."""
        real = (self.row, self.column + self.unreferenced)
        for rows, columns in (self.declared or (0, 0), real):
            if rows * columns > MAX_XLSX_CELLS:
                raise _fail(
                    N_("import.xlsx_too_large"),
                    filename=filename,
                    sheet=self.sheet,
                    cell=f"{_letter(columns - 1)}{rows}",
                    rows=f"{rows:,}",
                    columns=f"{columns:,}",
                    cells=f"{rows * columns:,}",
                    maximum=f"{MAX_XLSX_CELLS:,}",
                )


@functools.lru_cache(maxsize=64)
def _beyond(row: int, column: int) -> re.Pattern[bytes]:
    """A cell reference past `column` or past `row`: the alternatives spell "greater than"
    digit by digit (a longer number, or the same prefix then a larger digit)."""

    def greater(text: str, digit: str, first: str, last: str) -> str:
        options = [f"{digit}{{{len(text) + 1},}}"]
        for i, char in enumerate(text):
            if char < last:
                rest = f"{digit}{{{len(text) - i - 1}}}"
                options.append(f"{text[:i]}[{chr(ord(char) + 1)}-{last}]{rest}")
        return "|".join(options)

    letters = _letter(column - 1) if column else ""
    columns = greater(letters, "[A-Z]", "A", "Z") if letters else "[A-Z]+"
    rows = greater(str(row), "[0-9]", "0", "9") if row else "[0-9]+"
    return re.compile(f'<c r="(?:(?:{columns})[0-9]+|[A-Z]+(?:{rows}))"'.encode())


def _column_number(letters: bytes) -> int:
    """'A' → 1, 'XFD' → 16384."""
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


def _read_xlsx(
    filename: str, content: bytes, kind: str | None, extra: set[str], max_bytes: int
) -> RawTable:
    """calamine (Rust) reads the sheet; pandas' own calamine wrapper is skipped on purpose.

    `pd.read_excel(engine="calamine")` converts every cell in a Python loop and parses the
    sheet again for each call; here the rows are read once and whole columns are converted
    with numpy/Arrow. Columns of native numbers, date-times or booleans stay typed: printing
    100,000 of them as text for the validator to parse back took longer than reading the sheet.
    """
    if not content.startswith(b"PK\x03\x04"):
        mismatch = _mismatch(filename, ".xlsx", content)
        if mismatch is not None:
            raise mismatch
        raise _fail(N_("import.not_xlsx"), filename=filename)
    _check_zip(filename, content, max_bytes)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet][
            :MAX_SHEETS_SCANNED
        ]
        # The data sheet is the one whose header reads best (a notes or cover sheet may
        # come first); ties go to the first sheet.
        best: tuple[int, int, object, int] | None = None
        for position, name in enumerate(names):
            sheet = book.get_sheet_by_name(name)
            head = sheet.to_python(skip_empty_area=False, nrows=HEADER_SCAN_ROWS)
            if not head:
                continue
            index, score = _best_header([[_cell_text(v) for v in r] for r in head], kind, extra)
            if best is None or score > best[0]:
                best = (score, -position, sheet, index)
        if best is None:
            raise _fail(N_("import.empty_file"), filename=filename)
        score, _position, sheet, header_index = best
        rows = sheet.to_python(skip_empty_area=False)  # type: ignore[attr-defined]
    except ValidationError:
        raise
    except Exception as exc:  # calamine raises its own error types for broken workbooks
        raise _fail(
            N_("import.xlsx_unreadable"), filename=filename, detail=str(exc)[:200]
        ) from None
    # calamine gives "" for an empty cell and rectangular rows; a header row of empty cells
    # is no header
    header_row = header_index + 1
    if header_index >= len(rows) or rows[header_index].count("") == len(rows[header_index]):
        raise _fail(N_("import.empty_file"), filename=filename)
    header = [_cell_text(v) for v in _as_text(np.array(rows[header_index], dtype=object))]
    cells = np.array(rows[header_row:], dtype=object).reshape(-1, len(header))
    # rows made only of empty cells go before any column work, so a sheet with one stray
    # cell at row 1,048,576 costs one comparison per cell
    blank = cells == ""
    kept = ~blank.all(axis=1)
    cells, blank = cells[kept], blank[kept]
    body = pd.DataFrame(
        {i: _column(cells[:, i], blank[:, i]) for i in range(len(header))},
        index=np.flatnonzero(kept) + header_row + 1,
    )
    return _finish(filename, header, body, header_row, score, sheet=str(sheet.name), encoding=None)


def _column(cells: np.ndarray, blank: np.ndarray) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """One column of native cells below the header: typed when every non-empty cell is a
    float, a date-time or a boolean, otherwise text (see `_as_text`).

    Date-times beyond pandas' nanosecond range (years before 1677 or after 2262) stay text,
    where the validator reports them as it always has.
    """
    present = cells[~blank]
    found = infer_dtype(present, skipna=False)
    if found == "floating":
        values = np.full(len(cells), np.nan)
        values[~blank] = present.astype(np.float64)
        return values
    if found == "datetime":
        try:
            stamps = pd.array(present, dtype="datetime64[ns]")
        except (pd.errors.OutOfBoundsDatetime, ValueError, TypeError):
            return _as_text(cells).array
        values = np.full(len(cells), np.datetime64("NaT"), dtype="datetime64[ns]")
        values[~blank] = stamps
        return values
    if found == "boolean":
        flags = np.zeros(len(cells), dtype=bool)
        flags[~blank] = present.astype(bool)
        return pd.arrays.BooleanArray(flags, blank.copy())
    return _as_text(cells).array


def _as_text(cells: np.ndarray) -> pd.Series:
    """Native cells (str, float, bool, datetime… from calamine) → text.

    Whole-number floats lose their '.0' so ids typed as numbers read '20260305001';
    datetimes print as ISO ('2026-03-05 10:30:00'), the validator's fast path.
    """
    # pd.array, not pd.Series: a Series would first infer datetime64 for a column of only
    # datetimes and print them all at one precision
    values = pd.Series(pd.array(np.asarray(cells, dtype=object), dtype="str"))
    whole = values.str.endswith(".0").to_numpy(dtype=bool)
    if whole.any():
        whole = whole & values.str.fullmatch(r"-?[0-9]+\.0").to_numpy(dtype=bool)
        values = values.where(~whole, values.str.slice(stop=-2))
    return values


def cell_text(cells: pd.Series) -> pd.Series:
    """A typed .xlsx column (float64, datetime64, boolean) as the text its cells show, '' where
    empty, so messages quote '88' and not '88.0'; any other column is returned as it is."""
    if is_string_dtype(cells.dtype) or cells.dtype.kind not in "fMb":
        return cells
    objects = np.where(cells.notna().to_numpy(), cells.to_numpy(dtype=object), "")
    return _as_text(objects).set_axis(cells.index)


def filled(cells: pd.Series) -> np.ndarray:
    """Which cells hold something: non-empty text, or a typed value that is not missing."""
    if is_string_dtype(cells.dtype):
        return (cells != "").to_numpy(dtype=bool)
    return cells.notna().to_numpy()


# --- both -------------------------------------------------------------------------------


def _finish(
    filename: str,
    header: list[str],
    body: pd.DataFrame,
    header_row: int,
    score: int,
    *,
    sheet: str | None,
    encoding: str | None,
) -> RawTable:
    """Columns named by the header cells, fully empty rows dropped (vectorised).

    `body` holds the rows below the header, indexed by spreadsheet row number; the result
    keeps those numbers. Text is trimmed; typed .xlsx columns are kept as they are.
    """
    cells = {
        c: body[c].astype("str").str.strip() if is_string_dtype(body[c].dtype) else body[c]
        for c in body.columns
    }
    given = {c: filled(values) for c, values in cells.items()}
    nonempty = np.zeros(len(body), dtype=bool)
    for mask in given.values():
        nonempty |= mask
    names: list[str] = []
    keep: list[object] = []
    seen: dict[str, int] = {}
    for position, column in enumerate(body.columns):
        name = header[position]
        if not name and not given[column].any():
            continue  # an unnamed column without data is padding, not a column
        name = name or f"Column {_letter(position)}"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
        keep.append(column)
    if not names:
        raise _fail(N_("import.empty_file"), filename=filename)
    table = pd.DataFrame({n: cells[c][nonempty] for n, c in zip(names, keep, strict=True)})
    if not len(table):
        raise _fail(N_("import.no_rows"), filename=filename, header_row=header_row)
    if len(table) > MAX_ROWS:
        raise _fail(
            N_("import.too_many_rows"), filename=filename, rows=len(table), maximum=MAX_ROWS
        )
    return RawTable(table, header_row, score, sheet, encoding)


def _letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
