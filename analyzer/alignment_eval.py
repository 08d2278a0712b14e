"""Scoring the aligner against hand alignments (corpora/alignment/*.json), and training it on them.

A gold file lists the in-scope tasks of both sides by text and how an analyst paired them (continued,
split, merged; the rest dropped or new). The aligner runs on exactly those texts, so the score measures
alignment, not extraction. A predicted pair (left task, right task) is correct when the gold puts both in
one pair or one split/merge group; precision = correct predicted pairs / predicted pairs, recall = gold
pairs found / gold pairs (a split of one into three counts three pairs).

Two figures per gold:
- **shipped**: the model in resources/aligner.json (trained on every gold — so on this one too: an
  optimistic figure, shown for checking only);
- **left out** (leave-one-gold-out): a model trained on all the other golds, levels calibrated on them,
  scored on this one. This is the figure to quote for documents the aligner has not seen.
Each also says how the wrong pairs fall about the 待核 (to check) level.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .aligner import AlignmentExample, PairModel, decide_groups, example_rows, fit, group_pairs, pair_scores
from .errors import GoldError
from .segment import Segmenter
from .vectors import WordVectors

GOLD_DIR = Path(__file__).resolve().parents[1] / "corpora" / "alignment"


def load_example(path: str | Path) -> AlignmentExample:
    """A hand alignment as texts and index pairs; a clear error for a malformed file."""
    path = Path(path)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
        texts, sections = gold["texts"], gold.get("sections", {})
        left, right = list(gold["left_tasks"]), list(gold["right_tasks"])
        li, ri = {t: k for k, t in enumerate(left)}, {t: k for k, t in enumerate(right)}
        pairs = {(li[a], ri[b]) for p in gold["pairs"] for a in p["left"] for b in p["right"]}

        def heading(t):
            return (sections.get(t) or [""])[-1]

        return AlignmentExample(path.stem, [texts[t] for t in left], [texts[t] for t in right],
                                [heading(t) for t in left], [heading(t) for t in right], pairs)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GoldError(f"not a hand alignment ({type(exc).__name__}: {exc})", path=str(path),
                        hint="see corpora/alignment/README.md for the format") from exc


def gold_files(folder: str | Path = GOLD_DIR) -> list[Path]:
    return sorted(Path(folder).glob("*.json"))


@dataclass
class GoldScore:
    name: str
    left_tasks: int
    right_tasks: int
    gold_pairs: int
    predicted_pairs: int
    correct: int
    precision: float
    recall: float
    f1: float
    review_level: float
    wrong_to_check: int  # wrong pairs below the 待核 level (flagged)
    wrong_above: int  # wrong pairs above it (not flagged)
    right_to_check: int  # correct pairs flagged

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def score_example(model: PairModel, example: AlignmentExample, rows=None,
                  segmenter: Segmenter | None = None, vectors: WordVectors | None = None) -> GoldScore:
    if rows is None:
        rows = example_rows(example, segmenter, vectors)[0]
    prob = model.probabilities(rows).reshape(len(example.left), len(example.right))
    predicted = group_pairs(decide_groups(prob, model.pair_level, model.part_level))
    p, r, f = pair_scores(predicted, example.pairs)
    flagged = {pair for pair in predicted if prob[pair] < model.review_level}
    wrong = predicted - example.pairs
    return GoldScore(example.name, len(example.left), len(example.right), len(example.pairs), len(predicted),
                     len(predicted & example.pairs), round(p, 4), round(r, 4), round(f, 4), model.review_level,
                     len(wrong & flagged), len(wrong - flagged), len(flagged - wrong))


def evaluate(paths: Sequence[str | Path], segmenter: Segmenter, vectors: WordVectors,
             model: PairModel | None = None, leave_one_out: bool = True) -> dict[str, Any]:
    """Per gold: the shipped model's score and (with several golds) the left-out score."""
    examples = [load_example(p) for p in paths]
    rows = {ex.name: example_rows(ex, segmenter, vectors) for ex in examples}
    model = model or PairModel.load()
    out: dict[str, Any] = {"golds": [], "model": {"pair_level": model.pair_level, "part_level": model.part_level,
                                                 "review_level": model.review_level,
                                                 "trained_on": model.trained_on}}
    for k, ex in enumerate(examples):
        entry = {"gold": ex.name, "shipped": score_example(model, ex, rows[ex.name][0]).as_dict()}
        if leave_one_out and len(examples) > 1:
            others = [e for i, e in enumerate(examples) if i != k]
            held_model = fit(others, segmenter, vectors, cached_rows=rows)
            entry["left_out"] = score_example(held_model, ex, rows[ex.name][0]).as_dict()
        out["golds"].append(entry)
    if leave_one_out and len(examples) > 1:
        lo = [g["left_out"] for g in out["golds"]]
        out["left_out_mean"] = {k: round(sum(g[k] for g in lo) / len(lo), 4) for k in ("precision", "recall", "f1")}
        wrong_flagged = sum(g["wrong_to_check"] for g in lo)
        wrong = wrong_flagged + sum(g["wrong_above"] for g in lo)
        out["left_out_wrong_flagged_share"] = round(wrong_flagged / wrong, 4) if wrong else None
    return out


def format_result(result: dict[str, Any]) -> str:
    lines = []
    for g in result["golds"]:
        s = g["shipped"]
        lines.append(f"{g['gold']}: {s['left_tasks']} × {s['right_tasks']} tasks, {s['gold_pairs']} gold pairs")
        for label, key in (("left out", "left_out"), ("shipped", "shipped")):
            if key in g:
                x = g[key]
                lines.append(f"  {label:8s} P {x['precision']:.3f}  R {x['recall']:.3f}  F1 {x['f1']:.3f}  "
                             f"({x['correct']}/{x['predicted_pairs']}; wrong pairs 待核 {x['wrong_to_check']}, "
                             f"above {x['wrong_above']})")
    if "left_out_mean" in result:
        m = result["left_out_mean"]
        lines.append(f"leave-one-gold-out mean: P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}; "
                     f"share of wrong pairs marked 待核: {result['left_out_wrong_flagged_share']:.0%}")
    return "\n".join(lines)
