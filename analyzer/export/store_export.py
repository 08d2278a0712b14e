"""Exports from the store: the 任务分解表 workbook, flat CSV/Parquet, JSON Lines.

`export_store(store, path, fmt, filters…)` writes the records of the documents
that pass the filters. The workbook is the task-division table a clerk would
make — 序号, 重点任务, 牵头单位, 责任单位, 配合单位, 目标, 完成时限, 章节, 文件, 原文位置 —
with a frozen header, wrapped text, set widths and filters; one sheet with a 文件
column, or one sheet per document. Cells that begin with = + - @ are kept as text.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import UsageError
from ..records import TaskRecord
from ..review.ledger import Ledger
from ..review.model import (
    FIELD_LABELS,
    FIELDS,
    STATUS_LABELS,
    ReviewedTask,
    field_value,
)
from ..units_canonical import UnitNames
from . import CSV_COLUMNS, REVIEW_COLUMNS, STORE_FORMATS, RecordWriter, flat_row, output_format, review_cells

# (header, width in characters)
SHEET_COLUMNS = (
    ("序号", 6), ("重点任务", 60), ("牵头单位", 18), ("责任单位", 22), ("配合单位", 22),
    ("目标", 24), ("完成时限", 18), ("章节", 26), ("文件", 24), ("原文位置", 12),
)
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class ExportFilter:
    docs: tuple[str, ...] = ()  # ids or glob patterns
    unit: str | None = None  # a unit name, or part of one
    since: str | None = None  # document dates, inclusive
    until: str | None = None
    kinds: tuple[str, ...] = ()  # document kinds (report, plan, measures …); empty: all


def export_store(store, path: str, fmt: str | None = None, flt: ExportFilter = ExportFilter(),
                 sheet_per_document: bool = False, reviewed: bool = True) -> int:
    """Write the filtered records of `store` to `path`; returns how many were written.

    With `reviewed` (the default) the records are as reviewers left them (their
    values, deleted tasks left out, added tasks in) and every format says what was
    reviewed; without it, exactly what the extractor produced.
    """
    fmt = output_format(path, fmt, STORE_FORMATS)
    # units are matched in Python, after the reviews (a unit a reviewer set is not in the `units` table),
    # by the same aliases compare uses: --unit 发改委 finds 发展和改革委员会 and 市发展改革委
    names = UnitNames()

    def wanted(record) -> bool:
        return not flt.unit or any(names.matches(flt.unit, u.name) for u in record.units)

    docs = store.documents(store.doc_ids(flt.docs, None, flt.since, flt.until, flt.kinds))
    ledger = Ledger(store)
    tasks: list = []
    for d in docs:
        if reviewed:
            tasks.extend(t for t in ledger.reviewed(d["doc_id"]) if wanted(t.record))
        else:
            tasks.extend(ReviewedTask(r) for r in store.records(d["doc_id"]) if wanted(r))
    if flt.unit:
        kept = {t.record.doc_id for t in tasks}
        docs = [d for d in docs if d["doc_id"] in kept]
    records = [t.record for t in tasks]
    reviews = {t.task_id: t for t in tasks} if reviewed else None
    if fmt == "xlsx":
        # the 任务分解表 gains its 审核状态 column once someone has reviewed something
        anything_reviewed = any(t.status != "unreviewed" for t in tasks)
        write_workbook(path, records, docs, store, sheet_per_document, reviews if anything_reviewed else None)
    elif fmt in ("csv", "jsonl"):
        with open(path, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as fh:
            RecordWriter(fh, fmt).write(records, reviews)
    elif fmt == "parquet":
        write_parquet(path, records, store, reviews)
    else:
        raise UsageError(f"unknown export format {fmt!r}", hint="one of " + ", ".join(STORE_FORMATS))
    return len(records)


def write_parquet(path: str, records: Sequence[TaskRecord], store,
                  reviews: Mapping[str, ReviewedTask] | None = None) -> None:
    """Flat rows (the CSV columns) as Parquet, written by DuckDB (no pyarrow needed)."""
    import pandas as pd


    rows = [flat_row(r) for r in records]
    columns = list(CSV_COLUMNS)
    if reviews is not None:
        columns += REVIEW_COLUMNS
        for r, row in zip(records, rows, strict=False):
            row.update(review_cells(reviews.get(r.task_id)))
    store.write_parquet(pd.DataFrame(rows, columns=columns), path)


def _deadline_cell(r: TaskRecord) -> str:
    return field_value(r, "deadlines")


def _units_cell(r: TaskRecord, role: str) -> str:
    return field_value(r, role)


class _Paragraphs:
    """Paragraph numbers of offsets in a stored text (原文位置: 第N段)."""

    def __init__(self, text: str | None):
        self.starts = None
        if text:
            starts, pos = [], 0
            for line in text.split("\n"):
                if line.strip():
                    starts.append(pos)
                pos += len(line) + 1
            self.starts = starts

    def where(self, offset: int) -> str:
        if not self.starts:
            return f"字符{offset}"
        return f"第{bisect.bisect_right(self.starts, offset)}段"


def sheet_rows(records: Sequence[TaskRecord], docs: Sequence[dict], store) -> list[list]:
    """The 任务分解表 rows: one per task, the columns of SHEET_COLUMNS (without 审核状态)."""
    titles = {d["doc_id"]: d.get("title") or d["doc_id"] for d in docs}
    paragraphs: dict[str, _Paragraphs] = {}
    rows = []
    for n, r in enumerate(records, 1):
        if r.doc_id not in paragraphs:
            paragraphs[r.doc_id] = _Paragraphs(store.text(r.doc_id) if store is not None else None)
        rows.append([
            n, r.text, _units_cell(r, "lead"), _units_cell(r, "responsible"),
            _units_cell(r, "cooperate"), "；".join(t.text for t in r.targets), _deadline_cell(r),
            " > ".join(r.section), titles.get(r.doc_id, r.doc_id), paragraphs[r.doc_id].where(r.start),
        ])
    return rows


def write_workbook(path: str, records: Sequence[TaskRecord], docs: Sequence[dict], store,
                   sheet_per_document: bool = False,
                   reviews: Mapping[str, ReviewedTask] | None = None) -> None:
    """The 任务分解表 as .xlsx: one sheet (with 文件), or one sheet per document.

    With `reviews` a 审核状态 column says 未审核/通过/修改/新增 and the cells whose
    values reviewers set are shaded."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    if sheet_per_document:
        used: set[str] = set()
        by_doc: dict[str, list[TaskRecord]] = {}
        for r in records:  # one pass, not a scan of every record per document
            by_doc.setdefault(r.doc_id, []).append(r)
        for d in docs:
            recs = by_doc.get(d["doc_id"], [])
            _fill_sheet(wb.create_sheet(_sheet_name(d.get("title") or d["doc_id"], used)),
                        sheet_rows(recs, [d], store), with_file=False, records=recs, reviews=reviews)
    else:
        _fill_sheet(wb.create_sheet("任务分解表"), sheet_rows(records, docs, store), with_file=True,
                    records=records, reviews=reviews)
    if not wb.sheetnames:
        wb.create_sheet("任务分解表")
    wb.save(path)


