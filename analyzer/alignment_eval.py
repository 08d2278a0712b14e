"""Scoring the aligner against a hand alignment (corpora/alignment/*.json).

The gold file lists the in-scope tasks of both sides by text and how an analyst
paired them (continued, split, merged; the rest dropped or new). The aligner runs
on exactly those texts, so the score measures alignment, not extraction. A
predicted pair (left task, right task) is correct when the gold puts both in one
pair or one split/merge group; precision = correct predicted pairs / predicted
pairs, recall = gold pairs found / gold pairs (a split of one into three counts
three pairs).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .compare import AlignOptions, align
from .records import TaskRecord


def _record(doc: str, tid: str, text: str, section=()) -> TaskRecord:
    return TaskRecord(doc_id=doc, task_id=tid, text=text, start=-1, end=-1, section=tuple(section))


DEFAULT_OPTIONS = AlignOptions()


def evaluate(gold_path: str | Path, options: AlignOptions = DEFAULT_OPTIONS) -> dict[str, Any]:
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    texts = gold["texts"]  # task_id → text, both sides
    left_ids = [t for t in gold["left_tasks"]]
    right_ids = [t for t in gold["right_tasks"]]
    sections = gold.get("sections", {})
    left = [_record(gold["left"], t, texts[t], sections.get(t, ())) for t in left_ids]
    right = [_record(gold["right"], t, texts[t], sections.get(t, ())) for t in right_ids]
    gold_pairs = set()
    for p in gold["pairs"]:
        for a in p["left"]:
            for b in p["right"]:
                gold_pairs.add((a, b))
    rows = align(left, right, options)
    predicted = set()
    for row in rows:
        for a in row.left:
            for b in row.right:
                predicted.add((a.task_id, b.task_id))
    correct = predicted & gold_pairs
    p = len(correct) / len(predicted) if predicted else 0.0
    r = len(correct) / len(gold_pairs) if gold_pairs else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"gold": str(gold_path), "left_tasks": len(left), "right_tasks": len(right),
            "gold_pairs": len(gold_pairs), "predicted_pairs": len(predicted), "correct": len(correct),
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "threshold": options.threshold, "split_threshold": options.split_threshold}


def format_result(r: dict[str, Any]) -> str:
    return (f"{r['gold']}: {r['left_tasks']} × {r['right_tasks']} tasks, {r['gold_pairs']} gold pairs\n"
            f"precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}  "
            f"({r['correct']} of {r['predicted_pairs']} predicted pairs correct; threshold {r['threshold']})")
