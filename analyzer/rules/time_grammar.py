"""The time grammar: every time expression policy documents use, as regular expressions with examples —
deadlines read them (`extract/deadlines.py` normalises a match to dates), targets strip them from an indicator's
lead (在本季度末前新增… → 新增…), task tables recognise a 完成时限 cell by them, and subject lead-ins skip them.
A new time form is added here (and to the test table in tests/test_deadlines.py); every stage then knows it.

Digits are ASCII here: `normalize.py` folds full-width digits (２０２４ → 2024).
"""
from __future__ import annotations

import re

# ---------------------------------------------------------------------------
# Candidate grammar. Each piece is a regex fragment; CANDIDATE joins them.
# ---------------------------------------------------------------------------

# Characters that make up numbers; a number we read must not continue one
# (no 十五 inside 二十五, no 3月 inside 13月).
NUM_CHARS = "0-9〇零○一二三四五六七八九十两百千"
NOT_IN_NUMBER = rf"(?<![{NUM_CHARS}第.．])"

# A calendar year: 2024 / 二〇二五 / 一九九八 — and 二0二0 / 二OO二, as scraped and typed
# texts often write 〇 (full-width ０ reaches here as 0)
ZERO_LOOKALIKES = "0OＯ"
YEAR = (r"(?:[12][0-9]{3}|[一二][〇零○九" + ZERO_LOOKALIKES + r"][〇零○一二三四五六七八九"
         + ZERO_LOOKALIKES + r"]{2})")
# A month number: 6 / 06 / 12 / 十二 / 三
MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
# A day of the month: 15 / 5 / 三十一 / 十五
DAY = r"(?:3[01]|[12][0-9]|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
# A count: 3 / 30 / 三 / 两 / 十五 / 半
COUNT = r"(?:[0-9]{1,3}|[一二三四五六七八九十两]{1,3}|半)"
# "by"-prepositions kept in the mention's text: 到2025年 / 截至年底 / 到本世纪中叶 / 有效期至2027年12月31日 /
# 执行至2025年底 / 从即日起至2024年12月31日 (至 "until" after a verb of lasting or a start).
# Not after 达 (达到2020年水平) nor after a number (1到6月).
TO = (rf"(?<![达{NUM_CHARS}])(?:到|截至|截止到|截止|有效期限?至|"
       r"(?:(?<=执行)|(?<=实施)|(?<=施行)|(?<=延长)|(?<=延续)|(?<=持续)|(?<=保留)|(?<=过渡)|(?<=即日起)|(?<=之日起))至)")
TO_WORDS = ("到", "截至", "截止", "有效期", "至")
# 到 is "by" at a clause start or after these (要到, 力争到, 确保到, 计划到, 直到, 从现在起到);
# after other words it ends a verb (考虑到今年, 关系到“七五”期间).
TO_MAY_FOLLOW = frozenset("要将拟并再就应须能可取争保划计还也都均直等起")
# Opening / closing quotes around a plan's name: “十四五” / "十四五" / 「十四五」
_OPEN_Q, _CLOSE_Q = "[“\"‘「]", "[”\"’」]"

# 1. Five-year plans: “十四五”期间 / “十四五”末 / 十三五时期 / 到“十五五”末 / “十四五”规划期内
#    (a plan as a name — “十四五”规划 — has no period word and is not matched)
PLAN = (
    rf"(?P<plan>(?:{TO})?{_OPEN_Q}?{NOT_IN_NUMBER}(?P<plan_n>十[一二三四五六七八九]?|[一二三四五六七八九])五"
    rf"{_CLOSE_Q}?(?:规划)?(?P<plan_part>期间|时期|期内|末期|期末|末))"
)

# 2. The century's horizons: 到本世纪中叶 / 本世纪末 / 本世纪头二十年 / 二十一世纪前十年
CENTURY = (rf"(?P<century>(?:{TO})?(?P<cent_name>本|二十一|21)世纪"
            rf"(?P<cent_part>中叶|末|(?:头|前)(?P<cent_years>{COUNT})年))")

# 3. Ranges of years: 2024—2026年 / 2024年至2026年 / 从2021年到2025年 / 2024-2026年底
RANGE = (
    rf"(?P<range>(?:从|自)?(?<![0-9])(?P<r1>{YEAR})年?[至到—－\-~～–]{{1,2}}"
    rf"(?P<r2>{YEAR})年(?:底|末)?)"
)


