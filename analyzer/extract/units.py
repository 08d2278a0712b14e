"""Responsible units: who must do the task, and in which role.

Three sources, as the spec (§2) defines them:
- the actor of the sentence: 各县（市）区要… / 市人大、市政协也要… / 中央财政加大…;
  and the body a point makes responsible: 一要明确各县（市）区主导推动的责任;
- annotations: labelled lines and bracketed notes (牵头单位：…；责任单位：…；配合单位：…,
  （…按职责分工负责）, 由…牵头…配合), which apply to every sentence of their item;
- inheritance from the enclosing point (done in pipeline.py, flagged `inherited`).

Coordinated units are split (市人大、市政协 → 市人大; 市政协) unless they share an
office head (市委、市政府督查室 is one office). People (责任领导：张三), pronouns and
audiences (我们, 全市上下) are never units.
"""
from __future__ import annotations

from dataclasses import replace

from ..context import Context
from ..lexicon import UnitLexicon
from ..records import UnitMention
from ..rules import cues as C
from ..rules import headings as H
from ..rules import labels as L
from ..rules import units as R


def _mentions(text: str, base: int, role: str, source: str, lexicon: UnitLexicon, listed: bool = False
              ) -> list[UnitMention]:
    """The bodies of a list; `listed`: a label says bodies are listed here (any name not excluded counts)."""
    test = lexicon.is_listed_unit if listed else lexicon.is_unit_name
    return [UnitMention(name, role, False, s, e, source)  # type: ignore[arg-type]
            for name, s, e in lexicon.split_unit_list(text, base) if test(name)]


def units_in_value(value: str, base: int, default_role: str, lexicon: UnitLexicon,
                   source: str = "annotation") -> list[UnitMention]:
    """Units of an annotation value, with role words applied to the units before them.

    省工业和信息化厅牵头，省科技厅按职责分工负责 → lead, responsible;
    省科技厅、工业和信息化厅按职责分工负责，各地级以上市人民政府结合实际落实 → responsible ×3.
    """
    reading = L.FIRST_LISTED_LEADS.search(value)
    if reading:
        # A、B、C负责，排在第一位的为牵头单位，其他为协助配合单位: the instruction is no unit; it sets the roles
        return first_listed_leads(units_in_value(value[:reading.start()], base, default_role, lexicon, source))
    out: list[UnitMention] = []
    pos = 0
    for m in list(L.ROLE_PHRASE.finditer(value)) + [None]:
        end = m.start() if m else len(value)
        chunk = value[pos:end]
        role = L.ROLE_WORDS.get(m.group("role"), default_role) if m else default_role
        # under 牵头单位 every unit leads; under 配合单位 every unit cooperates
        if default_role in ("lead", "cooperate") and role == "responsible":
            role = default_role
        out.extend(_mentions(chunk, base + pos, role, source, lexicon, listed=True))
        pos = m.end() if m else len(value)
    return out


def first_listed_leads(units: list[UnitMention]) -> list[UnitMention]:
    """A list read by the instruction 排在第一位的为牵头单位: the first body leads, the others cooperate."""
    return [replace(u, role="lead" if k == 0 else "cooperate") for k, u in enumerate(units)]


def parse_labelled(text: str, base: int, lexicon: UnitLexicon
                   ) -> tuple[list[UnitMention], list[tuple[str, int, int]]]:
    """Fields of a labelled line or bracket: units with roles, and deadline texts.

    牵头单位：市发展改革委；配合单位：市财政局；完成时限：2024年底前
    → units [市发展改革委 lead, 市财政局 cooperate], deadlines [(2024年底前, s, e)].
    People (责任领导：张三) are skipped.
    """
    units: list[UnitMention] = []
    deadlines: list[tuple[str, int, int]] = []
    fields = list(L.LABEL_FIELD.finditer(text))
    for k, m in enumerate(fields):
        label = m.group(1)
        vstart = m.end()
        vend = fields[k + 1].start() if k + 1 < len(fields) else len(text)
        value = text[vstart:vend]
        stripped = value.rstrip("；;，,。 ）)")
        if label in L.UNIT_LABELS:
            units.extend(units_in_value(stripped, base + vstart, L.UNIT_LABELS[label], lexicon))
        elif label in L.DEADLINE_LABELS:
            deadlines.append((stripped.strip(), base + vstart, base + vstart + len(stripped.strip())))
    return units, deadlines


