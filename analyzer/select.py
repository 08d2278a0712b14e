"""Choosing documents to compare: files (extracted on the fly), ids in the store, selectors.

A side of a comparison is one or more of: a file path (extracted now), a document
id or glob pattern in the store (`2019`, `gwr-*`), several joined by commas, or
`--left-where`/`--right-where` selectors over the store's documents:
`year=2023` (the document date's year, or a `year` metadata field), `doc_id=…`,
`title~=决议` (contains), any metadata field `field=value`; several selectors must all hold.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from .errors import UsageError
from .pipeline import analyze_file
from .records import TaskRecord

_SELECTOR = re.compile(r"^\s*(?P<field>[\w.]+)\s*(?P<op>~=|=|!=)\s*(?P<value>.*?)\s*$")


def parse_selector(text: str) -> tuple[str, str, str]:
    m = _SELECTOR.match(text)
    if not m:
        raise UsageError(f"not a selector: {text!r}", hint="write field=value, field!=value or field~=part")
    return m["field"], m["op"], m["value"]


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
    return value in have


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
