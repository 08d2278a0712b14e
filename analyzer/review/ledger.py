"""The review ledger: reviewers' decisions kept beside the extractor's output.

The `reviews` table (schema version 2, see docs/store-schema.md) holds one row per
decision: accept, delete, add, undo (the review ids it withdraws, a JSON list in
new_value), or the change of one field (old → new), with the reviewer, the time,
the channel (`excel`, `web`, `api`) and the task's text and offsets at review time
(the *anchor*). Extracted rows are never changed.

Writing goes through `Ledger.apply()` only — the Excel import and the web page
both call it — which checks every decision first and writes all or nothing.

When a document is extracted again, the store moves its reviews onto the new
records by their anchors (`analyzer.anchors`); reviews it cannot place are kept and
flagged (`placed = false`) for a person to look at.

The rows are read and written through the `Store` (which speaks the SQL); this
module decides what to write.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..store import Store
from .model import (
    ACTIONS,
    FIELDS,
    Decision,
    ReviewedTask,
    ReviewError,
    ReviewRow,
    add_payload,
    apply_reviews,
    cell_text,
    check_value,
    field_value,
    in_force,
    same_value,
)


@dataclass
class ApplyResult:
    """What `Ledger.apply()` wrote."""

    accepted: int = 0
    edited: int = 0  # tasks with at least one changed field
    fields: int = 0  # changed fields
    deleted: int = 0
    added: int = 0
    unchanged: int = 0  # decisions that restated what was already recorded
    undone: int = 0  # 撤销s (each withdraws the rows of one earlier decision)
    added_ids: list[str] = field(default_factory=list)
    existing_ids: list[str] = field(default_factory=list)  # 新增s that matched a task already there
    review_ids: list[int] = field(default_factory=list)  # the rows written, for a later 撤销 of them

    def line(self) -> str:
        undone = f", {self.undone} undone" if self.undone else ""  # only the web page undoes
        return (f"{self.accepted} accepted, {self.edited} edited ({self.fields} fields), "
                f"{self.deleted} deleted, {self.added} added, {self.unchanged} unchanged{undone}")


def rows_from(tuples: Iterable[tuple]) -> list[ReviewRow]:
    return [ReviewRow(*t) for t in tuples]


class Ledger:
    """Reviews of the documents in one store."""

    def __init__(self, store: Store):
        self.store = store

    # --- reading ------------------------------------------------------------
    def has_table(self) -> bool:
        """False only for a version-1 store opened read-only."""
        return self.store.has_reviews_table()

    def rows(self, doc_id: str | None = None) -> list[ReviewRow]:
        """Review rows (of one document), oldest first."""
        return rows_from(self.store.review_rows(doc_id))

    def has_reviews(self, doc_id: str) -> bool:
        """Whether any review names `doc_id` (without a query per document of a batch)."""
        return doc_id in self.store.reviewed_doc_ids()

    def unplaced(self, doc_id: str | None = None) -> list[ReviewRow]:
        """Reviews a re-extraction could not attach to any task."""
        return [r for r in self.rows(doc_id) if not r.placed]

    def reviewed(self, doc_id: str, keep_deleted: bool = False) -> list[ReviewedTask]:
        """The tasks of a document as reviewed (deleted ones only with `keep_deleted`)."""
        rows = self.rows(doc_id) if self.has_reviews(doc_id) else []
        records = self.store.records(doc_id)
        doc = self.store.documents([doc_id]) if rows and not records else []
        return apply_reviews(records, rows, self.store.text(doc_id) if rows else None,
                             keep_deleted=keep_deleted,
                             doc_date=doc[0]["doc_date"] if doc else None,
                             doc_date_source=doc[0]["date_source"] if doc else "none")

    def progress(self) -> dict[str, dict[str, int]]:
        """doc_id → counts of tasks by review status (for lists of documents)."""
        out: dict[str, dict[str, int]] = {}
        for doc_id, n in self.store.task_counts():
            if not self.has_reviews(doc_id):
                out[doc_id] = {"unreviewed": n or 0}
                continue
            counts: dict[str, int] = {}
            for t in self.reviewed(doc_id, keep_deleted=True):
                counts[t.status] = counts.get(t.status, 0) + 1
            out[doc_id] = counts
        return out

    # --- writing ------------------------------------------------------------
    def check(self, decisions: Sequence[Decision]) -> dict[str, dict[str, ReviewedTask]]:
        """Raise ReviewError listing every invalid decision (each with its `where`):
        unknown document or task, unknown action or field, a 新增 without text, an
        unreadable 完成时限. Returns the reviewed tasks of the documents named."""
        by_doc: dict[str, dict[str, ReviewedTask]] = {}
        docs = {d["doc_id"]: d for d in self.store.documents()}
        lengths: dict[str, int | None] = {}
        rows: dict[str, list[ReviewRow]] = {}  # of documents with an undo: what it may withdraw
        problems: list[str] = []
        for d in decisions:
            label = f"{d.where}: " if d.where else ""
            if d.doc_id not in docs:
                problems.append(f"{label}unknown document {d.doc_id!r}")
                continue
            if d.doc_id not in by_doc:
                by_doc[d.doc_id] = {t.task_id: t for t in self.reviewed(d.doc_id, keep_deleted=True)}
                text = self.store.text(d.doc_id)
                lengths[d.doc_id] = len(text) if text is not None else None
            problems += [label + p for p in _problems(d, by_doc[d.doc_id], docs[d.doc_id].get("doc_date"),
                                                      lengths[d.doc_id])]
            if d.action == "undo":
                if d.doc_id not in rows:
                    rows[d.doc_id] = self.rows(d.doc_id)
                problems += [label + p for p in _undo_problems(d, rows[d.doc_id])]
        if problems:
            raise ReviewError(f"{len(problems)} invalid decision(s); nothing was applied", problems)
        return by_doc

    def apply(self, decisions: Sequence[Decision], reviewer: str, via: str = "api",
              at: dt.datetime | None = None, dry_run: bool = False) -> ApplyResult:
        """Check every decision (`check()`), then record them all in one transaction.

        Writes nothing when any decision is invalid, or with `dry_run` (which still
        counts what would be written)."""
        if not reviewer or not reviewer.strip():
            raise ReviewError("a reviewer name is required", ["a reviewer name is required (审核人)"],
                              hint="pass --reviewer NAME")
        by_doc = self.check(decisions)
        writer = _RowWriter(self, reviewer.strip(), at or dt.datetime.now(), via)
        for d in decisions:
            if d.action == "add":
                writer.add(d, by_doc[d.doc_id])
            elif d.action == "undo":
                writer.undo(d)
            else:
                writer.decide(d, by_doc[d.doc_id][d.task_id])
        if not dry_run:
            self.store.insert_reviews(writer.rows)
        return writer.result

    def anchors(self, doc_id: str) -> dict[str, tuple[str, int, int]]:
        """task id → the text and offsets it had when extracted (or added): where to find it again."""
        out = self.store.task_anchors(doc_id)
        for r in self.rows(doc_id):
            if r.anchor_text:
                out[r.task_id] = (r.anchor_text, r.anchor_start, r.anchor_end)
        return out

    def max_added(self, doc_id: str) -> int:
        """The highest n of the added tasks <doc_id>#r<n> so far."""
        prefix = f"{doc_id}#r"
        numbers = [int(t[len(prefix):]) for t in self.store.added_task_ids(doc_id)
                   if t.startswith(prefix) and t[len(prefix):].isdigit()]
        return max(numbers, default=0)


