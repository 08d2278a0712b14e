"""A table on a worksheet as a 督查室 clerk makes and prints it.

`write_sheet()` writes a title block (the table's name, then a line of facts: the
document's date, how many tasks, who made the table), a bold header, the rows with
thin borders and wrapped text, and sets what printing needs: A4 landscape (A3 when
the columns are too wide for A4 to stay readable), fit to the page's width with as
many pages down as it takes, the header repeated on every page, the title block
printed once, page numbers in the footer (第 1 页，共 3 页), and row heights that fit
the wrapped text — openpyxl writes no heights, and LibreOffice/WPS then show one
clipped line per row.

Writing is linear in the rows: `ws.max_row` is never read in the loop (openpyxl
computes it by scanning every cell, which made a call per row quadratic).
"""
from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

HEAD_FILL = "DDEBF7"  # the header row's shade
REVIEWED_FILL = "FFF2CC"  # the shade of a cell whose value a reviewer set
DATE_FORMAT = "yyyy-mm-dd"
# Points per wrapped line at the 11 pt body font, plus the cell's padding; and the most a row may grow:
# Excel's limit is 409 pt (a task of 2,000 characters is cut on screen, not in the cell).
LINE_POINTS = 15.0
ROW_PADDING_POINTS = 6.0
# A line breaks early where a mark may not start the next one (、，。 move up with the character before
# them): count this many units more per paragraph, or narrow columns lose their last line.
LINE_BREAK_SLACK = 3
MAX_ROW_POINTS = 409.0
# Column widths are in Excel's units (the width of a '0'); a CJK character takes about two of them.
WIDE_CHAR_UNITS = 2
# Above this total column width an A4 landscape page shrinks the text below ~8 pt: print on A3 instead.
A4_LANDSCAPE_MAX_UNITS = 230


@dataclass(frozen=True)
class SheetTitle:
    """The title block above a table: its name (row 1) and a line of facts (row 2), both merged across.

    `in_rows=False` prints them in the page header instead and leaves the table's header in row 1: for
    the tables analysts load with pandas (compare, series, targets), where `read_excel()` takes row 1."""

    title: str
    facts: str = ""
    in_rows: bool = True


