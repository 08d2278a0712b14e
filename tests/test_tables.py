"""Task tables flattened to text: header, rows (a row per line or a cell per line), columns."""
from __future__ import annotations

import pytest

from analyzer.context import shared_context
from analyzer.lines import column_kind, header_columns
from analyzer.pipeline import analyze_text
from analyzer.tables import tables_in


@pytest.mark.parametrize("cell, kind", [
    ("序号", "index"), ("重点工作任务", "task"), ("主要责任单位", "lead"), ("协同配合单位", "cooperate"),
    ("牵头单位", "lead"), ("责任单位", "responsible"), ("配合单位", "cooperate"), ("责任领导", "person"),
    ("完成时限", "deadline"), ("民生实事", "task"), ("地区生产总值", None),
])
def test_tables_column_kinds(cell, kind):
    assert column_kind(cell) == kind


def test_tables_header_needs_task_and_unit_columns():
    assert header_columns("序号 重点工作任务 主要责任单位 协同配合单位") == ["index", "task", "lead", "cooperate"]
    assert header_columns("序号 工作任务 完成时限") is None
    assert header_columns("各县（市）区要抓好任务落实 牵头单位") is None


ROW_PER_LINE = """谯城区2025年政府工作报告重点工作任务分解表
序号 重点工作任务 主要责任单位 协同配合单位 完成时限
一、2025年经济社会发展的主要预期目标
1 地区生产总值增长6.5%左右。 区发改委 区政府各部门,各乡镇人民政府、街道办事处 2025年12月底前
2 一般公共预算收入增长5%左右。 区财政局
区税务局
区政府有关部门,各乡镇人民政府 年底前
"""


def test_tables_rows_become_task_records():
    analysis = analyze_text(ROW_PER_LINE, "t", date="2025-03-28")
    recs = [r for r in analysis.records if r.source == "table"]
    assert [r.text for r in recs] == ["地区生产总值增长6.5%左右", "一般公共预算收入增长5%左右"]
    first, second = recs
    assert [(u.name, u.role) for u in first.units] == [
        ("区发改委", "lead"), ("区政府各部门", "cooperate"), ("各乡镇人民政府", "cooperate"),
        ("街道办事处", "cooperate")]
    assert [(d.text, d.end_date) for d in first.deadlines] == [("2025年12月底前", "2025-12-31")]
    assert first.section == ("一、2025年经济社会发展的主要预期目标",)
    # a lead cell broken over two lines: both bodies lead, the long list cooperates
    assert [(u.name, u.role) for u in second.units] == [
        ("区财政局", "lead"), ("区税务局", "lead"), ("区政府有关部门", "cooperate"), ("各乡镇人民政府", "cooperate")]
    assert [d.end_date for d in second.deadlines] == ["2025-12-31"]
    assert [t.text for t in first.targets] == ["地区生产总值增长6.5%左右"]
    # offsets point at the task cell in the normalised text
    assert analysis.document.text[first.start:first.end] == "地区生产总值增长6.5%左右"


CELL_PER_LINE = """序号
工作任务
牵头单位
责任领导
完成时限
1
建成保障性租赁住房3000套
市住房城乡建设局
张三
2024年底前
2
完成闲置土地清理处置
各县（市）区
李四
6月底前
"""


def test_tables_cell_per_line_and_people_are_not_units():
    recs = analyze_text(CELL_PER_LINE, "t", date="2024-02-23").records
    assert [r.text for r in recs] == ["建成保障性租赁住房3000套", "完成闲置土地清理处置"]
    assert [[u.name for u in r.units] for r in recs] == [["市住房城乡建设局"], ["各县（市）区"]]
    assert [[d.end_date for d in r.deadlines] for r in recs] == [["2024-12-31"], ["2024-06-30"]]
    (table, rows), = tables_in(CELL_PER_LINE, shared_context().lexicon)
    assert rows[0].text("person") == "张三"


TWO_TASKS = """序号 民生实事 牵头单位 完成时限
1 开工建设县老年养护楼，5月底前动工。开工建设老年大学，12月底前完成主体。 县民政局 年内
2 改造老旧小区12个。 县住建局 2024年6月30日
"""


def test_tables_a_cell_with_two_tasks_and_two_deadlines_is_two_tasks():
    recs = analyze_text(TWO_TASKS, "t", date="2024-02-23").records
    assert [r.text for r in recs] == ["开工建设县老年养护楼，5月底前动工", "开工建设老年大学，12月底前完成主体",
                                      "改造老旧小区12个"]
    assert [[d.end_date for d in r.deadlines] for r in recs] == [["2024-05-31"], ["2024-12-31"], ["2024-06-30"]]
    assert [[u.name for u in r.units] for r in recs] == [["县民政局"], ["县民政局"], ["县住建局"]]
    assert recs[0].point == recs[1].point == "1"


def test_tables_the_text_after_a_word_table_is_read(tmp_path):
    """A Word file with a task table and paragraphs after it: the rows are tasks with their units, and the
    paragraphs after the table are read as text (they were taken for table lines)."""
    import docx

    from analyzer.pipeline import analyze_file

    d = docx.Document()
    d.add_paragraph("关于印发重点任务分工的通知")
    table = d.add_table(rows=3, cols=4)
    for i, row in enumerate([["序号", "重点任务", "责任单位", "完成时限"], ["1", "建成城市书房10个", "市文广旅局", "2024年底前"],
                             ["2", "改造老旧小区30个", "市住建局", "2024年9月底前"]]):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell
    d.add_paragraph("二、保障措施")
    d.add_paragraph("市政府督查室要加强督导检查，每月通报进展。")
    path = tmp_path / "plan.docx"
    d.save(path)
    recs = [(r.source, r.text, [u.name for u in r.units]) for r in analyze_file(path, date="2024-02-01").records]
    assert recs == [("table", "建成城市书房10个", ["市文广旅局"]), ("table", "改造老旧小区30个", ["市住建局"]),
                    ("text", "市政府督查室要加强督导检查，每月通报进展", ["市政府督查室"])]


def test_tables_a_paragraph_after_a_tab_separated_table_is_no_row():
    text = ("关于重点任务的通知\n序号\t重点任务\t责任单位\t完成时限\n1\t建成城市书房10个\t市文广旅局\t2024年底前\n"
            "2\t改造老旧小区30个\t市住建局\t2024年9月底前\n市政府督查室要加强督导检查，每月通报进展。\n")
    recs = [(r.source, r.text, [u.name for u in r.units]) for r in analyze_text(text, "t", date="2024-02-01").records]
    assert recs[1] == ("table", "改造老旧小区30个", ["市住建局"])
    assert recs[2] == ("text", "市政府督查室要加强督导检查，每月通报进展", ["市政府督查室"])
