"""cn2an's own numeral tests, run through the real pipeline as targets (力争完成{numeral}个项目 / 安排专项资金{amount}).

The cases are cn2an's (tests/peer/cn2an_numerals.json says where from and which were left out, and why); each is a
one-sentence task extracted end to end, and its target must carry the numeral's value. Malformed numerals must give
no target with a value (a half-read never becomes a wrong figure). The suite must stay at or above 95 %.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.extract.numbers import read_numeral
from analyzer.pipeline import analyze_text

DATA = json.loads((Path(__file__).parent / "peer" / "cn2an_numerals.json").read_text(encoding="utf-8"))


def _values(sentence: str) -> list[float]:
    recs = analyze_text("（2024年3月5日）\n" + sentence + "\n", "peer", date="2024-03-05").records
    return [t.value for r in recs for t in r.targets if t.value is not None]


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


@pytest.mark.parametrize("case", DATA["cases"], ids=[c["numeral"] for c in DATA["cases"]])
def test_cn2an_numeral_as_a_target(case):
    assert any(_close(v, case["value"]) for v in _values(case["sentence"])), case


@pytest.mark.parametrize("case", DATA["malformed"], ids=[c["numeral"] for c in DATA["malformed"]])
def test_cn2an_malformed_numeral_gives_no_figure(case):
    assert _values(case["sentence"]) == [], case


def test_cn2an_suite_share_and_exclusions_are_stated():
    """Every left-out case says why; the suite keeps nearly all of cn2an's cases."""
    assert all(x["why"] for x in DATA["excluded"])
    kept = len(DATA["cases"]) + len(DATA["malformed"])
    assert kept >= 100 and kept / (kept + len(DATA["excluded"])) >= 0.8


@pytest.mark.parametrize("numeral, value", [
    ("一百九十万零三千九百七十一", 1903971), ("十万零一千", 101000), ("3万4000", 34000), ("5万4千6百", 54600),
    ("四亿零七百多万", 407000000), ("拾万零五十六", 100056), ("一亿五", 150000000), ("一万亿", 1e12), ("千亿", 1e11),
    ("二〇二四", 2024), ("一九九八", 1998), ("两", 2), ("五分之一", 0.2), ("万分之三", 0.0003), ("１２００", 1200),
    ("1,200", 1200), ("4.06", 4.06), ("一百点123", 100.123), ("廿二", 22),
])
def test_read_numeral(numeral, value):
    assert _close(read_numeral(numeral), value)


@pytest.mark.parametrize("numeral", ["三四", "一二", "十一十二", "十七十八", "六万万", "万万", "一二万", "", "点一", "零点"])
def test_read_numeral_refuses_what_it_cannot_read_whole(numeral):
    assert read_numeral(numeral) is None


@pytest.mark.parametrize("sentence, value, comparator, measure", [
    ("新增就业十万人", 100000, "=", "人"),
    ("力争新增十个项目", 10, "=", "个"),
    ("粮食产量达到四亿零七百多万吨", 407000000, "≥", "吨"),
    ("专项转移支付项目要减少三分之一", 33.333333, "=", "%"),  # a share in %, to 6 places
    ("增长3.5個百分點", 3.5, "=", "百分点"),
    ("新增3万4000人", 34000, "=", "人"),
    ("安排资金壹拾壹元壹角壹分", 11.11, "=", "元"),
])
def test_numeral_forms_as_targets(sentence, value, comparator, measure):
    from analyzer.extract.targets import find_targets

    (t,) = find_targets(sentence)
    assert _close(t.value, value) and t.comparator == comparator and t.measure == measure


@pytest.mark.parametrize("sentence", ["历年积存起来的十亿吨矸石也基本未用", "为十亿人民谋福利", "实施十个专案",
                                      "建设一个现代化产业体系", "仍然有三分之一没有利用", "同全国六万万人民一道"])
def test_numerals_that_are_no_goal(sentence):
    from analyzer.extract.targets import find_targets

    assert find_targets(sentence) == []
