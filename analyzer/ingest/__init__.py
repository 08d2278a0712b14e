"""Readers: one per format, each turning a file into text plus metadata.

`read_document(path)` picks the reader by extension. A reader returns a
`RawDocument`; normalisation, structure and extraction come after, the same for
every format, so a new format only needs a new reader registered in `READERS`.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError, NeedsOcrError, UnsupportedFormatError
from .raw import RawDocument, SourceTable, TableWriter
from .txt import decode_bytes

__all__ = ["READERS", "RawDocument", "SourceTable", "TableWriter", "read_document", "read_stdin"]


def _lazy(module: str, function: str) -> Callable[[Path], RawDocument]:
    """A reader that imports its module (and so its library) on first call."""
    def read(path: Path) -> RawDocument:
        return getattr(importlib.import_module(f"{__name__}.{module}"), function)(path)

    read.__name__ = f"{module}.{function}"
    return read


_read_txt = _lazy("txt", "read_text_file")
_read_html = _lazy("html", "read_html")
_read_xlsx = _lazy("office", "read_workbook")
_read_office = _lazy("office", "read_office")


# Page images: read through OCR (ingest/ocr.py), with the `ocr` extra
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

# Extension → reader. Each reader imports its library (python-docx, pdfplumber, …) when called.
READERS: dict[str, Callable[[Path], RawDocument]] = {
    ".txt": _read_txt,
    ".text": _read_txt,
    ".md": _read_txt,
    "": _read_txt,
    ".docx": _lazy("office", "read_word"),  # a Word 97-2003 file named .docx is converted first
    ".pdf": _lazy("pdf", "read_pdf"),
    ".html": _read_html,
    ".htm": _read_html,
    ".xlsx": _read_xlsx,
    ".xlsm": _read_xlsx,
    ".doc": _read_office,  # through LibreOffice, when installed
    ".wps": _read_office,
    ".xls": _lazy("office", "read_xls"),
    ".ofd": _lazy("ofd", "read_ofd"),  # 版式文档 (GB/T 33190): a zip of XML, read with lxml
    **{suffix: _lazy("ocr", "read_image") for suffix in IMAGE_SUFFIXES},  # scans and photos: OCR (the ocr extra)
    ".jsonl": _lazy("corpus", "read_as_document"),  # raises: a corpus is read with corpus.iter_corpus
}


def read_document(path: str | Path, ocr: str = "auto") -> RawDocument:
    """Read one file with the reader its extension names.

    `ocr` (ingest/ocr.py): "auto" OCRs a PDF without a text layer when the OCR extra is installed, "always"
    every PDF, "never" none (a scan stays a clear error); images always need OCR."""
    p = Path(path)
    suffix = p.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise UnsupportedFormatError(f"unsupported file type '{p.suffix}'", path=str(p))
    if not p.exists():
        raise InputError("no such file", path=str(p))
    if p.is_dir():
        raise InputError("is a directory", path=str(p), hint="pass the files inside it")
    if suffix == ".pdf" and ocr == "always":
        return _ocr().read_scanned_pdf(p)
    if suffix in IMAGE_SUFFIXES and ocr == "never":
        raise NeedsOcrError("an image holds no text without OCR (--ocr never)", path=str(p), hint="use --ocr auto")
    try:
        return reader(p)
    except NeedsOcrError:
        if suffix not in (".pdf", ".ofd") or ocr == "never" or not _ocr().available():
            raise
        if suffix == ".ofd":
            return importlib.import_module(f"{__name__}.ofd").read_ofd_scan(p)
        return _ocr().read_scanned_pdf(p)


def _ocr():
    return importlib.import_module(f"{__name__}.ocr")



def read_stdin(stream) -> RawDocument:
    """Read standard input (bytes), with the same encoding detection as files."""

    data = stream.read()
    warnings: list[str] = []
    text, encoding = decode_bytes(data, name="<stdin>", warnings=warnings)
    return RawDocument(text=text, path="-", encoding=encoding,
                       metadata={"warnings": warnings} if warnings else {})
