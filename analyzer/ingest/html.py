"""Web page reader (.html/.htm): the article of a government page, its tables, title and dates.

Decoding. A byte-order mark decides (as browsers do); else the charset the page
declares (`<meta charset>`, `<meta http-equiv="Content-Type" content="…charset=…">`,
an XML declaration); else strict UTF-8, then GB18030 (`txt.decode_bytes`). GBK and
GB2312 are decoded as GB18030, their superset (pages declared gb2312 routinely hold
GBK-only characters). A declared charset that does not fit the bytes (a page
re-saved as UTF-8 with its old gb2312 meta; a template's iso-8859-1 on a Chinese
page) is replaced by the one that does, with a warning in `metadata["warnings"]`.

The article. Scripts, styles, navigation, headers, footers and hidden
elements are dropped; then the first of the containers that gov.cn-style sites use
for the body (`ARTICLE_SELECTORS`: #UCAP-CONTENT, div#zoom, .TRS_Editor,
.pages_content, .article-content …) that holds text is taken (generic ones such as
.content only when not mostly links); failing those, the element whose own
paragraphs hold the most text outside links, with its sibling sections. Block elements (p, div, li, h1–h6 …)
become paragraphs separated by a blank line, `<br>` a line break. A data table
(two or more rows and columns, no table inside) is written through `TableWriter`
with rowspan/colspan filled in and its caption as its name (and as a line above
it); a layout table is read as paragraphs.

Metadata: `title` (meta ArticleTitle/og:title, else the page title without the site
name, else the first h1); when the page says so (meta or the info block above the
article), `published` (发布日期/发布时间), `written` (成文日期), `issuer` (发文机关/发布机构)
and `doc_number` (发文字号), dates as YYYY-MM-DD. The title is also written as the
first line of the text when the article does not begin with it and the title is
sure (a meta tag, or the page title repeated on the page as a heading or a text of
its own — not a bare `<title>`, which may be only the site's name). `RawDocument.date`
is left None: which of these dates is the document's date is the pipeline's call.
"""
from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import EmptyDocumentError, InputError
from .raw import RawDocument, TableWriter
from .txt import _BOMS, decode_bytes

# Article containers of government sites, most specific first.
ARTICLE_SELECTORS = (
    "#UCAP-CONTENT", "div#zoom", "#zoom", "#Zoom", ".TRS_Editor", ".trs_editor_view",
    ".pages_content", "#pages_content", ".article-content", ".article_content", "#article_content",
    ".art_con", ".news_content", ".detail-content", ".xxgk_content", "#content_text",
    ".content", "#content", ".article", "article", "main",
)
_GENERIC = {".content", "#content", ".article", "article", "main"}  # need more text to count

_DROP_TAGS = ("script", "style", "noscript", "iframe", "nav", "header", "footer", "aside",
              "select", "button", "input", "textarea", "template", "svg", "object", "embed", "head")
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
               "section", "article", "blockquote", "pre", "center", "address", "figure",
               "figcaption", "hr", "main", "caption", "details", "summary", "fieldset", "tr",
               "tbody", "thead", "tfoot", "td", "th", "body", "html"}
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\n\u00a0]*\n[ \t\r\n\u00a0]*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u3000\u2002\u2003\u2009]+")

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_GB = {"gbk", "gb2312", "gb_2312", "gb_2312-80", "gb2312-80", "x-gbk", "cp936", "windows-936",
       "ms936", "gb18030", "euc-cn", "csgb2312", "chinese", "iso-ir-58", "gb-2312"}

_DATE = r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
_TEXT_DATES = {
    "published": re.compile(r"(?:发布日期|发布时间|发文日期|公开日期|发稿时间|发布于)\s*[：:]?\s*" + _DATE),
    "written": re.compile(r"成文日期\s*[：:]?\s*" + _DATE),
}
_META_DATES = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time",
               "dc.date", "dc.date.issued", "publish_date", "publishtime", "pub_date")
_TEXT_FIELDS = {
    "issuer": re.compile(r"(?:发文机关|发布机构|发文单位)\s*[：:]\s*([^\s：:]{2,40})"),
    "doc_number": re.compile(r"发文字号\s*[：:]\s*([^\s：:]{2,30}号)"),
}
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|\s-\s|\s—\s|——)\s*")


