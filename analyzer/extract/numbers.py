"""Numbers as policy documents write them (every form in `rules/numerals.py`): 1200 / 1.3万亿 / ５．５ / 一千二百万 /
一百九十万零三千九百七十一 / 三万五 / 3万4000 / 壹拾壹 / 四亿零七百多万 / 五分之一.

`read_numeral(text)` reads one numeral, Arabic, Chinese or mixed, to a float; None when it is not one well-formed
number (a half-read gives nothing, never a wrong value: 十一十二, 一二万). `read_number(digits, multiplier)` is the
target grammar's entry: a numeral and the multiplier written after it (1.3 + 万亿 → 1.3e12 exactly).

The reader is our own, not cn2an's: cn2an's strict mode refuses valid numerals (十万零一千, 一百九十万零三千九百七十一),
its smart mode reads 3万4000 as 4000, and neither reads 四亿零七百多万 or 拾万零五十六 whole.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal

from ..rules.numerals import (
    APPROXIMATE,
    CN_DIGIT_CHARS,
    DECIMAL_POINTS,
    DIGIT_VALUES,
    PLACE_VALUES,
    SECTION_VALUES,
    TENS,
    ZERO_CHARS,
)
from ..rules.targets import MULTIPLIERS

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_ARABIC = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")
# 多/余 inside a numeral: only before a higher section (七百多万), which it then does not multiply
_INNER_APPROX = re.compile(rf"[{APPROXIMATE}](?=[{''.join(SECTION_VALUES)}])")


def _tokens(text: str) -> list[tuple[str, Decimal]] | None:
    """('d', value) for a digit, ('a', value) for an Arabic run, ('p', place) for 十百千, ('s', section) for
    万亿, ('z', 0) for 零."""
    out: list[tuple[str, Decimal]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        m = _ARABIC.match(text, i)
        if m:
            out.append(("a", Decimal(m.group().replace(",", ""))))
            i = m.end()
            continue
        if ch in ZERO_CHARS:
            out.append(("z", Decimal(0)))
        elif ch in DIGIT_VALUES:
            out.append(("d", Decimal(DIGIT_VALUES[ch])))
        elif ch in TENS:
            out.append(("d", Decimal(TENS[ch] // 10)))
            out.append(("p", Decimal(10)))
        elif ch in PLACE_VALUES:
            out.append(("p", Decimal(PLACE_VALUES[ch])))
        elif ch in SECTION_VALUES:
            out.append(("s", Decimal(SECTION_VALUES[ch])))
        else:
            return None
        i += 1
    return out


def _digit_by_digit(text: str) -> Decimal | None:
    """一七二零 / 二〇二四 / 一九九八: each character a digit — with a zero in it or at least three long, and no
    两, because two digits side by side count loosely: 三四个 is "three or four", not 34."""
    if len(text) < 2 or "两" in text or "兩" in text or not all(c in CN_DIGIT_CHARS for c in text):
        return None
    if len(text) < 3 and not any(c in ZERO_CHARS for c in text[1:]):
        return None
    return Decimal("".join(str(DIGIT_VALUES[c]) for c in text))


class _Accumulator:
    """Reads the tokens of an integer numeral left to right; each step returns False when the numeral is
    not well formed (a half-read gives nothing, never a wrong value)."""

    def __init__(self):
        self.total = Decimal(0)  # sections already closed by 亿
        self.below_yi = Decimal(0)  # the 万 section under the current 亿
        self.section = Decimal(0)  # places inside the current section
        self.digit: Decimal | None = None
        self.arabic = False  # the pending digit is an Arabic run (3万4000: no colloquial place for it)
        self.last_place: Decimal | None = None  # the place just written, for the colloquial 三万五
        self.after_zero = False

    def add_digit(self, value: Decimal, arabic: bool) -> bool:
        if self.digit is not None:
            return False  # two digits in a row inside a numeral with places: 一二万
        self.digit, self.arabic = value, arabic
        return True

    def add_zero(self) -> bool:
        if self.digit is not None:
            return False
        self.after_zero, self.last_place = True, None
        return True

    def add_place(self, value: Decimal) -> bool:
        if self.section and self.last_place is not None and value >= self.last_place:
            return False  # 十一十二: places must fall inside a section
        self.section += (self.digit if self.digit is not None else Decimal(1)) * value
        self.digit, self.last_place, self.after_zero = None, value, False
        return True

    def add_section(self, value: Decimal) -> bool:
        part = self.section + (self.digit or 0)
        if not (part or self.below_yi or self.total):
            part = Decimal(1)  # a leading 万/亿 is one of it: 万分之三
        if value == SECTION_VALUES["亿"]:
            self.total = (self.total + self.below_yi + part) * value
            self.below_yi = Decimal(0)
        elif not part and not self.below_yi and self.total:
            self.total *= value  # 万 straight after 亿: 万亿
        else:
            self.below_yi = (self.below_yi + part) * value
        self.section, self.digit = Decimal(0), None
        self.last_place, self.after_zero = value, False
        return True

    def value(self) -> Decimal:
        section = self.section
        if self.digit is not None:
            digit = self.digit
            if self.last_place is not None and self.last_place >= 100 and not (self.after_zero or self.arabic):
                digit *= self.last_place / 10  # 三万五 / 两千六 / 一百二
            section += digit
        return self.total + self.below_yi + section


def _integer(text: str) -> Decimal | None:
    """The value of an integer numeral with places and sections, or None if it is not well formed."""
    if not text:
        return None
    by_digit = _digit_by_digit(text)
    if by_digit is not None:
        return by_digit
    tokens = _tokens(text)
    if not tokens or any(a == b == ("s", Decimal(10_000)) for a, b in zip(tokens, tokens[1:], strict=False)):
        return None  # 万万: the old 亿 of 六万万人民 and 万万不可 — not read
    acc = _Accumulator()
    steps = {"d": lambda v: acc.add_digit(v, False), "a": lambda v: acc.add_digit(v, True),
             "z": lambda v: acc.add_zero(), "p": acc.add_place, "s": acc.add_section}
    if not all(steps[kind](value) for kind, value in tokens):
        return None
    return acc.value()


@functools.lru_cache(maxsize=8192)
def read_numeral(text: str) -> float | None:
    """One numeral, Arabic, Chinese or mixed: 一千二百万 → 12000000.0; 3万4000 → 34000.0; 一百点123 → 100.123;
    五分之一 → 0.2 (a fraction as a number); None when `text` is not one well-formed numeral."""
    s = text.strip().translate(_FULL_WIDTH)
    if not s:
        return None
    if "分之" in s:
        whole, _, part = s.partition("分之")
        den, num = read_numeral(whole), read_numeral(part)
        return num / den if num is not None and den else None
    s = _INNER_APPROX.sub("", s)
    head, point, tail = s, "", ""
    for p in DECIMAL_POINTS:
        if p in s:
            head, point, tail = s.partition(p)
            break
    if point:
        if not head or not tail:
            return None
        fraction = tail if tail.isdigit() else "".join(str(DIGIT_VALUES.get(c, "x")) for c in tail)
        if not fraction.isdigit():
            return None
        whole = _integer(head)
        return None if whole is None else float(whole + Decimal("0." + fraction))
    value = _integer(s)
    return None if value is None else float(value)


def read_number(digits: str, mult: str | None = None) -> float | None:
    """'1.3', '万亿' → 1.3e12; '一千二百' → 1200.0; '3万4000' → 34000.0."""
    value = read_numeral(digits)
    if value is None:
        return None
    if not mult:
        return value
    exact = Decimal(repr(value)) * Decimal(int(MULTIPLIERS[mult]))
    return float(exact)  # 4.06万亿 → 4.06e12 exactly, not 4059999999999.9995
