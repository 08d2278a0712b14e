"""Writing comparison and series tables: terminal table, JSON Lines, CSV or xlsx.

Every command that lists rows shares these formats (`--format`, `-o`); xlsx gets
one sheet per table, with a frozen header and filters.
"""
from __future__ import annotations

import contextlib
import csv
import json
import sys
from collections.abc import Sequence

from ..errors import UsageError
from . import TABLE_FORMATS, neutralise, output_format, terminal_table
from .files import atomic_open, atomic_path
from .sheet import SheetTitle, write_sheet

Table = tuple[str, list[str], list[list]]  # (name, header, rows)


def choose_format(output: str, fmt: str | None) -> str:
    return output_format(output, fmt, TABLE_FORMATS, default="table")


def write_tables(tables: Sequence[Table], output: str, fmt: str | None) -> None:
    fmt = choose_format(output, fmt)
    if fmt == "xlsx":
        if output == "-":

            raise UsageError("xlsx needs a file", hint="add -o FILE.xlsx")
        _xlsx(tables, output)
        return
    with contextlib.ExitStack() as stack:
        out = sys.stdout if output == "-" else stack.enter_context(
            atomic_open(output, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline=""))
        _write_text_tables(out, tables, fmt)


def _write_text_tables(out, tables: Sequence[Table], fmt: str) -> None:
    if fmt == "jsonl":
        for name, header, rows in tables:
            for row in rows:
                record = {"table": name, **dict(zip(header, row, strict=False))}
                out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        _, header, rows = tables[0]  # the main table; the others go to xlsx/jsonl
        w = csv.writer(out)
        w.writerow(header)
        w.writerows([[neutralise(v) for v in row] for row in rows])
    else:
        for name, header, rows in tables:
            out.write(f"\n== {name} ==\n")
            out.write("\n".join(terminal_table(header, rows)) + "\n")
    out.flush()


def _xlsx(tables: Sequence[Table], path: str) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, header, rows in tables:
        cells = [[v if not isinstance(v, (list, dict)) else json.dumps(v, ensure_ascii=False) for v in row]
                 for row in rows]
        widths = [50 if "text" in h or h in ("left", "right") or h.startswith(("左（", "右（", "原文", "任务"))
                  else 14 for h in header]
        check = header.index("待核") if "待核" in header else None  # shade the rows to check
        marked = [set(range(len(header))) if check is not None and row[check] else set() for row in cells]
        write_sheet(wb.create_sheet(name[:31]), header, cells, widths, marked,
                    title=SheetTitle(name, f"共{len(cells)}行" + ("（底色：待核）" if check is not None else ""), in_rows=False))
    with atomic_path(path) as tmp:
        wb.save(tmp)


# What a Chinese reader sees in the workbook and the terminal; JSON Lines and CSV keep the field names of
# docs/output-contract.md (they are read by programs and pandas).
STATUS_ZH = {"continued": "延续", "split": "拆分", "merged": "合并", "new": "新增", "dropped": "删去"}
DIRECTION_ZH = {"raised": "提高", "lowered": "降低", "same": "不变", "reworded": "表述变化", "new": "新增",
                "dropped": "删去"}
ALIGN_FIELDS = ["status", "confidence", "to_check", "similarity", "left_ids", "right_ids", "left_text", "right_text",
                "changes"]
ALIGN_ZH = ["状态", "置信度", "待核", "相似度", "左编号", "右编号", "左（原任务）", "右（新任务）", "变化"]
TARGET_FIELDS = ["indicator", "left", "right", "left_value", "right_value", "direction"]
TARGET_ZH = ["指标", "左", "右", "左值", "右值", "变化方向"]
SHEETS_ZH = {"alignment": "逐项对比", "to_check": "待核（先看）", "target_changes": "目标变化", "counts": "汇总",
             "steps": "逐年变化", "trajectories": "目标轨迹", "lineages": "任务脉络"}


