"""The review ledger: reviewers' decisions kept beside the extractor's output (SQL).

The `reviews` table (schema version 2, see docs/store-schema.md) holds one row per
decision: accept, delete, add, or the change of one field (old → new), with the
reviewer, the time, the channel (`excel`, `web`, `api`) and the task's text and
offsets at review time (the *anchor*). Extracted rows are never changed.

Writing goes through `Ledger.apply()` only — the Excel import and the web page
both call it — which checks every decision first and writes all or nothing.

When a document is extracted again (`Store.put()`), `place()` finds each reviewed
task among the new records by its anchor (same text and place, same text, or a
similar text nearby) and moves its reviews there; reviews it cannot place are kept
and flagged (`placed = false`) for a person to look at.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Optional, Sequence

from ..records import TaskRecord
from .model import (ACTIONS, FIELDS, Decision, ReviewedTask, ReviewError, ReviewRow, add_payload,
                    apply_reviews, check_value, field_value, same_value)

if TYPE_CHECKING:
    from ..store import Store

REVIEWS_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    review_id BIGINT NOT NULL,   -- increasing: later rows win
    doc_id VARCHAR NOT NULL,
    task_id VARCHAR NOT NULL,    -- an extracted task, or <doc_id>#r<n> for an added one
    action VARCHAR NOT NULL,     -- accept | edit | delete | add
    field VARCHAR,               -- for edit: text | lead | responsible | cooperate | targets | deadlines
    old_value VARCHAR,           -- the value the reviewer saw
    new_value VARCHAR,           -- the value they set (for add: the task as JSON)
    reviewer VARCHAR NOT NULL,
    reviewed_at TIMESTAMP NOT NULL,
    via VARCHAR,                 -- excel | web | api
    anchor_text VARCHAR,         -- the task's text when reviewed (found again after re-extraction)
    anchor_start INTEGER,
    anchor_end INTEGER,
    placed BOOLEAN NOT NULL      -- false: a re-extraction could not find the task
);
"""

# similarity (bigram Dice of the squashed texts) a re-extracted task needs to take
# over the reviews of an old one: the scorer's own threshold for "the same task"
PLACE_THRESHOLD = 0.6

_PARKED = "parked\t"  # prefix of ids while a re-extraction moves reviews (no id holds a tab)

_COLUMNS = ("review_id", "doc_id", "task_id", "action", "field", "old_value", "new_value", "reviewer",
            "reviewed_at", "via", "anchor_text", "anchor_start", "anchor_end", "placed")


@dataclass
class ApplyResult:
    """What `Ledger.apply()` wrote."""

    accepted: int = 0
    edited: int = 0  # tasks with at least one changed field
    fields: int = 0  # changed fields
    deleted: int = 0
    added: int = 0
    unchanged: int = 0  # decisions that restated what was already recorded
    added_ids: list[str] = field(default_factory=list)
    existing_ids: list[str] = field(default_factory=list)  # 新增s that matched a task already there

    def line(self) -> str:
        return (f"{self.accepted} accepted, {self.edited} edited ({self.fields} fields), "
                f"{self.deleted} deleted, {self.added} added, {self.unchanged} unchanged")


def rows_from(tuples: Iterable[tuple]) -> list[ReviewRow]:
    return [ReviewRow(*t) for t in tuples]


