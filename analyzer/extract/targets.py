"""Targets: quantified goals and scales a task sets (spec §3).

    find_targets("城镇新增就业1200万人以上，城镇调查失业率5.5%左右")
    → 城镇新增就业1200万人以上 (1.2e7 人 ≥, indicator 城镇新增就业),
      城镇调查失业率5.5%左右 (5.5 % ≈, indicator 城镇调查失业率)

How it works: `NUMBER` (one regex, compiled at import) finds candidate numbers
with their unit and trailing comparator; each candidate is filtered (dates,
ordinals, quoted names, vague or list-summing numerals) and then grown into a
span — rightwards over the counted noun (194个新开工项目, 千亿级优势产业集群) or,
when nothing is counted after it, leftwards over the named indicator and its
change word (国内生产总值增长5%左右).

Every regex and cue list is in `rules/targets.py`, each with examples; numbers are
read by `numbers.py`.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..records import TargetMention
from ..rules.targets import (
    ASCII_QUOTES,
    BARE_HEADS,
    BASE_ONLY,
    CHANGE_RE,
    CN_CHARS,
    COMPARISON,
    CUT_BEFORE_INDICATOR,
    FROM_TO,
    FROM_TO_COMPARATORS,
    GENERIC_HEADS,
    GOAL_HEADS,
    HARD_STOPS,
    INDICATOR_MAX,
    INDICATOR_NOISE,
    INNER_VERBS,
    LEAD_ENUMERATOR,
    LEAD_TIME,
    LEAD_WORDS_RE,
    LINK_BEFORE_CHANGE,
    LINK_COMPARATORS,
    LINK_RE,
    MODAL_TAIL,
    MODALS,
    NOT_INDICATOR,
    NOUN_MAX,
    NOUN_STOPS,
    NOUN_TRAILING,
    NUMBER,
    POST_COMPARATORS,
    QUOTE_PAIRS,
    RESPECTIVELY,
    SHARED_NAME,
    TEXT_VERBS,
    TOWN_AND_COUNTRY,
    UNIT_LIKE,
)
from .figures import Figure, figure_at, quoted_spans


def _clause_start(sentence: str, pos: int, floor: int) -> int:
    """Start of the phrase the number at `pos` is in: after the last hard stop."""
    i = pos
    while i > floor and sentence[i - 1] not in HARD_STOPS:
        i -= 1
    return i


def _raw_clause(sentence: str, pos: int) -> str:
    """Text from the last ，；：。 before `pos` (quotes and 、 kept) to `pos`."""
    i = pos
    while i > 0 and sentence[i - 1] not in "，,；;：:。！？!?":
        i -= 1
    return sentence[i:pos]


# ---------------------------------------------------------------------------
# Spans
# ---------------------------------------------------------------------------


def _counted_noun(sentence: str, pos: int, quoted) -> int:
    """End of the noun counted after `pos` (== pos when there is none)."""
    i, n = pos, len(sentence)
    limit = min(n, pos + NOUN_MAX)
    while i < limit:
        ch = sentence[i]
        if ch in QUOTE_PAIRS or ch in ASCII_QUOTES:
            close = next((e for s, e in quoted if s == i), None)
            if close is None or close - pos > NOUN_MAX + 8:
                break
            i = close
            continue
        if ch in HARD_STOPS or not ("\u4e00" <= ch <= "\u9fff" or ch.isalnum()):
            break
        if ch.isdigit() or (ch in CN_CHARS and i > pos and NUMBER.match(sentence, i)
                            and NUMBER.match(sentence, i).group("unit")):
            break
        if NOUN_STOPS.match(sentence, i):
            break
        i += 1
    if i - pos > 4:
        trail = NOUN_TRAILING.search(sentence, pos, i)
        if trail:
            i = trail.start()
    return i


def _strip_lead(text: str) -> tuple[int, int]:
    """Offsets (into text) where the indicator starts, and where the text may start.

    The second is the start of the last stripped verb when nothing is left after
    stripping (今年先发行 → 发行), else equal to the first.
    """
    i, verb_at = 0, None
    m = LEAD_ENUMERATOR.match(text)
    if m:
        i = m.end()
    while i < len(text):
        m = LEAD_TIME.match(text, i)
        if m and m.end() > i:
            i = m.end()
            continue
        m = LEAD_WORDS_RE.match(text, i)
        if m:
            rest = len(text) - m.end()
            if 0 < rest <= 2 and not LEAD_WORDS_RE.fullmatch(text, m.end()):
                break  # 新增就业 / 建设用地: too little left to name anything
            if m.group() in TEXT_VERBS:
                verb_at = i
            i = m.end()
            continue
        break
    if i >= len(text):
        return i, verb_at if verb_at is not None else i
    # a verb inside a long phrase starts it again
    last = None
    for m in INNER_VERBS.finditer(text, i):
        if len(text) - m.end() >= 3:
            last = m
    if last is not None:
        i = last.end()
    if len(text) - i > INDICATOR_MAX:
        # too long to be one name: start after its last 的, never inside a word (基本公共卫生… → 共卫生…)
        de = text.rfind("的", i, len(text) - 2)
        if de >= 0:
            i = de + 1
    return i, i


def _split_link(left: str) -> tuple[str, str, str | None]:
    """'赤字率拟按' → ('赤字率', '拟按', None); '比例达到' → ('比例', '达到', '≥')."""
    link, link_cmp = "", None
    while left:
        m = LINK_RE.search(left)
        if not m:
            break
        word = m.group()
        link = word + link
        if link_cmp is None and LINK_COMPARATORS.get(word):
            link_cmp = LINK_COMPARATORS[word]
        left = left[:m.start()]
    return left, link, link_cmp


def _split_change(left: str, doubling: bool = False) -> tuple[str, str | None, bool]:
    """'国内生产总值增长' → ('国内生产总值', '增长', False); '比上年增加' → ('', '增加', True)."""
    if doubling:  # the change word 翻 is part of the number: 比2000年翻一番
        m = BASE_ONLY.search(left)
        return (left[:m.start()], "翻", True) if m else (left, "翻", False)
    m = COMPARISON.search(left)
    if m:
        return left[:m.start()], m.group("chg"), True
    m = CHANGE_RE.search(left)
    if m:
        return left[:m.start()], m.group(), False
    return left, None, False


def _named_before_modal(sentence: str, clause: int, modal_at: int) -> tuple[int, str]:
    """小微企业贷款要增长30%: the indicator before 要 (start, noun); noun '' if a unit is there."""
    before = sentence[clause:modal_at]
    before = before[:MODAL_TAIL.search(before).start()] if MODAL_TAIL.search(before) else before
    cuts = list(CUT_BEFORE_INDICATOR.finditer(before))
    b0 = cuts[-1].end() if cuts else 0
    head = before[b0:]
    i, _ = _strip_lead(head)
    noun = head[i:]
    if not noun or UNIT_LIKE.search(noun):
        return modal_at, ""  # 各地可降至16%: 各地 is who acts, not what is measured
    return clause + b0 + i, noun


class _Left:
    """The words before a number, taken apart: 国内生产总值 增长 | 5%左右; 赤字率 拟按 | 3%."""

    def __init__(self, sentence: str, pos: int, floor: int, doubling: bool):
        self.clause = _clause_start(sentence, pos, floor)
        # the last word after which the indicator starts (的, 和, 要 …)
        self.cut = None
        for cut in CUT_BEFORE_INDICATOR.finditer(sentence, self.clause, pos):
            self.cut = cut
        self.start = self.cut.end() if self.cut is not None else self.clause
        self.left, self.link, self.link_cmp = _split_link(sentence[self.start:pos])  # 达到 / 拟按 / 至 / 控制在
        self.head, self.change, self.has_base = _split_change(self.left, doubling)  # 增长 / 比上年增加
        link = next((w for w in LINK_BEFORE_CHANGE if self.head.endswith(w)), None) if self.change else None
        if link:  # 地区生产总值按增长5%安排: the link stands before the change word
            self.head = self.head[:-len(link)]
        self.ind_at, self.text_at = _strip_lead(self.head)
        self.noun = self.head[self.ind_at:]

    def text_start(self, pos: int, doubling: bool) -> int:
        """Where the target's text starts before the name is widened."""
        start, head = self.start, self.head
        if self.noun:
            return start + self.ind_at
        if doubling:
            return pos
        if self.change:
            if self.text_at < len(head):
                return start + self.text_at  # 减轻…
            return start + (self.left.rfind(self.change) if self.has_base else len(head))
        if self.link:
            return start + (self.text_at if self.text_at < len(head) else len(self.left))
        return start + self.text_at


