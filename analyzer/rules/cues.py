"""Task cues: what makes a sentence directive, and what makes it a report, an assessment or ceremony.

The modal rule (要 and 应 as modals, not inside 主要/需要/相应 …) is written once here, as `YAO` and `YING`;
every pattern that looks for a modal builds on them. Vocabulary only: `extract/tasks.py` applies it.
"""
from __future__ import annotations

import re

# The modal rule, written once: 要 as a modal, not inside 主要/重要/需要/纲要/扼要/
# 要素/要求/要点/要是/要不得/要不然 … (but 要不断/要不定期/要不折不扣 are modals);
# 应 not inside 相应/反应/适应/供应/应对/应用/应急/应该/应有. Every pattern that looks
# for a modal — task cues, a subject before its modal, where a target's indicator
# starts — builds on these two.
YAO = r"(?<![主重纪摘提需首简概紧只必纲扼])要(?![素求点闻案件害务领得是]|不[得然是要])"
# (应纳税所得额 / 应税收入: a tax term; 应收尽收 / 应付账款 / 应届 nouns — but 应收取 / 应付给 are modal)
YING = r"(?<![相反适回效供响])应(?![对用急该有届]|纳税|税|收(?!取)|付(?![给清]))"
# Every cue that makes a clause directive (a cue inside one of the NOT_MODAL_WORDS is then dropped).
# 为了确保… is a purpose, handled in tasks.py.
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
# A permission or a right, not a duty: 可以 / 可 / 准予 / 有权 / 享有 / 享受 (not 可持续, 认可, 许可, 不可, 可能).
# In a regulation a sentence that only permits is no task (可以向…投诉, 准予税前扣除); in measures and plans
# the same words offer support (可给予补贴) and are read as provisions.
PERMISSION = re.compile(r"可以|准予|有权|享有|享受|"
                        r"(?<![不认许宁])可(?!持续|靠|行|能|信|观|控|比|见|喜|怕|惜|爱|口|视化|供|用|及)")
# A duty laid on a body without a modal: 由X责令改正 / 依法追究刑事责任 / 依法承担赔偿责任 / X负责…工作 /
# X依法对…进行监督
DUTY = re.compile(r"由[^，；]{2,40}?(?:责令|给予|予以|处以|没收|追究|负责|吊销|撤销)|责令|"
                  r"(?:依法|应当|应)?(?:追究|承担)[^，；]{0,10}责任|依法(?:对|进行|实施|予以|给予|查处)|"
                  r"(?<![的])(?:负责|主管)(?!人|同志|领导|部门|机关|单位|[局厅委])")
# The formula that presents a report to its audience (现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员
# 提出意见): ceremony, whatever 请 it holds
CEREMONY = re.compile(r"请予审议|请予审查|请[^，,。]{0,12}提出意见$")
# A leader's words reported (总书记强调，要… / 毛主席指出：“…”): the leader's instruction, quoted as grounds — not a
# task the speaker or the document sets. (正如…所说，我们要… takes them up as the speaker's own; 会议号召，… /
# 会议强调，要… are a meeting's own decisions: tasks.)
REPORTED_WORDS = re.compile(
    r"^(?:正如|早在[^，,]{0,12}[，,])?(?:[\u4e00-\u9fff]{0,3}(?:总书记|主席|总理)|(?:习近平|邓小平|小平)同志)"
    r"[^，,：:“所的]{0,8}?(?:强调|指出|要求|说|讲)(?:说|的那样|过)?[，,：:]")
