"""Document structure: headings, enumerated points, paragraphs, sentences, annotations.

Works on the normalised text, where a line is a paragraph (layout breaks are
already joined). Everything keeps offsets into that text.

- Headings: numbered lines (一、 / （一） / 1. 1、 1． / （1）), with a level each, and
  unnumbered title lines (加快培育数字化发展引擎). A paragraph that opens with a
  numbered marker and goes on (（一）大力推进…。充分发挥…) has its first sentence as the
  heading. Each sentence carries its section: the path of headings above it.
- Points: 一要…二要…, 一是…二是…, 第一…第二…, 首先…其次…最后, found at sentence starts;
  a point runs until the next point or heading.
- Items: the numbered item (level ≥ 4 heading) or, outside items, the paragraph a
  sentence belongs to. Labelled lines (牵头单位：… / 责任单位：…) attach to the item
  above them, and so name units for every sentence of it.
- Sentences end at 。！？ and at ；(a clause-task), never inside brackets or book
  titles, and at a paragraph end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .extract import patterns as P
from .normalize import heading_level, is_title_like
from .records import Sentence

_OPEN = {"（": "）", "(": ")", "《": "》", "【": "】", "“": "”", "〔": "〕", "[": "]"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Annotation:
    """A labelled line (责任单位：…) or bracketed annotation and the item it belongs to."""

    text: str
    start: int
    end: int
    item: int  # the item it names units for (every sentence of it) …
    sentence: int = -1  # … or, when ≥ 0, only the sentence starting at this offset


@dataclass
class Structure:
    sentences: list[Sentence] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    addressees: list[tuple[str, int, int]] = field(default_factory=list)  # (line, start, end)
    goal_items: set[int] = field(default_factory=set)  # items that list goals (…目标是：)
    title: str = ""  # the title block: unnumbered lines that open the document


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, mark) of the sentences of text[start:end]; end excludes the mark.

    Splits at 。！？；!?; outside brackets and book titles. Quotes are tracked too,
    unless they are unbalanced in the paragraph (web pages drop them).
    """
    spans = _split(text, start, end, track_quotes=True)
    if spans is None:
        spans = _split(text, start, end, track_quotes=False) or []
    return spans


_SPECIAL = re.compile("[" + re.escape("".join(_OPEN) + "".join(_CLOSE) + P.SENTENCE_END) + "]")


