"""The learned aligner: a probability for every task pair, and the groups it decides.

- **Scorer**: logistic regression (scikit-learn) over the pair features of analyzer.align_features,
  trained on the hand alignments in corpora/alignment. It gives the probability that two tasks are the
  same task; it is stored as plain numbers in resources/aligner.json (feature names, scaler, weights,
  levels), so loading needs no pickle and no scikit-learn version match. Gradient boosting was tried and
  scored lower on the held-out gold (it overfits five documents' worth of pairs).
- **Groups**: pairs are taken best first. A pair of two free tasks opens a group when its probability
  reaches `pair_level`; a free task joins a group as a split/merge part when its pair with the group's
  single task on the other side reaches `part_level` (a group is one-to-many or many-to-one, never
  many-to-many, as the annotation guideline has it). Order is in the features (diagonal neighbours,
  runs of consecutive tasks), so no separate order pass is needed.
- **Levels are calibrated, not constants**: `fit` chooses `pair_level` and `part_level` by an inner
  leave-one-gold-out over the training golds, and `review_level` (below it a row is 待核, to check) as the
  lowest level that leaves at most a third of the out-of-fold wrong pairs above it.
- **Confidence** of a row: its weakest pair's probability; for a new or dropped task, one minus its best
  pair's probability (how sure it is that nothing on the other side continues it).
"""
from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from .align_features import FEATURE_NAMES, Sides, feature_matrices, pair_features
from .errors import AnalyzerError
from .segment import Segmenter
from .vectors import WordVectors

RESOURCE = Path(__file__).parent / "resources" / "aligner.json"
LEVEL_GRID = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
REVIEW_SHARE = 1 / 3  # at most this share of the wrong pairs may stand above the 待核 level
REGULARISATION = 0.5  # scikit-learn's C: leave-one-gold-out F1 moved < 0.01 between 0.05 and 5
# Two tasks must share some meaning to pair: the soft word match (align_features) at least this. One of the
# 638 gold pairs lies below it (0.29); without it, the order and competition features alone could pair two
# unrelated leftovers of short documents (弘扬工匠精神 ↔ 加强国防动员和后备力量建设: soft match 0.14).
MEANING_FLOOR = 0.3


@dataclass
class AlignmentExample:
    """One hand alignment: both sides' task texts (and headings) and the gold pairs (i, j) by index."""

    name: str
    left: list[str]
    right: list[str]
    left_sections: list[str]
    right_sections: list[str]
    pairs: set[tuple[int, int]]

    def sides(self) -> Sides:
        return Sides(self.left, self.right, self.left_sections, self.right_sections)


@dataclass
class PairModel:
    features: list[str]
    mean: list[float]
    scale: list[float]
    weights: list[float]
    intercept: float
    pair_level: float = 0.3
    part_level: float = 0.4
    review_level: float = 0.5
    trained_on: list[str] = field(default_factory=list)

    @classmethod
    @lru_cache(maxsize=2)
    def load(cls, path: str | Path = RESOURCE) -> PairModel:
        model = cls(**json.loads(Path(path).read_text(encoding="utf-8")))
        missing = set(model.features) - set(FEATURE_NAMES)
        if missing:
            raise AnalyzerError(f"the aligner model needs features this version lacks: {sorted(missing)}",
                                path=str(path), hint="retrain it with `policy-analyzer train-aligner`")
        return model

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def probabilities(self, rows):
        """P(same task) for feature rows (columns in `self.features` order); 0 under the meaning floor."""
        import numpy as np

        if not len(rows):
            return np.zeros(0)
        column = {name: k for k, name in enumerate(self.features)}
        return self._scored(lambda name: rows[:, column[name]])

    def pair_matrix(self, sides: Sides, segmenter: Segmenter, vectors: WordVectors):
        """(the n × m matrix of pair probabilities, the n × m character cosine of the wording), scored on the
        feature matrices themselves: no (n·m) × features array is built."""
        import numpy as np

        n, m = len(sides.left), len(sides.right)
        if not n or not m:
            return np.zeros((n, m)), np.zeros((n, m))
        mats = feature_matrices(sides, segmenter, vectors)
        return self._scored(lambda name: np.asarray(mats[name], dtype=np.float64)), mats["char_cosine"]

    def _scored(self, feature):
        """The logistic model over `feature(name)` arrays (rows or matrices alike), with the meaning floor."""
        import numpy as np

        logit = self.intercept + sum((weight / scale) * (feature(name) - mean) for name, mean, scale, weight
                                     in zip(self.features, self.mean, self.scale, self.weights, strict=True))
        prob = 1.0 / (1.0 + np.exp(-logit))
        if "soft_mean" in self.features:
            prob[feature("soft_mean") < MEANING_FLOOR] = 0.0
        return prob


