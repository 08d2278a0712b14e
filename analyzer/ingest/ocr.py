"""OCR for scans and photos: scanned PDFs, .png/.jpg/.tif images and image-only OFDs (the `ocr` extra).

`pip install 'policy-analyzer[ocr]'` brings rapidocr_onnxruntime 1.4.4 (Apache-2.0): its wheel carries the
PP-OCRv4 detection and recognition models and the mobile direction classifier as ONNX files (PaddleOCR's,
Apache-2.0), run on the CPU by onnxruntime (MIT) — nothing is downloaded at run time (later rapidocr
releases fetch their models on first use, hence the pin). PDF pages are rendered by pypdfium2 (Apache-2.0 /
BSD-3, PDFium), which pdfplumber already brings.

Per page: the recognised lines (text, box, confidence) are put in reading order — a page whose lines fall
into two columns with a clear gutter is read left column first; lines on one baseline are one line, their
pieces joined by a tab when a wide gap parts them (a table's cells, which `tables.py` reads as rows) — and
the pages joined by a newline after page numbers and running heads are dropped as for text PDFs.

Modes (`--ocr`): `auto` (the default when the extra is installed) reads a PDF's text layer and OCRs only a
scan; `always` OCRs every PDF page; `never` keeps a scan's clear error. Without the extra a scan's error says
how to install it. The document's metadata records `ocr: {engine, pages, lines, min_confidence}` and, per line,
`ocr_lines: [start, end, confidence, page, left, top, right, bottom]` (offsets into the text as read; box in
pixels at 200 dpi), so that a task's offsets say where on which page it came from and how sure the reading is.
"""
from __future__ import annotations

import functools
import importlib.util
import re
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import EmptyDocumentError, InputError, NeedsOcrError
from .pdf import drop_page_furniture
from .raw import RawDocument

OCR_MODES = ("auto", "always", "never")
RENDER_DPI = 200  # enough for 五号 text (10.5 pt ≈ 29 px high); more only costs time
INSTALL_HINT = "install the OCR extra: pip install 'policy-analyzer[ocr]'"
# two lines on one baseline are parted by a tab (table cells) when the gap exceeds this many character heights
CELL_GAP_HEIGHTS = 1.0


class NeedsOcrExtraError(NeedsOcrError):
    hint = INSTALL_HINT


@dataclass(frozen=True)
class OcrLine:
    """One recognised line: its text, its box on the page (pixels: left, top, right, bottom), its confidence."""

    text: str
    box: tuple[float, float, float, float]
    confidence: float

    @property
    def height(self) -> float:
        return max(1.0, self.box[3] - self.box[1])


@functools.lru_cache(maxsize=1)
def available() -> bool:
    """Whether the OCR extra is installed and loads (opencv, which it brings, needs libGL on a bare system)."""
    if importlib.util.find_spec("rapidocr_onnxruntime") is None:
        return False
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


_ENGINE = None


def engine():
    """The process's OCR engine, made once (loading the models takes about a second)."""
    global _ENGINE  # noqa: PLW0603 - one engine per process, as the tokenizer: models are loaded once
    if _ENGINE is None:
        if not available():
            raise NeedsOcrExtraError("OCR is not installed")
        from rapidocr_onnxruntime import RapidOCR

        _ENGINE = RapidOCR()
    return _ENGINE


def recognise(image) -> list[OcrLine]:
    """The lines of one page image (a PIL image or an array)."""
    import numpy as np

    found, _ = engine()(np.asarray(image.convert("RGB")) if hasattr(image, "convert") else image)
    out = []
    for points, text, score in found or ():
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        if text.strip():
            out.append(OcrLine(text.strip(), (min(xs), min(ys), max(xs), max(ys)), float(score)))
    return out


