"""Targets: quantified goals and scales a task sets (spec §3).

    find_targets("城镇新增就业1200万人以上，城镇调查失业率5.5%左右")
    → 城镇新增就业1200万人以上 (1.2e7 人 ≥, indicator 城镇新增就业),
      城镇调查失业率5.5%左右 (5.5 % ≈, indicator 城镇调查失业率)

How it works: `NUMBER` (one regex, compiled at import) finds candidate numbers
with their unit and trailing comparator; each candidate is filtered (dates,
ordinals, quoted names, vague or list-summing numerals) and then grown into a
span — rightwards over the counted noun (194个新开工项目, 千亿级优势产业集群) or,
when nothing is counted after it, leftwards over the named indicator and its
change word (国内生产总值增长5%左右). cn2an reads Chinese numerals; it is
imported on first use only.

Every regex and cue list is in the block below, each with examples.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Optional

from analyzer.records import TargetMention

# ===========================================================================
# Patterns and cue lists
# ===========================================================================

# --- Numbers ---------------------------------------------------------------

# Arabic digits, optional thousands separators and decimals (half or full width).
# 1200 / 1.3 / 4.06 / 1,200 / ５．５ / ３，９８９ (older reports)
_DIGITS = r"[0-9０-９]+(?:[,，][0-9０-９]{3}(?![0-9０-９]))*(?:[.．][0-9０-９]+)?"

# Chinese numerals, the multipliers 万/亿 included: cn2an reads them whole.
# 一千二百万 / 十八亿 / 两千 / 三 / 五点五 / 千亿 (→ 一千亿)
# Traditional forms too (1954 report): 三點六倍 / 二萬五千五百公里.
_CN_DIGITS = r"[零〇○一二两兩三四五六七八九十百千万萬亿億]+(?:[点點][零〇○一二两兩三四五六七八九]+)?"
_CN_CHARS = "零〇○一二两兩三四五六七八九十百千万萬亿億"
_CN_SIMPLIFY = str.maketrans({"兩": "二", "两": "二", "〇": "零", "○": "零", "萬": "万",
                              "億": "亿", "點": "点"})

# Multipliers written after Arabic digits; split off before reading the digits
# (cn2an does not read 1.3万亿). 千 not when it starts a unit (千米, 千瓦, 千克).
# 1.3万亿斤 / 1200万人 / 4.06万亿元 / 3千亿元
_MULT = r"(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千(?![米瓦克卡帕伏兆焦]))"
MULTIPLIERS = {
    "万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "亿": 1e8,
    "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4, "千": 1e3,
}

# --- Units -----------------------------------------------------------------

# Ratios: the value is a share or a factor. 5% / 3‰ / 0.2个百分点 / 三倍 / 两成 (→ 20%)
RATIO_UNITS = ("%", "％", "‰", "个百分点", "百分点", "倍", "成")

# Measures: physical, monetary, people. 1.3万亿斤 / 4.06万亿元 / 1200万人 / 5000公里
MEASURE_UNITS = (
    "元", "美元", "港元", "欧元", "元人民币",
    "吨", "公斤", "千克", "克", "斤", "担", "微克", "毫克",
    "公里", "千米", "米", "平方公里", "平方千米", "平方米", "亩", "公顷", "立方米",
    "千瓦时", "千瓦", "兆瓦", "吉瓦", "度", "标箱", "GW", "MW", "kW", "TEU",
    "人次", "人", "岁",
    # a processing time capped by the task: 审批时间压减至45个工作日以内 (only after a
    # limiting verb, see TIME_LIMIT_BEFORE; otherwise 30个工作日内 is a deadline)
    "个工作日", "工作日", "小时",
)
TIME_MEASURES = ("个工作日", "工作日", "小时")
TIME_LIMIT_BEFORE = re.compile(
    r"(?:压减|压缩|缩短|降低|降|减少|控制|不超过|不多于|限定|缩减|时间为|时限为|时间|时限|用时)(?:至|到|在|为)?$")

# Counting classifiers: what follows is the thing counted.
# 194个新开工项目 / 规上工业企业20家以上 / 保障性租赁住房3000套 / 新建学校5所
COUNT_UNITS = (
    "个", "家", "项", "所", "座", "条", "套", "台", "辆", "架", "艘", "部", "件",
    "种", "类", "张", "床", "间", "名", "位", "只", "头", "株", "棵", "本", "册",
    "场", "次", "处", "片", "块", "栋", "幢", "户", "支", "根", "组", "款", "门",
    "批", "宗", "篇", "例", "所",
)

# A scale: 千亿级优势产业集群 / 百亿级产业集群 / 10亿元级 (only after a 百/千/万/亿 numeral).
SCALE_UNIT = "级"

# Unit characters that also start ordinary words: not a unit when followed by these.
# 900多万个体工商户 (个体) / 所有 / 部门 / 条件 / 支持 / 批准 / 担任 / 一成不变
UNIT_GUARDS = {
    "个": "体人性别案", "家": "庭族乡园长属", "所": "有在属得以谓", "部": "门分署队",
    "户": "籍口", "名": "单称牌列优", "位": "置于", "批": "准复发示", "门": "户槛类诊",
    "场": "所景馆地", "处": "理置罚于", "本": "地级身质", "支": "持出付撑部", "根": "据本",
    "条": "件例", "种": "植子业类", "组": "织建成", "担": "任保当负", "架": "构",
    "台": "湾账阶", "座": "谈", "项": "目", "间": "接隔", "只": "有要是能", "克": "服",
    "度": "假", "成": "不为立本果功就长员熟效品型都",
}
_UNIT_WORDS = sorted(set(RATIO_UNITS + MEASURE_UNITS + COUNT_UNITS + (SCALE_UNIT,)),
                     key=len, reverse=True)
# A unit, optionally per another: 35微克/立方米
_UNIT = "(?:{0})(?:/(?:{1}))?".format(
    "|".join(re.escape(u) + ("(?![{}])".format(UNIT_GUARDS[u]) if u in UNIT_GUARDS else "")
             for u in _UNIT_WORDS),
    "|".join(map(re.escape, sorted(MEASURE_UNITS, key=len, reverse=True))))

# Comparators written after the number. 1200万人以上 / 5%左右 / 4.5%以内 / 1000多家
POST_COMPARATORS = {
    "以上": "≥", "多": "≥", "余": "≥",
    "以下": "≤", "以内": "≤", "之内": "≤",
    "左右": "≈", "上下": "≈",
}
_POST = r"(?:以上|以下|以内|之内|左右|上下)"

# Range separators. 6%-6.5% / 6%—6.5% / 6%－6.5% / 6%至6.5% / 6-6.5% / 6%~6.5%
_RANGE_SEP = r"(?:——|[-—–~～－―至到])"

# The candidate finder. Alternatives, tried in this order at each position:
#   pct   百分之五 / 百分之五点五 / 千分之三 / 百分之八至九 / 百分之八到百分之九
#   fan   翻一番 / 翻两番 (doublings)
#   range 6%-6.5% / 6-6.5% / 3000-5000万元 (the upper bound needs a unit)
#   num   1200万人以上 / 1.3万亿斤 / 千亿级 / 194个 / 一千二百多万人 / 1000万以上 / 5%
NUMBER = re.compile(
    rf"(?P<pct>(?P<pctk>百分之|千分之)(?P<pctn>{_CN_DIGITS}|{_DIGITS})"
    rf"(?:{_RANGE_SEP}(?:百分之|千分之)?(?P<pcthi>{_CN_DIGITS}|{_DIGITS}))?)(?P<pctpost>{_POST})?"
    rf"|(?P<fan>翻(?P<fann>[一两二三四])番)"
    rf"|(?P<lo>{_DIGITS})(?P<lomult>{_MULT})?(?P<lounit>%|％|‰)?\s?{_RANGE_SEP}"
    rf"(?P<hi>{_DIGITS})(?P<himult>{_MULT})?(?P<hiunit>{_UNIT})(?P<rpost>{_POST})?"
    rf"|(?P<num>{_DIGITS}|{_CN_DIGITS})(?P<more>多|余)?(?P<mult>{_MULT})?(?P<more2>多|余)?"
    rf"(?P<unit>{_UNIT})?(?P<post>{_POST})?"
)

# --- Filters ---------------------------------------------------------------

# A number right after one of these is not a target: 第七届 (ordinal), 每千人口 (a
# rate's denominator, part of the indicator: 每千人口执业医师数), 初一, 前10名 (a rank),
# 以上十四条 / 这两个 / 上述三项 (pointing back at what was said).
NOT_AFTER = ("第", "每", "初", "前", "这", "那", "上述", "以上")

# Arabic digits glued to Latin letters, other digits or version marks are names:
# 5G / PM2.5 / COVID-19 / M2 / 2024-2025年 / 〔2024〕15号.
ARABIC_GLUE_BEFORE = re.compile(r"[A-Za-z0-9０-９_.．/\-—~～－]$")
ARABIC_GLUE_AFTER = re.compile(r"^[A-Za-z]")

# 个 followed by a time word is a duration (deadline matter): 3个月 / 5个工作日.
DURATION_AFTER_GE = re.compile(r"^(?:多|余)?(?:月|工作日|小时|季度|星期|周|年|世纪|学期)")

# Quotation and title marks: anything inside names a programme or slogan.
# “一方案十专案” / "12221" / 《…三年行动方案》 / 「…」
QUOTE_PAIRS = {"“": "”", "《": "》", "「": "」", "『": "』", "‘": "’", "〈": "〉"}
ASCII_QUOTES = "\"＂"

# Words before a single-character Chinese numeral that make it a quantity rather
# than a label: 新建三所学校 / 增加两个 / 超过五家. Without one, 四个关键环节,
# 三种例会形式, 十件实事, 两个中国软件名城, 市县两级 are names or list counts.
SMALL_CN_OK_AFTER = re.compile(
    r"(?:新增|新建|增加|增长|建成|达到|超过|不少于|至少|减少|下降|提高|提升|扩大)$")

# --- Growing the span ------------------------------------------------------

# Characters that end a phrase on either side of the number.
# 国内生产总值增长5%左右，城镇… / 目标是：国内… / 发展、
HARD_STOPS = set("，,；;：:。！？!?、（）()【】[]<>《》“”\"‘’「」『』 \t\u3000")

# Words after which the indicator starts (the last one in the clause wins).
# 局要新增规上工业企业 → 规上工业企业; 现行16%的税率 → 税率; 和 / 与 / 及 / 并 join phrases.
# Not 主要/重要/需要 (要 inside a word), 要素/要求; not 工业和信息化, 参与, 及时.
CUT_BEFORE_INDICATOR = re.compile(
    r"(?<![主重需必纲摘只概扼提首])要(?![素求点件害闻务])"
    r"|的|(?<!工业)和(?!信息化|谐|平)|(?<!参)与|以及|及(?!时|以上)"
    r"|(?<![合兼吞])并(?!购|网|联)|把|(?<!即)将(?!来)|使(?!用)|(?<!出)让(?!利)|对于|其中|是"
    r"|(?<!平|均|对|相|同)等(?!级|同|于|量|额|待)"
    r"|(?<=[各地市县区省])可|可(?=[降提增减达控保])|(?<![供反相])应(?![用急对])|必须|须"
    r"|需要|需(?![求])"
)

# Leading words stripped from the indicator: enumerators, prepositions, time words,
# modal adverbs and the task's own verb. 1.努力实现地区生产总值增长 → 地区生产总值增长;
# 于2024年底前建成保障性租赁住房 → 保障性租赁住房; 期间培育高新技术企业 → 高新技术企业.
LEAD_ENUMERATOR = re.compile(
    r"^(?:[0-9]{1,3}[.．、](?![0-9])|[（(][一二三四五六七八九十0-9]{1,3}[）)]"
    r"|[一二三四五六七八九十]{1,2}[是要、]|第[一二三四五六七八九十]+[，,、]?|首先|其次|最后)")
LEAD_TIME = re.compile(
    r"(?:于|在|到|至|截至|从|自|力争在|争取在)?"
    r"(?:(?:[0-9０-９]{4}|[〇○零一二三四五六七八九]{4})年(?:度|底|末|初|前|内|之前|间)?"
    r"|[0-9０-９]{1,2}月(?:底|末|初|份)?"
    r"|今年|明年|全年|年内|年底|年末|本年度?|当年|上半年|下半年|[一二三四1-4]季度|首季度?"
    r"|(?:这|近|过去|今后|未来|最近)?(?:[一二两三四五六七八九十]|[0-9０-９]{1,2})年(?:内|来|间|中)?"
    r"|期间|时期|以来|末|初|底|前|内|先|今后|此外|同时|另外|其中|即|也|又|还)"
)
LEAD_WORDS = (
    "努力", "力争", "争取", "力求", "确保", "保证", "实现", "推动", "促进", "保持", "推进",
    "增加", "减少",
    "加快", "加大", "实施", "开展", "完成", "新增", "建成", "新建", "改建", "建设", "培育",
    "打造", "提高", "提升", "安排", "拟安排", "拟", "预计", "计划", "发行", "投入", "下达",
    "引进", "招引", "吸引", "带动", "落实", "争创", "创建", "认定", "扶持", "支持", "设立",
    "布局", "帮助", "组织", "举办", "减轻", "继续", "进一步", "全面", "累计", "再", "共",
    "使", "让", "达到", "超过", "提出", "要求", "力保", "保障", "只要", "基本", "全部",
    "总共", "合计", "新开工", "开工", "治理", "守住", "守牢", "牢牢", "坚决", "切实", "大力",
    "积极", "全力", "着力", "稳步", "有序", "逐步", "深入", "持续", "严格", "扎实",
    "一律", "统一", "均", "都",
)
# …not when the word is the head of a noun: 保障性租赁住房 / 增加值 / 发行量 / 投入强度.
_LEAD_WORDS_RE = re.compile(
    "(?:" + "|".join(sorted(LEAD_WORDS, key=len, reverse=True)) + ")(?![性值率量型额度费强])")
# Of the lead words, the ones kept in a target's text when nothing else names it:
# 今年先发行1万亿元 → 发行1万亿元 (but not 今年, 先).
TEXT_VERBS = frozenset(LEAD_WORDS) - {"努力", "力争", "争取", "力求", "确保", "保证", "一律", "统一", "均", "都",
                                      "继续", "进一步", "全面", "基本", "全部", "再", "共",
                                      "使", "让", "拟", "预计", "计划"}
# Verbs inside a long indicator after which it starts again:
# 深入实施制造业数字化转型行动推动工业企业研发投入 → 工业企业研发投入.
INNER_VERBS = re.compile(
    r"(?:实施|推动|推进|加快|确保|实现|力争|争取|培育|建成|打造|安排|完成|开展|支持|鼓励|引导)")

# Link words between the indicator and the number: in the text, not in the indicator.
# Value is the comparator they imply (None: read it from the change word, or "=").
# 空气质量优良天数比例达到80% / 赤字率拟按3% / 占比至75% / 各地可降至16%
LINK_COMPARATORS = {
    "超过": "≥", "不低于": "≥", "不少于": "≥", "至少": "≥", "达到": "≥", "达": "≥",
    "突破": "≥", "逾": "≥", "高于": "≥", "提高到": "≥", "提高至": "≥", "提升到": "≥",
    "提升至": "≥", "增加到": "≥", "增加至": "≥", "增长到": "≥", "增长至": "≥", "增至": "≥",
    "扩大到": "≥", "扩大至": "≥",
    "约": "≈", "大约": "≈", "近": "≈", "将近": "≈", "接近": "≈",
    "不超过": "≤", "不高于": "≤", "控制在": "≤", "降至": "≤", "降到": "≤", "降低到": "≤",
    "降低至": "≤", "下降到": "≤", "下降至": "≤", "压减至": "≤", "压降至": "≤", "低于": "≤",
    "减少到": "≤", "减少至": "≤", "缩减至": "≤", "缩小到": "≤", "缩小至": "≤", "不到": "≤",
    "达到了": "≥", "了": None, "定为": None, "有": None, "拥有": None, "共有": None,
    "具有": None, "占": None, "设定为": None, "确定为": None,
    "保持在": None, "稳定在": None, "拟按": None, "按": None, "为": None, "至": None,
    "到": None, "再": None, "分别": None, "共": None, "累计": None, "总计": None, "合计": None,
}
_LINK_RE = re.compile(
    "(?:" + "|".join(sorted(LINK_COMPARATORS, key=len, reverse=True)) + ")$")

# Change words ending an indicator: kept in it (国内生产总值增长, 能耗降低).
# Their direction reads a bare 至 (提高…占比至75% → ≥).
CHANGE_UP = ("增长", "增加", "上涨", "上升", "提高", "提升", "扩大", "上调", "增产", "递增",
             "增收")
CHANGE_DOWN = ("下降", "降低", "减少", "压减", "削减", "压缩", "减轻", "回落", "下调", "缩小",
               "压降", "减产", "递减", "缩减", "核减", "调减")
_CHANGE_RE = re.compile(
    "(?:" + "|".join(sorted(CHANGE_UP + CHANGE_DOWN, key=len, reverse=True)) + ")$")
# A comparison base just before 翻…番: 国内生产总值比2000年翻一番 → indicator 国内生产总值翻.
BASE_ONLY = re.compile(r"(?:同|与|比|较)[^，,；;。]{1,12}?$")
# A comparison base before the change word is left out of the indicator, and out of
# the text when nothing is named before it: 比上年年初预算增加1800亿元 → 增加1800亿元;
# 比去年预算高0.2个百分点 → 高0.2个百分点; 同比增长.
COMPARISON = re.compile(
    r"(?:(?:同|与|和|跟)[^，,；;。]{1,12}?(?:相比|比较)|同比|环比|比|较|按(?=[^，,；;。]{0,8}(?:数额|基数|水平|实际)))"
    r"[^，,；;。比较]{0,12}?(?P<chg>"
    + "|".join(sorted(CHANGE_UP + CHANGE_DOWN, key=len, reverse=True))
    + r"|高出|高|低|多|少)$")
# Words dropped from the indicator (not from the text), so that one indicator reads
# the same across years: 经费再压减 → 经费压减; 城镇调查失业率全年 → 城镇调查失业率;
# 湿地保护率均 → 湿地保护率; 贷款要增长 → 贷款增长.
INDICATOR_NOISE = re.compile(
    r"(?<=.)(?:再|又|还|只|继续|进一步|分别|力争|争取|(?<![人平年])均|全年|今年|明年|年内|当年"
    r"|(?:到|在|于)?(?:[0-9０-９]{4}|[〇○零一二三四五六七八九0]{4})年(?:底|末)?前?|年均$|从$|由$)")
_ANY_UP = re.compile("|".join(CHANGE_UP))
_ANY_DOWN = re.compile("|".join(CHANGE_DOWN))

# Modal words that may stand between the indicator and its change:
# 小微企业贷款要增长30%以上 → indicator 小微企业贷款增长.
MODALS = frozenset({"要", "将", "应", "可", "须", "必须", "需"})
MODAL_TAIL = re.compile(r"(?:将要|将|要|应当|应该|应|可以|可|需要|需|必须|须|也|还|仍|都)+$")
# …unless what stands before the modal is who acts: 各地可降至16% / 市发展改革委要….
UNIT_LIKE = re.compile(
    r"(?:局|委|厅|办|部|处|署|院|会|室|中心|政府|各地|地方|各级|市|县|区|省|镇|乡|街道"
    r"|单位|部门|我们|各方|企业|银行|机构|公司|集团)$")

# The counted noun after 个/家/级…: stop at these words (and at HARD_STOPS).
# 2个国家制造业…城市试点和4个… / 194个新开工项目，要… / 100家企业实现…
NOUN_STOPS = re.compile(
    r"(?:的|和|与|及|以及|或|等|并|要|将|在|为|是|于|以|向|让|使|把|被|对|从|到|由"
    r"|实现|完成|建成|(?<!新)开工|投产|达到|纳入|进入|参与|获得|开展|进行|落地|推动|推进|加快"
    r"|提升|提高|带动|覆盖|全部|基本|已|均|各|分别|累计|共|左右|以上|以下)")
NOUN_MAX = 20
# Trailing nominalised verbs trimmed from the counted noun: …城市试点建设 → …城市试点.
NOUN_TRAILING = re.compile(r"(?:建设|工作|任务)$")
INDICATOR_MAX = 18

# From one rate to another: the span keeps both, the value is the new one.
# 现行16%的税率降至13% → 16%的税率降至13% (13.0, ≤, indicator 税率); 由6%调整为5%
FROM_TO = re.compile(
    r"(?:的(?P<noun>[^，,；;：:。、0-9０-９]{1,8}?))?"
    r"(?P<verb>降至|降到|降为|下调至|下调到|下调为|调整为|调整到|调整至|提高到|提高至"
    r"|上调至|上调到|上调为|调至|调到|调为|增长到|增加到|扩大到|下降到|降低到|减少到"
    r"|提升到|提升至)(?=[0-9０-９" + _CN_CHARS[1:] + "]|百分之)")
FROM_TO_COMPARATORS = {"降至": "≤", "降到": "≤", "下调至": "≤", "下调到": "≤", "下降到": "≤",
                       "降低到": "≤", "减少到": "≤", "提高到": "≥", "提高至": "≥",
                       "上调至": "≥", "上调到": "≥", "增长到": "≥", "增加到": "≥",
                       "扩大到": "≥", "提升到": "≥", "提升至": "≥"}

# ===========================================================================


@functools.lru_cache(maxsize=1)
def _cn2an():
    """cn2an, imported on first use (it is slow to import and not needed to start)."""
    import cn2an

    return cn2an


@functools.lru_cache(maxsize=4096)
def _read_chinese(numeral: str) -> Optional[float]:
    """一千二百万 → 12000000.0; 千亿 → 1e11; 两 → 2.0; None when not a numeral (一二三, 十四五)."""
    s = numeral.translate(_CN_SIMPLIFY)
    if s[0] in "百千万亿":
        s = "一" + s
    try:
        return float(_cn2an().cn2an(s, "strict"))
    except (ValueError, KeyError, IndexError):
        return None


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def _read_number(digits: str, mult: Optional[str] = None) -> Optional[float]:
    """'1.3', '万亿' → 1.3e12; '一千二百' → 1200.0."""
    if digits[0] in _CN_CHARS:
        value = _read_chinese(digits)
        return value * MULTIPLIERS[mult] if value is not None and mult else value
    exact = Decimal(digits.replace(",", "").replace("，", "").translate(_FULL_WIDTH))
    if mult:
        exact *= Decimal(int(MULTIPLIERS[mult]))
    return float(exact)  # 4.06万亿 → 4.06e12 exactly, not 4059999999999.9995


def _quoted_spans(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of every quoted or titled stretch: “…”, 《…》, "…"."""
    spans, stack = [], []
    ascii_open = None
    for i, ch in enumerate(sentence):
        if ch in QUOTE_PAIRS:
            stack.append((ch, i))
        elif stack and ch == QUOTE_PAIRS[stack[-1][0]]:
            spans.append((stack.pop()[1], i + 1))
        elif ch in ASCII_QUOTES:
            if ascii_open is None:
                ascii_open = i
            else:
                spans.append((ascii_open, i + 1))
                ascii_open = None
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < pos < e for s, e in spans)


