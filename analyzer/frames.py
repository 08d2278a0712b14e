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


_TASKS = """
SELECT t.task_id, t.doc_id, t.seq, t.text, t.obligation, t.section, t.point, t.source,
       t.start_offset, t.end_offset, d.title AS doc_title, d.doc_date,
       (SELECT list(u.name ORDER BY u.seq) FROM units u WHERE u.task_id = t.task_id AND u.role = 'lead') AS lead,
       (SELECT list(u.name ORDER BY u.seq) FROM units u WHERE u.task_id = t.task_id AND u.role = 'responsible') AS responsible,
       (SELECT list(u.name ORDER BY u.seq) FROM units u WHERE u.task_id = t.task_id AND u.role = 'cooperate') AS cooperate,
       (SELECT list(g.text ORDER BY g.seq) FROM targets g WHERE g.task_id = t.task_id) AS targets,
       (SELECT list(x.text ORDER BY x.seq) FROM deadlines x WHERE x.task_id = t.task_id) AS deadlines,
       (SELECT min(x.end_date) FROM deadlines x WHERE x.task_id = t.task_id) AS first_deadline
FROM tasks t JOIN documents d USING (doc_id)
ORDER BY d.doc_date NULLS LAST, t.doc_id, t.seq
"""


def load_records(db: str | Path):
    """One row per task: text, obligation, section, units by role, targets, deadlines (lists)."""
    from .store import Store

    with Store(db, read_only=True) as store:
        return store.frame(_TASKS)


def load_frames(db: str | Path) -> Frames:
    """The tasks frame of `load_records` and one tidy frame per kind of mention."""
    from .store import Store

    from .units_canonical import UnitNames

    with Store(db, read_only=True) as store:
        units = store.frame("SELECT * FROM units ORDER BY task_id, seq")
        names = UnitNames()
        # the surface form stays in `name`; `canonical` is one name per body, for counting
        units["canonical"] = [names.canonical(n) for n in units["name"]]
        units["level"] = [names.level(n) for n in units["name"]]
        return Frames(
            tasks=store.frame(_TASKS),
            units=units,
            targets=store.frame("SELECT * FROM targets ORDER BY task_id, seq"),
            deadlines=store.frame("SELECT * FROM deadlines ORDER BY task_id, seq"),
            documents=store.frame("SELECT * EXCLUDE (metadata), CAST(metadata AS VARCHAR) AS metadata "
                                  "FROM documents ORDER BY doc_date NULLS LAST, doc_id"),
            errors=store.frame("SELECT * FROM errors ORDER BY failed_at"),
            reviews=(store.frame("SELECT * FROM reviews ORDER BY review_id") if store.ledger().has_table()
                     else None),
        )


def load_reviewed(db: str | Path):
    """One row per task as reviewed — reviewers' values, deleted tasks left out, added
    ones in — with `review_status`, `reviewed_fields`, `reviewer` and `reviewed_at`;
    the columns of `load_records` otherwise (units by role, targets, deadlines as lists)."""
    import pandas as pd

    from .store import Store

    rows = []
    with Store(db, read_only=True) as store:
        ledger = store.ledger()
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
