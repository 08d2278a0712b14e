"""The unit lexicon: which strings name a body (市发展改革委, 各县（市）区), and how a list of them splits.

`UnitLexicon` holds the gazetteer (`resources/units.txt`, plus every user-dictionary word tagged `nt`) and applies
the rules of `rules/units.py`: a name is a body when the gazetteer knows it, or when it ends in a body's head
(局, 委, 办公室, 政府 …) and is none of the audiences, pronouns and objects the spec excludes (§2).

It is handed to every stage that asks (layout joining, structure, task tables, extraction) through the
`Context`: two user dictionaries in one process are two lexicons, never a global switch. Nothing heavy is
imported here.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .rules import cues as C
from .rules import units as R

RESOURCES = Path(__file__).parent / "resources"
UNIT_DICTIONARY = RESOURCES / "units.txt"
POLICY_TERMS = RESOURCES / "policy_terms.txt"
# a one-level bracket inside a name: 各乡镇（街道）
_TRAILING_BRACKET = re.compile(r"[（(][^（）()]*[）)]$")
_NOT_IN_NAME = re.compile(r"[，。；：:！？\d%了]")


def read_dictionary(path: Path) -> list[tuple[str, int | None, str | None]]:
    """(word, frequency, tag) entries of a jieba-format dictionary; # lines are comments."""
    entries = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else (parts[1] if len(parts) > 1 and not parts[1].isdigit() else None)
        entries.append((word, freq, tag))
    return entries


@lru_cache(maxsize=1)
def unit_gazetteer() -> frozenset[str]:
    """Names of government bodies shipped in resources/units.txt."""
    return frozenset(w for w, _, _ in read_dictionary(UNIT_DICTIONARY))


class UnitLexicon:
    """The names of bodies a run knows, and the tests built on them."""

    def __init__(self, names: Iterable[str]):
        self.names = frozenset(names)
        # first characters of every name (and of 各…): a cheap pre-check before matching
        self.initials = frozenset(n[0] for n in self.names) | {"各"}
        by_initial: dict[str, list[str]] = {}
        for n in self.names:
            by_initial.setdefault(n[0], []).append(n)
        self._by_initial = {k: sorted(v, key=len, reverse=True) for k, v in by_initial.items()}

    @classmethod
    def from_dictionaries(cls, user_dicts: Iterable[str | Path] = ()) -> UnitLexicon:
        """The gazetteer plus every user-dictionary word tagged nt (an organisation)."""
        extra = {w for path in user_dicts for w, _, tag in read_dictionary(Path(path)) if tag == "nt"}
        return cls(unit_gazetteer() | extra)

    def starting(self, ch: str) -> list[str]:
        """Names that start with `ch`, longest first."""
        return self._by_initial.get(ch, [])

    def is_unit_name(self, name: str) -> bool:
        """Whether `name` reads as an organisation, office, body or role (spec §2)."""
        name = name.strip().rstrip("。；;，,")
        if not name or name in R.NOT_UNITS or len(name) > 30:
            return False
        if name in self.names:
            return True
        if _NOT_IN_NAME.search(name) or R.NOT_UNIT_START.match(name) or R.NOT_UNIT_END.search(name):
            return False
        if R.LEVEL_FINANCE.match(name):
            return True
        head = R.UNIT_HEAD.search(_TRAILING_BRACKET.sub("", name))  # 各乡镇（街道）: the head is before it
        if not head:
            return False
        if C.DIRECTIVE_VERBS.match(name):
            return False  # 加快构建全省…: a verb phrase, not a body
        if len(head.group(0)) == 1:
            # a one-character head (局, 市, 社) needs two characters before it, and
            # 全… with such a head (全社会, 全市) is an audience, not a body
            return len(name) >= 3 and not name.startswith("全")
        return True

    def is_listed_unit(self, name: str) -> bool:
        """Whether `name`, listed where a label says bodies are listed (责任单位：…, a table's unit
        column, …按职责分工负责), is a body: any name that is no audience, pronoun, verb phrase or
        note — the label vouches for it, so no head word is needed (企联, 工商联, 机械林场)."""
        name = name.strip().rstrip("。；;，,")
        if self.is_unit_name(name):
            return True
        if len(name) < 2 or len(name) > 30 or name in R.NOT_UNITS or R.NOT_LISTED.search(name):
            return False
        if _NOT_IN_NAME.search(name) or R.NOT_UNIT_START.match(name) or C.DIRECTIVE_VERBS.match(name):
            return False
        return bool(re.fullmatch(r"[\u4e00-\u9fff（）()“”A-Za-z]+", name))

    def is_unit_list(self, text: str) -> bool:
        """Whether `text` is one or more bodies' names and nothing else (a 主送 line, a unit cell)."""
        parts = self.split_unit_list(text)
        return bool(parts) and all(self.is_unit_name(name) for name, _, _ in parts)

    def split_unit_list(self, text: str, base: int = 0) -> list[tuple[str, int, int]]:
        """Split a list of units into (name, start, end); offsets are base + position.

        市人大、市政协 → two; 市委、市政府督查室 → one joint office; 省国资委等单位 → 省国资委;
        各乡镇人民政府、街道办事处 → two.
        """
        parts: list[tuple[str, int, int]] = []
        pos = 0
        inside = _inside_brackets(text)
        seps = [m for m in R.UNIT_LIST_SPLIT.finditer(text) if m.start() not in inside]
        for m in [*seps, None]:
            end = m.start() if m else len(text)
            parts.extend(self._split_piece(text[pos:end], base + pos))
            pos = m.end() if m else len(text)
        return _join_offices(parts)

    def _split_piece(self, raw: str, base: int) -> list[tuple[str, int, int]]:
        """The bodies of one piece between separators: 国家机关和事业单位 → two; 各地区各部门 → two."""
        s = base + (len(raw) - len(raw.lstrip()))
        seg = raw.strip()
        trailer = R.UNIT_TRAILER.search(seg)
        if trailer and trailer.start() > 0:
            seg = seg[: trailer.start()]
        seg = seg.rstrip("。．.;；:：")
        out = []
        conj = R.UNIT_AND.search(seg)
        if conj and self.is_unit_name(seg[: conj.start()]) and self.is_unit_name(seg[conj.end():]):
            # 国家机关和事业单位 → two bodies; 工业和信息化厅 stays (工业 is no body)
            out.append((seg[: conj.start()], s, s + conj.start()))
            s += conj.end()
            seg = seg[conj.end():]
        if not seg:
            return out
        sub = [x for x in R.EACH_SPLIT.split(seg) if x]
        if len(sub) > 1 and not all(x.startswith("各") for x in sub):
            sub = [seg]  # 区直各部门, 全区经济运行各专班: one body
        for x in sub:
            out.append((x, s, s + len(x)))
            s += len(x)
        return out


def _inside_brackets(text: str) -> set[int]:
    """Offsets inside （…）: 各县（市、区）人民政府 is one body, its 、 separates nothing."""
    inside: set[int] = set()
    depth = 0
    for i, ch in enumerate(text):
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        elif depth:
            inside.add(i)
    return inside


def _join_offices(parts: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """市委、市政府督查室: top bodies before an office of the last one form one office."""
    if len(parts) < 2:
        return parts
    last = parts[-1][0]
    head = R.JOINT_OFFICE_HEAD.search(last)
    if head and R.TOP_BODY.match(last[: head.start()]) and all(R.TOP_BODY.match(p[0]) for p in parts[:-1]):
        return [("、".join(p[0] for p in parts), parts[0][1], parts[-1][2])]
    return parts
