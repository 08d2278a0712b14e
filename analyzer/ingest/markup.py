"""HTML tables inside a text: what PDF → Markdown converters (MinerU, marker) write for a table.

    …附件：推广清单\n<table><tr><td>序号</td><td>改革举措</td>…</tr><tr><td>1</td>…</td></tr></table>

`markup_tables(text)` finds each `<table>…</table>` and gives it as a `SourceTable` whose cells point at the
cell contents in the text itself (offsets into the text as read, nothing rewritten): the table goes through the
same table-to-records step as a Word or HTML table. A cell spanning the table (`colspan`) is repeated over the
row's columns, as merged cells are.
"""
from __future__ import annotations

import re

from ..records import Cell
from .raw import SourceTable

_TABLE = re.compile(r"<table\b[^>]*>(?P<body>.*?)</table\s*>", re.I | re.S)
_ROW = re.compile(r"<tr\b[^>]*>(?P<body>.*?)</tr\s*>", re.I | re.S)
_CELL = re.compile(r"<t[dh]\b(?P<attrs>[^>]*)>(?P<body>.*?)</t[dh]\s*>", re.I | re.S)
_COLSPAN = re.compile(r"colspan\s*=\s*[\"']?(\d+)", re.I)
_TAG = re.compile(r"<[^>]+>")


def markup_tables(text: str) -> list[SourceTable]:
    """The HTML tables of a text, with their cells' offsets; [] when it holds none."""
    if "<t" not in text and "<T" not in text:
        return []
    tables = []
    for t in _TABLE.finditer(text):
        rows = [_cells(text, row) for row in _ROW.finditer(text, t.start("body"), t.end("body"))]
        width = max((len(r) for r in rows), default=0)
        rows = [r * width if len(r) == 1 and width > 1 else r for r in rows if r]
        if rows:
            tables.append(SourceTable(rows, t.start(), t.end()))
    return tables


def _cells(text: str, row: re.Match) -> list[Cell]:
    out = []
    for c in _CELL.finditer(text, row.start("body"), row.end("body")):
        start, end = c.start("body"), c.end("body")
        value = " ".join(_TAG.sub(" ", text[start:end]).split())
        span = _COLSPAN.search(c.group("attrs"))
        out.extend([Cell(value, start, end)] * (int(span.group(1)) if span and len(out) else 1))
    return out
