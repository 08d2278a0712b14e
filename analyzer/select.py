"""Choosing documents to compare: files (extracted on the fly), ids in the store, selectors.

A side of a comparison is one or more of: a file path (extracted now), a document
id or glob pattern in the store (`2019`, `gwr-*`), several joined by commas, or
`--left-where`/`--right-where` selectors over the store's documents:
`year=2023` (the document date's year, or a `year` metadata field), `doc_id=…`,
`title~=决议` (contains), ranges `year>=2013`, `doc_date<2020-01-01`, any metadata field
`field=value`; several selectors must all hold.

A series (`series_documents`) takes documents of one kind — by default the most common kind among
those selected, so the NPC 决议 do not interleave with the 政府工作报告 — and leaves out, with a note
naming them and the fix, documents without a date.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .pipeline import analyze_file
from .records import TaskRecord

_SELECTOR = re.compile(r"^\s*(?P<field>[\w.]+)\s*(?P<op>~=|>=|<=|!=|=|>|<)\s*(?P<value>.*?)\s*$")


def parse_selector(text: str) -> tuple[str, str, str]:
    m = _SELECTOR.match(text)
    if not m:
        raise UsageError(f"not a selector: {text!r}",
                         hint="write field=value, field!=value, field~=part or a range: year>=2013, year<2020")
    return m["field"], m["op"], m["value"]


def _ordered(have: str, value: str) -> tuple:
    """Values compared in a range: as numbers when both are numbers (year>=2013), else as text (dates)."""
    try:
        return float(have), float(value)
    except ValueError:
        return have, value


def _matches(doc: dict, field: str, op: str, value: str) -> bool:
    if field == "year":
        have = (doc.get("doc_date") or "")[:4] or str((doc.get("metadata") or {}).get("year") or "")
    elif field in doc:
        have = "" if doc[field] is None else str(doc[field])
    else:
        have = str((doc.get("metadata") or {}).get(field, ""))
    if op == "=":
        return have == value
    if op == "!=":
        return have != value
    if op == "~=":
        return value in have
    if not have:  # a range never holds a document without the field
        return False
    a, b = _ordered(have, value)
    return {">=": a >= b, "<=": a <= b, ">": a > b, "<": a < b}[op]


def select_documents(store, where: Sequence[str]) -> list[str]:
    """Ids of stored documents that pass every selector, in date order."""
    tests = [parse_selector(w) for w in where]
    docs = store.documents(store.doc_ids())
    return [d["doc_id"] for d in docs if all(_matches(d, *t) for t in tests)]


def resolve_side(spec: str | None, where: Sequence[str], store, date: str | None = None
                 ) -> tuple[str, list[TaskRecord]]:
    """(label, records) of one side of a comparison."""

    records: list[TaskRecord] = []
    labels: list[str] = []
    if where:
        if store is None:
            raise UsageError("selectors need a store", hint="add --db FILE")
        ids = select_documents(store, where)
        if not ids:
            raise UsageError(f"no stored document matches {' and '.join(where)}")
        for i in ids:
            records.extend(store.records(i))
        labels.append(" & ".join(where))
    for part in [p for p in (spec or "").split(",") if p]:
        path = Path(part)
        if path.is_file():
            records.extend(analyze_file(path, date=date).records)
            labels.append(path.stem)
            continue
        if store is None:
            raise UsageError(f"no such file: {part}", hint="to name stored documents, add --db FILE")
        ids = store.doc_ids(docs=(part,))
        if not ids:
            raise UsageError(f"no such file, and no stored document '{part}'")
        for i in ids:
            records.extend(store.records(i))
        labels.append(part)
    if not labels:
        raise UsageError("nothing to compare on one side", hint="name documents or give --left-where/--right-where")
    return " + ".join(labels), records


def group_by(store, ids: Sequence[str], key: str = "document") -> list[tuple[str, list[TaskRecord]]]:
    """Stored documents in date order as series steps: one per document, or per year."""
    docs = store.documents(list(ids))
    groups: dict[str, list[TaskRecord]] = {}
    for d in docs:
        label = d["doc_id"] if key == "document" else ((d.get("doc_date") or "")[:4] or d["doc_id"])
        groups.setdefault(label, []).extend(store.records(d["doc_id"]))
    return list(groups.items())


@dataclass
class SeriesChoice:
    doc_ids: list[str]
    notes: list[str] = field(default_factory=list)  # what was left out and why, for standard error


def series_documents(store, where: Sequence[str] = (), kinds: Sequence[str] = ()) -> SeriesChoice:
    """The documents of a series, in date order: selected, of one kind, dated."""
    from collections import Counter

    docs = store.documents(select_documents(store, where))
    notes: list[str] = []
    wanted = {k for k in kinds if k != "all"}
    if not kinds:
        by_kind = Counter(d.get("kind") or "other" for d in docs)
        if len(by_kind) > 1:
            keep, _ = by_kind.most_common(1)[0]
            wanted = {keep}
            others = "，".join(f"{k} {n} 份" for k, n in by_kind.items() if k != keep)
            notes.append(f"系列只取 {keep} 类文件（{by_kind[keep]} 份）；未取：{others}。"
                         f"要其他类，加 --kind KIND（或 --kind all）")
    if wanted:
        docs = [d for d in docs if (d.get("kind") or "other") in wanted]
    undated = [d["doc_id"] for d in docs if not d.get("doc_date")]
    if undated:
        shown = "、".join(undated[:5]) + ("等" if len(undated) > 5 else "")
        notes.append(f"{len(undated)} 份文件没有日期，未排入系列：{shown}。"
                     "提取时用 --date-field FIELD（JSON Lines 的日期字段）或 --date 给出日期")
    return SeriesChoice([d["doc_id"] for d in docs if d.get("doc_date")], notes)