def _clause_start(sentence: str, pos: int, floor: int) -> int:
    """Start of the phrase the number at `pos` is in: after the last hard stop."""
    i = pos
    while i > floor and sentence[i - 1] not in HARD_STOPS:
        i -= 1
    return i


def _raw_clause(sentence: str, pos: int) -> str:
    """Text from the last ，；：。 before `pos` (quotes and 、 kept) to `pos`."""
    i = pos
    while i > 0 and sentence[i - 1] not in "，,；;：:。！？!?":
        i -= 1
    return sentence[i:pos]


# ---------------------------------------------------------------------------
# Candidates
# ---------------------------------------------------------------------------


class _Candidate:
    """A number with its unit and comparator, before the span is grown."""

    __slots__ = ("start", "end", "value", "upper", "unit", "measure", "kind", "post")

    def __init__(self, start, end, value, upper, unit, measure, kind, post):
        self.start, self.end = start, end
        self.value, self.upper = value, upper
        self.unit, self.measure, self.kind = unit, measure, kind
        self.post = post


def _unit_kind(unit: Optional[str]) -> Optional[str]:
    if not unit:
        return None
    base = unit.split("/")[0]
    if base in RATIO_UNITS:
        return "ratio"
    if base == SCALE_UNIT:
        return "scale"
    if base in COUNT_UNITS:
        return "count"
    return "measure"


