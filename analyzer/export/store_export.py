"""Exports from the store: the 任务分解表 workbook, flat CSV/Parquet, JSON Lines.

`export_store(store, path, fmt, filters…)` writes the records of the documents
that pass the filters. The workbook is the task-division table a clerk would
make — 序号, 重点任务, 牵头单位, 责任单位, 配合单位, 目标, 完成时限, 章节, 文件, 原文位置 —
with a frozen header, wrapped text, set widths and filters; one sheet with a 文件
column, or one sheet per document. Cells that begin with = + - @ are kept as text.
"""
from __future__ import annotations

import bisect
import datetime as dt
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
from .files import atomic_open, atomic_path
from .sheet import SheetTitle, write_sheet

# (header, width in Excel units: a CJK character is about two). 截止日期 is 完成时限 as a real date (the
# earliest end of the task's deadlines) so the table sorts and filters by date; 文件 only when one sheet
# holds several documents (a one-document table names it in its title).
SHEET_COLUMNS = (
    ("序号", 5), ("重点任务", 50), ("牵头单位", 14), ("责任单位", 16), ("配合单位", 16),
    ("目标", 18), ("完成时限", 14), ("截止日期", 11), ("章节", 16), ("文件", 18), ("原文位置", 9),
)
# Blank columns a clerk fills in (--columns): notes, and progress for the 督查 rounds that follow.
OPTIONAL_COLUMNS = {"备注": 12, "进展情况": 20, "完成情况": 20}
DEFAULT_COLUMNS = ("备注",)
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class ExportFilter:
    docs: tuple[str, ...] = ()  # ids or glob patterns
    unit: str | None = None  # a unit name, or part of one
    since: str | None = None  # document dates, inclusive
    until: str | None = None
    kinds: tuple[str, ...] = ()  # document kinds (report, plan, measures …); empty: all


def export_store(store, path: str, fmt: str | None = None, flt: ExportFilter = ExportFilter(),
                 sheet_per_document: bool = False, reviewed: bool = True,
                 columns: Sequence[str] = DEFAULT_COLUMNS, prepared_by: str | None = None) -> int:
    """Write the filtered records of `store` to `path`; returns how many were written.

    With `reviewed` (the default) the records are as reviewers left them (their
    values, deleted tasks left out, added tasks in) and every format says what was
    reviewed; without it, exactly what the extractor produced.
    """
    fmt = output_format(path, fmt, STORE_FORMATS)
    columns = check_columns(columns)
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
        write_workbook(path, records, docs, store, sheet_per_document, reviews if anything_reviewed else None,
                       columns=columns, prepared_by=prepared_by)
    elif fmt in ("csv", "jsonl"):
        with atomic_open(path, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as fh:
            RecordWriter(fh, fmt).write(records, reviews)
    elif fmt == "parquet":
        with atomic_path(path) as tmp:
            write_parquet(tmp, records, store, reviews)
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
            _units_cell(r, "cooperate"), "；".join(t.text for t in r.targets), _deadline_cell(r), due_date(r),
            " > ".join(r.section), titles.get(r.doc_id, r.doc_id), paragraphs[r.doc_id].where(r.start),
        ])
    return rows


def due_date(r: TaskRecord) -> dt.date | None:
    """The earliest end of a task's deadlines, as a date (None when it has none that was read)."""
    ends = []
    for d in r.deadlines:
        try:
            ends.append(dt.date.fromisoformat(d.end_date or ""))
        except ValueError:  # no end read (an unparsed deadline): the 完成时限 text says what there is
            continue
    return min(ends) if ends else None


def check_columns(names: Sequence[str]) -> tuple[str, ...]:
    """The optional blank columns asked for (--columns), or a UsageError naming the known ones."""
    unknown = [n for n in names if n not in OPTIONAL_COLUMNS]
    if unknown:
        raise UsageError("unknown column(s): " + ", ".join(unknown), hint="one or more of " + "、".join(OPTIONAL_COLUMNS))
    return tuple(dict.fromkeys(names))


def sheet_title(docs: Sequence[dict], n_tasks: int, prepared_by: str | None = None,
                today: dt.date | None = None) -> SheetTitle:
    """The title block of a 任务分解表: the document's title (or how many documents), then its date,
    the number of tasks, who made the table and when."""
    if len(docs) == 1:
        name = docs[0].get("title") or docs[0]["doc_id"]
        title = name if name.endswith(("分解表", "分工表", "台账", "清单")) else f"{name}·重点任务分解表"
    else:
        title = f"重点任务分解表（{len(docs)}个文件）"
    facts = []
    if len(docs) == 1 and docs[0].get("doc_date"):
        facts.append(f"文件日期：{docs[0]['doc_date']}")
    facts.append(f"共{n_tasks}项任务")
    if prepared_by:
        facts.append(f"制表单位：{prepared_by}")
    facts.append(f"制表日期：{(today or dt.date.today()).isoformat()}")
    return SheetTitle(title, "　　".join(facts))


def write_workbook(path: str, records: Sequence[TaskRecord], docs: Sequence[dict], store,
                   sheet_per_document: bool = False,
                   reviews: Mapping[str, ReviewedTask] | None = None,
                   columns: Sequence[str] = DEFAULT_COLUMNS, prepared_by: str | None = None) -> None:
    """The 任务分解表 as .xlsx: one sheet (with 文件 when it holds several documents), or one sheet
    per document, each with its title block and print layout (see sheet.py).

    With `reviews` a 审核状态 column says 未审核/通过/修改/新增 and the cells whose
    values reviewers set are shaded. `columns`: the blank OPTIONAL_COLUMNS to add."""
    from openpyxl import Workbook

    columns = check_columns(columns)
    wb = Workbook()
    wb.remove(wb.active)
    by_doc: dict[str, list[TaskRecord]] = {}
    for r in records:  # one pass, not a scan of every record per document
        by_doc.setdefault(r.doc_id, []).append(r)
    if sheet_per_document:
        used: set[str] = set()
        for d in docs:
            recs = by_doc.get(d["doc_id"], [])
            _fill_sheet(wb.create_sheet(_sheet_name(d.get("title") or d["doc_id"], used)),
                        sheet_rows(recs, [d], store), with_file=False, records=recs, reviews=reviews,
                        columns=columns, title=sheet_title([d], len(recs), prepared_by))
    else:
        shown = [d for d in docs if d["doc_id"] in by_doc] or list(docs)
        _fill_sheet(wb.create_sheet("任务分解表"), sheet_rows(records, docs, store), with_file=len(shown) > 1,
                    records=records, reviews=reviews, columns=columns,
                    title=sheet_title(shown, len(records), prepared_by))
    if not wb.sheetnames:
        wb.create_sheet("任务分解表")
    with atomic_path(path) as tmp:
        wb.save(tmp)


def _sheet_name(name: str, used: set[str]) -> str:
    base = _SHEET_NAME_BAD.sub("_", name)[:28] or "文件"
    out, k = base, 2
    while out in used:
        out, k = f"{base[:25]}~{k}", k + 1
    used.add(out)
    return out


def _fill_sheet(ws, rows: list[list], with_file: bool, records: Sequence[TaskRecord] = (),
                reviews: Mapping[str, ReviewedTask] | None = None, columns: Sequence[str] = (),
                title: SheetTitle | None = None) -> None:
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
    for name in columns:  # blank, for the clerk
        header.append(name)
        widths.append(OPTIONAL_COLUMNS[name])
        for row in body:
            row.append(None)
    write_sheet(ws, header, body, widths, marked, title=title, date_columns=[header.index("截止日期")])