def read_html(path: Path) -> RawDocument:
    """Read a web page; raises InputError kinds (empty, undecodable, no article text)."""
    from bs4 import BeautifulSoup

    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=str(path)) from None
    warnings: list[str] = []
    html, encoding = decode_html(data, str(path), warnings)
    soup = BeautifulSoup(html, "lxml")
    metadata: dict[str, Any] = {"format": "html"}
    title, sure = _title(soup)
    if title:
        metadata["title"] = title
    for tag in soup.find_all(("script", "style", "noscript", "template")):
        tag.decompose()
    # the info block (发布日期、成文日期、发文字号) usually sits outside the article
    metadata.update(_dates_and_fields(soup, " ".join(soup.get_text(" ").split())))
    _drop_chrome(soup)
    article = find_article(soup)
    parts: list[str] = []
    writer = TableWriter(parts, 0)
    tables = []
    blocks = [block for el in article for block in _blocks(el)]
    opening = _squash("".join(b for kind, b in blocks[:3] if kind == "text"))
    if blocks and title and sure and _squash(title) not in opening:
        blocks.insert(0, ("text", title))
    for kind, block in blocks:
        if kind == "table":
            table = writer.table(*block)
            if table is not None:
                tables.append(table)
        else:
            lines = [line.strip() for line in block.split("\n")]
            para = "\n".join(line for line in lines if line)
            if para:
                writer.write(para + "\n\n")
    text = "".join(parts)
    if not text.strip():
        raise EmptyDocumentError("no article text in the page", path=str(path),
                                 hint="the page may load its text with JavaScript; save the "
                                      "page as rendered by a browser, or pass its text")
    if warnings:
        metadata["warnings"] = warnings
    return RawDocument(text=text, path=str(path), encoding=encoding, metadata=metadata, tables=tables)


# --- decoding -----------------------------------------------------------------------

def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (meta or XML declaration), normalised."""
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").strip().lower()
    if name in _GB:
        return "gb18030"
    if name in ("big5", "big5-hkscs", "x-x-big5"):
        return "big5hkscs"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, name: str = "", warnings: list[str] | None = None) -> tuple[str, str]:
    """(text, encoding) of a page's bytes: BOM, else the declared charset, else detection."""

    if not data.strip():
        raise EmptyDocumentError("empty file", path=name)
    if not any(data.startswith(bom) for bom, _ in _BOMS):
        declared = declared_charset(data)
        if declared:
            try:
                text = data.decode(declared)
                if declared in _WESTERN and re.search(rb"[\x80-\xff]", data):
                    # a template's default charset on a Chinese page: latin-1 decodes anything
                    other, used = _plain_decode(data, name)
                    if other is not None and len(re.findall(r"[\u4e00-\u9fff]", other)) >= 20:
                        if warnings is not None:
                            warnings.append(f"the page declares {declared} but is {used}; read as {used}")
                        return other, used
                return text, declared
            except UnicodeDecodeError:
                text, used = decode_bytes(data, name=name, warnings=warnings)
                if warnings is not None:
                    warnings.append(f"the page declares {declared} but is {used}; read as {used}")
                return text, used
    return decode_bytes(data, name=name, warnings=warnings)


_WESTERN = {"iso8859-1", "cp1252", "latin-1", "iso8859-15"}


def _plain_decode(data: bytes, name: str) -> tuple[str | None, str]:

    try:
        return decode_bytes(data, name=name)
    except InputError:
        return None, ""


# --- metadata -----------------------------------------------------------------------

def _meta(soup, *names: str) -> str | None:
    wanted = {n.lower() for n in names}
    for tag in soup.find_all("meta"):
        key = (tag.get("name") or tag.get("property") or tag.get("itemprop") or "").strip().lower()
        if key in wanted:
            content = " ".join((tag.get("content") or "").split())
            if content:
                return content
    return None


def _title(soup) -> tuple[str | None, bool]:
    """(title, sure): sure when a meta tag names it or a heading on the page repeats it."""
    title = _meta(soup, "ArticleTitle", "og:title", "dc.title")
    if title:
        return title, True
    body = soup.body or soup
    headings = {_squash(str(t)) for t in body.find_all(string=True)}  # a line of its own
    headings |= {_squash(h.get_text("")) for h in body.find_all(["h1", "h2", "h3", "b", "strong", "font"])}
    if soup.title and soup.title.string:
        # 国务院关于…的通知_国务院文件_中国政府网: the longest piece is the title, not the site
        pieces = [p for p in _TITLE_SEPARATORS.split(" ".join(soup.title.string.split())) if p]
        if pieces:
            title = max(pieces, key=len)
            return title, _squash(title) in headings
    h1 = soup.find("h1")
    title = " ".join(h1.get_text(" ").split()) if h1 else None
    return (title, True) if title else (None, False)


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _dates_and_fields(soup, page_text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    meta_date = _meta(soup, *_META_DATES)
    if meta_date:
        m = re.search(_DATE, meta_date)
        if m and _iso(*m.groups()):
            out["published"] = _iso(*m.groups())
    for key, pattern in _TEXT_DATES.items():
        if key in out:
            continue
        m = pattern.search(page_text)
        if m and _iso(*m.groups()):
            out[key] = _iso(*m.groups())
    for key, pattern in _TEXT_FIELDS.items():
        m = pattern.search(page_text)
        if m:
            out[key] = m.group(1)
    return out


# --- the article ------------------------------------------------------------------

def _drop_chrome(soup) -> None:
    from bs4 import Comment

    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(style=re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)):
        tag.decompose()


def _text_len(el) -> int:
    return len("".join(el.get_text("").split()))


