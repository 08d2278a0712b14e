"""Walking a folder of documents: what is read, and what is skipped with its reason.

`walk_folder(root, known)` yields, in sorted order, the path of every regular file
with an extension a reader takes, and a `Skipped` for everything else a user would
want to hear about:

- a file of a type no reader takes (notes.xyz, a.zip, an .ofd);
- a file that is not a regular file (a FIFO named x.txt would make a read wait forever;
  a socket, a device);
- a folder that cannot be listed (permissions);
- a symbolic link that leads out of the folder (a link to /etc/passwd would be read and
  stored): followed only with `follow_links` (`--follow-links`).

Not named (skipped by design, as before): hidden and temporary files (.x, ~$x.docx), what
folders never read (README.md, a corpus .jsonl, files without an extension) and sidecars
beside a document of the same name (方案.json next to 方案.txt: an annotation).
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Skipped:
    """A file or folder a walk did not read; `reason` is what the user is told."""

    path: Path
    reason: str
    unsupported: bool = False  # a type no reader takes (summed up in the summary line, not one line each)


# annotations kept beside a document of the same name (方案.json next to 方案.txt): not named as skipped
SIDECAR_SUFFIXES = {".json"}
_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))


def not_regular(mode: int) -> str | None:
    """What a file is when it is not a regular file (a FIFO …), or None."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def walk_folder(root: str | Path, known: set[str], never: set[str], follow_links: bool = False
                ) -> Iterator[Path | Skipped]:
    """Documents under `root` (extensions in `known`) and the Skipped; `never`: extensions folders skip
    silently by design."""
    top = Path(root)
    top_real = top.resolve()
    seen_dirs: set[str] = set()
    problems: list[OSError] = []
    for folder, dirs, files in os.walk(top, onerror=problems.append, followlinks=follow_links):
        while problems:  # the folders os.walk could not list, as it met them
            err = problems.pop(0)
            yield Skipped(Path(err.filename or folder), f"cannot list this folder: {err.strerror}")
        here = Path(folder)
        real = os.path.realpath(folder)
        if real in seen_dirs:  # a link loop (only with follow_links)
            dirs[:] = []
            continue
        seen_dirs.add(real)
        dirs.sort()
        for name in list(dirs):
            d = here / name
            if d.is_symlink() and not _inside(d, top_real) and not follow_links:
                yield Skipped(d, f"a link out of the folder (to {os.path.realpath(d)}); --follow-links reads it")
        stems = {Path(n).stem for n in files if Path(n).suffix.lower() in known}
        for name in sorted(files):
            f = here / name
            suffix = f.suffix.lower()
            if name.startswith((".", "~$")) or suffix in never:
                continue
            if suffix not in known:
                if not (suffix in SIDECAR_SUFFIXES and f.stem in stems):
                    yield Skipped(f, f"no reader for {suffix or 'files without an extension'}", unsupported=True)
                continue
            if f.is_symlink() and not follow_links and not _inside(f, top_real):
                yield Skipped(f, f"a link out of the folder (to {os.path.realpath(f)}); --follow-links reads it")
                continue
            try:
                mode = f.stat().st_mode  # (follows a link: what would be read)
            except OSError as err:
                yield Skipped(f, f"cannot read: {err.strerror}")
                continue
            kind = not_regular(mode)
            if kind:
                yield Skipped(f, f"not a regular file ({kind}): only regular files are read")
                continue
            yield f
    while problems:
        err = problems.pop(0)
        yield Skipped(Path(err.filename or top), f"cannot list this folder: {err.strerror}")


def _inside(path: Path, top_real: Path) -> bool:
    target = Path(os.path.realpath(path))
    return target == top_real or top_real in target.parents
