"""What kind of document a text is — report, resolution, speech, plan, measures, opinion, notice, table … —
from its title and form (`rules/kinds.py` has the vocabulary).

The kind is stored with the document and written on every record (`doc_kind`), so users can select documents by
kind and rules that fit one kind only can say so.
"""
from __future__ import annotations

from .rules import kinds as K


def kind_of_title(title: str) -> str | None:
    """The kind a title names, or None: 关于印发《…若干措施》的通知 → measures; …的讲话 → speech."""
    t = "".join((title or "").split())
    if not t:
        return None
    if K.CUT_SHORT.search(t):  # a list page cut the title short: …的通...
        return kind_of_title(K.CUT_SHORT.sub("", t)) or ("notice" if "关于" in t else None)
    if K.RESOLUTION_TITLE.search(t):
        return "resolution"
    if K.REPORT_TITLE.search(t):
        return "report"
    carried = K.CARRIER.search(t)
    if carried:
        inner = kind_of_title(carried.group("inner"))
        if inner:
            return inner
    t = K.TRAILING_BRACKETS.sub("", t)
    for pattern, kind in K.TITLE_KINDS:
        if pattern.search(t):
            return kind
    return None


def document_kind(title: str | None, text: str, task_rows: int = 0, tasks: int = 0) -> str:
    """The kind of a document: its title's, else its form's (a speech opens with 同志们; most
    tasks in table rows make a table), else `other`. A title's plan or notice whose tasks are
    mostly table rows is a table (任务分解表 under a 方案 title)."""
    kind = kind_of_title(title or "") or kind_of_title(_first_line(text))
    mostly_rows = tasks > 0 and task_rows * 2 > tasks
    if kind in (None, "plan", "notice") and mostly_rows:
        return "table"
    if kind:
        return kind
    if K.OPENS_AS_SPEECH.search(text[:3000]):
        return "speech"
    for pattern, formula_kind in K.PURPOSE_FORMULAS:
        if pattern.search(text[:3000]):
            return "table" if mostly_rows else formula_kind
    return "other"


def _first_line(text: str) -> str:
    """The opening line, when it is short enough to be a title (a title block the structure
    did not take as one: 关于印发…的通知 straight before 一、…)."""
    for line in text.split("\n"):
        if line.strip():
            return line.strip() if len(line.strip()) <= 80 else ""
    return ""


def document_scope(title: str | None, text: str = "") -> str | None:
    """national | regional | None, as a document's title (else its opening line) names its issuer:
    2024年国务院政府工作报告 → national; 2026年北京市政府工作报告 → regional."""
    for t in ("".join((title or "").split()), _first_line(text) if text else ""):
        if not t:
            continue
        if K.NATIONAL_TITLE.search(t):
            return "national"
        if K.REGIONAL_TITLE.search(t):
            return "regional"
    opening = text[:800]
    if K.NATIONAL_OPENING.search(opening):
        return "national"
    if K.REGIONAL_OPENING.search(opening):
        return "regional"
    return None
