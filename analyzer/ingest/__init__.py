"""Readers: one per format, each turning a file into text plus metadata.

`read_document(path)` picks the reader by extension. A reader returns a
`RawDocument`; normalisation, structure and extraction come after, the same for
every format, so a new format only needs a new reader registered in `READERS`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from ..errors import InputError, UnsupportedFormatError


@dataclass
class RawDocument:
    """Text as read from a source, before normalisation."""

    text: str
    path: Optional[str] = None
    encoding: Optional[str] = None
    metadata: dict[str, Any] = field(default_factory=dict)


def _read_txt(path: Path) -> RawDocument:
    from .txt import read_text_file

    return read_text_file(path)


# Extension → reader. Word, PDF, HTML and corpora readers register here.
READERS: dict[str, Callable[[Path], RawDocument]] = {
    ".txt": _read_txt,
    ".text": _read_txt,
    ".md": _read_txt,
    "": _read_txt,
}


def read_document(path: str | Path) -> RawDocument:
    """Read one file with the reader its extension names."""
    p = Path(path)
    reader = READERS.get(p.suffix.lower())
    if reader is None:
        raise UnsupportedFormatError(f"unsupported file type '{p.suffix}'", path=str(p))
    if not p.exists():
        raise InputError("no such file", path=str(p))
    if p.is_dir():
        raise InputError("is a directory", path=str(p), hint="pass the files inside it")
    return reader(p)


def read_stdin(stream) -> RawDocument:
    """Read standard input (bytes), with the same encoding detection as files."""
    from .txt import decode_bytes

    data = stream.read()
    warnings: list[str] = []
    text, encoding = decode_bytes(data, name="<stdin>", warnings=warnings)
    return RawDocument(text=text, path="-", encoding=encoding,
                       metadata={"warnings": warnings} if warnings else {})
