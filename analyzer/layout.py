"""Layout line breaks: joining the lines that a page's layout broke inside a sentence.

Web pages, PDFs and typed texts break lines where the page ended, not where the sentence did. A line that does not
end a sentence continues on the next — unless either line is a heading, a labelled line (责任单位：…), a title-like
line, a frame line (dates, file numbers) or part of a task table. Text after a colon (…目标是：) continues across
blank lines, except after a notice's addressees (各街道办事处，各区直部门：) or a form of address (同志们：).

`join_layout_lines()` is the last of normalize's steps; it reads `lines.py`'s tests and the vocabulary of `rules/`,
and asks the unit lexicon whether a colon line lists addressees.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from .lexicon import UnitLexicon
from .lines import heading_level, is_title_like, line_starts, table_line_ranges
from .offsets import Edited, rebuild
from .rules import address as A
from .rules import cues as C
from .rules import labels as L
from .rules import text as T

# a line cannot open with these: it carries on the line before (城市轨道交通 / 、地下综合管廊建设加快)
_CONTINUATION_START = set("、，,。；;：:）)」』》〉！？!?")
# nor with one character and a comma, unless a word broke there (…各领域改 / 革，加快…)
_ORPHAN_START = re.compile(r"[\u4e00-\u9fff][，、；]")
_DASHES = re.compile(r"^\s*(?:——|--|—)+\s*$")
_SHORT_FIRST_SENTENCE = re.compile(r"^[^，,。！？!?；;：:]{1,6}[。！？!?]")
_PROSE_PUNCT = re.compile(r"[，。；！？]")
_SENTENCE_END = re.compile(r"[。！？!?]")  # a full stop inside a line: it holds a sentence


def restore_paragraphs(text: str, lexicon: UnitLexicon | None = None) -> Edited:
    """Paragraph breaks put back into run-on text (a page scraped without line breaks).

    A break goes where the text itself marks a paragraph: an indentation run (　　) inside a
    line, a chapter title glued to its first article (第二章…第六条…); and, in a run-on line
    (≥ `RUN_ON_MIN_CHARS`), a numbered heading right after a
    sentence end (…措施。一、… / …。（一）…), and at the opening a document number, an
    addressee line (各市人民政府，省政府有关部门：) and a signature with its date glued to the
    next paragraph (…落实。河北省人民政府办公厅2024年4月28日为加快…). Nothing is deleted: the
    breaks are inserted, so every offset still maps back.
    """
    lexicon = lexicon or UnitLexicon.from_dictionaries()
    cuts: set[int] = {m.start() for m in T.INDENT_RUN.finditer(text)}
    for m in T.CHAPTER_BEFORE_ARTICLE.finditer(text):
        cuts.update((m.start(), m.end()))
    starts = line_starts(lines := text.split("\n"))
    for line, base in zip(lines, starts, strict=True):
        if len(line) >= T.RUN_ON_MIN_CHARS:
            cuts |= _run_on_breaks(line, base, lexicon)
    cuts = {c for c in cuts if 0 < c < len(text) and text[c - 1] != "\n" and text[c] != "\n"}
    return rebuild(text, [(c, c, "\n") for c in sorted(cuts)])


def _run_on_breaks(line: str, base: int, lexicon: UnitLexicon) -> set[int]:
    """Where paragraphs begin inside one run-on line (offsets into the whole text)."""
    cuts = {base + m.start() for m in T.INLINE_HEADING.finditer(line)}
    cuts |= {base + m.end() for m in T.STANDARD_TITLE.finditer(line)}
    cuts |= {base + m.end() for m in T.TITLE_BEFORE_FIRST_ITEM.finditer(line)}
    cuts |= {base + m.end() for m in T.HEADING_WITH_TIME.finditer(line)}
    head = 0
    number = T.LEADING_FILE_NUMBER.match(line)
    if number:
        head = number.end()
        cuts.add(base + head)
    addressees = T.LEADING_ADDRESSEES.match(line[head:])
    if addressees and lexicon.is_unit_list(addressees.group("who").strip()):
        cuts.add(base + head + addressees.end())
    for m in T.SIGNATURE_DATE.finditer(line, 0, min(len(line), 3000)):
        if lexicon.is_unit_list(m.group("organ")):
            cuts.update((base + m.start("organ"), base + m.end("date")))
    # a heading's title glued to the sentence after it, where a paragraph begins
    for start in sorted({0} | {c - base for c in cuts}):
        m = T.TITLE_BEFORE_SUBJECT.match(line, start)
        if m:
            cuts.add(base + m.end())
    return cuts


def join_layout_lines(text: str, keep: Sequence[tuple[int, int]] = (), lexicon: UnitLexicon | None = None
                      ) -> Edited:
    """Drop line breaks that the page layout put inside a sentence.

    Lines of task tables, and lines overlapping a `keep` span (tables a reader found
    in a Word, HTML or Excel file), are never joined. `lexicon` tells a notice's
    addressee line (no lexicon: the gazetteer alone).
    """
    lexicon = lexicon or UnitLexicon.from_dictionaries()
    lines = text.split("\n")
    starts = line_starts(lines)
    protected = _protected_lines(lines, starts, keep)
    edits = []
    continues = False  # line i is the continuation of a sentence from line i-1
    in_body = False  # a full paragraph has been seen: title blocks are over
    for i, line in enumerate(lines[:-1]):
        if not line.strip() or protected[i]:
            continues = False
            continue
        if not in_body and len(line) >= 40 and T.LINE_ENDS_SENTENCE.search(line):
            in_body = True
        colon = bool(T.LINE_ENDS_COLON.search(line))
        j = _after_colon(lines, i, protected, lexicon) if colon else i + 1
        if j is None:
            continues = False
            continue
        join = colon or (not protected[j] and (
            _opens_as_continuation(line, lines[j])
            or (in_body and _link_fragment(lines, i))
            or _breaks_a_sentence(line, lines[j], continues)))
        if join:
            # drop trailing spaces, the break(s), and leading spaces of the next line
            end = starts[i] + len(line)
            nxt = lines[j]
            edits.append((end - (len(line) - len(line.rstrip())), starts[j] + (len(nxt) - len(nxt.lstrip())), ""))
        continues = join and j == i + 1
    return rebuild(text, _merge_edits(edits))


def _protected_lines(lines: list[str], starts: list[int], keep: Sequence[tuple[int, int]]) -> list[bool]:
    """Lines never joined: lines overlapping a `keep` span (a reader's table), and the lines of task
    tables flattened into the rest of the text."""
    kept = [False] * len(lines)
    for a, b in keep:
        first = bisect.bisect_right(starts, a) - 1
        last = bisect.bisect_right(starts, max(a, b - 1)) - 1
        for k in range(max(first, 0), last + 1):
            kept[k] = True
    return [a or b for a, b in zip(table_line_ranges(lines, kept), kept, strict=True)]


def _after_colon(lines: list[str], i: int, protected: list[bool], lexicon: UnitLexicon) -> int | None:
    """The paragraph a colon-ended line i continues on (across blank lines), or None."""
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j == len(lines) or protected[j] or not _continues_after_colon(lines[i], lines[j], lexicon):
        return None
    return j


def _opens_as_continuation(line: str, nxt: str) -> bool:
    """The next line opens with 、，。 or a closer, or a one-character orphan: it carries on
    this line, whatever this line looks like (unless this line ended its sentence)."""
    opens = nxt[:1] in _CONTINUATION_START or bool(_ORPHAN_START.match(nxt) and not heading_level(nxt))
    return opens and not T.LINE_ENDS_SENTENCE.search(line)


def _breaks_a_sentence(line: str, nxt: str, continues: bool) -> bool:
    """A line that does not end its sentence, followed by one that is no heading, label or
    frame line; a short unpunctuated line that starts a paragraph is a title, not a piece."""
    if not nxt.strip() or T.LINE_ENDS_SENTENCE.search(line) or heading_level(nxt):
        return False
    if L.LABEL_LINE.match(nxt) or L.LABEL_LINE.match(line):
        return False
    if T.FRAME_LINE.match(line.strip()) or T.FRAME_LINE.match(nxt.strip()):
        return False
    # a numbered line is a heading only while it holds no sentence of its own: a paragraph that opens
    # with its number (四、要持续…。…三要充分发挥考核) is prose, and a break at its end cuts a sentence
    # — nor one as long as a wrapped line of prose with commas in it (2.推行企业开办…，将设立登记、…等事项 /
    # 整合为…: a scan's or a PDF's line cut at the margin), where a heading is short
    heading = heading_level(line) and not _SENTENCE_END.search(line) and not _wrapped_prose(line)
    return continues or bool(T.FRAGMENT_END.search(line)) or not (is_title_like(line) or heading)


def _wrapped_prose(line: str) -> bool:
    s = line.strip()
    return len(s) >= T.WRAPPED_LINE_MIN_CHARS and bool(T.CLAUSE_PUNCT.search(s))


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
    if not nxt or heading_level(nxt) or L.LABEL_LINE.match(nxt):
        return False
    if dashes:
        return True
    if heading_level(line) or L.LABEL_LINE.match(line) or T.FRAME_LINE.match(line):
        return False
    if _SHORT_FIRST_SENTENCE.match(nxt):
        return True
    k = i + 1
    while k < len(lines) and k <= i + 4 and is_title_like(lines[k]) and not heading_level(lines[k]):
        k += 1
    return (i + 1 < k < len(lines) and len(lines[k].strip()) >= 10 and not heading_level(lines[k])
            and bool(_PROSE_PUNCT.search(lines[k])))


def _merge_edits(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop edits that overlap an earlier one (a colon join spans blank lines)."""
    out: list[tuple[int, int, str]] = []
    for e in sorted(edits):
        if out and e[0] < out[-1][1]:
            continue
        out.append(e)
    return out


def _continues_after_colon(line: str, nxt: str, lexicon: UnitLexicon) -> bool:
    """Whether the paragraph after a colon-ended line carries on its sentence."""
    if L.LABEL_LINE.match(nxt) or T.FRAME_LINE.match(nxt.strip()):
        return False
    if heading_level(nxt):
        # a numbered list item that completes a lead-in (…主要内容是：一、合理调整…；)
        # continues it; a heading after 我再强调几点意见： does not
        item = nxt.strip()
        return (not C.LEAD_IN.search(line) and len(item) > 15 and item[-1] in "；;。"
                and not _SENTENCE_END.search(item[:-1]))
    body = line.strip().rstrip("：: ")
    if L.LABEL_LINE.match(line) or not body:
        return False
    if lexicon.is_unit_list(body):
        return False  # a notice's addressees (各街道办事处，各区直部门：)
    return not A.ADDRESS_ONLY.fullmatch(body)
