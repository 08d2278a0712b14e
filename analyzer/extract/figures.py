"""Figures: a number with its unit and comparator, read off a regex match, before it becomes a target.

`figure_at(match, sentence, quoted)` reads one match of `rules.targets.NUMBER` and drops what is no goal's
figure: ordinals (第七届), quoted names (“一方案十专案”), names glued to letters (5G, PM2.5), durations (3个月),
deadlines (30个工作日内), sizes (13亿人口), thresholds qualifying a noun (60岁以上老年人) and Chinese numerals used
as labels or figures of speech (四个关键环节, 千家万户).
"""
from __future__ import annotations

import re

from ..rules.numerals import JIAO_FEN, YUAN
from ..rules.targets import (
    ARABIC_GLUE_AFTER,
    ARABIC_GLUE_BEFORE,
    ASCII_QUOTES,
    CN_CHARS,
    COUNT_UNITS,
    DURATION_AFTER_GE,
    FRACTION_NEEDS_VERB,
    HARD_STOPS,
    MULTIPLIERS,
    NOT_AFTER,
    NOUN_STOPS,
    QUOTE_PAIRS,
    RATIO_UNITS,
    SCALE_UNIT,
    SMALL_CN_COUNT_AFTER,
    SMALL_CN_OK_AFTER,
    TEN_NEEDS_VERB,
    TIME_LIMIT_BEFORE,
    TIME_MEASURES,
)
from .numbers import read_number

# Digits that make a Chinese numeral a count (十 too: 新增就业十万人); 亿万/千家万户 have none.
CN_COUNTING_DIGITS = "一二两兩三四五六七八九十壹贰貳叁參肆伍陆陸柒捌玖拾廿卅"


