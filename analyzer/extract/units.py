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

import re

from ..records import UnitMention
from . import patterns as P

# A run of "各X" bodies written without separators: 各地区各部门 → 各地区, 各部门.
# 各级 is a level, not a body: 全市各级各部门 stays whole.


def is_unit_name(name: str) -> bool:
    """Whether `name` reads as an organisation, office, body or role (spec §2)."""
    from ..segment import current

    name = name.strip().rstrip("。；;，,")
    if not name or name in P.NOT_UNITS or len(name) > 30:
        return False
    if name in current().units:
        return True
    if re.search(r"[，。；：:！？\d%了]", name) or P.NOT_UNIT_START.match(name) or P.NOT_UNIT_END.search(name):
        return False
    if P.LEVEL_FINANCE.match(name):
        return True
    # 各乡镇（街道）: the head is before a bracketed qualifier
    head = P.UNIT_HEAD.search(re.sub(r"[（(][^（）()]*[）)]$", "", name))
    if not head:
        return False
    if P.DIRECTIVE_VERBS.match(name):
        return False  # 加快构建全省…: a verb phrase, not a body
    if len(head.group(0)) == 1:
        # a one-character head (局, 市, 社) needs two characters before it, and
        # 全… with such a head (全社会, 全市) is an audience, not a body
        return len(name) >= 3 and not name.startswith("全")
    return True


def split_unit_list(text: str, base: int = 0) -> list[tuple[str, int, int]]:
    """Split a list of units into (name, start, end); offsets are base + position.

    市人大、市政协 → two; 市委、市政府督查室 → one joint office; 省国资委等单位 → 省国资委;
    各乡镇人民政府、街道办事处 → two.
    """
    parts: list[tuple[str, int, int]] = []
    pos = 0
    inside = _inside_brackets(text)
    seps = [m for m in P.UNIT_LIST_SPLIT.finditer(text) if m.start() not in inside]
    for m in seps + [None]:
        end = m.start() if m else len(text)
        seg = text[pos:end]
        s = pos + (len(seg) - len(seg.lstrip()))
        seg = seg.strip()
        trailer = P.UNIT_TRAILER.search(seg)
        if trailer and trailer.start() > 0:
            seg = seg[: trailer.start()]
        seg = seg.rstrip("。．.;；:：")
        conj = P.UNIT_AND.search(seg)
        if conj and is_unit_name(seg[: conj.start()]) and is_unit_name(seg[conj.end():]):
            # 国家机关和事业单位 → two bodies; 工业和信息化厅 stays (工业 is no body)
            parts.append((seg[: conj.start()], base + s, base + s + conj.start()))
            s += conj.end()
            seg = seg[conj.end():]
        if seg:
            # 各地区各部门 → 各地区 / 各部门
            sub = [x for x in P.EACH_SPLIT.split(seg) if x]
            if len(sub) > 1 and not all(x.startswith("各") for x in sub):
                sub = [seg]  # 区直各部门, 全区经济运行各专班: one body
            off = s
            for x in sub:
                parts.append((x, base + off, base + off + len(x)))
                off += len(x)
        pos = m.end() if m else len(text)
    return _join_offices(parts)


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
    head = P.JOINT_OFFICE_HEAD.search(last)
    if head and P.TOP_BODY.match(last[: head.start()]) and all(
            P.TOP_BODY.match(p[0]) for p in parts[:-1]):
        return [("、".join(p[0] for p in parts), parts[0][1], parts[-1][2])]
    return parts


def _mentions(text: str, base: int, role: str, source: str, inherited: bool = False
              ) -> list[UnitMention]:
    return [UnitMention(name, role, inherited, s, e, source)  # type: ignore[arg-type]
            for name, s, e in split_unit_list(text, base) if is_unit_name(name)]


def units_in_value(value: str, base: int, default_role: str, source: str = "annotation"
                   ) -> list[UnitMention]:
    """Units of an annotation value, with role words applied to the units before them.

    省工业和信息化厅牵头，省科技厅按职责分工负责 → lead, responsible;
    省科技厅、工业和信息化厅按职责分工负责，各地级以上市人民政府结合实际落实 → responsible ×3.
    """
    out: list[UnitMention] = []
    pos = 0
    for m in list(P.ROLE_PHRASE.finditer(value)) + [None]:
        end = m.start() if m else len(value)
        chunk = value[pos:end]
        role = P.ROLE_WORDS.get(m.group("role"), default_role) if m else default_role
        # under 牵头单位 every unit leads; under 配合单位 every unit cooperates
        if default_role in ("lead", "cooperate") and role == "responsible":
            role = default_role
        out.extend(_mentions(chunk, base + pos, role, source))
        pos = m.end() if m else len(value)
    return out