def within_year(p: str, part_required: bool) -> str:
    """A part of a year, then a "by" suffix, group names prefixed with `p`.

    Parts: 上半年 / 下半年 / 一季度 / 第三季度 / 首季 / 前三季度 / 前两个季度 / 前10个月 / 前两月 /
    后三个月 (the last three) / 第8个月 / 首月 / 6月 / 十二月 / 3月15日 / 全年 / 全年度 / 本季度 / 本月 /
    下个月 / 本月9日 / 下月九号.
    Suffixes: 前 / 以前 / 之前 / 底前 / 底以前 / 底 / 末 / 内 / 以内 / 前后 / 上旬 /
    中旬 / 下旬 (年底 / 年内 after a year: 今年年底, 2024年年内).
    """
    # 前/后半年 and 后三个月 without a year only after a preposition or at a clause start: 验收后3个月内 / 验收后半年内
    # count from an event
    lead = "" if p == "y_" else r"(?:(?<=[在于到至，,；;：:])|(?<![\u4e00-\u9fff]))"
    return (
        rf"(?:(?P<{p}half>[上下]|{lead}[前后])半年"
        rf"|(?P<{p}q>第?[一二三四1-4]季度|首季度?)"
        rf"|前(?P<{p}qs>[一二两三1-3])个?季度"
        rf"|前(?P<{p}ms>[0-9]{{1,2}}|十[一二]?|[一二两三四五六七八九])个?月"
        rf"|{lead}后(?P<{p}lms>[0-9]{{1,2}}|十[一二]?|[一二两三四五六七八九])个?月"
        rf"|第(?P<{p}nth>[0-9]{{1,2}}|十[一二]?|[一二三四五六七八九])个月|(?P<{p}first_m>首月)"
        rf"|{NOT_IN_NUMBER}(?P<{p}mon>{MONTH})月份?(?:(?P<{p}day>{DAY})[日号])?"
        rf"|(?<![安健完齐周])(?P<{p}full>全年度?)(?!龄|级)"  # not 安全年度
        rf"|(?<![以之其])(?P<{p}cur>本季度?|本月|当月|下个?月|上个?月)(?!节|度)(?:(?P<{p}cday>{DAY})[日号])?"  # not 成本月度
        rf"){'' if part_required else '?'}"
        rf"(?P<{p}suf>[年月]?[底末](?:前|之前|以前)?|年?内(?!容|部|外)|以内|之内|前后|以前|之前|前|[上中下]旬(?:前|之前|以前)?"
        rf"|年?初(?!步|期|心|衷|始)(?:前|之前|以前)?|伊始)?"
    )


# A year written with two digits, only before a part of it (a bare 24年 is a duration): 19年底 / 15年3月2日 /
# 07年第三季度 / 零七年八月 / 九七年一季度 / 98年上半年 — in the century that puts it nearest the document's year.
SHORT_YEAR = (rf"{NOT_IN_NUMBER}(?<![0-9])(?P<year2>[0-9]{{2}}|[零〇一二三四五六七八九]{{2}})年"
               rf"(?=第?[一二三四1-4]季度|首季|首月|[上下]半年|[底末]|{NOT_IN_NUMBER}{MONTH}月"
               rf"|[前后][0-9一二两三四五六七八九十]{{1,2}}个?(?:季度|月)|第[0-9一二三四五六七八九十]{{1,2}}个月)")

# 3b. Spans inside one year, the first part without its unit: 2018年1－9月份 / 2019年1-五月 / 2018年2——4月 /
#     2019年4月12-19日 / 从2018年12月九号到十五号 — a range ends at its last day.
SEP = r"(?:至|到|——|[—－\-~～–])"
SPAN_IN_YEAR = (
    rf"(?P<yspan>(?:从|自)?(?<![0-9])(?P<ys_y>{YEAR})年"
    rf"(?:(?P<ys_m1>{MONTH})(?:月份?)?{SEP}(?P<ys_m2>{MONTH})月份?(?P<ys_end>底|末)?"
    rf"|(?P<ys_m>{MONTH})月(?P<ys_d1>{DAY})[日号]?{SEP}(?P<ys_d2>{DAY})[日号]))"
)

