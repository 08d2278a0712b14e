"""HTML tables a converter left inside a text: read with their cells, offsets into the text as read."""
from __future__ import annotations

from analyzer.ingest.markup import markup_tables
from analyzer.pipeline import analyze_text

TEXT = ("附件\n推广清单\n<table><tr><td>序号</td><td>改革举措</td><td>主 要 内 容</td><td>指导部门</td>"
        "<td>推广范围</td></tr><tr><td colspan=\"5\">一、知识产权保护方面</td></tr><tr><td>1</td><td>三合一审判</td>"
        "<td>整合分散的审判资源，实行审判“三合一”。</td><td>最高人民法院、国家知识产权局</td><td>全国</td></tr></table>\n")


def test_markup_tables_cells_point_into_the_text():
    (table,) = markup_tables(TEXT)
    assert [c.text for c in table.rows[0]] == ["序号", "改革举措", "主 要 内 容", "指导部门", "推广范围"]
    for row in table.rows:
        for c in row:
            assert TEXT[c.start:c.end].strip() == c.text
    assert len(table.rows[1]) == 5  # the spanning row fills every column


def test_markup_tables_become_task_records_with_their_units():
    from analyzer.ingest.raw import RawDocument
    from analyzer.pipeline import analyze_raw

    a = analyze_raw(RawDocument(TEXT, tables=markup_tables(TEXT)), "t", date="2018-12-23")
    (rec,) = [r for r in a.records if r.source == "table"]
    assert rec.text == "整合分散的审判资源，实行审判“三合一”"  # without the final mark, as every task
    assert [u.name for u in rec.units] == ["最高人民法院", "国家知识产权局"]
    assert rec.section == ("一、知识产权保护方面",)


def test_markup_tables_none_in_plain_text():
    assert markup_tables("市财政局要在年内拨付资金。") == []
    assert analyze_text("市财政局要在年内拨付资金。", "d").records
