"""Policy domains: which field a task belongs to, from a model trained on a labelled sample.

The taxonomy (keys → labels) is documented in corpora/domains/README.md; the sample
(`corpora/domains/labels.jsonl`, hand-labelled tasks of the national reports
1978–2025) trains a scikit-learn Pipeline — TF-IDF over jieba words and character
n-grams, then a linear SVM — on first use, in well under a second. Scikit-learn
conventions: stock parts, a module-level tokenizer so the model pickles, fit
returns self.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from .context import shared_context
from .errors import AnalyzerError

DOMAINS: dict[str, str] = {
    "industry_innovation": "产业与创新",
    "consumption_investment": "消费与投资",
    "reform": "改革",
    "opening_up": "对外开放",
    "agriculture_rural": "农业农村",
    "urban_infrastructure": "城乡建设与基础设施",
    "environment_energy": "生态环境与能源",
    "employment_welfare": "就业与社会保障",
    "education_health_culture": "教育卫生文化",
    "security_risk": "安全与风险",
    "government_party": "政府与党的建设",
    "macro_general": "宏观总体",
}

_SAMPLE_PLACES = (
    Path(__file__).parent / "resources" / "domain_labels.jsonl",  # installed copy
    Path(__file__).resolve().parents[1] / "corpora" / "domains" / "labels.jsonl",  # checkout
)


def sample_path() -> Path:
    for p in _SAMPLE_PLACES:
        if p.exists():
            return p
    raise AnalyzerError("the labelled domain sample is missing", path=str(_SAMPLE_PLACES[1]))


def load_sample(path: Path | None = None) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for line in (path or sample_path()).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if row.get("domain") in DOMAINS:
                texts.append(row["text"])
                labels.append(row["domain"])
    return texts, labels


def make_model():
    """An untrained domain classifier: TF-IDF (words + character n-grams) → LinearSVC."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.svm import LinearSVC


    features = FeatureUnion([
        ("words", TfidfVectorizer(tokenizer=shared_context().segmenter.words, token_pattern=None, lowercase=False,
                                  sublinear_tf=True)),
        ("chars", TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)),
    ])
    return Pipeline([("features", features), ("clf", LinearSVC(C=0.5, class_weight="balanced"))])


@lru_cache(maxsize=1)
def model():
    """The classifier trained on the bundled sample (once per process)."""
    texts, labels = load_sample()
    return make_model().fit(texts, labels)


def classify(texts: Sequence[str]) -> list[str]:
    """The domain key of each task text."""
    if not texts:
        return []
    return [str(x) for x in model().predict(list(texts))]


def cross_validate(folds: int = 5, seed: int = 0) -> dict[str, Any]:
    """Stratified k-fold accuracy (and macro-F1) of the model on the bundled sample."""
    from sklearn.model_selection import StratifiedKFold
    from sklearn.model_selection import cross_validate as cv

    texts, labels = load_sample()
    result = cv(make_model(), texts, labels, scoring=("accuracy", "f1_macro"),
                cv=StratifiedKFold(folds, shuffle=True, random_state=seed))
    return {"samples": len(texts), "folds": folds,
            "accuracy": round(float(result["test_accuracy"].mean()), 4),
            "accuracy_std": round(float(result["test_accuracy"].std()), 4),
            "f1_macro": round(float(result["test_f1_macro"].mean()), 4)}
