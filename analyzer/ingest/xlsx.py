"""Excel reader (.xlsx/.xlsm): every visible sheet with content, as a table.

The workbook is opened read-only (rows streamed, cached formula results rather than
formulas); merged ranges, which the read-only mode does not expose, are read from
the sheet's XML in a second streamed pass. A merged range is filled with its
top-left value in every cell it covers (a section or a 牵头单位 carried down the rows).

Per sheet, in the text:
- rows above the header that hold a single value (a title row such as
  2024年民生实事任务分解表, 填报说明) are written as text lines;
- the rest, from the first row with two or more values, is written as a table
  through `TableWriter` with the sheet name as the table's name;
- rows after the table that hold a single value in the first column (备注：…,
  制表人：…) are written as text lines after it;
- a sheet whose rows all hold a single value is only text lines.

Values as text: whole numbers without ".0"; percentages as shown (0.05 with a %
format → 5%); dates as YYYY-MM-DD, or 2024年6月30日 / 2024年6月 when the cell's own
format writes 年; times as HH:MM; booleans as TRUE/FALSE. Hidden sheets are skipped.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..errors import AnalyzerError, EmptyDocumentError, InputError
from .raw import RawDocument, TableWriter

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_MAX_COLUMNS = 200  # a stray value in column XFD must not make every row 16,384 cells wide


def read_xlsx(path: Path) -> RawDocument:
    """Read a workbook (a zip package: `office.read_workbook` sniffs the container first).
    Raises InputError kinds for damaged or empty files."""
    try:
        sheets = _read_sheets(path)
    except AnalyzerError:
        raise
    except Exception as err:  # openpyxl raises many kinds for a damaged file (zip, XML, keys)
        raise InputError("not a valid .xlsx (damaged or truncated file)", path=str(path),
                         hint="open it in Excel or WPS and save it again as .xlsx") from err
    parts: list[str] = []
    writer = TableWriter(parts, 0)
    tables = []
    names = []
    for name, grid in sheets:
        before, rows, after = split_sheet(grid)
        if not (before or rows or after):
            continue
        names.append(name)
        for line in before:
            writer.write(line + "\n")
        if before:
            writer.write("\n")
        table = writer.table(rows, name=name) if rows else None
        if table is not None:
            tables.append(table)
        for line in after:
            writer.write(line + "\n")
        if after:
            writer.write("\n")
    text = "".join(parts)
    if not text.strip():
        raise EmptyDocumentError("no text in the workbook", path=str(path),
                                 hint="every sheet is empty or hidden")
    return RawDocument(text=text, path=str(path), encoding=None,
                       metadata={"format": path.suffix.lower().lstrip(".") or "xlsx", "sheets": names},
                       tables=tables)


def _read_sheets(path: Path) -> list[tuple[str, list[list[str]]]]:
    import openpyxl

    wb = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    try:
        out = []
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            grid: list[list[str]] = []
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # the stored dimension is often wrong (A1 for a whole table)
            for row in ws.iter_rows(min_row=1, min_col=1):
                grid.append([cell_text(cell) for cell in row[:_MAX_COLUMNS]])
            for r1, c1, r2, c2 in _merged_ranges(ws):
                _fill(grid, r1, c1, r2, c2)
            out.append((ws.title, grid))
        return out
    finally:
        wb.close()


def _merged_ranges(ws) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col), 1-based, of a sheet's merged cells."""
    from openpyxl.utils.cell import range_boundaries

    ranges = getattr(ws, "merged_cells", None)
    if ranges is not None:  # a normal worksheet
        return [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ranges.ranges]
    from xml.etree.ElementTree import iterparse

    out = []
    source = ws._get_source()  # the read-only sheet's XML stream (openpyxl keeps no merges here)
    try:
        for _, el in iterparse(source):
            if el.tag == _MAIN_NS + "mergeCell" and el.get("ref"):
                c1, r1, c2, r2 = range_boundaries(el.get("ref"))
                out.append((r1, c1, r2, c2))
            el.clear()
    finally:
        source.close()
    return out


def _fill(grid: list[list[str]], r1: int, c1: int, r2: int, c2: int) -> None:
    if r1 > len(grid) or c1 > _MAX_COLUMNS:
        return
    top = grid[r1 - 1]
    value = top[c1 - 1] if c1 - 1 < len(top) else ""
    if not value:
        return
    for r in range(r1 - 1, min(r2, len(grid))):
        row = grid[r]
        last = min(c2, _MAX_COLUMNS)
        if len(row) < last:
            row.extend([""] * (last - len(row)))
        for c in range(c1 - 1, last):
            row[c] = value


def split_sheet(grid: list[list[str]]) -> tuple[list[str], list[list[str]], list[str]]:
    """(text lines above the table, table rows, text lines after it) of a sheet's cells."""
    rows = [[" ".join(c.split()) for c in row] for row in grid]
    rows = [row for row in rows if any(row)]
    if not rows:
        return [], [], []
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    used = [c for c in range(width) if any(row[c] for row in rows)]  # drop empty columns
    rows = [[row[c] for c in used] for row in rows]

    def values(row: list[str]) -> list[str]:
        return list(dict.fromkeys(c for c in row if c))

    multi = [k for k, row in enumerate(rows) if len(values(row)) >= 2]
    if not multi:
        return [values(row)[0] for row in rows], [], []
    first, last = multi[0], multi[-1]
    before = [values(row)[0] for row in rows[:first]]
    end = last + 1
    while end < len(rows) and not (rows[end][0] and len(values(rows[end])) == 1):
        end += 1  # a row with a single value in an inner column is still a table row
    after = [values(row)[0] for row in rows[end:]]
    return before, rows[first:end], after


def cell_text(cell) -> str:
    """A cell's value as the text a reader of the sheet sees."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    fmt = getattr(cell, "number_format", "") or ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return _date_text(value.date(), fmt)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return _date_text(value, fmt)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, (int, float)):
        return number_text(value, fmt)
    return str(value).strip()


def _date_text(d: dt.date, fmt: str) -> str:
    if "年" in fmt:
        if "日" in fmt or re.search(r"[dD]", fmt):
            return f"{d.year}年{d.month}月{d.day}日"
        return f"{d.year}年{d.month}月"
    return d.isoformat()


def number_text(value: float, fmt: str = "") -> str:
    """12.0 → '12', 0.05 with a % format → '5%', 1234567.891 → '1234567.891'."""
    if "%" in fmt:
        return f"{value * 100:.10g}%"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e15):
        return str(int(value))
    decimals: int | None = None
    m = re.search(r"0\.(0+)", fmt)
    if m:
        decimals = len(m.group(1))
    return f"{value:.{decimals}f}" if decimals is not None else f"{value:.15g}"

