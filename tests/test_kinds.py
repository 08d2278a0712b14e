"""Document kinds from titles and forms."""
from __future__ import annotations

import pytest

from analyzer.kinds import document_kind, kind_of_title
from analyzer.pipeline import analyze_text


@pytest.mark.parametrize("title, kind", [
    ("2024年国务院政府工作报告", "report"),
    ("在中国共产党第十五次全国代表大会上的报告", "report"),
    ("第十四届全国人民代表大会第二次会议关于政府工作报告的决议", "resolution"),
    ("在全省经济工作会议上的讲话", "speech"),
    ("河北省人民政府办公厅关于印发河北省支持康养产业发展若干措施的通知", "measures"),
    ("关于印发《强化支持举措助力银发经济发展壮大的九条措施》的通知", "measures"),
    ("国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见", "opinion"),
    ("国务院办公厅关于印发“无废城市”建设试点工作方案的通知", "plan"),
    ("河北省人民政府办公厅印发《加快建设数字河北行动方案（2023-2027年）》", "plan"),
    ("立山区政府2023年重点工作任务分解和责任分工方案", "table"),
    ("国务院办公厅关于开展城镇小区配套幼儿园治理工作的通知", "notice"),
    ("河北省科学技术奖励办法修正案", "regulation"),
    ("国务院关于同意设立某某开发区的批复", "reply"),
    ("河北省教育厅关于做好2021年义务教育招生入学工作的通...", "notice"),
    ("一段没有标题的文字", None),
])
def test_kinds_of_titles(title, kind):
    assert kind_of_title(title) == kind


def test_kinds_from_the_form_when_the_title_says_nothing():
    assert document_kind(None, "同志们：\n今天召开全县大会。") == "speech"
    assert document_kind("重点工作安排", "…", task_rows=8, tasks=10) == "table"
    assert document_kind("某某工作方案", "…", task_rows=8, tasks=10) == "table"  # a 方案 that is a task table
    assert document_kind(None, "某段文字。") == "other"
    # a regulation without its title: its first article or first chapter says so
    assert document_kind(None, "第一章 总 则第一条 为规范自然科学基金的使用与管理，制定本办法。") == "regulation"
    assert document_kind(None, "（2014年5月30日通过）\n第一章 总\n  则\n第一条 为健全终身教育体系…") == "regulation"


def test_kinds_reach_every_record():
    a = analyze_text("关于印发某市支持企业发展若干措施的通知\n\n一、市财政局要在年底前拨付资金。\n", "d", date="2024-02-23")
    assert a.document.kind == "measures" and {r.doc_kind for r in a.records} == {"measures"}
