"""Document → task records: the stages composed, in the order the folder tree shows.

    ingest → normalize (layout) → structure (+ tables) → segment (on demand) → extract → records

`build_document()` normalises a text and settles its date; `analyze_document()` parses its structure and runs
the extraction steps below, each a small function of one shape — sentences (or rows) in, decisions or mentions
out — with the run's `Context` passed in:

1. `annotations_of`   labelled lines and closing brackets → units and deadline texts per item or sentence
2. `decide`           each sentence → a `TaskDecision` (a goal when it sets a figure; narratives tracked)
3. `draft`            each task → its own units, targets and deadlines; each point → the units it names
4. `inherit`          tasks without units → the units of their point, or a notice's addressees
5. `table_records`    every row of every task table → a task record

The verbs at the bottom (`analyze_text`, `analyze_file`, `analyze_raw`) take an optional context and use a
shared plain one when none is given.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .context import Context, shared_context
from .errors import UsageError
from .extract.deadlines import find_deadlines
from .extract.goals import GoalReader
from .extract.targets import find_targets
from .extract.tasks import (
    Reason,
    Setting,
    TaskDecision,
    classify,
    obligation_of,
    reports_past_year,
    states_the_present,
)
from .extract.units import (
    actor_units,
    addressee_units,
    bracket_annotations,
    first_listed_leads,
    merge_units,
    parse_labelled,
    responsibility_units,
    units_in_value,
)
from .ingest import read_document
from .ingest.raw import RawDocument, SourceTable
from .kinds import document_kind, document_scope
from .lines import lines_in_spans
from .normalize import normalize
from .records import (
    Cell,
    DeadlineMention,
    Document,
    Sentence,
    TargetMention,
    TaskRecord,
    UnitMention,
)
from .rules import cues as C
from .rules import dates as D
from .rules import headings as H
from .rules import labels as L
from .rules import units as R
from .rules.goals import NAMES_YEAR_GOAL
from .structure import Structure, parse, split_sentences, under_review
from .tables import TableRow, rows_of_cells, tables_in
from .task_model import SentenceFacts, consulted

_WS = re.compile(r"\s+")


@dataclass
class Analysis:
    document: Document
    records: list[TaskRecord] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.document.doc_id


# --- the document -------------------------------------------------------------------

def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise UsageError(f"not a date: {value!r}", hint="write it as YYYY-MM-DD") from None


def find_document_date(text: str) -> str | None:
    """The document's own date: （2024年2月23日）, ——2024年3月5日在…, 发布日期：…, a date line.

    Looked for in the opening and the closing part, where documents state it.
    """
    head, tail = text[:3000], text[-1500:]
    for part in (head, tail):
        for pattern in D.DATE_IN_TEXT:
            m = pattern.search(part)
            if m:
                try:
                    return dt.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
                except ValueError:
                    continue
    return None


def _iso_date(value) -> str | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat() if value else None
    except ValueError:
        return None


def document_date(text: str, given: str | None, metadata: dict) -> tuple[str | None, str]:
    """(date, source): given > from the text > a date a reader found (成文日期/发布日期 of a
    web page) > a year only (a corpus's `date_partial`, read as 1 January) > none."""
    if given:
        parse_date(given)
        return given, "given"
    found = find_document_date(text)
    if found:
        return found, "text"
    for key in ("written", "published"):  # 成文日期 / 发布日期 a reader found (html)
        if _iso_date(metadata.get(key)):
            return _iso_date(metadata.get(key)), "metadata"
    year = str(metadata.get("date_partial") or "")[:4]
    if year.isdigit():
        # only the year is known: 今年/年底前/全年 resolve right, day-counted spans
        # (三年内) are approximate; date_source says so
        return f"{year}-01-01", "year"
    return None, "none"


def build_document(text: str, doc_id: str, context: Context | None = None, *, path: str | None = None,
                   date: str | None = None, encoding: str | None = None, metadata: dict | None = None,
                   tables: tuple[SourceTable, ...] | list[SourceTable] = ()) -> Document:
    """Normalise `text` and settle the document date (see `document_date`).

    `tables`: SourceTables a reader found (their cells are mapped into the
    normalised text, and their lines are kept out of line joining).
    """
    ctx = context or shared_context()
    edited = normalize(text, keep=[(t.start, t.end) for t in tables], lexicon=ctx.lexicon)
    fwd = edited.offsets.forward
    mapped = [[[_mapped_cell(edited.text, fwd(c.start), fwd(c.end)) for c in row] for row in t.rows]
              for t in tables]
    meta = dict(metadata or {})
    if meta.get("ocr_lines"):  # OCR'd lines: their offsets into the normalised text, as every span's
        meta["ocr_lines"] = [[fwd(a), fwd(b), *rest] for a, b, *rest in meta["ocr_lines"]]
    doc_date, source = document_date(edited.text, date, meta)
    return Document(doc_id=doc_id, text=edited.text, path=path, source_text=text,
                    offset_map=edited.offsets, date=doc_date, date_source=source,
                    encoding=encoding, metadata=meta, tables=mapped,
                    table_spans=[(fwd(t.start), fwd(t.end)) for t in tables])


def _mapped_cell(text: str, a: int, b: int) -> Cell:
    return Cell(text[a:b].strip(), a, b)


def analyze_document(doc: Document, context: Context | None = None) -> Analysis:
    """Task records of a normalised document; the document gains the title its structure shows."""
    ctx = context or shared_context()
    st = parse(doc.text, doc.table_spans, ctx.lexicon)
    if st.title and "title" not in doc.metadata:
        doc = replace(doc, metadata={**doc.metadata, "title": st.title})
    records = extract_records(doc, ctx, st)
    kind = document_kind(doc.metadata.get("title"), doc.text, sum(r.source == "table" for r in records), len(records))
    if any(r.doc_kind != kind for r in records):  # the tasks' share of table rows made it a table
        records = [replace(r, doc_kind=kind) for r in records]
    if doc.metadata.get("ocr_lines"):
        records = ocr_readings(records, doc.metadata["ocr_lines"])
    return Analysis(replace(doc, kind=kind), records)


def ocr_place(lines: list[list], start: int, end: int) -> dict | None:
    """Where on the scanned pages the text at [start, end) of a document was read: its first page and the box
    (pixels at 200 dpi: left, top, right, bottom) around its lines on that page; None for digital text.
    `lines`: the document's metadata `ocr_lines` ([start, end, confidence, page, box…], normalised offsets)."""
    under = [line for line in lines or () if line[0] < max(end, start + 1) and line[1] > start]
    if not under:
        return None
    page = under[0][3]
    boxes = [line[4:8] for line in under if line[3] == page]
    return {"page": page, "box": [min(b[0] for b in boxes), min(b[1] for b in boxes),
                                  max(b[2] for b in boxes), max(b[3] for b in boxes)]}


def ocr_readings(records: list[TaskRecord], lines: list[list]) -> list[TaskRecord]:
    """Records read by OCR, each with the lowest confidence of the lines it stands on and its first page
    (`lines`: [start, end, confidence, page, box…] in the normalised text, in order)."""
    starts = [line[0] for line in lines]
    out = []
    for r in records:
        k = max(0, bisect.bisect_right(starts, r.start) - 1)
        under = []
        while k < len(lines) and lines[k][0] < max(r.end, r.start + 1):
            if lines[k][1] > r.start:
                under.append(lines[k])
            k += 1
        under = under or [lines[max(0, bisect.bisect_right(starts, r.start) - 1)]]
        out.append(replace(r, ocr_confidence=min(line[2] for line in under), ocr_page=under[0][3]))
    return out


def extract_records(doc: Document, ctx: Context, structure: Structure | None = None) -> list[TaskRecord]:
    """Task records of a normalised document, in document order (read against its date, and its kind
    as its title and opening tell it: some rules fit one kind only)."""
    st = structure or parse(doc.text, doc.table_spans, ctx.lexicon)
    ctx = document_context(doc, st, ctx)
    annotations = annotations_of(st, ctx)
    decided = decide(st, doc.text, ctx)
    drafts, point_units = draft(decided, doc.text, annotations, ctx, GoalReader.for_document(ctx.date, st.title))
    addressees = [u for line, s, _ in st.addressees for u in addressee_units(line, s, ctx.lexicon)]
    standing = standing_units(st, ctx)
    records = [_record(doc, d) for d in with_standing(inherit(drafts, point_units, addressees, ctx.kind), standing)]
    records.extend(table_records(doc, ctx))
    records.sort(key=lambda r: (r.start, r.end))
    return [replace(r, task_id=f"{r.doc_id}#{k}", doc_kind=ctx.kind) for k, r in enumerate(records, 1)]


def document_context(doc: Document, st: Structure, ctx: Context) -> Context:
    """The run's context for one document: its date, and its kind and scope as its title and opening tell it."""
    title = doc.metadata.get("title") or st.title
    return ctx.for_document(doc.date, document_kind(title, doc.text), document_scope(title, doc.text))


# --- 1. annotations -----------------------------------------------------------------

AnnotationKey = tuple[str, int]  # ("item", item id) or ("sentence", start offset)


@dataclass
class Annotated:
    """What the annotations of the document name, per item and per sentence."""

    units: dict[AnnotationKey, list[UnitMention]] = field(default_factory=dict)
    deadlines: dict[AnnotationKey, list[tuple[str, int, int]]] = field(default_factory=dict)
    item_parents: dict[int, int] = field(default_factory=dict)  # Structure.item_parents

    def of(self, sent: Sentence) -> tuple[list[UnitMention], list[tuple[str, int, int]]]:
        keys = (("item", sent.item), ("sentence", sent.start))
        deadlines = [d for k in keys for d in self.deadlines.get(k, [])]
        item = sent.item
        while not deadlines and item in self.item_parents:
            # a sub-item with no time of its own works to its item's: （一）…（7月中旬前） 1.… 2.…
            item = self.item_parents[item]
            deadlines = list(self.deadlines.get(("item", item), []))
        return [u for k in keys for u in self.units.get(k, [])], deadlines


def annotations_of(st: Structure, ctx: Context) -> Annotated:
    """Units and deadline texts of labelled lines and closing brackets, by what they annotate."""
    out = Annotated(item_parents=st.item_parents)
    reading_from = _first_listed_leads_from(st)
    for ann in st.annotations:
        if L.LABEL_LINE.match(ann.text):
            units, deadlines = parse_labelled(ann.text, ann.start, ctx.lexicon)
        else:
            units, deadlines = bracket_annotations(ann.text, ann.start, ctx.lexicon)
            if ann.start > reading_from and not L.EXPLICIT_ROLE.search(ann.text):
                units = first_listed_leads(units)  # (A、B负责) after 排在第一位的为牵头单位，…，下同
        keys = ([("sentence", s) for s in ann.run or (ann.sentence,)] if ann.sentence >= 0
                else [("item", i) for i in ann.items or (ann.item,)])
        for key in keys:
            out.units.setdefault(key, []).extend(units)
            out.deadlines.setdefault(key, []).extend(deadlines)
    return out


def _first_listed_leads_from(st: Structure) -> float:
    """Where the document says, for every list after it, that the first body listed leads (a sentence
    列第一位者为牵头单位, or an annotation's …为牵头单位，…，下同); infinity when it does not."""
    texts = [(s.text, s.start) for s in st.sentences] + [(a.text, a.start) for a in st.annotations]
    for text, start in sorted(texts, key=lambda t: t[1]):
        m = L.FIRST_LISTED_LEADS.search(text)
        if m and ("下同" in m.group(0) or not text.startswith(("（", "("))):
            return start
    return float("inf")


# --- 2. decisions -------------------------------------------------------------------

@dataclass(frozen=True)
class Decided:
    sentence: Sentence
    decision: TaskDecision
    targets: list[TargetMention] | None = None  # found while deciding (goal sentences)
    rule: TaskDecision | None = None  # the rules' own decision, when the sentence model overturned it
    probability: float | None = None  # the sentence model's P(task), when it was asked


def decide(st: Structure, text: str, ctx: Context) -> list[Decided]:
    """A decision for every sentence, in order: the rules', then — with a sentence model in the
    context — the model's where it disagrees (`Reason.LEARNED_TASK` / `LEARNED_NO_TASK`)."""
    decided = list(rule_decisions(st, text, ctx))
    if ctx.task_model is None:
        return decided
    model = ctx.task_model
    out = []
    for d, facts in zip(decided, sentence_facts(decided), strict=True):
        if not consulted(facts.reason):
            out.append(d)
            continue
        p = model.probability(d.sentence.text, facts)
        task = model.is_task(d.decision.is_task, p)
        if task != d.decision.is_task:
            learned = (TaskDecision(Reason.LEARNED_TASK, obligation_of(d.sentence.text)) if task
                       else TaskDecision(Reason.LEARNED_NO_TASK))
            d = replace(d, decision=learned, rule=d.decision)
        out.append(replace(d, probability=p))
    return out


def rule_decisions(st: Structure, text: str, ctx: Context) -> Iterator[Decided]:
    """The rules' decision for every sentence, in order.

    Under a review heading, or after a retrospective lead of the same paragraph
    (过去的一年，…取得了…。全年完成地区生产总值…), only an explicit modal makes a task; a
    sentence with no directive that sets a figure is a goal (城镇新增就业1200万人以上).
    """
    paragraph, narrating, before = -1, False, ""
    goals = GoalReader.for_document(ctx.date, st.title)
    for sent in st.sentences:
        if sent.paragraph != paragraph:
            paragraph, narrating, before = sent.paragraph, False, ""
        setting = Setting(
            is_heading=sent.is_heading, numbered=sent.heading_level > 0,
            in_goal_list=any(H.GOAL_HEADING.search(h) for h in sent.section) or sent.item in st.goal_items,
            in_review=narrating or under_review(sent.section))
        raw = text[sent.start:sent.end]
        decision = classify(sent.text, ctx, setting)
        targets = None
        if decision.reason is Reason.NO_DIRECTIVE and not sent.is_heading:
            # the target grammar runs only here and on tasks
            targets = find_targets(raw, sent.start)
            if (targets and not reports_past_year(sent.text, ctx.date) and not states_the_present(sent.text)
                    and goals.read(targets, raw, sent.start, before, sent.section)):
                decision = TaskDecision(Reason.GOAL, "should")  # it sets a figure, not only reports one
        elif decision.reason is Reason.RETROSPECTIVE and not sent.is_heading:
            # a narrated sentence that states the coming year's goal of a catalogue quantity sets it:
            # 中央提出今年经济增长预期目标为7%左右
            found = find_targets(raw, sent.start)
            if any(ctx.catalogue.canonical(t.indicator, t.measure, ctx.scope) and t.period == "year"
                   and NAMES_YEAR_GOAL.search(raw, 0, t.end - sent.start)
                   for t in goals.read(found, raw, sent.start, before, sent.section)):
                decision, targets = TaskDecision(Reason.GOAL, "should"), found
        if decision.reason is Reason.RETROSPECTIVE_LEAD:
            narrating = True
        elif decision.reason.ends_narration:
            narrating = False
        before += raw
        yield Decided(sent, decision, targets)


def sentence_facts(decided: list[Decided]) -> list[SentenceFacts]:
    """What the sentence model reads of each decided sentence besides its characters."""
    n = max(1, len(decided))
    return [SentenceFacts(
        reason=d.decision.reason.value, rule_task=d.decision.is_task, is_heading=d.sentence.is_heading,
        numbered=d.sentence.heading_level > 0, in_point=bool(d.sentence.point), position=k / n,
        in_goal_section=any("目标" in h for h in d.sentence.section),
        in_review_section=under_review(d.sentence.section),
        after_task=k > 0 and decided[k - 1].decision.is_task) for k, d in enumerate(decided)]


# --- 3. mentions --------------------------------------------------------------------

@dataclass(frozen=True)
class Draft:
    sentence: Sentence
    decision: TaskDecision
    units: list[UnitMention]
    targets: list[TargetMention]
    deadlines: list[DeadlineMention]


def draft(decided: list[Decided], text: str, annotations: Annotated, ctx: Context, goals: GoalReader | None = None
          ) -> tuple[list[Draft], dict[int, list[UnitMention]]]:
    """Each task's own units (its actor, its annotations, the body a point makes
    responsible), targets (its goals, with their period and catalogue name) and deadlines;
    and the units each point's opening sentence names (whether or not it is a task), for
    the sentences of the point to inherit."""
    drafts: list[Draft] = []
    point_units: dict[int, list[UnitMention]] = {}
    goals = goals or GoalReader(ctx.date)
    paragraph, before = -1, ""
    for d in decided:
        sent = d.sentence
        if sent.paragraph != paragraph:
            paragraph, before = sent.paragraph, ""
        before_sentence, before = before, before + text[sent.start:sent.end]
        opens_point = sent.point_start == sent.start
        if not d.decision.is_task and not opens_point:
            continue
        raw = text[sent.start:sent.end]
        own_units, own_deadlines = bracket_annotations(raw, sent.start, ctx.lexicon)
        item_units, item_deadlines = annotations.of(sent)
        units = merge_units(own_units, actor_units(raw, sent.start, ctx),
                            responsibility_units(raw, sent.start, ctx) if d.decision.is_task else [],
                            item_units)
        if opens_point:
            point_units[sent.start] = units
        if not d.decision.is_task:
            continue
        deadlines = find_deadlines(raw, sent.start, ctx.date)
        for _, ds, de in own_deadlines + item_deadlines:
            deadlines.extend(find_deadlines(text[ds:de], ds, ctx.date, field=True))
        targets = d.targets if d.targets is not None else find_targets(raw, sent.start)
        directive = d.decision.reason not in (Reason.GOAL, Reason.LEARNED_TASK)
        targets = ctx.catalogue.name(goals.read(targets, raw, sent.start, before_sentence, sent.section, directive),
                                     ctx.scope)
        drafts.append(Draft(sent, d.decision, units, targets, _unique_spans(deadlines)))
    return drafts, point_units


def _unique_spans(mentions: list[DeadlineMention]) -> list[DeadlineMention]:
    """The same deadline found twice (in the sentence and in its own annotation) once."""
    seen, out = set(), []
    for d in mentions:
        if (d.start, d.end) not in seen:
            seen.add((d.start, d.end))
            out.append(d)
    return out


# --- 4. inheritance -----------------------------------------------------------------

def inherit(drafts: list[Draft], point_units: dict[int, list[UnitMention]],
            addressees: list[UnitMention], kind: str | None = None) -> Iterator[Draft]:
    """Tasks without units of their own take the units of the point they belong to
    (inherited), else — for a notice's directive (请…贯彻落实), and for every point of a reply
    (批复: the addressee carries out what it approves) — its addressees."""
    for d in drafts:
        sent, units = d.sentence, d.units
        if not units and sent.point_start >= 0 and sent.point_start != sent.start:
            units = [UnitMention(u.name, u.role, True, u.start, u.end, "point")
                     for u in point_units.get(sent.point_start, [])]
        if not units and addressees and (kind == "reply" or C.NOTICE_DIRECTIVE.search(sent.text)):
            units = list(addressees)
        yield replace(d, units=units) if units is not d.units else d


def standing_units(st: Structure, ctx: Context) -> list[tuple[int, list[UnitMention]]]:
    """Bodies a document names once for every task after it (以下任务均需各市县政府负责 / …，以下均含
    省林业和草原局、机械林场，不再单独列出), with where they were named, in document order."""
    found = []
    for text, start in [(s.text, s.start) for s in st.sentences] + [(a.text, a.start) for a in st.annotations]:
        for m in R.STANDING_UNITS.finditer(text):
            units = [UnitMention(u.name, "responsible", True, u.start, u.end, "standing")
                     for u in units_in_value(m.group("units"), start + m.start("units"), "responsible", ctx.lexicon)]
            if units:
                found.append((start + m.end(), units))
    return sorted(found, key=lambda f: f[0])


def with_standing(drafts: Iterator[Draft], standing: list[tuple[int, list[UnitMention]]]) -> Iterator[Draft]:
    """Every task after a standing statement takes its bodies too (inherited), besides its own."""
    for d in drafts:
        extra = [u for at, units in standing if at <= d.sentence.start for u in units]
        if extra:
            d = replace(d, units=merge_units(d.units, extra))
        yield d


def _record(doc: Document, d: Draft) -> TaskRecord:
    sent = d.sentence
    return TaskRecord(
        doc_id=doc.doc_id, task_id="", text=sent.text, start=sent.start, end=sent.end,
        obligation=d.decision.obligation, section=sent.section, point=sent.point,
        units=tuple(d.units), targets=tuple(d.targets), deadlines=tuple(d.deadlines),
        source="text", doc_date=doc.date, doc_date_source=doc.date_source)


# --- 5. tables ----------------------------------------------------------------------

def table_records(doc: Document, ctx: Context) -> list[TaskRecord]:
    """Every row of every task table, as task records: tables flattened into the text,
    and tables a reader gave with their cells."""
    out = []
    skip = lines_in_spans(doc.text.split("\n"), doc.table_spans)
    for _table, rows in tables_in(doc.text, ctx.lexicon, skip):
        out.extend(table_rows_to_records(doc, rows, ctx))
    for table in doc.tables:
        out.extend(table_rows_to_records(doc, rows_of_cells(table), ctx))
    return out


def table_rows_to_records(doc: Document, rows: list[TableRow], ctx: Context) -> list[TaskRecord]:
    """The one table-to-records step: a row is a task (spec §1), its unit cells name its units."""
    out = []
    goals = GoalReader.for_document(ctx.date, doc.metadata.get("title"))
    for row in rows:
        cells = row.cells.get("task", [])
        if not cells:
            continue
        units: list[UnitMention] = []
        for kind in L.UNIT_ROLES:
            for c in row.cells.get(kind, []):
                units.extend(units_in_value(c.text.rstrip("。"), c.start, kind, ctx.lexicon, "table"))
        units = merge_units(units)
        cell_deadlines = [d for c in row.cells.get("deadline", [])
                          for d in find_deadlines(c.text, c.start, ctx.date, field=True)]
        for (a, b), deadlines in _row_tasks(doc.text, cells[0].start, cells[-1].end, cell_deadlines, ctx):
            raw = doc.text[a:b]
            task_text = _WS.sub("", raw)
            # the row's deadline cell is read before its task: 2026年底前 | 新增…100家 is that year's goal
            when = "".join(doc.text[d.start:d.end] for d in cell_deadlines)
            targets = ctx.catalogue.name(goals.read(find_targets(raw, a), raw, a, when, row.section, True), ctx.scope)
            out.append(TaskRecord(
                doc_id=doc.doc_id, task_id="", text=task_text, start=a, end=b,
                obligation=obligation_of(task_text), section=row.section, point=row.index,
                units=tuple(units), targets=tuple(targets),
                deadlines=tuple(deadlines), source="table", doc_date=doc.date,
                doc_date_source=doc.date_source))
    return out


def _row_tasks(text: str, start: int, end: int, cell_deadlines: list[DeadlineMention], ctx: Context
               ) -> list[tuple[tuple[int, int], list[DeadlineMention]]]:
    """The tasks of one row's task cell, each with its deadlines.

    A task cell with two tasks and two deadlines (开工建设…5月底前动工。开工建设…12月底前)
    is two tasks (spec §1): split it when each sentence has its own deadline, or when
    the deadline cell lists one per sentence.
    """
    parts = [(a, b) for a, b, _ in split_sentences(text, start, end)]
    own = [find_deadlines(text[a:b], a, ctx.date) for a, b in parts]
    if len(parts) > 1 and all(own):
        return list(zip(parts, own, strict=False))
    if len(parts) > 1 and len(cell_deadlines) == len(parts):
        return [(p, [*o, d]) for p, o, d in zip(parts, own, cell_deadlines, strict=False)]
    a, b = start, end
    while b > a and text[b - 1] in "。；; ":
        b -= 1
    return [((a, b), [d for o in own for d in o] + cell_deadlines)]


# --- the verbs ----------------------------------------------------------------------

def analyze_text(text: str, doc_id: str = "document", *, date: str | None = None, path: str | None = None,
                 encoding: str | None = None, context: Context | None = None) -> Analysis:
    """Task records of a text."""
    doc = build_document(text, doc_id, context, path=path, date=date, encoding=encoding)
    return analyze_document(doc, context)


def analyze_raw(raw: RawDocument, doc_id: str | None = None, *, date: str | None = None,
                context: Context | None = None) -> Analysis:
    """Task records of a document a reader produced (text, tables, metadata)."""
    ident = doc_id or raw.doc_id or (Path(raw.path).stem if raw.path and raw.path != "-" else "stdin")
    doc = build_document(raw.text, ident, context, path=raw.path, date=date or raw.date,
                         encoding=raw.encoding, metadata=raw.metadata, tables=raw.tables)
    return analyze_document(doc, context)


def analyze_file(path: str | Path, doc_id: str | None = None, *, date: str | None = None,
                 context: Context | None = None) -> Analysis:
    """Task records of a file (its id: the file name without extension, unless given)."""

    return analyze_raw(read_document(path), doc_id or Path(path).stem, date=date, context=context)
