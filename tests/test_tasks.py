"""Tasks: directive sentences vs retrospective, descriptive, ceremonial ones; obligation."""
from __future__ import annotations

import pytest

from analyzer.context import shared_context
from analyzer.extract.tasks import Reason, Setting, obligation_of
from analyzer.extract.tasks import classify as _classify

CTX = shared_context()


def classify(text, **setting):
    return _classify(text, CTX, Setting(**setting))


@pytest.mark.parametrize("text", [
    "各县（市）区、各部门一定要认真研究方案、吃透方案",
    "建设现代化经济体系，必须把发展经济的着力点放在实体经济上",
    "实施制造业重点产业链高质量发展行动，着力补齐短板",  # bare imperative
    "保持工业经济平稳运行",
    "中央财政加大对地方均衡性转移支付力度",
    "在通信与网络、人工智能等领域开展核心技术攻关",
    "对进展较快、完成较好的单位和个人给予表扬",
    "张建慧市长进行了具体安排部署，讲得很到位，请大家抓好贯彻落实",  # past, then a directive
    "过去我们侧重考核量的指标，从今年起，我们要把反映质量和效益的指标作为重点",
    "这种现象要不得，要坚决克服",
    "赤字率拟按3%安排",
    "会议号召，全国各族人民更加紧密地团结起来",
    "同时，也不能只顾眼前，采取短期强刺激政策",
    "正确处理城乡之间的利益关系",  # directive verbs of older reports
    "把握好宏观调控的节奏和力度",
    "自2025年起，在全市推行电子证照互认",  # a start time frames the imperative
    "从明年开始，采取新的考核办法",
    "今年国家将适当降低部分商品的进口关税",  # 国家将 + a change: a commitment
    "走共同富裕道路",
    "用信息技术改造提升传统产业",  # 用… like 以…/利用… before the verb
    "各地要不断完善工作机制",  # 要不断 / 要不定期: 要 is the modal, 不断 its adverb
    "省财政厅要不定期对各设区市执行本规划的情况进行检查",
    "对于已经建成、需要办理移交手续的，原则上于2019年6月底前完成",  # the past is inside the topic (…的，)
])
def test_tasks_directives_are_tasks(text):
    assert classify(text).is_task


@pytest.mark.parametrize("text", [
    "昨天，我们各县（市）区都进行了重大项目集中开工投产活动",
    "这是当前和今后一个时期推动高质量发展的路线图和任务书",
    "实践证明，我市通过探索实行工作推进机制，干部受到了教育",
    "借此机会，我代表市委、市政府，向全市广大干部群众表示衷心的感谢",
    "下面，围绕进一步抓好招商引资和项目建设，我再强调几点意见",
    "实现今年预期目标并非易事，需要政策聚焦发力",
    "提出上述预期目标，综合考虑了国内外形势和各方面因素",
    "发展是党执政兴国的第一要务",
    "今年经济社会发展任务重、挑战多、要求高",
    "心中有大局，才能事事想全局",
    "农民收入估计将增加一百亿元左右",  # 将 + a change without the state as subject: a forecast
    "要不然就会错失发展机遇",  # 要不然 is "otherwise"
    "过去一年已经建成的，取得了明显成效",  # a topic, then a report
])
def test_tasks_non_directives_are_not_tasks(text):
    assert not classify(text).is_task


def test_tasks_headings():
    assert classify("一、要抓牢项目引进和建设这一总抓手", is_heading=True).is_task
    assert not classify("二、主要任务", is_heading=True).is_task
    assert not classify("一、经济社会发展的主要预期目标", is_heading=True).is_task
    # unnumbered title lines need to open with a verb
    assert classify("加快培育数字化发展引擎", is_heading=True, numbered=False).is_task
    assert not classify("第一次推进会议上的讲话", is_heading=True, numbered=False).is_task
    assert not classify("王战营", is_heading=True, numbered=False).is_task


