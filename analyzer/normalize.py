"""Normalising text without losing positions.

Each step is a pure function `str -> Edited` (the new text plus where its
characters came from); `normalize()` chains them in one place. Offsets of every
record point into the normalised text; `OffsetMap` takes any of them back to the
text as read, so a reviewer can always find the passage in the original file.

Steps, in order:
1. line ends: CRLF and CR become LF;
2. invisible characters: zero-width spaces/joiners, BOM, soft hyphen are dropped;
3. spaces: no-break, ideographic and other Unicode spaces and tabs become " ";
4. width: full-width letters and digits become ASCII (２０２４ → 2024); half-width
   ，；：！？（） between Chinese characters become their full-width forms, which the
   sentence and annotation rules expect;
5. web preview: a first line that repeats the opening and is cut off with "..." or
   "…" (the snippet web pages put above an article) is removed;
6. layout line breaks: a line that does not end a sentence continues on the next
   (the break is dropped), unless either line is a heading, a labelled line
   (责任单位：…), a title-like line, or part of a task table.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Sequence

from .extract import patterns as P


@dataclass
class OffsetMap:
    """Maps offsets of a derived text back to the text it came from.

    Stored as anchors: from derived offset `dst[k]` on, source = `src[k]` + (i − `dst[k]`).
    Compact (one anchor per edit, not per character) so large documents stay cheap.
    """

    dst: list[int] = field(default_factory=lambda: [0])
    src: list[int] = field(default_factory=lambda: [0])

    def __call__(self, i: int) -> int:
        k = bisect.bisect_right(self.dst, i) - 1
        return self.src[k] + (i - self.dst[k])

    def forward(self, x: int) -> int:
        """The derived offset of source offset `x` (the end of a deleted stretch for
        offsets inside one)."""
        k = bisect.bisect_right(self.src, x) - 1
        if k < 0:
            return 0
        d = self.dst[k] + (x - self.src[k])
        return min(d, self.dst[k + 1]) if k + 1 < len(self.dst) else d

    def then(self, later: "OffsetMap") -> "OffsetMap":
        """The map of applying `self` then `later` (later's offsets → original)."""
        dst, src = [], []
        # breakpoints of `later`, plus breakpoints of `self` seen through `later`
        points = set(later.dst)
        for d in self.dst:
            # derived-of-self offset d corresponds to later-derived offsets where later.src hits d
            k = bisect.bisect_right(later.src, d) - 1
            if k >= 0:
                points.add(later.dst[k] + (d - later.src[k]))
        for p in sorted(points):
            if p < 0:
                continue
            dst.append(p)
            src.append(self(later(p)))
        return OffsetMap(dst or [0], src or [0])


@dataclass(frozen=True)
class Edited:
    text: str
    offsets: OffsetMap


def _rebuild(text: str, edits: list[tuple[int, int, str]]) -> Edited:
    """Apply non-overlapping (start, end, replacement) edits, sorted by start."""
    if not edits:
        return Edited(text, OffsetMap())
    out: list[str] = []
    dst, src = [0], [0]
    pos = 0
    new_len = 0
    for start, end, repl in edits:
        out.append(text[pos:start])
        new_len += start - pos
        if repl:
            out.append(repl)
        dst.append(new_len)
        src.append(start)
        new_len += len(repl)
        dst.append(new_len)
        src.append(end)
        pos = end
    out.append(text[pos:])
    return Edited("".join(out), OffsetMap(dst, src))


def _sub(pattern: re.Pattern[str], text: str, repl) -> Edited:
    edits = []
    for m in pattern.finditer(text):
        r = repl(m) if callable(repl) else repl
        if r != m.group(0):
            edits.append((m.start(), m.end(), r))
    return _rebuild(text, edits)


# --- the steps ---------------------------------------------------------------

_CR = re.compile(r"\r\n?")
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# a line holding nothing but invisible characters is a layout artefact (web pages put a
# zero-width space where a page of the source broke a paragraph): it goes with its break,
# so it does not become a paragraph break
_INVISIBLE = re.compile(f"(?<=\n)[ {_INVISIBLE_CHARS}]*[{_INVISIBLE_CHARS}][ {_INVISIBLE_CHARS}]*\n"
                        f"|[{_INVISIBLE_CHARS}]+")
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\x0b\x0c]")
_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05\uff0b]")
# half-width punctuation with a Chinese character on either side
_CJK = "\u4e00-\u9fff\u3400-\u4dbf"
_HALF_PUNCT = re.compile(rf"(?<=[{_CJK}])[,;!?](?=\s*\S)|[,;!?](?=[{_CJK}])|(?<=[{_CJK}])[:](?=\s*[^\s/])")
# (市) / (此件公开发布): brackets holding Chinese text become （…）
_HALF_PARENS = re.compile(rf"\(([^()\n]{{0,60}}[{_CJK}][^()\n]{{0,60}})\)")
_HALF_TO_FULL = {",": "，", ";": "；", "!": "！", "?": "？", ":": "：", "(": "（", ")": "）"}


