"""Task tables (任务分解表): find them in text, rebuild their rows, name their columns.

Web pages publish task tables flattened to text, either a row per line with the
cells separated by spaces, or a cell per line, under a header line
(序号 重点工作任务 主要责任单位 协同配合单位 …). `lines.find_tables()` finds a table's
header and extent (layout joining needs that before any structure is known); this
module rebuilds the rows as `TableRow`s with the offsets of each cell.
`pipeline.table_rows_to_records` then turns rows into task records —
the one table-to-records step that Word, HTML and Excel tables will share.

Pure functions over lines; no heavy imports.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import UnitLexicon
from .lines import TableExtent, find_tables, header_kinds, heading_level, line_starts
from .records import Cell
from .rules.time_grammar import TIME_IN_TEXT

_ROW_START = re.compile(r"^\s*(\d{1,4})(?:\s+|$)")
_UNIT_COLUMNS = ("lead", "responsible", "cooperate")


@dataclass
class TableRow:
    """One rebuilt row: its cells by column kind, the heading rows above it."""

    index: str | None
    cells: dict[str, list[Cell]] = field(default_factory=dict)
    section: tuple[str, ...] = ()
    start: int = 0
    end: int = 0
    columns: tuple[str, ...] = ()

    def text(self, kind: str) -> str:
        return "".join(c.text for c in self.cells.get(kind, []))


def _is_section_row(line: str) -> bool:
    return bool(heading_level(line.strip())) and not _ROW_START.match(line)


def _fits(kind: str, cell: str, lexicon: UnitLexicon) -> bool:
    """Whether a cell can stand in a column of this kind."""
    if kind in _UNIT_COLUMNS:
        return lexicon.is_unit_list(cell)
    if kind == "deadline":
        return _looks_like_deadline(cell) or len(cell) <= 12
    if kind == "person":
        return len(cell) <= 12 and not re.search(r"[。；;]", cell)
    return True


def _spread(cells: list[Cell], kinds: list[str], lexicon: UnitLexicon) -> list[tuple[str, Cell]] | None:
    """Cells after the task onto the columns after it, or None if they do not fit.

    When a row has more cells than columns, the extra ones belong to the first unit
    column — web pages break a lead cell that holds several bodies into lines
    (区财政局 / 区税务局), while the last column is one long list.
    """
    if not kinds:
        return [] if not cells else None
    extra = len(cells) - len(kinds)
    if extra > 0:
        first_unit = next((i for i, k in enumerate(kinds) if k in _UNIT_COLUMNS), None)
        if first_unit is None:
            return None
        merged = cells[first_unit: first_unit + extra + 1]
        if not all(lexicon.is_unit_list(c.text) for c in merged):
            return None
        cells = cells[:first_unit] + [Cell("、".join(c.text for c in merged), merged[0].start, merged[-1].end)] \
            + cells[first_unit + extra + 1:]
    pairs = list(zip(kinds, cells, strict=False))
    return pairs if all(_fits(k, c.text, lexicon) for k, c in pairs) else None


def _assign(row: TableRow, kinds: list[str], cells: list[Cell], lexicon: UnitLexicon) -> None:
    """Put a row's cells into its columns: the task runs until the rest fit the columns after it."""
    rest_kinds = [k for k in kinds if k != "index"]
    if not cells:
        return
    if "task" not in rest_kinds:
        for k, c in zip(rest_kinds, cells, strict=False):
            row.cells.setdefault(k, []).append(c)
        return
    ti = rest_kinds.index("task")
    for k in rest_kinds[:ti]:
        if cells:
            row.cells.setdefault(k, []).append(cells.pop(0))
    after = rest_kinds[ti + 1:]
    for split in range(1, len(cells) + 1):
        spread = _spread(cells[split:], after, lexicon)
        if spread is not None and (split == len(cells) or spread):
            row.cells["task"] = cells[:split]
            for k, c in spread:
                row.cells.setdefault(k, []).append(c)
            return
    row.cells["task"] = cells


# Besides a time expression (the time grammar's, rules/time_grammar.py), a 完成时限 cell may say the work goes on.
_ONGOING_HINT = re.compile(r"长期|持续推进|常态化|前$")


def _looks_like_deadline(cell: str) -> bool:
    return len(cell) <= 30 and bool(TIME_IN_TEXT.search(cell) or _ONGOING_HINT.search(cell))


def rebuild_rows(text: str, table: TableExtent, lines: list[str], lexicon: UnitLexicon) -> list[TableRow]:
    """Rebuild the rows of one table; cells keep their offsets into `text`.

    A row starts at a line opening with its number (1 / 12 …) and takes the cells of
    the lines up to the next; a heading line between rows (一、社会事业类) opens a section.
    """
    starts = line_starts(lines)
    pieces: list[tuple[TableRow, list[Cell]]] = []
    section: tuple[str, ...] = ()
    for k in range(table.start_line, table.end_line):
        line = lines[k]
        if not line.strip():
            continue
        if _is_section_row(line):
            section = (line.strip(),)
            pieces.append((None, []))  # a section row closes the row before it
            continue
        m = _ROW_START.match(line)
        if m:
            pieces.append((TableRow(index=m.group(1), section=section, columns=table.columns), []))
        elif not pieces or pieces[-1][0] is None:
            continue  # text before the first row
        pieces[-1][1].extend(_line_cells(line, starts[k], m.end() if m else 0, table.stacked))
    rows = []
    for row, cells in pieces:
        if row is None:
            continue
        _assign(row, list(table.columns), cells, lexicon)
        if row.cells.get("task"):
            row.start = min(c.start for cs in row.cells.values() for c in cs)
            row.end = max(c.end for cs in row.cells.values() for c in cs)
            rows.append(row)
    return rows


_NON_SPACE = re.compile(r"\S+")


def _line_cells(line: str, base: int, rest_at: int, stacked: bool) -> list[Cell]:
    """The cells of one line of a row: the whole line when the table has one cell per
    line, else its space-separated pieces."""
    if stacked:
        seg = line[rest_at:].strip()
        if not seg:
            return []
        s = base + line.index(seg, rest_at)
        return [Cell(seg, s, s + len(seg))]
    return [Cell(cm.group(0), base + cm.start(), base + cm.end())
            for cm in _NON_SPACE.finditer(line, rest_at)]


def tables_in(text: str, lexicon: UnitLexicon, skip: list[bool] | None = None
              ) -> list[tuple[TableExtent, list[TableRow]]]:
    """Every task table of a text with its rebuilt rows (lines flagged in `skip`,
    tables a reader already gave with their cells, are left out)."""
    lines = text.split("\n")
    if skip:
        lines = ["" if skip[k] else line for k, line in enumerate(lines)]
    return [(t, rebuild_rows(text, t, lines, lexicon)) for t in find_tables(lines)]


def rows_of_cells(rows: list[list[Cell]]) -> list[TableRow]:
    """Task rows of a table a reader gave with its cells (docx, html, xlsx).

    The header is the first row naming a task column and a unit column (rows above
    it are titles). After it: a repeated header is skipped; a row whose filled cells
    all say the same (a merged row: 一、社会事业类) opens a section; a 类别/领域 column
    carries its section down the rows; every other row with a task cell is a task.
    """
    for h, row in enumerate(rows[:8]):  # noqa: B007 - h is the header row, used after the loop
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
        for kind, cell in zip(kinds, row, strict=False):
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
