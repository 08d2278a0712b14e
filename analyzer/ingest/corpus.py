"""JSON Lines corpora: one document per line, streamed.

`iter_corpus(path)` reads one line at a time (the file is never loaded whole) and
yields a `RawDocument` per line, or a `CorpusLineError` for a line it cannot use —
the iteration goes on. Empty lines are skipped.

Per line (a JSON object):

- text: `text_field` if given; else `content`, else `text`. A line without a
  non-empty string there is a `CorpusLineError`.
- id (`RawDocument.doc_id`): the first of `id_field` (if given), `id`, `doc_id`,
  `title` that is present and not null/empty on that line, else the line number.
  So a field that is null on some lines falls back line by line: with
  `id_field="year"`, the 20 NPC resolutions in government_work_reports.jsonl
  (year null) get their title (unique, and it says what they are). Ids are made
  unique within the corpus: a repeated id gets "#<line>" appended.
- date (`RawDocument.date`, only with `date_field`): YYYY-MM-DD (also with / or .,
  or a time after it), YYYY年M月D日 → an ISO date. A bare year (2024, "2024",
  2024年) or a year and month is no exact date: `date` stays None and
  `metadata["date_partial"]` holds "2024" or "2024-03" — deadlines need a day to
  be read against, and 1 January would be a wrong one. A value that is no date at
  all leaves `date` None and adds a note to `metadata["warnings"]`.
- metadata: every field except the text field (the id and date fields included,
  as they were).
- path: "<file>#L<line>" (lines counted from 1, empty lines included).
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, UnsupportedFormatError
from .markup import markup_tables
from .raw import RawDocument

TEXT_FIELDS = ("content", "text")
ID_FIELDS = ("id", "doc_id", "title")


@dataclass(frozen=True)
class CorpusLineError:
    """A corpus line that gives no document; `str()` is the one line to show."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class CorpusFileError(UnsupportedFormatError):
    """A corpus file passed where one document is expected."""

    hint = ("read it in corpus mode, one document per line: "
            "analyzer.ingest.corpus.iter_corpus, or the batch command's corpus mode")


def read_as_document(path: Path) -> RawDocument:
    """The READERS entry for .jsonl: a corpus is not one document."""
    raise CorpusFileError("a .jsonl file is a corpus of many documents, not one document",
                          path=str(path))


def iter_corpus(path: str | Path, text_field: str | None = None,
                id_field: str | None = None,
                date_field: str | None = None) -> Iterator[RawDocument | CorpusLineError]:
    """Documents of a JSON Lines corpus, one per line (see the module doc for the fields).

    Raises InputError only for the file as a whole (missing, a directory, unreadable).
    """
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", path=str(p))
    if p.is_dir():
        raise InputError("is a directory", path=str(p), hint="pass the .jsonl file inside it")
    try:
        f = p.open("rb")
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=str(p)) from None
    with f:
        yield from iter_corpus_lines(f, str(p), text_field, id_field, date_field)


def is_json_lines(data: bytes) -> bool:
    """Whether every non-blank line of `data` is a JSON object (standard input read as a corpus)."""
    lines = [line for line in data.splitlines() if line.strip()]
    if not lines:
        return False
    for number, line in enumerate(lines):
        try:
            if not isinstance(json.loads(line.decode("utf-8-sig" if number == 0 else "utf-8")), dict):
                return False
        except (UnicodeDecodeError, json.JSONDecodeError):
            return False
    return True


def iter_corpus_lines(f, name: str, text_field: str | None = None, id_field: str | None = None,
                      date_field: str | None = None) -> Iterator[RawDocument | CorpusLineError]:
    """Documents of the JSON Lines in the binary stream `f` (a file, or standard input named "-")."""
    id_candidates = ([id_field] if id_field else []) + [k for k in ID_FIELDS if k != id_field]
    seen: set[str] = set()
    for number, raw in enumerate(f, start=1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as err:
            yield CorpusLineError(name, number, f"not UTF-8 ({err.reason} at byte {err.start})")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield CorpusLineError(name, number, f"not JSON ({err.msg} at column {err.colno})")
            continue
        if not isinstance(record, dict):
            yield CorpusLineError(name, number,
                                  f"not a JSON object (a {type(record).__name__})")
            continue
        field, text = _text(record, text_field)
        if not isinstance(text, str) or not text.strip():
            names = f"'{text_field}'" if text_field else " or ".join(f"'{n}'" for n in TEXT_FIELDS)
            what = ("is missing" if text is None else
                    "is not text" if not isinstance(text, str) else "is empty")
            yield CorpusLineError(name, number, f"no text: the field {names} {what}")
            continue
        doc_id = _unique(_doc_id(record, id_candidates, number), number, seen)
        metadata = {k: v for k, v in record.items() if k != field}
        date = None
        if date_field:
            date = _date(record.get(date_field), date_field, metadata)
        yield RawDocument(text=text, path=f"{name}#L{number}", encoding="utf-8",
                          metadata=metadata, doc_id=doc_id, date=date, tables=markup_tables(text))


def _text(record: dict[str, Any], text_field: str | None) -> tuple[str | None, Any]:
    if text_field:
        return text_field, record.get(text_field)
    for name in TEXT_FIELDS:
        if record.get(name) is not None:
            return name, record[name]
    return None, None


def _doc_id(record: dict[str, Any], candidates: list[str], number: int) -> str:
    for name in candidates:
        value = record.get(name)
        if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
            continue
        value = " ".join(str(value).split())
        if value:
            return value
    return str(number)


def _unique(doc_id: str, number: int, seen: set[str]) -> str:
    out = doc_id
    while out in seen:
        out = f"{out}#{number}"
    seen.add(out)
    return out


_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_YEAR = re.compile(r"^(\d{4})\s*年?$")


def _date(value: Any, field: str, metadata: dict[str, Any]) -> str | None:
    """An ISO date from a date field; partial dates go to metadata (see module doc)."""
    if value is None:
        return None
    s = str(value).strip() if not isinstance(value, bool) else ""
    m = _FULL.match(s)
    if m:
        try:
            return dt.date(*(int(x) for x in m.groups())).isoformat()
        except ValueError:
            pass
    else:
        m = _MONTH.match(s)
        if m and 1 <= int(m.group(2)) <= 12:
            metadata["date_partial"] = f"{m.group(1)}-{int(m.group(2)):02d}"
            return None
        m = _YEAR.match(s)
        if m:
            metadata["date_partial"] = m.group(1)
            return None
    note = f"the field '{field}' holds {value!r}, not a date (YYYY, YYYY-MM-DD or YYYY年M月D日); no date set"
    earlier = metadata.get("warnings")
    metadata["warnings"] = (earlier if isinstance(earlier, list) else []) + [note]
    return None
