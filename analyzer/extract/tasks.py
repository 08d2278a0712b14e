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
import enum
import re
from dataclasses import dataclass

from ..context import Context
from ..rules import address as A
from ..rules import cues as C
from ..rules import headings as H
from ..rules import text as T
from ..rules import units as R
from ..rules.time_grammar import COMPARE_BEFORE as _COMPARE_BEFORE
from ..rules.time_grammar import START_BEFORE as _START_BEFORE
from ..rules.time_grammar import YEAR as _YEAR
from .periods import num as read_number
from .units import unit_prefix

_CLAUSE_SPLIT = re.compile(r"[，,；;：:]")
# A year told in a sentence (1956年 / 一九五六年 / 二0二0年: the deadline grammar's years)
_YEAR_TOLD = re.compile(rf"(?<![0-9])({_YEAR})年")
# Before a year, besides a comparison (比2000年) or a start (从2021年): a span that runs
# on to it (到2025年, 2020年和2021年)
_SPAN_BEFORE = re.compile(r"(?:至|到|和|相对于)$")
# Forward cues: the figure is still to come
_FORWARD = re.compile(r"(?<![达得])到|(?<![以甚])至|力争|争取|计划|预计|预期|目标|将|要|确保|以上|以内")
_NUMBERED_POINT = re.compile(r"^[一二三四五六七八九十]+是")

# cue's first character → (word, where that character stands in it), for the NOT_MODAL_WORDS check
_WORDS_BY_CHAR: dict[str, list[tuple[str, int]]] = {}
for _word in C.NOT_MODAL_WORDS:
    for _k, _ch in enumerate(_word):
        _WORDS_BY_CHAR.setdefault(_ch, []).append((_word, _k))


def modal_positions(text: str) -> list[int]:
    """Positions of modal cues: not in a purpose clause (为了确保…), nor inside a word that holds a cue
    but is none (主要, 申请, 准备金: `cues.NOT_MODAL_WORDS`), nor starting inside one (努力|争取 holds 力争)."""
    out = []
    m = C.MODAL.search(text)
    while m:
        h = m.start()
        if any(h >= k and text.startswith(word, h - k) for word, k in _WORDS_BY_CHAR.get(text[h], ())):
            m = C.MODAL.search(text, h + 1)  # 努力争取: past 力争, 争取 may still be a cue
            continue
        if not (text[max(0, h - 2):h] == "为了" or text[h - 1:h] == "为"):
            out.append(h)
        m = C.MODAL.search(text, m.end())
    return out


class Reason(enum.Enum):
    """Why a sentence is a task or not: later steps branch on these, never on wording."""

    MODAL = "modal"  # a modal or obligation cue in a clause of its own
    IMPERATIVE = "imperative"  # a bare directive verb phrase
    IMPERATIVE_TITLE = "imperative title"  # an unnumbered title line opening with a directive verb
    NOTICE_DIRECTIVE = "notice directive"  # 请…贯彻落实
    DIRECTIVE_AFTER_DESCRIPTION = "directive after description"  # 这种现象要不得，要坚决克服
    GOAL = "goal"  # an item of a goal list, or a sentence that sets a figure
    EMPTY = "empty"
    FRAME = "frame"  # a date, a signature, a file number
    LEAD_IN = "lead-in"  # 我再强调几点意见：
    TOPIC_HEADING = "topic heading"  # 二、主要任务
    RETROSPECTIVE_LEAD = "retrospective lead"  # 过去的一年，…: a narrative begins
    RETROSPECTIVE = "retrospective"  # …取得了…
    DESCRIPTIVE = "descriptive"  # 这是…, 实践证明…
    TITLE = "title"  # a title line that is no directive
    REVIEW_SECTION = "review section"  # under a review heading, without a modal
    NO_DIRECTIVE = "no directive"  # nothing directive: a goal if it sets a figure
    PERMISSION = "permission"  # a regulation's 可以/准予/有权/享有: what someone may do, no duty
    CHECKLIST = "checklist question"  # 是否存在…问题: what to look for, not what to do
    REPORTED_WORDS = "reported words"  # 总书记强调，要…: a leader's words quoted, not the speaker's task
    LEARNED_TASK = "learned task"  # the rules said no; the sentence model says task (sentence_model.py)
    LEARNED_NO_TASK = "learned no task"  # the rules said task; the sentence model says no

    @property
    def is_task(self) -> bool:
        return self in _TASK_REASONS

    @property
    def ends_narration(self) -> bool:
        """A directive that ends a narrative run begun by a retrospective lead."""
        return self in (Reason.MODAL, Reason.DIRECTIVE_AFTER_DESCRIPTION)


_TASK_REASONS = frozenset({Reason.MODAL, Reason.IMPERATIVE, Reason.IMPERATIVE_TITLE, Reason.NOTICE_DIRECTIVE,
                           Reason.DIRECTIVE_AFTER_DESCRIPTION, Reason.GOAL, Reason.LEARNED_TASK})


