"""Scoring the target table against annotated targets (corpora/targets/*).

A gold folder holds the documents (`<doc_id>.txt`), `documents.json` (doc_id, title, doc_date, scope) and
`targets.jsonl`: one row per goal with doc_id, canonical, value and measure as written (1.3 万亿斤),
upper, comparator (≈ ≥ ≤ = range), period (year | plan), period_end (corpora/targets/NOTES.md has the
guideline). A predicted row matches a gold row when the document, the canonical name, the value (both
converted to the catalogue's measure, equal to 4 significant figures) and the comparator agree (the
issue's key: document, canonical, value, comparator). Precision is over predicted rows with a catalogue
name; each key counts once per document. Figures are given for `year` goals, `plan` goals (a row's
period must agree too) and all goals (period ignored), and the share of matched rows whose period and
period_end agree.

    >>> score = evaluate_targets("corpora/targets/dev")
    >>> score.by_period["year"].f1
"""
from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .context import Context, shared_context
from .errors import UsageError
from .evaluate import Count
from .indicators import Catalogue
from .ingest.raw import RawDocument
from .pipeline import analyze_raw
from .target_table import TargetRow, target_rows

Key = tuple[str, str, float, str]


@dataclass
class TargetScore:
    by_period: dict[str, Count]
    period_agreement: float  # of the rows matched ignoring period, the share whose period and end agree
    missed: list[dict] = field(default_factory=list)  # gold rows not found (all periods)
    spurious: list[dict] = field(default_factory=list)  # predicted catalogue rows matching no gold row
    documents: int = 0

    def as_dict(self) -> dict:
        return {"documents": self.documents, "period_agreement": round(self.period_agreement, 4),
                **{p: s.figures() for p, s in self.by_period.items()},
                "missed": self.missed, "spurious": self.spurious}


def _round(v: float) -> float:
    if v == 0 or not math.isfinite(v):
        return v
    return round(v, 3 - int(math.floor(math.log10(abs(v)))))


def gold_key(row: dict, cat: Catalogue) -> Key:
    value, _ = cat.convert(float(row["value"]), row["measure"], row["canonical"])
    return row["doc_id"], row["canonical"], _round(value), row["comparator"]


def predicted_key(row: TargetRow) -> Key:
    return row.doc_id, row.canonical, _round(row.value) if row.value is not None else None, row.comparator


def load_gold(folder: str | Path) -> tuple[list[dict], list[dict]]:
    """(documents, gold rows) of a target gold folder; a clear UsageError when it is not one."""
    folder = Path(folder)
    docs_path, rows_path = folder / "documents.json", folder / "targets.jsonl"
    if not docs_path.is_file() or not rows_path.is_file():
        raise UsageError(f"not a target gold folder (documents.json and targets.jsonl expected): {folder}")
    try:
        documents = json.loads(docs_path.read_text(encoding="utf-8"))
        rows = [json.loads(line) for line in rows_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except json.JSONDecodeError as e:
        raise UsageError(f"{folder}: unreadable gold ({e})") from None
    return documents, rows


def predict(folder: str | Path, documents: Sequence[dict], context: Context | None = None) -> list[TargetRow]:
    """The target table of the gold folder's documents, extracted as any document would be."""
    ctx = context or shared_context()
    rows: list[TargetRow] = []
    meta = {d["doc_id"]: d for d in documents}
    for d in documents:
        path = Path(folder) / f"{d['doc_id']}.txt"
        raw = RawDocument(path.read_text(encoding="utf-8"), path=str(path), metadata={"title": d.get("title")},
                          doc_id=d["doc_id"], date=d.get("doc_date"))
        rows.extend(target_rows(analyze_raw(raw, context=ctx).records, meta, ctx.catalogue))
    return rows


def score_targets(gold: Sequence[dict], predicted: Sequence[TargetRow], catalogue: Catalogue | None = None
                  ) -> TargetScore:
    cat = catalogue or Catalogue.load()
    gold_rows = {}
    for g in gold:
        gold_rows.setdefault(gold_key(g, cat), g)
    pred_rows: dict[Key, list[TargetRow]] = {}
    for p in predicted:
        if p.canonical is not None:
            pred_rows.setdefault(predicted_key(p), []).append(p)
    by_period = {}
    for period in ("year", "plan"):
        g = {k for k, r in gold_rows.items() if r["period"] == period}
        p = {k for k, rows in pred_rows.items() if any(r.period == period for r in rows)}
        by_period[period] = Count(len(g & p), len(p - g), len(g - p))
    both = gold_rows.keys() & pred_rows.keys()
    by_period["all"] = Count(len(both), len(pred_rows) - len(both), len(gold_rows) - len(both))
    # one figure may be both a year's and a plan's goal (粮食产量1.3万亿斤以上): agreement asks for any
    agree = sum(any(gold_rows[k]["period"] == r.period and gold_rows[k].get("period_end") == r.period_end
                    for r in pred_rows[k]) for k in both)
    missed = [gold_rows[k] for k in gold_rows if k not in pred_rows]
    spurious = [rows[0].contract() for k, rows in pred_rows.items() if k not in gold_rows]
    return TargetScore(by_period, agree / len(both) if both else 1.0, missed, spurious)


def evaluate_targets(folder: str | Path, context: Context | None = None) -> TargetScore:
    """Extract the gold folder's documents and score their target table."""
    documents, gold = load_gold(folder)
    ctx = context or shared_context()
    score = score_targets(gold, predict(folder, documents, ctx), ctx.catalogue)
    score.documents = len(documents)
    return score


def format_score(score: TargetScore) -> str:
    """The figures as a small table, 80 columns wide."""
    lines = [f"{score.documents} document(s); period and end agree on {score.period_agreement:.1%} of matched goals",
             f"{'':8}{'precision':>10}{'recall':>10}{'F1':>8}{'matched':>10}{'predicted':>11}{'gold':>7}"]
    for name, label in (("year", "year"), ("plan", "plan"), ("all", "all")):
        s = score.by_period[name]
        lines.append(f"{label:8}{s.precision:>10.3f}{s.recall:>10.3f}{s.f1:>8.3f}{s.tp:>10}{s.tp + s.fp:>11}"
                     f"{s.tp + s.fn:>7}")
    if score.missed:
        lines.append(f"missed ({len(score.missed)}):")
        lines += [f"  {m['doc_id']} {m['canonical']} {m['value']}{m['measure']} {m['comparator']} ({m['period']})"
                  for m in score.missed[:20]]
    return "\n".join(lines)
