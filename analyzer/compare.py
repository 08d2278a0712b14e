"""Comparing task records across documents: alignment, what changed, series.

- `align(left, right)`: tasks aligned one-to-one by meaning — TF-IDF over jieba
  words and character n-grams, cosine similarity, an optimal assignment (scipy's
  `linear_sum_assignment`) of the pairs above a threshold — then the tasks left
  over joined to a partner as splits (one left task ↔ several right ones) or
  merges (several left ↔ one right). Every row: status, similarity, both sides,
  and what changed (targets, deadlines, units).
- `target_changes(left, right)`: targets of the same indicator compared by value
  (国内生产总值增长 6%-6.5% → 6%以上: raised / lowered / same / reworded).
- `series(groups)`: documents in date order: per step, how many tasks are new,
  continued, dropped; each indicator's trajectory; task lineages.

scikit-learn and scipy are imported on first use.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .context import shared_context
from .indicators import Catalogue
from .records import TaskRecord
from .segment import Segmenter
from .units_canonical import UnitNames

STATUSES = ("continued", "split", "merged", "new", "dropped")


@dataclass(frozen=True)
class AlignOptions:
    """How tasks are scored and paired. The defaults were chosen on the hand alignment
    in corpora/alignment (README: how, and what they reach)."""

    threshold: float = 0.25  # least similarity for a one-to-one pair
    split_threshold: float = 0.35  # least similarity to join a leftover task as a split/merge part
    char_ngrams: tuple[int, int] = (1, 3)
    word_weight: float = 2.0  # weight of the word features against the character ones
    clause_weight: float = 0.5  # share of the best clause-to-clause similarity in the score
    section_weight: float = 0.15  # bonus for tasks under similar headings (same field of work)


@dataclass(frozen=True)
class Change:
    """One difference between aligned tasks (or documents)."""

    kind: str  # target | deadline | unit_added | unit_removed
    what: str  # indicator, deadline text, unit name
    left: str | None = None
    right: str | None = None
    direction: str | None = None  # raised | lowered | same | reworded | earlier | later

    def describe(self) -> str:
        if self.kind == "unit_added":
            return f"+{self.what}"
        if self.kind == "unit_removed":
            return f"-{self.what}"
        return f"{self.what}: {self.left or '—'} → {self.right or '—'}" + (f" ({self.direction})" if self.direction else "")


@dataclass
class AlignedRow:
    status: str
    similarity: float
    left: list[TaskRecord] = field(default_factory=list)
    right: list[TaskRecord] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status, "similarity": round(self.similarity, 3),
            "left_ids": [r.task_id for r in self.left], "right_ids": [r.task_id for r in self.right],
            "left_text": "｜".join(r.text for r in self.left), "right_text": "｜".join(r.text for r in self.right),
            "changes": "；".join(c.describe() for c in self.changes),
        }


@dataclass(frozen=True)
class TargetChange:
    indicator: str
    left_text: str
    right_text: str
    left_value: float | None
    right_value: float | None
    direction: str  # raised | lowered | same | reworded | new | dropped
    left_doc: str | None = None
    right_doc: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Comparison:
    rows: list[AlignedRow]
    targets: list[TargetChange]
    left_ids: list[str]
    right_ids: list[str]

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for r in self.rows:
            out[r.status] += 1
        return out


# --- features ---------------------------------------------------------------------

def vectorizer(options: AlignOptions, segmenter: Segmenter):
    """TF-IDF over jieba words and character n-grams, as one scikit-learn FeatureUnion."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion([
        ("words", TfidfVectorizer(tokenizer=segmenter.words, token_pattern=None, lowercase=False,
                                  sublinear_tf=True)),
        ("chars", TfidfVectorizer(analyzer="char", ngram_range=options.char_ngrams, sublinear_tf=True)),
    ], transformer_weights={"words": options.word_weight, "chars": 1.0})


def _cosine(left: Sequence[str], right: Sequence[str], options: AlignOptions, segmenter: Segmenter):
    import numpy as np
    from sklearn.metrics.pairwise import cosine_similarity

    if not left or not right:
        return np.zeros((len(left), len(right)))
    vec = vectorizer(options, segmenter).fit(list(left) + list(right))
    return cosine_similarity(vec.transform(left), vec.transform(right))


