"""PDF reader: the text layer in reading order, without running heads and page numbers.

pdfplumber (over pdfminer.six) gives each page's text lines top to bottom with their
positions. Then, per document:

- page numbers are dropped where a page number stands (the first line, the last two
  lines of a page): 第 3 页, 第3页 共10页, - 3 -, — 3 —, ·3·, 3/10, Page 3 of 10;
- running headers and footers are dropped: a line among the first two or last two of
  a page that recurs (digits aside) at the same end of at least half the pages, on at
  least two pages — the issuing office's banner, 桐溪县人民政府办公室文件, a bare page
  number, a table header Word repeats on each page;
- the pages are joined with a single newline, so a sentence broken by a page break
  reads like one broken by a line end: `normalize.join_layout_lines` re-joins both.

Tables are not rebuilt (their rows come out as lines with spaces, which
`tables.py` reads as it reads web pages flattened to text).

A PDF without a text layer (a scan) or whose fonts cannot be mapped to Unicode
raises `NeedsOcrError`; one that needs a password raises `EncryptedDocumentError`
(a PDF with only an owner password — printing/copying restrictions — is read).
Pages without text in an otherwise readable PDF are named in `metadata["warnings"]`.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import (
    EmptyDocumentError,
    EncryptedDocumentError,
    InputError,
    NeedsOcrError,
)
from .raw import RawDocument

# Lines that are only a page number. A bare number (3) counts only at the foot of a
# page: at the top it may be a table's row number.
PAGE_NUMBER = re.compile(
    r"""^(?:
        [-—–－_~·•\s]*[-—–－_~·•]\s*\d{1,4}\s*[-—–－_~·•][-—–－_~·•\s]*      # - 3 -, — 3 —, ·3·
      | 第\s*[\d一二三四五六七八九十百]+\s*页(?:\s*[,，/、]?\s*共\s*\d+\s*页)?     # 第3页, 第3页 共10页
      | 共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页                                  # 共10页 第3页
      | \d{1,4}\s*/\s*\d{1,4}                                                  # 3/10
      | (?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?                       # Page 3 of 10
    )$""", re.IGNORECASE | re.VERBOSE)
BARE_NUMBER = re.compile(r"^\d{1,4}$")

_EDGE = 2  # lines at each end of a page that may be a running header or footer
_MAX_HEAD = 80  # a running header or footer is a short line


def read_pdf(path: Path) -> RawDocument:
    """Read a PDF's text layer. Raises InputError kinds (encrypted, scanned, damaged, empty)."""
    pages, metadata = _extract(path)
    if not any(lines for lines, _ in pages):
        if any(images for _, images in pages):
            raise NeedsOcrError("no text layer: the PDF is scanned images, OCR is needed",
                                path=str(path))
        raise EmptyDocumentError("no text in the PDF", path=str(path))
    sample = "".join("".join(lines) for lines, _ in pages)
    if sample.count("(cid:") * 8 > len(sample) / 2:  # glyph ids instead of characters
        raise NeedsOcrError("the PDF's text layer cannot be decoded (fonts without a Unicode map)",
                            path=str(path))
    kept = drop_page_furniture([lines for lines, _ in pages])
    scanned = sum(1 for _, images in pages if images)
    if scanned * 2 >= len(pages) and sum(len(line) for lines in kept for line in lines) < 10 * len(pages):
        # page images with only a stamp or page numbers as text: a scan all the same
        raise NeedsOcrError("almost no text layer: the PDF is scanned images, OCR is needed",
                            path=str(path))
    blank = [k + 1 for k, (lines, images) in enumerate(pages) if not lines and images]
    if blank:
        metadata.setdefault("warnings", []).append(
            f"page(s) {_ranges(blank)} have no text layer (scanned images?); their text is missing")
    text = "\n".join(line for lines in kept for line in lines) + "\n"
    return RawDocument(text=text, path=str(path), encoding=None, metadata=metadata)


def _extract(path: Path) -> tuple[list[tuple[list[str], bool]], dict[str, Any]]:
    """(lines, has_images) per page, and the document's metadata."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(str(path)) as pdf:
            metadata = _metadata(pdf.metadata or {}, len(pdf.pages))
            pages = []
            for original in pdf.pages:
                page = original.dedupe_chars()  # bold faked by printing each glyph twice
                lines = [" ".join(line["text"].split())
                         for line in page.extract_text_lines(strip=True, return_chars=False)]
                pages.append(([line for line in lines if line], bool(original.images)))
                original.close()  # frees the page's parsed objects: big PDFs stay small in memory
    except PdfminerException as err:
        cause = err.args[0] if err.args else err
        if isinstance(cause, PDFEncryptionError):
            raise EncryptedDocumentError("the PDF is encrypted with a password", path=str(path)) from None
        raise InputError("not a valid PDF (damaged or truncated file)", path=str(path),
                         hint="download it again or re-save it from a PDF viewer") from None
    except PDFEncryptionError:
        raise EncryptedDocumentError("the PDF is encrypted with a password", path=str(path)) from None
    except (PSException, ValueError, KeyError, TypeError, AssertionError, RecursionError) as err:
        raise InputError(f"not a valid PDF (damaged file: {type(err).__name__})", path=str(path),
                         hint="download it again or re-save it from a PDF viewer") from None
    return pages, metadata


def drop_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Pages' lines without page numbers and running headers/footers (see module doc)."""
    n = len(pages)

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.replace(" ", ""))

    heads: Counter[str] = Counter()
    feet: Counter[str] = Counter()
    for lines in pages:
        heads.update({key(s) for s in lines[:_EDGE] if len(s) <= _MAX_HEAD})
        feet.update({key(s) for s in lines[-_EDGE:] if len(s) <= _MAX_HEAD})
    need = max(2, (n + 1) // 2)
    running_heads = {k for k, c in heads.items() if c >= need}
    running_feet = {k for k, c in feet.items() if c >= need}

    out = []
    for lines in pages:
        lines = list(lines)
        # top: page number on the first line, running headers among the first lines
        for _ in range(_EDGE):
            if lines and (key(lines[0]) in running_heads or PAGE_NUMBER.match(lines[0])):
                lines.pop(0)
            else:
                break
        for _ in range(_EDGE):
            if lines and (key(lines[-1]) in running_feet or PAGE_NUMBER.match(lines[-1])
                          or BARE_NUMBER.match(lines[-1])):
                lines.pop()
            else:
                break
        out.append(lines)
    return out


def _metadata(info: dict[str, Any], pages: int) -> dict[str, Any]:
    out: dict[str, Any] = {"format": "pdf", "pages": pages}
    title = _info_text(info.get("Title"))
    if title and title.lower() not in ("untitled", "无标题") and not title.lower().endswith(
            (".doc", ".docx", ".wps")):
        out["title"] = title
    for name, field in (("Author", "author"), ("Creator", "creator"), ("Producer", "producer")):
        value = _info_text(info.get(name))
        if value and value != "anonymous":
            out[field] = value
    created = _info_text(info.get("CreationDate"))
    m = re.match(r"^D:(\d{4})(\d{2})(\d{2})", created or "")
    if m:
        out["created"] = "-".join(m.groups())  # when the PDF was made, not the document's date
    return out


def _info_text(value: Any) -> str:
    if isinstance(value, bytes):
        for encoding in ("utf-16", "utf-8", "gb18030"):
            try:
                value = value.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            return ""
    return " ".join(str(value).split()) if value is not None else ""


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] → '1-3, 5'."""
    out, start = [], None
    for k, n in enumerate(numbers):
        if start is None:
            start = n
        if k + 1 == len(numbers) or numbers[k + 1] != n + 1:
            out.append(str(start) if start == n else f"{start}-{n}")
            start = None
    return ", ".join(out)