def _left_span(sentence: str, pos: int, floor: int, quoted=(), doubling: bool = False):
    """Grow leftwards from the number at `pos`.

    Returns (text start, indicator, link comparator).
    """
    parts = _Left(sentence, pos, floor, doubling)
    text_start = parts.text_start(pos, doubling)
    noun, start = parts.noun, parts.start
    if noun and parts.ind_at == 0:
        noun, text_start = _widen_name(sentence, noun, start, text_start, floor, quoted, bool(parts.change))
    if noun in GENERIC_HEADS and parts.cut is not None and parts.cut.group() == "的":
        # a share names what it is a share of: 研发经费支出相当于全市生产总值的比例达到4.6%
        owner_at, owner = _owner_of_share(sentence, parts.clause, parts.cut.start())
        if owner:
            noun, text_start = owner + "的" + noun, owner_at
    if not noun and parts.link and parts.clause > floor + 1 and sentence[parts.clause - 1] in "，,":
        # the goal named in the clause before: 今年经济增长速度的宏观调控目标，定为百分之八至九
        prev = _clause_start(sentence, parts.clause - 1, floor)
        named = sentence[prev:parts.clause - 1]
        if named.endswith(GOAL_HEADS):
            i, _ = _strip_lead(named)
            noun, text_start = named[i:], prev + i
    if not noun and parts.cut is not None and parts.cut.group() in MODALS and (parts.change or parts.link):
        named_at, named = _named_before_modal(sentence, parts.clause, parts.cut.start())
        if named:
            noun, text_start = named, named_at
    if parts.has_base and noun:
        # with a comparison base the change and its figure are the target, the indicator
        # stays in `indicator`: 国家预算支出比1956年减少百分之四 → 减少百分之四, 国内生产总值
        # 到2020年力争比2000年翻两番 → 翻两番 (the shortest span with the figure and
        # what it counts, as three independent annotators drew it)
        text_start = pos if doubling else start + parts.left.rfind(parts.change)
    indicator = INDICATOR_NOISE.sub("", noun + (parts.change or "")) or None if noun else None
    return text_start, indicator, parts.link_cmp


