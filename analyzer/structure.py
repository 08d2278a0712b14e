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

from .lexicon import UnitLexicon
from .lines import heading_level, is_title_block_line, is_title_like, lines_in_spans, table_line_ranges
from .records import Sentence
from .rules import address as A
from .rules import headings as H
from .rules import labels as L
from .rules import text as T
from .rules import units as R

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
    sentence: int = -1  # … or, when ≥ 0, only the sentence starting at this offset …
    # … and the sentences before it back to the previous annotation (its run): 甲。乙。（A负责）丙。（B负责）
    run: tuple[int, ...] = ()
    # a labelled paragraph after sub-items that have none of their own names units for all of them (not for
    # the item above them, a title): 1.…工程 （1）… （5）… （责任单位：…） 2.…
    items: tuple[int, ...] = ()


@dataclass
class Structure:
    sentences: list[Sentence] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    addressees: list[tuple[str, int, int]] = field(default_factory=list)  # (line, start, end)
    goal_items: set[int] = field(default_factory=set)  # items that list goals (…目标是：)
    # numbered item → the item it is a sub-item of (1. under （一）): an item's time reaches its sub-items
    item_parents: dict[int, int] = field(default_factory=dict)
    title: str = ""  # the title block: unnumbered lines that open the document


def under_review(section: tuple[str, ...]) -> bool:
    """Whether a sentence under these headings stands in a review of work done (一、2025年工作回顾 and all under it,
    whatever its sub-headings say), not in a part that sets goals or tasks (二、…发展成就和…主要目标任务, and its
    （一）高质量发展取得显著成效, a goal)."""
    return bool(section) and any(H.REVIEW_HEADING.search(h) for h in section) and not H.PLANS_AHEAD.search(section[0])


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, mark) of the sentences of text[start:end]; end excludes the mark.

    Splits at 。！？；!?; outside brackets and book titles. Quotes are tracked too,
    unless they are unbalanced in the paragraph (web pages drop them).
    """
    spans = _split(text, start, end, track_quotes=True)
    if spans is None:
        spans = _split(text, start, end, track_quotes=False) or []
    return spans


_SPECIAL = re.compile("[" + re.escape("".join(_OPEN) + "".join(_CLOSE) + T.SENTENCE_END) + "]")


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
        elif ch in T.SENTENCE_END and stack == ["”"] and i + 1 < end and text[i + 1] == "”":
            # 倡导“最多跑一次。”推动工作: the mark before a closing quote ends the sentence
            stack.pop()
            out.append((s, i, ch))
            s = pos = i + 2
        elif stack and ch == stack[-1]:
            stack.pop()
        elif ch in _CLOSE and (track_quotes or ch != "”"):
            pass  # stray closer: ignore
        elif ch in T.SENTENCE_END and not stack:
            j = i + 1
            # closing quotes/brackets right after the mark stay with this sentence
            while j < end and text[j] in T.CLOSERS:
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


_GOAL_HEADING_END = re.compile(r"目标(?:是|为|如下)?[：:]?$")


def parse(text: str, table_spans: list[tuple[int, int]] = (), lexicon: UnitLexicon | None = None) -> Structure:
    """The structure of a normalised document.

    Lines of task tables in the text, and lines inside `table_spans` (tables a
    reader gave with their cells), are no prose: they are left to the table step.
    `lexicon` tells a notice's addressee line (default: the gazetteer alone).
    """
    lines = text.split("\n")
    in_reader_table = lines_in_spans(lines, table_spans)
    in_table = [a or b for a, b in zip(table_line_ranges(lines, in_reader_table), in_reader_table, strict=False)]
    title_lines = _title_block(lines, in_table)
    walker = _Walker(text, lexicon or UnitLexicon.from_dictionaries())
    walker.out.title = _title_text([lines[k] for k in sorted(title_lines)])
    pos = 0
    for n, line in enumerate(lines):
        line_start, pos = pos, pos + len(line) + 1
        if in_table[n]:
            continue
        s, e = _strip_span(text, line_start, line_start + len(line))
        if s < e:
            walker.line(s, e, n in title_lines)
    return walker.out


@dataclass
class _Walker:
    """The state of one pass over a document's lines: the heading path, the current
    numbered item and point, and whether the previous lines were titles or goals."""

    text: str
    lexicon: UnitLexicon
    out: Structure = field(default_factory=Structure)
    section: list[tuple[float, str]] = field(default_factory=list)  # (level, heading) from the top
    item: int = -1  # the current numbered item (level ≥ 4 heading), or -1
    item_level: int = 0
    open_items: list[tuple[float, int]] = field(default_factory=list)  # (level, item) of the headings above
    heading_paragraph: int = -2  # the paragraph of the latest heading
    children: dict[int, list[int]] = field(default_factory=dict)  # item → its numbered sub-items, in order
    annotated: set[int] = field(default_factory=set)  # items that have an annotation of their own
    paragraph: int = 0
    point: str | None = None  # 一要 / 二是 … of the current point
    point_start: int = -1
    prev_title: bool = False  # the previous non-blank line was an unnumbered heading
    prev_goal: bool = False  # the previous paragraph belongs to a list of goals

    def line(self, s: int, e: int, in_title: bool) -> None:
        """One non-blank line (a paragraph) of the text, at [s, e)."""
        body = self.text[s:e]
        self.paragraph += 1
        if L.LABEL_LINE.match(body):
            # a labelled line names units for the item above it (or the paragraph before)
            target = self.item if self.item >= 0 else -self.paragraph + 1
            self.out.annotations.append(Annotation(body, s, e, target, items=self._annotation_run(target)))
            return
        if T.FRAME_LINE.match(body) or in_title:
            self.prev_title = False
            return
        if A.ADDRESS_PARAGRAPH.match(body):
            self._close_items()
            return
        if R.ADDRESSEE_LINE.match(body) and not heading_level(body) and self._is_addressee(body):
            self.out.addressees.append((body, s, e))
            return
        level = heading_level(body)
        title = not level and is_title_like(body)
        if level or title:
            rest = self._heading(s, e, level)
            self.prev_title = bool(title)
        else:
            rest = split_sentences(self.text, s, e)
            self.prev_title = False
        prose = not (level or title)
        item = self.current_item
        if prose and self.item < 0 and self.open_items and item not in self.out.item_parents:
            # a paragraph under a heading (not a numbered item of its own): the heading's time reaches it
            self.out.item_parents[item] = self.open_items[-1][1]
        if self.prev_goal and prose and T.DASH_ITEM.match(body):
            # ——社会主义民主更加完善… after 目标是：——…: the list of goals goes on, one
            # dash paragraph after another
            self.out.goal_items.add(item)
        brackets = self._sentences(rest, item)
        self.prev_goal = item in self.out.goal_items and prose
        leads = prose and self.open_items and self.paragraph == self.heading_paragraph + 1
        self._attach(brackets, item, self.open_items[-1][1] if leads else None)

    @property
    def current_item(self) -> int:
        """The numbered item a sentence belongs to, or (outside items) -paragraph."""
        return self.item if self.item >= 0 else -self.paragraph

    def _heading(self, s: int, e: int, level: int) -> list[tuple[int, int, str]]:
        """A heading paragraph: its first sentence is the heading; returns the rest."""
        lvl: float = level if level else H.UNNUMBERED_HEADING_LEVEL + (0.1 if self.prev_title else 0)
        spans = split_sentences(self.text, s, e)
        hs, he, hmark = spans[0]
        heading_text = _WS.sub("", self.text[hs:he])
        while self.section and self.section[-1][0] >= lvl:
            self.section.pop()
        self.section.append((lvl, heading_text))
        self.point, self.point_start = None, -1
        if level >= 4:
            self.item, self.item_level = self.paragraph, level
        elif self.item >= 0 and lvl <= self.item_level:
            self.item = -1
        item = self.current_item
        while self.open_items and self.open_items[-1][0] >= lvl:
            self.open_items.pop()
        if self.open_items:
            self.out.item_parents[item] = self.open_items[-1][1]
            if level >= 4:
                self.children.setdefault(self.open_items[-1][1], []).append(item)
        self.open_items.append((lvl, item))
        if _GOAL_HEADING_END.search(heading_text):
            self.out.goal_items.add(item)
        self.heading_paragraph = self.paragraph
        time = L.TIME_BRACKET.search(self.text, hs, he)
        if time and not self.text[time.end():he].strip("。；;，, "):
            # （一）动员部署（3月底前）: the stage's time, for every task under it
            self.out.annotations.append(Annotation(time.group(0), time.start(), time.end(), item))
        self.out.sentences.append(Sentence(hs, he, heading_text, self.paragraph, True, level,
                                           tuple(h for _, h in self.section[:-1]), None, -1, item, hmark))
        return spans[1:]

    def _sentences(self, spans, item: int) -> list[tuple[str, int, int, int]]:
        """The prose sentences of a paragraph; returns the bracketed annotations standing
        after a final mark, each with the start of the sentence before it."""
        heads = tuple(h for _, h in self.section)
        brackets: list[tuple[str, int, int, tuple[int, ...]]] = []
        # the paragraph's sentences since the last annotation (a heading of the same paragraph included)
        run = [x.start for x in self.out.sentences[-1:] if x.paragraph == self.paragraph]
        for ss, se, mark in _split_leading_brackets(self.text, spans):
            ss, se = _strip_span(self.text, ss, se)
            if ss >= se:
                continue
            if L.BRACKET_ANNOTATION.fullmatch(self.text[ss:se].rstrip("。；;")):
                # （牵头单位：…；配合单位：…） standing after a sentence's final mark
                brackets.append((self.text[ss:se], ss, se, tuple(run)))
                run = []
                continue
            run.append(ss)
            stext = _WS.sub("", self.text[ss:se])
            m = H.POINT_MARKER.match(stext)
            if m:
                self.point, self.point_start = m.group(0), ss
            if H.LIST_LEAD_IN.search(stext):
                self.out.goal_items.add(item)
            self.out.sentences.append(Sentence(ss, se, stext, self.paragraph, False, 0, heads, self.point,
                                               self.point_start, item, mark))
        return brackets

    def _attach(self, brackets: list[tuple[str, int, int, tuple[int, ...]]], item: int,
                heading: int | None = None) -> None:
        """One annotation closing the paragraph names units for its whole item (spec §2);
        several name units each for the sentences before it, back to the previous one. `heading`: the item of the heading
        this paragraph leads (the paragraph right after it), whose time a closing time bracket is."""
        last_end = -1  # where this paragraph's last sentence ends (they are appended in order)
        for x in reversed(self.out.sentences):
            if x.paragraph != self.paragraph:
                break
            last_end = max(last_end, x.end)
        for btext, bs, be, run in brackets:
            whole = len(brackets) == 1 and bs > last_end
            if whole and heading is not None and L.TIME_BRACKET.fullmatch(btext):
                # （一）开展风险摸排 / 各级…隐患。（7月中旬前）: the time closing the lead paragraph is the heading's
                self.out.annotations.append(Annotation(btext, bs, be, heading))
                continue
            if whole:
                self.annotated.add(item)
                self.out.annotations.append(Annotation(btext, bs, be, item))
            else:
                self.out.annotations.append(Annotation(btext, bs, be, item, run[-1] if run else -1, run))

    def _close_items(self) -> None:
        """A paragraph of address (各位代表！) ends the numbered items under the current part: what follows
        stands under the part's heading alone."""
        del self.section[1:]
        del self.open_items[1:]
        self.item, self.point, self.point_start, self.prev_title = -1, None, -1, False

    def _annotation_run(self, item: int) -> tuple[int, ...]:
        """The items a labelled paragraph after `item` names units for: it and the sub-items of the same
        item before it that have no annotation of their own (1.…工程 （1）…（5）… （责任单位：…）); empty
        (the annotation's own item alone) when it is the first sub-item or its siblings are annotated."""
        if item < 0 or item not in self.out.item_parents:
            return ()
        siblings = self.children.get(self.out.item_parents[item], [])
        k = siblings.index(item) if item in siblings else -1
        if k < 1 or item in self.annotated:
            self.annotated.add(item)
            return ()
        run = [item]
        while k > 0 and siblings[k - 1] not in self.annotated:
            k -= 1
            run.insert(0, siblings[k])
        self.annotated.update(run)
        return tuple(run)

    def _is_addressee(self, line: str) -> bool:
        """A notice's 主送 line: a list of bodies ending in a colon (各街道办事处,各区直部门:)."""
        return self.lexicon.is_unit_list(line.rstrip("：: "))