def parse_labelled(text: str, base: int) -> tuple[list[UnitMention], list[tuple[str, int, int]]]:
    """Fields of a labelled line or bracket: units with roles, and deadline texts.

    牵头单位：市发展改革委；配合单位：市财政局；完成时限：2024年底前
    → units [市发展改革委 lead, 市财政局 cooperate], deadlines [(2024年底前, s, e)].
    People (责任领导：张三) are skipped.
    """
    units: list[UnitMention] = []
    deadlines: list[tuple[str, int, int]] = []
    fields = list(P.LABEL_FIELD.finditer(text))
    for k, m in enumerate(fields):
        label = m.group(1)
        vstart = m.end()
        vend = fields[k + 1].start() if k + 1 < len(fields) else len(text)
        value = text[vstart:vend]
        stripped = value.rstrip("；;，,。 ）)")
        if label in P.UNIT_LABELS:
            units.extend(units_in_value(stripped, base + vstart, P.UNIT_LABELS[label]))
        elif label in P.DEADLINE_LABELS:
            deadlines.append((stripped.strip(), base + vstart, base + vstart + len(stripped.strip())))
    return units, deadlines


def bracket_annotations(sentence: str, base: int) -> tuple[list[UnitMention], list[tuple[str, int, int]], list[tuple[int, int]]]:
    """Annotations in brackets inside a sentence; also returns their spans (to blank them)."""
    units: list[UnitMention] = []
    deadlines: list[tuple[str, int, int]] = []
    spans = []
    for m in P.BRACKET_ANNOTATION.finditer(sentence):
        inner = m.group(1)
        s = m.start(1)
        if P.LABEL_FIELD.search(inner):
            u, d = parse_labelled(inner, base + s)
        else:
            u, d = units_in_value(inner, base + s, "responsible"), []
        if u or d:
            units.extend(u)
            deadlines.extend(d)
            spans.append((m.start(), m.end()))
    for m in P.BY_UNIT.finditer(sentence):
        role = "lead" if m.group("role") == "牵头" else "responsible"
        units.extend(_mentions(m.group("units"), base + m.start("units"), role, "annotation"))
        co = P.COOPERATE_AFTER.match(sentence, m.end())
        if co:
            units.extend(_mentions(co.group("units"), base + co.start("units"), "cooperate", "annotation"))
    return units, deadlines, spans


# --- the actor of a sentence ----------------------------------------------------


def _subject_units(subj: str, base: int) -> list[UnitMention]:
    """Units if every conjunct of a subject is a unit, else []."""
    subj_s = subj
    lead = P.SUBJECT_LEAD_IN.match(subj_s)
    off = lead.end() if lead else 0
    body = subj_s[off:]
    if not body or P.TOPIC_START.match(body):
        return []  # 对于…的企业，要…: the topic or object, not the actor
    cut = P.SUBJECT_PREPOSITION.search(body, 2)
    if cut:
        body = body[: cut.start()]  # 中央银行对所属各省…分行 → 中央银行; 各地在…过程中 → 各地
    pieces = []
    pos = 0
    for m in list(P.SUBJECT_ALSO.finditer(body)) + [None]:
        end = m.start() if m else len(body)
        pieces.append((body[pos:end], pos))
        pos = m.end() if m else len(body)
    out: list[UnitMention] = []
    for piece, ppos in pieces:
        if not piece:
            continue
        parts = split_unit_list(piece, base + off + ppos)
        if not parts or not all(is_unit_name(n) for n, _, _ in parts):
            return []
        out.extend(UnitMention(n, "responsible", False, s, e, "actor") for n, s, e in parts)
    return out


def _unit_prefix(clause: str, base: int) -> list[UnitMention]:
    """Known units that open a clause before its verb: 各地区各部门制定政策要… / 中央财政加大…

    The gazetteer is looked up by first character (cheap: no Doc is built), and a
    name only counts when jieba ends a word there too (市委 is not found in 城市委员会,
    nor 中央 in 中央企业). `Segmenter.known_units` gives the same matches as spaCy
    spans, for callers that want a Doc.
    """
    from ..segment import current

    seg = current()
    if clause[:1] not in seg.unit_initials:
        return []  # most clauses open with a verb
    out: list[UnitMention] = []
    pos = 0
    while pos < len(clause):
        name = next((n for n in seg.units_starting(clause[pos]) if clause.startswith(n, pos)), None)
        if name is None or not _ends_a_word(seg, clause, pos, pos + len(name)):
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


