"""Every regular expression and cue list of the structure and task/unit rules, in one place.

Each pattern has a comment with examples. Patterns are compiled once, at import;
this module imports nothing heavy. (Targets and deadlines keep their own
candidate patterns at the top of `targets.py` and `deadlines.py`.)
"""
from __future__ import annotations

import re

# ---------------------------------------------------------------------------
# Sentences and lines
# ---------------------------------------------------------------------------

# Marks that end a sentence (spec §1: 。！？ end a sentence, ；ends a clause-task).
SENTENCE_END = "。！？；!?;"
# A line that ends with one of these (optionally followed by closing quotes or
# brackets) ends a sentence, so a line break after it is a paragraph break.
# "…总抓手。" / "…表示衷心的感谢！" / "…”。" / "…：" (a lead-in to a list)
LINE_ENDS_SENTENCE = re.compile(r"[。！？；!?;…]\s*[”’」』）)]*\s*$")
# A paragraph that ends in a colon introduces what follows (…主要预期目标是：), even
# across blank lines — unless a heading follows (我再强调几点意见：/ 一、…).
LINE_ENDS_COLON = re.compile(r"[：:]\s*$")

# Closing quotes/brackets that belong to the sentence before the break.
CLOSERS = "”’」』）)》"

# ---------------------------------------------------------------------------
# Headings: (pattern, level). Matched at the start of a line (after spaces).
# ---------------------------------------------------------------------------
_CN = "一二三四五六七八九十百零〇两"
HEADING_PATTERNS: tuple[tuple[re.Pattern[str], int], ...] = (
    # 第一章 总则 / 第二部分 / 第三节
    (re.compile(rf"^第[{_CN}\d]+[章部篇编]分?"), 1),
    (re.compile(rf"^第[{_CN}\d]+节"), 2),
    # 一、要抓牢项目引进和建设这一总抓手 / 二、主要任务
    (re.compile(rf"^[{_CN}]+[、．.]"), 2),
    # （一）大力推进现代化产业体系建设 / (二)
    (re.compile(rf"^[（(][{_CN}]+[）)]"), 3),
    # 1. 实施关键核心技术攻关 / 1、 / 1． — but not 1.3万亿 (a decimal)
    (re.compile(r"^\d{1,3}(?:[、．]|\.(?!\d))"), 4),
    # （1） / (2)
    (re.compile(r"^[（(]\d{1,3}[）)]"), 5),
    # ① ② …
    (re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"), 6),
)
# Level given to an unnumbered title line (加快培育数字化发展引擎): above 一、.
UNNUMBERED_HEADING_LEVEL = 1

# ---------------------------------------------------------------------------
# Enumerated points inside paragraphs: 一要…二要…, 一是…二是…, 第一…第二…,
# 首先…其次…最后. Matched at a sentence start (after a lead-in like 下一步，).
# ---------------------------------------------------------------------------
POINT_MARKER = re.compile(
    rf"^(?:[{_CN}]+(?:要|是|抓|把|以|靠)(?=[^{_CN}是要])"  # 一要明确… / 二是加强… / 三抓…
    rf"|第[{_CN}]+(?=[，,、：:]|[要是])"  # 第一，… / 第二要…
    r"|首先|其次|再次|最后(?=[，,、：:])"  # 首先… 其次…
    r")"
)
# 首先/其次/最后 only count as a series when they follow one another.
ORDINAL_WORDS = {"首先": 1, "其次": 2, "再次": 3, "最后": 9}

# 要 as a modal, not inside 主要/重要/需要/要素/要求/要点 …; 应 not inside 相应/应用/应对.
YAO = r"(?<![主重纪摘提需首简概紧只必])要(?![素求点闻案件害务领不得是])"
YING = r"(?<![相反适回效供响])应(?![对用急该有])"

# ---------------------------------------------------------------------------
# Labelled lines and annotations: 牵头单位：… / 责任单位：… / （…按职责分工负责）
# ---------------------------------------------------------------------------
# Label → role. People (责任领导, 分管领导, 联系领导) are labels too, so that
# their names are recognised and never taken as units.
UNIT_LABELS: dict[str, str] = {
    "牵头单位": "lead", "牵头部门": "lead", "主要责任单位": "lead", "主责单位": "lead",
    "责任单位": "responsible", "责任部门": "responsible", "承办单位": "responsible",
    "实施单位": "responsible", "主办单位": "responsible",
    "配合单位": "cooperate", "协同配合单位": "cooperate", "协办单位": "cooperate",
    "参与单位": "cooperate", "协同单位": "cooperate", "配合部门": "cooperate",
}
PERSON_LABELS = ("责任领导", "分管领导", "联系领导", "牵头领导", "责任人", "牵头市领导",
                 "分管区领导", "分管市领导", "包保领导")
DEADLINE_LABELS = ("完成时限", "完成时间", "时间节点", "进度安排", "时限要求", "时限")
_ALL_LABELS = sorted(list(UNIT_LABELS) + list(PERSON_LABELS) + list(DEADLINE_LABELS),
                     key=len, reverse=True)
# 牵头单位：市发展改革委 / 责任单位:立山经济开发区,各街道 / 完成时限：2024年底前
LABEL_FIELD = re.compile(r"(" + "|".join(_ALL_LABELS) + r")\s*[：:]\s*")
# A line that is only labelled fields (责任单位：省科技厅牵头).
LABEL_LINE = re.compile(r"^\s*[（(]?\s*(?:" + "|".join(_ALL_LABELS) + r")\s*[：:]")
# An attached annotation in brackets at the end of a sentence or item:
# （牵头单位：市发展改革委；配合单位：市财政局） / （国家发展改革委、财政部等按职责分工负责）
# (one level of brackets may nest inside: 责任单位：各县（市、区）人民政府)
_INNER = r"(?:[^（）()]|[（(][^（）()]*[）)])"
BRACKET_ANNOTATION = re.compile(
    r"[（(]((?:" + "|".join(_ALL_LABELS) + r")\s*[：:]" + _INNER + r"*|" + _INNER
    + r"{2,80}?(?:按职责分工负责|负责|牵头)" + _INNER + r"*)[）)]")

# Inside an annotation value: role words after a unit list.
#   省工业和信息化厅牵头，省科技厅按职责分工负责 / 各地级以上市人民政府结合实际落实
ROLE_PHRASE = re.compile(
    r"(?P<role>牵头负责|牵头|按职责分工负责|按职责负责|分别负责|负责|配合|参与|协同|协助|结合实际落实|落实)"
    r"(?:[，,；;。]|$)")
ROLE_WORDS = {
    "牵头": "lead", "牵头负责": "lead", "负责": "lead",
    "按职责分工负责": "responsible", "按职责负责": "responsible", "分别负责": "responsible",
    "结合实际落实": "responsible", "落实": "responsible",
    "配合": "cooperate", "参与": "cooperate", "协同": "cooperate", "协助": "cooperate",
}
# 由市发展改革委牵头，市财政局配合 / 由各县（市）区负责
BY_UNIT = re.compile(r"由(?P<units>[^，,；;。由]{2,60}?)(?P<role>牵头|负责|组织|实施)")
# 市自然资源和规划局要会同市工业和信息化局推行… : the bodies it works with cooperate
WITH_UNITS = re.compile(r"(?:会同|联合)(?P<rest>[^，,；;。]{2,60})")
# …牵头，市财政局、市税务局配合: the cooperating units after a 由…牵头
COOPERATE_AFTER = re.compile(r"[，,、]\s*(?P<units>[^，,；;。]{2,60}?)(?:配合|参与|协助|协同)")

# Separators between the units of a list: 、 ， , ； and 和/及/与/以及 between bodies.
UNIT_LIST_SPLIT = re.compile(r"[、，,；;/]|(?:以及|和|及|与|同)(?=[市省区县国中各])")
# Trailing words that are not part of the unit: 省国资委等单位 → 省国资委
UNIT_TRAILER = re.compile(r"(?:等(?:有关|相关)?(?:单位|部门)?|等)$")

# ---------------------------------------------------------------------------
# Unit names
# ---------------------------------------------------------------------------
# The head of an organisation's name: a unit ends with one of these.
# 市发展改革委, 区财政局, 省科技厅, 市委、市政府督查室, 各县（市）区, 谯城经开区管委会,
# 魏武国控集团, 人民银行广东省分行, 各级党政主要领导, 广大企业, 街道办事处
UNIT_HEAD = re.compile(
    r"(?:委员会|管委会|委|局|厅|办公室|办公厅|办事处|办|部门|部|署|院|政府|人大|政协|党委|党组|"
    r"督查室|室|中心|集团|公司|企业|单位|机构|分行|支行|银行|协会|学会|联合会|总会|"
    r"工会|团委|妇联|科协|侨联|残联|供销社|社|所|站|队|"
    r"专班|小组|指挥部|领导|干部|同志|负责人|地区|地方|机关|团体|系统|市县|县（市）区|县\(市\)区|县市区|"
    r"乡镇|街道|镇|乡|县|区|市|省|自治区|村|社区)$")
# Words that look like units but are audiences, pronouns or objects (spec §2).
NOT_UNITS = frozenset({
    "我们", "大家", "同志们", "全市上下", "全社会", "全党", "全国", "全省", "全市", "人人",
    "我市", "本市", "我省", "我区", "我县", "各方面", "各方", "项目单位", "中央和省", "省市",
    "市县", "市县两级", "个人", "群众", "社会",
    "人民", "全国人民", "全国各族人民", "广大干部群众", "地方", "基层", "市场主体",
})
# Words that open a clause but never a body's name: 让广大干部… / 使企业… / 我国正处…
NOT_UNIT_START = re.compile(r"^(?:让|使|赋予|允许|无论|从而|我国|目前|是|对|把|将|为|以|在|从|由|向|被|给|经|按|"
                            r"要|也|还|都|就|并|而|但|其|这|那|该|此)")
# Nouns ending in a head character that are no body: 大局, 布局, 格局, 全局 …
NOT_UNIT_END = re.compile(r"(?:大局|布局|格局|全局|开局|时局|结局|变局|棋局|骗局)$")  # not 政局: 民政局
# 各级财政 / 中央财政 / 地方财政: finance as a body when a level names it
LEVEL_FINANCE = re.compile(r"^(?:各级|中央|地方|省级|市级|县级|省|市|县|区)财政$")

# A run of "各X" bodies written without separators: 各地区各部门 → 各地区, 各部门.
# 各级 is a level, not a body: 全市各级各部门 stays whole.
EACH_SPLIT = re.compile(r"(?<=[^级])(?=各(?!级))")
# 和/及/与 between two bodies (国家机关和事业单位); 各级人大及其常设机构 is one reference
UNIT_AND = re.compile(r"以及|和|及(?!其)|与")

# Two or more top bodies sharing an office head: 市委、市政府督查室 is one office.
JOINT_OFFICE_HEAD = re.compile(r"(?:督查室|办公室|办公厅|督查局|督查考核办|联席会议|领导小组|指挥部|研究室)$")
TOP_BODY = re.compile(r"^(?:[市省区县乡镇]?(?:委|政府|人大|政协)|中共中央|国务院|党中央|[市省区县]委办?)$")

# The subject starts a clause; these lead-ins come before it and are not part of it.
#   今天会后，/ 下一步，/ 同时，/ 今年 / 特别是 / 尤其是对…来说
SUBJECT_LEAD_IN = re.compile(
    r"^(?:(?:今天会后|会后|下一步|同时|此外|另外|总之|当前|今后|近期|今年|明年|年内|"
    r"特别是|尤其是|其中|对此|为此|因此|首先|其次|最后|一方面|另一方面)[，,]?)+")
# Clauses of a sentence, for finding each one's subject
CLAUSE = re.compile(r"[^，,；;：:]+")
# The subject ends before a modal or a future marker:
#   各县（市）区要… / 市人大、市政协也要… / 市委、市政府还将… / 各地可降至16%
SUBJECT_MODAL = re.compile(
    r"^(?P<subj>[^，；：]{2,40}?)(?:也|还|都|均|更|一定|切实|必须|务必|" + YAO + r"|应当|" + YING
    + r"|须|将|可(?![持能以靠行])|不得|不能|负责|牵头)")
# A clause that opens with a modal: its subject is the clause before (…主要负责同志，要…)
MODAL_START = re.compile(r"^(?:也|还|都)?(?:要|必须|务必|一定要|应当|应)")
# A subject ends before a preposition: 中央银行对所属各省… / 各地在征收体制改革过程中不得…
SUBJECT_PREPOSITION = re.compile(r"对所属|对于|对|在|从|把|向|按照|根据|通过")
# A clause opening with these names a topic or an object, not an actor (对于…的企业，要…)
TOPIC_START = re.compile(r"^(?:对|关于|为|把|将|在|按照|根据|通过)")
# Subjects joined by these are all actors: 全市各级各部门特别是主要负责同志
SUBJECT_ALSO = re.compile(r"特别是|尤其是|以及|包括")
# A known body, a short verb phrase, then the modal: 各地区各部门制定政策要…
VERB_THEN_MODAL = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:要|应|必须)")
# Bodies an appeal calls on: 希望各级人大及其常设机构加强监督 / 要求各地…
APPEAL = re.compile(r"(?:希望|要求|号召|请|责成|督促)(?P<rest>[^，,；;。]{3,60})")
# "对脱贫攻坚任务较重的县来说，要…": the unit is the 对…来说 phrase.
FOR_UNIT = re.compile(r"对(?P<unit>[^，,；。]{2,30}?)来说[，,]?\s*要")
# 一要明确各县（市）区主导推动的责任 / 四要明确广大企业的主体责任
RESPONSIBILITY_OF = re.compile(r"(?:明确|压实|落实|强化|履行|扛起|担起|夯实|厘清)(?P<unit>[^，,；。的]{2,40})的[^，,；。]{0,6}责任")

