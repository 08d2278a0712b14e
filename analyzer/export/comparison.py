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
from . import TABLE_FORMATS, neutralise, output_format
from .store_export import write_sheet

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
            open(output, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline=""))
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
            out.write(" | ".join(header) + "\n")
            for row in rows:
                out.write(" | ".join("" if v is None else str(v) for v in row) + "\n")
    out.flush()


def _xlsx(tables: Sequence[Table], path: str) -> None:
    from openpyxl import Workbook


    wb = Workbook()
    wb.remove(wb.active)
    for name, header, rows in tables:
        cells = [[v if not isinstance(v, (list, dict)) else json.dumps(v, ensure_ascii=False) for v in row]
                 for row in rows]
        widths = [50 if "text" in h or h in ("left", "right") else 14 for h in header]
        write_sheet(wb.create_sheet(name[:31]), header, cells, widths)
    wb.save(path)


def comparison_tables(result, left_label: str, right_label: str) -> list[Table]:
    align = ("alignment", ["status", "similarity", "left_ids", "right_ids", "left_text", "right_text", "changes"],
             [[d["status"], d["similarity"], ",".join(d["left_ids"]), ",".join(d["right_ids"]), d["left_text"],
               d["right_text"], d["changes"]] for d in (r.to_dict() for r in result.rows)])
    targets = ("target_changes", ["indicator", "left", "right", "left_value", "right_value", "direction"],
               [[t.indicator, t.left_text, t.right_text, t.left_value, t.right_value, t.direction]
                for t in result.targets])
    counts = result.counts()
    summary = ("counts", ["left", "right"] + list(counts), [[left_label, right_label] + list(counts.values())])
    return [align, targets, summary]


def write_comparison(result, output: str, fmt: str | None, left_label: str, right_label: str) -> None:
    tables = comparison_tables(result, left_label, right_label)
    if choose_format(output, fmt) == "table":
        # on a terminal: counts and target changes first, the long alignment last
        tables = [tables[2], tables[1], tables[0]]
    write_tables(tables, output, fmt)


def write_series(result, output: str, fmt: str | None, indicators: Sequence[str] = ()) -> None:
    steps = ("steps", ["from", "to", "continued", "split", "merged", "new", "dropped"],
             [[s["from"], s["to"], s["continued"], s["split"], s["merged"], s["new"], s["dropped"]] for s in result.steps])
    chosen = set(indicators)
    traj = ("trajectories", ["indicator", "label", "text", "value", "upper", "comparator", "measure"],
            [[ind, p["label"], p["text"], p["value"], p["upper"], p["comparator"], p["measure"]]
             for ind, points in result.trajectories.items() if not chosen or ind in chosen for p in points])
    lineages = ("lineages", ["lineage", "step", "label", "text"],
                [[k, n, label, text] for k, chain in enumerate(result.lineages, 1) for n, (label, text) in enumerate(chain, 1)])
    write_tables([steps, traj, lineages], output, fmt)