def actor_units(sentence: str, base: int) -> list[UnitMention]:
    """The bodies that act in a sentence, clause by clause: the subject before a modal
    (各县（市）区要…), a subject clause before a modal clause (全市各级各部门…，要…), the
    topic of 对…来说，要…, a known body opening the first clause before its verb
    (中央财政加大…); then the bodies an appeal names and the partners it works with."""
    out: list[UnitMention] = []
    clauses = [(m.group(0), m.start()) for m in P.CLAUSE.finditer(sentence)]
    for k, (clause, cpos) in enumerate(clauses):
        mark = P.HEADING_MARK.match(clause) if k == 0 else None
        if mark:  # 一、市发展改革委要… / （二）市财政局要…: the list marker is not part of the subject
            clause, cpos = clause[mark.end():], cpos + mark.end()
        lead = P.SUBJECT_LEAD_IN.match(clause)
        off = lead.end() if lead else 0
        text, at = clause[off:], base + cpos + off
        found: list[UnitMention] = []
        topic = P.FOR_UNIT.match(sentence, cpos + off)
        if topic and is_unit_name(topic.group("unit")):
            found = [UnitMention(topic.group("unit"), "responsible", False, base + topic.start("unit"),
                                 base + topic.end("unit"), "actor")]
        subject = P.SUBJECT_MODAL.match(text)
        if not found and subject:
            found = _subject_units(subject.group("subj"), at)
        if not found and k + 1 < len(clauses) and P.MODAL_START.match(clauses[k + 1][0]):
            found = _subject_units(text, at)
        if not found and k == 0:
            prefix = _unit_prefix(text, at)
            rest = text[prefix[-1].end - at:] if prefix else ""
            if prefix and (P.DIRECTIVE_VERBS.match(rest) or P.SUBJECT_MODAL.match(rest)
                           or P.VERB_THEN_MODAL.match(rest)):
                found = prefix
        out.extend(found)
    return _dedupe(out + appeal_units(sentence, base) + partner_units(sentence, base))


def partner_units(sentence: str, base: int) -> list[UnitMention]:
    """Bodies the actor works with: 市自然资源和规划局要会同市工业和信息化局推行… → cooperate."""
    out: list[UnitMention] = []
    for m in P.WITH_UNITS.finditer(sentence):
        found = leading_unit(m.group("rest"), base + m.start("rest"))
        out.extend(UnitMention(u.name, "cooperate", False, u.start, u.end, "actor") for u in found)
    return out


# Bodies a sentence calls on: 希望各级人大及其常设机构加强监督 / 要求各地…


def leading_unit(phrase: str, base: int) -> list[UnitMention]:
    """The longest opening of `phrase`, cut between words, that is a unit or a list of them."""
    from ..segment import current

    cuts = sorted({e for _, _, e in current().tokenize(phrase)}, reverse=True)
    for k in cuts:
        if k < 2:
            break
        parts = split_unit_list(phrase[:k], base)
        if parts and all(is_unit_name(n) for n, _, _ in parts):
            return [UnitMention(n, "responsible", False, s, e, "actor") for n, s, e in parts]
    return []


def appeal_units(sentence: str, base: int) -> list[UnitMention]:
    """Bodies that a 希望/要求/号召 clause calls on to act."""
    out: list[UnitMention] = []
    for m in P.APPEAL.finditer(sentence):
        rest = m.group("rest")
        found = leading_unit(rest, base + m.start("rest"))
        if found and P.DIRECTIVE_VERBS.match(rest[found[-1].end - base - m.start("rest"):]):
            out.extend(found)
    return out


def responsibility_units(sentence: str, base: int) -> list[UnitMention]:
    """一要明确各县（市）区主导推动的责任 → 各县（市）区 (the body the point makes responsible)."""
    m = P.RESPONSIBILITY_OF.search(sentence)
    if not m:
        return []
    # the unit is the longest opening of the phrase, cut between words, that is a
    # unit: 各县（市）区主导推动 → 各县（市）区; 全社会全力支持 → none (全社 is half a word)
    return leading_unit(m.group("unit"), base + m.start("unit"))


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


def addressee_units(line: str, base: int) -> list[UnitMention]:
    """Units of a notice's 主送 line (立山经济开发区,各街道办事处,各区直部门:)."""
    body = line.rstrip("：: ")
    return [UnitMention(n, "responsible", True, s, e, "addressee")
            for n, s, e in split_unit_list(body, base) if is_unit_name(n)]