# ---------------------------------------------------------------------------
# Tasks: directive vs retrospective / descriptive / ceremonial
# ---------------------------------------------------------------------------
# Every cue that makes a clause directive (jieba's words then drop those inside
# non-modal words, see NOT_MODAL_WORDS). 为了确保… is a purpose, handled in tasks.py.
MODAL = re.compile(
    YAO + r"|必须|务必|一定要|应当|" + YING + r"|须(?!知)|请(?=[^示求教])|力争|争取|确保|"
    r"拟|还将|将(?=[\u4e00-\u9fff]{0,2}(?:成立|召开|实施|推出|出台|建立|开展|组织|加大|推动|"
    r"减免|免征|取消|设立|启动|调整|安排))|"
    # 国家将适当提高…标准 commits; 收入将增加… / 总量都将有所增加 only forecast
    r"(?:(?<=国家)|(?<=政府)|(?<=我们)|(?<=中央)|(?<=国务院))将"
    r"(?=[\u4e00-\u9fff]{0,2}(?:提高|降低|增加|扩大|减少))|"
    r"坚决|切忌|严禁|不得|不能(?=只|再|以|把|搞|让|简单|一味|放松|忽视|松懈|走)|鼓励|支持|号召|让我们|"
    r"希望(?=[\u4e00-\u9fff]{2,}(?:加强|加快|做好|抓好|认真|积极|继续|进一步|努力|切实|更加))|"
    r"准备(?!工作|阶段|情况)")
