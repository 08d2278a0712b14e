"""The indicator catalogue: one canonical name and one measure for each quantity a goal sets.

    >>> cat = Catalogue.load()
    >>> cat.canonical("全省生产总值增长", "%", "regional")
    '地区生产总值增长'
    >>> cat.canonical("经济增长", "%", "national")
    '国内生产总值增长'
    >>> cat.convert(1.3e12, "斤", "粮食产量")
    (65000.0, '万吨')

The catalogue is data (`resources/indicators.toml`, commented there); this module only reads it. A
target's `indicator` stays as written; `canonical` is the catalogue's name for it (or None: not a
catalogue quantity, or not in a measure the quantity is written in). National documents get the
national name (国内生产总值增长), regional ones the regional name of the same family (地区生产总值增长);
`family()` maps either to the national name, so a province can be set beside the nation.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import tomllib

from .records import TargetMention
from .rules.targets import CHANGE_RE

RESOURCE = Path(__file__).parent / "resources" / "indicators.toml"


@dataclass(frozen=True)
class Indicator:
    """One catalogue quantity."""

    name: str  # national (and default) canonical name
    regional: str  # the regional name of the same family (== name when the two read the same)
    measure: str  # canonical measure: 万吨, 万人, 亿元, %, ‰
    accepts: tuple[str, ...]  # base units a target must be in to be this quantity
    patterns: tuple[re.Pattern[str], ...]
    parts: tuple[str, ...] = ()  # words that name a part of the whole (中央财政赤字 of 财政赤字)

    def name_for(self, scope: str | None) -> str:
        return self.regional if scope == "regional" else self.name


class Catalogue:
    """The catalogue as read from a TOML file (the shipped one unless told)."""

    def __init__(self, data: dict):
        norm = data.get("normalize", {})
        prefixes = sorted(norm.get("scope_prefixes", []), key=len, reverse=True)
        self._scope = re.compile("^(?:" + "|".join(map(re.escape, prefixes)) + ")") if prefixes else None
        noise = sorted(norm.get("noise", []), key=len, reverse=True)
        self._noise = re.compile("|".join(map(re.escape, noise))) if noise else None
        self.indicators: tuple[Indicator, ...] = tuple(
            Indicator(e["name"], e.get("regional", e["name"]), e["measure"], tuple(e.get("accepts", ())),
                      tuple(re.compile(p) for p in e["patterns"]), tuple(e.get("parts", ())))
            for e in data.get("indicator", []))
        set_by = norm.get("set_by", [])
        self._set_by = re.compile("^.*(?:" + "|".join(map(re.escape, set_by)) + ")") if set_by else None
        regional = norm.get("regional_words", [])
        self._regional_words = re.compile("|".join(map(re.escape, regional))) if regional else None
        self._memo: dict[tuple, list[str]] = {}  # (indicator, measure, scope) → names: indicators repeat a lot
        self._by_name = {n: i for i in self.indicators for n in (i.name, i.regional)}
        self._units = {u: (v["base"], float(v["factor"])) for u, v in data.get("units", {}).items()}
        self._multipliers = sorted(((m, float(f)) for m, f in data.get("multipliers", {}).items()),
                                   key=lambda mf: len(mf[0]), reverse=True)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Catalogue:
        return _load(str(path or RESOURCE))

    # --- names ------------------------------------------------------------------------------
    def forms(self, indicator: str) -> tuple[str, ...]:
        """The indicator as written, without its period and modal words, and without its scope words
        too: 全省生产总值年均增长 → …, 全省生产总值增长, 生产总值增长."""
        s = re.sub(r"\s+", "", indicator)
        quiet = self._set_by.sub("", s) if self._set_by is not None else s
        quiet = self._noise.sub("", quiet) if self._noise is not None else quiet
        bare = self._scope.sub("", quiet, count=1) if self._scope is not None else quiet
        return tuple(dict.fromkeys((s, quiet, bare)))

    def find(self, indicator: str | None, measure: str | None = None) -> Indicator | None:
        """The catalogue quantity an indicator (as written) names, in this measure; None if none."""
        if not indicator:
            return None
        base = self.base_unit(measure) if measure else None
        for form in self.forms(indicator):
            for ind in self.indicators:
                if base is not None and ind.accepts and base not in ind.accepts:
                    continue
                if any(p.fullmatch(form) for p in ind.patterns):
                    return ind
        return None

    def canonical(self, indicator: str | None, measure: str | None, scope: str | None = None) -> str | None:
        """The catalogue name of an indicator in a document of this scope (national | regional); a
        document of unknown scope is regional when the indicator says so (全省生产总值 / 地区生产总值).
        Of names sharing one figure (社会消费品零售总额、固定资产投资增长), the first the catalogue knows."""
        names = self.canonicals(indicator, measure, scope)
        return names[0] if names else None

    def canonicals(self, indicator: str | None, measure: str | None, scope: str | None = None) -> list[str]:
        """The catalogue names of each of the names sharing one figure: 社会消费品零售总额、固定资产投资增长
        → [社会消费品零售总额增长, 固定资产投资增长]; a single name gives at most one."""
        key = (indicator, measure, scope)
        if key in self._memo:
            return list(self._memo[key])
        if scope is None and self._regional_words and self._regional_words.search(indicator or ""):
            scope = "regional"
        out: list[str] = []
        for part in self.shared_parts(indicator or ""):
            ind = self.find(part, measure)
            if ind is not None and ind.name_for(scope) not in out:
                out.append(ind.name_for(scope))
        self._memo[key] = out
        return list(out)

    @staticmethod
    def shared_parts(indicator: str) -> list[str]:
        """Names joined by 、 that share the last one's change word: A、B增长 → [A增长, B增长]."""
        if "、" not in indicator:
            return [indicator] if indicator else []
        names = [n for n in indicator.split("、") if n]
        if not names:
            return []
        m = CHANGE_RE.search(names[-1])
        tail = m.group() if m else ""
        return [n if n.endswith(tail) else n + tail for n in names[:-1]] + [names[-1]]

    def scope_of(self, canonical: str | None) -> str | None:
        """The scope a canonical name was given for: regional for 地区生产总值增长, national for 国内…; None
        where the two names are one."""
        ind = self._by_name.get(canonical or "")
        if ind is None or ind.name == ind.regional:
            return None
        return "regional" if canonical == ind.regional else "national"

    def name(self, targets: Sequence[TargetMention], scope: str | None) -> list[TargetMention]:
        """The targets, each with its catalogue name (`canonical`) for a document of this scope."""
        return [replace(t, canonical=self.canonical(t.indicator, t.measure, scope)) for t in targets]

    def is_part(self, indicator: str | None, canonical: str | None) -> bool:
        """Whether the indicator names a part of its quantity (中央财政赤字 of 财政赤字)."""
        ind = self._by_name.get(canonical or "")
        return bool(ind and ind.parts and indicator and self.forms(indicator)[-1].startswith(ind.parts))

    def get(self, canonical: str) -> Indicator | None:
        return self._by_name.get(canonical)

    def family(self, canonical: str | None) -> str | None:
        """The national name of a canonical name's family (地区生产总值增长 → 国内生产总值增长)."""
        ind = self._by_name.get(canonical or "")
        return ind.name if ind else canonical

    def names(self, scope: str | None = None) -> list[str]:
        return [i.name_for(scope) for i in self.indicators]

    # --- measures ---------------------------------------------------------------------------
    def split_measure(self, measure: str) -> tuple[float, str]:
        """'万亿斤' → (1e12, '斤'); '%' → (1.0, '%'). A measure it cannot read is its own base."""
        m = measure.strip()
        for word, factor in self._multipliers:
            if m.startswith(word) and m[len(word):] in self._units:
                return factor, m[len(word):]
        return 1.0, m

    def base_unit(self, measure: str) -> str:
        """The base a measure converts to: 斤 → 吨, 万人 → 人, % → %."""
        _, unit = self.split_measure(measure)
        return self._units.get(unit, (unit, 1.0))[0]

    def to_base(self, value: float, measure: str) -> tuple[float, str]:
        """A value in any measure as (value, base): (1.3, '万亿斤') → (6.5e8, '吨')."""
        factor, unit = self.split_measure(measure)
        base, unit_factor = self._units.get(unit, (unit, 1.0))
        return value * factor * unit_factor, base

    def convert(self, value: float | None, measure: str | None, canonical: str | None
                ) -> tuple[float | None, str | None]:
        """A value in its measure → (value, measure) in the canonical measure of `canonical`;
        unchanged when there is no canonical quantity or the bases differ."""
        ind = self._by_name.get(canonical or "")
        if value is None or measure is None or ind is None:
            return value, measure
        v, base = self.to_base(value, measure)
        target_factor, target_unit = self.split_measure(ind.measure)
        target_base, unit_factor = self._units.get(target_unit, (target_unit, 1.0))
        if base != target_base:
            return value, measure
        return round(v / (target_factor * unit_factor), 10), ind.measure


@lru_cache(maxsize=4)
def _load(path: str) -> Catalogue:
    with open(path, "rb") as f:
        return Catalogue(tomllib.load(f))