_CLAUSE = re.compile(r"[，,；;：:。]")


def clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if len(c) >= 3] or [text]


def clause_similarity(left: Sequence[str], right: Sequence[str], options: AlignOptions, segmenter: Segmenter):
    """For each pair of tasks, the best similarity of one clause with another: a reworded
    task often keeps one clause (实施制造业重点产业链高质量发展行动) and changes the rest."""
    import numpy as np
    from sklearn.metrics.pairwise import cosine_similarity

    out = np.zeros((len(left), len(right)))
    if not left or not right:
        return out
    lc, rc = [clauses(t) for t in left], [clauses(t) for t in right]
    vec = vectorizer(options, segmenter).fit([c for cs in lc + rc for c in cs])
    lm = vec.transform([c for cs in lc for c in cs])
    rm = vec.transform([c for cs in rc for c in cs])
    sim = cosine_similarity(lm, rm)
    lb = np.cumsum([0] + [len(cs) for cs in lc])
    rb = np.cumsum([0] + [len(cs) for cs in rc])
    for i in range(len(left)):
        block = sim[lb[i]:lb[i + 1]]
        for j in range(len(right)):
            out[i, j] = block[:, rb[j]:rb[j + 1]].max()
    return out


def similarity_matrix(left: Sequence[str], right: Sequence[str], options: AlignOptions = AlignOptions(),
                      left_sections: Sequence[str] = (), right_sections: Sequence[str] = (),
                      segmenter: Segmenter | None = None):
    """Task similarity (left × right): whole-text and best-clause cosine over words and
    character n-grams, plus a bonus when the tasks stand under similar headings."""
    segmenter = segmenter or shared_context().segmenter
    a = options.clause_weight
    sim = (1 - a) * _cosine(left, right, options, segmenter)
    if a:
        sim = sim + a * clause_similarity(left, right, options, segmenter)
    if options.section_weight and any(left_sections) and any(right_sections):
        heading_options = AlignOptions(char_ngrams=options.char_ngrams, word_weight=1.0)
        sim = sim + options.section_weight * _cosine(list(left_sections), list(right_sections), heading_options,
                                                     segmenter)
    return sim


# --- alignment --------------------------------------------------------------------

def align(left: Sequence[TaskRecord], right: Sequence[TaskRecord], options: AlignOptions = AlignOptions(),
          names: UnitNames | None = None, segmenter: Segmenter | None = None) -> list[AlignedRow]:
    """Align two lists of task records; rows in the order of the left side, new ones last."""
    names = names or UnitNames()
    sim = similarity_matrix([r.text for r in left], [r.text for r in right], options,
                            [r.section[-1] if r.section else "" for r in left],
                            [r.section[-1] if r.section else "" for r in right], segmenter)
    pairs = _one_to_one(sim, options.threshold) if len(left) and len(right) else {}
    # leftover tasks join the partner they resemble most, as parts of a split or a merge
    split_parts = _leftover_parts(sim, pairs, options.split_threshold)  # left task → its extra right parts
    merge_parts = _leftover_parts(sim.T, {j: i for i, j in pairs.items()}, options.split_threshold)
    return _rows(left, right, sim, pairs, split_parts, merge_parts, names)


def _rows(left, right, sim, pairs: dict[int, int], split_parts: dict[int, list[int]],
          merge_parts: dict[int, list[int]], names: UnitNames) -> list[AlignedRow]:
    """The aligned rows: pairs with their split and merge parts in left order, dropped left
    tasks among them, new right tasks last."""
    used_right = set(pairs.values()) | {j for parts in split_parts.values() for j in parts}
    merged_into = {i for parts in merge_parts.values() for i in parts}
    out: list[AlignedRow] = []
    for i, rec in enumerate(left):
        if i in pairs:
            j = pairs[i]
            lefts = [left[k] for k in sorted([i, *merge_parts.get(j, [])])]
            rights = [right[k] for k in sorted([j, *split_parts.get(i, [])])]
            status = "split" if len(rights) > len(lefts) else "merged" if len(lefts) > 1 else "continued"
            out.append(AlignedRow(status, float(sim[i, j]), lefts, rights, task_changes(lefts, rights, names)))
        elif i not in merged_into:  # a merged task is shown in its merge row
            out.append(AlignedRow("dropped", float(sim[i].max()) if len(right) else 0.0, [rec], []))
    for j, rec in enumerate(right):
        if j not in used_right:
            out.append(AlignedRow("new", float(sim[:, j].max()) if len(left) else 0.0, [], [rec]))
    return out


