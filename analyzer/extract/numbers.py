"""Numbers as policy documents write them: 1200 / 1.3万亿 / ５．５ / 一千二百万 / 千亿 / 两.

`read_number(digits, multiplier)` gives the value as a float (4.06万亿 → 4.06e12 exactly); Chinese numerals are
read by cn2an, imported on first use only.
"""
from __future__ import annotations

import functools
from decimal import Decimal

from ..rules.targets import CN_CHARS, CN_SIMPLIFY, MULTIPLIERS


@functools.lru_cache(maxsize=1)
def _cn2an():
    """cn2an, imported on first use (it is slow to import and not needed to start)."""
    import cn2an

    return cn2an


@functools.lru_cache(maxsize=4096)
def _read_chinese(numeral: str) -> float | None:
    """一千二百万 → 12000000.0; 千亿 → 1e11; 两 → 2.0; None when not a numeral (一二三, 十四五)."""
    s = numeral.translate(CN_SIMPLIFY)
    if s[0] in "百千万亿":
        s = "一" + s
    try:
        return float(_cn2an().cn2an(s, "strict"))
    except (ValueError, KeyError, IndexError):
        return None


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def read_number(digits: str, mult: str | None = None) -> float | None:
    """'1.3', '万亿' → 1.3e12; '一千二百' → 1200.0."""
    if digits[0] in CN_CHARS:
        value = _read_chinese(digits)
        return value * MULTIPLIERS[mult] if value is not None and mult else value
    exact = Decimal(digits.replace(",", "").replace("，", "").translate(_FULL_WIDTH))
    if mult:
        exact *= Decimal(int(MULTIPLIERS[mult]))
    return float(exact)  # 4.06万亿 → 4.06e12 exactly, not 4059999999999.9995