# Words that contain 要/应/将/请 but are no modal (jieba keeps them whole).
NOT_MODAL_WORDS = frozenset({
    "主要", "重要", "需要", "要素", "要求", "要点", "只要", "要不得", "纪要", "摘要", "提要", "首要",
    "必要", "紧要", "简要", "概要", "要害", "要务", "要领", "要闻", "要案", "要件", "重要性",
    "相应", "反应", "适应", "响应", "效应", "供应", "应对", "应用", "应急", "回应", "即将",
    "将来", "将近", "请示", "申请", "邀请", "提请", "报请", "聘请", "要是",
    "准备金", "存款准备金", "准备金率", "应收", "应付", "应届", "拟定", "须知",
})
# Forms of address that open a speech's paragraph (同志们：…)
VOCATIVE = re.compile(r"^(?:同志们|各位代表|各位委员|女士们、先生们|朋友们)[，,！!：:]?")
# The numbering of a heading, to judge what the heading says
HEADING_MARK = re.compile(r"^(?:第[一二三四五六七八九十百\d]+[章部篇节]分?|[一二三四五六七八九十百]+[、．.]|"
                          r"[（(][一二三四五六七八九十\d]+[）)]|\d{1,3}(?:[、．]|\.(?!\d))|[①-⑳])\s*")

