"""What reviewers decide, and how their decisions lay over the extracted records.

Pure functions and frozen dataclasses, no SQL (the ledger is in `ledger.py`).

A reviewer's *decision* names one task and an action — 通过 (accept), 修改 (edit),
删除 (delete), 新增 (add) — with new values for some of the editable fields, written
as the 任务分解表 shows them: units joined with 、, targets with ；, a deadline as
its words (2024年底前) optionally followed by the date (（2024-12-31）).

Decisions are stored as *review rows* (one per changed field, one per accept,
delete or add) that never overwrite the extractor's output. `apply_reviews()` lays
them over the extracted records: the latest row of each (task, field) wins.

A decision can be taken back (撤销, action `undo`, from the review page): that is a
row of its own naming the review ids it withdraws; withdrawn rows stay in the ledger
but no longer count (`in_force()`), so the task is as it was before them.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import AnalyzerError
from ..extract.deadlines import find_deadlines
from ..extract.targets import find_targets
from ..records import DeadlineMention, TargetMention, TaskRecord, UnitMention

# editable fields, in the order of the 任务分解表, with their column headers
FIELDS: tuple[str, ...] = ("text", "lead", "responsible", "cooperate", "targets", "deadlines")
FIELD_LABELS: dict[str, str] = {
    "text": "重点任务", "lead": "牵头单位", "responsible": "责任单位", "cooperate": "配合单位",
    "targets": "目标", "deadlines": "完成时限",
}
ACTIONS: tuple[str, ...] = ("accept", "edit", "delete", "add", "undo")
# the decisions a workbook's 审核结果 offers (撤销 is not one: it names review ids, which a clerk never sees)
ACTION_LABELS: dict[str, str] = {"accept": "通过", "edit": "修改", "delete": "删除", "add": "新增"}
ACTION_OF_LABEL: dict[str, str] = {v: k for k, v in ACTION_LABELS.items()}
ROW_LABELS: dict[str, str] = {**ACTION_LABELS, "undo": "撤销"}  # every stored action, for lists of rows
UNIT_FIELDS: tuple[str, ...] = ("lead", "responsible", "cooperate")
# a task's state after review, for lists, colours and export
STATUSES: tuple[str, ...] = ("unreviewed", "accepted", "edited", "deleted", "added")
# the action whose decision leaves a task in each status (its 审核结果 in a workbook)
ACTION_OF_STATUS: dict[str, str] = {"accepted": "accept", "edited": "edit", "deleted": "delete", "added": "add"}
STATUS_LABELS: dict[str, str] = {"unreviewed": "未审核", "accepted": "已通过", "edited": "已修改",
                                 "deleted": "已删除", "added": "新增"}

_UNIT_SPLIT = re.compile(r"\s*[、，,；;／/\n]\s*")
_LIST_SPLIT = re.compile(r"\s*[；;\n]\s*")
# 2024年底前（2024-12-31）: the words and the date the table shows after them
_DEADLINE_WITH_DATE = re.compile(r"^(?P<words>.*?)\s*[（(]\s*(?P<date>\d{4}-\d{1,2}-\d{1,2})\s*[)）]$")
_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


class ReviewError(AnalyzerError):
    """Decisions that cannot be applied; `problems` lists each with where it came from."""

    def __init__(self, message: str, problems: Sequence[str] = (), **kw):
        super().__init__(message, **kw)
        self.problems = list(problems)


@dataclass(frozen=True)
class Decision:
    """One reviewer decision about one task.

    `values` holds the fields the reviewer set (field → cell text); fields not named
    keep their value. For an added task (`action="add"`, `task_id=None`) `text` is
    required and `span` may say where in the document the passage stands.
    `where` names the decision's origin for error messages (第5行, a web request).
    An `undo` names in `undo` the review ids (rows of this task) it withdraws.
    """

    action: str
    doc_id: str
    task_id: str | None = None
    values: Mapping[str, str] = field(default_factory=dict)
    span: tuple[int, int] | None = None
    where: str = ""
    undo: tuple[int, ...] = ()


@dataclass(frozen=True)
class ReviewRow:
    """One stored review: who decided what about which task, and when.

    `anchor_*` hold the task's text and offsets at review time, so a re-extraction
    can find the task again; `placed` is False when it could not.
    """

    review_id: int
    doc_id: str
    task_id: str
    action: str
    field: str | None
    old_value: str | None
    new_value: str | None
    reviewer: str
    reviewed_at: dt.datetime
    via: str
    anchor_text: str
    anchor_start: int
    anchor_end: int
    placed: bool = True


@dataclass(frozen=True)
class ReviewedTask:
    """A task as the reviewers left it: the record with reviewed values, and what happened."""

    record: TaskRecord
    status: str = "unreviewed"  # one of STATUSES
    reviewed_fields: tuple[str, ...] = ()
    reviewer: str | None = None
    reviewed_at: dt.datetime | None = None

    @property
    def task_id(self) -> str:
        return self.record.task_id

    def review_dict(self) -> dict[str, Any]:
        """The `review` member added to a record's JSON by `export`."""
        return {"status": self.status, "fields": list(self.reviewed_fields), "reviewer": self.reviewer,
                "at": self.reviewed_at.isoformat(timespec="seconds") if self.reviewed_at else None}