def _one_to_one(sim, threshold: float) -> dict[int, int]:
    """The optimal assignment (scipy's linear_sum_assignment), pairs above the threshold."""
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(-sim)
    return {int(i): int(j) for i, j in zip(rows, cols, strict=False) if sim[i, j] >= threshold}


def _leftover_parts(sim, pairs: dict[int, int], threshold: float) -> dict[int, list[int]]:
    """Unpaired columns of `sim` joined to the row they resemble most, when that row is
    paired (row → its extra parts): `sim[rows, columns]`, `pairs` row → column."""
    parts: dict[int, list[int]] = {}
    if not sim.shape[0]:
        return parts
    used = set(pairs.values())
    for j in range(sim.shape[1]):
        if j in used:
            continue
        i = int(sim[:, j].argmax())
        if sim[i, j] >= threshold and i in pairs:
            parts.setdefault(i, []).append(j)
    return parts


# --- what changed ------------------------------------------------------------------

def _target_key(t) -> str | None:
    """What a target is compared as: its catalogue name (a plan's goal apart from the year's), else its
    indicator as written — so 全省生产总值增长 and 地区生产总值增长 are one line, and a five-year 年均增长
    never stands beside this year's figure."""
    if t.canonical:
        return t.canonical + ("（规划期）" if t.period == "plan" else "")
    return t.indicator.strip() if t.indicator else None


def _in_measure(t) -> tuple[float | None, str | None]:
    """A target's value in its quantity's canonical measure (斤/吨 → 万吨): the catalogue is read once, cached."""
    return Catalogue.load().convert(t.value, t.measure, t.canonical)


def _direction(a, b) -> str:
    """raised / lowered / same / reworded, comparing the floors, then the ceilings and forms."""
    (av, am), (bv, bm) = _in_measure(a), _in_measure(b)
    if av is None or bv is None:
        return "reworded"
    if am == bm and bv > av:
        return "raised"
    if am == bm and bv < av:
        return "lowered"
    if (a.upper, a.comparator, a.measure) == (b.upper, b.comparator, b.measure):
        return "same"
    return "reworded"  # same floor, another range or comparator: 6%-6.5% → 6%以上


def task_changes(lefts: Sequence[TaskRecord], rights: Sequence[TaskRecord],
                 names: UnitNames | None = None) -> list[Change]:
    """Targets, deadlines and units that differ between aligned tasks."""
    names = names or UnitNames()
    return _target_row_changes(lefts, rights) + _deadline_change(lefts, rights) + _unit_changes(lefts, rights, names)


def _target_row_changes(lefts: Sequence[TaskRecord], rights: Sequence[TaskRecord]) -> list[Change]:
    out = []
    lt = {_target_key(t): t for r in lefts for t in r.targets if _target_key(t)}
    rt = {_target_key(t): t for r in rights for t in r.targets if _target_key(t)}
    for key in list(lt) + [k for k in rt if k not in lt]:
        a, b = lt.get(key), rt.get(key)
        if a and b:
            d = _direction(a, b)
            if d != "same":
                out.append(Change("target", key, a.text, b.text, d))
        else:
            out.append(Change("target", key, a.text if a else None, b.text if b else None,
                              "dropped" if a else "new"))
    return out


def _deadline_change(lefts: Sequence[TaskRecord], rights: Sequence[TaskRecord]) -> list[Change]:
    """The earliest deadlines compared within the year: a report's 年底前 each year is the same deadline."""
    ld = [d for r in lefts for d in r.deadlines if d.end_date]
    rd = [d for r in rights for d in r.deadlines if d.end_date]
    if not (ld and rd):
        return []
    a, b = min(ld, key=lambda d: d.end_date), min(rd, key=lambda d: d.end_date)
    am, bm = a.end_date[5:], b.end_date[5:]
    if am == bm:
        return []
    return [Change("deadline", "完成时限", a.text, b.text, "earlier" if bm < am else "later")]