# Obligation cues, strongest first (spec and issue: must / should / strive / encourage).
OBLIGATION_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("must", re.compile(r"必须|务必|坚决|严禁|不得|绝不|决不|一律|确保|严格")),
    ("strive", re.compile(r"力争|争取|努力(?:实现|达到|完成)?|力促")),
    ("should", re.compile(YAO + "|应当|" + YING + r"|须(?!知)|请(?=[^示求教])|拟|将|号召|希望|准备(?!工作)")),
    ("encourage", re.compile(r"鼓励|支持|引导|倡导|提倡|欢迎")),
)
# Directive verbs that make a bare verb phrase a task in plans and reports
# (加快建设……；实施……工程；推动产业链供应链优化升级).
_VERBS = (
    r"(?:加快|推进|推动|促进|实施|开展|加强|建立|健全|完善|实行|严格|持续|"
    r"统筹|引导|鼓励|支持|防止|坚持|着力|大力|切实|落实|抓好|抓牢|深化|深入|扩大|提高|提升|"
    r"优化|强化|保持|巩固|培育|发展|建设|打造|构建|创建|制定|出台|编制|修订|组织|举办|召开|"
    r"做好|做大|做强|做优|稳定|保障|维护|确保|实现|增强|保护|改善|降低|减少|控制|严控|严禁|"
    r"严肃|落细|兜牢|守住|筑牢|防范|化解|整治|治理|清理|规范|拓展|拓宽|开辟|探索|试点|推广|"
    r"谋划|研究|部署|安排|配合|协调|督促|检查|监督|考核|弘扬|倡导|营造|形成|激发|调动|释放|"
    r"把握|抓住|采取|正确处理|注重|走(?=[^访过了出])|"
    r"补齐|畅通|盘活|用好|管好|办好|搞好|抓紧|抓实|聚焦|围绕|立足|瞄准|突出|重点|全面|积极|"
    r"进一步|不断|继续|适度|有序|稳步|依法|精准|高标准|高质量|扎实|认真|全力|集中|坚定|"
    r"增加|新增|新建|改建|建成|完成|启动|上线|发行|安排|拟|计划|预计|力争|争取|努力|"
    r"提供|开通|组建|设立|筹建|举行|召集|推行|落地|投产|开工|竣工|更新|兑现|构筑|加大|给予|予以|"
    r"壮大|梳理|夯实|筹措|挖掘|赋能|助力|引进|招引|吸引|培养|选拔|加速|争创|打通|破除|缩短|"
    r"压减|减免|简化|压实|严守|开拓|布局|整合|贯彻|推出|发挥|充分|下放|取消|放宽|提速|扩容|"
    r"改造|修复|发放|办理|兑付|补贴|设立|鼓励|引导|抓住|抢抓|用足|延续|延长|放开|健全|"
    r"完善|保证|坚守|树立|牢固|压紧|严格|促使|带动|扶持|帮助|引领|支撑|遏制|打击|惩治|"
    r"查处|纠正|克服|杜绝|清除|取缔|淘汰|退出|化解|处置|出清|深挖|用活|盘活|增设|扩大|"
    r"采取|运用|更多|更大|更好|更加|加紧|抓住|下调|上调|降低|提前|适当|分类|逐步|因地制宜|"
    r"处理好|处理|整顿|压缩|削减|核减|增产|回笼|恢复|停止|征收|准备|"
    r"改革|考虑|缓解|减轻|放大|带动|稳住|守牢|提振|激活|扩围|增进|补足|保证|"
    r"界定|解决|注重|繁荣|重视|倍加|珍惜|应对|参与|深耕|力促|严厉|调整|细化|锚定|全力以赴|列入|纳入|"
    r"作为|抓|办)"
)
# Adverbs that may stand before the verb: 明显降低… / 稳妥推进… / 尽快出台…
_ADVERBS = (r"(?:动态|准确|多渠道|多措并举|广泛|大幅|统一|从严|从快|明显|显著|大幅度?|有效|稳妥|审慎|合理|科学|依法|主动|及时|尽快|切实|更加|更好地?|"
            r"着力|扎实|认真|综合|统筹|分类|精准|适度|适当|同步|努力|坚决|坚定|逐步|稳步|有序|"
            r"全面|积极|大力|持续|继续|不断|深入|进一步|重点|优先){0,2}")