@dataclass(frozen=True)
class TaskDecision:
    reason: Reason
    obligation: str = "should"

    @property
    def is_task(self) -> bool:
        return self.reason.is_task


def strip_heading_mark(text: str) -> str:
    return H.HEADING_MARK.sub("", text, count=1)


def obligation_of(text: str) -> str:
    """The strongest obligation cue of a directive; bare imperatives are "should"."""
    for name, cue in C.OBLIGATION_CUES:
        if cue.search(text):
            return name
    return "should"


def _has_directive_after(text: str, pos: int, modals: list[int]) -> bool:
    """A modal cue (not just 支持/鼓励) in a clause after `pos` that does not assess (这是确保…)."""
    for h in modals:
        if h < pos or text[h:h + 2] in ("支持", "鼓励"):
            continue
        clause_start = max((m.end() for m in _CLAUSE_SPLIT.finditer(text, 0, h)), default=0)
        if not C.ASSESSING_CLAUSE.match(text, clause_start):
            return True
    return False


@dataclass(frozen=True)
class Setting:
    """What the classifier is told about a sentence besides its text."""

    is_heading: bool = False
    numbered: bool = True  # a numbered heading (一、/（二）), not an unnumbered title line
    in_goal_list: bool = False  # an item of a list of goals (…目标是：…；…)
    in_review: bool = False  # under a review heading (工作回顾), or in a narrative run
    has_target: bool = False


def classify(text: str, ctx: Context, where: Setting = Setting()) -> TaskDecision:
    """Decide whether a sentence (whitespace removed, no final mark) is a task.

    Modal cues are checked against the words that hold one but are none (要 in 主要 or 要素 is no modal).
    `where.in_review`: the sentence stands under a review heading (工作回顾), where
    only an explicit modal makes a task.
    """
    body = _body(text, where.is_heading)
    early = _not_a_task(text, body, ctx.kind)
    if early is not None:
        return early
    modals = modal_positions(body)
    reported = _reported(body, modals)
    if reported is not None:
        return reported
    return _directive(body, modals, where, ctx)


def _body(text: str, is_heading: bool) -> str:
    """What the sentence says: without a form of address, a heading's number, a point's number."""
    body = A.VOCATIVE.sub("", text)
    body = strip_heading_mark(body) if is_heading else H.ARTICLE_MARK.sub("", body)
    point = H.POINT_MARKER.match(body)
    if point and H.ORDINAL_WORDS.get(point.group(0)) is None:
        # 一是保持… / 第二、统一制定…: judge what the point says, not its number
        rest = body[point.end():].lstrip("，,、：: ")
        if _NUMBERED_POINT.match(point.group(0)) or point.group(0).startswith("第"):
            body = rest or body
    return body


def _not_a_task(text: str, body: str, kind: str | None) -> TaskDecision | None:
    """Sentences that are no task whatever cues they hold: empty, frame, lead-in, topic heading,
    a checklist's question; in a regulation, the title of a chapter."""
    if not body or len(body) < 2:
        return TaskDecision(Reason.EMPTY)
    if T.FRAME_LINE.match(text):
        return TaskDecision(Reason.FRAME)
    if C.LEAD_IN.search(body):
        return TaskDecision(Reason.LEAD_IN)
    if H.CHECK_QUESTION.match(body):
        return TaskDecision(Reason.CHECKLIST)
    if C.REPORTED_WORDS.match(body):
        return TaskDecision(Reason.REPORTED_WORDS)
    if C.CEREMONY.search(body):
        return TaskDecision(Reason.DESCRIPTIVE)  # …向大会报告政府工作，请予审议，并请…提出意见
    if kind == "regulation" and H.PART_TITLE.match(text):
        return TaskDecision(Reason.TITLE)  # 第二章 组织实施: a chapter of articles, named by its topic
    # a head noun last (…的要求) makes a topic of a short heading-like text, not of a long sentence
    if not C.MODAL.search(body) and (H.TOPIC_HEADING.search(body) or (
            len(body) <= 30 and H.TOPIC_NOUN_END.search(body) and not C.DIRECTIVE_START.match(body))):
        return TaskDecision(Reason.TOPIC_HEADING)
    return None


def _topic_clause_end(body: str, at: int) -> int:
    """Where the clause holding position `at` ends, when it names a topic — a noun phrase closed by 的
    before a comma (对于已经建成、需要办理移交手续的，…) with more of the sentence after it; else 0."""
    nxt = _CLAUSE_SPLIT.search(body, at)
    if nxt is None or nxt.end() >= len(body) or body[nxt.start()] not in "，,":
        return 0
    return nxt.end() if body[:nxt.start()].endswith("的") else 0