# ---------------------------------------------------------------------------
# Field values as the table shows them
# ---------------------------------------------------------------------------


def field_value(record: TaskRecord, name: str) -> str:
    """The cell text of field `name` of a record (what a reviewer sees and edits)."""
    if name == "text":
        return record.text
    if name in ("lead", "responsible", "cooperate"):
        return "、".join(u.name for u in record.units if u.role == name)
    if name == "targets":
        return "；".join(t.text for t in record.targets)
    if name == "deadlines":
        return "；".join(f"{d.text}（{d.end_date}）" if d.end_date and d.end_date not in d.text else d.text
                        for d in record.deadlines)
    raise KeyError(name)


def split_units(value: str) -> list[str]:
    """The unit names of a cell. A value with a line break holds one unit per line (the review
    page's unit editor), so a joint office such as 市委、市政府督查室 stays one unit; any other
    value is split on the separators a 任务分解表 cell uses (、，；/ …), as the Excel import expects."""
    if "\n" in value:
        return [v.strip() for v in value.splitlines() if v.strip()]
    return [v for v in _UNIT_SPLIT.split(value.strip()) if v]


def cell_text(name: str, value: str) -> str:
    """A field value as stored in a review row: stripped, except that a unit cell written one
    unit per line keeps a line break after every unit — with a single unit (市委、市政府督查室)
    that final break is what still says "one unit per line" when the row is read back."""
    if name in UNIT_FIELDS and "\n" in value:
        return "".join(u + "\n" for u in split_units(value))
    return value.strip()


def split_list(value: str) -> list[str]:
    return [v for v in _LIST_SPLIT.split(value.strip()) if v]


def parse_deadline(value: str, doc_date: str | None) -> tuple[str, str | None, str | None]:
    """(words, start, end) of one deadline cell entry, or ValueError when no date can be read.

    Accepted: 2024年底前 (read against the document date), 2024年底前（2024-12-31）
    (the date given wins), 2024-12-31 alone.
    """

    value = value.strip()
    m = _DEADLINE_WITH_DATE.match(value)
    if m:
        return m["words"] or m["date"], None, _iso(m["date"])
    if _ISO.match(value):
        return value, None, _iso(value)
    day = dt.date.fromisoformat(doc_date) if doc_date else None
    found = find_deadlines(value, 0, day, field=True)
    if found and found[0].end_date:
        return value, found[0].start_date, found[0].end_date
    if found and day is None:
        raise ValueError(f"完成时限 {value!r} needs the document's date, which is unknown: "
                         "write the date after it, e.g. 年底前（2024-12-31）")
    raise ValueError(f"完成时限 {value!r} is not a date or period this analyzer can read "
                     "(e.g. 2024年底前, 6月底前, 2024-12-31)")


def _iso(value: str) -> str:
    try:
        y, m, d = (int(x) for x in value.split("-"))
        return dt.date(y, m, d).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a calendar date") from None