def quoted_spans(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of every quoted or titled stretch: “…”, 《…》, "…"."""
    spans, stack = [], []
    ascii_open = None
    for i, ch in enumerate(sentence):
        if ch in QUOTE_PAIRS:
            stack.append((ch, i))
        elif stack and ch == QUOTE_PAIRS[stack[-1][0]]:
            spans.append((stack.pop()[1], i + 1))
        elif ch in ASCII_QUOTES:
            if ascii_open is None:
                ascii_open = i
            else:
                spans.append((ascii_open, i + 1))
                ascii_open = None
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < pos < e for s, e in spans)


class Figure:
    """A number with its unit and comparator, before the span is grown."""

    __slots__ = ("start", "end", "value", "upper", "unit", "measure", "kind", "post")

    def __init__(self, start, end, value, upper, unit, measure, kind, post):
        self.start, self.end = start, end
        self.value, self.upper = value, upper
        self.unit, self.measure, self.kind = unit, measure, kind
        self.post = post


def unit_kind(unit: str | None) -> str | None:
    if not unit:
        return None
    base = unit.split("/")[0]
    if base in RATIO_UNITS:
        return "ratio"
    if base == SCALE_UNIT:
        return "scale"
    if base in COUNT_UNITS:
        return "count"
    return "measure"


def measure_of(unit: str | None) -> str | None:
    if unit in ("%", "％"):
        return "%"
    if unit in ("个百分点", "百分点", "個百分點", "個百分点", "个百分點", "百分點"):
        return "百分点"
    if unit == "成":
        return "%"
    if unit == SCALE_UNIT:
        return None
    if unit == "个工作日":
        return "工作日"
    if unit == "圆":
        return "元"
    return unit


def figure_at(m: re.Match, sentence: str, quoted) -> Figure | None:
    """Read one regex match; None when it is no target number."""
    start = m.start()
    if _inside(start, quoted):
        return None
    before = sentence[max(0, start - 8):start]  # enough for every cue word
    if before.endswith(NOT_AFTER):
        return None
    if m.group("pct"):
        if m.group("pctden") and not FRACTION_NEEDS_VERB.search(before):
            return None  # 仍然有三分之一 / 各负担三分之一: a description, not a goal
        return _percent(m)
    if m.group("fan"):
        return Figure(start, m.end(), read_number(m.group("fann")), None, "番", "番", "ratio", None)
    if m.group("lo"):
        return None if ARABIC_GLUE_BEFORE.search(before) else _range(m)
    return _figure(m, sentence, before)


def _percent(m: re.Match) -> Figure | None:
    """百分之五 / 千分之三 / 百分之八至九; other fractions in %: 五分之一 → 20%, 万分之三 → 0.03%."""
    value = read_number(m.group("pctn"))
    if value is None:
        return None
    measure = "‰" if m.group("pctk") == "千分之" else "%"
    upper = read_number(m.group("pcthi")) if m.group("pcthi") else None
    if m.group("pctden"):
        den = read_number(m.group("pctden"))
        if not den or value >= den or upper is not None:
            return None  # 一分之… / 五分之七: not a share
        value = round(value / den * 100, 6)
    if upper is not None and upper <= value:
        return None
    return Figure(m.start(), m.end(), value, upper, measure, measure, "ratio", m.group("pctpost"))


def _range(m: re.Match) -> Figure | None:
    """6%-6.5% / 6-6.5% / 3000-5000万元: the upper bound carries the unit."""
    unit, mult = m.group("hiunit"), m.group("himult")
    lo = read_number(m.group("lo"), m.group("lomult") or mult)
    hi = read_number(m.group("hi"), mult)
    if lo is None or hi is None or lo >= hi:
        return None
    if unit == "成":
        lo, hi = lo * 10, hi * 10
    return Figure(m.start(), m.end(), lo, hi, unit, measure_of(unit), unit_kind(unit), m.group("rpost"))


def _figure(m: re.Match, sentence: str, before: str) -> Figure | None:
    """One figure with its unit: 1200万人以上 / 1.3万亿斤 / 千亿级 / 194个 / 一千二百多万人."""
    num, unit, mult, post = m.group("num"), m.group("unit"), m.group("mult"), m.group("post")
    chinese = num[0] in CN_CHARS
    if chinese and not _chinese_is_a_quantity(num, unit, post, before):
        return None
    if not chinese and not _arabic_stands_alone(m, sentence, before):
        return None
    if not unit and not (mult and not chinese):
        return None  # a bare number: 12221, 2024年, 1.努力…
    if _names_no_goal(m, sentence):
        return None
    value = read_number(num, mult if not chinese else None)
    if value is None:
        return None
    if chinese and mult:
        value *= MULTIPLIERS[mult]
    if unit == "成":
        value *= 10
    more = m.group("more") or m.group("more2") or next((c for c in num if c in "多余"), None)
    if more and not post:
        post = more
    end = m.end()
    if unit in YUAN and not post:  # 壹拾壹元壹角壹分: tenths and hundredths of the 元
        cents = JIAO_FEN.match(sentence, m.end("unit"))
        if cents:
            value += read_number(cents["jiao"]) * 0.1 + (read_number(cents["fen"]) * 0.01 if cents["fen"] else 0)
            value, end = round(value, 2), cents.end()
    return Figure(m.start(), end, value, None, unit, measure_of(unit), unit_kind(unit), post)


def _arabic_stands_alone(m: re.Match, sentence: str, before: str) -> bool:
    """Digits glued to Latin letters, other digits or version marks are names (5G, PM2.5,
    COVID-19); 3级医院 is a grade, not a scale."""
    unit = m.group("unit")
    if ARABIC_GLUE_BEFORE.search(before):
        return False
    if ARABIC_GLUE_AFTER.match(sentence[m.end("num"):]) and not (unit and unit[0].isascii()):
        return False
    return not (unit_kind(unit) == "scale" and not m.group("mult"))


def _chinese_is_a_quantity(num: str, unit: str | None, post: str | None, before: str) -> bool:
    """两级 / 三级, 亿万人民, 千家万户, 四个关键环节, 十件实事, 一批: labels and figures of speech."""
    if unit_kind(unit) == "scale":
        if num[-1] not in "十百千万萬亿億":
            return False  # 两级 / 三级
    elif not any(c in CN_COUNTING_DIGITS for c in num):
        return False  # 亿万人民 / 千家万户 / 万人: figures of speech
    elif not any(c in CN_COUNTING_DIGITS and c not in "十拾" for c in num) and len(num) > 1:
        return bool(TEN_NEEDS_VERB.search(before))  # 新增就业十万人, not 十亿人民
    if len(num) == 1 and not post and unit not in ("倍", "成"):
        if SMALL_CN_OK_AFTER.search(before):
            return True  # 新增十个 / 增加两个
        # 力争完成十个项目, but 建设一个… (the article) and 四个关键环节 / 十件实事 (names and lists)
        return num != "一" and bool(SMALL_CN_COUNT_AFTER.search(before))
    return True


def _names_no_goal(m: re.Match, sentence: str) -> bool:
    """A figure that is a duration (3个月), a deadline (30个工作日内完成), a size (13亿人口) or a
    threshold qualifying a noun (60岁以上老年人, 10亿元以上重大项目)."""
    unit, post = m.group("unit"), m.group("post")
    after = sentence[m.end():]
    if unit == "个" and DURATION_AFTER_GE.match(sentence[m.end("unit"):]):
        return True
    if unit in TIME_MEASURES and not TIME_LIMIT_BEFORE.search(sentence[max(0, m.start() - 6):m.start()]):
        return True
    if unit == "人" and after.startswith(("口", "民")):
        return True  # 13亿人口 / 六万万人民: the population, a size
    if unit_kind(unit) == "measure" and post in ("以上", "以下", None) and after[:1] and after[0] not in HARD_STOPS:
        threshold = post and (after[0] == "的" or not NOUN_STOPS.match(after))
        return bool(threshold) or unit == "岁"
    return False
