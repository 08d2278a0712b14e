"""Scoring task records against gold annotations (the spec's §7, implemented here).

- Texts are compared after removing whitespace and punctuation (NFKC-folded). Two
  texts match when their character-bigram Dice coefficient reaches 0.6 (tasks)
  or 0.5 (units, targets, deadlines), or when one contains the other and the
  shorter is at least half as long. Matching is one-to-one, best pairs first.
- Units, targets and deadlines are scored end to end: values of an unmatched gold
  task are misses, values of an unmatched predicted task are false alarms.
- Deadline normalisation: among matched deadlines whose gold `end` is set, the
  share whose predicted `end` is within 31 days.
- Figures are micro-averaged over the documents.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .context import Context
from .errors import GoldError
from .pipeline import analyze_file
from .textsim import match

TASK_THRESHOLD = 0.6
FIELD_THRESHOLD = 0.5
END_TOLERANCE_DAYS = 31
FIELDS = ("units", "units+inherited", "targets", "deadlines")


@dataclass
class Count:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Count) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _gold_values(task: dict) -> dict[str, list[str]]:
    explicit = list(task.get("units", []))
    return {"units": explicit, "units+inherited": explicit + list(task.get("inherited_units", [])),
            "targets": list(task.get("targets", [])),
            "deadlines": [d["text"] for d in task.get("deadlines", [])]}


def _pred_values(record: dict) -> dict[str, list[str]]:
    units = record.get("units") or []
    names = [u["name"] if isinstance(u, dict) else str(u) for u in units]
    explicit = [n for u, n in zip(units, names, strict=False) if not (isinstance(u, dict) and u.get("inherited"))]
    text_of = lambda x: x["text"] if isinstance(x, dict) else str(x)  # noqa: E731
    return {"units": explicit, "units+inherited": names,
            "targets": [text_of(t) for t in record.get("targets") or []],
            "deadlines": [text_of(d) for d in record.get("deadlines") or []]}


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


@dataclass
class DocumentScore:
    counts: dict[str, Count] = field(default_factory=lambda: {k: Count() for k in ("tasks",) + FIELDS})
    end_ok: int = 0
    end_all: int = 0
    # what the counts are made of: {"field", "kind": "miss" | "false alarm" | "wrong end", "value", "task"}
    errors: list[dict[str, Any]] = field(default_factory=list)

    def note(self, name: str, kind: str, values: Iterable[Any], task: str) -> None:
        self.errors.extend({"field": name, "kind": kind, "value": v, "task": task} for v in values)


def score_document(gold_tasks: list[dict], pred: list[dict]) -> DocumentScore:
    """The counts (and every miss and false alarm) of one document's predictions against its gold."""
    out = DocumentScore()
    pairs = match(gold_tasks, pred, key=lambda t: t.get("text", ""), threshold=TASK_THRESHOLD)
    out.counts["tasks"].add(Count(len(pairs), len(pred) - len(pairs), len(gold_tasks) - len(pairs)))
    by_gold = dict(pairs)
    for i, gt in enumerate(gold_tasks):
        p = pred[by_gold[i]] if i in by_gold else None
        if p is None:
            out.note("tasks", "miss", [gt.get("text", "")], gt.get("text", ""))
        _score_fields(out, gt, p)
        if p is not None:
            _score_ends(out, gt, p)
    matched_pred = set(by_gold.values())
    for j, rec in enumerate(pred):
        if j not in matched_pred:
            _score_false_task(out, rec)
    return out


