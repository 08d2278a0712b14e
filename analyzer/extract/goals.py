"""Goals: which figures a document sets, and for which period (spec §3: only goals are targets).

    reader = GoalReader(year=2026)
    reader.read(find_targets(s), s, before="", headings=["三、2026年主要任务"])

A figure is a **result** when the period it is stated for is past (去年 / 这五年 / “十四五”时期 in a
2026 report / 增长了), a **forecast** when it is only expected (预计 / 有望 / 高校毕业生超过…万人),
and a **goal** otherwise. A goal's period is `year` (the coming year: 今年, 全年, a report's 主要预期
目标, or nothing said in an annual document) or `plan` (several years: 年均, 累计, 到2030年, “十五五”
时期, 今后五年), with `period_end` the last day of it.

Where the period is read, nearest first: the target's own clause (年均增长5%), the sentence before the
target (今年…主要预期目标是：…), the paragraph before the sentence (“十五五”时期的主要目标是：。…), the
section headings (二、“十五五”时期经济社会发展的主要目标), and last the document's own horizon (a title's
（2024—2026年）) or, failing that, its year. A cue inside a comparison base is none (比上年增长,
比2020年下降13.5%). The cue words are in `rules/goals.py`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..records import TargetMention
from ..rules import goals as G

CLAUSE_STOPS = "，,；;：:。！？!?"


@dataclass(frozen=True)
class Cue:
    """One period word: `kind` year | plan | past | span, the year its period ends (None: unknown)."""

    start: int
    end: int
    kind: str
    end_year: int | None = None
    end_date: dt.date | None = None  # when the period ends on another day than 31 December (三年内)


@dataclass(frozen=True)
class GoalPeriod:
    kind: str  # goal | result | forecast
    period: str | None = None  # year | plan
    end: dt.date | None = None


def read_cues(text: str, date: dt.date | None) -> list[Cue]:
    """The period cues of a text, in order, read against the document's date (comparison bases left out)."""
    year = date.year if date else None
    out = []
    for m in G.PERIOD_CUES.finditer(text):
        if G.BASE_BEFORE.search(text, 0, m.start()) or G.BASE_AFTER.match(text[m.end():]):
            continue
        cue = _cue(m, year, date, text[m.end():m.end() + 8])
        if cue is not None:
            out.append(cue)
    return out


def _cue(m, year: int | None, date: dt.date | None, after: str = "") -> Cue | None:
    for group, read in _READERS:
        if m.group(group):
            return read(m, year, date, after)
    return None


def _plan_cue(m, year, date, after) -> Cue | None:
    if G.YEAR_OF_PLAN_AFTER.match(after):
        return Cue(m.start(), m.end(), "year", year)  # 今年是“十五五”起步之年: the plan's first year is this year
    end = G.plan_end(m.group("fypn"))
    if end is None:
        return None
    past = (year is not None and end < year) or m.group().endswith("以来")
    return Cue(m.start(), m.end(), "past" if past else "plan", end)


def _year_cue(m, year, date, after) -> Cue:
    s, e, n = m.start(), m.end(), int(m.group("yrn"))
    if year is None:
        return Cue(s, e, "plan" if m.group("yrto") or m.group("yrfrom") else "year", n)
    if n < year:
        return Cue(s, e, "past", n)
    if n == year or (n == year + 1 and date is not None and date.month >= 11 and not m.group("yrfrom")):
        return Cue(s, e, "year", n)  # a December document's next year is its coming year
    return Cue(s, e, "plan", n)


def _ahead_cue(m, year, date, after) -> Cue:
    n = _count(m.group("aheadn") or m.group("withinn"))
    if m.group("withinn"):  # 三年内: three years from the document's date
        end_date = _add_years(date, n) if date else None
        return Cue(m.start(), m.end(), "plan", end_date.year if end_date else None, end_date)
    return Cue(m.start(), m.end(), "plan", year + n - 1 if year else None)


_READERS = (
    ("fyp", _plan_cue),
    ("yr", _year_cue),
    ("this", lambda m, year, date, after: Cue(m.start(), m.end(), "year", year)),
    ("next", lambda m, year, date, after: Cue(m.start(), m.end(), "year", year + 1 if year else None)),
    ("past", lambda m, year, date, after: Cue(m.start(), m.end(), "past")),
    ("ahead", _ahead_cue),
    ("span", lambda m, year, date, after: Cue(m.start(), m.end(), "span")),
)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else G.CN_COUNT.get(word, 1)