def unify_line_ends(text: str) -> Edited:
    return _sub(_CR, text, "\n")


def drop_invisible(text: str) -> Edited:
    return _sub(_INVISIBLE, text, "")


def unify_spaces(text: str) -> Edited:
    return _sub(_SPACES, text, " ")


def unify_width(text: str) -> Edited:
    first = _sub(_FULLWIDTH_ALNUM, text, lambda m: chr(ord(m.group(0)) - 0xFEE0))
    second = _sub(_HALF_PUNCT, first.text, lambda m: _HALF_TO_FULL[m.group(0)])
    third = _sub(_HALF_PARENS, second.text, lambda m: "（" + m.group(1) + "）")
    return Edited(third.text, first.offsets.then(second.offsets).then(third.offsets))


_ELLIPSIS_END = re.compile(r"(?:\.{3,}|…+|。。。)\s*$")
_SQUASH = re.compile(r"\s+")


def drop_web_preview(text: str) -> Edited:
    """Remove a first line that repeats the article's opening and ends in "..."/"…"."""
    nl = text.find("\n")
    if nl < 0:
        return _rebuild(text, [])
    first = text[:nl]
    m = _ELLIPSIS_END.search(first)
    if not m:
        return _rebuild(text, [])
    snippet = _SQUASH.sub("", first[: m.start()])
    rest = _SQUASH.sub("", text[nl + 1: nl + 1 + 4 * len(first) + 200])
    # the snippet repeats the opening: its first 20 characters start the rest,
    # or it occurs in the opening lines (titles may be laid out differently)
    probe = snippet[: min(20, len(snippet))]
    if len(snippet) >= 8 and probe and probe in rest[: len(snippet) + 200]:
        return _rebuild(text, [(0, nl + 1, "")])
    return _rebuild(text, [])


def heading_level(line: str) -> int:
    """Level of a numbered heading at the start of `line`, or 0."""
    s = line.lstrip()
    for pattern, level in P.HEADING_PATTERNS:
        if pattern.match(s):
            return level
    return 0


def is_title_like(line: str) -> bool:
    """A short line with no sentence punctuation: a title, not a broken sentence."""
    s = line.strip()
    if not s or len(s) > 40:
        return False
    return not re.search(r"[，,、；;。！？!?：:]", s)


_CONTINUATION_START = set("、，,。；;：:）)」』》〉！？!?")
_ORPHAN_START = re.compile(r"[\u4e00-\u9fff][，、；]")


def join_layout_lines(text: str, keep: Sequence[tuple[int, int]] = ()) -> Edited:
    """Drop line breaks that the page layout put inside a sentence.

    Lines of task tables, and lines overlapping a `keep` span (tables a reader found
    in a Word, HTML or Excel file), are never joined.
    """
    from .tables import table_line_ranges

    lines = text.split("\n")
    protected = table_line_ranges(lines)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    for a, b in keep:
        first = bisect.bisect_right(starts, a) - 1
        last = bisect.bisect_right(starts, max(a, b - 1)) - 1
        for k in range(max(first, 0), last + 1):
            protected[k] = True
    edits = []
    continues = False  # line i is the continuation of a sentence from line i-1
    in_body = False  # a full paragraph has been seen: title blocks are over
    for i, line in enumerate(lines[:-1]):
        if not line.strip() or protected[i]:
            continues = False
            continue
        if not in_body and len(line) >= 40 and P.LINE_ENDS_SENTENCE.search(line):
            in_body = True
        j = i + 1
        colon = bool(P.LINE_ENDS_COLON.search(line))
        if colon:
            # a lead-in (…目标是：) continues on the next paragraph, across blank lines
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j == len(lines) or not _continues_after_colon(line, lines[j]) or protected[j]:
                continues = False
                continue
        nxt = lines[j]
        # a line cannot open with 、，。；： or a closing bracket: it carries on the line
        # before (城市轨道交通 / 、地下综合管廊建设加快), whatever that line looks like
        # nor with one character and a comma, unless a word broke there (…各领域改 / 革，加快…)
        join = ((nxt[:1] in _CONTINUATION_START or (_ORPHAN_START.match(nxt) and not heading_level(nxt)))
                and not protected[j] and not P.LINE_ENDS_SENTENCE.search(line)) or colon or (
                in_body and not protected[j] and _link_fragment(lines, i)) or (
                nxt.strip() and not protected[j]
                and not P.LINE_ENDS_SENTENCE.search(line)
                and not heading_level(nxt) and not P.LABEL_LINE.match(nxt)
                and not P.LABEL_LINE.match(line)
                and not P.FRAME_LINE.match(line.strip()) and not P.FRAME_LINE.match(nxt.strip())
                # a short unpunctuated line that starts a paragraph is a title
                and (continues or P.FRAGMENT_END.search(line)
                     or not (is_title_like(line) or heading_level(line))))
        if join:
            # drop trailing spaces, the break(s), and leading spaces of the next line
            end = starts[i] + len(line)
            start = end - (len(line) - len(line.rstrip()))
            stop = starts[j] + (len(nxt) - len(nxt.lstrip()))
            edits.append((start, stop, ""))
        continues = bool(join) and j == i + 1
    return _rebuild(text, _merge_edits(edits))