# 3c. Dates in digits, as tables and notices write them: 2024-12-31 / 2024/6/30 / 2019.9.6 / 2024.12 /
#     1994.01-19 / 20240630 (not a decimal figure: 2019.5亿元, nor a year range: 2024-2026).
NUMERIC_DATE = (
    r"(?P<numdate>(?<![0-9.])(?:(?P<nd_y>[12][0-9]{3})[-/.](?P<nd_m>1[0-2]|0?[1-9])"
    r"(?:[-/.](?P<nd_d>3[01]|[12][0-9]|0?[1-9]))?"
    r"|(?P<nd8_y>[12][0-9]{3})(?P<nd8_m>0[1-9]|1[0-2])(?P<nd8_d>0[1-9]|[12][0-9]|3[01]))"
    r"(?![0-9.%％万亿元倍个])(?:前|之前|以前)?)"
)

# 4. Dated: an explicit or relative year, then optionally a part of it and a suffix.
#    2024年底前 / 2024年度 / 到2025年 / 2026年6月底前 / 二〇二五年底 / 2025年前 /
#    今年 / 今年年底 / 明年6月 / 今年上半年 / 明年一季度 / 本年度 /
#    (not 如今年轻人, 说明年度计划)
#    上年 / 去年同期 / 上年年底 (matched so that they are consumed, then dropped as past)
DATED = (
    rf"(?P<dated>(?:{TO})?"
    rf"(?:(?<![0-9])(?P<year>{YEAR})年(?P<year_du>度)?"
    # 2024年的第三个月 / 2024年的前两个季度: 的 before a part of the year
    rf"(?:的(?=第[0-9一二三四五六七八九十]+个月|第?[一二三四1-4]季度|[上下前后]半年|前[0-9一二两三四五六七八九十]))?"
    rf"|{SHORT_YEAR}"
    rf"|(?P<rel>今年度?(?!轻)|本年度?|(?<![说表证标查阐讲注声指写载])明年|当年|次年|上一?年度?|去年|前年))"
    + within_year("y_", part_required=False) + ")"
)

# 5. Within a span counted from the document date: 三年内 / 两年内 / 5年内 / 半年内 /
#    3个月内 / 半个月内 / 半月内 / 一个半月内 / 30个工作日内 / 三到五年内 / 未来三年 /
#    今后五年 / 今明两年 /
#    (用)3年时间 / (用)两年左右时间 / 经过5年左右努力 / 经过5—10年左右时间 / 三到五年时间内 /
#    (争取)在2－3年.
#    A count with neither 未来/今后, 内, 经过/用…时间 nor 时间内 (三年行动方案, 近两年来) is not matched.
W_SPAN = (
    rf"{NOT_IN_NUMBER}(?P<w_n>{COUNT})(?:[到至—－\-~、](?P<w_n2>{COUNT}))?"
    rf"(?P<w_unit>个?工作日|天|日|周|个?星期|个半月|个月|(?<=半)月|年半|年)"
)
WITHIN = (
    rf"(?P<within>今明两年"
    rf"|(?P<w_future>未来|今后){W_SPAN}(?:以内|之内|内|间)?"
    rf"|{W_SPAN.replace('?P<w_', '?P<w2_')}(?:左右)?的?(?:时间)?(?:以内|之内|内)"
    rf"|(?<=用){W_SPAN.replace('?P<w_', '?P<w3_')}(?:左右)?的?时间"
    rf"|(?:经过|通过){W_SPAN.replace('?P<w_', '?P<w4_')}(?!以上|以来|多)(?:左右)?的?(?:时间|努力|奋斗|建设)?"
    rf"|(?:(?<=争取)|(?<=力争)|(?<=计划))在{W_SPAN.replace('?P<w_', '?P<w5_')}(?![0-9年月日个天周内以之左时多])"
    ")"
)

# 6. Undated: a part of the year with no year before it, or a bare year/month end
#    (not 三年内 seen from its 年, 多年内).
#    年内 / 年底前 / 年底以前 / 年末 / 全年 / 全年度 / 首季 / 一季度 / 上半年 / 下半年 /
#    本季度 / 6月底前 / 9月前 / 11月底 / 3月15日前 / 十二月底 / 月底前 / 6月中旬
UNDATED = (
    rf"(?P<undated>(?:{TO})?"
    rf"(?:(?<![{NUM_CHARS}第个半多几数近该同])(?P<solo>[年月](?:[底末](?:前|之前|以前)?|内(?!容|部|外)"
    rf"|初(?!步|期|心|衷|始)(?:前|之前|以前)))"
    rf"|" + within_year("u_", part_required=True) + "))"
)

