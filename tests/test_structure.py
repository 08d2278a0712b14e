"""Structure: headings and their levels, points, sentences, items and their annotations."""
from __future__ import annotations

import pytest

from analyzer.lines import heading_level
from analyzer.normalize import normalize
from analyzer.structure import parse, split_sentences


@pytest.mark.parametrize("line, level", [
    ("第一章 总则", 1),
    ("一、要抓牢项目引进和建设这一总抓手", 2),
    ("（一）大力推进现代化产业体系建设", 3),
    ("(二)深化改革", 3),
    ("1. 实施关键核心技术攻关", 4),
    ("2、推进产业协同创新", 4),
    ("3．完善数据要素制度体系", 4),
    ("（1）加强监测", 5),
    ("①建立台账", 6),
    ("1.3万亿斤以上", 0),  # a decimal, not an item
    ("2024年底前完成", 0),
    ("要突出围绕建设现代化经济体系谋划实施项目。", 0),
])
def test_structure_heading_levels(line, level):
    assert heading_level(line) == level


@pytest.mark.parametrize("text, expected", [
    ("要加快发展。必须把着力点放在实体经济上！争取再上一批好项目？",
     ["要加快发展", "必须把着力点放在实体经济上", "争取再上一批好项目"]),
    ("国内生产总值增长5%左右；城镇新增就业1200万人以上。", ["国内生产总值增长5%左右", "城镇新增就业1200万人以上"]),
    # no split inside brackets or book titles
    ("完善监管规则（牵头单位：市发展改革委；配合单位：市财政局）。", ["完善监管规则（牵头单位：市发展改革委；配合单位：市财政局）"]),
    ("印发《关于加快发展的意见。试行》", ["印发《关于加快发展的意见。试行》"]),
    # closing quotes stay with their sentence; a paragraph end closes a sentence
    ("倡导“最多跑一次。”推动工作", ["倡导“最多跑一次", "推动工作"]),
])
def test_structure_splits_sentences(text, expected):
    assert [text[s:e] for s, e, _ in split_sentences(text, 0, len(text))] == expected


SPEECH = """三、要层层压实服务保障推进项目的责任体系。我们抓项目，首先要把工作责任落实到位。一要明确各县（市）区主导推动的责任。各县（市）区要真正把项目建设放到核心位置。对于2024年度194个新开工项目，要积极帮助项目单位协调解决难点问题。二要明确各部门服务保障的责任。下一步，我们要积极发挥协调职能。
四、要持续强力抓好推进工作机制的落实。一要持续完善工作推进机制。"""


def test_structure_sections_and_points():
    st = parse(normalize(SPEECH).text)
    by_text = {s.text: s for s in st.sentences}
    h = by_text["三、要层层压实服务保障推进项目的责任体系"]
    assert h.is_heading and h.heading_level == 2
    s = by_text["对于2024年度194个新开工项目，要积极帮助项目单位协调解决难点问题"]
    assert s.section == ("三、要层层压实服务保障推进项目的责任体系",)
    assert s.point == "一要"
    assert by_text["下一步，我们要积极发挥协调职能"].point == "二要"
    # a new heading closes the point
    assert by_text["一要持续完善工作推进机制"].section == ("四、要持续强力抓好推进工作机制的落实",)
    assert by_text["一要持续完善工作推进机制"].point == "一要"
    assert by_text["我们抓项目，首先要把工作责任落实到位"].point is None


PLAN = """打造数字技术创新高地
1. 实施关键核心技术攻关
优化协同管理机制。支持建设概念验证中心。
责任单位：省科技厅、工业和信息化厅按职责分工负责
2. 推进产业协同创新
持续完善制造业协同创新体系。
责任单位：省工业和信息化厅牵头
"""


def test_structure_labelled_lines_attach_to_their_item():
    st = parse(normalize(PLAN).text)
    items = {s.text: s.item for s in st.sentences}
    assert items["1.实施关键核心技术攻关"] == items["优化协同管理机制"] == items["支持建设概念验证中心"]
    assert items["2.推进产业协同创新"] == items["持续完善制造业协同创新体系"]
    assert [a.item for a in st.annotations] == [items["优化协同管理机制"], items["持续完善制造业协同创新体系"]]
    assert st.sentences[0].text == "打造数字技术创新高地" and st.sentences[0].is_heading
    assert st.sentences[1].section == ("打造数字技术创新高地",)


def test_structure_notice_addressees():
    text = "关于印发方案的通知\n\n立山经济开发区,各街道办事处,各区直部门:\n\n现将方案印发给你们,请认真贯彻落实。\n"
    st = parse(normalize(text).text)
    assert [a[0] for a in st.addressees] == ["立山经济开发区，各街道办事处，各区直部门："]


def test_structure_dash_items_continue_a_list_of_goals():
    """After 目标是：——…, each following —— paragraph is one more goal (verbless goals
    are tasks there); a dash list that follows an ordinary paragraph is not — by the rules
    (the sentence model may take a verbless dash line for a goal anywhere: it is asked
    where the rules find no directive)."""
    from analyzer.context import shared_context
    from analyzer.pipeline import analyze_text

    text = ("今后五年的主要目标是：——城乡居民收入稳步增长，社会保障体系更加健全。\n"
            "——生态环境明显改善，主要污染物排放总量显著减少。\n"
            "——公共服务水平全面提升。\n"
            "这几年的变化很大。\n"
            "——城乡面貌焕然一新。\n")
    tasks = [r.text for r in analyze_text(text, "g", date="2021-03-05", context=shared_context(rules_only=True)).records]
    assert tasks == ["今后五年的主要目标是：——城乡居民收入稳步增长，社会保障体系更加健全",
                     "——生态环境明显改善，主要污染物排放总量显著减少", "——公共服务水平全面提升"]


def test_structure_a_title_block_without_its_occasion_and_speaker():
    from analyzer.structure import parse

    text = ("政府工作报告\n\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n\n国务院总理　李　强\n\n"
            "各位代表：\n\n现在，我代表国务院，向大会报告政府工作。\n")
    assert parse(text).title == "政府工作报告"
    speech = "在全市项目建设推进会议上的讲话\n王战营\n（2024年2月23日）\n同志们：\n今天召开会议，主要任务是部署工作。\n"
    assert parse(speech).title == "在全市项目建设推进会议上的讲话"


def test_structure_a_paragraph_of_address_closes_the_numbered_item():
    """各位代表！ after the last task item: what follows (the army, Hong Kong) stands under the part alone."""
    from analyzer.structure import parse

    text = ("三、2024年政府工作任务\n（十）切实保障和改善民生\n加强社会治理。\n各位代表！\n"
            "我们要继续全面准确贯彻“一国两制”方针。\n")
    st = parse(text)
    last = st.sentences[-1]
    assert last.text.startswith("我们要继续") and last.section == ("三、2024年政府工作任务",)


@pytest.mark.parametrize("heading", ["一、2025年主要工作和“十四五”发展成就", "一、一年接着一年干，新福建建设持续取得新进展新成效",
                                     "一、2025年工作回顾"])
def test_structure_review_parts_named_by_their_results(heading):
    """Under a review part only a modal makes a task: 成功举办…大赛 there reports what was done."""
    from analyzer.context import shared_context
    from analyzer.pipeline import analyze_text

    text = f"{heading}\n（一）着力推动科技创新\n成功举办第三届全国博士后创新创业大赛。\n"
    assert "成功举办第三届全国博士后创新创业大赛" not in [r.text for r in analyze_text(text, "p", date="2026-01-20").records]
    assert shared_context()  # the shipped model is asked too (it is not, under a review part)
