"""Comparing task records across documents: alignment, what changed, series.

- `align(left, right)`: the learned aligner (aligner.py) gives every task pair a
  probability of being the same task (wording, policy word vectors, competition
  with the other candidates, runs of consecutive tasks, document order); groups
  are decided best pair first — continued (one ↔ one), split (one left ↔ several
  right), merged (several left ↔ one right). Every row: status, confidence (and
  待核 below the review level), wording similarity, both sides, and what changed
  (targets, deadlines, units).
- `target_changes(left, right)`: targets of the same indicator compared by value
  (国内生产总值增长 6%-6.5% → 6%以上: raised / lowered / same / reworded).
- `series(groups)`: documents in date order: per step, how many tasks are new,
  continued, dropped; each indicator's trajectory; task lineages.

scikit-learn and numpy are imported on first use.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .align_features import Sides
from .aligner import PairModel, decide_groups
from .context import shared_context
from .indicators import Catalogue
from .records import TaskRecord
from .segment import Segmenter
from .textsim import similarity as text_similarity
from .units_canonical import UnitNames
from .vectors import WordVectors

STATUSES = ("continued", "split", "merged", "new", "dropped")


@dataclass(frozen=True)
class AlignOptions:
    """Overrides of the learned aligner's calibrated levels (None: the model's own, resources/aligner.json)."""

    pair_level: float | None = None  # least probability for two free tasks to pair
    part_level: float | None = None  # least probability for a task to join a split or merge
    review_level: float | None = None  # rows less sure than this are marked 待核 (to check)
    model_path: str | None = None  # another trained model (policy-analyzer train-aligner -o FILE)


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
    """One row of a comparison. `confidence`: the pair probability of the row's weakest link (for a new or
    dropped task, one minus its best pair's); `similarity`: the wording's cosine (0–1), None on new/dropped
    rows; `to_check`: confidence under the review level (待核)."""

    status: str
    similarity: float | None
    left: list[TaskRecord] = field(default_factory=list)
    right: list[TaskRecord] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    confidence: float = 1.0
    to_check: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status, "confidence": round(self.confidence, 3), "to_check": self.to_check,
            "similarity": None if self.similarity is None else round(self.similarity, 3),
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


# --- alignment --------------------------------------------------------------------

@dataclass
class AlignResources:
    """What alignment reads, loaded once and passed in: the segmenter, the policy word vectors, the
    learned pair model, and a cache of jieba cuts (a series cuts each document once, not twice)."""

    segmenter: Segmenter
    vectors: WordVectors
    model: PairModel
    word_cache: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, options: AlignOptions = AlignOptions(), segmenter: Segmenter | None = None) -> AlignResources:
        model = PairModel.load(options.model_path) if options.model_path else PairModel.load()
        return cls(segmenter or shared_context().segmenter, WordVectors.load(), model)


def _levels(options: AlignOptions, model: PairModel) -> tuple[float, float, float]:
    def pick(value, default):
        return default if value is None else value

    return (pick(options.pair_level, model.pair_level), pick(options.part_level, model.part_level),
            pick(options.review_level, model.review_level))


def align(left: Sequence[TaskRecord], right: Sequence[TaskRecord], options: AlignOptions = AlignOptions(),
          names: UnitNames | None = None, segmenter: Segmenter | None = None,
          resources: AlignResources | None = None) -> list[AlignedRow]:
    """Align two lists of task records (aligner.py: learned pair probabilities, groups best first); rows
    in the order of the left side, new ones last, each with its confidence."""
    names = names or UnitNames()
    res = resources or AlignResources.load(options, segmenter)
    sides = Sides([r.text for r in left], [r.text for r in right],
                  [r.section[-1] if r.section else "" for r in left],
                  [r.section[-1] if r.section else "" for r in right], res.word_cache)
    # wording: the TF-IDF cosine over character 1–3-grams, shown beside the confidence
    prob, wording = res.model.pair_matrix(sides, res.segmenter, res.vectors)
    pair_level, part_level, review_level = _levels(options, res.model)
    groups = decide_groups(prob, pair_level, part_level) if prob.size else []
    return _rows(left, right, prob, wording, groups, names, review_level)


def _rows(left, right, prob, wording, groups, names: UnitNames, review_level: float) -> list[AlignedRow]:
    """The aligned rows: groups at their first left task, dropped left tasks among them, new right tasks last."""
    at_left = {lg[0]: (lg, rg) for lg, rg in groups}
    grouped_left = {i for lg, _ in groups for i in lg}
    grouped_right = {j for _, rg in groups for j in rg}
    out: list[AlignedRow] = []

    def row(status, similarity, lefts, rights, confidence, changes=()):
        out.append(AlignedRow(status, similarity, lefts, rights, list(changes), float(confidence),
                              bool(confidence < review_level)))

    for i, rec in enumerate(left):
        if i in at_left:
            lg, rg = at_left[i]
            lefts, rights = [left[k] for k in lg], [right[k] for k in rg]
            status = "split" if len(rg) > 1 else "merged" if len(lg) > 1 else "continued"
            confidence = min(prob[a, b] for a in lg for b in rg)
            similarity = min(1.0, float(max(wording[a, b] for a in lg for b in rg)))
            row(status, similarity, lefts, rights, confidence, task_changes(lefts, rights, names))
        elif i not in grouped_left:
            row("dropped", None, [rec], [], 1.0 - (float(prob[i].max()) if len(right) else 0.0))
    for j, rec in enumerate(right):
        if j not in grouped_right:
            row("new", None, [], [rec], 1.0 - (float(prob[:, j].max()) if len(left) else 0.0))
    return out


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
            names: UnitNames | None = None, segmenter: Segmenter | None = None,
            resources: AlignResources | None = None) -> Comparison:
    rows = align(left, right, options, names, segmenter, resources)
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


LINEAGE_RESEMBLANCE = 0.15  # least bigram similarity (textsim) of a lineage's task to the lineage's first task


def series(groups: Sequence[tuple[str, Sequence[TaskRecord]]], options: AlignOptions = AlignOptions(),
           names: UnitNames | None = None, min_lineage: int = 3, segmenter: Segmenter | None = None,
           progress=None, resources: AlignResources | None = None) -> Series:
    """Compare each group with the next (groups already in date order). `progress`, if given, is told
    `update(1)` after each step (a tqdm bar)."""
    res = resources or AlignResources.load(options, segmenter)
    labels = [g for g, _ in groups]
    steps = []
    links: dict[tuple[int, str], tuple[int, str]] = {}  # (step, right task) → (step-1, left task)
    texts: dict[tuple[int, str], str] = {}
    for k in range(len(groups) - 1):
        (la, left), (lb, right) = groups[k], groups[k + 1]
        rows = align(left, right, options, names, resources=res)
        counts = {s: 0 for s in STATUSES}
        for row in rows:
            counts[row.status] += 1
            if row.status in ("continued", "split", "merged"):
                for a in row.left:
                    for b in row.right:
                        links[(k + 1, b.task_id)] = (k, a.task_id)
        steps.append({"from": la, "to": lb, **counts,
                      "to_check": sum(r.to_check for r in rows)})
        for r in left:
            texts[(k, r.task_id)] = r.text
        for r in right:
            texts[(k + 1, r.task_id)] = r.text
        if progress is not None:
            progress.update(1)
    lineages = _lineages(links, texts, labels, min_lineage)
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


def _lineages(links: dict, texts: dict, labels: Sequence[str], min_lineage: int) -> list[list[tuple[str, str]]]:
    """Chains of linked tasks over consecutive steps. A chain is cut where a task no longer resembles the
    chain's first task, so a lineage cannot drift link by link from 社会中介机构 to 货币政策."""
    has_next = set(links.values())
    out = []
    for end in links:
        if end in has_next:
            continue
        chain = [end]
        while chain[-1] in links:
            chain.append(links[chain[-1]])
        chain.reverse()
        run = [chain[0]]
        for node in chain[1:]:
            if text_similarity(texts[run[0]], texts[node]) >= LINEAGE_RESEMBLANCE:
                run.append(node)
                continue
            if len(run) >= min_lineage:
                out.append(run)
            run = [node]
        if len(run) >= min_lineage:
            out.append(run)
    lineages = [[(labels[s], texts[(s, t)]) for s, t in run] for run in out]
    lineages.sort(key=lambda c: (-len(c), c[0][0]))
    return lineages
