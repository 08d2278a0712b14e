"""Where a reviewed task is found again after its document is extracted anew.

A review row keeps its task's text and offsets when reviewed (the anchor). When the extractor runs again — a new
version, or `--force` — `match_anchors()` finds each anchor's task among the new records: the same text at the same
place, else the same text nearest its old place, else the most similar text (≥ `PLACE_THRESHOLD`, the scorer's own
threshold for "the same task"), one to one. The store applies it inside the write of the new records, so reviews
are never left behind.
"""
from __future__ import annotations

from collections.abc import Sequence

from .records import TaskRecord
from .textsim import similarity, squash

PLACE_THRESHOLD = 0.6


def match_anchors(anchors: dict[str, tuple[str, int, int]], records: Sequence[TaskRecord]
                  ) -> dict[str, str]:
    """old task id → new task id, one to one: same text and place first, then the same
    text nearest its old place, then the most similar text (≥ PLACE_THRESHOLD, nearest
    first on ties)."""
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