# 7. Recurring deadlines: 每年2月底前 / 每月23日前 / 每年年底前 / 每季度末 — a limit that comes back every
#    period; kept with no end (basis ``recurring``). A bare 每年 / 每季度 (每季度通报一次) is no deadline.
RECURRING = (rf"(?P<recurring>每(?:年|个?月|季度?|半年)(?:年?[底末](?:前|之前|以前)?"
              rf"|(?:{NOT_IN_NUMBER}{MONTH}月份?(?:{DAY}[日号])?|{NOT_IN_NUMBER}{DAY}[日号])"
              rf"(?:[底末](?:前|之前|以前)?|前|之前|以前)))")

# 8. Holidays and seasons, read by jionlp: 春节前 / 国庆节前 / 元旦前 / 汛期前
#    (not 防汛前期准备)
HOLIDAY = r"(?P<holiday>(?:春节|元旦|清明节?|五一|劳动节|端午节?|中秋节?|国庆节?|汛期|汛)(?:前|之前|以前)(?!期))"

# 9. A start and a duration, read together: 自2024年1月1日起施行，有效期3年 / 从2023年7月1日起实施，执行期限为5年 —
#    the period ends the day before the start's anniversary (the start alone is no deadline, see START_BEFORE)
START_AND_DURATION = re.compile(
    rf"(?:自|从)(?P<sy>{YEAR})年(?:(?P<sm>{MONTH})月(?:(?P<sd>{DAY})[日号])?)?起[^。；;]{{0,12}}?"
    rf"(?:有效期限?|执行期限?|实施期限?|期限)(?:为|是)?(?P<dn>{COUNT})(?P<du>年|个月)")

# The alternatives. At one position the first alternative that matches wins, so
# longer forms come first (2024年至2026年 before 2024年; 2024年内 before 24年内).
ALTERNATIVES = "|".join((RECURRING, PLAN, CENTURY, RANGE, SPAN_IN_YEAR, NUMERIC_DATE, DATED, WITHIN,
                          UNDATED, HOLIDAY))
# Every candidate starts with one of these characters (到/截至, quotes, 本世纪, 从/自,
# numbers, 今年/明年/当年/次年/上年/去年/前年, 未来, 年内/月底, 上半年/下半年/下个月,
# 第/首/全/前 + period, holidays). The lookahead lets the engine skip every other
# position at once: about ten times faster on running text.
FIRST_CHARS = "每到截有至经通在“\"‘「本从自0-9零〇一二三四五六七八九十两半今明当次上去前后未年月下第首全春元清劳端中国汛"
CANDIDATE = re.compile(f"(?=[{FIRST_CHARS}])(?:{ALTERNATIVES})")

# ---------------------------------------------------------------------------
# Context around a candidate (searched in a few characters before / after it)
# ---------------------------------------------------------------------------

# A starting point, not a deadline: 从今年起 / 自2024年起 / 今年以来 / 2025年以后 / 年初
START_BEFORE = re.compile(r"(?:从|自)$")
START_AFTER = re.compile(r"(?:起|开始|以来|来|以后|之后|后(?!续)|初)")
# Comparisons: 比上年 / 较2023年 / 与2020年相比 / 2023年同期 / 在2020年基础上 / 2020年水平
COMPARE_BEFORE = re.compile(r"(?:比|较|与|同|相比|对比|相较于?|较之)$")
COMPARE_AFTER = re.compile(r"的?(?:同期|相比|比较|水平|基础上|翻一番|末水平)")
# Recurring periods: 每年年底前 / 每季度 / 各季度 / 逐年 / 历年 / 往年 / 按季度 / 分季度
RECURRING_BEFORE = re.compile(r"(?:每|各|逐|历|往|按|分)(?:个|一)?年?$")
# Looking back: 近三年内 / 过去两年内 / 最近半年内
LOOKING_BACK = re.compile(r"(?:近|过去|最近|前)$")
# A duration that caps a processing time is a target, not a deadline:
# 审批时间压减至45个工作日以内 / 办电时间压缩到15个工作日以内
LIMITED_BEFORE = re.compile(r"(?:压减|压缩|缩短|降低|降|减少|控制|不超过|不多于|限定|缩减|时间为|时限为|用时)(?:至|到|在|为)?$")
# Names and numbers, not periods: 2024年版 / 2024年第5号
NAME_AFTER = re.compile(r"(?:版|第[0-9一二三四五六七八九十]+号)")
# A bare date needs a preposition to be a task's time: 于3月15日 / 在2024年5月20日
# (a date standing alone, as in （2023年3月28日）, is the date of a document);
# a bare month may also be a clause of its own: 6月，… / a table cell "6月"
# (not 1-6月, 1至6月, 十月革命).
PREPOSITION_BEFORE = re.compile(r"(?:于|在)$")
CLAUSE_START_BEFORE = re.compile(r"(?:^|[，,；;：:（(\s])$")
CLAUSE_END_AFTER = re.compile(r"(?:$|[，,；;：:。！？!?）)\s])")
# A clause that reports something done or under way: 已经 / 已 / 业已 / 曾 / 正在 /
# 了 as a completed-action marker (not 为了, 除了, 了解, 不了), 以来.
DONE_IN_CLAUSE = re.compile(r"已经|业已|已(?!有|知)|曾经|正在|(?<![为除不])了(?![解结如然])|以来")
# A span counted from an event, not from the document: 收到申请之日起15个工作日内 / 项目验收后3个月内 / 期满后30日内 —
# no calendar date follows (basis ``event``); counted from the document's own issue (自本意见印发之日起30日内) or
# from a date (自2024年1月1日起3年内) it is read as before
FROM_EVENT = re.compile(r"(?:之日起|之日|以后|后|起)$")
FROM_DOCUMENT_OR_DATE = re.compile(r"(?:印发|发布|公布|施行|实施|下发|出台)之日起$"
                                    r"|(?:[0-9一二三四五六七八九十][日号]|[年月])起$")