def _problems(d: Decision, tasks: dict[str, ReviewedTask], doc_date: str | None, length: int | None) -> list[str]:
    """What is wrong with one decision about a known document."""
    if d.action not in ACTIONS:
        return [f"unknown action {d.action!r}"]
    out = []
    bad = [k for k in d.values if k not in FIELDS]
    if bad:
        out.append(f"unknown field(s) {', '.join(bad)}")
    if d.action == "add":
        if not (d.values.get("text") or "").strip():
            out.append("新增 row has no 重点任务 text")
    elif not d.task_id:
        out.append("no task id (only a 新增 row may have none)")
    elif d.task_id not in tasks:
        out.append(f"unknown task id {d.task_id!r}")
    for name, value in d.values.items():
        if name in FIELDS and value is not None:
            problem = check_value(name, str(value), doc_date)
            if problem and not (name == "text" and d.action in ("delete", "add")):
                out.append(problem)
    if d.span is not None:
        s, e = d.span
        if not (0 <= s < e) or (length is not None and e > length):
            out.append(f"span {list(d.span)} is not a passage of the document's text")
    return out


def _undo_problems(d: Decision, rows: Sequence[ReviewRow]) -> list[str]:
    """What is wrong with an undo: it must name rows of its task that still count."""
    if d.values or d.span:
        return ["an undo takes no values and no span"]
    if not d.undo:
        return ["an undo names no review ids (the rows of the decision it takes back)"]
    mine = {r.review_id: r for r in rows if r.task_id == d.task_id}
    counting = {r.review_id for r in in_force(rows)}
    out = []
    for review_id in d.undo:
        if review_id not in mine:
            out.append(f"review {review_id} is not a review of task {d.task_id!r}")
        elif mine[review_id].action == "undo":  # the page takes decisions back, not undos
            out.append(f"review {review_id} is itself an undo")
        elif review_id not in counting:
            out.append(f"review {review_id} was already taken back")
    return out