def _measure_of(unit: Optional[str]) -> Optional[str]:
    if unit in ("%", "％"):
        return "%"
    if unit in ("个百分点", "百分点"):
        return "百分点"
    if unit == "成":
        return "%"
    if unit == SCALE_UNIT:
        return None
    if unit == "个工作日":
        return "工作日"
    return unit


def _candidate(m: re.Match, sentence: str, quoted) -> Optional[_Candidate]:
    """Read one regex match; None when it is no target number."""
    start, end = m.start(), m.end()
    if _inside(start, quoted):
        return None
    before = sentence[max(0, start - 8):start]  # enough for every cue word
    if before.endswith(NOT_AFTER):
        return None
    if m.group("pct"):
        value = _read_number(m.group("pctn"))
        if value is None:
            return None
        measure = "‰" if m.group("pctk") == "千分之" else "%"
        upper = _read_number(m.group("pcthi")) if m.group("pcthi") else None
        if upper is not None and upper <= value:
            return None
        return _Candidate(start, end, value, upper, measure, measure, "ratio",
                          m.group("pctpost"))
    if m.group("fan"):
        value = _read_number(m.group("fann"))
        return _Candidate(start, end, value, None, "番", "番", "ratio", None)
    if m.group("lo"):
        if ARABIC_GLUE_BEFORE.search(before):
            return None
        unit = m.group("hiunit")
        mult = m.group("himult")
        lo = _read_number(m.group("lo"), m.group("lomult") or mult)
        hi = _read_number(m.group("hi"), mult)
        if lo is None or hi is None or lo >= hi:
            return None
        if unit == "成":
            lo, hi = lo * 10, hi * 10
        return _Candidate(start, end, lo, hi, unit, _measure_of(unit), _unit_kind(unit),
                          m.group("rpost"))

    num, unit, mult = m.group("num"), m.group("unit"), m.group("mult")
    post = m.group("post")
    more = m.group("more") or m.group("more2")
    kind = _unit_kind(unit)
    after = sentence[end:]
    chinese = num[0] in _CN_CHARS
    if not chinese:
        if ARABIC_GLUE_BEFORE.search(before):
            return None
        glued = sentence[m.end("num"):]
        if ARABIC_GLUE_AFTER.match(glued) and not (unit and unit[0].isascii()):
            return None
    if not unit and not (mult and not chinese):
        return None  # a bare number: 12221, 2024年, 1.努力…
    if unit == "个" and DURATION_AFTER_GE.match(sentence[m.end("unit"):]):
        return None  # 3个月
    if unit in TIME_MEASURES and not TIME_LIMIT_BEFORE.search(sentence[max(0, m.start() - 6):m.start()]):
        return None  # 30个工作日内完成: a deadline, not a target
    if unit == "人" and after.startswith("口"):
        return None  # 有13亿人口的发展中国家: a size, not a goal
    if kind == "measure" and post in ("以上", "以下", None) and after[:1] \
            and after[0] not in HARD_STOPS:
        threshold = post and (after[0] == "的" or not NOUN_STOPS.match(after))
        if threshold or unit == "岁":
            return None  # 60岁以上老年人 / 10亿元以上重大项目: a threshold qualifying a noun
    if chinese:
        digits_in = any(c in "一二两兩三四五六七八九" for c in num)
        if kind == "scale":
            if num[-1] not in "十百千万萬亿億":
                return None  # 两级 / 三级
        elif not digits_in:
            return None  # 亿万人民 / 千家万户 / 万人: figures of speech
        if len(num) == 1 and not post and unit not in ("倍", "成"):
            if not SMALL_CN_OK_AFTER.search(before):
                return None  # 四个关键环节 / 十件实事 / 一批 / 两个…
    elif kind == "scale" and not mult:
        return None  # 3级医院
    value = _read_number(num, mult if not chinese else None)
    if value is None:
        return None
    if chinese and mult:
        value *= MULTIPLIERS[mult]
    if unit == "成":
        value *= 10
    if more and not post:
        post = more
    return _Candidate(start, end, value, None, unit, _measure_of(unit), kind, post)


