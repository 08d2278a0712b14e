"""Plain-text reader with the encodings Chinese offices really use.

Order of trust: a byte-order mark (UTF-8, UTF-16 LE/BE) decides; else strict
UTF-8; else GB18030 (a superset of GBK and GB2312, so one decoder covers all
three). Bytes that are neither, or that decode to mostly control characters, are
reported as binary or mis-encoded rather than guessed at: a wrong guess would
silently produce mojibake task records. charset-normalizer is asked only for the
error message, to name what the bytes most likely are.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import EmptyDocumentError, EncodingError, InputError
from .markup import markup_tables
from .raw import RawDocument

# BOMs, longest first (UTF-32 LE starts with the UTF-16 LE BOM).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_binary(text: str) -> bool:
    """True when a decoded text is mostly control characters (a binary file)."""
    if "\x00" in text:
        return True
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f\v")
    return controls > max(2, len(sample) // 50)


def decode_bytes(data: bytes, name: str = "", warnings: list[str] | None = None) -> tuple[str, str]:
    """Decode document bytes; returns (text, encoding). Raises InputError kinds.

    A UTF-8 file cut off in the middle of a character (a truncated download) or with
    a few damaged bytes is still read as UTF-8 — reading it as GB18030 would turn
    the whole text into mojibake — and what was done is added to `warnings`.
    """
    if not data.strip():
        raise EmptyDocumentError("empty file", path=name)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as err:
                raise EncodingError(f"starts with a {encoding} byte-order mark but does not "
                                    f"decode as {encoding} ({err.reason} at byte {err.start})",
                                    path=name) from None
    if b"\x00" in data[:4096]:
        raise InputError("binary data, not text", path=name,
                         hint="pass a text document; Word/PDF readers come with their own extensions")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            if encoding == "utf-8":
                rescued = _damaged_utf8(data, err, warnings)
                if rescued is not None:
                    return rescued, "utf-8"
            continue
        if _looks_binary(text):
            raise InputError("binary data, not text", path=name)
        return text, encoding
    raise EncodingError(f"not UTF-8 or GB18030 text{_guess(data)}", path=name)


def _damaged_utf8(data: bytes, err: UnicodeDecodeError, warnings: list[str] | None) -> str | None:
    """UTF-8 text that is only truncated or has a few bad bytes; None if it is not UTF-8."""
    if err.reason == "unexpected end of data" and len(data) - err.start <= 3:
        if warnings is not None:
            warnings.append("truncated: the file ends inside a character; that character was dropped")
        return data[: err.start].decode("utf-8")
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    han = sum(1 for ch in text[:20000] if "\u4e00" <= ch <= "\u9fff")
    if bad <= max(3, len(text) // 1000) and han >= 20:
        if warnings is not None:
            warnings.append(f"{bad} damaged byte sequence(s) replaced with U+FFFD")
        return text
    return None


def _guess(data: bytes) -> str:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: only used to word the message
        return ""
    best = from_bytes(data[:65536]).best()
    return f"; it looks like {best.encoding}" if best is not None else ""


def read_text_file(path: Path) -> RawDocument:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=str(path)) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=str(path)) from None
    warnings: list[str] = []
    text, encoding = decode_bytes(data, name=str(path), warnings=warnings)
    return RawDocument(text=text, path=str(path), encoding=encoding,
                       metadata={"warnings": warnings} if warnings else {}, tables=markup_tables(text))


def iter_text_chunks(path: Path, chunk_chars: int):
    """(text, encoding) chunks of a large text file, each ending at a paragraph break.

    The encoding is settled on the first megabyte (BOM, UTF-8, GB18030), then the
    file is decoded incrementally, so memory stays bounded by the chunk size.
    """
    import codecs

    with path.open("rb") as fh:
        head = fh.read(1 << 20)
        if not head.strip():
            raise EmptyDocumentError("empty file", path=str(path))
        encoding = _sniff(head, str(path))
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        buf = decoder.decode(head)
        while True:
            block = fh.read(1 << 20)
            buf += decoder.decode(block, final=not block)
            while len(buf) >= chunk_chars:
                cut = buf.rfind("\n", 0, chunk_chars)
                cut = chunk_chars if cut <= 0 else cut + 1
                yield buf[:cut], encoding
                buf = buf[cut:]
            if not block:
                break
        if buf.strip():
            yield buf, encoding


def _sniff(head: bytes, name: str) -> str:
    """The encoding of a file from its first bytes (a cut character at the end is fine)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if b"\x00" in head[:4096]:
        raise InputError("binary data, not text", path=name)
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return encoding
        except UnicodeDecodeError as err:
            if len(head) - err.start <= 3:  # the sample ends inside a character
                return encoding
    raise EncodingError("not UTF-8 or GB18030 text", path=name)