def check_value(name: str, value: str, doc_date: str | None) -> str | None:
    """A problem with a field value, or None when it can be applied."""
    if name == "text" and not value.strip():
        return "重点任务 is empty"
    if name == "deadlines":
        for part in split_list(value):
            try:
                parse_deadline(part, doc_date)
            except ValueError as err:
                return str(err)
    return None


def same_value(name: str, a: str, b: str, doc_date: str | None) -> bool:
    """Whether two cell texts of field `name` say the same (6月底前 = 6月底前（2024-06-30））."""
    if name == "text":
        return " ".join(a.split()) == " ".join(b.split())
    if name in ("lead", "responsible", "cooperate"):
        return split_units(a) == split_units(b)
    if name == "targets":
        return split_list(a) == split_list(b)
    try:
        return ([parse_deadline(p, doc_date)[::2] for p in split_list(a)]
                == [parse_deadline(p, doc_date)[::2] for p in split_list(b)])
    except ValueError:
        return a.strip() == b.strip()


# ---------------------------------------------------------------------------
# Laying reviews over records
# ---------------------------------------------------------------------------


def with_value(record: TaskRecord, name: str, value: str, doc_text: str | None = None) -> TaskRecord:
    """`record` with field `name` set from its cell text.

    Mentions keep character offsets where the value can be found in the task's
    sentence (in `doc_text`), else (-1, -1). Targets keep their numbers where the
    target grammar reads them.
    """

    raw, value = value, value.strip()  # units read the raw value: its line breaks matter (split_units)
    if name == "text":
        return replace(record, text=value)
    sentence = doc_text[record.start:record.end] if doc_text and 0 <= record.start < record.end else record.text
    base = record.start if doc_text and 0 <= record.start < record.end else None

    def where(part: str) -> tuple[int, int]:
        at = sentence.find(part) if part else -1
        return (base + at, base + at + len(part)) if at >= 0 and base is not None else (-1, -1)

    if name in ("lead", "responsible", "cooperate"):
        kept = [u for u in record.units if u.role != name]
        new = [UnitMention(n, name, False, *where(n), source="review") for n in split_units(raw)]
        return replace(record, units=tuple(kept + new))
    if name == "targets":
        targets = []
        for part in split_list(value):
            read = find_targets(part)
            first = read[0] if len(read) == 1 and read[0].text == part else None
            s, e = where(part)
            targets.append(TargetMention(part, s, e, first.value if first else None,
                                         first.measure if first else None, first.comparator if first else None,
                                         first.indicator if first else None, first.upper if first else None))
        return replace(record, targets=tuple(targets))
    if name == "deadlines":
        deadlines = []
        for part in split_list(value):
            words, start, end = parse_deadline(part, record.doc_date)
            s, e = where(words)
            deadlines.append(DeadlineMention(words, s, e, end, start, "reviewed"))
        return replace(record, deadlines=tuple(deadlines))
    raise KeyError(name)


def added_record(doc_id: str, task_id: str, payload: Mapping[str, Any], doc_date: str | None,
                 doc_date_source: str, doc_text: str | None = None) -> TaskRecord:
    """The record of a task a reviewer added, from the stored payload of the 新增 row."""
    start, end = payload.get("span") or (-1, -1)
    record = TaskRecord(doc_id=doc_id, task_id=task_id, text=payload["text"], start=start, end=end,
                        section=tuple(payload.get("section") or ()), source="review",
                        doc_date=doc_date, doc_date_source=doc_date_source)
    for name in FIELDS[1:]:
        if payload.get(name):
            record = with_value(record, name, payload[name], doc_text)
    return record


def add_payload(decision: Decision) -> str:
    """What a 新增 row stores: the task's fields (and span) as JSON."""
    payload: dict[str, Any] = {k: v for k, v in decision.values.items() if k in FIELDS and v}
    if decision.span:
        payload["span"] = list(decision.span)
    return json.dumps(payload, ensure_ascii=False)


