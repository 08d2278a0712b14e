"""Errors the library raises; the CLI turns each into one clear line and an exit code."""
from __future__ import annotations

# Exit codes of every command: all done; a usage error; nothing usable (every document
# failed, or the command could not run); some documents failed (each named on stderr).
EXIT_OK, EXIT_USAGE, EXIT_NOTHING, EXIT_PARTIAL = 0, 1, 2, 3


class AnalyzerError(Exception):
    """Base class. `hint` says what the user can do about it."""

    exit_code = EXIT_NOTHING
    hint = ""

    def __init__(self, message: str, *, path: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.path = path
        if hint is not None:
            self.hint = hint

    def line(self) -> str:
        """The one line shown to the user: file, problem, and what to do."""
        where = f"{self.path}: " if self.path else ""
        tail = f" ({self.hint})" if self.hint else ""
        return one_line(f"{where}{self}{tail}")


def one_line(text: str) -> str:
    """`text` as one line: a newline or another control character (in a file name: 方案\n.txt) is written as
    its escape, so that one problem is one line on the terminal and in a log."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


class InputError(AnalyzerError):
    """A document cannot be read: missing, empty, binary, undecodable, unsupported."""


class EmptyDocumentError(InputError):
    hint = "the file holds no text"


class EncodingError(InputError):
    hint = "save it as UTF-8 or GB18030 text"


class UnsupportedFormatError(InputError):
    hint = ("readable: .txt, .docx, .pdf, .html/.htm, .xlsx, .doc/.wps (with LibreOffice) "
            "and .jsonl corpora")


class EncryptedDocumentError(InputError):
    """A document that needs a password (PDF user password, encrypted Office file)."""

    hint = "open it with its password and save or print a copy without one"


class NeedsOcrError(InputError):
    """A document whose text is only in images (a scan): it must be OCR'd first."""

    hint = ("install the OCR extra (pip install 'policy-analyzer[ocr]') and extract it again, or run OCR on it "
            "first, e.g. ocrmypdf -l chi_sim in.pdf out.pdf")


class UsageError(AnalyzerError):
    """Bad options or arguments."""

    exit_code = EXIT_USAGE


class GoldError(AnalyzerError):
    """A gold annotation folder or file is malformed."""
