"""Old Office formats (.doc, .wps, .xls) through LibreOffice, and Office file sniffing.

Word 97-2003 (.doc), WPS Writer (.wps) and Excel 97-2003 (.xls) files are binary
OLE containers that no well-kept pure-Python library reads faithfully (tables,
numbering). LibreOffice does: when `soffice` (or `libreoffice`) is on PATH, the file
is converted headless into a temporary folder (`soffice --headless --convert-to docx`)
and read by the .docx/.xlsx reader; the RawDocument keeps the original path. The
conversion runs with a throw-away LibreOffice profile (a running LibreOffice would
otherwise swallow the request) and a time limit. Without LibreOffice the reader says
so in one line.

`check_office_container` looks at the first bytes of a .docx/.xlsx: a zip (the
normal case), an OLE file (an old-format file with a new name: converted like a
.doc/.xls), or an encrypted package (a password-protected Office file).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import EmptyDocumentError, EncryptedDocumentError, InputError
from .docx import read_docx
from .raw import RawDocument
from .xlsx import read_xlsx

CONVERT_TIMEOUT = 120  # seconds for one conversion; a big .doc takes a few seconds

_ZIP = b"PK\x03\x04"
_OLE = bytes.fromhex("d0cf11e0a1b11ae1")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # ECMA-376 agile/standard encryption

_NAMES = {"docx": ".docx", "xlsx": ".xlsx"}


class NeedsLibreOfficeError(InputError):
    """A format that only LibreOffice can convert, on a machine without it."""

    hint = ("install LibreOffice so that soffice is on PATH, e.g. apt-get install "
            "libreoffice-writer-nogui libreoffice-calc-nogui, or save the file as .docx/.xlsx")


def find_soffice() -> str | None:
    """The LibreOffice command on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def check_office_container(path: Path, kind: str) -> str:
    """'zip' or 'ole' for a .docx/.xlsx file; raises for empty, encrypted or non-Office bytes."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
            if head.startswith(_OLE):
                f.seek(0)
                data = f.read()
            else:
                data = head
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=str(path)) from None
    if not data:
        raise EmptyDocumentError("empty file", path=str(path))
    if data.startswith(_OLE):
        if _ENCRYPTED_STREAM in data:
            raise EncryptedDocumentError(f"password-protected {_NAMES[kind]} file", path=str(path),
                                         hint="open it with its password and save a copy without one")
        return "ole"
    if not data.startswith(_ZIP):
        app = "Word" if kind == "docx" else "Excel"
        raise InputError(f"not a valid {_NAMES[kind]} (damaged or truncated file)", path=str(path),
                         hint=f"open it in {app} or WPS and save it again as {_NAMES[kind]}")
    return "zip"


def convert(path: Path, fmt: str, outdir: Path, timeout: float = CONVERT_TIMEOUT) -> Path:
    """Convert `path` with LibreOffice into `outdir`; returns the converted file."""
    soffice = find_soffice()
    if soffice is None:
        what = path.suffix.lower() or "this file"
        if what in (".docx", ".xlsx", ".xlsm"):
            what = f"this {path.suffix} (an old Office 97-2003 file inside)"
        raise NeedsLibreOfficeError(f"reading {what} needs LibreOffice, which is not installed",
                                    path=str(path))
    # a plain ASCII name (soffice mishandles non-ASCII paths under a C locale) with the
    # extension of what the file is: an OLE file named .docx is a .doc
    suffix = {".docx": ".doc", ".xlsx": ".xls", ".xlsm": ".xls"}.get(path.suffix.lower(),
                                                                      path.suffix.lower())
    source = outdir / f"input{suffix}"
    shutil.copyfile(path, source)
    out = outdir / "out"
    profile = (outdir / "profile").as_uri()
    cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
           "--convert-to", fmt, "--outdir", str(out), str(source)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # soffice starts soffice.bin: end the whole group
        proc.communicate()
        raise InputError(f"LibreOffice did not convert the file within {timeout:g} s", path=str(path),
                         hint="the file may be damaged; open it in Word/WPS and save it as .docx") from None
    target = out / f"input.{fmt}"
    converted = target.exists() and target.stat().st_size > 0
    if converted:
        with open(target, "rb") as f:
            converted = f.read(4) == _ZIP
    if not converted:
        said = [line.strip() for line in err.decode("utf-8", "replace").splitlines() if line.strip()]
        errors = [line for line in said if "error" in line.lower()] or said[-1:]
        detail = " ".join(" ".join(errors).split())[-200:]
        raise InputError("LibreOffice could not convert the file (damaged, encrypted or not a "
                         f"{path.suffix} file)", path=str(path),
                         hint=f"soffice said: {detail}" if detail else
                         "open it in Word/WPS and save it as .docx")
    return target


def read_word(path: Path) -> RawDocument:
    """A .docx: read as the zip package it should be, or — a Word 97-2003 file with a .docx
    name — converted like a .doc. Encrypted, empty and non-Office bytes get their own error."""
    if check_office_container(path, "docx") == "ole":
        return read_office(path)
    return read_docx(path)


def read_workbook(path: Path) -> RawDocument:
    """A .xlsx/.xlsm: read as a zip package, or converted like an .xls when it is an old one."""
    if check_office_container(path, "xlsx") == "ole":
        return read_xls(path)
    return read_xlsx(path)


def read_office(path: Path) -> RawDocument:
    """Read a .doc/.wps (or an OLE file named .docx) by converting it to .docx."""
    return _read_converted(path, "docx")


def read_xls(path: Path) -> RawDocument:
    """Read an Excel 97-2003 .xls (or an OLE file named .xlsx) by converting it to .xlsx."""
    return _read_converted(path, "xlsx")


def _read_converted(path: Path, fmt: str) -> RawDocument:
    _check_ole(path)
    with tempfile.TemporaryDirectory(prefix="policy-analyzer-") as tmp:
        converted = convert(path, fmt, Path(tmp))
        read = read_docx if fmt == "docx" else read_xlsx
        try:
            raw = read(converted)
        except InputError as err:
            err.path = str(path)
            raise
    raw.path = str(path)
    raw.metadata["format"] = path.suffix.lower().lstrip(".") or fmt
    raw.metadata["converted_by"] = "LibreOffice"
    return raw


def _check_ole(path: Path) -> None:
    """Empty and encrypted files get their own message before any conversion is tried."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=str(path)) from None
    if not data.strip():
        raise EmptyDocumentError("empty file", path=str(path))
    if data.startswith(_OLE) and _ENCRYPTED_STREAM in data:
        raise EncryptedDocumentError(f"password-protected {path.suffix} file", path=str(path),
                                     hint="open it with its password and save a copy without one")
