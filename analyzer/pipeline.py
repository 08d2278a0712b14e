"""Document → task records: the stages composed, in the order the folder tree shows.

ingest → normalize → structure (+ tables) → segment (on demand) → extract → records.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from .errors import UsageError
from .extract import patterns as P
from .records import Document, TaskRecord, UnitMention
from .structure import Structure


@dataclass(frozen=True)
class Options:
    """What a caller can set for one run (the CLI's flags map onto these)."""

    date: Optional[str] = None  # ISO date; overrides the date found in the text
    user_dicts: tuple[str, ...] = ()


@dataclass
class Analysis:
    document: Document
    records: list[TaskRecord] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.document.doc_id


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise UsageError(f"not a date: {value!r}", hint="write it as YYYY-MM-DD") from None


def find_document_date(text: str) -> Optional[str]:
    """The document's own date: （2024年2月23日）, ——2024年3月5日在…, 发布日期：…, a date line.

    Looked for in the opening and the closing part, where documents state it.
    """
    head, tail = text[:3000], text[-1500:]
    for part in (head, tail):
        for pattern in P.DATE_IN_TEXT:
            m = pattern.search(part)
            if m:
                try:
                    return dt.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
                except ValueError:
                    continue
    return None


def _iso_date(value) -> Optional[str]:
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat() if value else None
    except ValueError:
        return None


def build_document(text: str, doc_id: str, *, path: Optional[str] = None,
                   date: Optional[str] = None, encoding: Optional[str] = None,
                   metadata: Optional[dict] = None, tables=()) -> Document:
    """Normalise `text` and settle the document date: given > from the text > a date a
    reader found (成文日期/发布日期 of a web page) > a year only (a corpus's
    `date_partial`, read as 1 January, `date_source` "year") > none.

    `tables`: SourceTables a reader found (their cells are mapped into the
    normalised text, and their lines are kept out of line joining).
    """
    from .normalize import normalize

    edited = normalize(text, keep=[(t.start, t.end) for t in tables])
    fwd = edited.offsets.forward
    mapped = []
    for t in tables:
        rows = []
        for row in t.rows:
            cells = []
            for c in row:
                a, b = fwd(c.start), fwd(c.end)
                cells.append((edited.text[a:b].strip(), a, b))
            rows.append(cells)
        mapped.append(rows)
    spans = [(fwd(t.start), fwd(t.end)) for t in tables]
    if date:
        parse_date(date)
        doc_date, source = date, "given"
    else:
        doc_date = find_document_date(edited.text)
        source = "text" if doc_date else "none"
        meta = metadata or {}
        for key in ("written", "published"):  # 成文日期 / 发布日期 a reader found (html)
            if not doc_date and _iso_date(meta.get(key)):
                doc_date, source = _iso_date(meta.get(key)), "metadata"
        year = str((metadata or {}).get("date_partial") or "")[:4]
        if not doc_date and year.isdigit():
            # only the year is known: 今年/年底前/全年 resolve right, day-counted spans
            # (三年内) are approximate; date_source says so
            doc_date, source = f"{year}-01-01", "year"
    return Document(doc_id=doc_id, text=edited.text, path=path, source_text=text,
                    offset_map=edited.offsets, date=doc_date, date_source=source,
                    encoding=encoding, metadata=dict(metadata or {}),
                    tables=mapped, table_spans=spans)


def extract_records(doc: Document, structure: Optional[Structure] = None) -> list[TaskRecord]:
    """Task records of a normalised document, in document order."""
    from . import structure as S
    from .extract.deadlines import find_deadlines
    from .extract.targets import find_targets
    from .extract.tasks import TaskDecision, classify, reports_past_year
    from .extract import units as U
    from .segment import current

    segmenter = current()
    st = structure or S.parse(doc.text, doc.table_spans)
    if st.title:
        doc.metadata.setdefault("title", st.title)
    day = dt.date.fromisoformat(doc.date) if doc.date else None
    text = doc.text

    # annotations (labelled lines) per item: units and deadline texts
    # annotations (labelled lines, closing brackets) per item or per sentence
    item_units: dict[tuple[str, int], list[UnitMention]] = {}
    item_deadlines: dict[tuple[str, int], list[tuple[str, int, int]]] = {}
    for ann in st.annotations:
        if P.LABEL_LINE.match(ann.text):
            u, d = U.parse_labelled(ann.text, ann.start)
        else:
            u, d, _ = U.bracket_annotations(ann.text, ann.start)
        key = ("sentence", ann.sentence) if ann.sentence >= 0 else ("item", ann.item)
        item_units.setdefault(key, []).extend(u)
        item_deadlines.setdefault(key, []).extend(d)
    addressees = [u for line, s, _ in st.addressees for u in U.addressee_units(line, s)]

    # Words are needed only to check a modal cue (要 in 主要 is none), so a sentence
    # is segmented when the classifier asks, on its own: jieba gives it the words
    # the whole text would (Segmenter.cuts_at); the rare sentence that starts or
    # ends inside a jieba block takes its words from the whole text's, made once.
    whole: list[tuple[str, int, int]] = []
    whole_starts: list[int] = []

    def sentence_tokens(sent) -> list[tuple[str, int, int]]:
        if segmenter.cuts_at(text, sent.start) and segmenter.cuts_at(text, sent.end):
            return segmenter.tokenize(sent.text)
        if not whole:
            whole.extend(segmenter.tokenize(text))
            whole_starts.extend(s for _, s, _ in whole)
        lo, hi = bisect.bisect_left(whole_starts, sent.start), bisect.bisect_left(whole_starts, sent.end)
        return [(w, s - sent.start, e - sent.start) for w, s, e in whole[lo:hi] if e <= sent.end]

    drafts = []  # (sentence, decision, explicit units, targets, deadlines)
    paragraph, narrating = -1, False
    point_units: dict[int, list[UnitMention]] = {}
    for sent in st.sentences:
        raw = text[sent.start:sent.end]
        in_goal = any(P.GOAL_HEADING.search(h) for h in sent.section) or sent.item in st.goal_items
        if sent.paragraph != paragraph:
            paragraph, narrating = sent.paragraph, False
        # under a review heading, or after a retrospective sentence of the same paragraph
        # (过去的一年，…取得了…。全年完成地区生产总值…), only an explicit modal makes a task
        in_review = narrating or any(P.REVIEW_HEADING.search(h) for h in sent.section)
        tokens = None
        if len(raw) == len(sent.text):  # no whitespace inside: offsets agree
            tokens = functools.partial(sentence_tokens, sent)
        decision = classify(sent.text, is_heading=sent.is_heading, tokens=tokens,
                            numbered=sent.heading_level > 0, in_goal_list=in_goal,
                            in_review=in_review, segmenter=segmenter)
        targets = None
        if decision.reason == "no directive" and not sent.is_heading:
            # a sentence that sets a figure is a goal (城镇新增就业1200万人以上); the target
            # grammar runs only here and on tasks
            targets = find_targets(raw, sent.start)
            if targets and not reports_past_year(sent.text, day):
                decision = TaskDecision(True, "should", "goal")
        if decision.reason == "retrospective lead":
            narrating = True
        elif decision.reason in ("modal", "directive after description"):
            narrating = False
        opens_point = sent.point_start == sent.start
        if not decision.is_task and not opens_point:
            continue
        ann_units, ann_deadlines, _ = U.bracket_annotations(raw, sent.start)
        keys = (("item", sent.item), ("sentence", sent.start))
        own = U.merge_units(ann_units, U.actor_units(raw, sent.start),
                            U.responsibility_units(raw, sent.start) if decision.is_task else [],
                            *(item_units.get(k, []) for k in keys))
        if opens_point:
            point_units[sent.start] = own
        if not decision.is_task:
            continue
        if targets is None:
            targets = find_targets(raw, sent.start)
        deadlines = find_deadlines(raw, sent.start, day)
        for dtext, ds, de in ann_deadlines + [d for k in keys for d in item_deadlines.get(k, [])]:
            deadlines.extend(find_deadlines(text[ds:de], ds, day, field=True))
        drafts.append((sent, decision, own, targets, _unique_spans(deadlines)))

    records: list[TaskRecord] = []
    for sent, decision, own, targets, deadlines in drafts:
        units = list(own)
        if not units and sent.point_start >= 0 and sent.point_start != sent.start:
            units = [UnitMention(u.name, u.role, True, u.start, u.end, "point")
                     for u in point_units.get(sent.point_start, [])]
        if not units and addressees and P.NOTICE_DIRECTIVE.search(sent.text):
            units = list(addressees)
        records.append(TaskRecord(
            doc_id=doc.doc_id, task_id="", text=sent.text, start=sent.start, end=sent.end,
            obligation=decision.obligation, section=sent.section, point=sent.point,
            units=tuple(units), targets=tuple(targets), deadlines=tuple(deadlines),
            source="text", doc_date=doc.date, doc_date_source=doc.date_source))
    records.extend(table_records(doc, day))
    records.sort(key=lambda r: (r.start, r.end))
    return [_with_id(r, k) for k, r in enumerate(records, 1)]


def _unique_spans(mentions):
    """The same deadline found twice (in the sentence and in its own annotation) once."""
    seen, out = set(), []
    for d in mentions:
        if (d.char_start, d.char_end) not in seen:
            seen.add((d.char_start, d.char_end))
            out.append(d)
    return out


def table_records(doc: Document, day: Optional[dt.date]) -> list[TaskRecord]:
    """Every row of every task table, as task records: tables flattened into the text,
    and tables a reader gave with their cells."""
    from .structure import lines_in_spans
    from .tables import Cell, rows_of_cells, tables_in

    out = []
    skip = lines_in_spans(doc.text.split("\n"), doc.table_spans)
    for _table, rows in tables_in(doc.text, skip):
        out.extend(table_rows_to_records(doc, rows, day))
    for table in doc.tables:
        rows = rows_of_cells([[Cell(*c) for c in row] for row in table])
        out.extend(table_rows_to_records(doc, rows, day))
    return out


def table_rows_to_records(doc: Document, rows, day: Optional[dt.date]) -> list[TaskRecord]:
    """The one table-to-records step: a row is a task (spec §1), its unit cells name its units."""
    from .extract.deadlines import find_deadlines
    from .extract.targets import find_targets
    from .extract.tasks import obligation_of
    from .extract import units as U

    from .structure import split_sentences

    out = []
    for row in rows:
        cells = row.cells.get("task", [])
        if not cells:
            continue
        units: list[UnitMention] = []
        for kind in ("lead", "responsible", "cooperate"):
            for c in row.cells.get(kind, []):
                units.extend(U.units_in_value(c.text.rstrip("。"), c.start, kind, "table"))
        units = U.merge_units(units)
        cell_deadlines = [d for c in row.cells.get("deadline", [])
                          for d in find_deadlines(c.text, c.start, day, field=True)]
        # A task cell with two tasks and two deadlines (开工建设…5月底前动工。开工建设…12月底前)
        # is two tasks (spec §1): split it when each sentence has its own deadline, or
        # when the deadline cell lists one per sentence.
        start, end = cells[0].start, cells[-1].end
        parts = [(a, b) for a, b, _ in split_sentences(doc.text, start, end)]
        own = [find_deadlines(doc.text[a:b], a, day) for a, b in parts]
        if len(parts) > 1 and all(own):
            pieces = list(zip(parts, own))
        elif len(parts) > 1 and len(cell_deadlines) == len(parts):
            pieces = [(p, o + [d]) for p, o, d in zip(parts, own, cell_deadlines)]
        else:
            a, b = start, end
            while b > a and doc.text[b - 1] in "。；; ":
                b -= 1
            pieces = [((a, b), [d for o in own for d in o] + cell_deadlines)]
        for (a, b), deadlines in pieces:
            raw = doc.text[a:b]
            task_text = re.sub(r"\s+", "", raw)
            out.append(TaskRecord(
                doc_id=doc.doc_id, task_id="", text=task_text, start=a, end=b,
                obligation=obligation_of(task_text), section=row.section, point=row.index,
                units=tuple(units), targets=tuple(find_targets(raw, a)),
                deadlines=tuple(deadlines), source="table", doc_date=doc.date,
                doc_date_source=doc.date_source))
    return out


def _with_id(r: TaskRecord, k: int) -> TaskRecord:
    from dataclasses import replace

    return replace(r, task_id=f"{r.doc_id}#{k}")


# --- the verbs ----------------------------------------------------------------

def analyze_text(text: str, doc_id: str = "document", *, date: Optional[str] = None,
                 path: Optional[str] = None, encoding: Optional[str] = None) -> Analysis:
    """Task records of a text."""
    doc = build_document(text, doc_id, path=path, date=date, encoding=encoding)
    return Analysis(doc, extract_records(doc))


def analyze_raw(raw, doc_id: Optional[str] = None, *, date: Optional[str] = None) -> Analysis:
    """Task records of a document a reader produced (text, tables, metadata)."""
    ident = doc_id or raw.doc_id or (Path(raw.path).stem if raw.path and raw.path != "-" else "stdin")
    doc = build_document(raw.text, ident, path=raw.path, date=date or raw.date,
                         encoding=raw.encoding, metadata=raw.metadata, tables=raw.tables)
    return Analysis(doc, extract_records(doc))


def analyze_file(path: str | Path, doc_id: Optional[str] = None, *,
                 date: Optional[str] = None) -> Analysis:
    """Task records of a file (its id: the file name without extension, unless given)."""
    from .ingest import read_document

    return analyze_raw(read_document(path), doc_id or Path(path).stem, date=date)


def configure(user_dicts: Sequence[str] = ()) -> None:
    """Load user dictionaries into the shared segmenter before analysing."""
    from .segment import get_segmenter, set_default

    set_default(get_segmenter(user_dicts))
