"""Edited text that remembers where each character came from.

`OffsetMap` takes an offset of a derived text back to the text it was made from (and `forward()` the other way);
`rebuild()` applies edits and returns the new text with its map. Every normalising step returns an `Edited`,
so every offset a record carries can be traced back to the file as read.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field


@dataclass
class OffsetMap:
    """Maps offsets of a derived text back to the text it came from.

    Stored as anchors: from derived offset `dst[k]` on, source = `src[k]` + (i − `dst[k]`).
    Compact (one anchor per edit, not per character) so large documents stay cheap.
    """

    dst: list[int] = field(default_factory=lambda: [0])
    src: list[int] = field(default_factory=lambda: [0])

    def __call__(self, i: int) -> int:
        k = bisect.bisect_right(self.dst, i) - 1
        return self.src[k] + (i - self.dst[k])

    def forward(self, x: int) -> int:
        """The derived offset of source offset `x` (the end of a deleted stretch for
        offsets inside one)."""
        k = bisect.bisect_right(self.src, x) - 1
        if k < 0:
            return 0
        d = self.dst[k] + (x - self.src[k])
        return min(d, self.dst[k + 1]) if k + 1 < len(self.dst) else d

    def then(self, later: OffsetMap) -> OffsetMap:
        """The map of applying `self` then `later` (later's offsets → original)."""
        dst, src = [], []
        # breakpoints of `later`, plus breakpoints of `self` seen through `later`
        points = set(later.dst)
        for d in self.dst:
            # derived-of-self offset d corresponds to later-derived offsets where later.src hits d
            k = bisect.bisect_right(later.src, d) - 1
            if k >= 0:
                points.add(later.dst[k] + (d - later.src[k]))
        for p in sorted(points):
            if p < 0:
                continue
            dst.append(p)
            src.append(self(later(p)))
        return OffsetMap(dst or [0], src or [0])


@dataclass(frozen=True)
class Edited:
    text: str
    offsets: OffsetMap


def rebuild(text: str, edits: list[tuple[int, int, str]]) -> Edited:
    """Apply non-overlapping (start, end, replacement) edits, sorted by start."""
    if not edits:
        return Edited(text, OffsetMap())
    out: list[str] = []
    dst, src = [0], [0]
    pos = 0
    new_len = 0
    for start, end, repl in edits:
        out.append(text[pos:start])
        new_len += start - pos
        if repl:
            out.append(repl)
        dst.append(new_len)
        src.append(start)
        new_len += len(repl)
        dst.append(new_len)
        src.append(end)
        pos = end
    out.append(text[pos:])
    return Edited("".join(out), OffsetMap(dst, src))


def substitute(pattern: re.Pattern[str], text: str, repl) -> Edited:
    edits = []
    for m in pattern.finditer(text):
        r = repl(m) if callable(repl) else repl
        if r != m.group(0):
            edits.append((m.start(), m.end(), r))
    return rebuild(text, edits)
