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
# A level prefix comes off only before the name of a body (市发改委 → 发改委, 省财政厅 → 财政厅); before
# 级 or a bare function it is part of the name: 省级政府, 县级以上地方人民政府, 中央财政, 省财政 stay whole.
_BODY_END = re.compile(r"(?:委员会|委|局|厅|部|办公室|办|中心|院|署|会|处|站|所|行|公司|集团|队|组|室|馆|校|社|团|盟|庭)$")


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
        if not m or name[m.end()] == "级" or not _BODY_END.search(name[m.end():]):
            return None, name
        return m.group("level"), name[m.end():]

    def canonical(self, name: str) -> str:
        """One name per body: 市发改委, 发展和改革委员会, 区发展改革局 → 发展改革委."""
        name = name.strip()
        if name in self.aliases:
            return self.aliases[name]
        _, rest = self.split_level(name)
        return self.aliases.get(rest, rest)

    def level(self, name: str) -> str | None:
        return self.split_level(name.strip())[0]

    def matches(self, query: str, name: str) -> bool:
        """Whether a unit named `name` is what a user asking for `query` means: the query inside the name
        (发展改革 finds 市发展改革委), or the same body by the aliases (发改委 finds 发展和改革委员会)."""
        query, name = query.strip(), name.strip()
        if not query:
            return True
        if query in name:
            return True
        wanted, have = self.canonical(query), self.canonical(name)
        return wanted == have or (len(wanted) >= 2 and wanted in have)
