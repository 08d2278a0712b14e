"""The document text with its tasks and mentions marked, as escaped HTML (pure, no web stack).

Every task becomes a `<span class="task st-…" data-task="…">` over its characters, and
its units, targets and deadlines `<span class="m m-unit …">` inside. Every other task
(in text order) is also `alt`, a second shade of its status colour, so that two
neighbouring tasks of the same status stay apart; where a task begins its span
carries its number (`data-n`, see `task_numbers()`), which the page shows before it.
Spans are opened and closed in text order; where two marks cross (overlapping tasks,
a mention that runs past its task) the inner ones are closed and opened again, so the
markup always nests. The text itself only ever passes through `markupsafe.escape`.

Offsets are character offsets into the normalised text (`Store.text()`); a mark
whose offsets are unknown (-1, or outside the text) is left out here and shown in the
side panel only (`unmarked()`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..model import FIELD_LABELS, STATUS_LABELS, ReviewedTask

ROLE_LABELS = {"lead": FIELD_LABELS["lead"], "responsible": FIELD_LABELS["responsible"],
               "cooperate": FIELD_LABELS["cooperate"]}

_TASK, _MENTION = 0, 1  # at the same extent, a task is outside its mentions


def task_numbers(tasks: Sequence[ReviewedTask]) -> dict[str, int]:
    """task id → the task's number, the one the page shows everywhere (panel, list, text).

    The rule: a task's position, 1-based, in document order among the tasks that are
    exported — every task but the deleted ones, in the order `Ledger.reviewed()` gives
    them — which is the 序号 of the 任务分解表 (`export`) of that document alone. Deleted
    tasks have no number (they are not exported); so deleting a task renumbers the ones
    after it, as it renumbers the export. `tasks` are in document order (`keep_deleted`
    or not)."""
    numbered = [t for t in tasks if t.status != "deleted"]
    return {t.task_id: k for k, t in enumerate(numbered, 1)}


def task_title(number: int | None, status: str) -> str:
    """A task mark's tooltip: its number and status (the raw id is for the panel's meta line)."""
    label = STATUS_LABELS.get(status, status)
    return f"任务 {number} · {label}" if number else label


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: int
    css: str
    task_id: str
    title: str = ""
    number: int | None = None  # a task's number, written where the task begins

    def open_tag(self, first: bool = False) -> Markup:
        title = Markup(' title="{}"').format(self.title) if self.title else Markup("")
        number = Markup(' data-n="{}"').format(self.number) if first and self.number else Markup("")
        return Markup('<span class="{}" data-task="{}"{}{}>').format(self.css, self.task_id, number, title)


def _valid(start: int, end: int, n: int) -> bool:
    return 0 <= start < end <= n


def marks(tasks: Sequence[ReviewedTask], n: int) -> list[Mark]:
    """The marks of `tasks` (in document order) in a text of `n` characters (those with usable offsets)."""
    out: list[Mark] = []
    numbers = task_numbers(tasks)
    shown = 0  # tasks marked so far: odd ones get the second shade
    for t in tasks:
        r = t.record
        if _valid(r.start, r.end, n):
            css = f"task st-{t.status}" + (" alt" if shown % 2 else "")
            number = numbers.get(r.task_id)
            out.append(Mark(r.start, r.end, _TASK, css, r.task_id, task_title(number, t.status), number))
            shown += 1
        for u in r.units:
            if _valid(u.start, u.end, n):
                label = ROLE_LABELS.get(u.role, u.role) + ("（继承）" if u.inherited else "")
                out.append(Mark(u.start, u.end, _MENTION, f"m m-unit r-{u.role}", r.task_id, f"{label}：{u.name}"))
        for g in r.targets:
            if _valid(g.start, g.end, n):
                out.append(Mark(g.start, g.end, _MENTION, "m m-target", r.task_id, f"目标：{g.text}"))
        for d in r.deadlines:
            if _valid(d.start, d.end, n):
                when = f"（{d.end_date}）" if d.end_date else ""
                out.append(Mark(d.start, d.end, _MENTION, "m m-deadline", r.task_id,
                                f"完成时限：{d.text}{when}"))
    return out


def unmarked(task: ReviewedTask, n: int) -> list[str]:
    """Values of a task that cannot be marked in the text (typed by a reviewer, or inherited
    from elsewhere without offsets), as `label：value` lines for the side panel."""
    r = task.record
    out = [f"{ROLE_LABELS.get(u.role, u.role)}：{u.name}" for u in r.units if not _valid(u.start, u.end, n)]
    out += [f"目标：{g.text}" for g in r.targets if not _valid(g.start, g.end, n)]
    out += [f"完成时限：{d.text}" for d in r.deadlines if not _valid(d.start, d.end, n)]
    return out


def highlight(text: str, tasks: Sequence[ReviewedTask]) -> Markup:
    """`text` as escaped HTML with every task and mention marked (always well nested)."""
    n = len(text)
    all_marks = marks(tasks, n)
    starts: dict[int, list[Mark]] = {}
    for m in all_marks:
        starts.setdefault(m.start, []).append(m)
    # longer marks outside shorter ones; a task outside a mention of the same extent
    for group in starts.values():
        group.sort(key=lambda m: (-m.end, m.kind, m.task_id))
    cuts = sorted({0, n, *(m.start for m in all_marks), *(m.end for m in all_marks)})
    parts: list[str] = []
    stack: list[Mark] = []
    for i, at in enumerate(cuts):
        closing = [k for k, m in enumerate(stack) if m.end == at]
        if closing:
            # close everything down to the outermost mark that ends here, reopen the rest
            lowest = closing[0]
            reopen = [m for m in stack[lowest:] if m.end != at]
            parts.append("</span>" * (len(stack) - lowest))
            del stack[lowest:]
            for m in reopen:
                parts.append(m.open_tag())
                stack.append(m)
        for m in starts.get(at, ()):
            # a new mark ending after an open one would cross it: it goes inside (it is
            # split where the open one ends, by the closing rule above)
            parts.append(m.open_tag(first=True))
            stack.append(m)
        if i + 1 < len(cuts):
            parts.append(escape(text[at:cuts[i + 1]]))
    parts.append("</span>" * len(stack))
    return Markup("".join(parts))