def _owner_of_share(sentence: str, clause: int, de_at: int) -> tuple[int, str]:
    """The words before 的 that a share (比例 / 比重 / 占比) is of, from the clause start, lead words off."""
    head = sentence[clause:de_at]
    i, _ = _strip_lead(head)
    return clause + i, head[i:]


def _widen_name(sentence: str, noun: str, start: int, text_start: int, floor: int, quoted,
                longer: bool = False) -> tuple[str, int]:
    """A name that opens the phrase may reach further left: a quoted name (“三公”经费再压减3%左右)
    or names joined by 、 that share the figure (用水、用气报装时间均压减至4个工作日以内; with a change
    word, longer names too: 社会消费品零售总额、固定资产投资增长4%左右)."""
    if start > floor and sentence[start - 1] in "”\"』」’":
        q = next((qs for qs, qe in quoted if qe == start and qs >= floor), None)
        if q is not None:
            noun, text_start = sentence[q:start] + noun, q
    if sentence[text_start - 1:text_start] == "、":
        text_start = _coordinated_start(sentence, text_start, floor, SHARED_NAME if longer else _COORDINATED_NAME)
        noun = sentence[text_start:start] + noun if text_start < start else noun
    return noun, text_start


_COORDINATED_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}")


def _coordinated_start(sentence: str, at: int, floor: int, name: re.Pattern[str] = _COORDINATED_NAME) -> int:
    """Start of the names joined by 、 before `at` (which follows a 、): short names
    without figures only, so that a list of targets (粮食1.3万亿斤以上、棉花…) stays apart."""
    while at - 1 > floor and sentence[at - 1] == "、":
        k = at - 1
        while k > floor and sentence[k - 1] not in HARD_STOPS:
            k -= 1
        if not name.fullmatch(sentence[k:at - 1]):
            break
        at = k
    return at