# ---------------------------------------------------------------------------
# Spans
# ---------------------------------------------------------------------------


def _counted_noun(sentence: str, pos: int, quoted) -> int:
    """End of the noun counted after `pos` (== pos when there is none)."""
    i, n = pos, len(sentence)
    limit = min(n, pos + NOUN_MAX)
    while i < limit:
        ch = sentence[i]
        if ch in QUOTE_PAIRS or ch in ASCII_QUOTES:
            close = next((e for s, e in quoted if s == i), None)
            if close is None or close - pos > NOUN_MAX + 8:
                break
            i = close
            continue
        if ch in HARD_STOPS or not ("\u4e00" <= ch <= "\u9fff" or ch.isalnum()):
            break
        if ch.isdigit() or (ch in _CN_CHARS and i > pos and NUMBER.match(sentence, i)
                            and NUMBER.match(sentence, i).group("unit")):
            break
        if NOUN_STOPS.match(sentence, i):
            break
        i += 1
    if i - pos > 4:
        trail = NOUN_TRAILING.search(sentence, pos, i)
        if trail:
            i = trail.start()
    return i


def _strip_lead(text: str) -> tuple[int, int]:
    """Offsets (into text) where the indicator starts, and where the text may start.

    The second is the start of the last stripped verb when nothing is left after
    stripping (今年先发行 → 发行), else equal to the first.
    """
    i, verb_at = 0, None
    m = LEAD_ENUMERATOR.match(text)
    if m:
        i = m.end()
    while i < len(text):
        m = LEAD_TIME.match(text, i)
        if m and m.end() > i:
            i = m.end()
            continue
        m = _LEAD_WORDS_RE.match(text, i)
        if m:
            rest = len(text) - m.end()
            if 0 < rest <= 2 and not _LEAD_WORDS_RE.fullmatch(text, m.end()):
                break  # 新增就业 / 建设用地: too little left to name anything
            if m.group() in TEXT_VERBS:
                verb_at = i
            i = m.end()
            continue
        break
    if i >= len(text):
        return i, verb_at if verb_at is not None else i
    # a verb inside a long phrase starts it again
    last = None
    for m in INNER_VERBS.finditer(text, i):
        if len(text) - m.end() >= 3:
            last = m
    if last is not None:
        i = last.end()
    if len(text) - i > INDICATOR_MAX:
        i = len(text) - INDICATOR_MAX
    return i, i