def display_units(value: object) -> int:
    """How many Excel width units a cell's text takes on one line."""
    text = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else "" if value is None else str(value)
    return sum(WIDE_CHAR_UNITS if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def row_height(values: Sequence[object], widths: Sequence[float], hidden: set[int] = frozenset()) -> float:
    """Points a row needs so that every visible cell's wrapped text shows whole."""
    lines = 1
    for k, value in enumerate(values):
        if k in hidden or k >= len(widths) or value is None:
            continue
        usable = max(1.0, widths[k] - 0.5)  # less the cell's padding
        parts = str(value).split("\n") if isinstance(value, str) else [value]  # each paragraph a new line
        lines = max(lines, sum(max(1, math.ceil((display_units(p) + LINE_BREAK_SLACK) / usable)) for p in parts))
    return min(MAX_ROW_POINTS, lines * LINE_POINTS + ROW_PADDING_POINTS)


def write_sheet(ws, header: Sequence[str], rows: Sequence[Sequence], widths: Sequence[int],
                marked: Sequence[set[int]] = (), title: SheetTitle | None = None,
                date_columns: Sequence[int] = (), hidden: Sequence[int] = ()) -> int:
    """Write a table to `ws` with its print layout; returns the header's row number.

    `marked[i]`: column indexes of row i to shade (reviewed values). `date_columns`: indexes
    of the columns of dates (shown yyyy-mm-dd). `hidden`: column indexes hidden
    on screen and in print (numbers kept for sorting). Cells that would run as formulas
    (= + - @) are kept as text."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    n_cols = max(1, len(header))
    last_col = get_column_letter(n_cols)
    hidden_set = set(hidden)
    # the title spans the columns one sees (centred over them, not over hidden ones)
    title_end = get_column_letter(max([k + 1 for k in range(n_cols) if k not in hidden_set] or [n_cols]))
    head_row = 1
    if title is not None and not title.in_rows:
        ws.oddHeader.center.text, ws.oddHeader.center.size = title.title, 12
        ws.oddHeader.right.text = title.facts
    elif title is not None:
        ws.append([title.title])
        ws.merge_cells(f"A1:{title_end}1")
        ws["A1"].font = Font(bold=True, size=16)
        ws["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.row_dimensions[1].height = 30
        ws.append([title.facts])
        ws.merge_cells(f"A2:{title_end}2")
        ws["A2"].alignment = Alignment(horizontal="right", vertical="center")
        head_row = 3
    ws.append(list(header))
    styles = table_styles(ws.parent)
    for k in range(1, n_cols + 1):
        ws.cell(row=head_row, column=k).style = styles.head
    ws.row_dimensions[head_row].height = row_height(header, widths, hidden_set)
    dates = set(date_columns)
    r = head_row
    for i, row in enumerate(rows):
        r += 1
        marks = marked[i] if i < len(marked) else ()
        for k, value in enumerate(row):
            cell = ws.cell(row=r, column=k + 1, value=value)
            if k in marks:
                cell.style = styles.reviewed
            elif k in dates:
                cell.style = styles.date
            elif isinstance(value, (int, float, dt.date)):
                cell.style = styles.number
            else:
                cell.style = styles.text
            keep_as_text(cell)
        ws.row_dimensions[r].height = row_height(row, widths, hidden_set)
    for k, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(k)].width = width
    for k in hidden_set:
        ws.column_dimensions[get_column_letter(k + 1)].hidden = True
    ws.freeze_panes = f"A{head_row + 1}"
    ws.auto_filter.ref = f"A{head_row}:{last_col}{max(r, head_row)}"
    print_layout(ws, head_row, sum(w for k, w in enumerate(widths) if k not in hidden_set),
                 area=f"A1:{last_col}{max(r, head_row)}")
    return head_row


def keep_as_text(cell) -> None:
    """A cell whose text begins as a formula would (= + - @) stays text: a string, and quote-prefixed, so that
    editing it in Excel or WPS does not turn it into a live formula. (Set after the cell's style: a style
    replaces the prefix.)"""
    value = cell.value
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        cell.data_type = "s"
        cell.quotePrefix = True


@dataclass(frozen=True)
class TableStyles:
    """The names of the workbook's cell styles. A named style is set on a cell by copying its index; setting
    font, border and alignment objects cell by cell hashes each of them every time (two thirds of the time of
    a 15,000-task export)."""

    head: str = "表头"
    text: str = "表格文字"
    number: str = "表格数字"
    date: str = "表格日期"
    reviewed: str = "表格已审"  # a value a reviewer set: shaded


def cell_border():
    """The thin grey border round every cell of a printed table."""
    from openpyxl.styles import Border, Side

    side = Side(style="thin", color="808080")
    return Border(left=side, right=side, top=side, bottom=side)


def table_styles(wb) -> TableStyles:
    """The workbook's table styles, registered once."""
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

    names = TableStyles()
    if names.head in wb.named_styles:
        return names
    border = cell_border()
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="top", wrap_text=True)
    for name, extra in ((names.head, {"font": Font(bold=True), "fill": PatternFill("solid", fgColor=HEAD_FILL),
                                      "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True)}),
                        (names.text, {"alignment": wrap}),
                        (names.number, {"alignment": centre}),
                        (names.date, {"alignment": centre, "number_format": DATE_FORMAT}),
                        (names.reviewed, {"alignment": wrap, "fill": PatternFill("solid", fgColor=REVIEWED_FILL)})):
        wb.add_named_style(NamedStyle(name=name, border=border, **extra))
    return names


def print_layout(ws, head_row: int, total_width: float, area: str | None = None) -> None:
    """Landscape, fit to the page's width (as many pages down as needed), the header row repeated,
    page numbers in the footer, narrow margins, centred on the page."""
    from openpyxl.worksheet.page import PageMargins

    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = ws.PAPERSIZE_A4 if total_width <= A4_LANDSCAPE_MAX_UNITS else ws.PAPERSIZE_A3
    setup.fitToWidth, setup.fitToHeight = 1, 0  # 0: as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{head_row}:{head_row}"
    if area:
        ws.print_area = area
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.evenFooter.center.text = "第 &P 页，共 &N 页"