def _unit_changes(lefts: Sequence[TaskRecord], rights: Sequence[TaskRecord], names: UnitNames) -> list[Change]:
    lu = {names.canonical(u.name) for r in lefts for u in r.units}
    ru = {names.canonical(u.name) for r in rights for u in r.units}
    return [Change("unit_added", u) for u in sorted(ru - lu)] + [Change("unit_removed", u) for u in sorted(lu - ru)]


def target_changes(left: Sequence[TaskRecord], right: Sequence[TaskRecord]) -> list[TargetChange]:
    """Every indicator with a target on either side, compared by value (first mention each)."""
    lt: dict[str, Any] = {}
    rt: dict[str, Any] = {}
    for recs, into in ((left, lt), (right, rt)):
        for r in recs:
            for t in r.targets:
                key = _target_key(t)
                if key and key not in into:
                    into[key] = (t, r.doc_id)
    out = []
    for key in list(lt) + [k for k in rt if k not in lt]:
        a, b = lt.get(key), rt.get(key)
        direction = _direction(a[0], b[0]) if a and b else "dropped" if a else "new"
        out.append(TargetChange(key, a[0].text if a else "", b[0].text if b else "",
                                a[0].value if a else None, b[0].value if b else None, direction,
                                a[1] if a else None, b[1] if b else None))
    return out


def compare(left: Sequence[TaskRecord], right: Sequence[TaskRecord], options: AlignOptions = AlignOptions(),
            names: UnitNames | None = None, segmenter: Segmenter | None = None) -> Comparison:
    rows = align(left, right, options, names, segmenter)
    return Comparison(rows, target_changes(left, right),
                      sorted({r.doc_id for r in left}), sorted({r.doc_id for r in right}))


# --- series ------------------------------------------------------------------------

@dataclass
class Series:
    """Documents (or groups) in date order and what happened between each step."""

    labels: list[str]
    steps: list[dict[str, Any]]  # {"from", "to", counts by status}
    trajectories: dict[str, list[dict[str, Any]]]  # indicator → [{"label", "text", "value", "upper", "comparator"}]
    lineages: list[list[tuple[str, str]]]  # each: [(label, task text), …] over consecutive steps


def series(groups: Sequence[tuple[str, Sequence[TaskRecord]]], options: AlignOptions = AlignOptions(),
           names: UnitNames | None = None, min_lineage: int = 3, segmenter: Segmenter | None = None) -> Series:
    """Compare each group with the next (groups already in date order)."""
    labels = [g for g, _ in groups]
    steps = []
    links: dict[tuple[int, str], tuple[int, str]] = {}  # (step, right task) → (step-1, left task)
    texts: dict[tuple[int, str], str] = {}
    for k in range(len(groups) - 1):
        (la, left), (lb, right) = groups[k], groups[k + 1]
        rows = align(left, right, options, names, segmenter)
        counts = {s: 0 for s in STATUSES}
        for row in rows:
            counts[row.status] += 1
            if row.status in ("continued", "split", "merged"):
                for a in row.left:
                    for b in row.right:
                        links[(k + 1, b.task_id)] = (k, a.task_id)
        steps.append({"from": la, "to": lb, **counts})
        for r in left:
            texts[(k, r.task_id)] = r.text
        for r in right:
            texts[(k + 1, r.task_id)] = r.text
    # lineages: follow links back from tasks that are not continued further
    has_next = set(links.values())
    lineages = []
    for end in links:
        if end in has_next:
            continue
        chain = [end]
        while chain[-1] in links:
            chain.append(links[chain[-1]])
        if len(chain) >= min_lineage:
            lineages.append([(labels[s], texts[(s, t)]) for s, t in reversed(chain)])
    lineages.sort(key=lambda c: (-len(c), c[0][0]))
    trajectories: dict[str, list[dict[str, Any]]] = {}
    for label, recs in groups:
        seen = set()
        for r in recs:
            for t in r.targets:
                key = _target_key(t)
                if key and t.value is not None and key not in seen:
                    seen.add(key)
                    value, measure = _in_measure(t)
                    upper, _ = Catalogue.load().convert(t.upper, t.measure, t.canonical)
                    trajectories.setdefault(key, []).append(
                        {"label": label, "text": t.text, "value": value, "upper": upper,
                         "comparator": t.comparator, "measure": measure})
    return Series(labels, steps, trajectories, lineages)
