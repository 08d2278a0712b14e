"""What a reader returns: the text as read, its tables with their cells, and metadata."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..records import Cell


@dataclass
class SourceTable:
    """A table with its real cell structure (docx, html, xlsx).

    The reader also writes the table into `RawDocument.text` — one line per row,
    cells separated by a tab — so that the text reads in order and every cell has
    offsets; `rows` says where each cell is. Merged cells are filled in: a value
    that spans rows (a section carried down, 一、社会事业类) is repeated in each.
    """

    rows: list[list[Cell]]  # offsets into RawDocument.text
    start: int  # offset of the first row in RawDocument.text
    end: int  # offset after the last row
    name: str | None = None  # sheet name, table caption …


@dataclass
class RawDocument:
    """Text as read from a source, before normalisation."""

    text: str
    path: str | None = None
    encoding: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    tables: list[SourceTable] = field(default_factory=list)
    doc_id: str | None = None  # set by corpus readers (one document per JSONL line)
    date: str | None = None  # set by corpus readers from --date-field


class TableWriter:
    """Helps readers write tables into their text with offsets (a row a line, tab between cells)."""

    def __init__(self, parts: list[str], length: int):
        self.parts, self.pos = parts, length

    def write(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def table(self, rows: list[list[str]], name: str | None = None) -> SourceTable | None:
        """Write `rows` (cell texts) and return their SourceTable; None if there is nothing."""
        rows = [[" ".join(c.split()) for c in row] for row in rows]
        rows = [row for row in rows if any(row)]
        if not rows:
            return None
        start = self.pos
        out_rows = []
        for row in rows:
            cells = []
            for k, cell in enumerate(row):
                if k:
                    self.write("\t")
                cells.append(Cell(cell, self.pos, self.pos + len(cell)))
                self.write(cell)
            self.write("\n")
            out_rows.append(cells)
        end = self.pos
        self.write("\n")
        return SourceTable(out_rows, start, end, name)
