"""Output files that appear whole or not at all.

Every file a command writes (`-o`, `--report`) is written under a temporary name beside it
(`.tasks.xlsx.<random>.part`, in the same folder so that the rename stays on one file
system) and renamed onto its name only when it is complete. A run killed halfway — Ctrl-C,
SIGTERM from a scheduler, a full disk, an error — leaves the earlier file as it was (a
`kill -9` may leave the hidden .part file, never a broken file under the real name).
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[str]:
    """A temporary path beside `path` to write to; renamed onto `path` when the block ends normally,
    removed when it raises (KeyboardInterrupt and SystemExit included)."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=str(target.parent))
    os.close(fd)
    try:
        yield tmp
        _usual_mode(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, encoding: str = "utf-8", newline: str | None = None) -> Iterator[IO[str]]:
    """A text file opened for writing under a temporary name; see atomic_path."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding=encoding, newline=newline) as fh:
        yield fh


def write_text_atomic(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    with atomic_open(path, encoding=encoding) as fh:
        fh.write(text)


def _usual_mode(tmp: str) -> None:
    """mkstemp makes the file private (0600); the output gets the mode a plain open() would give it."""
    umask = os.umask(0)
    os.umask(umask)
    with contextlib.suppress(OSError):
        os.chmod(tmp, 0o666 & ~umask)
