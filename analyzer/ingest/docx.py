"""Word (.docx) reader: paragraphs and tables in document order, numbering kept.

The body is walked block by block (paragraphs, tables, and the paragraphs inside
content controls), so a task table sits in the text where it sits in the document.
Each paragraph becomes a line of its own, with a blank line between paragraphs
(Word paragraphs are real paragraphs: the normaliser must not join two of them);
a soft line break inside a paragraph stays a single newline.

Numbering that Word generates (a paragraph's or its style's `w:numPr`: 一、 （一）
1. ① …) is not part of the paragraph's text; it is computed from numbering.xml and
written in front, so `structure.py` sees the same 一、/（一）/1. as in a text file.
Headings (styles Heading 1–9, 标题 1–9, Title/标题, or an outline level) are listed
in `metadata["headings"]` with their level and offset.

Tables go through `TableWriter`: python-docx repeats a merged cell's text in every
grid position it covers (a section carried down the rows, a header spanning two
columns), which is what `SourceTable` promises.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import EmptyDocumentError, InputError
from .raw import RawDocument, TableWriter

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|标题)$", re.IGNORECASE)
# document titles that editors and converters fill in by themselves
_GENERIC_TITLE = re.compile(r"^(?:word document|untitled|无标题|文档\d*|doc\d*|microsoft word - .*|"
                            r".*\.(?:docx?|wps))$", re.IGNORECASE)


def read_docx(path: Path) -> RawDocument:
    """Read a .docx file (a zip package: `office.read_word` sniffs the container first).
    Raises InputError kinds for damaged or empty files."""
    document = _open(path)
    parts: list[str] = []
    writer = TableWriter(parts, 0)
    tables = []
    headings: list[dict[str, Any]] = []
    numbering = _Numbering(document)

    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in _blocks(document):
        if isinstance(block, Table):
            rows = _table_rows(block)
            table = writer.table(rows)
            if table is not None:
                tables.append(table)
            continue
        assert isinstance(block, Paragraph)
        text = paragraph_text(block._p).strip()
        if not text:
            continue
        number = numbering.label(block)
        if number:
            sep = " " if re.search(r"[\w\u4e00-\u9fff]$", number) else ""
            text = f"{number}{sep}{text}"
        level = _heading_level(block)
        if level is not None:
            headings.append({"level": level, "text": text, "start": writer.pos})
        writer.write(text + "\n\n")
    text = "".join(parts)
    if not text.strip():
        raise EmptyDocumentError("no text in the document", path=str(path),
                                 hint="the .docx holds no paragraphs or tables with text "
                                      "(images only? then it needs OCR)")
    metadata: dict[str, Any] = _core_properties(document)
    if headings:
        metadata["headings"] = headings
    return RawDocument(text=text, path=str(path), encoding=None, metadata=metadata, tables=tables)


def _open(path: Path):
    import docx

    try:
        return docx.Document(str(path))
    except Exception as err:  # python-docx raises many kinds (zip, XML, missing parts, content type)
        raise InputError("not a valid .docx (damaged or truncated file)", path=str(path),
                         hint="open it in Word or WPS and save it again as .docx") from err


def _blocks(document) -> Iterator[Any]:
    """Paragraphs and tables of the body in document order (content controls opened)."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = document._body  # the BlockItemContainer that python-docx's own iterators use
    p_tag, tbl_tag, sdt_tag, content_tag = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")

    def walk(element) -> Iterator[Any]:
        for child in element.iterchildren():
            if child.tag == p_tag:
                yield Paragraph(child, body)
            elif child.tag == tbl_tag:
                yield Table(child, body)
            elif child.tag == sdt_tag:
                content = child.find(content_tag)
                if content is not None:
                    yield from walk(content)

    yield from walk(document.element.body)


# Text of a paragraph as Word shows it: runs, hyperlinks, fields' results and tracked
# insertions (python-docx's Paragraph.text leaves out runs inside w:ins), without
# tracked deletions, field codes, or text boxes anchored in the paragraph.
_RUN = ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)]"
_PARAGRAPH_TEXT = f"{_RUN}/w:t | {_RUN}/w:tab | {_RUN}/w:br | {_RUN}/w:cr"


def paragraph_text(p) -> str:
    """The text of a `w:p` element (see _PARAGRAPH_TEXT)."""
    from docx.oxml.ns import qn

    out = []
    t, tab, br = qn("w:t"), qn("w:tab"), qn("w:br")
    for el in p.xpath(_PARAGRAPH_TEXT):
        if el.tag == t:
            out.append(el.text or "")
        elif el.tag == tab:
            out.append("\t")
        elif el.tag == br and el.get(qn("w:type")) in ("page", "column"):
            continue  # a page break is layout, not a line of the text
        else:
            out.append("\n")
    return "".join(out)


def _cell_text(tc) -> str:
    return "\n".join(paragraph_text(p) for p in tc.xpath("./w:p | ./w:sdt/w:sdtContent/w:p"))