def _split_link(left: str) -> tuple[str, str, Optional[str]]:
    """'赤字率拟按' → ('赤字率', '拟按', None); '比例达到' → ('比例', '达到', '≥')."""
    link, link_cmp = "", None
    while left:
        m = _LINK_RE.search(left)
        if not m:
            break
        word = m.group()
        link = word + link
        if link_cmp is None and LINK_COMPARATORS.get(word):
            link_cmp = LINK_COMPARATORS[word]
        left = left[:m.start()]
    return left, link, link_cmp


def _split_change(left: str, doubling: bool = False) -> tuple[str, Optional[str], bool]:
    """'国内生产总值增长' → ('国内生产总值', '增长', False); '比上年增加' → ('', '增加', True)."""
    if doubling:  # the change word 翻 is part of the number: 比2000年翻一番
        m = BASE_ONLY.search(left)
        return (left[:m.start()], "翻", True) if m else (left, "翻", False)
    m = COMPARISON.search(left)
    if m:
        return left[:m.start()], m.group("chg"), True
    m = _CHANGE_RE.search(left)
    if m:
        return left[:m.start()], m.group(), False
    return left, None, False


def _named_before_modal(sentence: str, clause: int, modal_at: int) -> tuple[int, str]:
    """小微企业贷款要增长30%: the indicator before 要 (start, noun); noun '' if a unit is there."""
    before = sentence[clause:modal_at]
    before = before[:MODAL_TAIL.search(before).start()] if MODAL_TAIL.search(before) else before
    cuts = list(CUT_BEFORE_INDICATOR.finditer(before))
    b0 = cuts[-1].end() if cuts else 0
    head = before[b0:]
    i, _ = _strip_lead(head)
    noun = head[i:]
    if not noun or UNIT_LIKE.search(noun):
        return modal_at, ""  # 各地可降至16%: 各地 is who acts, not what is measured
    return clause + b0 + i, noun


