"""What a line of a text is: a numbered heading, a title-like line, a task table's header or a line of its rows.

Layout joining (`layout.py`) asks these before it joins two lines, and the structure stage asks them again on the
joined text; both read the vocabulary of `rules/`. Pure functions over strings; nothing heavy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import headings as H
from .rules import labels as L
from .rules import text as T

_SENTENCE_PUNCT = re.compile(r"[，,、；;。！？!?：:]")
_CELL_SPLIT = re.compile(r"[ \u3000]+")
_UNIT_COLUMNS = {"lead", "responsible", "cooperate"}


def heading_level(line: str) -> int:
    """Level of a numbered heading at the start of `line`, or 0."""
    s = line.lstrip()
    for pattern, level in H.HEADING_PATTERNS:
        if pattern.match(s):
            return level
    return 0


def is_title_like(line: str) -> bool:
    """A short line with no sentence punctuation: a title, not a broken sentence."""
    s = line.strip()
    if not s or len(s) > 40:
        return False
    return not _SENTENCE_PUNCT.search(s)


def is_title_block_line(line: str) -> bool:
    """A line of a document's opening title block: title-like, or a longer title line whose only
    punctuation is enumeration commas or quotes (部门联合“双随机、一公开”监管的意见)."""
    s = line.strip()
    if is_title_like(s):
        return True
    return 0 < len(s) <= H.TITLE_LINE_MAX_CHARS and not H.TITLE_LINE_PUNCT.search(s) and not heading_level(s)


# --- task-table headers and extents -------------------------------------------------

def column_kind(cell: str) -> str | None:
    """The kind of a header cell (task, lead, deadline …), or None if it names no known column
    (spaces inside a cell do not count: 主 要 内 容 is 主要内容)."""
    cell = "".join(cell.split())
    for word, kind in L.COLUMN_WORDS:
        if word in cell and len(cell) <= len(word) + 6:
            return kind
    return None


def header_kinds(cells: list[str], strict: bool = True) -> list[str] | None:
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
    if "task" not in kinds or not _UNIT_COLUMNS & set(kinds):
        return None
    return [k or "other" for k in kinds]


def header_columns(line: str) -> list[str] | None:
    """Column kinds of a header line of text (cells separated by spaces)."""
    return header_kinds([c for c in _CELL_SPLIT.split(line.strip()) if c])


def _stacked_header(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """A header with one cell per line (序号 / 重点工作任务 / 牵头单位 …); returns kinds, lines used."""
    kinds: list[str] = []
    j = i
    while j < len(lines) and lines[j].strip():
        k = column_kind(lines[j])
        if k is None:
            break
        kinds.append(k)
        j += 1
    if len(kinds) >= 3 and "task" in kinds and _UNIT_COLUMNS & set(kinds):
        return kinds, j - i
    return None


@dataclass(frozen=True)
class TableExtent:
    """Where a task table flattened into text lies: its columns and lines."""

    columns: tuple[str, ...]
    header_start: int
    start_line: int  # first line after the header
    end_line: int  # exclusive

    @property
    def stacked(self) -> bool:
        """A header of one cell per line: so are the rows."""
        return self.start_line - self.header_start > 1


def find_tables(lines: list[str]) -> list[TableExtent]:
    """Task tables among lines: a header, then rows until two blank lines in a row, a note
    under the table (备注：…), a part's heading after a blank line (二、保障措施), a line without a
    tab under a tab-separated header (the paragraph after a TSV table), or the end of the text."""
    tables = []
    i = 0
    while i < len(lines):
        if len(lines[i]) > 120 or not L.HEADER_HINT.search(lines[i]):
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
        j = i + used
        blanks = 0
        tabbed = "\t" in lines[i]
        while j < len(lines):
            line = lines[j]
            if blanks and 0 < heading_level(line) <= 2:
                break  # …the last row, a blank line, 二、保障措施: the text goes on
            blanks = blanks + 1 if not line.strip() else 0
            if blanks >= 2 or L.TABLE_NOTE.match(line) or (tabbed and line.strip() and "\t" not in line):
                break
            if _paragraph_after_row(lines[j - 1], line, len(kinds)):
                break
            j += 1
        tables.append(TableExtent(tuple(kinds), i, i + used, j))
        i = j
    return tables


_CELL_GAP = re.compile(r"\S\s+\S")


def _paragraph_after_row(prev: str, line: str, columns: int) -> bool:
    """A prose paragraph straight after a complete row — no gap between cells, a sentence of its own
    (…督导检查，每月通报进展。) — ends the table; a short piece under a row is its cell wrapped."""
    body = line.strip()
    return (len(body) >= 20 and T.LINE_ENDS_SENTENCE.search(body) is not None and not _CELL_GAP.search(body)
            and len(_CELL_GAP.findall(prev.strip())) >= columns - 1)


def table_line_ranges(lines: list[str], skip: list[bool] | None = None) -> list[bool]:
    """For each line, whether it belongs to a task table flattened into the text (kept out of line
    joining); lines flagged in `skip` (a table a reader gave with its cells) are no part of one."""
    flags = [False] * len(lines)
    if skip:
        lines = ["" if skip[k] else line for k, line in enumerate(lines)]
    for t in find_tables(lines):
        for k in range(t.header_start, t.end_line):
            flags[k] = True
    return flags


def lines_in_spans(lines: list[str], spans) -> list[bool]:
    """For each line, whether it overlaps one of `spans` (offsets into the joined text)."""
    flags = [False] * len(lines)
    if not spans:
        return flags
    pos = 0
    for k, line in enumerate(lines):
        end = pos + len(line)
        flags[k] = any(a < end + 1 and pos < b for a, b in spans)
        pos = end + 1
    return flags


def line_starts(lines: list[str]) -> list[int]:
    """Offset of each line in the text the lines were split from."""
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return starts