# The verb may follow a prepositional phrase that sets the field:
# 在通信与网络、人工智能等领域开展… / 对进展较快的单位给予表扬 / 围绕…谋划
# (a lead-in such as 同时， and a named body such as 中央财政 are stripped before).
DIRECTIVE_VERBS = re.compile(
    r"^(?:(?:在|对|以|用(?!于)|按照|围绕|针对|依托|通过|结合|面向|聚焦|利用|借助|坚持以)[^，,；。]{1,40}?"
    r"(?:等领域|领域|方面|中|上|为|基础上|过程中|的)?)?" + _ADVERBS + _VERBS)
# A first clause that frames what follows: 以习近平新时代中国特色社会主义思想为指导，坚持… /
# 普惠性减税与结构性减税并举，重点降低…
FRAMING_CLAUSE = re.compile(r"^(?:以[^，,；;]{1,40}为(?:指导|引领|统领|主线|核心|重点|抓手|目标|导向|根本|中心)"
                            r"|[^，,；;]{2,16}并举"
                            # a time that sets the start: 从今年开始，/ 自2025年起，
                            r"|(?:从|自)[^，,；;]{1,12}(?:开始|起))$")
# An unnumbered title line is a task only when it opens with the verb:
# 加快培育数字化发展引擎 (task) vs 第一次推进会议上的讲话 (title)
DIRECTIVE_START = re.compile(r"^" + _VERBS)
# Retrospective: what happened (过去一年……取得了……). 了/过 after a verb, past-time lead-ins.
RETROSPECTIVE = re.compile(
    r"^(?:过去|去年|上年|前不久|近年来|近两年来|近几年|五年来|这些年|多年来|一年来|"
    r"昨天|刚才|此前|前段时间|春节过后|[\d一二两三四五六七八九十]+年来)"
    r"|(?:取得了|实现了|完成了|达到了|进行了|召开了|举行了|出台了|制定了|开展了|提出了|作出了|"
    r"明确了|成立了|指定了|推动了|体现了|得到了|受到了|营造了|表示|已经|业已|已|"
    # any verb + perfective 了 (考虑了, 下了不少功夫), but not 为了/除了/了解
    r"(?<![为除])了(?![解如却结望]))"
)
# Explanations: 这里要着重说明，… / 需要指出… / 从财政收入看，…
_EXPLAIN = r"^(?:从[^，,]{1,12}(?:看|来看)[，,]|(?:这里)?(?:要|需要)?(?:着重|特别)?(?:说明|指出)[，,：:]?)"
# Assessment, explanation and ceremony (这是……路线图和任务书；实践证明……；谢谢).
DESCRIPTIVE = re.compile(
    r"^(?:这是|这也是|这就是|这方面|实践证明|事实证明|历史证明|可以说|总的看|总体看|"
    r"应当看到|同时也要看到|也要看到|我们也清醒看到|借此机会|谢谢|主要目的|目的是|"
    r"提出上述|上述|从大家的发言|以上|一年之际|当前正是|心中有|"
    r"(?:同时)?(?:也|还)?(?:有利于|有助于))|" + _EXPLAIN +
    r"|(?:并非易事|非常重要|十分重要|至关重要|意义重大|不容易|是.{0,8}的重要原因|"
    r"要不得|旨在|表示(?:衷心|诚挚|崇高|亲切)?的?(?:感谢|敬意|慰问|祝贺)|请予审议|请.{0,12}提出意见|，需要[^，；]*(?:努力|发力|协力|奋斗)$|"
    # copula sentences that define or assess: 发展是党执政兴国的第一要务 / …是…的重大举措
    r"^[^，；]{1,20}是[^，；]{0,30}(?:任务|要务|基础|关键|前提|保障|根本|路线图|任务书|抓手|举措|改革|"
    r"动力|方向|引擎|支撑|出路|途径|时期|阶段|机遇期|窗口期)$|，是[^，；]{0,30}(?:举措|改革|任务|要务)(?:，|$)|"
    r"(?:任务|挑战|压力)[^，；]{0,4}重、|(?:仍然|依然)(?:在|是)|"
    # a sentence made of copulas only: 发展是硬道理，是解决我们面临问题的关键
    r"^(?:(?!要|务必|必须|应|使|把|将|让)[^，；是]){1,12}(?<![特别尤其就还也都只正可但于若总凡要更即或倒硬不])是(?![：:])"
    r"[^，；]{1,30}(?:，(?:也|更|还)?是[^，；]{1,30})*$)")