def _sheet_name(name: str, used: set[str]) -> str:
    base = _SHEET_NAME_BAD.sub("_", name)[:28] or "文件"
    out, k = base, 2
    while out in used:
        out, k = f"{base[:25]}~{k}", k + 1
    used.add(out)
    return out




def _fill_sheet(ws, rows: list[list], with_file: bool, records: Sequence[TaskRecord] = (),
                reviews: Mapping[str, ReviewedTask] | None = None) -> None:
    keep = [k for k, c in enumerate(SHEET_COLUMNS) if with_file or c[0] != "文件"]
    header = [SHEET_COLUMNS[k][0] for k in keep]
    widths = [SHEET_COLUMNS[k][1] for k in keep]
    body = [[row[k] for k in keep] for row in rows]
    marked: list[set[int]] = []
    if reviews is not None:
        header.append("审核状态")
        widths.append(10)
        for r, row in zip(records, body, strict=False):
            review = reviews.get(r.task_id)
            row.append(STATUS_LABELS[review.status] if review else "未审核")
            marked.append({header.index(FIELD_LABELS[f]) for f in (review.reviewed_fields if review else ())
                           if f in FIELDS})
    write_sheet(ws, header, body, widths, marked)


REVIEWED_FILL = "FFF2CC"  # the shade of a cell whose value a reviewer set


def write_sheet(ws, header: Sequence[str], rows: Sequence[Sequence], widths: Sequence[int],
                marked: Sequence[set[int]] = ()) -> None:
    """A table on a worksheet as clerks expect it: bold header, wrapped text, set widths,
    frozen header, filters; cells that would run as formulas (= + - @) kept as text.
    `marked[i]` holds the column indexes of row i to shade (reviewed values)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.append(list(header))
    head_row = ws.max_row  # read once: openpyxl computes max_row by scanning every cell, so a call per row
    head_font, head_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")  # made writing quadratic
    for k in range(1, len(header) + 1):
        cell = ws.cell(row=head_row, column=k)
        cell.font, cell.fill = head_font, head_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    shade = PatternFill("solid", fgColor=REVIEWED_FILL)
    r = head_row
    for i, row in enumerate(rows):
        r += 1
        marks = marked[i] if i < len(marked) else ()
        for k, value in enumerate(row):
            cell = ws.cell(row=r, column=k + 1, value=value)
            cell.alignment = wrap
            if k in marks:
                cell.fill = shade
            if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
                cell.data_type = "s"  # a string, never a formula
                cell.quotePrefix = True
    for k, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(k)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(r, 1)}"
