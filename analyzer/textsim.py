"""How alike two task texts are: the scorer's measure (spec §7), shared by scoring and review placement.

Texts are compared after removing whitespace and punctuation (NFKC-folded); similarity is the character-bigram
Dice coefficient, 1.0 when one contains the other and the shorter is at least half as long. `match()` pairs two
lists one to one, best pairs first.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any


def squash(text: str) -> str:
    """Drop whitespace, punctuation and symbols; fold full-width forms."""
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in text if not ch.isspace()
                   and not unicodedata.category(ch).startswith(("P", "S")))


def similarity(a: str, b: str) -> float:
    """Bigram Dice of the squashed texts, 1.0 for a long enough containment."""
    a, b = squash(a), squash(b)
    if not a or not b:
        return 0.0
    short, long_ = sorted((a, b), key=len)
    if short in long_ and len(short) * 2 >= len(long_):
        return 1.0
    ga = [a[i:i + 2] for i in range(len(a) - 1)] or [a]
    gb = [b[i:i + 2] for i in range(len(b) - 1)] or [b]
    common = sum((Counter(ga) & Counter(gb)).values())
    return 2 * common / (len(ga) + len(gb))


def match(gold: Sequence, pred: Sequence, key: Callable[[Any], str], threshold: float
          ) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, best similarity first."""
    pairs = []
    for i, g in enumerate(gold):
        kg = key(g)
        for j, p in enumerate(pred):
            s = similarity(kg, key(p))
            if s >= threshold:
                pairs.append((-s, i, j))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out
