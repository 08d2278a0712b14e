"""The data that flows through the pipeline: plain, frozen dataclasses.

Every mention keeps its character offsets (`start`, `end`, end exclusive) into the
*normalised* text of its document (see `normalize.py`; `Document.source_offset`
maps them back to the file as read). In the JSON output a mention's offsets are
written as `span: [start, end]`, because there a deadline's `start`/`end` are its
dates (`DeadlineMention.start_date` / `end_date` here).

`to_dict()` gives the JSON Lines contract of docs/output-contract.md;
`from_dict()` reads it back. `records_to_frame()` is the one bridge to pandas.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["lead", "responsible", "cooperate"]


@dataclass(frozen=True)
class Cell:
    """One cell of a table: its text and offsets (into the text as read for a reader's
    tables, into the normalised text after `pipeline.build_document`)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class UnitMention:
    """A responsible body named for a task.

    `source` says where it was found: ``actor`` (subject of the sentence),
    ``annotation`` (牵头单位：… / 责任单位：… / （…按职责分工负责）), ``table`` (a unit
    cell of a task table), ``point`` (taken from the enclosing 一要…/二是… point) or
    ``addressee`` (the 主送 line of a notice).
    """

    name: str
    role: Role = "responsible"
    inherited: bool = False
    start: int = -1
    end: int = -1
    source: str = "actor"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "inherited": self.inherited,
                "span": [self.start, self.end], "source": self.source}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> UnitMention:
        start, end = d.get("span") or (-1, -1)
        return cls(d["name"], d.get("role", "responsible"), bool(d.get("inherited")),
                   start, end, d.get("source", "actor"))


@dataclass(frozen=True)
class TargetMention:
    """A quantified goal: 粮食产量1.3万亿斤以上 → value 1.3e12, measure 斤, comparator ≥.

    `indicator` is the quantity as written (全省生产总值增长); `canonical` its catalogue name
    (地区生产总值增长, analyzer/resources/indicators.toml) or None; `period` says which goal it is —
    `year` (the coming year) or `plan` (several years: 年均, 到2030年, “十五五”时期) — ending on
    `period_end` (ISO date). Results and forecasts are no targets (extract/goals.py).
    """

    text: str
    start: int
    end: int
    value: float | None = None
    measure: str | None = None
    comparator: str | None = None
    indicator: str | None = None
    upper: float | None = None  # for ranges (6%-6.5%): value is the lower bound
    canonical: str | None = None
    period: str | None = None  # year | plan
    period_end: str | None = None  # ISO date

    def to_dict(self) -> dict[str, Any]:
        d = {"text": self.text, "value": self.value, "measure": self.measure,
             "comparator": self.comparator, "indicator": self.indicator,
             "canonical": self.canonical, "period": self.period, "period_end": self.period_end,
             "span": [self.start, self.end]}
        if self.upper is not None:
            d["upper"] = self.upper
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TargetMention:
        start, end = d.get("span") or (-1, -1)
        return cls(d["text"], start, end, d.get("value"), d.get("measure"),
                   d.get("comparator"), d.get("indicator"), d.get("upper"),
                   d.get("canonical"), d.get("period"), d.get("period_end"))


@dataclass(frozen=True)
class DeadlineMention:
    """A time expression bounding a task, normalised to ISO dates.

    `end_date` is the last day of the period (2024年底前 → 2024-12-31), `start_date`
    its first day where the expression names a period (上半年 → 2024-01-01), else
    the document date. Both are None when the expression needs a document date and
    there was none (`basis` then says ``no_date``). `start`/`end` are offsets, as
    for every mention.
    """

    text: str
    start: int
    end: int
    end_date: str | None = None
    start_date: str | None = None
    basis: str = "document_date"  # absolute | document_date | no_date | recurring | event | unparsed

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start_date, "end": self.end_date,
                "basis": self.basis, "span": [self.start, self.end]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DeadlineMention:
        s, e = d.get("span") or (-1, -1)
        return cls(d["text"], s, e, d.get("end"), d.get("start"), d.get("basis", "document_date"))


