"""Deadlines: time expressions that bound a task, normalised to ISO dates (spec §4).

`find_deadlines(sentence, offset, doc_date)` works in three steps:

1. *Candidates*: one regular expression (`CANDIDATE`, compiled from the commented
   pieces of the time grammar, `rules/time_grammar.py`, which targets, task tables and
   subject lead-ins use too) finds every time expression our grammar knows, longest
   first: 今年年底 is one candidate, not 今年 + 年底.
2. *Context*: a candidate is dropped when its surroundings say it is not a
   deadline: a starting point (从今年起), a comparison (比上年), a past year (上年,
   or a date before the document's), a clause that reports what was done (……已经
   开启), a book title (《…2023年…》), a recurring period (每季度), a bare date with
   no preposition (a document's own date), or a period used as a modifier after a
   real deadline in the same clause (3月15日前报送第一季度督查通报).
3. *Normalisation*: `end` is the last day of the period; `start` its first day, or
   the document date for "by"-expressions (年底前, 三年内, 到2025年). Expressions that
   need the document date have no dates (basis ``no_date``) when there is none. A
   candidate the grammar finds but cannot normalise (春节前, 2月30日前) goes to
   jionlp's time parser (`time_fallback.py`), imported only then; basis ``unparsed``
   if that fails too, or when the expression goes on past what the grammar read
   (2021年前|两个季度): never the date of its first half. Calendar arithmetic: `periods.py`.

Digits are ASCII here: `normalize.py` folds full-width digits (２０２４ → 2024).
Chinese numerals (二〇二五年, 十二月底, 两年内) are read by the one numeral reader, `extract/numbers.py`.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, replace

from ..records import DeadlineMention
from ..rules.time_grammar import (
    BOOK_TITLE,
    BY_SUFFIX_END,
    CANDIDATE,
    CLAUSE_END_AFTER,
    CLAUSE_MARK,
    CLAUSE_START_BEFORE,
    COMPARE_AFTER,
    COMPARE_BEFORE,
    DONE_IN_CLAUSE,
    FROM_DOCUMENT_OR_DATE,
    FROM_EVENT,
    HALF_READ_AFTER,
    LIMITED_BEFORE,
    LIST_JOINERS,
    LOOKING_BACK,
    NAME_AFTER,
    PAST_REL_YEAR,
    PREPOSITION_BEFORE,
    QUARTER,
    RANGE_JOINERS,
    RECURRING_BEFORE,
    REL_YEAR,
    START_AFTER,
    START_AND_DURATION,
    START_BEFORE,
    TIME_CHAR,
    TO_MAY_FOLLOW,
    TO_WORDS,
)
from .periods import add_months as _add_months
from .periods import add_years as _add_years
from .periods import beginning as _beginning
from .periods import current_period as _current_period
from .periods import month_span as _month
from .periods import num as _num
from .periods import quarter_span as _quarter
from .periods import short_year as _short_year
from .time_fallback import jionlp_span

__all__ = ["find_deadlines", "CANDIDATE"]

_log = logging.getLogger(__name__)

# Days a strong deadline may lie before the document date and still be kept as
# written (documents are often published some days after they were drafted).
_GRACE = dt.timedelta(days=31)


@dataclass
class _Reading:
    """A normalised candidate: its period and how it was read."""

    end: dt.date | None
    start: dt.date | None
    basis: str  # absolute | document_date | no_date | unparsed
    by: bool = False  # a "by"-expression (年底前, 三年内): starts at the document date
    strong: bool = False  # names a limit (前, 内, 底, 末, a day), not just a period
    year_only: bool = False  # 2025年 / 明年: sets the year for later months in the sentence
    implicit_year: bool = False  # 6月底前: the year comes from the document date
    never: bool = False  # 上年 / 去年 (past), 当年 / 次年 (relative to some event): no deadline


class _NeedsFallback(Exception):
    """The grammar found the candidate but cannot normalise it."""


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------




def find_deadlines(sentence: str, offset: int = 0,
                   doc_date: dt.date | None = None, *, field: bool = False) -> list[DeadlineMention]:
    """Deadlines of one task sentence, in order, not overlapping.

    `offset` is the sentence's start in the document: a mention's `start` /
    `end` are document offsets, and its `text` is the sentence's slice.
    `doc_date` anchors relative expressions (年内, 6月底前, 三年内); without it they
    get `end=None` and basis ``no_date``. With `field=True` the text is a deadline
    field (完成时限：… or a table's 完成时限 cell), where a bare date such as
    2024年6月30日 is the deadline itself, not the date of the document.

    >>> [(d.text, d.end_date) for d in find_deadlines("市财政局要在6月底前拨付资金", 0, dt.date(2024, 2, 23))]
    [('6月底前', '2024-06-30')]
    """
    if not TIME_CHAR.search(sentence):
        return []  # every candidate holds one of these characters: most sentences skip the grammar
    if isinstance(doc_date, dt.datetime):
        doc_date = doc_date.date()
    titles = [m.span() for m in BOOK_TITLE.finditer(sentence)] if "《" in sentence else ()
    kept: list[tuple[int, int, _Reading]] = []
    context_year: tuple[int, str] | None = None  # (year, basis) of a preceding 2025年，
    matches = list(CANDIDATE.finditer(sentence))
    listed = _listed_before_suffix(sentence, matches)
    i = 0
    while i < len(matches):
        m = matches[i]
        nxt = matches[i + 1] if i + 1 < len(matches) else None
        if nxt is not None and _joins_range(sentence, m, nxt):
            found = _read_range(sentence, m, nxt, doc_date, context_year, keep_past=field)
            i += 2
        else:
            found = _read_candidate(sentence, m, doc_date, context_year, i in listed or field, keep_past=field)
            i += 1
        if found is None or any(a <= found[0] and found[1] <= b for a, b in titles):
            continue
        kept.append(found)
        reading = found[2]
        if reading.year_only:
            context_year = (reading.end.year, reading.basis) if reading.end else None
    kept = _with_start_and_duration(sentence, kept)
    kept = _drop_modifiers(sentence, kept)
    return [
        DeadlineMention(
            text=sentence[s:e], start=offset + s, end=offset + e,
            end_date=r.end.isoformat() if r.end else None,
            start_date=r.start.isoformat() if r.start else None, basis=r.basis)
        for s, e, r in kept
    ]


# ---------------------------------------------------------------------------
# Context rules
# ---------------------------------------------------------------------------


def _with_start_and_duration(sentence: str, kept: list[tuple[int, int, _Reading]]
                             ) -> list[tuple[int, int, _Reading]]:
    """Add the periods a start and a duration set (自2024年1月1日起施行，有效期3年 → 2026-12-31), in place of any
    deadline found inside them."""
    if "期" not in sentence:
        return kept
    for m in START_AND_DURATION.finditer(sentence):
        try:
            start = dt.date(_num(m.group("sy")), _num(m.group("sm") or "1"), _num(m.group("sd") or "1"))
        except ValueError:
            continue
        n = 0.5 if m.group("dn") == "半" else _num(m.group("dn"))
        months = round(12 * n) if m.group("du") == "年" else int(n)
        end = _add_months(start, months) - dt.timedelta(days=1)
        kept = [k for k in kept if k[1] <= m.start() or k[0] >= m.end()]
        kept.append((m.start(), m.end(), _Reading(end, start, "absolute", strong=True)))
    return sorted(kept, key=lambda k: k[0])


def _read_candidate(sentence: str, m: re.Match[str], doc_date: dt.date | None,
                    context_year: tuple[int, str] | None, stands_as_field: bool,
                    keep_past: bool = False) -> tuple[int, int, _Reading] | None:
    """One candidate read in its sentence, or None when its context says it is no deadline.
    `stands_as_field`: a bare date counts (a deadline field, or a date listed before a shared 前);
    `keep_past`: a period with its own year is read even when it lies before the document (a 完成时限 cell
    of a table drawn up after the fact: 2023年12月)."""
    s, e = m.span()
    if sentence.startswith("到", s) and not _to_is_by(sentence, s):
        s += 1  # 考虑到今年: 到 belongs to the verb
    has_to = sentence.startswith(TO_WORDS, s)
    if _dropped_by_context(sentence, s, e, m, has_to or stands_as_field):
        return None
    if m.group("recurring"):
        return s, e, _Reading(None, None, "recurring", strong=True)
    if m.group("within") and _counted_from_an_event(sentence[max(0, s - 30):s]):
        return s, e, _Reading(None, None, "event", strong=True)
    if _half_read(sentence, e, m):
        return s, e, _Reading(None, None, "unparsed", strong=True)
    reading = _read(m, sentence[s:e], doc_date, context_year, has_to, keep_past)
    if reading is None or reading.never:
        return None
    if _is_past(reading, doc_date) and not (keep_past and not (reading.implicit_year and reading.strong)):
        if not (reading.implicit_year and reading.strong):
            return None
        # 3月底前 in a November document: next year's March.
        reading = _read(m, sentence[s:e], doc_date, (doc_date.year + 1, "document_date"), has_to)
    return s, e, reading


def _half_read(sentence: str, e: int, m: re.Match[str]) -> bool:
    """The expression goes on past what the grammar read (2021年前|两个季度, 本月|9日, 二零二二年|伊始, 明年|年初,
    2008.03|-2009): reading only the start would give a wrong date, so it is `unparsed` instead."""
    return bool(HALF_READ_AFTER.match(sentence, e)) and not m.group(0).endswith(("内", "底", "末"))


def _counted_from_an_event(before: str) -> bool:
    """Whether a span (15个工作日内) is counted from something that happens (收到申请之日起, 验收后), not from the
    document or a date."""
    return bool(FROM_EVENT.search(before)) and not FROM_DOCUMENT_OR_DATE.search(before)


def _is_time_of_year(m: re.Match[str]) -> bool:
    """A date or a part of a year (not a span counted from the document, a plan, a holiday)."""
    return bool(m.group("dated") or m.group("undated") or m.group("range") or m.group("numdate"))


def _joins_range(sentence: str, m: re.Match[str], nxt: re.Match[str]) -> bool:
    """Two times of the year joined by 至/到/— (7月下旬至8月中旬): one period, from the first to the second."""
    gap = sentence[m.end():nxt.start()]
    joined = gap in RANGE_JOINERS or (not gap and nxt.group(0).startswith(("到", "至")))  # 三月到五月
    return (_is_time_of_year(m) and _is_time_of_year(nxt) and not m.group("range")
            and joined and not m.group(0).endswith(BY_SUFFIX_END))


def _listed_before_suffix(sentence: str, matches: list[re.Match[str]]) -> set[int]:
    """Indexes of times listed before one that carries the suffix for them all (4月8日、7月1日、12月28日前):
    each is a deadline, though it stands bare."""
    listed: set[int] = set()
    for k in range(len(matches) - 2, -1, -1):
        m, nxt = matches[k], matches[k + 1]
        if not (_is_time_of_year(m) and _is_time_of_year(nxt)):
            continue
        if sentence[m.end():nxt.start()] in LIST_JOINERS and (nxt.group(0).endswith(BY_SUFFIX_END)
                                                                or k + 1 in listed):
            listed.add(k)
    return listed


def _read_range(sentence: str, m: re.Match[str], nxt: re.Match[str], doc_date: dt.date | None,
                context_year: tuple[int, str] | None, keep_past: bool = False) -> tuple[int, int, _Reading] | None:
    """A period from one time to another (自2023年6月至12月): it ends where the second ends; the second
    takes the first's year when it names none. None when it is no deadline (past, recurring, a start)."""
    s = m.start() - 1 if m.start() and sentence[m.start() - 1] in "自从" else m.start()
    e = nxt.end()
    before = sentence[max(0, s - 4):s]
    if RECURRING_BEFORE.search(before) or COMPARE_BEFORE.search(before) or _in_done_clause(sentence, s, e):
        return None
    first = _read(m, m.group(0), doc_date, context_year, False)
    if first is None or first.never:
        return None
    year = (first.end.year, first.basis) if first.end else context_year
    last = _read(nxt, nxt.group(0), doc_date, year, False)
    if last is None or last.never or last.end is None:
        return None
    if _is_past(replace(last, strong=True), doc_date) and not (keep_past and not last.implicit_year):
        return None
    basis = last.basis if first.basis == last.basis else "document_date"
    return s, e, _Reading(last.end, first.start, basis, strong=True)


def _to_is_by(sentence: str, s: int) -> bool:
    """到 at `s` means "by" (到2025年, 力争到年底) unless a verb ends with it (考虑到, 关系到)."""
    prev = sentence[s - 1] if s else ""
    return not ("\u4e00" <= prev <= "\u9fff") or prev in TO_MAY_FOLLOW


def _dropped_by_context(sentence: str, s: int, e: int, m: re.Match[str], has_to: bool) -> bool:
    """True when the words around a candidate say it is no deadline."""
    before = sentence[max(0, s - 4):s]
    return (_names_another_time(sentence, s, e, m, before)
            or (not has_to and _bare_date(sentence, e, m, before))
            or _in_done_clause(sentence, s, e))


def _names_another_time(sentence: str, s: int, e: int, m: re.Match[str], before: str) -> bool:
    """A start (从今年起), a comparison (比上年), a recurring period (每季度), a name (2024年版),
    a look back (近三年内) or a duration that caps a processing time (压减至45个工作日以内)."""
    if m.group("range") is None and (START_BEFORE.search(before) or START_AFTER.match(sentence, e)):
        return True
    if COMPARE_BEFORE.search(before) or COMPARE_AFTER.match(sentence, e):
        return True
    if RECURRING_BEFORE.search(before) or NAME_AFTER.match(sentence, e):
        return True
    if (m.group("within") or m.group("holiday")) and LOOKING_BACK.search(before):
        return True
    return bool(m.group("within") and LIMITED_BEFORE.search(sentence[max(0, s - 6):s]))


def _bare_date(sentence: str, e: int, m: re.Match[str], before: str) -> bool:
    """A date with no preposition is a document's own date (（2023年3月28日）); a bare month
    counts only after 于/在 or as a clause of its own (6月，… / a table cell "6月")."""
    if not (m.group("dated") or m.group("undated")):
        return False
    p = "y_" if m.group("dated") else "u_"
    if m.group(p + "day") and not m.group(p + "suf"):
        return not PREPOSITION_BEFORE.search(before)
    bare_month = p == "u_" and m.group("u_mon") and not m.group("u_day") and not m.group("u_suf")
    if bare_month:
        own_clause = CLAUSE_START_BEFORE.search(before) and CLAUSE_END_AFTER.match(sentence, e)
        return not (PREPOSITION_BEFORE.search(before) or own_clause)
    return False


def _in_done_clause(sentence: str, s: int, e: int) -> bool:
    """The candidate's clause reports something done or under way (已经 / 正在 / …了 / 以来)."""
    left = max((x.end() for x in CLAUSE_MARK.finditer(sentence, 0, s)), default=0)
    right = CLAUSE_MARK.search(sentence, e)
    return bool(DONE_IN_CLAUSE.search(sentence[left:right.start() if right else len(sentence)]))


def _drop_modifiers(sentence: str, kept: list[tuple[int, int, _Reading]]) -> list[tuple[int, int, _Reading]]:
    """Drop a period named after a real deadline in the same clause.

    要于3月15日前报送第一季度督查通报: 第一季度 names the report, 3月15日前 is the deadline.
    """
    out: list[tuple[int, int, _Reading]] = []
    strong_clause_end = -1  # end of the clause holding the last strong deadline
    for s, e, r in kept:
        if not r.strong and s < strong_clause_end:
            continue
        out.append((s, e, r))
        if r.strong:
            nxt = CLAUSE_MARK.search(sentence, e)
            strong_clause_end = nxt.start() if nxt else len(sentence)
    return out


def _is_past(r: _Reading, doc_date: dt.date | None) -> bool:
    """A period that ended before the document was written dates a past event.

    A deadline (strong) may lie up to `_GRACE` before the document date.
    """
    if doc_date is None or r.end is None:
        return False
    return r.end < doc_date - (_GRACE if r.strong else dt.timedelta(0))


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------


def _read(m: re.Match[str], text: str, doc_date: dt.date | None,
          context_year: tuple[int, str] | None, has_to: bool, keep_past: bool = False) -> _Reading | None:
    """Normalise a candidate; jionlp for what the grammar cannot read. With `keep_past` (a 完成时限 cell)
    去年/上年/前年/次年 are read from the document's year."""
    try:
        if m.group("plan"):
            return _read_plan(m, doc_date, has_to)
        if m.group("century"):
            first = 2001 if m.group("cent_name") != "本" or not doc_date else (doc_date.year - 1) // 100 * 100 + 1
            if m.group("cent_years"):  # 头二十年: the century's first twenty years, 2001–2020
                return _Reading(dt.date(first + _num(m.group("cent_years")) - 1, 12, 31),
                                dt.date(first, 1, 1), "absolute", strong=True)
            year = first + (49 if m.group("cent_part") == "中叶" else 99)
            return _absolute(dt.date(year, 1, 1), dt.date(year, 12, 31), doc_date, by=True)
        if m.group("range"):
            y1, y2 = _num(m.group("r1")), _num(m.group("r2"))
            if not y1 <= y2 <= y1 + 50:
                return None
            return _Reading(dt.date(y2, 12, 31), dt.date(y1, 1, 1), "absolute", strong=True)
        if m.group("yspan"):
            return _read_span_in_year(m)
        if m.group("numdate"):
            return _read_numeric_date(m)
        if m.group("within"):
            return _read_within(m, doc_date)
        if m.group("dated") or m.group("undated"):
            return _read_dated(m, doc_date, context_year, has_to, keep_past)
        raise _NeedsFallback(text)  # holidays and seasons
    except (_NeedsFallback, ValueError, KeyError) as exc:
        _log.debug("deadline %r: grammar cannot normalise (%s); trying jionlp", text, exc)
        return _read_with_jionlp(text, doc_date)


def _read_span_in_year(m: re.Match[str]) -> _Reading | None:
    """2018年1－9月份 → 2018-01-01…2018-09-30; 2019年4月12-19日 → 2019-04-12…2019-04-19."""
    year = _num(m.group("ys_y"))
    if m.group("ys_m1"):
        m1, m2 = _num(m.group("ys_m1")), _num(m.group("ys_m2"))
        if not 1 <= m1 < m2 <= 12:
            return None
        return _Reading(_month(year, m2)[1], dt.date(year, m1, 1), "absolute", strong=True)
    month, d1, d2 = _num(m.group("ys_m")), _num(m.group("ys_d1")), _num(m.group("ys_d2"))
    if not d1 < d2:
        return None
    return _Reading(dt.date(year, month, d2), dt.date(year, month, d1), "absolute", strong=True)


def _read_numeric_date(m: re.Match[str]) -> _Reading:
    """2024-12-31 / 2024/6/30 / 20240630 → that day; 2024.12 → the month's last day."""
    y, mo, d = ((m.group("nd_y"), m.group("nd_m"), m.group("nd_d")) if m.group("nd_y")
                else (m.group("nd8_y"), m.group("nd8_m"), m.group("nd8_d")))
    first, last = _month(int(y), int(mo))
    if d:
        day = dt.date(int(y), int(mo), int(d))
        return _Reading(day, day, "absolute", strong=True)
    return _Reading(last, first, "absolute", strong=True)


def _absolute(start: dt.date, end: dt.date, doc_date: dt.date | None, *, by: bool) -> _Reading:
    if by:
        start = doc_date if doc_date and doc_date <= end else (start if doc_date else None)
    return _Reading(end, start, "absolute", by=by, strong=by)


def _read_plan(m: re.Match[str], doc_date: dt.date | None, has_to: bool) -> _Reading:
    """The Nth five-year plan: 1st 1953–57, 2nd 1958–62, then 1966+5·(N−3) onwards."""
    n = _num(m.group("plan_n"))
    first = {1: 1953, 2: 1958}.get(n, 1966 + 5 * (n - 3))
    last = first + 4
    by = has_to or m.group("plan_part") in ("末", "末期", "期末")
    return _absolute(dt.date(first, 1, 1), dt.date(last, 12, 31), doc_date, by=by)


def _read_within(m: re.Match[str], doc_date: dt.date | None) -> _Reading:
    """三年内 / 未来三年 / 3个月内 / 今明两年: counted from the document date."""
    if doc_date is None:
        return _Reading(None, None, "no_date", by=True, strong=True)
    text = m.group("within")
    if text == "今明两年":
        end = dt.date(doc_date.year + 1, 12, 31)
    else:
        p = next(p for p in ("w_", "w2_", "w3_", "w4_", "w5_") if m.group(p + "unit"))
        raw = m.group(p + "n2") or m.group(p + "n")
        unit = m.group(p + "unit")
        n = 0.5 if raw == "半" else _approximate_count(raw) or _num(raw)
        if unit == "年半":  # 一年半内 / 3年半以内
            n, unit = n + 0.5, "年"
        if unit in ("月", "个月", "个半月") and n == 0.5:  # 半月 / 半个月
            end = doc_date + dt.timedelta(days=15)
        elif unit == "年" and n != int(n):
            end = _add_months(doc_date, round(12 * n))
        elif unit == "年":
            end = _add_years(doc_date, int(n))
        elif unit == "个半月":
            end = _add_months(doc_date, int(n)) + dt.timedelta(days=15)
        elif unit == "个月":
            end = _add_months(doc_date, int(n))
        elif unit in ("周", "星期", "个星期"):
            end = doc_date + dt.timedelta(weeks=n)
        elif unit.endswith("工作日"):
            end = doc_date + dt.timedelta(days=-(-n * 7 // 5))
        else:
            end = doc_date + dt.timedelta(days=n)
    return _Reading(end, doc_date, "document_date", by=True, strong=True)


_DIGIT_NUMERALS = "一二两三四五六七八九"


def _approximate_count(raw: str) -> int | None:
    """两三 / 三五 / 七八: two neighbouring numerals say "two or three"; the span is the longer one."""
    if len(raw) == 2 and raw[0] != raw[1] and all(c in _DIGIT_NUMERALS for c in raw):
        return max(_num(c) for c in raw)
    return None


def _read_dated(m: re.Match[str], doc_date: dt.date | None,
                context_year: tuple[int, str] | None, has_to: bool, keep_past: bool = False) -> _Reading:
    """A year (explicit, relative, context or document) with a part of it and a suffix."""
    p = "y_" if m.group("dated") else "u_"

    def g(name: str) -> str | None:
        return m.group(p + name)

    solo = m.group("solo") if p == "u_" else None
    suffix = solo[1:] if solo else (g("suf") or "")  # 年底前 / 年内 / 月底: the unit is in the word
    uses_doc_month = (solo or "")[:1] == "月" or bool(g("cur"))
    year = _year_of(m, p, doc_date, context_year, uses_doc_month, keep_past)
    if isinstance(year, _Reading):
        return year
    year_n, basis, implicit_year = year
    if uses_doc_month and not (g("half") or g("q") or g("qs") or g("ms") or g("mon")):
        if doc_date is None:
            return _Reading(None, None, "no_date", by=True, strong=True)
        first, last, day_precise = _month_of_document(g, doc_date)
        implicit_year = False
    else:
        first, last, day_precise = _part_of_year(g, year_n)
    first, last = _within_month(m, g, suffix, first, last)
    first, last = _beginning(suffix, bool(g("mon")) or uses_doc_month, first, last)
    by = has_to or suffix not in ("", "前后", "上旬", "中旬", "下旬", "伊始")
    start = _start_of(first, last, doc_date) if by else first
    # 2025年 / 明年 alone sets the year for months named later in the sentence
    year_only = p == "y_" and not suffix and not has_to and not any(
        g(k) for k in ("half", "q", "qs", "ms", "mon", "full", "cur"))
    return _Reading(last, start, basis, by=by, strong=by or day_precise, year_only=year_only,
                    implicit_year=implicit_year)


def _month_of_document(g, doc_date: dt.date) -> tuple[dt.date, dt.date, bool]:
    """本月 / 下月 / 本季度, or a day of such a month (本月9日, 下月九号): [first, last] and whether a day is named."""
    first, last = _current_period(g("cur") or "本月", doc_date)
    if g("cday") and not (g("cur") or "").startswith("本季"):
        day = first.replace(day=_num(g("cday")))
        return day, day, True
    return first, last, False


def _start_of(first: dt.date, last: dt.date, doc_date: dt.date | None) -> dt.date | None:
    """A "by"-expression (年底前) runs from the document date, when it lies in the period."""
    if doc_date is None:
        return None
    return doc_date if doc_date <= last else first


def _year_of(m: re.Match[str], p: str, doc_date: dt.date | None, context_year: tuple[int, str] | None,
             uses_doc_month: bool, keep_past: bool = False) -> tuple[int, str, bool] | _Reading:
    """(year, basis, whether the year is only the document's) of a dated candidate, or the
    reading itself when there is none to have (上年 is past; 年内 without a document date)."""
    if p == "y_" and m.group("year"):
        return _num(m.group("year")), "absolute", False
    if p == "y_" and m.group("year2"):
        return _short_year(_num(m.group("year2")), doc_date), "absolute", False
    if p == "y_":
        delta = REL_YEAR[m.group("rel")]
        if delta is None and keep_past:
            delta = PAST_REL_YEAR.get(m.group("rel"))
        if delta is None:
            return _Reading(None, None, "no_date", never=True)
        if doc_date is None:
            return _Reading(None, None, "no_date", by=True, strong=True)
        return doc_date.year + delta, "document_date", False
    if context_year and not uses_doc_month:
        return context_year[0], context_year[1], False
    if doc_date is None:
        return _Reading(None, None, "no_date", by=True, strong=True)
    return doc_date.year, "document_date", True


def _part_of_year(g, year: int) -> tuple[dt.date, dt.date, bool]:
    """[first, last] day of the part a candidate names (上半年, 一季度, 前10个月, 6月, 3月15日), and
    whether it names a day."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if g("half"):
        return (first, dt.date(year, 6, 30), False) if g("half") in "上前" else (dt.date(year, 7, 1), last, False)
    if g("q"):
        return (*_quarter(year, QUARTER.get(g("q")) or _num(g("q").strip("第季度"))), False)
    if g("qs"):
        return first, _quarter(year, _num(g("qs")))[1], False
    if g("ms"):
        return first, _month(year, _num(g("ms")))[1], False
    if g("lms"):  # 后三个月: the year's last three months
        return _month(year, 13 - _num(g("lms")))[0], last, False
    if g("nth") or g("first_m"):  # 第8个月 / 首月
        return (*_month(year, _num(g("nth")) if g("nth") else 1), False)
    if g("mon"):
        first, last = _month(year, _num(g("mon")))
        if g("day"):
            day = dt.date(year, first.month, _num(g("day")))
            return day, day, True
    return first, last, False


def _within_month(m: re.Match[str], g, suffix: str, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """上旬 / 中旬 / 下旬 of a month: its first, second or last ten days."""
    if suffix[:2] not in ("上旬", "中旬", "下旬"):
        return first, last
    if not g("mon") or g("day"):
        raise _NeedsFallback(m.group())
    k = "上中下".index(suffix[0])
    first = first.replace(day=1 + 10 * k)
    return first, (last if k == 2 else first.replace(day=10 + 10 * k))


def _read_with_jionlp(text: str, doc_date: dt.date | None) -> _Reading:
    """Ask jionlp; an expression already past is read as next year's (春节前 in March)."""
    if doc_date is None:
        return _Reading(None, None, "no_date", by=True, strong=True)
    span = jionlp_span(text, doc_date)
    if span and span[1] < doc_date:
        span = jionlp_span("明年" + text.lstrip("到截至止"), doc_date) or span
    if span is None:
        return _Reading(None, None, "unparsed", strong=True)
    start, end = span
    return _Reading(end, start or doc_date, "document_date", by=True, strong=True)
