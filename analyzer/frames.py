"""The store as pandas DataFrames, for notebooks: one row per task, and tidy companions.

    >>> import analyzer
    >>> tasks = analyzer.load_records("tasks.duckdb")          # one row per task
    >>> f = analyzer.load_frames("tasks.duckdb")                # tasks, units, targets, deadlines, documents, errors
    >>> f.units[f.units.role == "lead"].name.value_counts()
    >>> reviewed = analyzer.load_reviewed("tasks.duckdb")      # as reviewers left them, with status
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .review.ledger import Ledger
from .store import Store
from .units_canonical import UnitNames


@dataclass
class Frames:
    """Tidy tables of a store; join them on `task_id` (and `doc_id`)."""

    tasks: Any
    units: Any
    targets: Any
    deadlines: Any
    documents: Any
    errors: Any
    reviews: Any = None  # the review ledger: who decided what, old → new


def load_records(db: str | Path):
    """One row per task: text, obligation, section, units by role, targets, deadlines (lists)."""

    with Store(db, read_only=True) as store:
        return store.task_frame()


def load_frames(db: str | Path) -> Frames:
    """The tasks frame of `load_records` and one tidy frame per kind of mention."""

    with Store(db, read_only=True) as store:
        units = store.table_frame("units")
        names = UnitNames()
        # the surface form stays in `name`; `canonical` is one name per body, for counting
        units["canonical"] = [names.canonical(n) for n in units["name"]]
        units["level"] = [names.level(n) for n in units["name"]]
        return Frames(tasks=store.task_frame(), units=units, targets=store.table_frame("targets"),
                      deadlines=store.table_frame("deadlines"), documents=store.table_frame("documents"),
                      errors=store.table_frame("errors"), reviews=store.table_frame("reviews"))


def load_reviewed(db: str | Path):
    """One row per task as reviewed — reviewers' values, deleted tasks left out, added
    ones in — with `review_status`, `reviewed_fields`, `reviewer` and `reviewed_at`;
    the columns of `load_records` otherwise (units by role, targets, deadlines as lists)."""
    import pandas as pd


    rows = []
    with Store(db, read_only=True) as store:
        ledger = Ledger(store)
        for doc in store.documents(store.doc_ids()):
            for t in ledger.reviewed(doc["doc_id"]):
                r = t.record
                ends = [d.end_date for d in r.deadlines if d.end_date]
                rows.append({
                    "task_id": r.task_id, "doc_id": r.doc_id, "text": r.text, "obligation": r.obligation,
                    "section": list(r.section), "point": r.point, "source": r.source,
                    "start_offset": r.start, "end_offset": r.end, "doc_title": doc.get("title"),
                    "doc_date": doc.get("doc_date"),
                    **{role: [u.name for u in r.units if u.role == role] for role in ("lead", "responsible", "cooperate")},
                    "targets": [g.text for g in r.targets], "deadlines": [d.text for d in r.deadlines],
                    "first_deadline": min(ends) if ends else None,
                    "review_status": t.status, "reviewed_fields": list(t.reviewed_fields),
                    "reviewer": t.reviewer, "reviewed_at": t.reviewed_at,
                })
    return pd.DataFrame(rows)