def _is_list_sum(sentence: str, pos: int, quoted) -> bool:
    """广州、深圳两个… / …等“马上办抓落实”9项…: a count that sums up a list before it."""
    clause = _raw_clause(sentence, pos)
    for s, e in reversed(quoted):
        if e == pos and s >= pos - len(clause):
            clause = clause[: len(clause) - (e - s)]
            break
    clause = clause.rstrip()
    if clause.endswith(("等", "等等")):
        return True
    if "、" in clause and clause and "\u4e00" <= clause[-1] <= "\u9fff":
        tail = clause.rsplit("、", 1)[1]
        if not (LINK_RE.search(tail) or LEAD_WORDS_RE.search(tail) or tail.endswith("的")):
            return True
    return False


# A cheap pre-check: a target holds a digit or a Chinese numeral (翻番 holds 翻 and a numeral)
_ANY_NUMBER = re.compile(f"[0-9０-９{CN_CHARS}]")


def find_targets(sentence: str, offset: int = 0) -> list[TargetMention]:
    """Quantified goals in one task sentence, in order, without overlaps.

    `offset` is the sentence's start in the document; the mentions' start/end are
    document offsets (end exclusive) and `text == sentence[start-offset:end-offset]`.

        >>> [t.text for t in find_targets("赤字率拟按3%安排，赤字规模4.06万亿元")]
        ['赤字率拟按3%', '赤字规模4.06万亿元']
    """
    if not sentence or not _ANY_NUMBER.search(sentence):
        return []  # no digit and no numeral: nothing to find
    quoted = quoted_spans(sentence)
    out: list[TargetMention] = []
    floor = 0  # end of the last target: spans never reach back over it
    for m in NUMBER.finditer(sentence):
        if m.start() < floor:
            continue  # the second rate of 16%的税率降至13%
        cand = figure_at(m, sentence, quoted)
        if cand is None:
            continue
        grown = _from_to(sentence, cand, floor, quoted) or _grow(sentence, cand, floor, quoted)
        if grown is None:
            continue
        start, end, value, indicator, comparator = grown
        text = sentence[start:end]
        floor = end
        if indicator and any(t.value == value and t.indicator and (
                indicator.startswith(t.indicator) or t.indicator.startswith(indicator))
                for t in out):
            continue  # the same target named again: 打造…千亿级优势产业集群品牌
        out.append(TargetMention(text=text, start=offset + start, end=offset + end,
                                 value=value, measure=cand.measure, comparator=comparator,
                                 indicator=indicator or None, upper=cand.upper))
    return [t if is_indicator(t.indicator) else replace(t, indicator=None)
            for t in _shared_names(sentence, out, offset)]


def is_indicator(indicator: str | None) -> bool:
    """Whether the words before a figure name a quantity: not a bare verb, change word or function word
    (平均每年递增, 再解决, 严守, 增加, 县, 就 …: rules/targets.NOT_INDICATOR)."""
    if not indicator:
        return False
    return not NOT_INDICATOR.fullmatch(indicator)


def _shared_names(sentence: str, out: list[TargetMention], offset: int) -> list[TargetMention]:
    """Names that figures share, given to each figure (indicators only; spans stay as found):

    - 分别 with one figure per name: 能耗和二氧化碳排放分别降低13.5%、18% → 能耗降低 13.5, 二氧化碳排放
      降低 18; 城乡居民人均可支配收入分别增长7%左右和8%左右 → 城镇居民… 7, 农村居民… 8;
    - a bare head after a named figure: 粮食播种面积3320万亩、产量1285万吨以上 → 粮食产量.
    """
    out = list(out)
    k = 0
    while k < len(out):
        t = out[k]
        run = k + 1  # the figures that follow with no name of their own: 、18% / 和8%左右
        while run < len(out) and out[run].indicator is None and \
                sentence[out[run - 1].end - offset:out[run].start - offset] in ("、", "和", "，", ",", "及"):
            run += 1
        if run - k > 1 and t.indicator:
            names = _respective_names(sentence, t, offset, run - k)
            if names:
                for j, name in enumerate(names):
                    out[k + j] = replace(out[k + j], indicator=name)
            k = run
            continue
        if k and t.indicator in BARE_HEADS and sentence[out[k - 1].end - offset:t.start - offset] == "、":
            prev = out[k - 1].indicator or ""
            head = next((h for h in BARE_HEADS if prev.endswith(h) and len(prev) > len(h)), None)
            if head:
                out[k] = replace(t, indicator=prev[:-len(head)] + t.indicator)
        k += 1
    return out


