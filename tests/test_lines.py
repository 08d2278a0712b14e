"""Lines: numbered headings, title-like lines, task-table headers and the extent of flattened tables."""
from __future__ import annotations

import pytest

from analyzer.lines import column_kind, find_tables, header_columns, heading_level, is_title_like, table_line_ranges
from analyzer.rules import labels as L


@pytest.mark.parametrize("line, level", [
    ("第一章 总则", 1), ("一、主要任务", 2), ("（二）大力推进", 3), ("(二)大力推进", 3), ("1. 实施攻关", 4),
    ("1.3万亿斤", 0), ("（1）加强", 5), ("①抓好", 6), ("市财政局要", 0),
])
def test_lines_heading_levels(line, level):
    assert heading_level(line) == level


@pytest.mark.parametrize("line, title", [("加快培育数字化发展引擎", True), ("要加快，推进", False), ("", False)])
def test_lines_title_like(line, title):
    assert is_title_like(line) is title


def test_lines_every_label_is_a_table_column_too():
    """Labels and table headers are one vocabulary: a label known in 责任单位：… lines names a column."""
    for label, kind in L.LABELS.items():
        assert column_kind(label) == kind, label


@pytest.mark.parametrize("header, kinds", [
    ("序号 重点任务 实施单位 完成时限", ["index", "task", "responsible", "deadline"]),  # 实施单位: once a label only
    ("序号 重点工作任务 主要责任单位 协同配合单位", ["index", "task", "lead", "cooperate"]),
    ("序号 民生实事 主办单位 时限要求", ["index", "task", "responsible", "deadline"]),
])
def test_lines_table_headers(header, kinds):
    assert header_columns(header) == kinds


def test_lines_a_table_runs_until_two_blank_lines_or_a_note():
    lines = ["前言。", "序号 重点任务 牵头单位", "1 建设平台 市数据局", "2 完善制度 市司法局", "", "",
             "正文继续。"]
    (t,) = find_tables(lines)
    assert (t.header_start, t.start_line, t.end_line, t.columns) == (1, 2, 5, ("index", "task", "lead"))
    assert table_line_ranges(lines) == [False, True, True, True, True, False, False]
    noted = lines[:4] + ["备注：完成时限为最迟时间", "正文。"]
    assert find_tables(noted)[0].end_line == 4