def _left_span(sentence: str, pos: int, floor: int, quoted=(), doubling: bool = False):
    """Grow leftwards from the number at `pos`.

    Returns (text start, indicator, link comparator, direction of the change word).
    """
    clause = _clause_start(sentence, pos, floor)
    start = clause
    cut = None
    for cut in CUT_BEFORE_INDICATOR.finditer(sentence, clause, pos):
        pass
    if cut is not None:
        start = cut.end()
    left = sentence[start:pos]

    left, link, link_cmp = _split_link(left)           # 达到 / 拟按 / 至 / 控制在
    head, change, has_base = _split_change(left, doubling)  # 增长 / 比上年增加
    ind_at, text_at = _strip_lead(head)
    noun = head[ind_at:]
    if noun:
        text_start = start + ind_at
    elif doubling:
        text_start = pos
    elif change:
        text_start = start + (left.rfind(change) if has_base else len(head))
        if text_at < len(head):
            text_start = start + text_at  # 减轻…
    elif link:
        text_start = start + (text_at if text_at < len(head) else len(left))
    else:
        text_start = start + text_at
    if noun and ind_at == 0 and start > floor and sentence[start - 1] in "”\"』」’":
        # a quoted name opens the indicator: “三公”经费再压减3%左右
        q = next((qs for qs, qe in quoted if qe == start and qs >= floor), None)
        if q is not None:
            noun, text_start = sentence[q:start] + noun, q
    if noun and ind_at == 0 and sentence[text_start - 1:text_start] == "、":
        # coordinated names share the figure: 用水、用气报装时间均压减至4个工作日以内
        text_start = _coordinated_start(sentence, text_start, floor)
        noun = sentence[text_start:start] + noun if text_start < start else noun
    if not noun and cut is not None and cut.group() in MODALS and (change or link):
        named_at, named = _named_before_modal(sentence, clause, cut.start())
        if named:
            noun, text_start = named, named_at
    if has_base and noun:
        # with a comparison base the change and its figure are the target, the indicator
        # stays in `indicator`: 国家预算支出比1956年减少百分之四 → 减少百分之四, 国内生产总值
        # 到2020年力争比2000年翻两番 → 翻两番 (the shortest span with the figure and
        # what it counts, as three independent annotators drew it)
        text_start = pos if doubling else start + left.rfind(change)

    indicator = None
    if noun:
        indicator = INDICATOR_NOISE.sub("", noun + (change or "")) or None
    direction = None
    if change in CHANGE_UP or change in ("高出", "高", "多"):
        direction = "≥"
    elif change in CHANGE_DOWN or change in ("低", "少"):
        direction = "≤"
    elif _ANY_UP.search(head):
        direction = "≥"
    elif _ANY_DOWN.search(head):
        direction = "≤"
    return text_start, indicator, link_cmp, direction