def _respective_names(sentence: str, t: TargetMention, offset: int, n: int) -> list[str] | None:
    """The n names that 分别 gives n figures to, each with the change word; None if they do not count n."""
    s = t.start - offset
    m = RESPECTIVELY.search(sentence, 0, s + len(t.text))
    if m is None:
        return None
    i = a = m.start()
    while a > 0 and sentence[a - 1] not in "，,；;：:。！？!?（）()":
        a -= 1
    change = CHANGE_RE.search(t.indicator)
    change = change.group() if change else ""
    head = sentence[a:i]
    lead = _strip_lead(head)[0]
    names = [x for x in re.split(r"、|和|及|与", head[lead:]) if x]
    if len(names) == 1 and names[0].startswith(TOWN_AND_COUNTRY) and n == 2:
        rest = names[0][len(TOWN_AND_COUNTRY):]
        names = ["城镇" + rest, "农村" + rest]
    if len(names) != n:
        return None
    return [INDICATOR_NOISE.sub("", x + change) or x + change for x in names]


def _grow(sentence: str, cand: Figure, floor: int, quoted):
    """(start, end, value, indicator, comparator) of the target around `cand`, or None."""
    noun_end = cand.end
    if cand.kind in ("count", "scale", "measure") and cand.post not in ("以下", "以内"):
        noun_end = _counted_noun(sentence, cand.end, quoted)
    if noun_end > cand.end and cand.kind == "measure" and (
            cand.post == "以上" or _left_span(sentence, cand.start, floor, quoted)[1]):
        noun_end = cand.end  # 粮食产量1.3万亿斤以上: named before, nothing counted after
    if noun_end > cand.end:
        # the counted noun follows: 194个新开工项目 / 超过100家企业
        if cand.kind == "count" and _is_list_sum(sentence, cand.start, quoted):
            return None
        start, comparator = cand.start, None
        pre = LINK_RE.search(sentence, max(floor, cand.start - 3), cand.start)
        if pre and LINK_COMPARATORS.get(pre.group()):
            start, comparator = pre.start(), LINK_COMPARATORS[pre.group()]
        indicator = sentence[cand.end:noun_end]
        end = noun_end
    else:
        # the indicator comes first: 国内生产总值增长5%左右
        start, indicator, comparator = _left_span(
            sentence, cand.start, floor, quoted, cand.measure == "番")
        end = cand.end
    if cand.upper is not None:
        comparator = "range"
    elif cand.post:
        comparator = POST_COMPARATORS[cand.post]
    elif comparator is None:
        comparator = "="  # a bare figure, or a level to reach: 提高…占比至75%
    return start, end, cand.value, indicator, comparator


def _from_to(sentence: str, cand: Figure, floor: int, quoted):
    """16%的税率降至13%: (start, end, value, indicator, comparator), or None."""
    if cand.kind not in ("ratio", "measure") or cand.upper is not None:
        return None
    m = FROM_TO.match(sentence, cand.end)
    if not m:
        return None
    m2 = NUMBER.match(sentence, m.end())
    new = figure_at(m2, sentence, quoted) if m2 else None
    if new is None or new.measure != cand.measure or new.upper is not None:
        return None
    if m.group("noun"):
        start, indicator = cand.start, m.group("noun")
    else:  # 税率由16%降至13% / 研发经费投入强度从2.1%提高到2.5%以上
        pos = cand.start - 1 if sentence[cand.start - 1:cand.start] in ("由", "从") else cand.start
        start, indicator = _left_span(sentence, pos, floor, quoted)[:2]
    comparator = POST_COMPARATORS[new.post] if new.post else FROM_TO_COMPARATORS.get(
        m.group("verb"), "=")
    return start, new.end, new.value, indicator, comparator