# A clause that assesses rather than directs, even with a cue inside (这是确保…的需要)
ASSESSING_CLAUSE = re.compile(r"(?:这是|这也是|这就是|这些|所有这些|其中)")  # used with .match(text, pos)
# Explanations of a figure or a policy: never tasks, whatever follows
# (从财政收入看，…还要继续实施…，财政收入增长不会太快 / 这里要着重说明，…)
EXPLANATORY = re.compile(_EXPLAIN)
# Headings of a review section: there, bare verb phrases report what was done
# (一、2014年工作回顾 … 完成第三次全国经济普查).
REVIEW_HEADING = re.compile(r"回顾|过去(?:一年|五年|的一年)|工作总结|主要成绩|取得的成就|成就和经验")
# A heading that names goals: its items are tasks even when verbless
# (一、经济社会发展的主要预期目标 / 四、实现全面建设小康社会奋斗目标的新要求)
GOAL_HEADING = re.compile(r"目标")
# A sentence that opens a list of goals or measures: its items are tasks even when
# verbless (今年发展主要预期目标是：…；居民收入增长和经济增长同步；…)
LIST_LEAD_IN = re.compile(r"(?:目标|内容|任务|措施|重点|要求)(?:是|为|如下)[：:]")
# A paragraph that is an item of a dash list (——社会主义民主更加完善…)
DASH_ITEM = re.compile(r"^(?:——|—|－－|--)")
# A line ending in a function word is a fragment the layout cut, not a title (关于 / 价格体系的改革…)
FRAGMENT_END = re.compile(r"(?:关于|对于|在|和|与|的|把|将|为|对|按照|根据|通过|以及|及|由|向|从)\s*$"
                          r"|^\s*(?:[一二三四五六七八九十]+(?:是|要)|第[一二三四五六七八九十]+[，,、]?|首先|其次)\s*$")