def undone_ids(row: ReviewRow) -> list[int]:
    """The review ids an `undo` row withdraws (stored as a JSON list in its new_value)."""
    try:
        ids = json.loads(row.new_value or "[]")
    except ValueError:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def in_force(reviews: Iterable[ReviewRow]) -> list[ReviewRow]:
    """The rows that count, oldest first: not `undo` rows, and not rows an undo withdrew.

    Read newest first, so an undo that a later undo withdrew withdraws nothing (undoing
    an undo brings its rows back)."""
    ordered = sorted(reviews, key=lambda r: r.review_id)
    withdrawn: set[int] = set()
    for row in reversed(ordered):
        if row.action == "undo" and row.review_id not in withdrawn:
            withdrawn.update(undone_ids(row))
    return [r for r in ordered if r.action != "undo" and r.review_id not in withdrawn]


def apply_reviews(records: Sequence[TaskRecord], reviews: Iterable[ReviewRow],
                  doc_text: str | None = None, keep_deleted: bool = False,
                  doc_date: str | None = None, doc_date_source: str = "none") -> list[ReviewedTask]:
    """The records as reviewed, in document order (added tasks by their offsets).

    The latest review of each (task, field) wins; a 删除 hides a task unless a later
    通过 or 修改 brings it back; withdrawn reviews (撤销) do not count. Reviews that
    could not be placed are ignored (they are listed by `Ledger.unplaced()`). Deleted
    tasks are dropped unless `keep_deleted`. Added tasks read their deadlines against
    `doc_date` (default: the records' date).
    """
    by_task: dict[str, list[ReviewRow]] = {}
    for row in in_force(reviews):
        if row.placed:
            by_task.setdefault(row.task_id, []).append(row)
    if records and doc_date is None:
        doc_date, doc_date_source = records[0].doc_date, records[0].doc_date_source
    out: list[ReviewedTask] = []
    extracted_ids = {r.task_id for r in records}
    for record in records:
        out.append(_reviewed(record, by_task.get(record.task_id, []), doc_text, added=False))
    for task_id, rows in by_task.items():
        if task_id in extracted_ids:
            continue
        add = next((r for r in rows if r.action == "add"), None)
        if add is None:
            continue  # edits of an added task whose 新增 row is gone: nothing to show
        payload = json.loads(add.new_value or "{}")
        record = added_record(add.doc_id, task_id, payload, doc_date, doc_date_source, doc_text)
        later = [r for r in rows if r.review_id > add.review_id]
        reviewed = _reviewed(record, later, doc_text, added=True)
        out.append(replace(reviewed, reviewer=reviewed.reviewer or add.reviewer,
                           reviewed_at=reviewed.reviewed_at or add.reviewed_at))
    out.sort(key=lambda t: (t.record.start if t.record.start >= 0 else 1 << 60, t.record.task_id))
    if not keep_deleted:
        out = [t for t in out if t.status != "deleted"]
    return out


def _reviewed(record: TaskRecord, rows: Sequence[ReviewRow], doc_text: str | None,
              added: bool) -> ReviewedTask:
    if not rows:
        return ReviewedTask(record, "added" if added else "unreviewed")
    fields: dict[str, str] = {}
    state = "added" if added else "unreviewed"
    for row in rows:
        if row.action == "add":
            # a 新增 that a later extraction found by itself: its values are edits
            for name, value in json.loads(row.new_value or "{}").items():
                if name in FIELDS:
                    fields[name] = value
            state = "edited"
        elif row.action == "edit" and row.field:
            fields[row.field] = row.new_value or ""
            if state != "added":
                state = "edited"
        elif row.action == "delete":
            state = "deleted"
        elif row.action == "accept":
            state = "added" if added else ("edited" if fields else "accepted")
    for name in FIELDS:  # text first: later fields find their offsets in the sentence
        if name in fields:
            # validated when stored; a later document date may no longer read it
            with contextlib.suppress(ValueError):
                record = with_value(record, name, fields[name], doc_text)
    last = rows[-1]
    return ReviewedTask(record, state, tuple(n for n in FIELDS if n in fields), last.reviewer, last.reviewed_at)
