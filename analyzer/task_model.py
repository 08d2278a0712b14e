"""A learned second opinion on task sentences: logistic regression over character n-grams and the rules' decision.

The rules decide first (`tasks.classify`); the model reads the sentence's characters and that decision (its
`Reason`, whether it is a heading, a point, where it stands) and gives the probability that a person would
annotate the sentence as a task. Where the probability and the rules disagree, the probability wins: measured
leave-one-kind-out (trained without a document kind, tested on it), the combination beats the rules on every kind
of document (README, "How well it works"; `policy-analyzer evaluate-task-model`).

Training (scikit-learn, `analyzer/learn.py`, `policy-analyzer train-task-model`) writes the fitted vocabulary,
idf weights and coefficients to `resources/task_model.json`; this module applies them in plain Python — no
scikit-learn import at run time, the same numbers as `predict_proba` (a test checks it).
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

MODEL_FILE = Path(__file__).resolve().parent / "resources" / "task_model.json"
NGRAMS = (1, 3)  # character n-grams, as the vectorizer was fitted
DENSE_SCALE = 3.0  # weight of the decision features beside the n-grams
_WHITE = re.compile(r"\s\s+")


@dataclass(frozen=True)
class SentenceFacts:
    """What the model reads of one sentence besides its characters."""

    reason: str  # the rules' Reason.value
    rule_task: bool
    is_heading: bool
    numbered: bool
    in_point: bool
    position: float  # index / number of sentences of the document
    in_goal_section: bool  # a heading above it names goals (目标)
    in_review_section: bool  # a heading above it names a review (回顾)
    after_task: bool = False  # the rules took the sentence before it for a task: a list of tasks goes on


def dense_features(facts: SentenceFacts, length: int, reasons: tuple[str, ...]) -> list[float]:
    """The decision features, in the order the coefficients were fitted (`reasons`: the rules'
    reasons the model was trained with, kept in its file): the reason one-hot, then the facts."""
    return [float(facts.reason == r) for r in reasons] + fact_features(facts, length)


def fact_features(facts: SentenceFacts, length: int) -> list[float]:
    return [float(facts.rule_task), float(facts.is_heading), float(facts.numbered), float(facts.in_point),
            facts.position, min(length, 200) / 200, float(facts.in_goal_section), float(facts.in_review_section),
            float(facts.after_task)]


# The model is asked only where the rules found no directive either way (no modal, no directive verb,
# no goal list): leave-one-kind-out, it overturned 167 of those 393 decisions (145 rightly) and 21 of the
# other 1,940 (14 of them wrongly), so asking it elsewhere would cost time and accuracy.
CONSULTED = frozenset({"no directive"})


def consulted(reason: str) -> bool:
    """Whether the model is asked about a sentence the rules decided for this reason."""
    return reason in CONSULTED


def overturn(rule_task: bool, p: float, margin: float, threshold: float = 0.5) -> bool:
    """Whether a sentence is a task: the rules' decision, unless the model is `margin` past the
    threshold against it (P ≥ 0.6 turns a "no" into a task, P < 0.4 a "yes" into none)."""
    return p >= threshold - margin if rule_task else p >= threshold + margin


def char_ngrams(text: str) -> Counter:
    """The character n-grams of `text` as scikit-learn's `analyzer="char"` makes them."""
    text = _WHITE.sub(" ", text)
    lo, hi = NGRAMS
    out: Counter = Counter()
    for n in range(lo, min(hi + 1, len(text) + 1)):
        for i in range(len(text) - n + 1):
            out[text[i:i + n]] += 1
    return out


class TaskModel:
    """The fitted model, loaded from its JSON file on first use."""

    def __init__(self, path: Path | str = MODEL_FILE):
        self.path = Path(path)

    @cached_property
    def _weights(self) -> dict:
        data = json.loads(self.path.read_text(encoding="utf-8"))
        vocab = data["vocabulary"]  # n-gram → [idf, coefficient]
        dense = [c * DENSE_SCALE for c in data["dense"]]
        reasons = tuple(data["reasons"])
        return {"idf": {k: v[0] for k, v in vocab.items()}, "idf2": {k: v[0] * v[0] for k, v in vocab.items()},
                "weight": {k: v[0] * v[1] for k, v in vocab.items()},  # idf × coefficient
                "dense": dense, "reasons": reasons,
                # the one-hot reason features as one lookup, the others after them
                "reason_weight": dict(zip(reasons, dense, strict=False)), "fact_weights": dense[len(reasons):],
                "intercept": data["intercept"], "threshold": data["threshold"], "margin": data.get("margin", 0.0)}

    def is_task(self, rule_task: bool, p: float) -> bool:
        """The decision, the model's probability weighed against the rules' (see `overturn`)."""
        return overturn(rule_task, p, self._weights["margin"], self._weights["threshold"])

    def probability(self, text: str, facts: SentenceFacts) -> float:
        """P(task) of one sentence: TF-IDF (sublinear tf, l2-normalised) of the n-grams the model
        knows, dotted with its coefficients, plus the decision features — `predict_proba`'s number."""
        w = self._weights
        idf, weight = w["idf"], w["weight"]
        text = _WHITE.sub(" ", text)
        length = len(text)
        lo, hi = NGRAMS
        # the known n-grams of the text, counted (flat lists: this runs on every sentence asked)
        grams: list[str] = []
        for n in range(lo, min(hi, length) + 1):
            grams += [text[i:i + n] for i in range(length - n + 1)]
        counts = Counter([g for g in grams if g in idf])
        once = [g for g, c in counts.items() if c == 1]  # most n-grams: tf 1
        idf2 = w["idf2"]
        dot, norm = sum(map(weight.__getitem__, once)), sum(map(idf2.__getitem__, once))
        for gram, count in counts.items():
            if count > 1:
                tf = 1.0 + math.log(count)
                dot += tf * weight[gram]
                norm += tf * tf * idf2[gram]
        score = w["intercept"] + (dot / math.sqrt(norm) if norm else 0.0)
        score += w["reason_weight"].get(facts.reason, 0.0)
        score += sum(x * c for x, c in zip(fact_features(facts, length), w["fact_weights"], strict=True))
        return 1.0 / (1.0 + math.exp(-score))

    def available(self) -> bool:
        return self.path.is_file()
