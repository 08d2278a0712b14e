"""Targets: the grammar of quantified goals — numbers, units, comparators, and the words around them.

Vocabulary only, each piece with examples: `extract/numbers.py` reads the numbers, `extract/targets.py` finds
the candidates (`NUMBER`) and grows each into a target's span with the cue lists below.
"""
from __future__ import annotations

import re

from .cues import YAO, YING
from .time_grammar import TIME_EXPRESSION

# --- Numbers ---------------------------------------------------------------

# Arabic digits, optional thousands separators and decimals (half or full width).
# 1200 / 1.3 / 4.06 / 1,200 / ５．５ / ３，９８９ (older reports)
DIGITS = r"[0-9０-９]+(?:[,，][0-9０-９]{3}(?![0-9０-９]))*(?:[.．][0-9０-９]+)?"

# Chinese numerals, the sections 万/亿 included, read whole by extract/numbers.py (forms: rules/numerals.py).
# 一千二百万 / 十八亿 / 两千 / 三 / 五点五 / 千亿 (→ 一千亿) / 壹拾壹 / 廿二 / 三万五;
# 多/余 inside, before a higher section: 四亿零七百多万 (the 多 is the comparator, the value 407000000).
# Traditional forms too (1954 report): 三點六倍 / 二萬五千五百公里.
CN_CHARS = "零〇○一二两兩三四五六七八九十百千万萬亿億" + "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟廿卅"
_CN = f"[{CN_CHARS}]"
CN_DIGITS = (rf"{_CN}+(?:[多余][万萬亿億]+)?"
             r"(?:[点點](?:[零〇○一二两兩三四五六七八九]+|[0-9]+))?")
CN_SIMPLIFY = str.maketrans({"兩": "二", "两": "二", "〇": "零", "○": "零", "萬": "万",
                              "億": "亿", "點": "点"})
# Arabic digits with a Chinese place or section and more after it, read whole: 3万4000 / 5万4千6百 / 100万三千 /
# 200亿零四千230 (without a figure after the place it is a multiplier: 1200万, 3千亿).
MIXED_DIGITS = (r"[0-9０-９]+(?:[.．][0-9０-９]+)?[万萬亿億千百](?:[零〇])?"
                r"(?:[0-9０-９]+|[一二两三四五六七八九])[0-9０-９零〇一二两三四五六七八九十百千万亿]*")

# Multipliers written after Arabic digits; split off before reading the digits
# (1.3万亿 → 1.3 × 10^12 exactly). 千 not when it starts a unit (千米, 千瓦, 千克).
# 1.3万亿斤 / 1200万人 / 4.06万亿元 / 3千亿元
MULT = r"(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千(?![米瓦克卡帕伏兆焦]))"
MULTIPLIERS = {
    "万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "亿": 1e8,
    "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4, "千": 1e3,
}

# --- Units -----------------------------------------------------------------

# Ratios: the value is a share or a factor. 5% / 3‰ / 0.2个百分点 / 三倍 / 两成 (→ 20%)
RATIO_UNITS = ("%", "％", "‰", "个百分点", "百分点", "個百分點", "個百分点", "个百分點", "百分點", "倍", "成")

# Measures: physical, monetary, people. 1.3万亿斤 / 4.06万亿元 / 1200万人 / 5000公里
MEASURE_UNITS = (
    "元", "美元", "港元", "欧元", "元人民币", "圆",
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
    "户": "籍口", "名": "单称牌列优", "位": "置于", "批": "准复发示", "门": "户槛类诊峡",
    "场": "所景馆地", "处": "理置罚于", "本": "地级身质", "支": "持出付撑部", "根": "据本",
    "条": "件例", "种": "植子业类", "组": "织建成", "担": "任保当负", "架": "构",
    "台": "湾账阶", "座": "谈", "项": "目", "间": "接隔", "只": "有要是能", "克": "服",
    "度": "假", "成": "不为立本果功就长员熟效品型都",
}
_UNIT_WORDS = sorted(set(RATIO_UNITS + MEASURE_UNITS + COUNT_UNITS + (SCALE_UNIT,)),
                     key=len, reverse=True)
