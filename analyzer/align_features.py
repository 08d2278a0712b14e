"""Pair features for the aligner: for every (left task, right task) the measures an analyst would use.

Each feature is an n × m matrix; `pair_features` stacks them into rows of `FEATURE_NAMES`, in that order
(the learned model in resources/aligner.json names the features it was trained on, so a change here is
caught at load time, not silently mis-weighted). Groups of features:

- **wording**: TF-IDF cosine over jieba words and over character 1–3-grams, the best clause-to-clause
  cosine (a reworded task often keeps one clause), heading (section) similarity, shared quoted names
  (“放管服”, “两新”), shared figures;
- **meaning**: similarity in the policy word-vector space trained here (analyzer.vectors): the centred SIF
  sentence cosine and the soft word match in each direction;
- **competition**: how a pair stands against the other candidates of each task — rank in its row and
  column, distance to the row's and column's best, the best's lead over the second. A pair that is each
  task's best is worth more than its bare score says;
- **splits and merges**: a task against a run of two consecutive tasks on the other side (one task ↔ a
  run), as the gain over the single task — the sign of a task cut in two;
- **order**: the score of the diagonal neighbours (i−1, j−1) and (i+1, j+1) — reports reorder sections but
  keep the order of tasks inside a matched section, so a pair whose neighbours also pair is likelier;
  relative position; and the shape: lengths, their ratio, whether each side is a heading.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .rules.headings import HEADING_MARK
from .segment import Segmenter
from .vectors import WordVectors, centred_cosine, soft_match

FEATURE_NAMES = (
    "word_cosine", "char_cosine", "clause_cosine", "lexical", "heading_cosine", "quoted_shared", "figures_shared",
    "vector_cosine", "soft_left", "soft_right", "soft_mean",
    "lexical_row_rank", "lexical_col_rank", "lexical_below_row_best", "lexical_below_col_best",
    "row_lead", "col_lead", "vector_below_row_best", "vector_below_col_best", "vector_row_rank", "vector_col_rank",
    "soft_below_row_best", "soft_below_col_best",
    "run_right", "run_left", "run_right_gain", "run_left_gain",
    "diagonal_max", "diagonal_sum", "vector_diagonal_sum", "relative_position",
    "log_length_ratio", "log_left_length", "log_right_length", "left_heading", "right_heading",
)

# Breaks between clauses; 、 is kept inside (a list of measures is one clause).
CLAUSE_BREAK = re.compile(r"[，,；;：:。]")
QUOTED = re.compile(r"[“\"《]([^”\"》]{2,20})[”\"》]")
FIGURE = re.compile(r"\d+(?:\.\d+)?")
# An ordinal opening a heading in running text: 第三，继续加强和改善宏观调控.
ORDINAL_OPENING = re.compile(r"^第[一二三四五六七八九十]+[，、]")


def clauses(text: str) -> list[str]:
    return [c for c in CLAUSE_BREAK.split(text) if len(c) >= 3] or [text]


def is_heading(text: str) -> bool:
    return bool(HEADING_MARK.match(text) or ORDINAL_OPENING.match(text))


@dataclass
class Sides:
    """The two lists of task texts (with their headings) and what the features read from them, computed
    once. `words_of` is the segmenter's jieba cut, memoised across the pairs of a series."""

    left: Sequence[str]
    right: Sequence[str]
    left_sections: Sequence[str] = ()
    right_sections: Sequence[str] = ()
    word_cache: dict[str, list[str]] = field(default_factory=dict)


def _words(segmenter: Segmenter, cache: dict[str, list[str]], text: str) -> list[str]:
    out = cache.get(text)
    if out is None:
        out = cache[text] = segmenter.words(text)
    return out


def _tfidf(kind: str, words_of=None):
    from sklearn.feature_extraction.text import TfidfVectorizer

    if kind == "words":
        return TfidfVectorizer(tokenizer=words_of, token_pattern=None, lowercase=False, sublinear_tf=True)
    return TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)


def _cosine(a, b):
    return (a @ b.T).toarray()


def _clause_cosine(left: Sequence[str], right: Sequence[str], char_vec):
    """Best clause-to-clause cosine per task pair (max over the blocks of a clause × clause matrix)."""
    import numpy as np

    lc, rc = [clauses(t) for t in left], [clauses(t) for t in right]
    sims = _cosine(char_vec.transform([c for cs in lc for c in cs]), char_vec.transform([c for cs in rc for c in cs]))
    lb = np.cumsum([0] + [len(c) for c in lc])[:-1]
    rb = np.cumsum([0] + [len(c) for c in rc])[:-1]
    return np.maximum.reduceat(np.maximum.reduceat(sims, lb, axis=0), rb, axis=1)


def _run_cosine(a, b):
    """cos(a_i, b_j + b_j±1): each task of `a` against the best run of two consecutive tasks of `b`
    that holds b_j."""
    import numpy as np
    from sklearn.preprocessing import normalize

    base = _cosine(a, b)
    if b.shape[0] < 2:
        return base
    pairs = _cosine(a, normalize(b[:-1] + b[1:]))  # column j: the run (j, j+1)
    out = np.zeros_like(base)
    out[:, :-1] = pairs
    out[:, 1:] = np.maximum(out[:, 1:], pairs)
    return out


def _shift(m, k: int):
    """m shifted along the diagonal: out[i, j] = m[i-k, j-k] (0 outside)."""
    import numpy as np

    out = np.zeros_like(m)
    if k > 0:
        out[k:, k:] = m[:-k, :-k]
    elif k < 0:
        out[:k, :k] = m[-k:, -k:]
    return out


def _ranks(m):
    """Each pair's rank in its row and in its column (0 = the best), capped at 20."""
    import numpy as np

    return np.minimum((-m).argsort(1).argsort(1), 20), np.minimum((-m).argsort(0).argsort(0), 20)