def _table_rows(table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        try:
            cells = [_cell_text(cell._tc) for cell in row.cells]
        except (IndexError, ValueError):  # a malformed vertical merge: take the cells as they are
            cells = [_cell_text(tc) for tc in row._tr.tc_lst]
        before = getattr(row, "grid_cols_before", 0) or 0
        after = getattr(row, "grid_cols_after", 0) or 0
        rows.append([""] * before + cells + [""] * after)
    return rows


def _heading_level(paragraph) -> int | None:
    """1–9 for a heading style or outline level, 0 for a title style, else None."""
    style = paragraph.style
    while style is not None:
        name = (style.name or "").strip()
        m = _HEADING_STYLE.match(name)
        if m:
            return int(m.group(1))
        if _TITLE_STYLE.match(name):
            return 0
        style = style.base_style
    ppr = paragraph._p.pPr
    if ppr is not None:
        from docx.oxml.ns import qn

        outline = ppr.find(qn("w:outlineLvl"))
        if outline is not None:
            value = outline.get(qn("w:val"))
            if value is not None and value.isdigit() and int(value) < 9:
                return int(value) + 1
    return None


def _core_properties(document) -> dict[str, Any]:
    out: dict[str, Any] = {"format": "docx"}
    try:
        props = document.core_properties
    except Exception:  # a missing or odd docProps/core.xml is no reason to fail
        return out
    title = " ".join((props.title or "").split())
    if title and not _GENERIC_TITLE.match(title):
        out["title"] = title
    if props.author and props.author.strip():
        out["author"] = props.author.strip()
    if props.created is not None:
        out["created"] = props.created.isoformat()  # often the template's date: not the document date
    return out


# --- list numbering ---------------------------------------------------------------

class _Numbering:
    """Computes the labels Word shows in front of numbered paragraphs (一、 （一） 1. …)."""

    def __init__(self, document):
        from docx.oxml.ns import qn

        self.qn = qn
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, start overrides)
        self.levels: dict[str, dict[int, dict[str, Any]]] = {}  # abstractNumId → ilvl → definition
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        val = qn("w:val")
        for absn in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in absn.findall(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                levels[ilvl] = {
                    "start": _int(_child_val(lvl, qn("w:start"), val), 1),
                    "fmt": _child_val(lvl, qn("w:numFmt"), val) or "decimal",
                    "text": _child_val(lvl, qn("w:lvlText"), val),
                    "legal": lvl.find(qn("w:isLgl")) is not None,
                }
            self.levels[absn.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            overrides = {}
            for override in num.findall(qn("w:lvlOverride")):
                start = _child_val(override, qn("w:startOverride"), val)
                if start is not None:
                    overrides[int(override.get(qn("w:ilvl"), "0"))] = _int(start, 1)
            self.nums[num.get(qn("w:numId"))] = (_child_val(num, qn("w:abstractNumId"), val), overrides)

    def _num_pr(self, paragraph) -> tuple[str, int] | None:
        """(numId, ilvl) from the paragraph, else from its style chain."""
        qn = self.qn
        val = qn("w:val")
        num_id = ilvl = None
        ppr = paragraph._p.pPr
        sources = [ppr] if ppr is not None else []
        style = paragraph.style
        while style is not None:
            sources.append(style.element.find(qn("w:pPr")))
            style = style.base_style
        for source in sources:
            if source is None:
                continue
            numpr = source.find(qn("w:numPr"))
            if numpr is None:
                continue
            if num_id is None:
                num_id = _child_val(numpr, qn("w:numId"), val)
            if ilvl is None:
                ilvl = _child_val(numpr, qn("w:ilvl"), val)
            if num_id is not None and ilvl is not None:
                break
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        return num_id, _int(ilvl, 0)

    def label(self, paragraph) -> str:
        """The number Word would show for this paragraph ('' when none); advances counters."""
        if not self.nums:
            return ""
        found = self._num_pr(paragraph)
        if found is None:
            return ""
        num_id, ilvl = found
        abstract_id, overrides = self.nums[num_id]
        levels = self.levels.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        # Word continues a list across w:num instances of one abstract list unless restarted
        key = num_id if overrides else f"a{abstract_id}"
        counters = self.counters.setdefault(key, {})

        def start_of(level: int) -> int:
            return overrides.get(level, levels.get(level, {}).get("start", 1))

        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start_of(ilvl)
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item restarts the levels below it
        definition = levels[ilvl]
        if definition["fmt"] in ("bullet", "none") or definition["text"] is None:
            return ""

        def level_text(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            n = counters.get(k, start_of(k))
            fmt = "decimal" if definition["legal"] else levels.get(k, {}).get("fmt", "decimal")
            return format_number(n, fmt)

        return re.sub(r"%([1-9])", level_text, definition["text"]).strip()


def _child_val(element, tag: str, val: str) -> str | None:
    child = element.find(tag)
    return None if child is None else child.get(val)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def format_number(n: int, fmt: str) -> str:
    """A list counter in Word's numFmt (decimal, chineseCounting, upperLetter, …)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital", "japaneseCounting"):
        return chinese_numeral(n)
    if fmt == "chineseLegalSimplified":
        return chinese_numeral(n).translate(str.maketrans(_DIGITS + "十百千", _LEGAL + "拾佰仟"))
    if fmt in ("ideographTraditional",) and 1 <= n <= 10:
        return _STEMS[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)  # ⑴
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= n < 4000:
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (below 10000)."""
    if n <= 0 or n >= 10000:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero and out:
                out += "零"
            out += _DIGITS[d] + unit
            zero = False
        elif out:
            zero = True
    return out


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out