def bracket_annotations(sentence: str, base: int, lexicon: UnitLexicon
                        ) -> tuple[list[UnitMention], list[tuple[str, int, int]]]:
    """Units and deadline texts of the annotations in brackets inside a sentence, and of
    由…牵头，…配合 phrases."""
    units: list[UnitMention] = []
    deadlines: list[tuple[str, int, int]] = []
    for m in L.BRACKET_ANNOTATION.finditer(sentence):
        inner = m.group(1)
        s = m.start(1)
        if L.TIME_BRACKET.fullmatch(m.group(0)):
            # an item's time (…开展风险摸排（7月中旬前）): only where it closes the sentence, not a
            # period inside it (实施三年行动（2023—2025年），…) or a title (《…方案（2023—2025年）》)
            before = sentence[:m.start()]
            if not sentence[m.end():].strip("。；;，, ") and before.count("《") <= before.count("》"):
                deadlines.append((inner, base + s, base + s + len(inner)))
            continue
        if L.LABEL_FIELD.search(inner):
            u, d = parse_labelled(inner, base + s, lexicon)
        else:
            u, d = units_in_value(inner, base + s, "responsible", lexicon), []
        units.extend(u)
        deadlines.extend(d)
    for m in L.BY_UNIT.finditer(sentence):
        role = "lead" if m.group("role") == "牵头" else "responsible"
        units.extend(_mentions(m.group("units"), base + m.start("units"), role, "annotation", lexicon))
        co = L.COOPERATE_AFTER.match(sentence, m.end())
        if co:
            units.extend(_mentions(co.group("units"), base + co.start("units"), "cooperate", "annotation",
                                   lexicon))
    return units, deadlines


# --- the actor of a sentence ----------------------------------------------------


def _subject_units(subj: str, base: int, lexicon: UnitLexicon, named: bool = False) -> list[UnitMention]:
    """Units if every conjunct of a subject is a unit, else []. `named`: the sentence's form says the
    subject bears the duty (a regulation's article), so any name that is no pronoun or audience counts."""
    subj_s = subj
    lead = R.SUBJECT_LEAD_IN.match(subj_s)
    off = lead.end() if lead else 0
    body = subj_s[off:]
    if not body or R.TOPIC_START.match(body):
        return []  # 对于…的企业，要…: the topic or object, not the actor
    cut = R.SUBJECT_PREPOSITION.search(body, 2)
    if cut:
        body = body[: cut.start()]  # 中央银行对所属各省…分行 → 中央银行; 各地在…过程中 → 各地
    pieces = []
    pos = 0
    for m in list(R.SUBJECT_ALSO.finditer(body)) + [None]:
        end = m.start() if m else len(body)
        pieces.append((body[pos:end], pos))
        pos = m.end() if m else len(body)
    out: list[UnitMention] = []
    for piece, ppos in pieces:
        if not piece:
            continue
        parts = lexicon.split_unit_list(piece, base + off + ppos)
        test = ((lambda n: lexicon.is_listed_unit(n) and not R.NOT_A_BEARER.search(n)) if named
                else lexicon.is_unit_name)
        if not parts or not all(test(n) for n, _, _ in parts):
            return []
        out.extend(UnitMention(n, "responsible", False, s, e, "actor") for n, s, e in parts)
    return out


def unit_prefix(clause: str, base: int, ctx: Context) -> list[UnitMention]:
    """Known units that open a clause before its verb: 各地区各部门制定政策要… / 中央财政加大…

    The gazetteer is looked up by first character (cheap: no Doc is built), and a
    name only counts when jieba ends a word there too (市委 is not found in 城市委员会,
    nor 中央 in 中央企业).
    """
    lexicon = ctx.lexicon
    if clause[:1] not in lexicon.initials:
        return []  # most clauses open with a verb
    out: list[UnitMention] = []
    pos = 0
    while pos < len(clause):
        name = next((n for n in lexicon.starting(clause[pos]) if clause.startswith(n, pos)), None)
        if name is None or not _ends_a_word(ctx.segmenter, clause, pos, pos + len(name)):
            break
        out.append(UnitMention(name, "responsible", False, base + pos, base + pos + len(name), "actor"))
        pos += len(name)
        if pos < len(clause) and clause[pos] in "、和及与":
            pos += 1
    return out


def _ends_a_word(seg, text: str, start: int, end: int) -> bool:
    """Whether jieba, reading text[start:end + 4], ends a word at `end`."""
    if not all("\u4e00" <= ch <= "\u9fff" for ch in text[start:end]):
        return True  # 各县（市）区: jieba cuts at brackets, the gazetteer knows the whole name
    pos = start
    for word in seg.cut(text[start:end + 4]):
        pos += len(word)
        if pos >= end:
            return pos == end
    return True


