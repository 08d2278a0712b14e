"""The Excel/WPS round trip: a review workbook out of the store, the clerk's decisions back in.

`export_review()` writes one row per task (sheet 审核表): where it stands (文件, 章节),
the source sentence with the sentences before and after it (上文, 原文, 下文), the
editable fields (重点任务, 牵头单位, 责任单位, 配合单位, 目标, 完成时限) and 审核结果, a
drop-down of 通过 / 修改 / 删除 / 新增. The sheet is protected (no password: it guards
against slips, not people) with only the editable columns unlocked, so the header
and the context stay as exported; rows may be inserted, sorted and filtered.

Hidden, locked columns to the right carry each row's task id, document id and the
field values *as exported*: a field counts as changed only when its cell differs
from what was exported, so an old workbook does not undo later reviews of fields
the clerk left alone, and rows keep their ids when the clerk sorts them.

`read_review()` turns a filled-in workbook into decisions (with their row numbers);
`import_review()` applies them through the ledger — all or nothing.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..export.files import atomic_path
from ..export.sheet import SheetTitle, cell_border, keep_as_text, print_layout, write_sheet
from .ledger import Ledger
from .model import (
    ACTION_LABELS,
    ACTION_OF_LABEL,
    ACTION_OF_STATUS,
    FIELD_LABELS,
    FIELDS,
    Decision,
    ReviewedTask,
    ReviewError,
    field_value,
)

SHEET = "审核表"
GUIDE_SHEET = "说明"
RESULT = "审核结果"
NOTE = "审核意见"
TASK_ID, DOC_ID = "任务编号", "文档编号"
EXPORTED = "导出值·"  # prefix of the hidden columns holding the exported values
# The columns in the order a reviewer works: the number, the editable fields (FIELD_LABELS'), the decision;
# then where the task stands and the sentences around it, in a column group that stays collapsed until the
# reviewer opens it (the ＋ above the columns), so a row is as tall as its task, not as its context. 原文 is
# in the group too: it is usually the task's own text, and 重点任务 shows that.
NUMBER_COLUMN = ("序号", 5)
EDIT_COLUMNS = tuple((FIELD_LABELS[f], w) for f, w in zip(FIELDS, (50, 14, 16, 16, 18, 16), strict=False))
OCR_COLUMN = "识别核对"  # a task read by OCR: its page and confidence, shaded when low (check it against the scan)
DECISION_COLUMNS = ((RESULT, 10), (NOTE, 18), (OCR_COLUMN, 12))
OCR_CHECK_BELOW = 0.95  # a reading less sure than this is shaded
CONTEXT_COLUMNS = (("文件", 18), ("章节", 18), ("上文", 28), ("原文", 44), ("下文", 28))
HIDDEN_COLUMNS = (TASK_ID, DOC_ID) + tuple(EXPORTED + f for f in FIELDS)
HEADER = ([NUMBER_COLUMN[0]] + [h for h, _ in EDIT_COLUMNS + DECISION_COLUMNS + CONTEXT_COLUMNS]
          + list(HIDDEN_COLUMNS))
# the columns a row's decision is read from (a formula in any of them is refused)
READ_COLUMNS = {RESULT, NOTE, TASK_ID, DOC_ID, "文件"} | set(FIELD_LABELS.values())
BLANK_ROWS = 200  # unlocked rows below the tasks, with the drop-down, for 新增
EDIT_FILL = "FFFDE7"  # the cells a reviewer may change
NEW_ROW_FILL = "F2F2F2"  # the blank rows for 新增 are shaded, and the 说明 sheet says what they are for
GUIDE = (
    ("这是什么", "policy-analyzer 从文件中抽取的重点任务，请逐条审核。改完保存，再用 "
                 "`policy-analyzer review import 本文件 --db … --reviewer 姓名` 导回。"),
    ("审核结果", "每行选一项：通过（抽取无误）/ 修改（改了黄色单元格中的值）/ 删除（不是任务）/ 新增（下方空行新加的任务）。"
                 "改了值而没选，也按“修改”处理。"),
    ("可以改的列", "重点任务、牵头单位、责任单位、配合单位、目标、完成时限、审核结果、审核意见（黄色底）。"
                   "其余列已锁定（无密码，防误改）。"),
    ("单位", "多个单位用“、”分隔，如：市发展改革委、市财政局。"),
    ("目标", "多个目标用“；”分隔。"),
    ("完成时限", "写法如：2024年底前、6月底前（2024-06-30）、2024-12-31。"),
    ("新增任务", "表格下方的灰色空行用于新增：填写重点任务等列，审核结果选“新增”。文件列可填文件编号或标题，"
                 "不填则归入上方最近一行的文件。"),
    ("上下文", "文件、章节、上文、原文、下文在右侧折叠的列组中：点列标上方的“＋”展开，点“－”收起。"),
    ("排序和筛选", "可以排序、筛选、插入行；隐藏列（任务编号、导出值）请勿删除或修改，导回时靠它们对应任务。"),
    ("公式", "单元格中的公式不会被导入：请直接填写文字。"),
)
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_CLOSING = "。！？；!?;”’）)」』"
CONTEXT_CHARS = 120  # at most this much of the neighbouring sentences


class WorkbookError(InputError):
    """A file that is not a review workbook written by `review export`."""

    hint = "export one with `policy-analyzer review export --db … -o review.xlsx`"


def neighbours(text: str | None, start: int, end: int) -> tuple[str, str, str]:
    """(sentence before, the sentence itself, sentence after) around [start, end) of `text`,
    each neighbour cut to CONTEXT_CHARS."""
    if not text or start < 0 or end > len(text) or start >= end:
        return "", "", ""
    prev_end = start
    while prev_end > 0 and text[prev_end - 1].isspace():
        prev_end -= 1
    lo = max(0, prev_end - 1 - CONTEXT_CHARS)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, max(lo, prev_end - 1))]
    before = text[ends[-1] if ends else lo:prev_end]
    if not ends and lo > 0:
        before = "…" + before.lstrip()
    after_start = end  # a task ends before its sentence's final mark: skip it (and closing quotes)
    while after_start < len(text) and (text[after_start] in _CLOSING or text[after_start].isspace()):
        after_start += 1
    m = _SENTENCE_END.search(text, after_start)
    stop = m.end() if m else len(text)
    after = text[after_start:min(stop, after_start + CONTEXT_CHARS)]
    if stop > after_start + CONTEXT_CHARS:
        after = after.rstrip() + "…"
    return before.strip(), text[start:end].strip(), after.strip()


def export_review(store, path: str | Path, doc_ids: Sequence[str] = (), pending_only: bool = False) -> int:
    """Write the review workbook of the documents `doc_ids` (glob patterns; all when empty).

    With `pending_only` only tasks nobody has reviewed yet. Returns the number of rows."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ledger = Ledger(store)
    docs = store.documents(store.doc_ids(tuple(doc_ids)))
    rows: list[list] = []
    readings: list[float | None] = []  # each row's OCR confidence (None: digital text)
    for d in docs:
        text = store.text(d["doc_id"])
        for t in ledger.reviewed(d["doc_id"], keep_deleted=True):
            if pending_only and t.status != "unreviewed":
                continue
            rows.append(_row(len(rows) + 1, d, t, text))
            readings.append(t.record.ocr_confidence)

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    widths = [w for _, w in (NUMBER_COLUMN,) + EDIT_COLUMNS + DECISION_COLUMNS + CONTEXT_COLUMNS] + [12] * len(HIDDEN_COLUMNS)
    context = [HEADER.index(h) for h, _ in CONTEXT_COLUMNS]
    hidden = [HEADER.index(h) for h in HIDDEN_COLUMNS]
    named = docs[0].get("title") or docs[0]["doc_id"] if len(docs) == 1 else f"{len(docs)}个文件"
    title = SheetTitle(f"重点任务审核表：{named}",
                       f"共{len(rows)}项　审核结果选 通过/修改/删除/新增　用法见“{GUIDE_SHEET}”工作表")
    head = write_sheet(ws, HEADER, rows, widths, title=title, hidden=context + hidden)
    first, last_task = head + 1, head + len(rows)
    last_row = last_task + BLANK_ROWS
    editable = {HEADER.index(h) + 1 for h, _ in EDIT_COLUMNS + DECISION_COLUMNS if h != OCR_COLUMN}
    edit, new, new_file = _review_styles(wb)
    file_col = HEADER.index("文件") + 1
    for r in range(first, last_row + 1):
        for c in editable:
            cell = ws.cell(row=r, column=c)
            cell.style = edit if r <= last_task else new
            keep_as_text(cell)  # (the style above replaced the quote prefix write_sheet set)
        if r > last_task:
            ws.cell(row=r, column=file_col).style = new_file  # a 新增 row may name its document
            ws.cell(row=r, column=1).style = new
    # the context group: collapsed (hidden) until the reviewer opens it; the id columns hidden for good
    # (each column on its own: openpyxl's group() merges them into one dimension, and their widths with it)
    for k in context:
        dim = ws.column_dimensions[get_column_letter(k + 1)]
        dim.outline_level, dim.hidden = 1, True
    ws.sheet_properties.outlinePr.summaryRight = False  # the ＋ sits at the group's left, beside 审核意见
    result_col = get_column_letter(HEADER.index(RESULT) + 1)
    choices = DataValidation(type="list", formula1='"' + ",".join(ACTION_LABELS.values()) + '"',
                             allow_blank=True, showErrorMessage=True, errorTitle=RESULT,
                             error="请选择：" + " / ".join(ACTION_LABELS.values()),
                             showInputMessage=True, promptTitle=RESULT,
                             prompt="通过 / 修改 / 删除；下方灰色空行新加的任务选“新增”")
    choices.add(f"{result_col}{first}:{result_col}{last_row}")
    ws.add_data_validation(choices)
    _shade_low_readings(ws, readings, first)
    ws.freeze_panes = ws.cell(row=first, column=2)  # the header and 序号 stay; everything else scrolls
    ws.auto_filter.ref = f"A{head}:{get_column_letter(len(HEADER))}{last_row}"  # the 新增 rows filter too
    visible = sum(w for k, w in enumerate(widths) if k not in context + hidden)
    print_layout(ws, head, visible, area=f"A1:{get_column_letter(len(HEADER))}{max(last_task, head)}")
    # protected: header and context locked; sorting, filtering, resizing and inserting rows allowed
    p = ws.protection
    p.sheet = True
    p.sort = p.autoFilter = p.formatColumns = p.formatRows = p.insertRows = False
    _guide_sheet(wb.create_sheet(GUIDE_SHEET))
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return len(rows)