_COORDINATED_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}")


def _coordinated_start(sentence: str, at: int, floor: int) -> int:
    """Start of the names joined by 、 before `at` (which follows a 、): short names
    without figures only, so that a list of targets (粮食1.3万亿斤以上、棉花…) stays apart."""
    while at - 1 > floor and sentence[at - 1] == "、":
        k = at - 1
        while k > floor and sentence[k - 1] not in HARD_STOPS:
            k -= 1
        if not _COORDINATED_NAME.fullmatch(sentence[k:at - 1]):
            break
        at = k
    return at


def _is_list_sum(sentence: str, pos: int, quoted) -> bool:
    """广州、深圳两个… / …等“马上办抓落实”9项…: a count that sums up a list before it."""
    clause = _raw_clause(sentence, pos)
    for s, e in reversed(quoted):
        if e == pos and s >= pos - len(clause):
            clause = clause[: len(clause) - (e - s)]
            break
    clause = clause.rstrip()
    if clause.endswith(("等", "等等")):
        return True
    if "、" in clause and clause and "\u4e00" <= clause[-1] <= "\u9fff":
        tail = clause.rsplit("、", 1)[1]
        if not (_LINK_RE.search(tail) or _LEAD_WORDS_RE.search(tail) or tail.endswith("的")):
            return True
    return False