# Speech lead-ins that introduce points rather than prescribing (我再强调几点意见).
LEAD_IN = re.compile(r"(?:强调几点|讲几点意见|讲几点|谈几点|提几点|强调[一二三四五六七八九十几]个方面|如下[：:]?$|分工方案如下|"
                     r"包括以下|以下几个方面|如下几个方面)")
# Verbless topic headings (二、主要任务; 一、经济社会发展的主要预期目标).
TOPIC_HEADING = re.compile(r"^(?:主要|总体|基本|重点|保障)?(?:任务|目标|要求|措施|原则|思路|举措|工作|意见|安排)$"
                           r"|的(?:主要)?(?:预期)?目标$|主要(?:任务|目标|措施)$")
# A heading whose head noun comes last (四、实现…奋斗目标的新要求) — unless it opens with
# a directive verb (二、坚持实行扩大内需的方针)
TOPIC_NOUN_END = re.compile(r"的(?:主要|新|总体|基本)?(?:要求|任务|原则|思路|方针)$")
# Sentences of a document's frame rather than its content: dates, signatures, file numbers.
FRAME_LINE = re.compile(
    r"^(?:\d{4}年\d{1,2}月\d{1,2}日|（?\d{4}年\d{1,2}月\d{1,2}日）?|\(此件公开发布\)|（此件公开发布）|"
    r".{0,20}〔\d{4}〕\d+号|.{0,30}(?:人民政府|办公室|委员会)$|索引号|发布机构|主题分类|组配分类|"
    r"文号|发文日期|发布日期|发布时间|当前位置|名称[：:]|信息来源|浏览次数|字体)")
# 请…贯彻落实 / 请结合实际，认真贯彻落实: a notice's directive to its addressees.
NOTICE_DIRECTIVE = re.compile(r"(?:请|望)(?:结合实际|认真|抓好|遵照|按照)?.{0,20}(?:贯彻|执行|落实|遵照)")
# Addressees of a notice: the 主送 line, ending in a colon (立山经济开发区,各街道办事处,各区直部门:)
ADDRESSEE_LINE = re.compile(r"^[^。；;！？]{2,120}[：:]$")

# ---------------------------------------------------------------------------
# Document date, from the text itself (spec §4: deadlines read against it)
# ---------------------------------------------------------------------------
# （2024年2月23日） / ——2024年3月5日在… / 发布日期：2025-03-28 / 2023年3月28日 on its own line
DATE_IN_TEXT: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?:发布日期|发文日期|成文日期|印发日期|发布时间|日期)\s*[：:]\s*"
               r"(?P<y>\d{4})\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})"),
    re.compile(r"[（(]\s*(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日[^）)]{0,30}[）)]"),
    re.compile(r"——\s*(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"),
    re.compile(r"^\s*(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s*$", re.M),
)