def _add_years(date: dt.date, n: int) -> dt.date:
    try:
        return date.replace(year=date.year + n)
    except ValueError:  # 29 February
        return date.replace(year=date.year + n, day=28)


def _clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    a = start
    while a > 0 and sentence[a - 1] not in CLAUSE_STOPS:
        a -= 1
    b = end
    while b < len(sentence) and sentence[b] not in CLAUSE_STOPS:
        b += 1
    return a, b


class GoalReader:
    """Reads the kind and period of a document's targets: made once per document."""

    def __init__(self, date: dt.date | None, horizon: Cue | None = None):
        self.date = date
        self.year = date.year if date else None
        self.horizon = horizon  # the document's own period (a title's （2024—2026年）), if it names one

    @classmethod
    def for_document(cls, date: dt.date | None, title: str | None) -> GoalReader:
        """A reader for a document: its title's last forward cue is its horizon (三年行动方案（2024—2026年）)."""
        cues = [c for c in read_cues(title or "", date) if c.kind == "plan"]
        return cls(date, cues[-1] if cues else None)

    # --- one target ---------------------------------------------------------------------------
    def period_of(self, sentence: str, start: int, end: int, before: str = "",
                  headings: Sequence[str] = (), directive: bool = False) -> GoalPeriod:
        """Kind and period of the figure at sentence[start:end] (offsets into the sentence)."""
        a, b = _clause_bounds(sentence, start, end)
        if G.FORECAST.search(sentence[a:start]) or G.NOT_SET_COUNTS.search(sentence[a:end]):
            return GoalPeriod("forecast")
        if G.PAST_VERB.search(sentence[a:b]):
            return GoalPeriod("result")
        cues = read_cues(sentence[:b], self.date)
        spans = [c for c in cues if c.start >= a and c.kind == "span"]
        cue = self._nearest(cues, a, before, headings, directive)
        if cue is not None and cue.kind == "past":
            return GoalPeriod("result")
        if spans or (cue is not None and cue.kind == "plan"):
            return GoalPeriod("goal", "plan", self._plan_end(cue, before, headings))
        if cue is not None:  # year
            return GoalPeriod("goal", "year", dt.date(cue.end_year, 12, 31) if cue.end_year else None)
        if self.horizon is not None:
            return GoalPeriod("goal", "plan", self._end_of(self.horizon))
        return GoalPeriod("goal", "year", dt.date(self.year, 12, 31) if self.year else None)

    def _nearest(self, cues: list[Cue], clause: int, before: str, headings: Sequence[str], directive: bool
                 ) -> Cue | None:
        """The period cue nearest the target: in its sentence, else its paragraph, else its headings.
        A directive sentence sets what it directs, whatever an earlier clause or sentence recalls."""
        dated = [c for c in cues if c.kind != "span" and (not directive or c.kind != "past" or c.start >= clause)]
        if dated:
            return dated[-1]
        if not directive and (cue := self._last(before)) is not None:
            return cue
        return next((c for h in reversed(list(headings)) if (c := self._last(h)) is not None), None)

    def _last(self, text: str) -> Cue | None:
        cues = [c for c in read_cues(text, self.date) if c.kind != "span"]
        return cues[-1] if cues else None

    def _plan_end(self, cue: Cue | None, before: str, headings: Sequence[str]) -> dt.date | None:
        """A plan's end: the cue's, else one named before or above, else the five-year plan now running."""
        for c in (cue, self._last(before), *(self._last(h) for h in reversed(list(headings))), self.horizon):
            if c is not None and c.kind == "plan" and c.end_year:
                return self._end_of(c)
        if self.year is None:
            return None
        return dt.date(self.year + (-self.year) % 5, 12, 31)  # 十五五 ends 2030: the next year ending 0 or 5

    @staticmethod
    def _end_of(cue: Cue) -> dt.date | None:
        if cue.end_date is not None:
            return cue.end_date
        return dt.date(cue.end_year, 12, 31) if cue.end_year else None

    # --- a sentence's targets -----------------------------------------------------------------
    def read(self, targets: Sequence[TargetMention], sentence: str, offset: int, before: str = "",
             headings: Sequence[str] = (), directive: bool = False) -> list[TargetMention]:
        """The goals among a sentence's targets, each with its period (results and forecasts dropped).
        `offset` is the sentence's start in the document (the targets' offsets are the document's)."""
        out = []
        for t in targets:
            g = self.period_of(sentence, t.start - offset, t.end - offset, before, headings, directive)
            if g.kind == "goal":
                out.append(replace(t, period=g.period, period_end=g.end.isoformat() if g.end else None))
        return out