def test_tasks_goal_list_items():
    assert classify("居民收入增长和经济增长同步", in_goal_list=True).is_task
    assert classify("城镇新增就业1200万人以上", has_target=True).is_task


@pytest.mark.parametrize("text, obligation", [
    ("各县（市）区必须按时完成", "must"),
    ("务必把好事办好", "must"),
    ("力争实现4000家以上重点行业数字化改造", "strive"),
    ("要加快发展", "should"),
    ("鼓励发展创业投资", "encourage"),
    ("支持平台企业大显身手", "encourage"),
    ("实施产业创新工程", "should"),  # a bare imperative
])
def test_tasks_obligation(text, obligation):
    assert obligation_of(text) == obligation


def test_tasks_review_sections_need_an_explicit_modal():
    # under 一、2014年工作回顾 a bare verb phrase reports what was done
    assert not classify("完成第三次全国经济普查", in_review=True).is_task
    assert classify("完成第三次全国经济普查").is_task
    assert classify("我们既要看到成绩，更要看到前进中的困难和挑战", in_review=True).is_task


@pytest.mark.parametrize("text", [
    "以习近平新时代中国特色社会主义思想为指导，坚持市场化、法治化、国际化方向",
    "普惠性减税与结构性减税并举，重点降低制造业和小微企业税收负担",
    "动态调整轻微违法行为不予处罚清单，三季度完成首轮修订",
])
def test_tasks_framing_clause_then_directive(text):
    assert classify(text).is_task


@pytest.mark.parametrize("text, is_task", [
    ("发展是硬道理，是解决我们面临问题的关键", False),  # copulas only
    ("今后五年是全面建设小康社会的关键时期", False),
    ("今年发展主要预期目标是：国内生产总值增长5%左右", True),  # 是： opens a list
    ("今年务必使企业特别是小微企业社保缴费负担有实质性下降", True),  # 特别是 is no copula
    ("在此，我代表县委、县政府，向同志们表示衷心的感谢", False),
    ("让我们团结一心、苦干实干，奋力谱写高质量发展新篇章", True),
    ("近年来财政赤字和债务有所增加，这是确保改革、发展、稳定大局的需要", False),
    ("今年继续实行积极财政政策的主要内容，包括以下几个方面", False),
])
def test_tasks_assessment_and_exhortation(text, is_task):
    assert classify(text).is_task is is_task


def test_tasks_topic_headings_by_their_last_noun():
    assert not classify("一、经济社会发展的新要求", is_heading=True).is_task
    assert classify("二、坚持实行扩大内需的方针", is_heading=True).is_task
    assert not classify("二、重点任务", is_heading=True).is_task
    assert not classify("三、保障措施", is_heading=True).is_task


def test_tasks_a_retrospective_lead_starts_a_narrative():
    # 两年来，… opens a narrative: in it, bare verb phrases and 支持 report what was done
    d = classify("两年来，中央坚持实施积极的财政政策")
    assert not d.is_task and d.reason is Reason.RETROSPECTIVE_LEAD
    assert not classify("既加强基础设施建设，又支持企业技术改造", in_review=True).is_task
    assert classify("既加强基础设施建设，又支持企业技术改造").is_task


def _in(kind):
    from dataclasses import replace

    return replace(CTX, kind=kind)


@pytest.mark.parametrize("text, regulation, measures", [
    # a regulation grants; in measures the same words offer support and are read as provisions
    ("接受终身教育培训的公民合法权益受到损害的，可以向主管部门投诉", False, None),
    ("企业提取的教育培训经费，准予在计算企业所得税应纳税所得额时扣除", False, None),
    ("捐赠人捐赠财产用于终身教育事业的，依法享受税收优惠", False, None),
    # a duty is a task in either: 由X责令改正 / X主管… / 依法对…实施监督 / 应当
    ("违反本条例规定的，由县级以上人民政府有关行政主管部门责令改正", True, True),
    ("第四条省人民政府科学技术行政部门主管本省的自然科学基金工作", True, True),
    ("审计机关依法对自然科学基金的使用情况实施审计监督", True, True),
    ("申请人可以提出复审申请，基金管理机构应当在30日内作出决定", True, True),
])
def test_tasks_a_regulation_permits_where_measures_provide(text, regulation, measures):
    assert _classify(text, _in("regulation"), Setting()).is_task is regulation
    in_measures = _classify(text, _in("measures"), Setting())
    if measures is None:  # not decided as a permission: the other rules (and the sentence model) decide
        assert in_measures.reason is not Reason.PERMISSION
    else:
        assert in_measures.is_task is measures