def _split_leading_brackets(text: str, spans):
    """A bracketed annotation right after a final mark starts no sentence of its own
    (…立法。（牵头单位：市发展改革委）完善…): cut it off as a piece by itself."""
    for ss, se, mark in spans:
        ss, se = _strip_span(text, ss, se)
        m = L.BRACKET_ANNOTATION.match(text, ss, se)
        if m and m.end() < se:
            yield ss, m.end(), ""
            yield m.end(), se, mark
        else:
            yield ss, se, mark


def _title_text(block: list[str]) -> str:
    """The title of a title block: its opening lines up to a subtitle of occasion (——2024年3月5日在…会议上),
    a dated line or the speaker (国务院总理 李强), which follow a title but are not part of it."""
    kept = []
    for line in block:
        body = "".join(line.split())
        if kept and (H.TITLE_BLOCK_TAIL.match(body) or (H.SPEECH_TITLE_END.search(kept[-1]) and H.PERSON_NAME.match(body))):
            break  # …的讲话 / 王战营: a speech's title, then its speaker
        kept.append(body)
        if H.TITLE_GENRE_END.search(body):
            break  # …关于印发《…细则》的通知 / …细则: the notice's title is whole
    return "".join(kept)


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
        if T.FRAME_LINE.match(body):
            continue
        if heading_level(body) or L.LABEL_LINE.match(body):
            return set()
        if is_title_block_line(body) or (body.startswith(("（", "(")) and len(body) <= 30):
            block.add(n)
            continue
        return block
    return set()
