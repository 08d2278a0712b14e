"""Writing the target table (`policy-analyzer targets`): a terminal table, JSON Lines, CSV, xlsx or Parquet,
long or wide, and its HTML page.

Long form has exactly the fields of `target_table.TABLE_FIELDS`; the wide table one row per document
and period, a column per canonical name (the figure as written) and a `…(值)` column with its number.
Column headers of xlsx/CSV are Chinese (指标, 目标值 …) — the people who open them read Chinese —
while JSON Lines and Parquet keep the field names of the contract.
"""
from __future__ import annotations

import contextlib
import csv
import json
import sys
from collections.abc import Sequence

from ..errors import UsageError
from ..target_table import TABLE_FIELDS, TargetRow, wide_rows
from . import neutralise, output_format, readable_number, terminal_table
from .files import atomic_open, atomic_path
from .sheet import SheetTitle, write_sheet

TARGET_FORMATS = ("table", "jsonl", "csv", "xlsx", "parquet")
HEADERS_ZH = {"doc_id": "文件编号", "title": "文件", "doc_date": "日期", "canonical": "指标", "indicator": "原文指标",
              "text": "原文", "value": "目标值", "upper": "上限", "comparator": "比较", "measure": "单位",
              "period": "期限类型", "period_end": "期限", "task_id": "任务编号"}
PERIOD_ZH = {"year": "年度", "plan": "规划期"}


def write_targets(rows: Sequence[TargetRow], output: str, fmt: str | None, wide: bool = False) -> int:
    """Write the rows (long, or wide with `wide`); returns how many rows were written."""
    # a file's extension must say its format; only standard output defaults to the terminal table
    fmt = output_format(output, fmt, TARGET_FORMATS, default="table" if output == "-" else None)
    if wide:
        header, data = wide_rows(rows)
        table = [[d.get(h) for h in header] for d in data]
    else:
        header = list(TABLE_FIELDS)
        table = [[r.contract()[h] for h in header] for r in rows]
    if fmt in ("xlsx", "parquet") and output == "-":
        raise UsageError(f"{fmt} needs a file", hint=f"add -o FILE.{fmt}")
    if fmt == "xlsx":
        _xlsx(header, table, output, wide)
    elif fmt == "parquet":
        _parquet(header, table, output)
    else:
        with contextlib.ExitStack() as stack:
            out = sys.stdout if output == "-" else stack.enter_context(
                atomic_open(output, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline=""))
            _text(out, header, table, fmt, wide)
    return len(table)


def _zh(header: Sequence[str]) -> list[str]:
    return [HEADERS_ZH.get(h, h) for h in header]


def _text(out, header, table, fmt: str, wide: bool) -> None:
    if fmt == "jsonl":
        for row in table:
            out.write(json.dumps(dict(zip(header, row, strict=True)), ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        w = csv.writer(out)
        w.writerow(header if wide else _zh(header))
        w.writerows([[neutralise(v) for v in row] for row in table])
    else:
        shown = [h for h in header if not h.endswith("(值)")] if wide else \
            ["title", "canonical", "text", "value", "upper", "comparator", "measure", "period", "period_end"]
        idx = [header.index(h) for h in shown]
        lines = terminal_table([HEADERS_ZH.get(h, h) for h in shown],
                               [[_cell(row[i], header[i]) for i in idx] for row in table])
        out.write("\n".join(lines) + "\n")
    out.flush()


def _cell(v, name: str) -> str:
    if v is None:
        return ""
    if name == "period":
        return PERIOD_ZH.get(v, v)
    if isinstance(v, float):
        return readable_number(v)  # 1.3万亿, 1200万: as a reader writes them
    return str(v)


def _xlsx(header, table, path: str, wide: bool) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "目标对照表" if wide else "目标表"
    widths = [(40 if h in ("title", "text", "indicator") else 12) for h in header]
    shown = header if wide else _zh(header)
    rows = [[PERIOD_ZH.get(v, v) if header[k] == "period" else v for k, v in enumerate(row)] for row in table]
    hidden = [k for k, h in enumerate(header) if wide and h.endswith("(值)")]  # numbers for sorting, not print
    write_sheet(ws, shown, rows, widths, title=SheetTitle(ws.title, f"共{len(rows)}行", in_rows=False), hidden=hidden)
    with atomic_path(path) as tmp:
        wb.save(tmp)


def _parquet(header, table, path: str) -> None:
    import duckdb
    import pandas as pd

    frame = pd.DataFrame(table, columns=header)  # written by DuckDB: no pyarrow needed
    con = duckdb.connect()
    try:
        con.register("target_rows", frame)
        with atomic_path(path) as tmp:
            con.execute("COPY target_rows TO ? (FORMAT PARQUET)".replace("?", "'" + tmp.replace("'", "''") + "'"))
    finally:
        con.close()