class Ledger:
    """Reviews of the documents in one store."""

    def __init__(self, store: "Store"):
        self.store = store
        self.con = store.con
        self._has_table: Optional[bool] = None
        self._reviewed_docs: Optional[set[str]] = None  # documents with review rows (asked once)

    # --- reading ------------------------------------------------------------
    def has_table(self) -> bool:
        """False only for a version-1 store opened read-only (asked once: `put()` calls
        `place()` for every document of a batch)."""
        if self._has_table is None:
            self._has_table = bool(self.con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'reviews'").fetchone()[0])
        return self._has_table

    def rows(self, doc_id: Optional[str] = None) -> list[ReviewRow]:
        """Review rows (of one document), oldest first."""
        if not self.has_table():
            return []  # a version-1 store opened read-only
        where, args = ("WHERE doc_id = ?", [doc_id]) if doc_id else ("", [])
        return rows_from(self.con.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM reviews {where} ORDER BY review_id", args).fetchall())

    def has_reviews(self, doc_id: str) -> bool:
        """Whether any review names `doc_id` (without a query per document of a batch)."""
        if self._reviewed_docs is None:
            self._reviewed_docs = ({r[0] for r in self.con.execute("SELECT DISTINCT doc_id FROM reviews").fetchall()}
                                   if self.has_table() else set())
        return doc_id in self._reviewed_docs

    def unplaced(self, doc_id: Optional[str] = None) -> list[ReviewRow]:
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
        for doc_id, n in self.con.execute("SELECT doc_id, n_tasks FROM documents ORDER BY doc_id").fetchall():
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
        problems: list[str] = []
        lengths: dict[str, Optional[int]] = {}
        for d in decisions:
            label = f"{d.where}: " if d.where else ""
            if d.doc_id not in docs:
                problems.append(f"{label}unknown document {d.doc_id!r}")
                continue
            if d.doc_id not in by_doc:
                by_doc[d.doc_id] = {t.task_id: t for t in self.reviewed(d.doc_id, keep_deleted=True)}
            if d.action not in ACTIONS:
                problems.append(f"{label}unknown action {d.action!r}")
                continue
            bad = [k for k in d.values if k not in FIELDS]
            if bad:
                problems.append(f"{label}unknown field(s) {', '.join(bad)}")
            if d.action == "add":
                if not (d.values.get("text") or "").strip():
                    problems.append(f"{label}新增 row has no 重点任务 text")
            elif not d.task_id:
                problems.append(f"{label}no task id (only a 新增 row may have none)")
            elif d.task_id not in by_doc[d.doc_id]:
                problems.append(f"{label}unknown task id {d.task_id!r}")
            doc_date = docs[d.doc_id].get("doc_date")
            for name, value in d.values.items():
                if name in FIELDS and value is not None:
                    problem = check_value(name, str(value), doc_date)
                    if problem and not (name == "text" and d.action in ("delete", "add")):
                        problems.append(f"{label}{problem}")
            if d.span is not None:
                s, e = d.span
                if d.doc_id not in lengths:
                    text = self.store.text(d.doc_id)
                    lengths[d.doc_id] = len(text) if text is not None else None
                if not (0 <= s < e) or (lengths[d.doc_id] is not None and e > lengths[d.doc_id]):
                    problems.append(f"{label}span {list(d.span)} is not a passage of the document's text")
        if problems:
            raise ReviewError(f"{len(problems)} invalid decision(s); nothing was applied", problems)
        return by_doc

    def apply(self, decisions: Sequence[Decision], reviewer: str, via: str = "api",
              at: Optional[dt.datetime] = None, dry_run: bool = False) -> ApplyResult:
        """Check every decision (`check()`), then record them all in one transaction.

        Writes nothing when any decision is invalid, or with `dry_run` (which still
        counts what would be written)."""
        if not reviewer or not reviewer.strip():
            raise ReviewError("a reviewer name is required", ["a reviewer name is required (审核人)"],
                              hint="pass --reviewer NAME")
        at = at or dt.datetime.now()
        by_doc = self.check(decisions)

        rows: list[tuple] = []
        result = ApplyResult()
        next_id = self._next_review_id()
        added_n: dict[str, int] = {}
        anchors: dict[str, dict[str, tuple[str, int, int]]] = {}

        def row(d: Decision, task_id: str, action: str, fld=None, old=None, new=None,
                anchor: Optional[tuple[str, int, int]] = None) -> None:
            nonlocal next_id
            text, s, e = anchor if anchor else ("", -1, -1)
            rows.append((next_id, d.doc_id, task_id, action, fld, old, new, reviewer.strip(), at, via,
                         text, s, e, True))
            next_id += 1

        for d in decisions:
            tasks = by_doc[d.doc_id]
            if d.action == "add":
                key = " ".join((d.values.get("text") or "").split())
                same = next((t for t in tasks.values()
                             if " ".join(t.record.text.split()) == key and t.status != "deleted"), None)
                if same is not None:
                    result.unchanged += 1  # the same task again (a workbook imported twice)
                    result.existing_ids.append(same.task_id)
                    continue
                n = added_n.get(d.doc_id) or self._max_added(d.doc_id)
                added_n[d.doc_id] = n + 1
                task_id = f"{d.doc_id}#r{n + 1}"
                s, e = d.span or (-1, -1)
                row(d, task_id, "add", new=add_payload(d), anchor=(d.values["text"].strip(), s, e))
                result.added += 1
                result.added_ids.append(task_id)
                continue
            task = tasks[d.task_id]
            if d.doc_id not in anchors:
                anchors[d.doc_id] = self._anchors(d.doc_id)
            record = task.record
            anchor = anchors[d.doc_id].get(d.task_id) or (record.text, record.start, record.end)
            changed = 0
            if d.action != "delete":
                for name in FIELDS:
                    if name in d.values and d.values[name] is not None:
                        old = field_value(task.record, name)
                        new = str(d.values[name]).strip()
                        if not same_value(name, old, new, task.record.doc_date):
                            row(d, d.task_id, "edit", name, old, new, anchor)
                            changed += 1
            if changed:
                result.edited += 1
                result.fields += changed
            if d.action == "delete":
                if task.status == "deleted":
                    result.unchanged += 1
                else:
                    row(d, d.task_id, "delete", anchor=anchor)
                    result.deleted += 1
            elif not changed:
                if task.status in ("accepted", "edited", "added") and task.reviewed_at is not None:
                    result.unchanged += 1
                else:
                    row(d, d.task_id, "accept", anchor=anchor)
                    result.accepted += 1
        if not dry_run:
            self._insert(rows)
        return result

    def _anchors(self, doc_id: str) -> dict[str, tuple[str, int, int]]:
        """task id → the text and offsets it had when extracted (or added): where to find it again."""
        out = {t: (text, s, e) for t, text, s, e in self.con.execute(
            "SELECT task_id, text, start_offset, end_offset FROM tasks WHERE doc_id = ?", [doc_id]).fetchall()}
        for r in self.rows(doc_id):
            if r.anchor_text:
                out[r.task_id] = (r.anchor_text, r.anchor_start, r.anchor_end)
        return out

    def _next_review_id(self) -> int:
        return (self.con.execute("SELECT max(review_id) FROM reviews").fetchone()[0] or 0) + 1

    def _max_added(self, doc_id: str) -> int:
        prefix = f"{doc_id}#r"
        ids = self.con.execute("SELECT DISTINCT task_id FROM reviews WHERE doc_id = ? AND action = 'add'",
                               [doc_id]).fetchall()
        numbers = [int(t[len(prefix):]) for (t,) in ids if t.startswith(prefix) and t[len(prefix):].isdigit()]
        return max(numbers, default=0)

    def _insert(self, rows: list[tuple]) -> None:
        if not rows:
            return
        con = self.con
        if self._reviewed_docs is not None:
            self._reviewed_docs.update(r[1] for r in rows)
        con.execute("BEGIN TRANSACTION")
        try:
            con.executemany(f"INSERT INTO reviews ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                            rows)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    # --- re-extraction ------------------------------------------------------
    def place(self, doc_id: str, records: Sequence[TaskRecord]) -> tuple[int, int]:
        """Move a document's reviews onto its newly extracted `records`.

        Runs inside `Store.put()`'s transaction. Returns (placed, unplaced) counts of
        reviewed tasks.
        """
        if not self.has_reviews(doc_id):
            return 0, 0
        rows = self.rows(doc_id)
        groups: dict[str, list[ReviewRow]] = {}
        for r in rows:
            groups.setdefault(r.task_id, []).append(r)
        anchors = {}
        for task_id, group in groups.items():
            first = next((r for r in group if r.anchor_text), None)
            if first is not None:
                anchors[task_id] = (first.anchor_text, first.anchor_start, first.anchor_end)
        added = {t for t, g in groups.items() if any(r.action == "add" for r in g)}
        moves = match_anchors(anchors, records)
        by_id = {r.task_id: r for r in records}
        # old and new ids overlap (doc#5 may become doc#6 while doc#r1 becomes doc#5):
        # park every row under a temporary id first
        self.con.execute("UPDATE reviews SET task_id = ? || task_id WHERE doc_id = ?", [_PARKED, doc_id])
        placed = unplaced = 0
        for task_id in groups:
            parked = _PARKED + task_id
            target = moves.get(task_id)
            if target is not None:
                new = by_id[target]
                self.con.execute(
                    "UPDATE reviews SET task_id = ?, anchor_text = ?, anchor_start = ?, anchor_end = ?, "
                    "placed = true WHERE doc_id = ? AND task_id = ?",
                    [target, new.text, new.start, new.end, doc_id, parked])
                placed += 1
            else:
                # an added task the extractor still does not find stays an added task;
                # a reviewed extracted task that is gone is flagged for a person
                self.con.execute("UPDATE reviews SET task_id = ?, placed = ? WHERE doc_id = ? AND task_id = ?",
                                 [task_id, task_id in added, doc_id, parked])
                placed += task_id in added
                unplaced += task_id not in added
        return placed, unplaced


def match_anchors(anchors: dict[str, tuple[str, int, int]], records: Sequence[TaskRecord]
                  ) -> dict[str, str]:
    """old task id → new task id, one to one: same text and place first, then the same
    text nearest its old place, then the most similar text (≥ PLACE_THRESHOLD, nearest
    first on ties)."""
    from ..evaluate import similarity, squash

    squashed = [squash(r.text) for r in records]
    scored = []
    for old_id, (text, start, _end) in anchors.items():
        key = squash(text)
        for k, r in enumerate(records):
            if r.text == text and r.start == start:
                rank = 3.0
            elif squashed[k] == key:
                rank = 2.0
            else:
                sim = similarity(text, r.text)
                if sim < PLACE_THRESHOLD:
                    continue
                rank = sim
            distance = abs(r.start - start) if start >= 0 and r.start >= 0 else 1 << 30
            scored.append((-rank, distance, old_id, r.task_id))
    scored.sort()
    moves: dict[str, str] = {}
    taken: set[str] = set()
    for _, _, old_id, new_id in scored:
        if old_id in moves or new_id in taken:
            continue
        moves[old_id] = new_id
        taken.add(new_id)
    return moves