class _RowWriter:
    """The review rows a batch of checked decisions makes, and what they amount to."""

    def __init__(self, ledger: Ledger, reviewer: str, at: dt.datetime, via: str):
        self.ledger, self.reviewer, self.at, self.via = ledger, reviewer, at, via
        self.rows: list[tuple] = []
        self.result = ApplyResult()
        self.next_id = ledger.store.next_review_id()
        self.added_n: dict[str, int] = {}
        self.anchors: dict[str, dict[str, tuple[str, int, int]]] = {}

    def row(self, d: Decision, task_id: str, action: str, fld=None, old=None, new=None,
            anchor: tuple[str, int, int] | None = None) -> None:
        text, s, e = anchor if anchor else ("", -1, -1)
        self.rows.append((self.next_id, d.doc_id, task_id, action, fld, old, new, self.reviewer, self.at, self.via,
                          text, s, e, True))
        self.result.review_ids.append(self.next_id)
        self.next_id += 1

    def anchor(self, d: Decision, task: ReviewedTask | None = None) -> tuple[str, int, int] | None:
        """Where a decided task stands (what a re-extraction finds it by): its first anchor."""
        if d.doc_id not in self.anchors:
            self.anchors[d.doc_id] = self.ledger.anchors(d.doc_id)
        found = self.anchors[d.doc_id].get(d.task_id or "")
        if found or task is None:
            return found
        return (task.record.text, task.record.start, task.record.end)

    def add(self, d: Decision, tasks: dict[str, ReviewedTask]) -> None:
        """A 新增: a task of its own, unless the same task is there already (a workbook imported twice)."""
        key = " ".join((d.values.get("text") or "").split())
        same = next((t for t in tasks.values()
                     if " ".join(t.record.text.split()) == key and t.status != "deleted"), None)
        if same is not None:
            self.result.unchanged += 1
            self.result.existing_ids.append(same.task_id)
            return
        n = self.added_n.get(d.doc_id) or self.ledger.max_added(d.doc_id)
        self.added_n[d.doc_id] = n + 1
        task_id = f"{d.doc_id}#r{n + 1}"
        s, e = d.span or (-1, -1)
        self.row(d, task_id, "add", new=add_payload(d), anchor=(d.values["text"].strip(), s, e))
        self.result.added += 1
        self.result.added_ids.append(task_id)

    def decide(self, d: Decision, task: ReviewedTask) -> None:
        """An accept, edit or delete of a known task: a row per changed field, then the action."""
        record = task.record
        anchor = self.anchor(d, task)
        changed = 0
        if d.action != "delete":
            for name in FIELDS:
                if name in d.values and d.values[name] is not None:
                    old, new = field_value(record, name), cell_text(name, str(d.values[name]))
                    if not same_value(name, old, new, record.doc_date):
                        self.row(d, d.task_id, "edit", name, old, new, anchor)
                        changed += 1
        if changed:
            self.result.edited += 1
            self.result.fields += changed
        if d.action == "delete":
            if task.status == "deleted":
                self.result.unchanged += 1
            else:
                self.row(d, d.task_id, "delete", anchor=anchor)
                self.result.deleted += 1
        elif not changed:
            if task.status in ("accepted", "edited", "added") and task.reviewed_at is not None:
                self.result.unchanged += 1
            else:
                self.row(d, d.task_id, "accept", anchor=anchor)
                self.result.accepted += 1

    def undo(self, d: Decision) -> None:
        """A 撤销: one row naming the review ids it withdraws (checked to be rows of this task)."""
        self.row(d, d.task_id, "undo", new=json.dumps(list(d.undo)), anchor=self.anchor(d))
        self.result.undone += 1
