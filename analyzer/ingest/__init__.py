"""Readers: one per format, each turning a file into text plus metadata.

`read_document(path)` picks the reader by extension. A reader returns a
`RawDocument`; normalisation, structure and extraction come after, the same for
every format, so a new format only needs a new reader registered in `READERS`.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from ..errors import InputError, UnsupportedFormatError


@dataclass(frozen=True)
class SourceCell:
    """One cell of a table as a reader found it; offsets into `RawDocument.text`."""

    text: str
    start: int
    end: int


@dataclass
class SourceTable:
    """A table with its real cell structure (docx, html, xlsx).

    The reader also writes the table into `RawDocument.text` — one line per row,
    cells separated by a tab — so that the text reads in order and every cell has
    offsets; `rows` says where each cell is. Merged cells are filled in: a value
    that spans rows (a section carried down, 一、社会事业类) is repeated in each.
    """

    rows: list[list[SourceCell]]
    start: int  # offset of the first row in RawDocument.text
    end: int  # offset after the last row
    name: Optional[str] = None  # sheet name, table caption …


@dataclass
class RawDocument:
    """Text as read from a source, before normalisation."""

    text: str
    path: Optional[str] = None
    encoding: Optional[str] = None
    metadata: dict[str, Any] = field(default_factory=dict)
    tables: list[SourceTable] = field(default_factory=list)
    doc_id: Optional[str] = None  # set by corpus readers (one document per JSONL line)
    date: Optional[str] = None  # set by corpus readers from --date-field


class TableWriter:
    """Helps readers write tables into their text with offsets (a row a line, tab between cells)."""

    def __init__(self, parts: list[str], length: int):
        self.parts, self.pos = parts, length

    def write(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def table(self, rows: list[list[str]], name: Optional[str] = None) -> Optional[SourceTable]:
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
                cells.append(SourceCell(cell, self.pos, self.pos + len(cell)))
                self.write(cell)
            self.write("\n")
            out_rows.append(cells)
        end = self.pos
        self.write("\n")
        return SourceTable(out_rows, start, end, name)


def _lazy(module: str, function: str) -> Callable[[Path], RawDocument]:
    """A reader that imports its module (and so its library) on first call."""
    def read(path: Path) -> RawDocument:
        return getattr(importlib.import_module(f"{__name__}.{module}"), function)(path)

    read.__name__ = f"{module}.{function}"
    return read


_read_txt = _lazy("txt", "read_text_file")
_read_html = _lazy("html", "read_html")
_read_xlsx = _lazy("xlsx", "read_xlsx")
_read_office = _lazy("office", "read_office")


# Extension → reader. Each reader imports its library (python-docx, pdfplumber, …) when called.
READERS: dict[str, Callable[[Path], RawDocument]] = {
    ".txt": _read_txt,
    ".text": _read_txt,
    ".md": _read_txt,
    "": _read_txt,
    ".docx": _lazy("docx", "read_docx"),
    ".pdf": _lazy("pdf", "read_pdf"),
    ".html": _read_html,
    ".htm": _read_html,
    ".xlsx": _read_xlsx,
    ".xlsm": _read_xlsx,
    ".doc": _read_office,  # through LibreOffice, when installed
    ".wps": _read_office,
    ".xls": _lazy("office", "read_xls"),
    ".jsonl": _lazy("corpus", "read_as_document"),  # raises: a corpus is read with corpus.iter_corpus
}


def read_document(path: str | Path) -> RawDocument:
    """Read one file with the reader its extension names."""
    p = Path(path)
    reader = READERS.get(p.suffix.lower())
    if reader is None:
        raise UnsupportedFormatError(f"unsupported file type '{p.suffix}'", path=str(p))
    if not p.exists():
        raise InputError("no such file", path=str(p))
    if p.is_dir():
        raise InputError("is a directory", path=str(p), hint="pass the files inside it")
    return reader(p)


def read_stdin(stream) -> RawDocument:
    """Read standard input (bytes), with the same encoding detection as files."""
    from .txt import decode_bytes

    data = stream.read()
    warnings: list[str] = []
    text, encoding = decode_bytes(data, name="<stdin>", warnings=warnings)
    return RawDocument(text=text, path="-", encoding=encoding,
                       metadata={"warnings": warnings} if warnings else {})