@dataclass(frozen=True)
class TaskRecord:
    """One task: a directive sentence (or task-table row) with what it names."""

    doc_id: str
    task_id: str
    text: str
    start: int
    end: int
    obligation: str = "should"
    section: tuple[str, ...] = ()
    point: str | None = None
    units: tuple[UnitMention, ...] = ()
    targets: tuple[TargetMention, ...] = ()
    deadlines: tuple[DeadlineMention, ...] = ()
    source: str = "text"  # text | table
    doc_date: str | None = None
    doc_date_source: str = "none"
    doc_kind: str | None = None  # report | resolution | speech | plan | measures | opinion | notice | … (kinds.py)
    # read by OCR (a scan, a photo): the lowest recognition confidence of the lines it stands on, and its page
    ocr_confidence: float | None = None
    ocr_page: int | None = None

    @property
    def source_kind(self) -> str:
        """"ocr" for a task read from a page image, "digital" for one read from a file's own text."""
        return "ocr" if self.ocr_confidence is not None else "digital"

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "task_id": self.task_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "obligation": self.obligation,
            "section": list(self.section),
            "point": self.point,
            "units": [u.to_dict() for u in self.units],
            "targets": [t.to_dict() for t in self.targets],
            "deadlines": [d.to_dict() for d in self.deadlines],
            "source": self.source,
            "doc_date": self.doc_date,
            "doc_date_source": self.doc_date_source,
            "doc_kind": self.doc_kind,
            "source_kind": self.source_kind,
            "ocr_confidence": self.ocr_confidence,
            "ocr_page": self.ocr_page,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TaskRecord:
        return cls(
            doc_id=d["doc_id"], task_id=d.get("task_id", ""), text=d["text"],
            start=d.get("start", -1), end=d.get("end", -1),
            obligation=d.get("obligation", "should"),
            section=tuple(d.get("section") or ()), point=d.get("point"),
            units=tuple(UnitMention.from_dict(u) for u in d.get("units") or ()),
            targets=tuple(TargetMention.from_dict(t) for t in d.get("targets") or ()),
            deadlines=tuple(DeadlineMention.from_dict(x) for x in d.get("deadlines") or ()),
            source=d.get("source", "text"), doc_date=d.get("doc_date"),
            doc_date_source=d.get("doc_date_source", "none"), doc_kind=d.get("doc_kind"),
            ocr_confidence=d.get("ocr_confidence"), ocr_page=d.get("ocr_page"),
        )


@dataclass(frozen=True)
class Sentence:
    """A sentence (ends in 。！？, or a clause ending in ；, or a paragraph end)."""

    start: int
    end: int  # exclusive, before the final mark
    text: str  # whitespace and line breaks removed
    paragraph: int
    is_heading: bool = False
    heading_level: int = 0  # of a numbered heading; 0 for an unnumbered title line or prose
    section: tuple[str, ...] = ()
    point: str | None = None  # 一要 / 二是 / 第一 … of the enclosing point
    point_start: int = -1  # offset of the sentence that opened that point
    item: int = -1  # the numbered item (or paragraph) whose annotations apply to it
    mark: str = ""  # the sentence-final mark (。！？；) or "" at a paragraph end


@dataclass
class Document:
    """A document as read and normalised. Offsets everywhere refer to `text`."""

    doc_id: str
    text: str
    path: str | None = None
    source_text: str | None = None
    offset_map: Callable[[int], int] | None = None  # normalised offset → source offset
    date: str | None = None
    date_source: str = "none"
    kind: str | None = None  # what kind of document (kinds.py), settled with its structure
    encoding: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    # tables a reader found with their cells (docx, html, xlsx): rows of cells with
    # offsets into the normalised text, and each table's (start, end)
    tables: list[list[list[Cell]]] = field(default_factory=list)
    table_spans: list[tuple[int, int]] = field(default_factory=list)

    def source_offset(self, i: int) -> int:
        """Offset in the text as read for offset `i` of the normalised text."""
        return i if self.offset_map is None else self.offset_map(i)


def records_to_frame(records: Iterable[TaskRecord]):
    """One row per task; list fields are kept as lists of dicts (pandas imported lazily)."""
    import pandas as pd

    return pd.DataFrame([r.to_dict() for r in records])
