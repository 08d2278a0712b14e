"""Limits no real policy document reaches, so that a hostile or broken file fails alone.

A zip bomb dressed as .docx (3.6 MB unpacking to 1 GB of paragraphs) ran for ten minutes at 9 GB and took
the good document batched with it down; a 60 MB one-line .txt gave 1.4 million "tasks" in 183 s and 5.4 GB.
Each limit gives that file its one error line, and the batch goes on.

| limit | default | what reaches it | a real document |
| --- | --- | --- | --- |
| `max_package_bytes` | 200 MB | the parts of a .docx/.xlsx unpacked | a 300-page plan with pictures: ~30 MB |
| `max_package_ratio` | 100× (once over 10 MB unpacked) | unpacked ÷ packed size | text XML packs 5–20× |
| `max_chars` | 5,000,000 | characters of text | the longest national report: ~40,000; a five-year plan ~150,000 |
| `max_sentences` | 200,000 | sentence ends (。！？；) | a five-year plan: ~3,000 |

Override them with `--max-chars` and `--max-sentences` on `extract`, or `Limits(...)` in Python.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

# the formats that are zip packages of XML parts (office files, OFD)
PACKAGE_SUFFIXES = (".docx", ".xlsx", ".xlsm", ".pptx", ".ofd")
_SMALL_PACKAGE = 10 << 20  # below this unpacked, any ratio is harmless (a page of repeated cells packs 200×)
_SENTENCE_END = re.compile(r"[。！？；!?;]")


class LimitError(InputError):
    """A file beyond one of the limits: too large for a policy document, or a bomb."""

    hint = "raise the limit (--max-chars, --max-sentences) if the file is really one document"


@dataclass(frozen=True)
class Limits:
    max_package_bytes: int = 200 << 20
    max_package_ratio: float = 100.0
    max_chars: int = 5_000_000
    max_sentences: int = 200_000

    def check_package(self, path: Path) -> None:
        """A .docx/.xlsx whose parts unpack beyond the limits is refused before it is parsed."""
        if path.suffix.lower() not in PACKAGE_SUFFIXES:
            return
        try:
            with zipfile.ZipFile(path) as z:
                infos = z.infolist()
        except (zipfile.BadZipFile, OSError):
            return  # not a zip: the reader says what it is
        unpacked = sum(i.file_size for i in infos)
        packed = max(1, sum(i.compress_size for i in infos))
        if unpacked > self.max_package_bytes:
            raise LimitError(f"its parts unpack to {unpacked / (1 << 20):,.0f} MB, over the limit of "
                             f"{self.max_package_bytes / (1 << 20):,.0f} MB (a zip bomb, or no policy document)",
                             path=str(path))
        if unpacked > _SMALL_PACKAGE and unpacked / packed > self.max_package_ratio:
            raise LimitError(f"its parts unpack {unpacked / packed:,.0f} times their packed size "
                             f"({unpacked / (1 << 20):,.0f} MB), over the limit of {self.max_package_ratio:g}× "
                             "(a zip bomb)", path=str(path))

    def check_text(self, text: str, where: str | None = None) -> None:
        """A text beyond the characters or sentences a policy document holds is refused before extraction."""
        self.check_counts(len(text), sentence_ends(text), where)

    def check_counts(self, chars: int, sentences: int, where: str | None = None) -> None:
        """The same, for counts kept as a long text is read chunk by chunk (then they are counts so far)."""
        if chars > self.max_chars:
            raise LimitError(f"{chars:,} characters, over the limit of {self.max_chars:,} characters for one document",
                             path=where)
        if sentences > self.max_sentences:
            raise LimitError(f"{sentences:,} sentences, over the limit of {self.max_sentences:,} sentences for one document",
                             path=where)


def sentence_ends(text: str) -> int:
    """How many sentences a text holds, as the limit counts them (its final marks)."""
    return len(_SENTENCE_END.findall(text))