def reading_order(lines: Sequence[OcrLine], page_width: float) -> list[list[OcrLine]]:
    """Text lines of a page in reading order, each a list of pieces left to right.

    Two columns (lines that keep to either side of a gutter near the middle, hardly any crossing it) are read
    left then right; otherwise top to bottom. Pieces on one baseline (their vertical centres within half a
    line height) make one line."""
    if not lines:
        return []
    mid = page_width / 2
    left = [ln for ln in lines if ln.box[2] < mid + 0.02 * page_width]
    right = [ln for ln in lines if ln.box[0] > mid - 0.02 * page_width]
    crossing = len(lines) - len(left) - len(right)
    if len(left) >= 3 and len(right) >= 3 and crossing <= max(1, len(lines) // 10) and not _share_rows(left, right):
        spanning = [ln for ln in lines if ln not in left and ln not in right]  # a title across both columns
        top = [ln for ln in spanning if ln.box[1] < min(x.box[1] for x in left + right)]
        rest = [ln for ln in spanning if ln not in top]
        return _rows(top) + _rows(left) + _rows(right) + _rows(rest)
    return _rows(list(lines))


def _share_rows(left: Sequence[OcrLine], right: Sequence[OcrLine]) -> bool:
    """Whether the two sides are a table's cells rather than two columns of text: most baselines with pieces on
    both sides hold three pieces or more (序号 | 重点任务 | 牵头单位 | 完成时限). Two columns set on one line grid
    share baselines too, but each holds one piece a side."""
    rows = _rows(list(left) + list(right))
    both = [r for r in rows if any(x in left for x in r) and any(x in right for x in r)]
    return bool(both) and sum(1 for r in both if len(r) >= 3) > 0.5 * len(both)


def _rows(lines: list[OcrLine]) -> list[list[OcrLine]]:
    rows: list[list[OcrLine]] = []
    for ln in sorted(lines, key=lambda x: ((x.box[1] + x.box[3]) / 2, x.box[0])):
        centre = (ln.box[1] + ln.box[3]) / 2
        if rows:
            last = rows[-1]
            last_centre = statistics.fmean((x.box[1] + x.box[3]) / 2 for x in last)
            if abs(centre - last_centre) <= max(ln.height, last[0].height) / 2:
                last.append(ln)
                continue
        rows.append([ln])
    for row in rows:
        row.sort(key=lambda x: x.box[0])
    return rows


def row_text(row: Sequence[OcrLine]) -> str:
    """A line's text: pieces joined directly, or by a tab where a wide gap parts them (table cells)."""
    out = row[0].text
    for prev, ln in zip(row, row[1:], strict=False):
        gap = ln.box[0] - prev.box[2]
        out += ("\t" if gap > CELL_GAP_HEIGHTS * max(prev.height, ln.height) else "") + ln.text
    return clean_line(out)


# Specks a scan adds around punctuation, read as marks of their own: a full stop followed by a colon or dot
# before an opening bracket or the line's end (。：（牵头单位… / 。．) — no text writes two such marks in a row.
_STRAY_MARKS = re.compile(r"(?<=[。；！？）)])[：:．.·,，、]+(?=[（(【]|$)|^[．.·,，、]+(?=[（(])")


def clean_line(text: str) -> str:
    """A recognised line without the marks scan noise adds."""
    return _STRAY_MARKS.sub("", text)


def curly_quotes(text: str) -> str:
    """Straight double quotes made curly again, each the mark the quotes before it call for (a “ read right
    and its ” read straight: the straight one closes). One character for one: offsets stay."""
    if '"' not in text:
        return text
    out, opened = [], False
    for ch in text:
        if ch == "“":
            opened = True
        elif ch == "”":
            opened = False
        elif ch == '"':
            ch, opened = ("”", False) if opened else ("“", True)
        out.append(ch)
    return "".join(out)


@dataclass
class _Read:
    pages: list[list[str]]
    places: list[list[tuple[float, tuple[float, float, float, float]]]]  # per page, per line: confidence, box
    lines: int = 0


def _page_progress(images: Iterator, source: str, total: int | None):
    """The pages as they are recognised, with a bar by pages on a terminal (a long scan takes minutes: about
    3.5 s a page here); below the batch's bar by documents, and gone when the document is done."""
    import sys

    if not sys.stderr.isatty() or (total is not None and total < 3):
        return images
    from tqdm import tqdm

    return tqdm(images, total=total, unit="页", desc=Path(source).name[:30], leave=False, position=1,
                file=sys.stderr, dynamic_ncols=True)


def read_images(images: Iterator, source: str, total: int | None = None) -> RawDocument:
    """OCR each page image, in order; the document's text and OCR metadata (`total`: pages, for the bar)."""
    read = _Read([], [])
    for image in _page_progress(images, source, total):
        rows = reading_order(recognise(image), image.width)
        read.pages.append([row_text(r) for r in rows])
        read.places.append([(min(x.confidence for x in r), (min(x.box[0] for x in r), min(x.box[1] for x in r),
                                                            max(x.box[2] for x in r), max(x.box[3] for x in r)))
                            for r in rows])
        read.lines += len(rows)
        image.close()
    if not any(read.pages):
        raise EmptyDocumentError("OCR found no text on its pages", path=source)
    kept = drop_page_furniture(read.pages)
    # every kept line's offsets in the text, with its page (from 1), its box in pixels at RENDER_DPI and the
    # lowest confidence of its pieces: a task's offsets find where on which page it came from, and how sure
    text_lines, spans, at = [], [], 0
    for number, (page, kept_lines, places) in enumerate(zip(read.pages, kept, read.places, strict=False), 1):
        remaining = list(kept_lines)
        for line, (confidence, box) in zip(page, places, strict=False):
            if not remaining or line != remaining[0]:
                continue  # a page number or running head, dropped
            remaining.pop(0)
            text_lines.append(line)
            spans.append([at, at + len(line), round(confidence, 4), number, *(round(v) for v in box)])
            at += len(line) + 1
    lowest = min((s[2] for s in spans), default=1.0)
    return RawDocument(text=curly_quotes("\n".join(text_lines) + "\n"), path=source, encoding=None,
                       metadata={"ocr": {"engine": "rapidocr_onnxruntime (PP-OCRv4)", "pages": len(read.pages),
                                         "lines": read.lines, "min_confidence": round(lowest, 4)},
                                 "ocr_lines": spans, "source_kind": "ocr"})


def read_image(path: Path) -> RawDocument:
    """A photo or scan of a page (.png .jpg .tif; a multi-page TIFF page by page)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    if not available():
        raise NeedsOcrExtraError("an image needs OCR, which is not installed", path=str(path))
    try:
        image = Image.open(path)
    except (UnidentifiedImageError, OSError) as err:
        raise InputError(f"not a readable image: {err}", path=str(path)) from None
    with image:
        return read_images((frame.copy() for frame in ImageSequence.Iterator(image)), str(path))


def read_scanned_pdf(path: Path, dpi: int = RENDER_DPI) -> RawDocument:
    """A PDF's pages rendered (one at a time: memory stays bounded by a page) and OCR'd."""
    import pypdfium2 as pdfium

    if not available():
        raise NeedsOcrExtraError("no text layer: the PDF is scanned images, OCR is needed", path=str(path))
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as err:
        raise InputError(f"the PDF cannot be rendered for OCR: {err}", path=str(path)) from None

    def pages():
        for k in range(len(pdf)):
            page = pdf[k]
            try:
                yield page.render(scale=dpi / 72).to_pil()
            finally:
                page.close()

    try:
        raw = read_images(pages(), str(path), len(pdf))
    finally:
        pdf.close()
    return raw