# A unit, optionally per another: 35微克/立方米
UNIT = "(?:{})(?:/(?:{}))?".format(
    "|".join(re.escape(u) + (f"(?![{UNIT_GUARDS[u]}])" if u in UNIT_GUARDS else "")
             for u in _UNIT_WORDS),
    "|".join(map(re.escape, sorted(MEASURE_UNITS, key=len, reverse=True))))

# Comparators written after the number. 1200万人以上 / 5%左右 / 4.5%以内 / 1000多家
POST_COMPARATORS = {
    "以上": "≥", "多": "≥", "余": "≥", "或者更多一些": "≥", "或者更多": "≥", "或更多": "≥",
    "以下": "≤", "以内": "≤", "之内": "≤",
    "左右": "≈", "上下": "≈",
}
POST = r"(?:以上|以下|以内|之内|左右|上下|或者更多一些|或者更多|或更多)"

# Range separators. 6%-6.5% / 6%—6.5% / 6%－6.5% / 6%至6.5% / 6-6.5% / 6%~6.5%
RANGE_SEP = r"(?:——|[-—–~～－―至到])"

# The candidate finder. Alternatives, tried in this order at each position:
#   pct   百分之五 / 百分之五点五 / 千分之三 / 百分之八至九 / 百分之八到百分之九 / 五分之一 / 万分之三
#   fan   翻一番 / 翻两番 (doublings)
#   range 6%-6.5% / 6-6.5% / 3000-5000万元 (the upper bound needs a unit)
#   num   1200万人以上 / 1.3万亿斤 / 千亿级 / 194个 / 一千二百多万人 / 1000万以上 / 5% / 3万4000人
NUMBER = re.compile(
    rf"(?P<pct>(?P<pctk>百分之|千分之|(?P<pctden>{CN_DIGITS}|{DIGITS})分之)(?P<pctn>{CN_DIGITS}|{DIGITS})"
    rf"(?:{RANGE_SEP}(?:百分之|千分之)?(?P<pcthi>{CN_DIGITS}|{DIGITS}))?)(?P<pctpost>{POST})?"
    rf"|(?P<fan>翻(?P<fann>[一两二三四])番)"
    rf"|(?P<lo>{DIGITS})(?P<lomult>{MULT})?(?P<lounit>%|％|‰)?\s?{RANGE_SEP}"
    rf"(?P<hi>{DIGITS})(?P<himult>{MULT})?(?P<hiunit>{UNIT})(?P<rpost>{POST})?"
    rf"|(?P<num>{MIXED_DIGITS}|{DIGITS}|{CN_DIGITS})(?P<more>多|余)?(?P<mult>{MULT})?(?P<more2>多|余)?"
    rf"(?P<unit>{UNIT})?(?P<post>{POST})?"
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

# Verbs of change before a numeral: 新建三所学校 / 增加两个 / 超过五家.
CHANGE_VERBS = "新增|新建|增加|增长|建成|达到|超过|不少于|至少|减少|下降|提高|提升|扩大"
# Verbs of doing that make 两…十 a count to reach: 力争完成十个项目 / 培育三家龙头企业 / 引进五个团队. Not
# 实施/建设/打造/办好, whose objects are as often named programmes and slogans (实施十个专案, 建设四个现代化,
# 办好十件实事); not before 一, which there is the article (建设一个现代化产业体系).
DOING_VERBS = "完成|新开工|开工|培育|引进|创建|办成|落地"

# A single-character Chinese numeral is a quantity right after a verb of change (or of doing, for 两…十);
# without one, 四个关键环节, 三种例会形式, 十件实事, 两个中国软件名城, 市县两级 are names or list counts.
SMALL_CN_OK_AFTER = re.compile(rf"(?:{CHANGE_VERBS})$")
SMALL_CN_COUNT_AFTER = re.compile(rf"(?:{DOING_VERBS})$")
# A numeral whose only digit is 十 (十万, 十亿) is a quantity only near such a verb (新增就业十万人); elsewhere it
# is a round figure of speech or a stock (十亿人民, 历年积存起来的十亿吨矸石).
TEN_NEEDS_VERB = re.compile(f"{CHANGE_VERBS}|{DOING_VERBS}")
# A fraction is a goal's share right after a verb of change or reach (减少三分之一, 压缩三分之一, 达到三分之二);
# after 有/占 it describes (仍然有三分之一, 各负担三分之一).
FRACTION_NEEDS_VERB = re.compile(
    r"(?:减少|压减|压缩|缩短|降低|下降|节约|提高|提升|增长|增加|扩大|达到|超过|不少于|不低于|至少|力争|确保)[到至]?$")

# --- Growing the span ------------------------------------------------------

# Characters that end a phrase on either side of the number.
# 国内生产总值增长5%左右，城镇… / 目标是：国内… / 发展、
HARD_STOPS = set("，,；;：:。！？!?、（）()【】[]<>《》“”\"‘’「」『』 \t\u3000")

# Words after which the indicator starts (the last one in the clause wins).
# 局要新增规上工业企业 → 规上工业企业; 现行16%的税率 → 税率; 和 / 与 / 及 / 并 join phrases.
# Not 主要/重要/需要 (要 inside a word), 要素/要求; not 工业和信息化, 参与, 及时.
CUT_BEFORE_INDICATOR = re.compile(
    YAO + r"|的|(?<!工业)和(?!信息化|谐|平)|(?<!参)与|以及|及(?!时|以上)"
    r"|(?<![合兼吞])并(?!购|网|联)|把|(?<!即)将(?!来)|使(?!用)|(?<!出)让(?!利)|对于|其中|是"
    r"|(?<!平|均|对|相|同)等(?!级|同|于|量|额|待)"
    r"|(?<=[各地市县区省])可|可(?=[降提增减达控保])|" + YING + r"|必须|须"
    r"|需要|需(?![求])"
)

# Leading words stripped from the indicator: enumerators, prepositions, time words,
# modal adverbs and the task's own verb. 1.努力实现地区生产总值增长 → 地区生产总值增长;
# 于2024年底前建成保障性租赁住房 → 保障性租赁住房; 期间培育高新技术企业 → 高新技术企业.
LEAD_ENUMERATOR = re.compile(
    r"^(?:[0-9]{1,3}[.．、](?![0-9])|[（(][一二三四五六七八九十0-9]{1,3}[）)]"
    r"|[一二三四五六七八九十]{1,2}[是要、]|第[一二三四五六七八九十]+[，,、]?|首先|其次|最后)")
# Time expressions are the time grammar's (rules/time_grammar.py: 在本季度末前, 二0二四年底前, 2024-12-31前, 明年初);
# besides them, looking-back spans (近两年来, 过去五年间) and the joining words of a lead.
LEAD_TIME = re.compile(
    r"(?:于|在|到|至|截至|从|自|力争在|争取在)?"
    rf"(?:{TIME_EXPRESSION}"
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
LEAD_WORDS_RE = re.compile(
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
# Value is the comparator they imply (None: "=" unless a word after the number says more).
# 空气质量优良天数比例达到80% / 赤字率拟按3% / 占比至75% / 各地可降至16%
# A verb of reaching names the level to reach, not a floor or a ceiling: 城镇化率达到65% / 提高到65% /
# 降至13% are "=" (as statistical target tables list them); floors and ceilings are said with their own
# words: 超过 / 不低于 / 突破 (≥), 不超过 / 控制在 / 低于 (≤), or 以上 / 以内 after the number.
LINK_COMPARATORS = {
    "超过": "≥", "不低于": "≥", "不少于": "≥", "至少": "≥", "突破": "≥", "逾": "≥", "高于": "≥",
    "达到": None, "达": None, "提高到": None, "提高至": None, "提升到": None,
    "提升至": None, "增加到": None, "增加至": None, "增长到": None, "增长至": None, "增至": None,
    "扩大到": None, "扩大至": None,
    "约": "≈", "大约": "≈", "近": "≈", "将近": "≈", "接近": "≈",
    "不超过": "≤", "不高于": "≤", "控制在": "≤", "低于": "≤", "不到": "≤", "压减至": "≤", "压降至": "≤",
    "降至": None, "降到": None, "降低到": None, "降低至": None, "下降到": None, "下降至": None,
    "减少到": None, "减少至": None, "缩减至": None, "缩小到": None, "缩小至": None,
    "达到了": None, "了": None, "定为": None, "有": None, "拥有": None, "共有": None,
    "具有": None, "占": None, "设定为": None, "确定为": None, "在": None,
    "保持在": None, "稳定在": None, "拟按": None, "按": None, "为": None, "至": None,
    "到": None, "再": None, "分别": None, "共": None, "累计": None, "总计": None, "合计": None,
}
# Link words that may stand before the change word rather than the number: 地区生产总值按增长5%安排.
LINK_BEFORE_CHANGE = ("拟按", "按")
LINK_RE = re.compile(
    "(?:" + "|".join(sorted(LINK_COMPARATORS, key=len, reverse=True)) + ")$")

# Change words ending an indicator: kept in it (国内生产总值增长, 能耗降低).
CHANGE_UP = ("增长", "增加", "上涨", "上升", "提高", "提升", "扩大", "上调", "增产", "递增",
             "增收")
CHANGE_DOWN = ("下降", "降低", "减少", "压减", "削减", "压缩", "减轻", "回落", "下调", "缩小",
               "压降", "减产", "递减", "缩减", "核减", "调减")
CHANGE_RE = re.compile(
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
    r"(?<=.)(?:再|又|还|只|继续|进一步|分别|力争|争取|(?<![人平年])均|当年"
    rf"|(?:到|在|于)?(?:{TIME_EXPRESSION})|年均$|从$|由$)")

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
    r"|提升到|提升至)(?=[0-9０-９" + CN_CHARS[1:] + "]|百分之)")
# …and the new level is "=" (税率由16%降至13%), as with LINK_COMPARATORS' verbs of reaching.
FROM_TO_COMPARATORS: dict[str, str] = {}

# --- Names figures share -----------------------------------------------------------------------------
# Names joined by 、 before a change word share its figure: 社会消费品零售总额、固定资产投资增长4%左右
# (longer than the plain coordinated names of _COORDINATED_NAME: a change word says they are quantities).
SHARED_NAME = re.compile(r"[\u4e00-\u9fff]{2,14}")
# One figure per name: 能耗和二氧化碳排放分别降低13.5%、18%
RESPECTIVELY = re.compile(r"分别")
# 城乡居民…分别增长7%和8%: town, then country
TOWN_AND_COUNTRY = "城乡"
# Heads that a second figure may name alone, its modifier said with the first:
# 粮食播种面积3320万亩、产量1285万吨以上 → 粮食产量. Longest first.
BARE_HEADS = ("播种面积", "总产量", "产量", "面积", "增加值", "总额", "增速", "规模")
# Heads that name a share or a goal and nothing else: the words before 的 say of what
# (…相当于全市生产总值的比例 / 经济增长速度的调控目标定为8%).
GENERIC_HEADS = frozenset({"比例", "比重", "占比", "比率", "份额", "目标", "调控目标", "宏观调控目标", "预期目标",
                           "增长目标", "预期"})
# A goal named in the clause before its figure: 今年经济增长速度的宏观调控目标，定为百分之八至九.
GOAL_HEADS = ("目标", "调控目标", "预期目标", "增长目标")
# Words before a figure that name no quantity: an indicator made only of these is none (kept in the
# target's text, not in `indicator`). 平均每年递增百分之六 / 再解决1000万人 / 严守18亿亩 / 分别增长 /
# 共计 / 县 / 就 (a cut or a function word, not a name).
_BARE_WORDS = ("平均每年", "每年", "年均", "分别", "再", "又", "还", "共计", "共", "合计", "累计", "总计", "均", "都",
               "就", "才", "主", "县", "乡", "单位", "全国", "全省", "全市", "水平", "指标", "独立", "毕业", "生产",
               "严守", "守住", "解决", "实现", "完成", "达到", "保持", "安排", "投入", "新增", "增加", "减少",
               "年度计划", "计划", "其中", "以上", "以下", "左右", "目标", "预期")
NOT_INDICATOR = re.compile(
    "(?:" + "|".join(sorted(_BARE_WORDS + CHANGE_UP + CHANGE_DOWN, key=len, reverse=True)) + ")+")
