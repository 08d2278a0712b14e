"""Tasks: directive sentences, told apart from retrospective, descriptive and ceremonial ones.

A sentence is a task (spec §1) when it prescribes future action:
- it carries a modal or obligation cue in a clause of its own (要, 必须, 力争, 请…落实);
- or it is a bare imperative verb phrase, as plans and work reports write them
  (实施制造业重点产业链高质量发展行动; 中央财政加大…);
- or it is an item of a goal list (今年发展主要预期目标是：…；…；…).
It is not a task when it tells what happened (…取得了…, 过去一年…), explains or
assesses (这是…, 实践证明…, …并非易事), thanks or greets, leads in to points
(我再强调几点意见：), or is a verbless topic heading (二、主要任务) — unless a later
clause turns to a directive (这种现象要不得，要坚决克服).

`obligation` grades the strongest cue: must (必须/务必/坚决) > strive (力争/争取) >
should (要/应, and bare imperatives) > encourage (鼓励/支持/引导).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Optional

from . import patterns as P
from .deadlines import _COMPARE_BEFORE, _START_BEFORE, _YEAR, read_number

_CLAUSE_SPLIT = re.compile(r"[，,；;：:]")
# A year told in a sentence (1956年 / 一九五六年 / 二0二0年: the deadline grammar's years)
_YEAR_TOLD = re.compile(rf"(?<![0-9])({_YEAR})年")
# Before a year, besides a comparison (比2000年) or a start (从2021年): a span that runs
# on to it (到2025年, 2020年和2021年)
_SPAN_BEFORE = re.compile(r"(?:至|到|和|相对于)$")
# Forward cues: the figure is still to come
_FORWARD = re.compile(r"(?<![达得])到|(?<![以甚])至|力争|争取|计划|预计|预期|目标|将|要|确保|以上|以内")


def modal_positions(text: str, tokens: Optional[list[tuple[str, int, int]] | Callable[[], Optional[list]]] = None
                    ) -> list[int]:
    """Positions of modal cues; with jieba tokens, a cue inside a non-modal word is dropped.

    `tokens` may be a function that makes them (called only when there is a cue to check).
    """
    # 为了确保…/为确保…: a purpose clause, not an obligation
    hits = [m.start() for m in P.MODAL.finditer(text)
            if not (text[max(0, m.start() - 2):m.start()] == "为了" or text[m.start() - 1:m.start()] == "为")]
    if hits and callable(tokens):
        tokens = tokens()
    if tokens is None or not hits:
        return hits
    # a cue must be a word of its own (or end one: jieba keeps 区要 together), not
    # inside a word (主要, 准备金) nor across two (斗争|取得 holds no 争取)
    starts, ends, inside_word = set(), set(), set()
    for word, s, e in tokens:
        starts.add(s)
        ends.add(e)
        if word in P.NOT_MODAL_WORDS:
            inside_word.update(range(s, e))
    out = []
    for h in hits:
        m = P.MODAL.match(text, h)
        end = m.end() if m else h + 1
        if h in inside_word:
            continue
        if h in starts or end in ends:
            out.append(h)
    return out


@dataclass(frozen=True)
class TaskDecision:
    is_task: bool
    obligation: str = "should"
    reason: str = ""


def strip_heading_mark(text: str) -> str:
    return P.HEADING_MARK.sub("", text, count=1)


def obligation_of(text: str) -> str:
    """The strongest obligation cue of a directive; bare imperatives are "should"."""
    for name, cue in P.OBLIGATION_CUES:
        if cue.search(text):
            return name
    return "should"


def _has_directive_after(text: str, pos: int, modals: list[int]) -> bool:
    """A modal cue (not just 支持/鼓励) in a clause after `pos` that does not assess (这是确保…)."""
    for h in modals:
        if h < pos or text[h:h + 2] in ("支持", "鼓励"):
            continue
        clause_start = max((m.end() for m in _CLAUSE_SPLIT.finditer(text, 0, h)), default=0)
        if not P.ASSESSING_CLAUSE.match(text, clause_start):
            return True
    return False


def classify(text: str, *, is_heading: bool = False, numbered: bool = True,
             in_goal_list: bool = False, in_review: bool = False,
             has_target: bool = False, segmenter=None,
             tokens: Optional[list[tuple[str, int, int]] | Callable[[], list]] = None) -> TaskDecision:
    """Decide whether a sentence (whitespace removed, no final mark) is a task.

    `tokens` (jieba words of `text`, with offsets) or a `segmenter` to make them: modal
    cues are checked against jieba's words (要 in 主要 or
    要素 is no modal). `in_review`: the sentence stands under a review heading
    (工作回顾), where only an explicit modal makes a task.
    """
    body = P.VOCATIVE.sub("", text)
    body = strip_heading_mark(body) if is_heading else body
    point = P.POINT_MARKER.match(body)
    if point and P.ORDINAL_WORDS.get(point.group(0)) is None:
        # 一是保持… / 第二、统一制定…: judge what the point says, not its number
        rest = body[point.end():].lstrip("，,、：: ")
        if re.match(r"^[一二三四五六七八九十]+是", point.group(0)) or point.group(0).startswith("第"):
            body = rest or body
    if not body or len(body) < 2:
        return TaskDecision(False, reason="empty")
    if P.FRAME_LINE.match(text):
        return TaskDecision(False, reason="frame")
    if P.LEAD_IN.search(body):
        return TaskDecision(False, reason="lead-in")
    if not P.MODAL.search(body) and (P.TOPIC_HEADING.search(body) or (
            P.TOPIC_NOUN_END.search(body) and not P.DIRECTIVE_START.match(body))):
        return TaskDecision(False, reason="topic heading")
    # the words are made only when a cue is there to check
    modals = modal_positions(body, lambda: _body_tokens(text, body, tokens, segmenter))
    descriptive = P.DESCRIPTIVE.search(body)
    retro = P.RETROSPECTIVE.search(body)
    if retro and not descriptive and modals and min(modals) < retro.start():
        # a directive that mentions the past (必须…把已经确定的改革搞好) is still a directive
        retro = None
    if descriptive or retro:
        stop = max(m.end() for m in (descriptive, retro) if m)
        # a later clause that turns to a directive makes it a task again
        nxt = _CLAUSE_SPLIT.search(body, stop)
        if nxt and not P.EXPLANATORY.match(body) and _has_directive_after(body, nxt.end(), modals):
            return TaskDecision(True, obligation_of(body[nxt.end():]), "directive after description")
        if retro and retro.start() == 0 and not retro.group(0).endswith("了"):
            # opens with a past-time lead (过去的一年，/ 两年来，): a narrative begins
            return TaskDecision(False, reason="retrospective lead")
        return TaskDecision(False, reason="retrospective" if retro else "descriptive")
    if is_heading and not numbered:
        # a title line: a task only when it opens with a directive verb
        if P.DIRECTIVE_START.match(body):
            return TaskDecision(True, obligation_of(body), "imperative title")
        return TaskDecision(False, reason="title")
    if P.NOTICE_DIRECTIVE.search(body):
        return TaskDecision(True, "should", "notice directive")
    if in_review:
        # a review or a narrative: 支持/鼓励 there tell what was done (既加强…，又支持…)
        modals = [h for h in modals if body[h:h + 2] not in ("支持", "鼓励")]
    if modals:
        return TaskDecision(True, obligation_of(body), "modal")
    if in_review:
        return TaskDecision(False, reason="review section")
    if _opens_with_directive(body):
        return TaskDecision(True, obligation_of(body), "imperative")
    if in_goal_list or (has_target and not is_heading):
        return TaskDecision(True, "should", "goal")
    return TaskDecision(False, reason="no directive")


def _body_tokens(text: str, body: str, tokens, segmenter):
    """Words of `body` (a suffix of `text` after a vocative or a heading mark was cut);
    `tokens` may be a function that makes the words of `text` when first needed."""
    if callable(tokens):
        tokens = tokens()
    if tokens is not None and text.endswith(body):
        cut = len(text) - len(body)
        return tokens if not cut else [(w, s - cut, e - cut) for w, s, e in tokens if s >= cut]
    return segmenter.tokenize(body) if segmenter is not None else None


def _opens_with_directive(body: str) -> bool:
    """A bare imperative: the first clause opens (after a lead-in and a named body)
    with a directive verb — 保持工业经济平稳运行 / 中央财政加大… / 在…等领域开展…;
    or a first clause that only names the topic is followed by one
    (普惠性减税与结构性减税并举，重点降低…)."""
    from .units import _unit_prefix

    lead = P.SUBJECT_LEAD_IN.match(body)
    rest = body[lead.end():] if lead else body
    units = _unit_prefix(rest, 0)
    if units:
        rest = rest[units[-1].end:]
    if P.DIRECTIVE_VERBS.match(rest):
        return True
    # a first clause that only frames (以…为指导，/ X与Y并举，) followed by a directive verb
    clauses = _CLAUSE_SPLIT.split(body, maxsplit=2)
    return (len(clauses) > 1 and bool(P.FRAMING_CLAUSE.match(clauses[0]))
            and bool(P.DIRECTIVE_VERBS.match(clauses[1])))


def reports_past_year(sentence: str, day: Optional[dt.date]) -> bool:
    """Whether a verbless figure sentence tells what happened in an earlier year
    (1956年新增加的钢的生产能力，就有一百四十二万吨) rather than setting a goal: it
    names a year before the document's, not as a comparison base, and nothing in it
    looks forward."""
    if day is None or _FORWARD.search(sentence):
        return False
    for m in _YEAR_TOLD.finditer(sentence):
        before = sentence[:m.start()]
        if any(p.search(before) for p in (_COMPARE_BEFORE, _START_BEFORE, _SPAN_BEFORE)):
            continue
        if read_number(m.group(1)) < day.year:
            return True
    return False