# Words that hold a cue but are no modal: a cue inside one of them is dropped (主要, 申请, 准备金, 虚拟 …), and
# a cue that starts inside one is no cue (努力|争取 holds 力争, 明确|保密 holds 确保, 斗争|取得 holds 争取).
# One list, checked on the characters: measured on 29,429 corpus sentences with a cue, it decides as jieba's
# words did but for 185, where it was right more often (申请, 模拟, 技术支持, 次要 are no modals).
NOT_MODAL_WORDS = frozenset({
    "主要", "重要", "需要", "要素", "要求", "要点", "只要", "要不得", "纪要", "摘要", "提要", "首要",
    "必要", "紧要", "简要", "概要", "要害", "要务", "要领", "要闻", "要案", "要件", "重要性",
    "相应", "反应", "适应", "响应", "效应", "供应", "应对", "应用", "应急", "回应", "即将",
    "将来", "将近", "请示", "申请", "邀请", "提请", "报请", "聘请", "要是",
    "准备金", "存款准备金", "准备金率", "拟定", "须知", "要不然", "要不是",
    "应纳税", "应纳税所得额", "应税", "应纳税额",
    "次要", "虚拟", "模拟", "草拟", "核准", "努力", "奋力", "竭力", "全力", "斗争", "明确", "精确", "准确",
    "职务", "攻坚", "决策支持", "技术支持", "供不应求", "将士", "大将", "战略要地", "要道", "要紧",
})
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
    r"作为|抓|办|"
    # duties of regulations and work plans: 分解执法职权 / 审查项目年度进展报告 / 各市对照省厅工作方案…
    r"分解|确定|总结|动员|对照|评议|共建|审查|审核|汇总|报送|上报|公布|公示|通报|受理|核查|核实|备案|明确|"
    r"执行|遵守|遵循|履行|承担|主管(?!部门|机关|单位)|负责(?!人|同志))"
)
# Adverbs that may stand before the verb: 明显降低… / 稳妥推进… / 尽快出台…
_ADVERBS = (r"(?:动态|准确|多渠道|多措并举|广泛|大幅|统一|从严|从快|明显|显著|大幅度?|有效|稳妥|审慎|合理|科学|依法|"
            r"主动|及时|尽快|切实|更加|更好地?|"
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
    # doing X is an important way: 开展综合利用，是…的一个重要途径 / 大力开发利用石煤是…的重要措施之一
    r"^[^，；]{2,30}[，,]?是[^，；]{0,30}(?:重要|主要|有效|根本|必由)(?:途径|措施|举措|手段|环节|办法|内容|之路)(?:之一)?(?=，|$)|"
    r"(?:任务|挑战|压力)[^，；]{0,4}重、|(?:仍然|依然)(?:在|是)|"
    # a sentence made of copulas only: 发展是硬道理，是解决我们面临问题的关键
    r"^(?:(?!要|务必|必须|应|使|把|将|让)[^，；是]){1,12}(?<![特别尤其就还也都只正可但于若总凡要更即或倒硬不])是(?![：:])"
    r"[^，；]{1,30}(?:，(?:也|更|还)?是[^，；]{1,30})*$)")
# A clause that assesses rather than directs, even with a cue inside (这是确保…的需要)
ASSESSING_CLAUSE = re.compile(r"(?:这是|这也是|这就是|这些|所有这些|其中)")  # used with .match(text, pos)
# Explanations of a figure or a policy: never tasks, whatever follows
# (从财政收入看，…还要继续实施…，财政收入增长不会太快 / 这里要着重说明，…)
EXPLANATORY = re.compile(_EXPLAIN)
# Speech lead-ins that introduce points rather than prescribing (我再强调几点意见).
LEAD_IN = re.compile(r"(?:强调几点|讲几点意见|讲几点|谈几点|提几点|强调[一二三四五六七八九十几]个方面|如下[：:]?$|分工方案如下|"
                     r"包括以下|以下几个方面|如下几个方面)")
# 请…贯彻落实 / 请结合实际，认真贯彻落实: a notice's directive to its addressees.
NOTICE_DIRECTIVE = re.compile(r"(?:请|望)(?:结合实际|认真|抓好|遵照|按照)?.{0,20}(?:贯彻|执行|落实|遵照)")
