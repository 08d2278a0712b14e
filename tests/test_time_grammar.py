"""One time grammar (rules/time_grammar.py) that every stage asks: deadlines, a target's lead, a task table's
完成时限 cell, a subject's lead-in. A form the grammar knows reaches all four; the patterns live in one module."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from analyzer.extract.deadlines import find_deadlines
from analyzer.extract.targets import find_targets
from analyzer.rules.time_grammar import CANDIDATE, TIME_IN_TEXT
from analyzer.rules.units import SUBJECT_LEAD_IN
from analyzer.tables import _looks_like_deadline

ROOT = Path(__file__).resolve().parents[1]
# Forms of several kinds, some added to the grammar only recently (digit dates, two-digit years, 年初).
FORMS = [("本季度末前", "2024-03-31"), ("二0二四年底前", "2024-12-31"), ("2024-12-31前", "2024-12-31"),
         ("2024/6/30前", "2024-06-30"), ("24年底前", "2024-12-31"), ("明年初前", "2025-02-28"),
         ("2024年1－9月份", "2024-09-30"), ("下月15日前", "2024-03-15")]


@pytest.mark.parametrize("form, end", FORMS)
def test_a_time_form_reaches_every_stage(form, end):
    sentence = f"市工信局要在{form}新增规上工业企业10家"
    deadlines = find_deadlines(sentence, 0, dt.date(2024, 2, 23))
    assert [d.end_date for d in deadlines] == [end]
    (target,) = find_targets(sentence)
    assert target.text == "规上工业企业10家" and target.indicator == "规上工业企业"  # the lead is stripped whole
    assert _looks_like_deadline(form)  # a task table's 完成时限 cell
    assert SUBJECT_LEAD_IN.match(f"{form}，市工信局要新增规上工业企业10家").group() == f"{form}，"


def test_the_embedded_pattern_is_the_grammar():
    """TIME_IN_TEXT (for other rules) finds exactly what CANDIDATE finds."""
    for text in ["市工信局要在本季度末前新增规上工业企业10家", "到2025年，全年粮食产量稳定在1.3万亿斤以上",
                 "2024年1－9月份完成，明年初前验收", "“十四五”期间建成，三年内投用"]:
        assert [m.span() for m in TIME_IN_TEXT.finditer(text)] == [m.span() for m in CANDIDATE.finditer(text)]


def test_time_patterns_live_in_one_module():
    """No stage keeps a time pattern of its own: a year with its end (年底/年末) or a quarter is written as a
    regex only in rules/time_grammar.py (document dates — a title block's or signature's 2024年3月5日 — are
    another matter: rules/dates.py, headings.py, text.py)."""
    own = re.compile(r"""r["'][^"'\n]*(?:年\(\?:底\||年\(\?:度\||\[一二三四1-4\]季度|月\(\?:底\|)""")
    offenders = [p.relative_to(ROOT).as_posix() for p in (ROOT / "analyzer").rglob("*.py")
                 if p.name != "time_grammar.py" and own.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.mark.parametrize("sentence, end", [
    ("要在三月到五月完成", "2024-05-31"),  # a range ends at its last day
    ("要在一年半内完成", "2025-08-23"), ("要在3年半以内完成", "2027-08-23"),
    ("要在前半年完成", "2024-06-30"), ("要在后半年完成", "2024-12-31"),
    ("要在十二月月底前完成", "2024-12-31"),  # one mention, not 十二月 + this month's 月底
    ("要在2024年的第三个月完成", "2024-03-31"),
])
def test_issue_forms(sentence, end):
    assert [d.end_date for d in find_deadlines(sentence, 0, dt.date(2024, 2, 23))] == [end]


@pytest.mark.parametrize("sentence", ["项目验收后3个月内提交绩效报告", "验收后半年内提交"])
def test_after_an_event_is_not_the_last_months_of_the_year(sentence):
    assert [d.basis for d in find_deadlines(sentence, 0, dt.date(2024, 2, 23))] == ["event"]
