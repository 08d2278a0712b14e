"""Unit names and the actor of a sentence: heads of bodies' names, what is no body, how lists split.

Vocabulary only: `lexicon.UnitLexicon` (is this a body's name?) and `extract/units.py` (who acts) apply it.
"""
from __future__ import annotations

import re

from .cues import YAO, YING
from .time_grammar import TIME_EXPRESSION

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
# Notes inside a unit list, never a body: …，下同 / 以下均含… / 排名第一为牵头单位 / 不再单独列出
NOT_LISTED = re.compile(r"下同|以下|不再|排名|列第|为牵头|牵头单位|责任单位|单独列出|均含|均需|负责$")
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
    # a time expression of the time grammar set off by a comma (2024年底前，/ 本季度，), or 今年 / 明年 / 年内 without one
    rf"^(?:(?:{TIME_EXPRESSION})[，,]|(?:今年|明年|年内|"
    r"今天会后|会后|下一步|同时|此外|另外|总之|当前|今后|近期|"
    r"特别是|尤其是|其中|对此|为此|因此|首先|其次|最后|一方面|另一方面|"
    r"第[一二三四五六七八九十百零〇\d]+条(?:之[一二三四五六七八九十]+)?)[，,]?)+")
# In a regulation the subject of a duty is its bearer, whatever it is called (基金管理机构应当… / 申请人不得… /
# 审计机关依法对…实施审计监督 / 省人民政府科学技术行政部门主管…): the words before the duty
SUBJECT_BEFORE_DUTY = re.compile(r"^(?P<subj>[^，；：（(]{2,30}?)(?:也|还|均|都)?(?=依法|负责|主管|应当|应|必须|不得|须|"
                                 r"对[^，；]{2,30}?(?:进行|实施|给予|予以))")
# …but a thing is no bearer (基金资助项目经费必须… / 证书信息应当… / 终身教育工作应当坚持…), nor is anyone at all
# (任何单位和个人不得…, a prohibition on everyone)
NOT_A_BEARER = re.compile(r"(?:经费|资金|信息|规划|指南|项目|工作|材料|证书|数据|成果|计划|方案|制度|收入|资产|财产|"
                          r"活动|设施|标准|条件)$|^任何")
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
RESPONSIBILITY_OF = re.compile(r"(?:明确|压实|落实|强化|履行|扛起|担起|夯实|厘清)"
                               r"(?P<unit>[^，,；。的]{2,40})的[^，,；。]{0,6}责任")
# Addressees of a notice: the 主送 line, ending in a colon (立山经济开发区,各街道办事处,各区直部门:)
ADDRESSEE_LINE = re.compile(r"^[^。；;！？]{2,120}[：:]$")
# Bodies named once for every task that follows: 以下任务均需各市县政府和雄安新区管委会负责 /
# （责任单位：…，以下均含省林业和草原局、机械林场，不再单独列出） / 以下均需各市县政府、雄安新区管委会负责，不再列出
STANDING_UNITS = re.compile(
    r"以下(?:任务|各项|措施|工作|事项)?(?:均|都|皆)(?:需|须|由|含|为|要)?"
    r"(?P<units>[^，,。；;）)]{2,80}?)(?:负责|牵头|落实)?(?=[，,。；;）)]|不再|$)")