def _shade_low_readings(ws, readings: list[float | None], first: int) -> None:
    """The 识别核对 cell of a task read by OCR with low confidence is shaded, so the clerk checks it first."""
    from openpyxl.styles import PatternFill

    column = HEADER.index(OCR_COLUMN) + 1
    low = PatternFill("solid", fgColor="F8CBAD")
    for i, confidence in enumerate(readings):
        if confidence is not None and confidence < OCR_CHECK_BELOW:
            ws.cell(row=first + i, column=column).fill = low


def _review_styles(wb) -> tuple[str, str, str]:
    """Named styles (set by index, not hashed cell by cell) of the unlocked cells: a task's editable
    fields (light yellow), the blank rows for 新增 (grey), and a 新增 row's 文件 cell."""
    from openpyxl.styles import Alignment, NamedStyle, PatternFill, Protection

    names = ("审核可改", "审核新增", "审核新增文件")
    if names[0] in wb.named_styles:
        return names
    border, wrap, unlocked = cell_border(), Alignment(wrap_text=True, vertical="top"), Protection(locked=False)
    wb.add_named_style(NamedStyle(name=names[0], border=border, alignment=wrap, protection=unlocked,
                                  fill=PatternFill("solid", fgColor=EDIT_FILL)))
    wb.add_named_style(NamedStyle(name=names[1], border=border, alignment=wrap, protection=unlocked,
                                  fill=PatternFill("solid", fgColor=NEW_ROW_FILL)))
    wb.add_named_style(NamedStyle(name=names[2], alignment=wrap, protection=unlocked))
    return names