# Two times joined as a range: 7月下旬至8月中旬 / 自2023年6月至12月 / 2023年1月1日—2027年12月31日
RANGE_JOINERS = frozenset({"至", "到", "—", "——", "－", "-", "~", "～", "–"})
# Times listed before a shared suffix: 4月8日、7月1日、10月11日、12月28日前 (each date is a deadline)
LIST_JOINERS = frozenset({"、", "和", "及", "与"})
BY_SUFFIX_END = ("前", "底", "末", "内")
# Clause boundaries for the rules above.
CLAUSE_MARK = re.compile(r"[，,；;：:。！？!?]")
# What continues a time expression the grammar has not read: a count of periods (两个季度, 七个月, 两月), a
# beginning (伊始, 年初, 初), a day after a month word (本月9日, 下月九号), the first month (首月), an
# ordinal month (第8个月), a year after a digit date and a dash (2008.03-2009).
HALF_READ_AFTER = re.compile(
    r"(?:[一二三四五六七八九十两0-9]{1,3}个?(?:季度|月(?!份?[底末内])|周)|伊始|年初|初(?!步|始|心|衷|期)|首月"
    r"|[0-9一二三四五六七八九十]{1,3}[日号]|第[0-9一二三四五六七八九十]+个月|[-—－][12][0-9]{3}(?![0-9]))")
# Book titles: 《立山区政府2023年重点工作任务分解和责任分工方案》
BOOK_TITLE = re.compile(r"《[^《》]*》")

# Relative years: offset from the document's year; None = past or vague (dropped).
REL_YEAR: dict[str, int | None] = {
    "今年": 0, "今年度": 0, "本年": 0, "本年度": 0, "明年": 1,
    # past, and years relative to some other event (当年开工、次年投产)
    "上年": None, "上一年": None, "上年度": None, "上一年度": None, "去年": None, "前年": None,
    "当年": None, "次年": None,
}
# The same words read from the document's year where a past period still counts (a 完成时限 cell); 当年 stays
# unread (relative to some event).
PAST_REL_YEAR = {"上年": -1, "上一年": -1, "上年度": -1, "上一年度": -1, "去年": -1, "前年": -2, "次年": 1}
QUARTER = {"首季": 1, "首季度": 1}

# Characters at least one of which every candidate holds (年, 月, 季度, 日, 周, 天, 期间,
# 末, 世纪, 旬, and holidays: 春节, 元旦, 中秋, 国庆, 元宵, 汛期, 冬春…), or a date in digits: a cheap pre-check.
TIME_CHAR = re.compile(r"[年月季日周天期末纪旬节旦秋庆宵夏冬春]|[12][0-9]{3}[-/.][0-9]|[12][0-9]{7}")

# The grammar as a pattern other rules embed (a target's lead, a table's 完成时限 cell, a subject's lead-in):
# the same alternatives as CANDIDATE, without its named groups, so that it can stand inside another pattern.
TIME_EXPRESSION = re.sub(r"\(\?P<\w+>", "(?:", ALTERNATIVES)
TIME_IN_TEXT = re.compile(TIME_EXPRESSION)