def _reported(body: str, modals: list[int]) -> TaskDecision | None:
    """A sentence that reports or assesses (…取得了…, 这是…): no task, unless a later
    clause turns to a directive (这种现象要不得，要坚决克服); None when it does neither."""
    descriptive = C.DESCRIPTIVE.search(body)
    retro = C.RETROSPECTIVE.search(body)
    while retro and (topic_end := _topic_clause_end(body, retro.start())):
        # 对于已经建成的，原则上于6月底前完成: the past is inside the topic (…的，), not reported;
        # the rest of the sentence may still report (过去一年已经建成的，取得了明显成效)
        retro = C.RETROSPECTIVE.search(body, topic_end)
    if retro and not descriptive and modals and min(modals) < retro.start():
        # a directive that mentions the past (必须…把已经确定的改革搞好) is still a directive
        retro = None
    if not (descriptive or retro):
        return None
    stop = max(m.end() for m in (descriptive, retro) if m)
    nxt = _CLAUSE_SPLIT.search(body, stop)
    if nxt and not C.EXPLANATORY.match(body) and _has_directive_after(body, nxt.end(), modals):
        return TaskDecision(Reason.DIRECTIVE_AFTER_DESCRIPTION, obligation_of(body[nxt.end():]))
    if retro and retro.start() == 0 and not retro.group(0).endswith("了"):
        # opens with a past-time lead (过去的一年，/ 两年来，): a narrative begins
        return TaskDecision(Reason.RETROSPECTIVE_LEAD)
    return TaskDecision(Reason.RETROSPECTIVE if retro else Reason.DESCRIPTIVE)


def _directive(body: str, modals: list[int], where: Setting, ctx: Context) -> TaskDecision:
    """A sentence that neither reports nor assesses: a task by its cue, its verb or its list."""
    if where.is_heading and not where.numbered:
        # a title line: a task only when it opens with a directive verb
        if C.DIRECTIVE_START.match(body):
            return TaskDecision(Reason.IMPERATIVE_TITLE, obligation_of(body))
        return TaskDecision(Reason.TITLE)
    if C.NOTICE_DIRECTIVE.search(body):
        return TaskDecision(Reason.NOTICE_DIRECTIVE, "should")
    if where.in_review:
        # a review or a narrative: 支持/鼓励 there tell what was done (既加强…，又支持…)
        modals = [h for h in modals if body[h:h + 2] not in ("支持", "鼓励")]
    if modals:
        return TaskDecision(Reason.MODAL, obligation_of(body))
    if where.in_review:
        return TaskDecision(Reason.REVIEW_SECTION)
    if C.DUTY.search(body):
        # 由县级以上人民政府有关部门责令改正 / 依法追究刑事责任 / X主管本省的…工作
        return TaskDecision(Reason.IMPERATIVE, obligation_of(body))
    if ctx.kind == "regulation" and C.PERMISSION.search(body):
        # 可以向主管部门投诉 / 准予税前扣除: a regulation grants, no one is bound (measures offer the same way)
        return TaskDecision(Reason.PERMISSION)
    if _opens_with_directive(body, ctx):
        return TaskDecision(Reason.IMPERATIVE, obligation_of(body))
    if where.in_goal_list or (where.has_target and not where.is_heading):
        return TaskDecision(Reason.GOAL, "should")
    return TaskDecision(Reason.NO_DIRECTIVE)


def _opens_with_directive(body: str, ctx: Context) -> bool:
    """A bare imperative: the first clause opens (after a lead-in and a named body)
    with a directive verb — 保持工业经济平稳运行 / 中央财政加大… / 在…等领域开展…;
    or a first clause that only names the topic is followed by one
    (普惠性减税与结构性减税并举，重点降低…)."""
    lead = R.SUBJECT_LEAD_IN.match(body)
    rest = body[lead.end():] if lead else body
    units = unit_prefix(rest, 0, ctx)
    if units:
        rest = rest[units[-1].end:]
    if C.DIRECTIVE_VERBS.match(rest):
        return True
    # a first clause that only frames (以…为指导，/ X与Y并举，) followed by a directive verb
    clauses = _CLAUSE_SPLIT.split(body, maxsplit=2)
    return (len(clauses) > 1 and bool(C.FRAMING_CLAUSE.match(clauses[0]))
            and bool(C.DIRECTIVE_VERBS.match(clauses[1])))


# A figure told as the state of things, not as a goal: 现在全国积存的煤矸石约有十亿吨 / 估计储量在…以上
_PRESENT_STATE = re.compile(r"^(?:现在|目前|现有|当前|截至目前|据统计|据测算)|约有|估计")


def states_the_present(sentence: str) -> bool:
    """Whether a verbless figure sentence describes how things are now (现在…约有十亿吨) rather than
    setting a goal (城镇新增就业1200万人以上)."""
    return bool(_PRESENT_STATE.search(sentence))


def reports_past_year(sentence: str, day: dt.date | None) -> bool:
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