def _align_row(d: dict, chinese: bool, short_ids: bool = False) -> list:
    """A row of the alignment table; `short_ids` (the terminal): task numbers without the document id."""
    to_check = ("待核" if d["to_check"] else "") if chinese else d["to_check"]

    def ids(values):
        return ",".join(v.rsplit("#", 1)[-1] if short_ids else v for v in values)

    return [STATUS_ZH[d["status"]] if chinese else d["status"], d["confidence"], to_check, d["similarity"],
            ids(d["left_ids"]), ids(d["right_ids"]), d["left_text"], d["right_text"], d["changes"]]


def comparison_tables(result, left_label: str, right_label: str, chinese: bool = False,
                      short_ids: bool = False) -> list[Table]:
    """The alignment (document order), the rows to check (least sure first), target changes, counts."""
    dicts = [r.to_dict() for r in result.rows]
    head = ALIGN_ZH if chinese else ALIGN_FIELDS
    align = ("alignment", head, [_align_row(d, chinese, short_ids) for d in dicts])
    check = ("to_check", head, [_align_row(d, chinese, short_ids)
                                for d in sorted((d for d in dicts if d["to_check"]), key=lambda d: d["confidence"])])
    targets = ("target_changes", TARGET_ZH if chinese else TARGET_FIELDS,
               [[t.indicator, t.left_text, t.right_text, t.left_value, t.right_value,
                 DIRECTION_ZH.get(t.direction, t.direction) if chinese else t.direction] for t in result.targets])
    counts = result.counts()
    n_check = sum(d["to_check"] for d in dicts)
    summary = ("counts", (["左", "右"] + [STATUS_ZH[k] for k in counts] + ["待核"]) if chinese else
               (["left", "right"] + list(counts) + ["to_check"]), [[left_label, right_label] + list(counts.values()) + [n_check]])
    return [align, check, targets, summary]


def _named(tables: Sequence[Table], chinese: bool) -> list[Table]:
    return [(SHEETS_ZH.get(n, n) if chinese else n, h, rows) for n, h, rows in tables]


def write_comparison(result, output: str, fmt: str | None, left_label: str, right_label: str) -> None:
    fmt = choose_format(output, fmt)
    chinese = fmt in ("table", "xlsx")
    align, check, targets, summary = comparison_tables(result, left_label, right_label, chinese, fmt == "table")
    if fmt == "table":
        # on a terminal: counts, target changes, the rows to check, then the long alignment
        tables = [summary, targets, check, align]
    elif fmt == "xlsx":
        tables = [align, check, targets, summary]
    else:
        tables = [align, targets, summary]  # jsonl: every row once (to_check is a field); csv: the alignment
    write_tables(_named(tables, chinese), output, fmt)


STEP_FIELDS = ["from", "to", "continued", "split", "merged", "new", "dropped", "to_check"]
STEP_ZH = ["从", "到", "延续", "拆分", "合并", "新增", "删去", "待核"]
TRAJECTORY_FIELDS = ["indicator", "label", "text", "value", "upper", "comparator", "measure"]
TRAJECTORY_ZH = ["指标", "文件", "原文", "数值", "上限", "比较", "计量单位"]
LINEAGE_FIELDS = ["lineage", "step", "label", "text"]
LINEAGE_ZH = ["脉络", "步", "文件", "任务"]


def write_series(result, output: str, fmt: str | None, indicators: Sequence[str] = ()) -> None:
    fmt = choose_format(output, fmt)
    chinese = fmt in ("table", "xlsx")
    steps = ("steps", STEP_ZH if chinese else STEP_FIELDS, [[s.get(k, 0) for k in STEP_FIELDS] for s in result.steps])
    chosen = set(indicators)
    traj = ("trajectories", TRAJECTORY_ZH if chinese else TRAJECTORY_FIELDS,
            [[ind, p["label"], p["text"], p["value"], p["upper"], p["comparator"], p["measure"]]
             for ind, points in result.trajectories.items() if not chosen or ind in chosen for p in points])
    lineages = ("lineages", LINEAGE_ZH if chinese else LINEAGE_FIELDS,
                [[k, n, label, text] for k, chain in enumerate(result.lineages, 1) for n, (label, text) in enumerate(chain, 1)])
    write_tables(_named([steps, traj, lineages], chinese), output, fmt)