def decide_groups(prob, pair_level: float, part_level: float) -> list[tuple[list[int], list[int]]]:
    """Groups (left indices, right indices), best pairs first: one-to-one, one-to-many or many-to-one."""
    import numpy as np

    n, m = prob.shape
    groups: list[tuple[list[int], list[int]]] = []
    left_group: dict[int, int] = {}
    right_group: dict[int, int] = {}
    floor = min(pair_level, part_level)
    for flat in np.argsort(-prob, axis=None, kind="stable"):
        p = prob.flat[flat]
        if p < floor:
            break
        i, j = divmod(int(flat), m)
        a, b = left_group.get(i), right_group.get(j)
        if a is None and b is None:
            if p >= pair_level:
                left_group[i] = right_group[j] = len(groups)
                groups.append(([i], [j]))
        elif b is None and p >= part_level and len(groups[a][0]) == 1:  # a split: one left, more right
            groups[a][1].append(j)
            right_group[j] = a
        elif a is None and p >= part_level and len(groups[b][1]) == 1:  # a merge: more left, one right
            groups[b][0].append(i)
            left_group[i] = b
    return [(sorted(lg), sorted(rg)) for lg, rg in groups]


def group_pairs(groups) -> set[tuple[int, int]]:
    return {(i, j) for lg, rg in groups for i in lg for j in rg}


def pair_scores(predicted: set, gold: set) -> tuple[float, float, float]:
    correct = len(predicted & gold)
    p = correct / len(predicted) if predicted else 0.0
    r = correct / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# --- training ----------------------------------------------------------------------

def example_rows(example: AlignmentExample, segmenter: Segmenter, vectors: WordVectors):
    """Feature rows and labels of every pair of one hand alignment."""
    import numpy as np

    rows = pair_features(example.sides(), segmenter, vectors)
    labels = np.zeros(len(rows), dtype=int)
    m = len(example.right)
    for i, j in example.pairs:
        labels[i * m + j] = 1
    return rows, labels


def _fit_weights(rows, labels, names: Sequence[str], regularisation: float) -> PairModel:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(rows)
    clf = LogisticRegression(C=regularisation, max_iter=5000).fit(scaler.transform(rows), labels)
    scale = [float(s) if s > 0 else 1.0 for s in scaler.scale_]
    return PairModel(list(names), [float(x) for x in scaler.mean_], scale, [float(w) for w in clf.coef_[0]],
                     float(clf.intercept_[0]))


def fit(examples: Sequence[AlignmentExample], segmenter: Segmenter, vectors: WordVectors,
        regularisation: float = REGULARISATION, cached_rows: dict | None = None) -> PairModel:
    """Train on the examples; calibrate the levels by leave-one-example-out inside them."""
    import numpy as np

    data = cached_rows if cached_rows is not None else {}
    for ex in examples:
        if ex.name not in data:
            data[ex.name] = example_rows(ex, segmenter, vectors)

    def train_on(exs):
        return _fit_weights(np.vstack([data[e.name][0] for e in exs]),
                            np.concatenate([data[e.name][1] for e in exs]), FEATURE_NAMES, regularisation)

    model = train_on(examples)
    model.trained_on = [e.name for e in examples]
    if len(examples) < 2:
        return model
    held = []  # (example, out-of-fold probability matrix)
    for k, ex in enumerate(examples):
        inner = train_on([e for i, e in enumerate(examples) if i != k])
        held.append((ex, inner.probabilities(data[ex.name][0]).reshape(len(ex.left), len(ex.right))))
    best = max(((pl, ql) for pl in LEVEL_GRID for ql in LEVEL_GRID),
               key=lambda lv: (sum(pair_scores(group_pairs(decide_groups(p, *lv)), ex.pairs)[2]
                                   for ex, p in held), -abs(lv[0] - 0.35)))
    model.pair_level, model.part_level = best
    wrong = sorted(float(p[i, j]) for ex, p in held
                   for i, j in group_pairs(decide_groups(p, *best)) - ex.pairs)
    # the least level that leaves at most a third of the wrong pairs above it
    k = min(len(wrong) - 1, math.ceil(len(wrong) * (1 - REVIEW_SHARE)))
    model.review_level = round(wrong[k], 3) if wrong else best[0]
    return model