def _guide_sheet(ws) -> None:
    """The 说明 sheet: how to fill in the review sheet and bring it back."""
    from openpyxl.styles import Alignment, Font

    ws.append(["项目", "说明"])
    for item in GUIDE:
        ws.append(list(item))
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 100
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[1]:
        cell.font = Font(bold=True)
    print_layout(ws, 1, 114)


def _row(n: int, doc: dict, t: ReviewedTask, text: str | None) -> list:
    r = t.record
    before, sentence, after = neighbours(text, r.start, r.end)
    values = [field_value(r, f) for f in FIELDS]
    status = ACTION_LABELS[ACTION_OF_STATUS[t.status]] if t.status in ACTION_OF_STATUS else ""
    ocr = f"OCR 第{r.ocr_page}页 {r.ocr_confidence:.2f}" if r.ocr_confidence is not None else ""
    return ([n] + values + [status, "", ocr]
            + [doc.get("title") or doc["doc_id"], " > ".join(r.section), before, sentence or r.text, after]
            + [r.task_id, r.doc_id] + values)


@dataclass(frozen=True)
class ReadResult:
    decisions: list[Decision]
    problems: list[str]
    skipped: int  # rows without a decision (no 审核结果, nothing changed)


def read_review(path: str | Path) -> ReadResult:
    """Decisions of a filled-in review workbook, each with its row number (第N行).

    A row counts when 审核结果 is set or an editable cell differs from its exported
    value (a changed row without 审核结果 is a 修改). Rows without a task id are new
    tasks: they need 审核结果 新增 and a 重点任务; their document is the 文件 cell (id
    or title) or, when empty, the document of the nearest row above.
    """
    ws = _review_sheet(path)
    head = header_row(ws)
    header = [("" if c.value is None else str(c.value).strip()) for c in ws[head]]
    missing = [h for h in [RESULT, TASK_ID, DOC_ID] + [FIELD_LABELS[f] for f in FIELDS] if h not in header]
    if missing:
        raise WorkbookError("columns missing: " + ", ".join(missing), path=str(path))
    col = {h: header.index(h) for h in header if h}
    read = {k: h for h, k in col.items() if h in READ_COLUMNS or h.startswith(EXPORTED)}
    reader = _RowReader()
    for number, cells in enumerate(ws.iter_rows(min_row=head + 1), head + 1):
        where = f"第{number}行"
        # a formula is no value a clerk typed: read without its cached result it is empty (a =HYPERLINK(…) in
        # 牵头单位 marked 修改 cleared the field; ="通过" in 审核结果 was ignored): name the row instead
        formulas = [read[k] for k, c in enumerate(cells) if k in read and c.data_type == "f"]
        if formulas:
            reader.problems.append(f"{where}: {'、'.join(formulas)} holds a formula; type the text itself")
            continue
        reader.read(_Row(col, tuple(c.value for c in cells)), where)
    return ReadResult(reader.decisions, reader.problems, reader.skipped)


