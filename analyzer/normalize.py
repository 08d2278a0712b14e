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
3b. run-on text: paragraph breaks restored where a text scraped without line breaks marks
   them (indentation runs, numbered headings after a sentence end, the opening's document
   number, addressees and signature);
4b. converter markup: Markdown heading marks and emphasis, LaTeX figures ($17\\%$ → 17%), digits
   an older typesetting spaced apart (1 0 ％ → 10％);
5. web preview: a first line that repeats the opening and is cut off with "..." or
   "…" (the snippet web pages put above an article) is removed;
6. layout line breaks: a line that does not end a sentence continues on the next
   (the break is dropped), unless either line is a heading, a labelled line
   (责任单位：…), a title-like line, or part of a task table.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .layout import join_layout_lines, restore_paragraphs
from .lexicon import UnitLexicon
from .offsets import Edited, OffsetMap, rebuild, substitute
from .rules import text as T

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
# a pair typed half in each width — （4月1日-10月31日) / (3月底前） — becomes （…）: an unclosed bracket would
# hold the rest of the paragraph in one sentence
_MIXED_PARENS = re.compile(r"（([^（）()\n]{1,60})\)|\(([^（）()\n]{1,60})）")
_HALF_TO_FULL = {",": "，", ";": "；", "!": "！", "?": "？", ":": "：", "(": "（", ")": "）"}


def unify_line_ends(text: str) -> Edited:
    return substitute(_CR, text, "\n")


def drop_invisible(text: str) -> Edited:
    return substitute(_INVISIBLE, text, "")


def unify_spaces(text: str) -> Edited:
    return substitute(_SPACES, text, " ")


def unify_width(text: str) -> Edited:
    first = substitute(_FULLWIDTH_ALNUM, text, lambda m: chr(ord(m.group(0)) - 0xFEE0))
    second = substitute(_HALF_PUNCT, first.text, lambda m: _HALF_TO_FULL[m.group(0)])
    third = substitute(_HALF_PARENS, second.text, lambda m: "（" + m.group(1) + "）")
    fourth = substitute(_MIXED_PARENS, third.text, lambda m: "（" + (m.group(1) or m.group(2)) + "）")
    return Edited(fourth.text, first.offsets.then(second.offsets).then(third.offsets).then(fourth.offsets))


_ELLIPSIS_END = re.compile(r"(?:\.{3,}|…+|。。。)\s*$")
_SQUASH = re.compile(r"\s+")


def drop_converter_markup(text: str) -> Edited:
    """Markdown heading marks and emphasis, and LaTeX figures, as a PDF converter wrote them:
    "# 一、总体要求" → "一、总体要求"; "$17\\%$" → "17%" (the text a reader sees)."""
    first = substitute(T.MARKDOWN_HEADING, text, "")
    second = substitute(T.MARKDOWN_BOLD, first.text, lambda m: m.group(1))
    third = substitute(T.LATEX_FIGURE, second.text, lambda m: _latex_figure(m.group("inner")))
    return Edited(third.text, first.offsets.then(second.offsets).then(third.offsets))


def _latex_figure(inner: str) -> str:
    s = inner.replace("\\%", "%").replace("\\times", "×").replace("\\sim", "~")
    s = re.sub(r"\^\{?(\d+)\}?", lambda m: "^" + m.group(1), s)
    return re.sub(r"(?<=[0-9.]) +(?=[0-9.%])", "", s).strip()


def join_spaced_digits(text: str) -> Edited:
    """Digits an older typesetting spaced apart: "1 0 ％" → "10％", "4 9 2 5 0 万吨" → "49250万吨"."""
    return substitute(T.SPACED_DIGITS, text, lambda m: m.group(0).replace(" ", ""))


def drop_web_preview(text: str) -> Edited:
    """Remove a first line that repeats the article's opening and ends in "..."/"…"."""
    nl = text.find("\n")
    if nl < 0:
        return rebuild(text, [])
    first = text[:nl]
    m = _ELLIPSIS_END.search(first)
    if not m:
        return rebuild(text, [])
    snippet = _SQUASH.sub("", first[: m.start()])
    rest = _SQUASH.sub("", text[nl + 1: nl + 1 + 4 * len(first) + 200])
    # the snippet repeats the opening: its first 20 characters start the rest,
    # or it occurs in the opening lines (titles may be laid out differently)
    probe = snippet[: min(20, len(snippet))]
    if len(snippet) >= 8 and probe and probe in rest[: len(snippet) + 200]:
        return rebuild(text, [(0, nl + 1, "")])
    return rebuild(text, [])


STEPS = (unify_line_ends, drop_invisible, restore_paragraphs, unify_spaces, unify_width, drop_converter_markup,
         join_spaced_digits, drop_web_preview, join_layout_lines)


def normalize(text: str, keep: Sequence[tuple[int, int]] = (), lexicon: UnitLexicon | None = None) -> Edited:
    """Run every step; the offsets map the result back to `text`.

    `keep`: spans of `text` whose lines are never joined (tables found by a reader);
    `lexicon`: the run's unit names (layout joining asks whether a line lists addressees).
    """
    offsets = OffsetMap()
    for step in STEPS:
        if step is join_layout_lines:
            edited = step(text, [(offsets.forward(a), offsets.forward(b)) for a, b in keep], lexicon)
        elif step is restore_paragraphs:
            edited = step(text, lexicon)
        else:
            edited = step(text)
        text = edited.text
        offsets = offsets.then(edited.offsets)
    return Edited(text, offsets)