def _split(text: str, start: int, end: int, track_quotes: bool):
    out = []
    stack: list[str] = []
    s = start
    pos = start
    while True:
        m = _SPECIAL.search(text, pos, end)  # jump to the next bracket, quote or mark
        if m is None:
            break
        i = m.start()
        ch = text[i]
        pos = i + 1
        if ch in _OPEN and (track_quotes or ch != "“"):
            stack.append(_OPEN[ch])
        elif ch in P.SENTENCE_END and stack == ["”"] and i + 1 < end and text[i + 1] == "”":
            # 倡导“最多跑一次。”推动工作: the mark before a closing quote ends the sentence
            stack.pop()
            out.append((s, i, ch))
            s = pos = i + 2
        elif stack and ch == stack[-1]:
            stack.pop()
        elif ch in _CLOSE and (track_quotes or ch != "”"):
            pass  # stray closer: ignore
        elif ch in P.SENTENCE_END and not stack:
            j = i + 1
            # closing quotes/brackets right after the mark stay with this sentence
            while j < end and text[j] in P.CLOSERS:
                j += 1
            out.append((s, i, ch))
            s = pos = j
    if track_quotes and stack and any(c == "”" for c in stack):
        return None
    if s < end and text[s:end].strip():
        out.append((s, end, ""))
    return out


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def parse(text: str, table_spans: list[tuple[int, int]] = ()) -> Structure:
    """The structure of a normalised document.

    Lines of task tables in the text, and lines inside `table_spans` (tables a
    reader gave with their cells), are no prose: they are left to the table step.
    """
    from .tables import table_line_ranges

    out = Structure()
    lines = text.split("\n")
    in_table = [a or b for a, b in zip(table_line_ranges(lines), lines_in_spans(lines, table_spans))]
    section: list[tuple[float, str]] = []
    item = -1  # current numbered item id
    item_level = 0
    para_id = 0
    point: str | None = None
    point_start = -1
    prev_title = False  # previous non-blank line was an unnumbered heading
    prev_goal = False  # the previous paragraph belongs to a list of goals
    title_lines = _title_block(lines, in_table)
    out.title = "".join(lines[k].strip() for k in sorted(title_lines))
    pos = 0
    for n, line in enumerate(lines):
        line_start = pos
        pos += len(line) + 1
        if in_table[n]:
            continue
        s, e = _strip_span(text, line_start, line_start + len(line))
        if s >= e:
            continue
        body = text[s:e]
        para_id += 1
        if P.LABEL_LINE.match(body):
            target = item if item >= 0 else -para_id + 1
            out.annotations.append(Annotation(body, s, e, target))
            continue
        if P.FRAME_LINE.match(body) or n in title_lines:
            prev_title = False
            continue
        if P.ADDRESSEE_LINE.match(body) and not heading_level(body) and _is_addressee(body):
            out.addressees.append((body, s, e))
            continue
        level = heading_level(body)
        title = not level and is_title_like(body)
        if level or title:
            lvl: float = level if level else P.UNNUMBERED_HEADING_LEVEL + (0.1 if prev_title else 0)
            # the heading is the first sentence of the paragraph
            spans = split_sentences(text, s, e)
            hs, he, hmark = spans[0]
            heading_text = _WS.sub("", text[hs:he])
            while section and section[-1][0] >= lvl:
                section.pop()
            section.append((lvl, heading_text))
            point, point_start = None, -1
            if level >= 4:
                item, item_level = para_id, level
            elif item >= 0 and lvl <= item_level:
                item = -1
            cur_item = item if item >= 0 else -para_id
            if re.search(r"目标(?:是|为|如下)?[：:]?$", heading_text):
                out.goal_items.add(cur_item)
            out.sentences.append(Sentence(hs, he, heading_text, para_id, True, level,
                                          tuple(h for _, h in section[:-1]), None, -1,
                                          cur_item, hmark))
            rest = spans[1:]
            prev_title = bool(title)
        else:
            rest = split_sentences(text, s, e)
            prev_title = False
        cur_item = item if item >= 0 else -para_id
        if prev_goal and not (level or title) and P.DASH_ITEM.match(body):
            # ——社会主义民主更加完善… after 目标是：——…: the list of goals goes on, one
            # dash paragraph after another
            out.goal_items.add(cur_item)
        heads = tuple(h for _, h in section)
        brackets: list[tuple[str, int, int, int]] = []  # annotation, start, end, sentence before it
        for ss, se, mark in _split_leading_brackets(text, rest):
            ss, se = _strip_span(text, ss, se)
            if ss >= se:
                continue
            stext = _WS.sub("", text[ss:se])
            if P.BRACKET_ANNOTATION.fullmatch(text[ss:se].rstrip("。；;")):
                # （牵头单位：…；配合单位：…） standing after a sentence's final mark
                before = out.sentences[-1].start if out.sentences and out.sentences[-1].paragraph == para_id else -1
                brackets.append((text[ss:se], ss, se, before))
                continue
            m = P.POINT_MARKER.match(stext)
            if m:
                point, point_start = m.group(0), ss
            if P.LIST_LEAD_IN.search(stext):
                out.goal_items.add(cur_item)
            out.sentences.append(Sentence(ss, se, stext, para_id, False, 0, heads, point,
                                          point_start, cur_item, mark))
        prev_goal = cur_item in out.goal_items and not (level or title)
        # one annotation closing the paragraph names units for its whole item (spec §2);
        # several name units each for the sentence before it
        last_end = -1  # where this paragraph's last sentence ends (they are appended in order)
        for x in reversed(out.sentences):
            if x.paragraph != para_id:
                break
            last_end = max(last_end, x.end)
        for btext, bs, be, before in brackets:
            whole = len(brackets) == 1 and bs > last_end
            out.annotations.append(Annotation(btext, bs, be, cur_item, -1 if whole else before))
    return out


def lines_in_spans(lines: list[str], spans) -> list[bool]:
    """For each line, whether it overlaps one of `spans` (offsets into the joined text)."""
    flags = [False] * len(lines)
    if not spans:
        return flags
    pos = 0
    for k, line in enumerate(lines):
        end = pos + len(line)
        flags[k] = any(a < end + 1 and pos < b for a, b in spans)
        pos = end + 1
    return flags


def _split_leading_brackets(text: str, spans):
    """A bracketed annotation right after a final mark starts no sentence of its own
    (…立法。（牵头单位：市发展改革委）完善…): cut it off as a piece by itself."""
    for ss, se, mark in spans:
        ss, se = _strip_span(text, ss, se)
        m = P.BRACKET_ANNOTATION.match(text, ss, se)
        if m and m.end() < se:
            yield ss, m.end(), ""
            yield m.end(), se, mark
        else:
            yield ss, se, mark


def _title_block(lines: list[str], in_table: list[bool]) -> set[int]:
    """Line numbers of the document's title: the unnumbered lines that open it, when
    a body paragraph follows them (在…会议上的讲话 / （2024年2月23日） / 王战营 / 春节过后…).
    When a numbered heading follows instead, they are section headings (a plan's
    part and chapter titles), not a title."""
    block: set[int] = set()
    for n, line in enumerate(lines):
        body = line.strip()
        if not body or in_table[n]:
            continue
        if P.FRAME_LINE.match(body):
            continue
        if heading_level(body) or P.LABEL_LINE.match(body):
            return set()
        if is_title_like(body) or (body.startswith(("（", "(")) and len(body) <= 30):
            block.add(n)
            continue
        return block
    return set()


def _is_addressee(line: str) -> bool:
    """A notice's 主送 line: a list of bodies ending in a colon (各街道办事处,各区直部门:)."""
    from .extract.units import is_unit_name, split_unit_list

    body = line.rstrip("：: ")
    parts = split_unit_list(body)
    return len(parts) >= 1 and all(is_unit_name(p[0]) for p in parts)