def header_row(ws) -> int:
    """The row of the review sheet's header: below the title block (row 3), or row 1 in workbooks
    written before the title block was added."""
    for r in range(1, 6):
        if any(c.value == RESULT for c in ws[r]):
            return r
    return 1


def _review_sheet(path: str | Path):
    from openpyxl import load_workbook  # openpyxl only when a workbook is read

    try:
        wb = load_workbook(path)  # formulas as formulas (read_review refuses them), not their cached values
    except Exception as err:  # zip/XML errors of a damaged or foreign file
        raise WorkbookError(f"cannot read the workbook: {type(err).__name__}: {err}", path=str(path)) from None
    if SHEET not in wb.sheetnames:
        raise WorkbookError(f"no sheet named {SHEET}", path=str(path))
    return wb[SHEET]


class _Row:
    """One row's cells by header."""

    def __init__(self, col: dict[str, int], cells: tuple):
        self.col, self.cells = col, cells

    def get(self, h: str) -> str:
        k = self.col.get(h)
        v = self.cells[k] if k is not None and k < len(self.cells) else None
        return "" if v is None else str(v).strip()

    def has(self, h: str) -> bool:
        return self.col.get(h) is not None


class _RowReader:
    """The decisions of the rows read so far, and where each 新增 row's document is."""

    def __init__(self):
        self.titles: dict[str, str] = {}
        self.decisions: list[Decision] = []
        self.problems: list[str] = []
        self.skipped = 0
        self.last_doc: str | None = None

    def read(self, row: _Row, where: str) -> None:
        task_id, doc_id = row.get(TASK_ID), row.get(DOC_ID)
        if doc_id:
            self.last_doc = doc_id
            if row.get("文件"):
                self.titles[row.get("文件")] = doc_id
        label = row.get(RESULT)
        action = ACTION_OF_LABEL.get(label) if label else None
        if label and action is None:
            self.problems.append(f"{where}: 审核结果 {label!r} is not one of " + "/".join(ACTION_LABELS.values()))
            return
        values = {f: row.get(FIELD_LABELS[f]) for f in FIELDS}
        if task_id:
            self._known(row, where, action, doc_id, task_id, values)
        elif action or any(values.values()):  # not an empty row
            self._added(row, where, action, values)

    def _added(self, row: _Row, where: str, action: str | None, values: dict[str, str]) -> None:
        if action != "add":
            self.problems.append(f"{where}: a row without a task id must be marked 新增 to add a task")
            return
        named = row.get("文件")
        doc = self.titles.get(named, named) if named else self.last_doc
        if not doc:
            self.problems.append(f"{where}: 新增 row names no document (fill 文件)")
            return
        self.decisions.append(Decision("add", doc, None, {f: v for f, v in values.items() if v}, where=where))

    def _known(self, row: _Row, where: str, action: str | None, doc_id: str, task_id: str,
               values: dict[str, str]) -> None:
        changed = {f: v for f, v in values.items() if row.has(EXPORTED + f) and v != row.get(EXPORTED + f)}
        if action == "add":
            action = "edit" if changed else "accept"  # an added task exported again: 新增 is its status
        if action is None:
            if not changed:
                self.skipped += 1
                return
            action = "edit"
        self.decisions.append(Decision(action, doc_id, task_id, changed if action != "delete" else {}, where=where))


def import_review(store, path: str | Path, reviewer: str, dry_run: bool = False):
    """Apply a filled-in review workbook to `store`, all or nothing.

    Raises ReviewError listing every bad row (nothing is applied) or WorkbookError
    for a file that is not a review workbook. Returns the ledger's ApplyResult (with
    `dry_run`, checks and counts without writing)."""
    read = read_review(path)
    ledger = Ledger(store)
    if read.problems:
        # check the rest too, so the clerk sees every problem at once
        try:
            ledger.check(read.decisions)
        except ReviewError as err:
            read.problems.extend(err.problems)
        raise ReviewError(f"{len(read.problems)} invalid row(s) in {Path(path).name}; nothing was applied",
                          _by_row(read.problems), path=str(path))
    try:
        return ledger.apply(read.decisions, reviewer, via="excel", dry_run=dry_run)
    except ReviewError as err:
        raise ReviewError(f"{len(err.problems)} invalid row(s) in {Path(path).name}; nothing was applied",
                          _by_row(err.problems), path=str(path)) from None


def _by_row(problems: list[str]) -> list[str]:
    def key(p: str):
        m = re.match(r"第(\d+)行", p)
        return int(m.group(1)) if m else 0

    return sorted(problems, key=key)
