"""The target table: one row per goal a document sets, comparable across years and places.

    >>> import analyzer
    >>> t = analyzer.load_targets("p.duckdb", indicators=["地区生产总值增长"], period="year")
    >>> t[["title", "value", "upper", "comparator"]]
    >>> analyzer.wide_targets(t)        # one row per document, a column per canonical indicator

Long form (`TABLE_FIELDS`, the fields of `targets -o FILE.jsonl`): doc_id, title, doc_date, canonical,
indicator, text, value, upper, comparator, measure, period, period_end, task_id. `value`/`upper` are in
the catalogue's canonical `measure` (粮食产量 in 万吨, 城镇新增就业 in 万人, 财政赤字 in 亿元); a target of
no catalogue quantity keeps the base measure it was stored in (元, 人, 吨 …). A goal a document states
twice (the goal paragraph, then its explanation) is one row: the first statement.

The DataFrame has a few more columns than the exports: `family` (the national name of the canonical
name's family: a province's 地区生产总值增长 is 国内生产总值增长's), `figure` (the figure as written:
5%左右, 4.5%—5%), `sentence` (the task's text) and `start`/`end` (the target's offsets).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from .indicators import Catalogue
from .records import TaskRecord
from .rules.targets import NUMBER
from .select import select_documents
from .store import Store

TABLE_FIELDS = ("doc_id", "title", "doc_date", "canonical", "indicator", "text", "value", "upper", "comparator",
                "measure", "period", "period_end", "task_id")
PERIODS = ("year", "plan", "all")


@dataclass(frozen=True)
class TargetRow:
    doc_id: str
    title: str | None
    doc_date: str | None
    canonical: str | None
    indicator: str | None
    text: str
    value: float | None
    upper: float | None
    comparator: str | None
    measure: str | None
    period: str | None
    period_end: str | None
    task_id: str
    family: str | None = None
    figure: str | None = None
    sentence: str | None = None
    start: int = -1
    end: int = -1

    def contract(self) -> dict:
        """The row with the exported fields only, in their order."""
        d = asdict(self)
        return {k: d[k] for k in TABLE_FIELDS}


_NUMERAL = re.compile(r"[0-9０-９零〇一二两三四五六七八九十百千]")


def figure_of(text: str) -> str:
    """The figure as written at the end of a target's text: 全市生产总值增长5%左右 → 5%左右;
    194个新开工项目 → 194个新开工项目 (what it counts follows the number); PM2.5 is a name."""
    last = None
    for m in NUMBER.finditer(text):
        glued = m.start() > 0 and text[m.start() - 1].isascii() and text[m.start() - 1].isalnum()
        if m.group() and _NUMERAL.search(m.group()) and not glued:
            last = m
    return text[last.start():] if last is not None else text


def target_rows(records: Iterable[TaskRecord], documents: dict[str, dict], catalogue: Catalogue | None = None
                ) -> list[TargetRow]:
    """Rows of the target table for these records (document order), each goal once per document."""
    cat = catalogue or Catalogue.load()
    out: list[TargetRow] = []
    seen: set[tuple] = set()
    for r in records:
        doc = documents.get(r.doc_id, {})
        for t in r.targets:
            # names sharing one figure give a row each (社会消费品零售总额、固定资产投资增长4%左右)
            names = cat.canonicals(t.indicator, t.measure, cat.scope_of(t.canonical)) if t.canonical else [None]
            for canonical in names or [t.canonical]:
                row = _row(r, t, canonical, doc, cat)
                key = (r.doc_id, row.canonical or row.indicator, row.value, row.upper, row.comparator,
                       row.period, row.period_end)
                if key not in seen:  # else the goal restated
                    seen.add(key)
                    out.append(row)
    return _without_parts(out, cat)


def _row(r: TaskRecord, t, canonical: str | None, doc: dict, cat: Catalogue) -> TargetRow:
    value, measure = cat.convert(t.value, t.measure, canonical)
    upper, _ = cat.convert(t.upper, t.measure, canonical)
    return TargetRow(
        doc_id=r.doc_id, title=doc.get("title"), doc_date=_iso(doc.get("doc_date") or r.doc_date),
        canonical=canonical, indicator=t.indicator, text=t.text, value=value, upper=upper,
        comparator=t.comparator, measure=measure, period=t.period, period_end=_iso(t.period_end),
        task_id=r.task_id, family=cat.family(canonical), figure=figure_of(t.text), sentence=r.text,
        start=t.start, end=t.end)


def _without_parts(rows: list[TargetRow], cat: Catalogue) -> list[TargetRow]:
    """Rows for a part of a quantity (中央财政赤字) left out where the document gives the whole too."""
    whole = {(r.doc_id, r.canonical, r.period) for r in rows
             if r.canonical and not cat.is_part(r.indicator, r.canonical)}
    return [r for r in rows if not (r.canonical and cat.is_part(r.indicator, r.canonical)
                                    and (r.doc_id, r.canonical, r.period) in whole)]


def select_rows(rows: Sequence[TargetRow], indicators: Sequence[str] = (), families: Sequence[str] = (),
                period: str = "all", catalogue: Catalogue | None = None) -> list[TargetRow]:
    """Rows of these canonical names (or, where no catalogue name is given, indicators as written), of
    these families (国内生产总值增长: the nation's and every region's), of this period (year | plan | all)."""
    cat = catalogue or Catalogue.load()
    wanted = set(indicators)
    fams = {cat.family(f) for f in families}
    out = []
    for row in rows:
        if period != "all" and row.period != period:
            continue
        if wanted or fams:
            named = row.canonical in wanted or (row.canonical is None and row.indicator in wanted)
            if not named and row.family not in fams:
                continue
        out.append(row)
    return out


def rows_to_frame(rows: Sequence[TargetRow]):
    import pandas as pd

    columns = list(TargetRow.__dataclass_fields__)
    frame = pd.DataFrame([asdict(r) for r in rows], columns=columns)
    for c in ("doc_date", "period_end"):
        frame[c] = pd.to_datetime(frame[c], errors="coerce")
    return frame


def store_rows(store, doc_ids: Sequence[str] | None = None, catalogue: Catalogue | None = None) -> list[TargetRow]:
    """The target rows of documents in a store (all of them unless `doc_ids`), in date then id order."""
    docs = {d["doc_id"]: d for d in store.documents(doc_ids)}
    by_doc: dict[str, list[TaskRecord]] = {}
    for r in store.records():  # one query for the store, not one per document
        if r.doc_id in docs:
            by_doc.setdefault(r.doc_id, []).append(r)
    order = sorted(docs, key=lambda i: (str(docs[i].get("doc_date") or ""), i))
    return target_rows((r for doc_id in order for r in by_doc.get(doc_id, ())), docs, catalogue)


def load_targets(db: str | Path, indicators: Sequence[str] = (), *, families: Sequence[str] = (),
                 period: str = "all", where: Sequence[str] = ()):
    """The target table of a store as a DataFrame (long form, one row per goal; see the module doc)."""

    with Store(db, read_only=True) as store:
        ids = select_documents(store, where) if where else None
        rows = select_rows(store_rows(store, ids), indicators, families, period)
    return rows_to_frame(rows)


def wide_rows(rows: Sequence[TargetRow]) -> tuple[list[str], list[dict]]:
    """One row per document (and period), a column per canonical name holding the figure as written
    (5%左右 / 4.5%—5%) and a `…(值)` column with the number (the lower bound of a range, in the
    canonical measure). Targets of no catalogue quantity are left out; each name's first goal counts."""
    names: list[str] = []
    by_doc: dict[tuple, dict] = {}
    for row in rows:
        if row.canonical is None:
            continue
        if row.canonical not in names:
            names.append(row.canonical)
        key = (row.doc_id, row.period)
        d = by_doc.setdefault(key, {"doc_id": row.doc_id, "title": row.title, "doc_date": row.doc_date,
                                    "period": row.period, "period_end": row.period_end})
        if row.canonical not in d:
            d[row.canonical] = row.figure
            d[f"{row.canonical}(值)"] = row.value
    columns = ["doc_id", "title", "doc_date", "period", "period_end"]
    for n in names:
        columns += [n, f"{n}(值)"]
    return columns, list(by_doc.values())


def wide_targets(frame):
    """The wide table (see `wide_rows`) of a long-form frame from `load_targets`."""
    import pandas as pd

    frame = frame.astype(object).where(frame.notna(), None)
    rows = [TargetRow(**{**rec, "doc_date": _iso(rec["doc_date"]), "period_end": _iso(rec["period_end"])})
            for rec in frame.to_dict("records")]
    columns, data = wide_rows(rows)
    return pd.DataFrame(data, columns=columns)


def _iso(value) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]