# A cheap pre-check: a target holds a digit or a Chinese numeral (翻番 holds 翻 and a numeral)
_ANY_NUMBER = re.compile(f"[0-9０-９{_CN_CHARS}]")


def find_targets(sentence: str, offset: int = 0) -> list[TargetMention]:
    """Quantified goals in one task sentence, in order, without overlaps.

    `offset` is the sentence's start in the document; the mentions' start/end are
    document offsets (end exclusive) and `text == sentence[start-offset:end-offset]`.

        >>> [t.text for t in find_targets("赤字率拟按3%安排，赤字规模4.06万亿元")]
        ['赤字率拟按3%', '赤字规模4.06万亿元']
    """
    if not sentence or not _ANY_NUMBER.search(sentence):
        return []  # no digit and no numeral: nothing to find
    quoted = _quoted_spans(sentence)
    out: list[TargetMention] = []
    floor = 0  # end of the last target: spans never reach back over it
    for m in NUMBER.finditer(sentence):
        if m.start() < floor:
            continue  # the second rate of 16%的税率降至13%
        cand = _candidate(m, sentence, quoted)
        if cand is None:
            continue
        grown = _from_to(sentence, cand, floor, quoted) or _grow(sentence, cand, floor, quoted)
        if grown is None:
            continue
        start, end, value, indicator, comparator = grown
        text = sentence[start:end]
        floor = end
        if indicator and any(t.value == value and t.indicator and (
                indicator.startswith(t.indicator) or t.indicator.startswith(indicator))
                for t in out):
            continue  # the same target named again: 打造…千亿级优势产业集群品牌
        out.append(TargetMention(text=text, start=offset + start, end=offset + end,
                                 value=value, measure=cand.measure, comparator=comparator,
                                 indicator=indicator or None, upper=cand.upper))
    return out


def _grow(sentence: str, cand: _Candidate, floor: int, quoted):
    """(start, end, value, indicator, comparator) of the target around `cand`, or None."""
    noun_end = cand.end
    if cand.kind in ("count", "scale", "measure") and cand.post not in ("以下", "以内"):
        noun_end = _counted_noun(sentence, cand.end, quoted)
    if noun_end > cand.end and cand.kind == "measure":
        if cand.post == "以上" or _left_span(sentence, cand.start, floor, quoted)[1]:
            noun_end = cand.end  # 粮食产量1.3万亿斤以上: named before, nothing counted after
    if noun_end > cand.end:
        # the counted noun follows: 194个新开工项目 / 超过100家企业
        if cand.kind == "count" and _is_list_sum(sentence, cand.start, quoted):
            return None
        start, comparator = cand.start, None
        pre = _LINK_RE.search(sentence, max(floor, cand.start - 3), cand.start)
        if pre and LINK_COMPARATORS.get(pre.group()):
            start, comparator = pre.start(), LINK_COMPARATORS[pre.group()]
        indicator = sentence[cand.end:noun_end]
        end = noun_end
        direction = None
    else:
        # the indicator comes first: 国内生产总值增长5%左右
        start, indicator, comparator, direction = _left_span(
            sentence, cand.start, floor, quoted, cand.measure == "番")
        end = cand.end
    if cand.upper is not None:
        comparator = "range"
    elif cand.post:
        comparator = POST_COMPARATORS[cand.post]
    elif comparator is None:
        bare_to = sentence[max(0, cand.start - 1):cand.start] in ("至", "到")
        comparator = direction if bare_to and direction else "="  # 提高…占比至75% → ≥
    return start, end, cand.value, indicator, comparator


def _from_to(sentence: str, cand: _Candidate, floor: int, quoted):
    """16%的税率降至13%: (start, end, value, indicator, comparator), or None."""
    if cand.kind not in ("ratio", "measure") or cand.upper is not None:
        return None
    m = FROM_TO.match(sentence, cand.end)
    if not m:
        return None
    m2 = NUMBER.match(sentence, m.end())
    new = _candidate(m2, sentence, quoted) if m2 else None
    if new is None or new.measure != cand.measure or new.upper is not None:
        return None
    if m.group("noun"):
        start, indicator = cand.start, m.group("noun")
    else:  # 税率由16%降至13% / 研发经费投入强度从2.1%提高到2.5%以上
        pos = cand.start - 1 if sentence[cand.start - 1:cand.start] in ("由", "从") else cand.start
        start, indicator = _left_span(sentence, pos, floor, quoted)[:2]
    comparator = POST_COMPARATORS[new.post] if new.post else FROM_TO_COMPARATORS.get(
        m.group("verb"), "=")
    return start, new.end, new.value, indicator, comparator
