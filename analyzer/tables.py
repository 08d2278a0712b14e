"""Task tables (任务分解表): find them in text, rebuild their rows, name their columns.

Web pages publish task tables flattened to text, either a row per line with the
cells separated by spaces, or a cell per line, under a header line
(序号 重点工作任务 主要责任单位 协同配合单位 …). This module recognises the header,
classifies its columns and rebuilds the rows as `TableRow`s with the offsets of
each cell. `pipeline.table_rows_to_records` then turns rows into task records —
the one table-to-records step that Word, HTML and Excel tables will share.

Pure functions over lines; no heavy imports.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

# Column kinds, from header words. Order matters: longer, more specific first.
COLUMN_KINDS: tuple[tuple[str, str], ...] = (
    ("序号", "index"), ("编号", "index"),
    ("主要责任单位", "lead"), ("牵头单位", "lead"), ("牵头部门", "lead"), ("主责单位", "lead"),
    ("协同配合单位", "cooperate"), ("配合单位", "cooperate"), ("协办单位", "cooperate"),
    ("协同单位", "cooperate"), ("参与单位", "cooperate"), ("配合部门", "cooperate"),
    ("责任单位", "responsible"), ("责任部门", "responsible"), ("承办单位", "responsible"),
    ("责任领导", "person"), ("分管领导", "person"), ("牵头领导", "person"), ("联系领导", "person"),
    ("责任人", "person"),
    ("完成时限", "deadline"), ("时间节点", "deadline"), ("进度安排", "deadline"),
    ("完成时间", "deadline"), ("时限", "deadline"),
    ("重点工作任务", "task"), ("重点工作", "task"), ("工作任务", "task"), ("任务内容", "task"),
    ("重点任务", "task"), ("民生实事", "task"), ("具体措施", "task"), ("主要任务", "task"),
    ("工作内容", "task"), ("目标任务", "task"), ("具体任务", "task"), ("任务", "task"),
    ("备注", "other"), ("目标", "other"),
    # a column that carries a section down the rows (often merged cells): 类别 / 领域
    ("类别", "section"), ("领域", "section"), ("分类", "section"), ("板块", "section"),
)
# A note under a table ends it: 备注：本表所列完成时限为最迟完成时间… / 注：… / 说明：…
_TABLE_NOTE = re.compile(r"^\s*(?:备注|附注|注|说明|填表说明)\s*[：:]")
_ROW_START = re.compile(r"^\s*(\d{1,4})(?:\s+|$)")
_CELL_SPLIT = re.compile(r"[ \u3000]+")


def column_kind(cell: str) -> Optional[str]:
    """The kind of a header cell, or None if it names no known column."""
    cell = cell.strip()
    for word, kind in COLUMN_KINDS:
        if word in cell and len(cell) <= len(word) + 6:
            return kind
    return None


def header_kinds(cells: list[str], strict: bool = True) -> Optional[list[str]]:
    """Column kinds of a header row, or None if the row is not a task-table header.

    A header names a task column and at least one unit column, e.g.
    序号 重点工作任务 主要责任单位 协同配合单位. `strict`: every cell must name a known
    column (text lines, where any line could look like a header); otherwise unknown
    columns count as "other" (a reader's real table cells).
    """
    if len(cells) < 2:
        return None
    kinds = [column_kind(c) for c in cells]
    if strict and any(k is None for k in kinds):
        return None
    if "task" not in kinds or not {"lead", "responsible", "cooperate"} & set(kinds):
        return None
    return [k or "other" for k in kinds]


def header_columns(line: str) -> Optional[list[str]]:
    """Column kinds of a header line of text (cells separated by spaces)."""
    return header_kinds([c for c in _CELL_SPLIT.split(line.strip()) if c])


def _stacked_header(lines: list[str], i: int) -> Optional[tuple[list[str], int]]:
    """A header with one cell per line (序号 / 重点工作任务 / 牵头单位 …); returns kinds, lines used."""
    kinds: list[str] = []
    j = i
    while j < len(lines) and lines[j].strip():
        k = column_kind(lines[j])
        if k is None:
            break
        kinds.append(k)
        j += 1
    if len(kinds) >= 3 and "task" in kinds and {"lead", "responsible", "cooperate"} & set(kinds):
        return kinds, j - i
    return None


@dataclass(frozen=True)
class Cell:
    text: str
    start: int
    end: int


@dataclass
class TableRow:
    """One rebuilt row: its cells by column kind, the heading rows above it."""

    index: Optional[str]
    cells: dict[str, list[Cell]] = field(default_factory=dict)
    section: tuple[str, ...] = ()
    start: int = 0
    end: int = 0
    columns: tuple[str, ...] = ()

    def text(self, kind: str) -> str:
        return "".join(c.text for c in self.cells.get(kind, []))


@dataclass
class Table:
    columns: list[str]
    header_start: int
    start_line: int
    end_line: int  # exclusive
    rows: list[TableRow] = field(default_factory=list)


def _is_section_row(line: str) -> bool:
    from .normalize import heading_level

    return bool(heading_level(line.strip())) and not _ROW_START.match(line)


# A header line names at least one of these; most lines can be passed over at once
_HEADER_HINT = re.compile("序号|编号|任务|工作|单位|部门|实事|措施|时限|时间|领导|责任人|内容")


def find_tables(lines: list[str]) -> list[Table]:
    """Find task tables among lines (without rebuilding rows)."""
    tables = []
    i = 0
    while i < len(lines):
        if len(lines[i]) > 120 or not _HEADER_HINT.search(lines[i]):
            i += 1
            continue
        kinds = header_columns(lines[i])
        used = 1
        if kinds is None:
            stacked = _stacked_header(lines, i)
            if stacked:
                kinds, used = stacked
        if kinds is None:
            i += 1
            continue
        # the table runs until two blank lines in a row, a note under it (备注：…),
        # or the end of the text
        j = i + used
        blanks = 0
        while j < len(lines):
            blanks = blanks + 1 if not lines[j].strip() else 0
            if blanks >= 2 or _TABLE_NOTE.match(lines[j]):
                break
            j += 1
        tables.append(Table(kinds, i, i + used, j))
        i = j
    return tables


def table_line_ranges(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a task table (kept out of line joining)."""
    flags = [False] * len(lines)
    for t in find_tables(lines):
        for k in range(t.header_start, t.end_line):
            flags[k] = True
    return flags


def _looks_like_units(cell: str) -> bool:
    from .extract.units import is_unit_name, split_unit_list

    parts = split_unit_list(cell)
    return bool(parts) and all(is_unit_name(name) for name, _, _ in parts)


def _fits(kind: str, cell: str) -> bool:
    """Whether a cell can stand in a column of this kind."""
    if kind in ("lead", "responsible", "cooperate"):
        return _looks_like_units(cell)
    if kind == "deadline":
        return _looks_like_deadline(cell) or len(cell) <= 12
    if kind == "person":
        return len(cell) <= 12 and not re.search(r"[。；;]", cell)
    return True


def _spread(cells: list[Cell], kinds: list[str]) -> Optional[list[tuple[str, Cell]]]:
    """Cells after the task onto the columns after it, or None if they do not fit.

    When a row has more cells than columns, the extra ones belong to the first unit
    column — web pages break a lead cell that holds several bodies into lines
    (区财政局 / 区税务局), while the last column is one long list.
    """
    if not kinds:
        return [] if not cells else None
    extra = len(cells) - len(kinds)
    if extra > 0:
        first_unit = next((i for i, k in enumerate(kinds) if k in ("lead", "responsible", "cooperate")), None)
        if first_unit is None:
            return None
        merged = cells[first_unit: first_unit + extra + 1]
        if not all(_looks_like_units(c.text) for c in merged):
            return None
        cells = cells[:first_unit] + [Cell("、".join(c.text for c in merged), merged[0].start, merged[-1].end)] \
            + cells[first_unit + extra + 1:]
    pairs = list(zip(kinds, cells))
    return pairs if all(_fits(k, c.text) for k, c in pairs) else None


def _assign(row: TableRow, kinds: list[str], cells: list[Cell]) -> None:
    """Put a row's cells into its columns: the task runs until the rest fit the columns after it."""
    rest_kinds = [k for k in kinds if k != "index"]
    if not cells:
        return
    if "task" not in rest_kinds:
        for k, c in zip(rest_kinds, cells):
            row.cells.setdefault(k, []).append(c)
        return
    ti = rest_kinds.index("task")
    for k in rest_kinds[:ti]:
        if cells:
            row.cells.setdefault(k, []).append(cells.pop(0))
    after = rest_kinds[ti + 1:]
    for split in range(1, len(cells) + 1):
        spread = _spread(cells[split:], after)
        if spread is not None and (split == len(cells) or spread):
            row.cells["task"] = cells[:split]
            for k, c in spread:
                row.cells.setdefault(k, []).append(c)
            return
    row.cells["task"] = cells


_DEADLINE_HINT = re.compile(r"\d{4}年|月底|年底|季度|上半年|下半年|长期|持续推进|年内|全年|前$")


def _looks_like_deadline(cell: str) -> bool:
    return bool(_DEADLINE_HINT.search(cell)) and len(cell) <= 30


def rebuild_rows(text: str, table: Table, line_starts: list[int], lines: list[str]) -> list[TableRow]:
    """Rebuild the rows of one table; cells keep their offsets into `text`."""
    rows: list[TableRow] = []
    section: tuple[str, ...] = ()
    stacked = table.start_line - table.header_start > 1
    current: Optional[TableRow] = None
    cells: list[Cell] = []

    def close():
        nonlocal current, cells
        if current is not None:
            _assign(current, table.columns, cells)
            if current.cells.get("task"):
                current.start = min(c.start for cs in current.cells.values() for c in cs)
                current.end = max(c.end for cs in current.cells.values() for c in cs)
                rows.append(current)
        current, cells = None, []

    for k in range(table.start_line, table.end_line):
        line = lines[k]
        base = line_starts[k]
        if not line.strip():
            continue
        if _is_section_row(line):
            close()
            section = (line.strip(),)
            continue
        m = _ROW_START.match(line)
        if m:
            close()
            current = TableRow(index=m.group(1), section=section, columns=tuple(table.columns))
            rest_at = m.end()
        elif current is None:
            continue
        else:
            rest_at = 0
        if stacked:
            seg = line[rest_at:].strip()
            if seg:
                s = base + line.index(seg, rest_at)
                cells.append(Cell(seg, s, s + len(seg)))
            continue
        for cm in re.finditer(r"\S+", line[rest_at:]):
            s = base + rest_at + cm.start()
            cells.append(Cell(cm.group(0), s, s + len(cm.group(0))))
    close()
    return rows


def tables_in(text: str, skip: Optional[list[bool]] = None) -> list[tuple[Table, list[TableRow]]]:
    """Every task table of a text with its rebuilt rows (lines flagged in `skip`,
    tables a reader already gave with their cells, are left out)."""
    lines = text.split("\n")
    if skip:
        lines = ["" if skip[k] else line for k, line in enumerate(lines)]
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    out = []
    for t in find_tables(lines):
        t.rows = rebuild_rows(text, t, starts, lines)
        out.append((t, t.rows))
    return out


def rows_of_cells(rows: list[list[Cell]]) -> list[TableRow]:
    """Task rows of a table a reader gave with its cells (docx, html, xlsx).

    The header is the first row naming a task column and a unit column (rows above
    it are titles). After it: a repeated header is skipped; a row whose filled cells
    all say the same (a merged row: 一、社会事业类) opens a section; a 类别/领域 column
    carries its section down the rows; every other row with a task cell is a task.
    """
    for h, row in enumerate(rows[:8]):
        kinds = header_kinds([c.text for c in row], strict=False)
        if kinds:
            break
    else:
        return []
    header = [c.text for c in rows[h]]
    out: list[TableRow] = []
    section: tuple[str, ...] = ()
    for row in rows[h + 1:]:
        texts = [c.text for c in row]
        if texts == header:
            continue
        filled = {t for t in texts if t}
        if len(filled) == 1 and len(texts) > 2:
            section = (filled.pop(),)
            continue
        r = TableRow(index=None, section=section, columns=tuple(kinds))
        for kind, cell in zip(kinds, row):
            if not cell.text:
                continue
            if kind == "index":
                r.index = cell.text
            elif kind == "section":
                r.section = section + (cell.text,)
            else:
                r.cells.setdefault(kind, []).append(cell)
        if r.cells.get("task"):
            r.start = min(c.start for cs in r.cells.values() for c in cs)
            r.end = max(c.end for cs in r.cells.values() for c in cs)
            out.append(r)
    return out