def test_tasks_a_regulation_chapter_title_is_no_task():
    heading = Setting(is_heading=True, numbered=True)
    assert not _classify("第二章组织实施", _in("regulation"), heading).is_task
    assert _classify("（二）组织实施", _in("regulation"), heading).is_task


@pytest.mark.parametrize("text, reason", [
    ("5.是否存在对企业群众提出的诉求避而远之，答复不及时等问题", Reason.CHECKLIST),  # what to look for
    ("联系人：张三联系电话：66908019电子邮箱：a@b.com", Reason.FRAME),
    ("人力资源社会保障部2017年11月3日更多信息请关注官方微信", Reason.FRAME),
])
def test_tasks_checklists_contacts_and_footers_are_no_tasks(text, reason):
    assert classify(text).reason is reason


@pytest.mark.parametrize("text", [
    "开展煤矸石、石煤的综合利用，是广开能源、节约优质煤的一个重要途径",  # doing X is an important way
    "大力开发利用石煤是扭转北煤南运的重要措施之一，对发展工农业生产有现实意义",
])
def test_tasks_doing_something_is_important_is_an_assessment(text):
    assert not classify(text).is_task


def test_tasks_a_figure_of_the_present_state_is_no_goal():
    from analyzer.extract.tasks import states_the_present

    assert states_the_present("现在全国统配煤矿积存的煤矸石约有十亿吨")
    assert states_the_present("我国石煤资源估计储量在一千五百亿吨以上")
    assert not states_the_present("城镇新增就业1200万人以上")


@pytest.mark.parametrize("text, cues", [
    ("由省级人民政府提出申请", []),  # 请 inside 申请
    ("推进虚拟工厂建设，引入微观模拟模型", []),  # 拟 inside 虚拟 / 模拟
    ("工作中努力争取更好结果", ["争取"]),  # 力争 starts inside 努力; 争取 is the cue
    ("明确保密纪律", []),  # 确保 starts inside 明确
    ("按规定应收取的费用", ["应"]),  # 应收取: a modal; 应收尽收 / 应付账款 are nouns
    ("做到应收尽收", []),
    ("为了确保工程质量，要加强监管", ["要"]),  # a purpose clause
])
def test_tasks_modal_cues_inside_words_that_are_none(text, cues):
    from analyzer.extract.tasks import modal_positions
    from analyzer.rules.cues import MODAL

    assert [MODAL.match(text, h).group(0) for h in modal_positions(text)] == cues


@pytest.mark.parametrize("text, is_task", [
    ("总书记强调，要实施更加积极有为的宏观政策，扩大国内需求", False),  # the leader's words, quoted
    ("毛主席指出：“革命委员会要实行一元化的领导”", False),
    ("正如周总理所说，我们要努力学习", True),  # 所说 frames the speaker's own 我们要
    ("我们一定要按照毛主席提出的接班人五项条件和老、中、青三结合的原则", True),
    ("会议强调，要坚持稳中求进工作总基调", True),  # a meeting's own decision
])
def test_tasks_reported_words_of_leaders_are_not_the_speakers_tasks(text, is_task):
    assert classify(text).is_task is is_task


def test_tasks_a_leader_s_doctrine_is_no_report_of_words():
    assert classify("根据毛主席的建党学说，认真解决作风不纯的问题").reason is not Reason.REPORTED_WORDS


def test_tasks_the_report_s_presentation_formula_is_ceremony():
    assert not classify("现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见").is_task
