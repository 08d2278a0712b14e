"""Unit names that mean the same body, reconciled before counting.

`UnitNames.canonical(name)` maps a surface form to one name per body: level
prefixes (国家/省/市/县/区) are taken off (市发改委 → 发展改革委), short and full forms
are mapped through `resources/unit_aliases.txt` and a user's alias file
(发改委 ↔ 发展和改革委员会 ↔ 发展改革委). `level(name)` says which level the prefix
named. Surface forms are kept in the records; only counting and comparing use
the canonical name.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from .errors import UsageError

RESOURCE = Path(__file__).parent / "resources" / "unit_aliases.txt"
_LEVEL = re.compile(r"^(?P<level>国家|中央|省|自治区|市|州|盟|县|区|旗|乡|镇)(?=\S{2,})")
# names that only look prefixed: 市委/县委/区委 are bodies, 市场监管局 starts with 市场
_KEEP_WHOLE = re.compile(r"^(?:[省市县区]委|[省市县区]政府|[省市县区]人大|[省市县区]政协|市场|市直|县直|区直|市属|县属)")


def read_aliases(path: Path) -> dict[str, str]:
    """alias → canonical, from lines "canonical: alias, alias"."""
    out: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise UsageError(f"cannot read the alias file: {err.strerror}", path=str(path)) from None
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        canonical, sep, rest = line.replace("：", ":").partition(":")
        if not sep:
            raise UsageError(f"line {n}: expected 'canonical: alias, alias'", path=str(path))
        canonical = canonical.strip()
        out[canonical] = canonical
        for alias in re.split(r"[,，、;；]", rest):
            if alias.strip():
                out[alias.strip()] = canonical
    return out


class UnitNames:
    """Canonical names of units: built-in aliases plus the user's files."""

    def __init__(self, alias_files: Sequence[str | Path] = ()):
        self.aliases = read_aliases(RESOURCE)
        for f in alias_files:
            self.aliases.update(read_aliases(Path(f)))

    def split_level(self, name: str) -> tuple[str | None, str]:
        """(level prefix, rest): 市发展改革委 → (市, 发展改革委); 市委 stays whole."""
        if _KEEP_WHOLE.match(name) or name in self.aliases:
            return None, name
        m = _LEVEL.match(name)
        return (m.group("level"), name[m.end():]) if m else (None, name)

    def canonical(self, name: str) -> str:
        """One name per body: 市发改委, 发展和改革委员会, 区发展改革局 → 发展改革委."""
        name = name.strip()
        if name in self.aliases:
            return self.aliases[name]
        _, rest = self.split_level(name)
        return self.aliases.get(rest, rest)

    def level(self, name: str) -> str | None:
        return self.split_level(name.strip())[0]