def find_article(soup) -> list[Any]:
    """The elements holding the article, in page order (see module doc); [] for no text."""
    for selector in ARTICLE_SELECTORS:
        found = soup.select(selector)
        if not found:
            continue
        best = max(found, key=_text_len)
        length = _text_len(best)
        if selector in _GENERIC:
            links = sum(_text_len(a) for a in best.find_all("a"))
            if length >= 100 and links <= 0.3 * length:  # not a wrapper around menus
                return [best]
        elif length >= 20:
            return [best]
    # else the element whose paragraphs hold the most text of their own (link text aside)
    found = _densest(soup)
    if found:
        return found
    body = soup.body or soup
    return [body] if _text_len(body) else []


_PARAGRAPHS = {"p", "div", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
               "blockquote", "section", "article", "dd", "center"}


def _densest(soup) -> list[Any]:
    """The container whose paragraphs have the most text of their own (readability-style).

    Each text node counts for its nearest paragraph-like ancestor (not when inside a
    link); a paragraph's text scores for itself, its parent, and half for its grandparent.
    Siblings of the best container that score at least a third of it come along (an
    article split into sections), in page order.
    """
    from bs4 import NavigableString

    own: dict[int, list[Any]] = {}
    for s in soup.find_all(string=True):
        if type(s) is not NavigableString:
            continue
        n = len("".join(str(s).split()))
        if not n:
            continue
        el, in_link = s.parent, False
        while el is not None and el.name not in _PARAGRAPHS and el.name not in ("body", "html"):
            in_link = in_link or el.name == "a"
            el = el.parent
        if el is None or in_link or el.name in ("body", "html"):
            continue
        own.setdefault(id(el), [0, el])[0] += n
    scores: dict[int, list[Any]] = {}
    for n, el in own.values():
        for target, weight in ((el, 1.0), (el.parent, 1.0),
                               (el.parent.parent if el.parent is not None else None, 0.5)):
            if target is not None and target.name not in ("body", "html", "[document]"):
                scores.setdefault(id(target), [0.0, target])[0] += n * weight
    if not scores:
        return []
    top, best = max(scores.values(), key=lambda x: x[0])
    if top < 50:
        return []
    if best.parent is None:
        return [best]
    return [el for el in best.parent.find_all(recursive=False)
            if el is best or scores.get(id(el), [0])[0] >= top / 3]


def _clean(s: str) -> str:
    """HTML whitespace: a source line break between Chinese characters is no space."""
    return _SPACES.sub(" ", _CJK_BREAK.sub("", s))


def _blocks(root) -> Iterator[tuple[str, Any]]:
    """('text', paragraph) and ('table', (rows, caption)) in document order."""
    from bs4 import NavigableString, Tag

    buf: list[str] = []

    def flush() -> Iterator[tuple[str, Any]]:
        text = "".join(buf)
        buf.clear()
        if text.strip():
            yield "text", text

    def walk(el) -> Iterator[tuple[str, Any]]:
        for child in el.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment, CDATA, doctype
                    buf.append(_clean(str(child)))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name == "br":
                buf.append("\n")
            elif name == "table":
                yield from flush()
                rows = table_rows(child)
                if rows is None:  # a layout table: its cells are paragraphs
                    yield from walk(child)
                    yield from flush()
                else:
                    caption = child.find("caption")
                    name = " ".join(caption.get_text(" ").split()) if caption is not None else ""
                    if name:
                        yield "text", name  # the caption reads as a line above the table
                    yield "table", (rows, name or None)
            elif name in _BLOCK_TAGS:
                yield from flush()
                yield from walk(child)
                yield from flush()
            else:
                yield from walk(child)

    yield from walk(root)
    yield from flush()


def _cell_text(cell) -> str:
    from bs4 import NavigableString

    pieces = []
    for s in cell.descendants:
        if type(s) is NavigableString:
            pieces.append(_clean(str(s)))
        elif getattr(s, "name", None) in ("br", "p", "div", "li"):
            pieces.append(" ")
    return " ".join("".join(pieces).split())


def table_rows(table) -> list[list[str]] | None:
    """A data table's rows with rowspan/colspan filled in; None for a layout table."""
    if table.find("table") is not None:
        return None
    trs = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    grid: dict[tuple[int, int], str] = {}
    width = 0
    for r, tr in enumerate(trs):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            rowspan = _span(cell.get("rowspan"), 1000)
            if rowspan == 0:  # rowspan="0": to the end of the table
                rowspan = len(trs) - r
            colspan = max(1, _span(cell.get("colspan"), 100))
            text = _cell_text(cell)
            for dr in range(min(rowspan, len(trs) - r)):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text
            c += colspan
            width = max(width, c)
    rows = [[grid.get((r, c), "") for c in range(width)] for r in range(len(trs))]
    rows = [row for row in rows if any(row)]
    filled = [row for row in rows if sum(1 for cell in row if cell) >= 2]
    if len(rows) < 2 or width < 2 or len(filled) < 2:
        return None
    if any(len(cell) > 800 for row in rows for cell in row):  # a page laid out in a table
        return None
    return rows


def _span(value: Any, cap: int) -> int:
    try:
        return max(0, min(int(str(value).strip()), cap))
    except (TypeError, ValueError):
        return 1


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)