def _lead(m, axis: int):
    """The best's lead over the second best in each row (axis=1) or column (axis=0), broadcast."""
    import numpy as np

    if m.shape[axis] < 2:
        return np.zeros_like(m) + m.max(axis=axis, keepdims=True)
    s = np.sort(m, axis=axis)
    top = np.take(s, [-1], axis=axis)
    second = np.take(s, [-2], axis=axis)
    return np.zeros_like(m) + (top - second)


def _shared(sets_left: list[set], sets_right: list[set]):
    import numpy as np

    out = np.zeros((len(sets_left), len(sets_right)))
    for i, a in enumerate(sets_left):
        if a:
            for j, b in enumerate(sets_right):
                if b:
                    out[i, j] = len(a & b)
    return out


def feature_matrices(sides: Sides, segmenter: Segmenter, vectors: WordVectors) -> dict[str, object]:
    """Every feature as an n × m matrix, by name."""
    import numpy as np

    left, right = list(sides.left), list(sides.right)
    n, m = len(left), len(right)
    cache = sides.word_cache

    def words_of(t):
        return _words(segmenter, cache, t)

    # fit_transform once over both sides, then split: each text is analysed once per vectoriser
    word_vec, char_vec = _tfidf("words", words_of), _tfidf("chars")
    both_w, both_c = word_vec.fit_transform(left + right), char_vec.fit_transform(left + right)
    lw, rw, lc, rc = both_w[:n], both_w[n:], both_c[:n], both_c[n:]
    f: dict[str, object] = {}
    f["word_cosine"] = _cosine(lw, rw)
    f["char_cosine"] = _cosine(lc, rc)
    f["clause_cosine"] = _clause_cosine(left, right, char_vec)
    lexical = (f["word_cosine"] + f["char_cosine"]) / 4 + f["clause_cosine"] / 2
    f["lexical"] = lexical
    ls, rs = list(sides.left_sections) or [""] * n, list(sides.right_sections) or [""] * m
    if any(ls) and any(rs):
        head_vec = _tfidf("chars").fit(ls + rs)
        f["heading_cosine"] = _cosine(head_vec.transform(ls), head_vec.transform(rs))
    else:
        f["heading_cosine"] = np.zeros((n, m))
    f["quoted_shared"] = _shared([set(QUOTED.findall(t)) for t in left], [set(QUOTED.findall(t)) for t in right])
    f["figures_shared"] = _shared([set(FIGURE.findall(t)) for t in left], [set(FIGURE.findall(t)) for t in right])
    lws, rws = [words_of(t) for t in left], [words_of(t) for t in right]
    vector = centred_cosine(vectors, lws, rws)
    soft_l, soft_r = soft_match(vectors, lws, rws)
    soft = (soft_l + soft_r) / 2
    f["vector_cosine"], f["soft_left"], f["soft_right"], f["soft_mean"] = vector, soft_l, soft_r, soft
    f["lexical_row_rank"], f["lexical_col_rank"] = _ranks(lexical)
    f["lexical_below_row_best"] = lexical - lexical.max(axis=1, keepdims=True)
    f["lexical_below_col_best"] = lexical - lexical.max(axis=0, keepdims=True)
    f["row_lead"], f["col_lead"] = _lead(lexical, 1), _lead(lexical, 0)
    f["vector_below_row_best"] = vector - vector.max(axis=1, keepdims=True)
    f["vector_below_col_best"] = vector - vector.max(axis=0, keepdims=True)
    f["vector_row_rank"], f["vector_col_rank"] = _ranks(vector)
    f["soft_below_row_best"] = soft - soft.max(axis=1, keepdims=True)
    f["soft_below_col_best"] = soft - soft.max(axis=0, keepdims=True)
    f["run_right"] = _run_cosine(lc, rc)
    f["run_left"] = _run_cosine(rc, lc).T
    f["run_right_gain"] = f["run_right"] - f["char_cosine"]
    f["run_left_gain"] = f["run_left"] - f["char_cosine"]
    before, after = _shift(lexical, 1), _shift(lexical, -1)
    f["diagonal_max"] = np.maximum(before, after)
    f["diagonal_sum"] = before + after
    f["vector_diagonal_sum"] = _shift(vector, 1) + _shift(vector, -1)
    pi = np.arange(n)[:, None] / max(n - 1, 1)
    pj = np.arange(m)[None, :] / max(m - 1, 1)
    f["relative_position"] = np.abs(pi - pj)
    ll = np.array([math.log(max(len(t), 1)) for t in left])[:, None] + np.zeros((1, m))
    rl = np.array([math.log(max(len(t), 1)) for t in right])[None, :] + np.zeros((n, 1))
    f["log_length_ratio"], f["log_left_length"], f["log_right_length"] = ll - rl, ll, rl
    f["left_heading"] = np.array([is_heading(t) for t in left], float)[:, None] + np.zeros((1, m))
    f["right_heading"] = np.array([is_heading(t) for t in right], float)[None, :] + np.zeros((n, 1))
    return f


def pair_features(sides: Sides, segmenter: Segmenter, vectors: WordVectors, names: Sequence[str] = FEATURE_NAMES,
                  matrices: dict | None = None):
    """The (n·m) × len(names) feature rows, pair (i, j) at row i·m + j (from `matrices` when given)."""
    import numpy as np

    n, m = len(sides.left), len(sides.right)
    if not n or not m:
        return np.zeros((0, len(names)))
    mats = matrices if matrices is not None else feature_matrices(sides, segmenter, vectors)
    return np.stack([np.asarray(mats[k], dtype=np.float64).ravel() for k in names], axis=1)