def actor_units(sentence: str, base: int, ctx: Context) -> list[UnitMention]:
    """The bodies that act in a sentence, clause by clause: the subject before a modal
    (各县（市）区要…), a subject clause before a modal clause (全市各级各部门…，要…), the
    topic of 对…来说，要…, a known body opening the first clause before its verb
    (中央财政加大…); then the bodies an appeal names and the partners it works with."""
    out: list[UnitMention] = []
    clauses = [(m.group(0), m.start()) for m in R.CLAUSE.finditer(sentence)]
    for k, (clause, cpos) in enumerate(clauses):
        mark = H.HEADING_MARK.match(clause) if k == 0 else None
        if mark:  # 一、市发展改革委要… / （二）市财政局要…: the list marker is not part of the subject
            clause, cpos = clause[mark.end():], cpos + mark.end()
        lead = R.SUBJECT_LEAD_IN.match(clause)
        off = lead.end() if lead else 0
        text, at = clause[off:], base + cpos + off
        found: list[UnitMention] = []
        topic = R.FOR_UNIT.match(sentence, cpos + off)
        if topic and ctx.lexicon.is_unit_name(topic.group("unit")):
            found = [UnitMention(topic.group("unit"), "responsible", False, base + topic.start("unit"),
                                 base + topic.end("unit"), "actor")]
        subject = R.SUBJECT_MODAL.match(text)
        if not found and subject:
            found = _subject_units(subject.group("subj"), at, ctx.lexicon)
        if not found and ctx.kind == "regulation" and (bearer := R.SUBJECT_BEFORE_DUTY.match(text)):
            found = _subject_units(bearer.group("subj"), at, ctx.lexicon, named=True)
        if not found and k + 1 < len(clauses) and R.MODAL_START.match(clauses[k + 1][0]):
            found = _subject_units(text, at, ctx.lexicon, named=ctx.kind == "regulation")
        if not found and k == 0:
            prefix = unit_prefix(text, at, ctx)
            rest = text[prefix[-1].end - at:] if prefix else ""
            if prefix and (C.DIRECTIVE_VERBS.match(rest) or R.SUBJECT_MODAL.match(rest)
                           or R.VERB_THEN_MODAL.match(rest)):
                found = prefix
        out.extend(found)
    return _dedupe(out + appeal_units(sentence, base, ctx) + partner_units(sentence, base, ctx))


def partner_units(sentence: str, base: int, ctx: Context) -> list[UnitMention]:
    """Bodies the actor works with: 市自然资源和规划局要会同市工业和信息化局推行… → cooperate."""
    out: list[UnitMention] = []
    for m in L.WITH_UNITS.finditer(sentence):
        found = leading_unit(m.group("rest"), base + m.start("rest"), ctx)
        out.extend(UnitMention(u.name, "cooperate", False, u.start, u.end, "actor") for u in found)
    return out


def leading_unit(phrase: str, base: int, ctx: Context) -> list[UnitMention]:
    """The longest opening of `phrase`, cut between words, that is a unit or a list of them."""
    cuts = sorted({e for _, _, e in ctx.segmenter.tokenize(phrase)}, reverse=True)
    for k in cuts:
        if k < 2:
            break
        parts = ctx.lexicon.split_unit_list(phrase[:k], base)
        if parts and all(ctx.lexicon.is_unit_name(n) for n, _, _ in parts):
            return [UnitMention(n, "responsible", False, s, e, "actor") for n, s, e in parts]
    return []


def appeal_units(sentence: str, base: int, ctx: Context) -> list[UnitMention]:
    """Bodies that a 希望/要求/号召 clause calls on to act."""
    out: list[UnitMention] = []
    for m in R.APPEAL.finditer(sentence):
        rest = m.group("rest")
        found = leading_unit(rest, base + m.start("rest"), ctx)
        if found and C.DIRECTIVE_VERBS.match(rest[found[-1].end - base - m.start("rest"):]):
            out.extend(found)
    return out


def responsibility_units(sentence: str, base: int, ctx: Context) -> list[UnitMention]:
    """一要明确各县（市）区主导推动的责任 → 各县（市）区 (the body the point makes responsible)."""
    m = R.RESPONSIBILITY_OF.search(sentence)
    if not m:
        return []
    # the unit is the longest opening of the phrase, cut between words, that is a
    # unit: 各县（市）区主导推动 → 各县（市）区; 全社会全力支持 → none (全社 is half a word)
    return leading_unit(m.group("unit"), base + m.start("unit"), ctx)


def _dedupe(units: list[UnitMention]) -> list[UnitMention]:
    seen: set[str] = set()
    out = []
    for u in units:
        if u.name not in seen:
            seen.add(u.name)
            out.append(u)
    return out


def merge_units(*groups: list[UnitMention]) -> list[UnitMention]:
    """Units from several sources, first occurrence of each name kept."""
    return _dedupe([u for g in groups for u in g])


def addressee_units(line: str, base: int, lexicon: UnitLexicon) -> list[UnitMention]:
    """Units of a notice's 主送 line (立山经济开发区,各街道办事处,各区直部门:)."""
    body = line.rstrip("：: ")
    return [UnitMention(n, "responsible", True, s, e, "addressee")
            for n, s, e in lexicon.split_unit_list(body, base) if lexicon.is_unit_name(n)]
