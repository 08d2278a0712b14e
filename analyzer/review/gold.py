"""Reviewed documents as gold files (spec §5), so `evaluate` can score the extractor on them.

For each document every task of which has been reviewed (or, with `partial`, any
document with at least one review), write `<name>.txt` (the normalised text the
offsets refer to) and `<name>.json` (`doc_id`, `doc_date`, `tasks` with `text`,
`units`, `inherited_units`, `targets`, `deadlines: [{text, end}]`) from the tasks as
reviewed: deleted tasks left out, added ones in. `<name>` is the document id with
`/` written as `__` (ids of files below a folder); the JSON keeps the real id.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..records import TaskRecord
from .ledger import Ledger


@dataclass
class GoldExport:
    written: list[str] = field(default_factory=list)  # document ids
    skipped: dict[str, str] = field(default_factory=dict)  # document id → why


def gold_file_stem(doc_id: str) -> str:
    return doc_id.replace("/", "__").replace("\\", "__")


def gold_task(r: TaskRecord) -> dict:
    """One task in the gold format."""
    return {
        "text": r.text,
        "units": [u.name for u in r.units if not u.inherited],
        "inherited_units": [u.name for u in r.units if u.inherited],
        "targets": [t.text for t in r.targets],
        "deadlines": [{"text": d.text, "end": d.end_date} for d in r.deadlines],
    }


def export_gold(store, out_dir: str | Path, doc_ids: Sequence[str] = (), partial: bool = False) -> GoldExport:
    """Write the reviewed documents of `store` (ids or glob patterns; all when empty) to `out_dir`."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ledger = Ledger(store)
    result = GoldExport()
    for doc in store.documents(store.doc_ids(tuple(doc_ids))):
        doc_id = doc["doc_id"]
        tasks = ledger.reviewed(doc_id, keep_deleted=True)
        pending = sum(t.status == "unreviewed" for t in tasks)
        if pending == len(tasks):
            result.skipped[doc_id] = "not reviewed"
            continue
        if pending and not partial:
            result.skipped[doc_id] = f"{pending} of {len(tasks)} tasks not reviewed yet"
            continue
        text = store.text(doc_id)
        if text is None:
            result.skipped[doc_id] = "its text is not in the store (a file read in chunks)"
            continue
        stem = gold_file_stem(doc_id)
        (out / f"{stem}.txt").write_text(text, encoding="utf-8")
        gold = {"doc_id": doc_id, "doc_date": doc.get("doc_date"),
                "tasks": [gold_task(t.record) for t in tasks if t.status != "deleted"]}
        (out / f"{stem}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        result.written.append(doc_id)
    return result