_DASHES = re.compile(r"^\s*(?:——|--|—)+\s*$")
_SHORT_FIRST_SENTENCE = re.compile(r"^[^，,。！？!?；;：:]{1,6}[。！？!?]")


def _link_fragment(lines: Sequence[str], i: int) -> bool:
    """Whether line i is a piece of a sentence that a web page's links broke into lines:

        ——            党的十八届六中全会
        改革开放       正式明确
        深入推进。…    习近平
                      总书记的核心地位，…。

    A dash-only line; or a short unnumbered line without punctuation followed by a
    line whose first sentence is a bare predicate (深入推进。), or by more such lines
    before a line of prose. Only in the body: title blocks are short lines too.
    """
    line, nxt = lines[i].strip(), lines[i + 1].strip()
    dashes = bool(_DASHES.match(line))
    if not dashes and not is_title_like(line):
        return False  # most lines: prose, decided without the heading patterns
    if not nxt or heading_level(nxt) or P.LABEL_LINE.match(nxt):
        return False
    if dashes:
        return True
    if heading_level(line) or P.LABEL_LINE.match(line) or P.FRAME_LINE.match(line):
        return False
    if _SHORT_FIRST_SENTENCE.match(nxt):
        return True
    k = i + 1
    while k < len(lines) and k <= i + 4 and is_title_like(lines[k]) and not heading_level(lines[k]):
        k += 1
    return (i + 1 < k < len(lines) and len(lines[k].strip()) >= 10 and not heading_level(lines[k])
            and bool(re.search(r"[，。；！？]", lines[k])))


def _merge_edits(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop edits that overlap an earlier one (a colon join spans blank lines)."""
    out: list[tuple[int, int, str]] = []
    for e in sorted(edits):
        if out and e[0] < out[-1][1]:
            continue
        out.append(e)
    return out


def _continues_after_colon(line: str, nxt: str) -> bool:
    """Whether the paragraph after a colon-ended line carries on its sentence."""
    from .extract.units import is_unit_name, split_unit_list

    if P.LABEL_LINE.match(nxt) or P.FRAME_LINE.match(nxt.strip()):
        return False
    if heading_level(nxt):
        # a numbered list item that completes a lead-in (…主要内容是：一、合理调整…；)
        # continues it; a heading after 我再强调几点意见： does not
        item = nxt.strip()
        return (not P.LEAD_IN.search(line) and len(item) > 15 and item[-1] in "；;。"
                and not re.search(r"[。！？!?]", item[:-1]))
    body = line.strip().rstrip("：: ")
    if P.LABEL_LINE.match(line) or not body:
        return False
    parts = split_unit_list(body)
    if parts and all(is_unit_name(n) for n, _, _ in parts):
        return False  # a notice's addressees (各街道办事处，各区直部门：)
    return not re.fullmatch(r"(?:同志们|各位代表|各位委员|朋友们)", body)


STEPS = (unify_line_ends, drop_invisible, unify_spaces, unify_width, drop_web_preview,
         join_layout_lines)


def normalize(text: str, keep: Sequence[tuple[int, int]] = ()) -> Edited:
    """Run every step; the offsets map the result back to `text`.

    `keep`: spans of `text` whose lines are never joined (tables found by a reader).
    """
    offsets = OffsetMap()
    for step in STEPS:
        if step is join_layout_lines and keep:
            edited = step(text, [(offsets.forward(a), offsets.forward(b)) for a, b in keep])
        else:
            edited = step(text)
        text = edited.text
        offsets = offsets.then(edited.offsets)
    return Edited(text, offsets)