def _score_fields(out: DocumentScore, gt: dict, p: dict | None) -> None:
    """Units, targets and deadlines of a gold task against its matched prediction (or none)."""
    gv = _gold_values(gt)
    pv = _pred_values(p) if p is not None else None
    task = gt.get("text", "")
    noted: set[tuple[str, str]] = set()
    for name in FIELDS:
        g, pr = gv[name], (pv[name] if pv else [])
        m = match(g, pr, key=lambda s: s, threshold=FIELD_THRESHOLD)
        out.counts[name].add(Count(len(m), len(pr) - len(m), len(g) - len(m)))
        got_g, got_p = {a for a, _ in m}, {b for _, b in m}
        for kind, values in (("miss", [v for k, v in enumerate(g) if k not in got_g]),
                             ("false alarm", [v for k, v in enumerate(pr) if k not in got_p])):
            if name == "units+inherited":  # listed under units already, unless inherited
                values = [v for v in values if (kind, v) not in noted]
            noted.update((kind, v) for v in values)
            out.note(name, kind, values, task)


def _score_ends(out: DocumentScore, gt: dict, p: dict) -> None:
    """Normalisation: matched deadlines whose predicted end is within the tolerance of the gold end."""
    gd = gt.get("deadlines", [])
    pd = [d if isinstance(d, dict) else {"text": str(d)} for d in p.get("deadlines") or []]
    for a, b in match(gd, pd, key=lambda d: d.get("text", ""), threshold=FIELD_THRESHOLD):
        want = _date(gd[a].get("end"))
        if want is None:
            continue
        out.end_all += 1
        got = _date(pd[b].get("end"))
        if got is not None and abs((got - want).days) <= END_TOLERANCE_DAYS:
            out.end_ok += 1
        else:
            out.note("deadline_end", "wrong end", [f"{gd[a].get('text')}: {got} for {want}"], gt.get("text", ""))


def _score_false_task(out: DocumentScore, rec: dict) -> None:
    """A predicted task no gold task matches: it and all its values are false alarms."""
    text = rec.get("text", "")
    out.note("tasks", "false alarm", [text], text)
    values_of = _pred_values(rec)
    for name, values in values_of.items():
        out.counts[name].add(Count(0, len(values), 0))
        if name == "units+inherited":  # listed under units already, unless inherited
            values = [v for v in values if v not in values_of["units"]]
        out.note(name, "false alarm", values, text)


