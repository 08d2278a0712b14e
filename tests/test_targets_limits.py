"""Processing-time caps are targets, not deadlines; deadlines inside decimals are not read."""
from __future__ import annotations

import datetime as dt

import pytest

from analyzer.extract.deadlines import find_deadlines
from analyzer.extract.targets import find_targets

DAY = dt.date(2025, 3, 18)


@pytest.mark.parametrize("sentence, text, value", [
    ("工程建设项目全流程审批时间压减至45个工作日以内", "工程建设项目全流程审批时间压减至45个工作日以内", 45.0),
    ("企业开办时间压缩至0.5个工作日以内", "企业开办时间压缩至0.5个工作日以内", 0.5),
])
def test_time_caps_are_targets(sentence, text, value):
    (t,) = find_targets(sentence)
    assert (t.text, t.value, t.measure, t.comparator) == (text, value, "工作日", "≤")
    assert find_deadlines(sentence, 0, DAY) == []


def test_a_span_to_finish_in_is_a_deadline():
    assert find_targets("要在30个工作日内完成审批") == []
    assert [d.text for d in find_deadlines("要在30个工作日内完成审批", 0, DAY)] == ["30个工作日内"]
