"""Goals: the words that tell a goal from a result or a forecast, and a year's goal from a plan's.

Vocabulary only, each piece with examples; `extract/goals.py` reads a target's sentence, paragraph and
headings with them. A cue's meaning may depend on the document's year (2025年 is past in a 2026 report,
the coming year in a 2025 one): those cues carry the year and are placed by `extract/goals.py`.
"""
from __future__ import annotations

import re

# --- numbers of years ----------------------------------------------------------------------------
CN_COUNT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

# Five-year plans and the year each ends: 十一五 2006–2010 … 十五五 2026–2030 (一五 and 二五 ran
# 1953–57 and 1958–62, 三五 began in 1966 after the adjustment years; from 三五 on each ends in a year
# ending 0 or 5).
PLAN_ENDS = {1: 1957, 2: 1962}
PLAN_NUMERAL = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
                "十一": 11, "十二": 12, "十三": 13, "十四": 14, "十五": 15, "十六": 16}


def plan_end(numeral: str) -> int | None:
    """十四 → 2025, 十五 → 2030, 一 → 1957."""
    n = PLAN_NUMERAL.get(numeral)
    if n is None:
        return None
    return PLAN_ENDS.get(n, 1955 + 5 * n)


# --- cues, in the order they are read --------------------------------------------------------------
# One regex; each named group is one kind of cue. A cue inside a comparison base is no cue of the
# goal's period (比上年增长 / 比2020年下降13.5% / 较2020年 / 与上年持平): BASE_BEFORE is checked first.
PERIOD_CUES = re.compile(
    # a five-year plan by its number: “十五五”时期 / 十四五期间 / “十三五”末
    r"(?P<fyp>[“\"]?(?P<fypn>十[一二三四五六]|[一二三四五六七八九十])五[”\"]?(?:规划|计划)?(?:时期|期间|末|以来)?)"
    # a year written out, with what it means: 到2030年 / 2025年底前 / 2026年 / 2024—2026年
    r"|(?P<yr>(?P<yrto>到|至|截至|截止到|力争到|争取到|在)?(?:(?P<yrfrom>(?:19|20)[0-9]{2})年?[-—－~～至到])?"
    r"(?P<yrn>(?:19|20)[0-9]{2})年(?P<yrtail>底前|底|末|前|内|以前|之前|左右)?)"
    # this year, next year: 今年 / 全年 / 年内 / 本年度 / 明年
    r"|(?P<this>今年|全年|年内|本年度)"  # not 当年: that year, in narration
    r"|(?P<next>明年|下一年)"
    # the past: 去年 / 上年 / 过去五年 / 五年来 / 这五年 / 近五年 / 已经 / 以来
    r"|(?P<past>去年|上一年|上年|过去(?:的)?(?:一年|一年里|[两二三四五六七八九十几]年)|[两二三四五六七八九十几]年来|这[两二三四五]年"
    r"|近[两二三四五]年|五年来|多年来|以来|已经|已(?=[经达实完建超提累]))"
    # several years ahead: 今后五年 / 未来五年 / 三年内 / 再用三年 / 到本世纪中叶
    r"|(?P<ahead>(?:今后|未来|再用|用|力争用)(?P<aheadn>[一二两三四五六七八九十]|[0-9]{1,2})年(?:内|时间|左右)?"
    r"|(?P<withinn>[一二两三四五六七八九十])年内)"
    # averages and totals over a span: 年均 / 累计 / 五年累计 / 平均每年 (细颗粒物年均浓度 is one year's mean)
    r"|(?P<span>(?:年均|年平均)(?!浓度|值|气温|降水|水平)|平均每年|每年平均|累计)"  # not 年均浓度 (an annual mean)
)
# A cue straight after these is a comparison base, not a period: 比上年 / 较2020年 / 高于上年 (与上年相比:
# BASE_AFTER; 与/和 alone join periods as often: 发展成就和“十五五”时期主要目标).
BASE_BEFORE = re.compile(r"(?:比|较|相对|对比|高于|低于|快于|超过)$")
# …and one followed by these is a base as well: 2020年基础上 / 上年基数 / 上年水平.
BASE_AFTER = re.compile(r"^(?:的?基础上|的?基数|的?水平|同期|实际|数|为基期|相比|比较)")

# A plan named as the year's place in it is this year: 今年是“十五五”起步之年 / 确保“十五五”良好开局 /
# “十四五”规划收官之年.
YEAR_OF_PLAN_AFTER = re.compile(r"^(?:规划)?(?:的)?(?:起步之年|开局之年|良好开局|开好局|开局|起步|开篇|第一年|首年|收官之年|收官"
                                r"|关键之年|承上启下之年|攻坚之年)")

# Forecasts: figures that nobody sets, only expects (预计高校毕业生1222万人 / 有望突破).
FORECAST = re.compile(r"预计|预测|估计|预料|有望|可望|将达到?(?=[0-9０-９一二三四五六七八九十百千万])")
# Counts of people the government does not set, stated as the year's conditions:
# 高校毕业生超过1170万人 / 今年应届毕业生 / 需要在城镇就业的劳动力… / 退役军人…
NOT_SET_COUNTS = re.compile(r"(?:高校|应届|大中专|大学)?毕业生|需要(?:在城镇)?就业的|新成长劳动力|劳动年龄人口"
                            r"|适龄人口|新生儿|出生人口")

# Results: a figure of the past read from the verb: 增长了 / 达到了 / 完成了 / 从A增加到B in a
# paragraph about the past (a plan's 从A提高到B is a goal: the period cues decide).
# 粮食产量只有二千二百六十亿斤 / 已达 states where things stand, not where they are to go.
PAST_VERB = re.compile(r"(?:增长|增加|提高|下降|降低|达到|完成|实现|突破|超过|减少|提升)了|只有|仅有|仅为|已达|已有")

# A narrated sentence that names the coming year's goal: 中央提出今年经济增长预期目标为7%左右 (not 经济恢复
# 好于预期，全年…增长2.3%: 全年 there is the year past).
NAMES_YEAR_GOAL = re.compile(r"(?:今年|明年)[^。；]*?目标")