def load_gold(gold_dir: str | Path) -> dict[str, dict]:
    """Gold annotations of a folder, by document id: the file stem, or the file's own
    `doc_id` where it differs (ids with / are saved as __; see review/gold.py)."""
    d = Path(gold_dir)
    if not d.is_dir():
        raise GoldError("gold folder not found", path=str(d))
    golds = {}
    for p in sorted(d.glob("*.json")):
        try:
            gold = json.loads(p.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise GoldError(f"not a gold JSON file: {err}", path=str(p)) from None
        if not isinstance(gold, dict) or not isinstance(gold.get("tasks", []), list):
            raise GoldError("not a gold JSON file: expected an object with a list of tasks", path=str(p))
        gold["_file"] = p.stem
        golds[str(gold.get("doc_id") or p.stem)] = gold
    if not golds:
        raise GoldError("no gold *.json files", path=str(d))
    return golds


def read_predictions(path: str | Path) -> list[dict]:
    """Task records of a JSON Lines file (the output contract), for scoring without extracting."""
    out = []
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as err:
                    raise GoldError(f"line {n} is not JSON: {err}", path=str(path)) from None
                if not isinstance(rec, dict) or "doc_id" not in rec or "text" not in rec:
                    raise GoldError(f"line {n} is not a task record (needs doc_id and text)", path=str(path))
                out.append(rec)
    except (OSError, UnicodeDecodeError) as err:
        raise GoldError(f"cannot read predictions: {err}", path=str(path)) from None
    return out


def score(golds: dict[str, dict], predictions: Iterable[dict], errors: bool = False) -> dict[str, Any]:
    """Micro-averaged figures over the gold documents, and F1 per document; with
    `errors`, also every miss and false alarm behind them (`result["errors"]`)."""
    by_doc: dict[str, list[dict]] = {}
    for rec in predictions:
        by_doc.setdefault(str(rec.get("doc_id")), []).append(rec)
    total = {k: Count() for k in ("tasks",) + FIELDS}
    end_ok = end_all = 0
    per_doc = {}
    listed: list[dict[str, Any]] = []
    for doc_id, gold in golds.items():
        s = score_document(gold.get("tasks", []), by_doc.get(doc_id, []))
        listed += [{"doc_id": doc_id, **e} for e in s.errors]
        for k, c in s.counts.items():
            total[k].add(c)
        end_ok += s.end_ok
        end_all += s.end_all
        per_doc[doc_id] = {k: c.figures() for k, c in s.counts.items()}
        per_doc[doc_id]["deadline_end"] = {"accuracy": round(s.end_ok / s.end_all, 4) if s.end_all else 0.0,
                                           "correct": s.end_ok, "of": s.end_all}
    result: dict[str, Any] = {k: c.figures() for k, c in total.items()}
    result["deadline_end"] = {"accuracy": round(end_ok / end_all, 4) if end_all else 0.0,
                              "correct": end_ok, "of": end_all}
    result["documents"] = per_doc
    if errors:
        result["errors"] = listed
    return result


def evaluate_folder(gold_dir: str | Path, *, progress: Callable[[str], None] | None = None,
                    errors: bool = False, context: Context | None = None) -> tuple[dict[str, Any], list[dict]]:
    """Extract every DIR/<id>.txt with its gold date and score it against DIR/<id>.json
    (with `context`'s dictionaries and sentence model; default: the shipped ones)."""

    golds = load_gold(gold_dir)
    predictions: list[dict] = []
    for doc_id, gold in golds.items():
        stem = gold.get("_file", doc_id)
        txt = Path(gold_dir) / f"{stem}.txt"
        if not txt.exists():
            raise GoldError(f"gold file {stem}.json has no {stem}.txt beside it", path=str(txt))
        if progress:
            progress(doc_id)
        analysis = analyze_file(txt, doc_id, date=gold.get("doc_date") or None, context=context)
        predictions.extend(r.to_dict() for r in analysis.records)
    return score(golds, predictions, errors), predictions


def format_errors(result: dict[str, Any]) -> str:
    """Every miss and false alarm, by document and field: what to read after the figures."""
    lines = []
    for e in result.get("errors", []):
        where = "" if e["field"] == "tasks" else f"  in  {e['task']}"
        lines.append(f"{e['doc_id']}\t{e['field']}\t{e['kind']}\t{e['value']}{where}")
    return "\n".join(lines)


def format_report(result: dict[str, Any]) -> str:
    """The figures as a table: per field, then F1 per document."""
    lines = [f"{'field':<16}{'P':>8}{'R':>8}{'F1':>8}{'TP':>6}{'FP':>6}{'FN':>6}"]
    for name in ("tasks",) + FIELDS:
        r = result[name]
        lines.append(f"{name:<16}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}"
                     f"{r['tp']:>6}{r['fp']:>6}{r['fn']:>6}")
    e = result["deadline_end"]
    lines.append(f"deadline_end accuracy {e['accuracy']:.3f} ({e['correct']}/{e['of']})")
    lines.append("")
    lines.append(f"{'document':<36}{'field':<16}{'P':>7}{'R':>7}{'F1':>7}{'TP':>5}{'FP':>5}{'FN':>5}")
    for doc_id, d in result["documents"].items():
        for k, name in enumerate(("tasks",) + FIELDS):
            r = d[name]
            if r["tp"] + r["fp"] + r["fn"] == 0:
                figures = f"{'-':>7}{'-':>7}{'-':>7}"  # nothing annotated, nothing predicted
            else:
                figures = f"{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}"
            lines.append(f"{(doc_id[:35] if k == 0 else ''):<36}{name:<16}{figures}"
                         f"{r['tp']:>5}{r['fp']:>5}{r['fn']:>5}")
        e = d["deadline_end"]
        if e["of"]:
            lines.append(f"{'':<36}{'deadline_end':<16}{e['accuracy']:>7.3f}  ({e['correct']}/{e['of']})")
    return "\n".join(lines)
