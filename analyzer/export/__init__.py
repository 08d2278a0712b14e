"""Writers for task records: JSON Lines (the contract), CSV (flat), and a terminal table.

Chinese is written as characters. CSV cells that a spreadsheet would run as a
formula (starting with = + - @) are prefixed with ' so they stay text.
"""
from __future__ import annotations

import csv
import json
import shutil
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from ..errors import UsageError
from ..records import TaskRecord

# Every output format, and which each kind of output can be written in. A command's --format
# offers its kind's formats; without --format the extension of -o decides (output_format).
RECORD_FORMATS = ("jsonl", "csv", "table")  # records streamed by `extract`
STORE_FORMATS = ("xlsx", "csv", "jsonl", "parquet")  # a store exported to a file
TABLE_FORMATS = ("table", "jsonl", "csv", "xlsx")  # comparison and series tables
FORMATS = RECORD_FORMATS


def output_format(output: str, fmt: str | None, formats: tuple[str, ...], default: str | None = None) -> str:
    """The format to write `output` in: `fmt` when given, else the file's extension when it is
    one of `formats`, else `default` — or a UsageError when there is none."""
    if fmt:
        if fmt not in formats:
            raise UsageError(f"cannot write {fmt}", hint="one of " + ", ".join(formats))
        return fmt
    ext = Path(output).suffix.lower().lstrip(".") if output and output != "-" else ""
    if ext in formats:
        return ext
    if default:
        return default
    raise UsageError(f"cannot tell the format of '{output}'",
                     hint="use an extension " + "/".join("." + f for f in formats if f != "table") + " or --format")

CSV_COLUMNS = ("doc_id", "task_id", "text", "obligation", "lead", "responsible", "cooperate",
               "inherited_units", "targets", "deadlines", "deadline_end", "section", "point",
               "start", "end", "source", "doc_date", "doc_date_source", "doc_kind", "source_kind", "ocr_confidence")

# added by `export` from a store with reviews: the task's review status and the fields
# whose values are reviewers' (text, lead, responsible, cooperate, targets, deadlines)
REVIEW_COLUMNS = ("review_status", "reviewed_fields")


def review_cells(review) -> dict[str, str]:
    """The REVIEW_COLUMNS of a task (a ReviewedTask, or None for one nobody reviewed)."""
    return {"review_status": review.status if review else "unreviewed",
            "reviewed_fields": "；".join(review.reviewed_fields) if review else ""}


def flat_row(r: TaskRecord) -> dict[str, object]:
    """A task record as one flat row: units by role, lists joined with ；."""
    def names(role: str) -> str:
        return "；".join(u.name for u in r.units if u.role == role and not u.inherited)

    return {
        "doc_id": r.doc_id, "task_id": r.task_id, "text": r.text, "obligation": r.obligation,
        "lead": names("lead"), "responsible": names("responsible"), "cooperate": names("cooperate"),
        "inherited_units": "；".join(u.name for u in r.units if u.inherited),
        "targets": "；".join(t.text for t in r.targets),
        "deadlines": "；".join(d.text for d in r.deadlines),
        "deadline_end": "；".join(d.end_date or "" for d in r.deadlines),
        "section": " > ".join(r.section), "point": r.point or "",
        "start": r.start, "end": r.end, "source": r.source,
        "doc_date": r.doc_date or "", "doc_date_source": r.doc_date_source, "doc_kind": r.doc_kind or "",
        "source_kind": r.source_kind, "ocr_confidence": "" if r.ocr_confidence is None else r.ocr_confidence,
    }


def neutralise(value: object) -> object:
    """Keep spreadsheet formulas out of exported cells (formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


class RecordWriter:
    """Streams records to `out` in one of FORMATS."""

    def __init__(self, out: IO[str], fmt: str = "jsonl"):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.out, self.fmt = out, fmt
        self._csv = None
        self._rows = 0

    def write(self, records: Iterable[TaskRecord], reviews: Mapping[str, Any] | None = None) -> int:
        """Write `records`; with `reviews` (task id → ReviewedTask) say what reviewers did:
        a `review` member in JSON Lines, `review_status`/`reviewed_fields` columns in CSV."""
        n = 0
        for r in records:
            n += 1
            review = reviews.get(r.task_id) if reviews is not None else None
            if self.fmt == "jsonl":
                d = r.to_dict()
                if reviews is not None:
                    d["review"] = review.review_dict() if review else None
                self.out.write(json.dumps(d, ensure_ascii=False, default=str) + "\n")
            elif self.fmt == "csv":
                if self._csv is None:
                    columns = CSV_COLUMNS + (REVIEW_COLUMNS if reviews is not None else ())
                    self._csv = csv.DictWriter(self.out, fieldnames=columns)
                    self._csv.writeheader()
                row = flat_row(r)
                if reviews is not None:
                    row.update(review_cells(review))
                self._csv.writerow({k: neutralise(v) for k, v in row.items()})
            else:
                self._table_row(r)
        return n

    def _table_row(self, r: TaskRecord) -> None:
        width = shutil.get_terminal_size((80, 20)).columns  # the terminal's width; 80 when not a terminal
        self._rows += 1
        if self._rows == 1:
            self.out.write((_fit("编号", 10) + " " + _fit("重点任务", width - 11)).rstrip() + "\n")
        row = flat_row(r)
        self.out.write((_fit(r.task_id.split("#")[-1], 10) + " " + _fit(r.text, width - 11)).rstrip() + "\n")
        for label, key in (("牵头", "lead"), ("责任", "responsible"), ("配合", "cooperate"),
                           ("继承", "inherited_units"), ("目标", "targets"), ("时限", "deadlines")):
            if row[key]:
                value = row[key] if key != "deadlines" else f"{row['deadlines']} → {row['deadline_end']}"
                self.out.write((" " * 11 + _fit(f"{label}：{value}", width - 11)).rstrip() + "\n")


def terminal_table(header: Sequence[str], rows: Sequence[Sequence[str]], width: int | None = None) -> list[str]:
    """Lines of a table that fit the terminal (its width, else 80 columns): columns as wide as their
    content, the widest cut with … until the line fits; wide characters count two columns. The full
    texts are in the xlsx/csv/jsonl outputs."""
    width = width or shutil.get_terminal_size((80, 20)).columns
    cells = [[str(h) for h in header]] + [["" if v is None else readable_number(v) if isinstance(v, float)
                                           else str(v) for v in row] for row in rows]
    widths = [max(_display_width(r[k]) for r in cells) for k in range(len(header))]
    budget = width - (len(header) - 1)  # one space between columns
    while sum(widths) > budget and max(widths) > 4:  # narrow the widest column a column at a time
        widths[widths.index(max(widths))] -= 1
    return [" ".join(_fit(c, w) for c, w in zip(r, widths, strict=False)).rstrip() for r in cells]


def readable_number(v: float) -> str:
    """A figure as a reader writes it: 1300000000000.0 → 1.3万亿, 12000000.0 → 1200万, 5.0 → 5, 0.2016 → 0.2016."""
    for unit, size in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
        if abs(v) >= size:
            return f"{v / size:.6g}{unit}"
    return f"{v:.6g}"


def _display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _fit(s: str, width: int) -> str:
    """Cut `s` to a terminal width, counting wide characters as two columns."""
    out, w = [], 0
    for ch in s:
        cw = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if w + cw > width - 1 and _display_width(s) > width:
            out.append("…")
            w += 1
            break
        out.append(ch)
        w += cw
    return "".join(out) + " " * max(0, width - w)
